// #/sensitive: every sensitive branch of the person's area with its current issues (active
// alerts) and its fiber, worst first as the server orders them; refreshed when one of their
// alerts changes.

import { get } from '../api.js';
import { h, bdi, fill, table } from '../dom.js';
import { nameOf, num, t, timeEl, tv } from '../i18n.js';
import { severityChip } from '../alerting.js';
import { debounce, pageHeading } from '../ui.js';

const REFRESH_MS = 30000;

export async function render(view, ctx) {
  ctx.title(t('sensitive.title'));
  let shown = null;
  const load = async () => {
    const data = await get('/api/v1/branches/sensitive', { signal: ctx.signal });
    if (!ctx.isCurrent()) {
      return;
    }
    const text = JSON.stringify(data);
    if (text !== shown) {
      shown = text;
      draw(view, data);
    }
  };
  await load();
  const quiet = () => load().catch(() => {});
  ctx.every(REFRESH_MS, quiet);
  const soon = debounce(quiet, 1000);
  ctx.onCleanup(soon.cancel);
  ctx.onAlertChange((change) => {
    if (change.alert && change.alert.sensitive) {
      soon();
    }
  });
  ctx.onStreamOpen(quiet);
}

function fiberText(f) {
  if (!f) {
    return t('common.none');
  }
  return t('fiber.col.paper') + ': ' + tv('paper.', f.paper && f.paper.status) + ' · '
    + t('fiber.col.detected') + ': ' + tv('detected.', f.detected && f.detected.active);
}

function draw(view, data) {
  const branches = data.branches || [];
  const rows = branches.map((b) => {
    const issues = b.issues || [];
    const list = issues.length
      ? h('ul', { class: 'issues' }, issues.map((i) => h('li', { dataset: { alertId: i.id, severity: i.severity } },
        severityChip(i.severity), ' ',
        bdi(i.title ? nameOf(i.title) : i.rule), ' ',
        h('small', null, tv('state.', i.state), ' · ', timeEl(i.activeSince)))))
      : h('span', { class: 'ok' }, t('sensitive.noIssues'));
    const fiber = b.fiber || {};
    return h('tr', { dataset: { branch: b.code, county: b.county && b.county.code, worst: b.worstSeverity || '' } },
      h('th', { scope: 'row' },
        h('a', { href: '#/branch/' + encodeURIComponent(b.code) }, bdi(nameOf(b))), ' ',
        h('small', null, bdi(b.code, 'code'))),
      h('td', null, bdi(nameOf(b.county))),
      h('td', null, bdi(b.reason || '')),
      h('td', { class: fiber.fiberInPlace ? 'ok' : 'warn' }, fiberText(fiber),
        (fiber.findings || []).length
          ? h('ul', { class: 'findings' }, fiber.findings.map((x) => h('li', { dataset: { finding: x.finding } }, bdi(nameOf(x.title)))))
          : null),
      h('td', null, b.worstSeverity ? severityChip(b.worstSeverity) : t('common.none')),
      h('td', null, list));
  });
  fill(view,
    pageHeading(t('sensitive.title')),
    h('p', { class: 'count', role: 'status' }, t('sensitive.total', { n: num(data.total ?? branches.length) })),
    table({
      id: 'sensitive-list',
      cls: 'data sensitive',
      headers: [t('common.branch'), t('common.county'), t('sensitive.reason'), t('sensitive.fiber'),
        t('sensitive.worst'), t('sensitive.issues')],
      rows: rows.length ? rows : [h('tr', { class: 'empty-row' }, h('td', { colspan: '6' }, t('sensitive.empty')))],
    }));
}

// #/overview: readiness of the person's area, drilled down nation → province → county →
// branch. #/overview shows "my area" (the server answers the nation, the officer's province or
// the county IT's county); #/overview/p/CODE a province, #/overview/c/CODE a county.

import { get } from '../api.js';
import { h, bdi, fill, table } from '../dom.js';
import { nameOf, num, t, timeEl, tv } from '../i18n.js';
import { BANDS, bandBar, bandChip, bandCount, computedLine, debounce, pageHeading, stat } from '../ui.js';

const REFRESH_MS = 30000;
const WORST_SHOWN = 10;

export async function render(view, ctx, params) {
  const [kind, code] = params;
  let path = '/api/v1/readiness';
  if (kind === 'p' && code) {
    path += '/provinces/' + encodeURIComponent(code);
  } else if (kind === 'c' && code) {
    path += '/counties/' + encodeURIComponent(code);
  }
  let shown = null;
  const load = async () => {
    const data = await get(path, { signal: ctx.signal });
    if (!ctx.isCurrent()) {
      return;
    }
    // redraw only when something changed, so that a reader's place (and focus) is kept
    const text = JSON.stringify(data);
    if (text !== shown) {
      shown = text;
      draw(view, ctx, data);
    }
  };
  await load();
  const quiet = () => load().catch(() => {});
  ctx.every(REFRESH_MS, quiet);
  // a county is assessed on request: an alert there may move a branch's band now
  const soon = debounce(quiet, 2000);
  ctx.onCleanup(soon.cancel);
  ctx.onAlertChange((change) => {
    const a = change.alert || {};
    if (kind === 'c' ? a.county === code : ctx.me.role === 'county') {
      soon();
    }
  });
}

function draw(view, ctx, data) {
  const level = data.level;
  const name = nameOf(data);
  ctx.title(name ? t('overview.title') + ' — ' + name : t('overview.title'));
  const parts = level === 'nation' ? data.provinces : level === 'province' ? data.counties : null;
  fill(view,
    crumbs(ctx, data),
    pageHeading(level === 'nation' ? t('overview.title') + ' — ' + t('area.nation') : name),
    h('div', { class: 'meta' },
      data.phase ? h('span', { class: 'phase' }, t('overview.phase'), ': ', tv('phase.', data.phase)) : null,
      computedLine(data.computedAt)),
    summary(data),
    level === 'county'
      ? branchSection(data.branchList || [])
      : areaSection(level === 'nation' ? 'province' : 'county', parts || []),
    data.worst && data.worst.length ? worstSection(data.worst.slice(0, WORST_SHOWN)) : null);
}

function crumbs(ctx, data) {
  const items = [h('li', null, h('a', { href: '#/overview' }, t('overview.myArea')))];
  if (data.level === 'county' && ctx.me.role !== 'county') {
    const province = (data.branchList && data.branchList[0] && data.branchList[0].province) || null;
    if (province) {
      items.push(h('li', null, h('a', { href: '#/overview/p/' + encodeURIComponent(province) },
        t('common.province'), ' ', bdi(province, 'code'))));
    }
  }
  if (data.level !== 'nation') {
    items.push(h('li', { 'aria-current': 'page' }, bdi(nameOf(data)), ' ', bdi(data.code, 'code')));
  }
  return h('nav', { class: 'crumbs', 'aria-label': t('overview.myArea') }, h('ol', null, items));
}

function summary(r) {
  const bands = r.bands || {};
  return h('section', { class: 'summary', 'aria-label': t('overview.title') },
    h('dl', { class: 'stats' },
      stat(t('overview.count.branches'), r.branches),
      stat(t('overview.count.ready'), r.ready),
      BANDS.map((b) => stat(t('band.' + b), bandCount(b, bands[b] || 0), 'stat-' + b)),
      stat(t('overview.count.neverHeard'), r.neverHeard),
      stat(t('overview.score'), r.scoreAverage === null || r.scoreAverage === undefined ? t('common.none') : num(r.scoreAverage)),
      r.sensitive ? stat(t('overview.count.sensitive'), r.sensitive.branches) : null),
    bandBar(bands));
}

/** Provinces of the nation, or counties of a province: one row each, its link carries data-province / data-county. */
function areaSection(kind, parts) {
  const heading = t(kind === 'province' ? 'overview.provinces' : 'overview.counties');
  if (!parts.length) {
    return h('section', null, h('h2', null, heading), h('p', { class: 'empty' }, t('overview.noParts')));
  }
  const rows = parts.map((p) => {
    const href = '#/overview/' + (kind === 'province' ? 'p/' : 'c/') + encodeURIComponent(p.code);
    const link = h('a', { href, dataset: kind === 'province' ? { province: p.code } : { county: p.code } }, bdi(nameOf(p)));
    const bands = p.bands || {};
    return h('tr', { class: 'area-row' },
      h('td', null, bdi(p.code, 'code')),
      h('th', { scope: 'row' }, link),
      h('td', { class: 'n' }, num(p.branches)),
      BANDS.map((b) => h('td', { class: 'n' }, bandCount(b, bands[b] || 0))),
      h('td', { class: 'n' }, num(p.ready)),
      h('td', { class: 'n' }, num(p.neverHeard)),
      h('td', { class: 'n' }, p.scoreAverage === null || p.scoreAverage === undefined ? t('common.none') : num(p.scoreAverage)),
      h('td', { class: 'mix' }, bandBar(bands)));
  });
  return h('section', null,
    h('h2', null, heading),
    table({
      id: kind === 'province' ? 'province-list' : 'county-list',
      cls: 'data areas',
      headers: [t('common.code'), t('common.name'), t('overview.count.branches'),
        ...BANDS.map((b) => t('band.' + b)), t('overview.count.ready'), t('overview.count.neverHeard'),
        t('overview.score'), t('overview.mix')],
      rows,
    }));
}

/** "Fail: power · Unknown: devices, uplink" — the gates holding a branch back, in words. */
function gatesText(b) {
  const list = (gates) => gates.map((g) => tv('gate.', g)).join(t('common.listSep'));
  const parts = [];
  if ((b.failedGates || []).length) {
    parts.push(t('gate.status.fail') + ': ' + list(b.failedGates));
  }
  if ((b.unknownGates || []).length) {
    parts.push(t('gate.status.unknown') + ': ' + list(b.unknownGates));
  }
  return parts.join(' · ');
}

/** A county's branches, worst first: each name links to the branch page and carries data-branch. */
function branchSection(branches) {
  const heading = t('overview.branches');
  if (!branches.length) {
    return h('section', null, h('h2', null, heading), h('p', { class: 'empty' }, t('overview.noParts')));
  }
  const rows = branches.map((b) => {
    const reasons = (b.issues || []).map((i) => i.reason).filter(Boolean).join(' · ');
    return h('tr', { class: ['branch-row', 'band-row-' + b.band] },
      h('td', null, bdi(b.code, 'code')),
      h('th', { scope: 'row' },
        h('a', { href: '#/branch/' + encodeURIComponent(b.code), dataset: { branch: b.code } }, bdi(nameOf(b))),
        b.sensitive ? h('span', { class: 'tag tag-sensitive' }, t('common.sensitive')) : null,
        b.mobile ? h('span', { class: 'tag' }, t('common.mobile')) : null),
      h('td', { class: 'n' }, num(b.score)),
      h('td', null, bandChip(b.band)),
      h('td', null, t(b.ready ? 'overview.ready.yes' : 'overview.ready.no')),
      h('td', { class: 'gates', title: reasons || null }, gatesText(b) || t('common.none')),
      h('td', null, timeEl(b.lastHeard)));
  });
  return h('section', null,
    h('h2', null, heading),
    table({
      id: 'branch-list',
      cls: 'data branches',
      headers: [t('common.code'), t('common.name'), t('overview.col.score'), t('band.label'),
        t('overview.col.ready'), t('overview.col.gates'), t('overview.col.lastHeard')],
      rows,
    }));
}

/** The weakest branches of a nation or province (links without data-branch: that marks a county's list). */
function worstSection(worst) {
  const rows = worst.map((b) => h('tr', null,
    h('td', null, h('a', { href: '#/branch/' + encodeURIComponent(b.code), class: 'worst-link' }, bdi(b.code, 'code'))),
    h('td', null, bdi(nameOf(b))),
    h('td', null, bdi(b.county, 'code')),
    h('td', { class: 'n' }, num(b.score)),
    h('td', null, bandChip(b.band)),
    h('td', { class: 'gates' }, gatesText(b) || t('common.none'))));
  return h('section', null,
    h('h2', null, t('overview.worst')),
    table({
      id: 'worst-list',
      cls: 'data',
      headers: [t('common.code'), t('common.name'), t('common.county'), t('overview.col.score'),
        t('band.label'), t('overview.col.gates')],
      rows,
    }));
}

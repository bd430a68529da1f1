// #/fiber: the fiber rollout of the person's area — progress, deadlines with the days left or
// past, and the branches without fiber, most urgent first (the server's ranking).

import { get } from '../api.js';
import { h, bdi, fill, table } from '../dom.js';
import { dayEl, nameOf, num, pct, t, tv } from '../i18n.js';
import { computedLine, pageHeading, stat } from '../ui.js';

const GAP_LIMIT = 1000;
const REFRESH_MS = 60000;

export async function render(view, ctx) {
  ctx.title(t('fiber.title'));
  let shown = null;
  const load = async () => {
    const [summary, gaps] = await Promise.all([
      get('/api/v1/fiber/summary', { signal: ctx.signal }),
      get('/api/v1/fiber/gaps', { query: { limit: GAP_LIMIT }, signal: ctx.signal }),
    ]);
    if (!ctx.isCurrent()) {
      return;
    }
    const text = JSON.stringify([summary, gaps]);
    if (text !== shown) {
      shown = text;
      draw(view, summary, gaps);
    }
  };
  await load();
  ctx.every(REFRESH_MS, () => load().catch(() => {}));
}

/** Whole days from today to a day, both 'YYYY-MM-DD': negative when it has passed. */
function daysFrom(today, date) {
  return Math.round((Date.parse(date + 'T00:00:00Z') - Date.parse(today + 'T00:00:00Z')) / 86400000);
}

function daysText(n) {
  if (n === 0) {
    return t('fiber.today');
  }
  return n > 0 ? t('fiber.daysLeft', { n: num(n) }) : t('fiber.daysPast', { n: num(-n) });
}

function daysChip(n) {
  return h('span', { class: ['days', n < 0 ? 'days-past' : n <= 30 ? 'days-near' : 'days-far'] }, daysText(n));
}

function share(part, whole) {
  return whole > 0 ? part / whole : 0;
}

function progressStat(label, n, whole, id) {
  return h('div', { class: 'stat stat-progress' },
    h('dt', null, h('label', { for: id }, label)),
    h('dd', null,
      num(n), ' ', h('small', null, t('fiber.share', { pct: pct(share(n, whole)) })),
      h('progress', { id, max: String(Math.max(whole, 1)), value: String(n) })));
}

function draw(view, summary, gaps) {
  const total = summary.total || {};
  const today = summary.today ? summary.today.date : new Date().toISOString().slice(0, 10);
  const whole = total.branches || 0;
  const areaDeadline = summary.deadline;

  const progress = h('section', { 'aria-labelledby': 'fiber-progress-h' },
    h('h2', { id: 'fiber-progress-h' }, t('fiber.progress')),
    h('dl', { class: 'stats', id: 'fiber-progress' },
      stat(t('fiber.branches'), whole),
      progressStat(t('fiber.paperConnected'), (total.paper || {}).connected || 0, whole, 'fiber-paper-progress'),
      progressStat(t('fiber.onFiber'), (total.detected || {}).fiber || 0, whole, 'fiber-detected-progress'),
      stat(t('fiber.withoutFiber'), total.withoutFiber || 0, 'stat-warn'),
      stat(t('fiber.pastDeadline'), total.pastDeadline || 0, 'stat-bad'),
      stat(t('fiber.sensitiveWithoutFiber'), total.sensitiveWithoutFiber || 0, 'stat-bad'),
      stat(t('fiber.deadline'), areaDeadline
        ? h('span', null, dayEl(areaDeadline.date), ' ', daysChip(daysFrom(today, areaDeadline.date)))
        : t('fiber.noDeadline'), 'stat-date')));

  fill(view,
    pageHeading(t('fiber.title')),
    computedLine(summary.computedAt),
    progress,
    deadlineSection(summary, today),
    gapSection(gaps, today));
}

/** Every area's deadline, the nearest (or most overdue) first. */
function deadlineSection(summary, today) {
  const areas = [];
  for (const p of summary.provinces || []) {
    areas.push({ kind: 'province', code: p.province.code, name: nameOf(p.province), deadline: p.deadline, counts: p.counts });
  }
  for (const c of summary.counties || []) {
    areas.push({ kind: 'county', code: c.county.code, name: nameOf(c.county), deadline: c.deadline, counts: c.counts });
  }
  for (const a of areas) {
    a.days = a.deadline ? daysFrom(today, a.deadline.date) : Infinity;
  }
  areas.sort((a, b) => a.days - b.days || (b.counts.withoutFiber - a.counts.withoutFiber) || a.code.localeCompare(b.code));
  const rows = areas.map((a) => h('tr', { dataset: { area: a.code, level: a.kind } },
    h('th', { scope: 'row' }, bdi(a.name), ' ', h('small', null, bdi(a.code, 'code'))),
    h('td', null, t('common.' + a.kind)),
    h('td', null, a.deadline ? dayEl(a.deadline.date) : t('fiber.noDeadline'),
      a.deadline ? [' ', h('small', null, '(', tv('fiber.from.', a.deadline.from), ')')] : null),
    h('td', null, a.deadline ? daysChip(a.days) : t('common.none')),
    h('td', { class: 'n' }, num(a.counts.branches)),
    h('td', { class: 'n' }, num(a.counts.withoutFiber)),
    h('td', { class: 'n' }, num(a.counts.pastDeadline))));
  return h('section', { 'aria-labelledby': 'fiber-deadlines-h' },
    h('h2', { id: 'fiber-deadlines-h' }, t('fiber.deadlines')),
    table({
      id: 'fiber-deadlines',
      cls: 'data',
      headers: [t('fiber.area'), t('fiber.level'), t('fiber.deadline'), t('fiber.days'),
        t('fiber.branches'), t('fiber.withoutFiber'), t('fiber.pastDeadline')],
      rows,
    }));
}

function gapSection(gaps, today) {
  const list = gaps.gaps || [];
  const rows = list.map((g) => {
    const paper = g.paper || {};
    const deadline = g.deadline;
    return h('tr', { dataset: { branch: g.code, county: g.county && g.county.code, urgency: g.urgency }, class: 'gap-row' },
      h('td', { class: 'n' }, num(g.rank)),
      h('th', { scope: 'row' },
        h('a', { href: '#/branch/' + encodeURIComponent(g.code) }, bdi(nameOf(g))), ' ',
        h('small', null, bdi(g.code, 'code')),
        g.sensitive ? h('span', { class: 'tag tag-sensitive' }, t('common.sensitive')) : null),
      h('td', null, bdi(nameOf(g.county))),
      h('td', null, h('span', { class: ['urgency', 'urgency-' + g.urgency] }, tv('urgency.', g.urgency))),
      h('td', null, tv('paper.', paper.status),
        paper.planned ? [' ', h('small', null, t('paper.plannedFor', { date: '' }), dayEl(paper.planned.date))] : null),
      h('td', null, tv('detected.', g.detected && g.detected.active)),
      h('td', null, deadline ? [dayEl(deadline.date), ' ', daysChip(daysFrom(today, deadline.date))] : t('fiber.noDeadline')),
      h('td', null, (g.findings || []).length
        ? h('ul', { class: 'findings' }, g.findings.map((f) => h('li', { dataset: { finding: f.finding } }, bdi(nameOf(f.title)))))
        : t('common.none')));
  });
  if (!rows.length) {
    rows.push(h('tr', { class: 'empty-row' }, h('td', { colspan: '8' }, t('fiber.noGaps'))));
  }
  const total = gaps.total ?? list.length;
  return h('section', { 'aria-labelledby': 'fiber-gaps-h' },
    h('h2', { id: 'fiber-gaps-h' }, t('fiber.gaps')),
    h('p', { class: 'count' }, total > list.length
      ? t('fiber.gapsShown', { shown: num(list.length), n: num(total) })
      : t('fiber.gapsTotal', { n: num(total) })),
    table({
      id: 'fiber-gaps',
      cls: 'data gaps',
      headers: [t('fiber.col.rank'), t('common.branch'), t('common.county'), t('fiber.col.urgency'),
        t('fiber.col.paper'), t('fiber.col.detected'), t('fiber.deadline'), t('fiber.col.findings')],
      rows,
    }));
}

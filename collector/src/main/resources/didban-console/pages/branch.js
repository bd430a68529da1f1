// #/branch/CODE: one branch — where it is, its readiness, its open alerts (with actions), its
// devices and their current values, its recent history as small charts, and a timeline of its
// alerts and events. Sections redraw only when their data changed, so charts are not rebuilt
// (nor a reader's place lost) on every refresh.

import { get } from '../api.js';
import { h, bdi, fill, table } from '../dom.js';
import { nameOf, num, t, timeEl, tv, when } from '../i18n.js';
import { alertHeaders, alertRow, alertTitle, compareAlerts, isActive, openAction, severityChip } from '../alerting.js';
import { bandChip, debounce, pageHeading, yesNo } from '../ui.js';

const REFRESH_MS = 30000;
const ALERT_HISTORY = 30; // alerts of the branch read for the timeline
const DETAILED = 10; // of which this many with their full change history
const TIMELINE_MAX = 100;
const SERIES = [
  { key: 'score', color: '#2e7d32', max: 100 },
  { key: 'devices_down', color: '#c62828' },
  { key: 'active_alerts', color: '#b45309' },
];

export async function render(view, ctx, params) {
  const code = params[0];
  const enc = encodeURIComponent(code || '');
  const charts = [];
  const destroyCharts = () => {
    while (charts.length) {
      charts.pop().destroy();
    }
  };
  ctx.onCleanup(destroyCharts);

  const parts = {
    head: h('div'),
    facts: h('section', { 'aria-labelledby': 'branch-facts-h' }),
    alerts: h('section', { 'aria-labelledby': 'branch-alerts-h' }),
    devices: h('section', { 'aria-labelledby': 'branch-devices-h' }),
    trends: h('section', { 'aria-labelledby': 'branch-trends-h', id: 'branch-trends' }),
    timeline: h('section', { 'aria-labelledby': 'branch-timeline-h' }),
  };
  const last = {};
  const changed = (key, data) => {
    const text = JSON.stringify(data);
    if (last[key] === text) {
      return false;
    }
    last[key] = text;
    return true;
  };

  const optional = (p) => p.catch((e) => {
    if (e.name === 'AbortError') {
      throw e;
    }
    return null; // a missing part leaves its section saying so; the page still shows
  });

  const load = async (first) => {
    const [branch, readiness, trend, history] = await Promise.all([
      get('/api/v1/branches/' + enc, { signal: ctx.signal }),
      optional(get('/api/v1/readiness/branches/' + enc, { signal: ctx.signal })),
      optional(get('/api/v1/branches/' + enc + '/trend', { signal: ctx.signal })),
      optional(get('/api/v1/alerts', {
        query: { branch: code, state: 'pending,firing,acknowledged,silenced,resolved', limit: ALERT_HISTORY },
        signal: ctx.signal,
      })),
    ]);
    const alerts = history ? history.alerts : branch.alerts || [];
    const details = await Promise.all(alerts.slice(0, DETAILED).map((a) =>
      optional(get('/api/v1/alerts/' + encodeURIComponent(a.id), { signal: ctx.signal }))));
    if (!ctx.isCurrent()) {
      return;
    }
    if (first) {
      ctx.title(t('branch.title', { code }) + ' — ' + nameOf(branch));
      fill(view, parts.head, parts.facts, parts.alerts, parts.devices, parts.trends, parts.timeline);
    }
    if (changed('head', [branch.code, branch.name, branch.county, branch.province])) {
      drawHead(parts.head, branch);
    }
    if (changed('facts', [branch.sensitive, branch.sensitiveReason, branch.mobile, branch.fiber, branch.cameras,
      branch.inspector, readiness && [readiness.score, readiness.band, readiness.ready, readiness.gates]])) {
      drawFacts(parts.facts, branch, readiness);
    }
    const open = (branch.alerts || []).filter(isActive).sort(compareAlerts);
    if (changed('alerts', open)) {
      drawAlerts(parts.alerts, open, ctx, () => load(false).catch(() => {}));
    }
    if (changed('devices', branch.devices)) {
      drawDevices(parts.devices, branch.devices || []);
    }
    if (changed('trend', trend)) {
      destroyCharts();
      drawTrends(parts.trends, trend, charts);
    }
    if (changed('timeline', [alerts, details, branch.events])) {
      drawTimeline(parts.timeline, alerts, details, branch.events || []);
    }
  };

  await load(true);
  const quiet = () => load(false).catch(() => {});
  ctx.every(REFRESH_MS, quiet);
  const soon = debounce(quiet, 1000);
  ctx.onCleanup(soon.cancel);
  ctx.onAlertChange((change) => {
    if (change.alert && change.alert.branch === code) {
      soon();
    }
  });
  ctx.onStreamOpen(quiet);
  // charts follow the width of their section (a tablet turned, a window resized)
  if (typeof ResizeObserver === 'function') {
    const ro = new ResizeObserver(() => {
      for (const c of charts) {
        const w = chartWidth(c.root.closest('.trend-chart'));
        if (w && Math.abs(w - c.width) > 2) {
          c.setSize({ width: w, height: c.height });
        }
      }
    });
    ro.observe(parts.trends);
    ctx.onCleanup(() => ro.disconnect());
  }
}

function drawHead(el, b) {
  const county = b.county || {};
  const province = b.province || {};
  fill(el,
    h('nav', { class: 'crumbs', 'aria-label': t('branch.where') }, h('ol', null,
      h('li', null, h('a', { href: '#/overview' }, t('overview.myArea'))),
      h('li', null, h('a', { href: '#/overview/c/' + encodeURIComponent(county.code || '') }, bdi(nameOf(county)))),
      h('li', { 'aria-current': 'page' }, bdi(nameOf(b))))),
    pageHeading(''),
  );
  const h1 = el.querySelector('h1');
  h1.id = 'branch-name';
  h1.append(bdi(nameOf(b)), ' ', h('small', null, bdi(b.code, 'code')));
  if (b.sensitive) {
    h1.append(' ', h('span', { class: 'tag tag-sensitive' }, t('common.sensitive')));
  }
  el.append(h('p', { class: 'where' },
    t('common.county'), ': ', bdi(nameOf(county)), ' (', bdi(county.code, 'code'), ') · ',
    t('common.province'), ': ', bdi(nameOf(province)), ' (', bdi(province.code, 'code'), ')'));
}

function drawFacts(el, b, r) {
  const fiber = b.fiber || {};
  const items = [
    [t('branch.sensitive'), b.sensitive ? t('branch.sensitiveYes', { reason: b.sensitiveReason || '' }) : t('common.no'), 'sensitive'],
    [t('branch.mobile'), yesNo(b.mobile), 'mobile'],
    [t('branch.fiber'), [tv('paper.', fiber.status), fiber.planned ? [' ', t('paper.plannedFor', { date: '' }), timeEl(fiber.planned + 'T00:00:00Z', 'date')] : null], 'fiber'],
    [t('branch.cameras'), num(b.cameras), 'cameras'],
    b.inspector ? [t('branch.inspector'), bdi(b.inspector), 'inspector'] : null,
  ].filter(Boolean);
  if (r) {
    items.unshift([t('branch.readiness'), [bandChip(r.band), ' ', t('branch.score'), ' ', num(r.score), ' · ',
      t(r.ready ? 'overview.ready.yes' : 'overview.ready.no')], 'readiness']);
  }
  const dl = h('dl', { id: 'branch-facts', class: 'facts' },
    items.map(([k, v, key]) => h('div', { dataset: { fact: key } }, h('dt', null, k), h('dd', null, v))));
  const gates = r && r.gates ? h('ul', { class: 'gates', id: 'branch-gates', 'aria-label': t('branch.gates') },
    r.gates.map((g) => h('li', { class: 'gate-' + g.status, dataset: { gate: g.gate, status: g.status } },
      h('span', { class: ['gate-status', 'gate-status-' + g.status] }, tv('gate.status.', g.status)), ' ',
      h('strong', null, bdi(nameOf(g.name))),
      g.reason ? h('span', { class: 'reason' }, ' — ', bdi(g.reason)) : null))) : null;
  fill(el, h('h2', { id: 'branch-facts-h', class: 'visually-hidden' }, t('branch.where')), dl,
    gates ? h('h3', null, t('branch.gates')) : null, gates);
}

function drawAlerts(el, open, ctx, refresh) {
  const onAction = (kind, alert) => openAction(kind, alert, () => refresh());
  const rows = open.map((a) => alertRow(a, { me: ctx.me, onAction }));
  const headers = alertHeaders(ctx.me);
  if (!rows.length) {
    rows.push(h('tr', { class: 'empty-row' }, h('td', { colspan: String(headers.length) }, t('alerts.empty'))));
  }
  fill(el, h('h2', { id: 'branch-alerts-h' }, t('branch.activeAlerts')),
    table({ id: 'branch-alerts', cls: 'data alerts', headers, rows }));
}

/** The readings of a device, one line each: metric{labels} value. */
function readingsList(readings) {
  if (!readings.length) {
    return h('span', { class: 'muted' }, t('branch.noReadings'));
  }
  const items = readings.map((r) => {
    const labels = Object.entries(r.labels || {}).map(([k, v]) => k + '=' + v).join(', ');
    return h('li', null,
      h('code', null, r.metric + (labels ? '{' + labels + '}' : '')), ' ',
      h('strong', null, r.value === null || r.value === undefined ? t('common.none') : num(r.value, { maximumFractionDigits: 2 })));
  });
  return h('details', null,
    h('summary', null, t('branch.readings'), ' (', num(readings.length), ')'),
    h('ul', { class: 'readings', dir: 'ltr' }, items));
}

function deviceState(d) {
  const up = (d.readings || []).find((r) => r.metric === 'device_up');
  if (!up || up.value === null || up.value === undefined) {
    return h('span', { class: 'devstate devstate-unknown', dataset: { up: 'unknown' } }, t('devstate.unknown'));
  }
  const ok = up.value >= 1;
  return h('span', { class: ['devstate', ok ? 'devstate-up' : 'devstate-down'], dataset: { up: ok ? 'up' : 'down' } },
    t(ok ? 'devstate.up' : 'devstate.down'));
}

function drawDevices(el, devices) {
  const rows = devices.map((d) => h('tr', { dataset: { device: d.id, role: d.role } },
    h('th', { scope: 'row' }, bdi(d.id, 'code')),
    h('td', null, tv('device.', d.role)),
    h('td', null, deviceState(d)),
    h('td', null, d.lastSeen ? timeEl(d.lastSeen) : t('common.never')),
    h('td', { class: 'readings-cell' }, readingsList(d.readings || []))));
  if (!rows.length) {
    rows.push(h('tr', { class: 'empty-row' }, h('td', { colspan: '5' }, t('branch.noDevices'))));
  }
  fill(el, h('h2', { id: 'branch-devices-h' }, t('branch.devices')),
    table({
      id: 'branch-devices',
      cls: 'data devices',
      headers: [t('branch.device'), t('branch.role'), t('devstate.label'), t('branch.lastSeen'), t('branch.readings')],
      rows,
    }));
}

function chartWidth(fig) {
  if (!fig) {
    return 0;
  }
  const plot = fig.querySelector('.trend-plot');
  return Math.max(200, Math.floor((plot || fig).clientWidth));
}

function drawTrends(el, trend, charts) {
  const heading = h('h2', { id: 'branch-trends-h' }, t('branch.trends'));
  const times = trend && Array.isArray(trend.times) ? trend.times : [];
  if (!times.length) {
    fill(el, heading, h('p', { class: 'empty', id: 'trend-empty' }, t('branch.noHistory')));
    return;
  }
  if (typeof window.uPlot !== 'function') {
    fill(el, heading, h('p', { class: 'empty', id: 'trend-empty' }, t('branch.noCharts')));
    return;
  }
  const grid = h('div', { class: 'trend-grid' });
  fill(el, heading, grid);
  const xs = times.map((ms) => ms / 1000);
  for (const s of SERIES) {
    const values = (trend.series && trend.series[s.key]) || [];
    const title = t('branch.series.' + s.key);
    const latest = [...values].reverse().find((v) => v !== null && v !== undefined);
    // the plot keeps its own left-to-right axes whatever the page's direction
    const plot = h('div', { class: 'trend-plot', dir: 'ltr', role: 'img',
      'aria-label': title + ': ' + (latest === undefined ? t('common.none') : num(latest)) });
    const fig = h('figure', { class: 'trend-chart', dataset: { series: s.key } },
      h('figcaption', null, title, ' ', h('small', null, latest === undefined ? '' : num(latest))),
      plot);
    grid.append(fig);
    const width = chartWidth(fig);
    const opts = {
      width,
      height: 140,
      legend: { show: false },
      cursor: { y: false, points: { size: 6 } },
      tzDate: (ts) => window.uPlot.tzDate(new Date(ts * 1000), 'Asia/Tehran'),
      scales: {
        x: { time: true },
        y: { range: (u, min, max) => [0, s.max || Math.max(2, Math.ceil((max || 0) * 1.2))] },
      },
      series: [
        {},
        { label: title, stroke: s.color, width: 2, fill: s.color + '22', spanGaps: false, points: { show: values.length < 3 } },
      ],
      axes: [
        { values: (u, splits) => splits.map((v) => when(v * 1000, 'time')), size: 34, font: '11px sans-serif' },
        {
          values: (u, splits) => splits.map((v) => (Number.isInteger(v) ? num(v) : '')),
          size: 40, font: '11px sans-serif',
        },
      ],
    };
    charts.push(new window.uPlot(opts, [xs, values.slice(0, xs.length)], plot));
  }
}

function actorText(actor) {
  return !actor || actor === 'didban' ? t('tl.engine') : actor;
}

/** Timeline entries of one alert: its full change history when we have it, else what its fields say. */
function alertEntries(a, detail) {
  const out = [];
  const base = { alert: a };
  if (detail && Array.isArray(detail.timeline) && detail.timeline.length) {
    for (const c of detail.timeline) {
      out.push({ ...base, at: c.at, kind: c.kind, from: c.from, to: c.to, actor: c.actor, note: c.note, seq: c.seq });
    }
    return out;
  }
  if (a.activeSince) {
    out.push({ ...base, at: a.activeSince, kind: 'evaluated', from: 'inactive', to: 'pending', actor: 'didban' });
  }
  if (a.firedAt) {
    out.push({ ...base, at: a.firedAt, kind: 'evaluated', from: 'pending', to: 'firing', actor: 'didban' });
  }
  if (a.acknowledgement && a.acknowledgement.at) {
    out.push({ ...base, at: a.acknowledgement.at, kind: 'acknowledged', actor: a.acknowledgement.by, note: a.acknowledgement.note });
  }
  if (a.resolvedAt) {
    out.push({ ...base, at: a.resolvedAt, kind: a.resolvedBy ? 'resolved_by_hand' : 'evaluated', from: a.state, to: 'resolved', actor: a.resolvedBy || 'didban' });
  }
  return out;
}

function drawTimeline(el, alerts, details, events) {
  const entries = [];
  alerts.forEach((a, i) => entries.push(...alertEntries(a, details[i])));
  for (const e of events) {
    entries.push({ at: e.ts, kind: 'event', event: e });
  }
  entries.sort((x, y) => (Date.parse(y.at) || 0) - (Date.parse(x.at) || 0) || (y.seq || 0) - (x.seq || 0));
  const items = entries.slice(0, TIMELINE_MAX).map((x) => {
    if (x.kind === 'event') {
      const e = x.event;
      const attrs = Object.entries(e.attributes || {}).map(([k, v]) => k + '=' + v).join(', ');
      return h('li', { class: 'tl-event', dataset: { kind: 'event', device: e.device } },
        timeEl(e.ts), ' ',
        h('span', { class: 'tl-what' }, t('tl.event', { type: '' }), h('code', null, e.type)), ' ',
        e.device ? bdi(e.device, 'code') : null,
        attrs ? h('small', { class: 'tl-note', dir: 'ltr' }, ' ', attrs) : null);
    }
    const a = x.alert;
    const what = x.kind === 'evaluated'
      ? t('tl.change.evaluated', { from: tv('state.', x.from), to: tv('state.', x.to) })
      : tv('tl.change.', x.kind);
    return h('li', { class: ['tl-alert', 'tl-' + x.kind, 'tl-to-' + (x.to || '')], dataset: { kind: x.kind, alertId: a.id, to: x.to || '' } },
      timeEl(x.at), ' ',
      severityChip(a.severity), ' ',
      h('strong', null, bdi(alertTitle(a))), ' ',
      h('span', { class: 'tl-what' }, what), ' ',
      h('small', null, t('tl.by', { who: '' }), bdi(actorText(x.actor))),
      x.note ? h('q', { class: 'tl-note' }, bdi(x.note)) : null);
  });
  const list = h('ol', { id: 'branch-timeline', class: 'timeline' }, items);
  fill(el, h('h2', { id: 'branch-timeline-h' }, t('branch.timeline')),
    items.length ? list : [list, h('p', { class: 'empty' }, t('branch.noTimeline'))]);
}

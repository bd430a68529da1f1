// #/alerts: the alerts of the person's area, live. The list is read once, then every change
// from the stream updates its row in place (a new alert's row appears, a resolved one leaves
// the "open" view); after the stream reconnects the list is read again, as it does not replay.

import { get } from '../api.js';
import { h, fill } from '../dom.js';
import { num, t, tv } from '../i18n.js';
import { ACTIVE_STATES, SEVERITIES, alertHeaders, alertRow, alertTitle, compareAlerts, openAction } from '../alerting.js';
import { pageHeading } from '../ui.js';

const STATE_CHOICES = ['active', 'firing', 'pending', 'acknowledged', 'silenced', 'resolved', 'all'];
const ACTIVE_LIMIT = 1000;
const RESOLVED_LIMIT = 200;
// the filters a person chose stay while they move between pages
const chosen = { state: 'active', severity: '' };

export async function render(view, ctx) {
  ctx.title(t('alerts.title'));
  const store = new Map(); // id → alert as last heard
  const seqs = new Map(); // id → seq of the last change applied
  const rows = new Map(); // id → its <tr>
  let loading = false;
  let queued = [];
  let withResolved = false;

  const tbody = h('tbody');
  const count = h('p', { id: 'alerts-count', class: 'count', role: 'status' });
  const announce = h('p', { id: 'alerts-announce', class: 'visually-hidden', 'aria-live': 'polite' });
  const stateSelect = select('filter-state', STATE_CHOICES.map((s) =>
    [s, s === 'active' ? t('alerts.filter.active') : s === 'all' ? t('alerts.filter.all') : tv('state.', s)]), chosen.state);
  const severitySelect = select('filter-severity',
    [['', t('alerts.filter.allSeverities')], ...SEVERITIES.map((s) => [s, tv('severity.', s)])], chosen.severity);
  const headers = alertHeaders(ctx.me);

  fill(view,
    pageHeading(t('alerts.title')),
    h('form', { class: 'filters', 'aria-label': t('alerts.filters'), onsubmit: (e) => e.preventDefault() },
      h('label', { for: 'filter-state' }, t('alerts.filter.state')), stateSelect,
      h('label', { for: 'filter-severity' }, t('alerts.filter.severity')), severitySelect),
    count,
    announce,
    h('div', { class: 'table-wrap' },
      h('table', { id: 'alerts-table', class: 'data alerts' },
        h('caption', { class: 'visually-hidden' }, t('alerts.title')),
        h('thead', null, h('tr', null, headers.map((x) => h('th', { scope: 'col' }, x)))),
        tbody)));

  const matches = (a) => {
    if (a.state === 'inactive') {
      return false;
    }
    const stateOk = chosen.state === 'all' || (chosen.state === 'active' ? ACTIVE_STATES.includes(a.state) : a.state === chosen.state);
    return stateOk && (!chosen.severity || a.severity === chosen.severity);
  };

  const onAction = (kind, alert) => openAction(kind, alert, (updated) => {
    if (updated && ctx.isCurrent()) {
      apply({ alert: updated }, false);
    }
  });

  const showCount = () => {
    const shown = [...rows.keys()].map((id) => store.get(id));
    const parts = [t('alerts.shown', { n: num(shown.length) })];
    const bySeverity = severityCounts(shown);
    for (const s of SEVERITIES) {
      if (bySeverity[s]) {
        parts.push(tv('severity.', s) + ': ' + num(bySeverity[s]));
      }
    }
    count.textContent = parts.join(' · ');
    const empty = tbody.querySelector('tr.empty-row');
    if (rows.size === 0 && !empty) {
      tbody.append(h('tr', { class: 'empty-row' }, h('td', { colspan: String(headers.length) }, t('alerts.empty'))));
    } else if (rows.size > 0 && empty) {
      empty.remove();
    }
  };

  // Puts the rows in order, moving only those out of place (moving a row would take focus
  // away from a button in it).
  const order = () => {
    const sorted = [...rows.keys()].map((id) => store.get(id)).sort(compareAlerts);
    let at = tbody.firstElementChild;
    for (const a of sorted) {
      const tr = rows.get(a.id);
      while (at && !at.dataset.alertId) {
        at = at.nextElementSibling; // the empty-row marker
      }
      if (at === tr) {
        at = at.nextElementSibling;
      } else {
        tbody.insertBefore(tr, at);
      }
    }
  };

  const upsert = (a, fresh) => {
    const old = rows.get(a.id);
    if (!matches(a)) {
      if (old) {
        old.remove();
        rows.delete(a.id);
      }
      return;
    }
    const tr = alertRow(a, { me: ctx.me, onAction });
    if (fresh) {
      tr.classList.add('fresh');
      announce.textContent = t('alerts.new', { title: alertTitle(a), branch: a.branch || a.county });
    }
    if (old) {
      old.replaceWith(tr);
    } else {
      tbody.append(tr);
    }
    rows.set(a.id, tr);
  };

  const redraw = () => {
    tbody.replaceChildren();
    rows.clear();
    for (const a of [...store.values()].sort(compareAlerts)) {
      upsert(a, false);
    }
    showCount();
  };

  function apply(change, live) {
    if (loading) {
      queued.push(change);
      return;
    }
    const a = change.alert;
    if (!a || !a.id) {
      return;
    }
    const last = seqs.get(a.id);
    if (change.seq && last !== undefined && change.seq <= last) {
      return; // older than what we show
    }
    if (change.seq) {
      seqs.set(a.id, change.seq);
    }
    const fresh = live && !store.has(a.id);
    if (a.state === 'inactive') {
      store.delete(a.id);
    } else {
      store.set(a.id, a);
    }
    upsert(a, fresh);
    order();
    showCount();
  }

  const load = async () => {
    loading = true;
    queued = [];
    try {
      withResolved = chosen.state === 'resolved' || chosen.state === 'all';
      const [open, resolved] = await Promise.all([
        get('/api/v1/alerts', { query: { limit: ACTIVE_LIMIT }, signal: ctx.signal }),
        withResolved
          ? get('/api/v1/alerts', { query: { state: 'resolved', limit: RESOLVED_LIMIT }, signal: ctx.signal })
          : Promise.resolve({ alerts: [] }),
      ]);
      if (!ctx.isCurrent()) {
        return;
      }
      store.clear();
      seqs.clear();
      for (const a of [...resolved.alerts, ...open.alerts]) {
        store.set(a.id, a);
      }
    } finally {
      loading = false;
    }
    redraw();
    const waiting = queued;
    queued = [];
    for (const c of waiting) {
      apply(c, true);
    }
  };

  stateSelect.addEventListener('change', () => {
    chosen.state = stateSelect.value;
    const needResolved = chosen.state === 'resolved' || chosen.state === 'all';
    if (needResolved && !withResolved) {
      load().catch(() => {});
    } else {
      redraw();
    }
  });
  severitySelect.addEventListener('change', () => {
    chosen.severity = severitySelect.value;
    redraw();
  });

  ctx.onAlertChange((change) => apply(change, true));
  ctx.onStreamOpen(() => load().catch(() => {}));
  await load();
}

function select(id, options, value) {
  return h('select', { id, name: id },
    options.map(([v, label]) => h('option', { value: v, selected: v === value }, label)));
}

function severityCounts(alerts) {
  const out = {};
  for (const a of alerts) {
    out[a.severity] = (out[a.severity] || 0) + 1;
  }
  return out;
}

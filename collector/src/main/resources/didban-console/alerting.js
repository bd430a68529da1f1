// What the alerts page and the branch page share: an alert's table row, its order, and the
// dialog through which people acknowledge, resolve and silence.

import { get, post } from './api.js';
import { h, bdi, fill } from './dom.js';
import { t, tv, timeEl, lang } from './i18n.js';

export const SEVERITIES = ['critical', 'high', 'medium', 'low', 'info'];
export const ACTIVE_STATES = ['pending', 'firing', 'acknowledged', 'silenced'];
const STATE_ORDER = { firing: 0, pending: 1, acknowledged: 2, silenced: 3, resolved: 4, inactive: 5 };

export function isActive(a) {
  return ACTIVE_STATES.includes(a.state);
}

/** Most severe first, then firing before the rest, then the newest. */
export function compareAlerts(a, b) {
  const s = SEVERITIES.indexOf(a.severity) - SEVERITIES.indexOf(b.severity);
  if (s !== 0) {
    return s;
  }
  const st = (STATE_ORDER[a.state] ?? 9) - (STATE_ORDER[b.state] ?? 9);
  if (st !== 0) {
    return st;
  }
  const ta = Date.parse(a.activeSince || a.firedAt || 0) || 0;
  const tb = Date.parse(b.activeSince || b.firedAt || 0) || 0;
  return tb - ta || String(a.id).localeCompare(String(b.id));
}

/** The severity as a coloured chip that also says it in words. */
export function severityChip(severity) {
  return h('span', { class: ['sev', 'sev-' + severity] }, tv('severity.', severity));
}

export function alertTitle(a) {
  const title = a.title || {};
  return (lang() === 'fa' ? title.fa || title.en : title.en || title.fa) || a.rule || '';
}

/** May this person act on alerts at all? The server decides per alert; planners only read. */
export function canAct(me) {
  return Boolean(me) && me.role !== 'planner';
}

/**
 * A row of the alerts table. opts: me (who is looking), onAction(kind, alert). Carries
 * data-alert-id, data-branch, data-county, data-province, data-state, data-severity, data-rule.
 */
export function alertRow(a, { me, onAction }) {
  const tr = h('tr', {
    class: 'alert-row',
    dataset: {
      alertId: a.id,
      branch: a.branch || '',
      county: a.county || '',
      province: a.province || '',
      state: a.state,
      severity: a.severity,
      rule: a.rule,
    },
  });
  const where = a.branch
    ? h('a', { href: '#/branch/' + encodeURIComponent(a.branch), class: 'branch-link' }, bdi(a.branch, 'code'))
    : h('span', null, t('alerts.countyWide', { code: a.county }));
  const state = h('span', { class: ['state', 'state-' + a.state] }, tv('state.', a.state));
  const extra = [];
  if (a.acknowledgement && a.acknowledgement.by) {
    extra.push(h('small', { class: 'by' }, t('alerts.ackBy', { by: '' }), bdi(a.acknowledgement.by)));
  }
  if (a.flapping) {
    extra.push(h('small', { class: 'flapping' }, t('alerts.flapping')));
  }
  const actions = h('td', { class: 'actions' });
  if (canAct(me) && isActive(a)) {
    if (a.state === 'pending' || a.state === 'firing') {
      actions.append(actionButton('acknowledge', a, onAction));
    }
    actions.append(actionButton('resolve', a, onAction));
    if (!a.silencedBy && a.state !== 'silenced') {
      actions.append(actionButton('silence', a, onAction));
    }
  }
  tr.append(
    h('td', null, severityChip(a.severity)),
    h('td', null, bdi(a.rule, 'code')),
    h('td', { class: 'title' }, bdi(alertTitle(a)), a.device ? h('small', { class: 'device' }, bdi(a.device, 'code')) : null),
    h('td', null, where),
    h('td', null, state, extra),
    h('td', null, timeEl(a.activeSince || a.firedAt)),
  );
  if (canAct(me)) {
    tr.append(actions);
  }
  return tr;
}

export function alertHeaders(me) {
  const cols = ['alerts.col.severity', 'alerts.col.rule', 'alerts.col.title', 'alerts.col.branch',
    'alerts.col.state', 'alerts.col.since'].map((k) => t(k));
  if (canAct(me)) {
    cols.push(t('common.actions'));
  }
  return cols;
}

function actionButton(kind, a, onAction) {
  return h('button', {
    type: 'button',
    class: ['act', 'act-' + kind],
    dataset: { action: kind },
    onclick: () => onAction(kind, a),
  }, t('action.' + kind));
}

// ── the action dialog ────────────────────────────────────────────────────────────────────────

let pending = null; // {kind, alert, onDone}
let wired = false;

function els() {
  return {
    dialog: document.getElementById('action-dialog'),
    form: document.getElementById('action-form'),
    title: document.getElementById('action-title'),
    subject: document.getElementById('action-subject'),
    silence: document.getElementById('silence-fields'),
    minutes: document.getElementById('silence-minutes'),
    scopeBranch: document.getElementById('silence-scope-branch'),
    scopeRule: document.getElementById('silence-scope-rule'),
    scopeBranchLabel: document.getElementById('silence-scope-branch-label'),
    scopeRuleLabel: document.getElementById('silence-scope-rule-label'),
    noteLabel: document.getElementById('action-note-label'),
    note: document.getElementById('action-note'),
    error: document.getElementById('action-error'),
    confirm: document.getElementById('action-confirm'),
    cancel: document.getElementById('action-cancel'),
  };
}

function showError(e, text) {
  e.error.textContent = text;
  e.error.hidden = !text;
}

function wire() {
  if (wired) {
    return;
  }
  wired = true;
  const e = els();
  e.cancel.addEventListener('click', () => closeAction());
  e.dialog.addEventListener('close', () => {
    pending = null;
  });
  e.form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    confirm();
  });
}

/** Opens the dialog for acknowledge, resolve or silence of an alert; onDone(alert) after success. */
export function openAction(kind, alert, onDone) {
  wire();
  const e = els();
  pending = { kind, alert, onDone };
  e.title.textContent = t('action.title.' + kind);
  fill(e.subject, severityChip(alert.severity), ' ', bdi(alertTitle(alert)), ' — ',
    alert.branch ? bdi(alert.branch, 'code') : t('alerts.countyWide', { code: alert.county }));
  const silence = kind === 'silence';
  e.silence.hidden = !silence;
  e.minutes.disabled = !silence;
  if (silence) {
    e.minutes.value = '60';
    e.scopeBranch.checked = true;
    e.scopeBranchLabel.textContent = t(alert.branch ? 'action.scope.branch' : 'action.scope.county');
    e.scopeRuleLabel.textContent = t(alert.branch ? 'action.scope.rule' : 'action.scope.countyRule');
  }
  e.noteLabel.textContent = t(silence ? 'action.comment' : 'action.note');
  e.note.value = '';
  e.note.required = silence;
  showError(e, '');
  e.confirm.disabled = false;
  e.confirm.textContent = t('action.confirm');
  e.cancel.textContent = t('action.cancel');
  if (!e.dialog.open) {
    e.dialog.showModal();
  }
  e.note.focus();
}

export function closeAction() {
  const d = document.getElementById('action-dialog');
  if (d && d.open) {
    d.close();
  }
  pending = null;
}

/** Latin digits for Persian or Arabic-Indic ones, so '۶۰' reads as 60. */
function latinDigits(s) {
  return String(s).replace(/[۰-۹]/g, (c) => String(c.charCodeAt(0) - 0x06f0))
    .replace(/[٠-٩]/g, (c) => String(c.charCodeAt(0) - 0x0660));
}

async function confirm() {
  const e = els();
  if (!pending) {
    return;
  }
  const { kind, alert, onDone } = pending;
  const note = e.note.value.trim();
  let body;
  let path;
  if (kind === 'silence') {
    const minutes = Number(latinDigits(e.minutes.value).trim());
    if (!note) {
      showError(e, t('action.needComment'));
      e.note.focus();
      return;
    }
    if (!Number.isInteger(minutes) || minutes < 1 || minutes > 10080) {
      showError(e, t('action.badMinutes'));
      e.minutes.focus();
      return;
    }
    body = { comment: note, duration: minutes + 'm' };
    if (alert.branch) {
      body.branch = alert.branch;
    } else {
      body.county = alert.county;
    }
    if (e.scopeRule.checked) {
      body.rule = alert.rule;
    }
    path = '/api/v1/silences';
  } else {
    body = { note };
    path = '/api/v1/alerts/' + encodeURIComponent(alert.id) + '/' + kind;
  }
  showError(e, '');
  e.confirm.disabled = true;
  e.confirm.textContent = t('action.busy');
  try {
    const answer = await post(path, body);
    let updated = answer && answer.alert ? answer.alert : null;
    if (!updated) {
      // a silence answers with the silence; the alert as it is now, silenced, comes from here
      try {
        updated = await get('/api/v1/alerts/' + encodeURIComponent(alert.id));
      } catch {
        updated = null;
      }
    }
    if (pending && pending.alert === alert) {
      closeAction();
    }
    if (onDone) {
      onDone(updated);
    }
  } catch (err) {
    if (!pending || pending.alert !== alert) {
      return;
    }
    e.confirm.disabled = false;
    e.confirm.textContent = t('action.confirm');
    if (err.status === 401) {
      closeAction();
      return;
    }
    let text;
    if (err.status === 403) {
      text = t('action.forbidden') + ' ' + err.message;
    } else if (err.status === 409) {
      text = t('action.conflict') + ' ' + err.message;
    } else {
      text = t('action.failed', { status: err.status || '—', msg: err.message });
    }
    showError(e, text);
  }
}

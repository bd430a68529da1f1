// The live alert stream (server-sent events of alert changes, scoped by the server to the
// signed-in person). One connection for the whole console; pages subscribe to its changes and
// to its (re)openings, after which they re-read what they show: the stream does not replay.

import { get, url } from './api.js';
import { t } from './i18n.js';

const changeListeners = new Set();
const openListeners = new Set();
let source = null;
let wanted = false;
let retryTimer = null;
let retryDelay = 2000;
const MAX_RETRY = 30000;

function status(state) {
  const el = document.getElementById('live-status');
  if (!el) {
    return;
  }
  el.dataset.state = state;
  const label = el.querySelector('.live-label');
  if (label) {
    label.textContent = t(state === 'open' ? 'live.open' : 'live.closed');
  }
}

/** Redraws the indicator's text in the current language. */
export function refreshStatus() {
  status(source && source.readyState === EventSource.OPEN ? 'open' : 'closed');
}

function open() {
  clearTimeout(retryTimer);
  retryTimer = null;
  if (!wanted || source) {
    return;
  }
  const es = new EventSource(url('/api/v1/alerts/stream'));
  source = es;
  es.addEventListener('open', () => {
    retryDelay = 2000;
    status('open');
    for (const fn of openListeners) {
      fn();
    }
  });
  es.addEventListener('alert', (e) => {
    let change;
    try {
      change = JSON.parse(e.data);
    } catch {
      return; // not ours to repair
    }
    for (const fn of changeListeners) {
      fn(change);
    }
  });
  es.addEventListener('error', () => {
    if (source !== es) {
      return;
    }
    status('closed');
    // CONNECTING: the browser retries by itself (the server says when). CLOSED: it gave up
    // (an HTTP error such as 401 or 503): we try again later, first asking whether the session
    // still holds (a 401 there sends the person to the sign-in form).
    if (es.readyState === EventSource.CLOSED) {
      es.close();
      source = null;
      scheduleRetry();
    }
  });
}

function scheduleRetry() {
  if (!wanted || retryTimer) {
    return;
  }
  retryTimer = setTimeout(async () => {
    retryTimer = null;
    try {
      await get('/console/api/me');
    } catch (e) {
      if (e.status === 401) {
        return; // the sign-in form is showing; connect() comes again after sign-in
      }
    }
    open();
  }, retryDelay);
  retryDelay = Math.min(MAX_RETRY, retryDelay * 2);
}

/** Opens the stream (once signed in). */
export function connect() {
  wanted = true;
  open();
}

/** Closes it (signed out). */
export function disconnect() {
  wanted = false;
  clearTimeout(retryTimer);
  retryTimer = null;
  if (source) {
    source.close();
    source = null;
  }
  status('closed');
}

export function isOpen() {
  return Boolean(source && source.readyState === EventSource.OPEN);
}

/** fn(change) for every alert change; returns the unsubscribe function. */
export function onAlertChange(fn) {
  changeListeners.add(fn);
  return () => changeListeners.delete(fn);
}

/** fn() each time the stream (re)opens; returns the unsubscribe function. */
export function onStreamOpen(fn) {
  openListeners.add(fn);
  return () => openListeners.delete(fn);
}

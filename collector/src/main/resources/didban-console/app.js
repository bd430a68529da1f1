// The console's entry: sign-in, the header, hash routing and the lifetime of a page (its
// fetches are aborted, its live subscriptions and timers ended, when the person moves on).

import { get, post, setCsrf, setUnauthorizedHandler } from './api.js';
import { h, fill } from './dom.js';
import { initialLang, lang, setLang, t, translateStatic } from './i18n.js';
import { closeAction } from './alerting.js';
import { showFailure } from './ui.js';
import * as live from './live.js';
import * as overview from './pages/overview.js';
import * as alerts from './pages/alerts.js';
import * as sensitive from './pages/sensitive.js';
import * as fiber from './pages/fiber.js';
import * as branch from './pages/branch.js';

const PAGES = { overview, alerts, sensitive, fiber, branch };

let me = null;
let page = null; // the page now showing: {cleanup: [fn], abort: AbortController}
let signingIn = false;

const $ = (id) => document.getElementById(id);

// ── who is signed in ────────────────────────────────────────────────────────────────────────

function showLogin(message) {
  me = null;
  setCsrf(null);
  live.disconnect();
  closeAction();
  endPage();
  document.body.dataset.signedIn = 'false';
  $('app').hidden = true;
  $('login-view').hidden = false;
  for (const el of document.querySelectorAll('.signed-in-only')) {
    el.hidden = true;
  }
  const err = $('login-error');
  err.textContent = message || '';
  err.hidden = !message;
  $('login-password').value = '';
  document.title = t('login.title') + ' — ' + t('app.name');
  $('login-name').focus();
}

function showApp(person) {
  me = person;
  setCsrf(person.csrf);
  document.body.dataset.signedIn = 'true';
  $('login-view').hidden = true;
  $('app').hidden = false;
  for (const el of document.querySelectorAll('.signed-in-only')) {
    el.hidden = false;
  }
  renderWho();
  live.connect();
  route();
}

function areaText(person) {
  if (person.role === 'county' && person.county) {
    return t('area.county', { code: person.county });
  }
  if (person.role === 'province' && person.province) {
    return t('area.province', { code: person.province });
  }
  return t('area.nation');
}

function renderWho() {
  if (!me) {
    return;
  }
  const who = $('whoami');
  who.dataset.role = me.role;
  fill(who,
    h('bdi', { class: 'who-name' }, me.name), ' ',
    h('span', { class: 'who-role' }, t('role.' + me.role)), ' ',
    h('span', { class: 'who-area' }, areaText(me)));
}

async function signIn(ev) {
  ev.preventDefault();
  if (signingIn) {
    return;
  }
  const name = $('login-name').value.trim();
  const password = $('login-password').value;
  const err = $('login-error');
  const button = $('login-submit');
  err.hidden = true;
  err.textContent = '';
  signingIn = true;
  button.disabled = true;
  button.textContent = t('login.busy');
  try {
    const person = await post('/console/api/login', { name, password }, { quiet401: true });
    showApp(person);
  } catch (e) {
    let text;
    if (e.status === 401) {
      text = t('login.bad');
    } else if (e.status === 429) {
      text = t('login.throttled');
    } else {
      text = t('login.failed', { msg: e.message });
    }
    err.textContent = text;
    err.hidden = false;
    $('login-password').focus();
  } finally {
    signingIn = false;
    button.disabled = false;
    button.textContent = t('login.submit');
  }
}

async function signOut() {
  try {
    await post('/console/api/logout', {}, { quiet401: true });
  } catch {
    // signed out here either way; the server forgets an unused session by itself
  }
  showLogin('');
}

// ── pages ─────────────────────────────────────────────────────────────────────────────────

function endPage() {
  if (!page) {
    return;
  }
  page.abort.abort();
  for (const fn of page.cleanup) {
    try {
      fn();
    } catch {
      // a page's cleanup failing must not keep the next page from showing
    }
  }
  page = null;
}

/** '#/branch/X' → {name: 'branch', params: ['X']}. */
function parseHash() {
  const raw = location.hash.replace(/^#\/?/, '');
  const parts = raw.split('/').filter(Boolean).map((p) => {
    try {
      return decodeURIComponent(p);
    } catch {
      return p;
    }
  });
  return { name: parts[0] || 'overview', params: parts.slice(1) };
}

function route(event) {
  if (!me) {
    return;
  }
  // moved by the person (not a first render or a redraw): bring the new page's heading to them
  const moved = Boolean(event && event.type === 'hashchange');
  endPage();
  if (!location.hash) {
    history.replaceState(null, '', '#/overview');
  }
  const { name, params } = parseHash();
  for (const a of document.querySelectorAll('nav a[data-page]')) {
    if (a.dataset.page === name || (name === 'branch' && a.dataset.page === 'overview')) {
      a.setAttribute('aria-current', 'page');
    } else {
      a.removeAttribute('aria-current');
    }
  }
  const main = $('main');
  const view = h('div', { class: 'view', dataset: { page: name } });
  fill(main, view);
  main.dataset.page = name;
  const module = PAGES[name];
  if (!module) {
    document.title = t('app.name');
    fill(view, h('h1', null, t('page.notFound')));
    return;
  }
  const current = { abort: new AbortController(), cleanup: [] };
  page = current;
  const ctx = {
    me,
    signal: current.abort.signal,
    isCurrent: () => page === current,
    /** Sets the document's title to this page's. */
    title: (text) => {
      document.title = text + ' — ' + t('app.name');
    },
    onAlertChange: (fn) => current.cleanup.push(live.onAlertChange(fn)),
    onStreamOpen: (fn) => current.cleanup.push(live.onStreamOpen(fn)),
    every: (ms, fn) => {
      const id = setInterval(() => {
        if (page === current && !document.hidden) {
          fn();
        }
      }, ms);
      current.cleanup.push(() => clearInterval(id));
    },
    onCleanup: (fn) => current.cleanup.push(fn),
  };
  fill(view, h('p', { class: 'loading', role: 'status' }, t('common.loading')));
  Promise.resolve()
    .then(() => module.render(view, ctx, params))
    .then(() => {
      const heading = view.querySelector('h1');
      if (moved && page === current && heading) {
        heading.focus({ preventScroll: true });
      }
    })
    .catch((e) => {
      if (e && e.name === 'AbortError') {
        return;
      }
      if (page !== current) {
        return;
      }
      showFailure(view, e, () => route());
    });
}

// ── language ─────────────────────────────────────────────────────────────────────────────

function applyLang(next, remember) {
  setLang(next, remember);
  translateStatic();
  const toggle = $('lang-toggle');
  toggle.textContent = t('lang.switch');
  toggle.setAttribute('aria-label', t('lang.switchLabel'));
  toggle.lang = lang() === 'fa' ? 'en' : 'fa';
  live.refreshStatus();
  renderWho();
}

function toggleLang() {
  applyLang(lang() === 'fa' ? 'en' : 'fa', true);
  if (me) {
    route(); // pages draw their text when they render: redraw in the new language
  } else {
    document.title = t('login.title') + ' — ' + t('app.name');
  }
}

// ── start ───────────────────────────────────────────────────────────────────────────────────

async function start() {
  applyLang(initialLang(), false);
  setUnauthorizedHandler(() => {
    if (me) {
      showLogin(t('login.expired'));
    }
  });
  $('login-form').addEventListener('submit', signIn);
  $('lang-toggle').addEventListener('click', toggleLang);
  $('sign-out').addEventListener('click', signOut);
  window.addEventListener('hashchange', route);
  try {
    const person = await get('/console/api/me', { quiet401: true });
    showApp(person);
  } catch (e) {
    showLogin(e.status === 401 || e.status === 404 ? '' : t('login.failed', { msg: e.message }));
  }
}

start();

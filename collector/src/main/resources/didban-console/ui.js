// Pieces the pages share: failure notices, readiness bands in colour and words, figures.

import { ApiError } from './api.js';
import { h, fill } from './dom.js';
import { num, t, timeEl, tv } from './i18n.js';

export const BANDS = ['green', 'amber', 'red'];

/** What a page shows when its data could not be had. */
export function showFailure(view, e, retry) {
  const notFound = e instanceof ApiError && e.status === 404;
  fill(view, h('div', { class: 'failure', role: 'alert' },
    h('p', null, notFound ? t('common.notFound') : t('common.error', { msg: e && e.message ? e.message : String(e) })),
    retry && !notFound ? h('button', { type: 'button', onclick: retry }, t('common.retry')) : null));
}

/** A readiness band: a coloured dot and the band's name, so it never rests on colour alone. */
export function bandChip(band) {
  return h('span', { class: ['band', 'band-' + band], dataset: { band } },
    h('span', { class: 'dot', 'aria-hidden': 'true' }), tv('band.', band));
}

/** A count in a band's colour, its band said in its title and in the column heading. */
export function bandCount(band, n) {
  return h('span', { class: ['band-count', 'band-' + band], title: t('band.' + band) },
    h('span', { class: 'dot', 'aria-hidden': 'true' }), num(n));
}

/**
 * A bar of the band mix: each part grows with its count (flex-grow through the CSSOM, which
 * the content security policy allows; style attributes it does not). Hidden from screen
 * readers: the counts beside it say the same.
 */
export function bandBar(bands) {
  const bar = h('div', { class: 'band-bar', 'aria-hidden': 'true' });
  for (const b of BANDS) {
    const n = bands && bands[b] ? bands[b] : 0;
    if (n > 0) {
      const part = h('span', { class: 'band-' + b });
      part.style.flexGrow = String(n);
      bar.append(part);
    }
  }
  return bar;
}

/** A figure: a label and a big number (or node), for the summaries at the top of pages. */
export function stat(label, value, cls) {
  return h('div', { class: ['stat', cls] },
    h('dt', null, label),
    h('dd', null, typeof value === 'number' ? num(value) : value));
}

/** "Computed at <time>". */
export function computedLine(iso, key = 'common.computedAt') {
  if (!iso) {
    return null;
  }
  return h('p', { class: 'computed' }, t(key), ' ', timeEl(iso));
}

/** A page heading, focusable so that navigation can bring it to the reader. */
export function pageHeading(text) {
  return h('h1', { tabindex: '-1' }, text);
}

/** Yes/No in words. */
export function yesNo(v) {
  return t(v ? 'common.yes' : 'common.no');
}

/** Runs fn at most once per wait ms (trailing), for bursts of live changes. */
export function debounce(fn, wait) {
  let timer = null;
  const d = (...args) => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      timer = null;
      fn(...args);
    }, wait);
  };
  d.cancel = () => clearTimeout(timer);
  return d;
}

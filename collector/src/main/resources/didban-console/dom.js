// Building the DOM without innerHTML: data from the server (names, notes) can be hostile text,
// so it only ever goes in as text nodes or attribute values.

/**
 * h('a', {href: '#/x', class: 'link', dataset: {branch: code}, onclick: fn}, 'text', child, ...)
 * Attributes: class, text, dataset, on* (event listeners), hidden/disabled/checked/selected
 * (booleans); everything else through setAttribute. 'style' is refused: the CSP forbids it.
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  if (attrs) {
    for (const [k, v] of Object.entries(attrs)) {
      if (v === undefined || v === null || v === false) {
        continue;
      }
      if (k === 'class') {
        el.className = Array.isArray(v) ? v.filter(Boolean).join(' ') : v;
      } else if (k === 'text') {
        el.textContent = v;
      } else if (k === 'dataset') {
        for (const [dk, dv] of Object.entries(v)) {
          if (dv !== undefined && dv !== null) {
            el.dataset[dk] = dv;
          }
        }
      } else if (k.startsWith('on') && typeof v === 'function') {
        el.addEventListener(k.slice(2), v);
      } else if (k === 'hidden' || k === 'disabled' || k === 'checked' || k === 'selected' || k === 'required') {
        el[k] = Boolean(v);
      } else if (k === 'style') {
        throw new Error('inline styles are forbidden by the content security policy; use a class');
      } else {
        el.setAttribute(k, v === true ? '' : String(v));
      }
    }
  }
  append(el, children);
  return el;
}

/** Appends children: nodes, text (as text nodes), arrays; skips null, undefined and false. */
export function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) {
      continue;
    }
    if (Array.isArray(c)) {
      append(el, c);
    } else if (c instanceof Node) {
      el.appendChild(c);
    } else {
      el.appendChild(document.createTextNode(String(c)));
    }
  }
  return el;
}

/** Replaces all children of el. */
export function fill(el, ...children) {
  el.replaceChildren();
  return append(el, children);
}

/** A data value (code, name) isolated from the surrounding text's direction. */
export function bdi(text, cls) {
  return h('bdi', { class: cls }, text ?? '');
}

/** A table with a caption (optional), headers and rows (tr elements). */
export function table({ id, caption, headers, rows, cls }) {
  const head = h('thead', null, h('tr', null, headers.map((x) => h('th', { scope: 'col' }, x))));
  return h('div', { class: 'table-wrap' },
    h('table', { id, class: cls },
      caption ? h('caption', null, caption) : null,
      head,
      h('tbody', null, rows)));
}

// Talking to the collector: the session cookie goes along by itself (same origin); every unsafe
// request carries the CSRF token the sign-in gave us; a 401 anywhere sends the person back to
// the sign-in form.

// This file lives at <root>/console/api.js: the site root is one level up. Deriving it from the
// module's own address keeps the console working behind a path prefix.
const SITE = new URL('../', import.meta.url);
const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

let csrf = null;
let onUnauthorized = () => {};

export class ApiError extends Error {
  constructor(status, message, body) {
    super(message);
    this.status = status;
    this.body = body;
  }
}

/** The absolute URL of a path from the site root ('/api/v1/alerts'). */
export function url(path) {
  return new URL(path.replace(/^\/+/, ''), SITE).href;
}

export function setCsrf(token) {
  csrf = token || null;
}

/** Called (once per 401) when the session is gone. */
export function setUnauthorizedHandler(fn) {
  onUnauthorized = fn;
}

/**
 * method, path from the site root; options: body (sent as JSON), signal, query (object; empty
 * values left out), quiet401 (a 401 is the caller's business: sign-in, /me).
 */
export async function request(method, path, { body, signal, query, quiet401 = false, csrfRetried = false } = {}) {
  let target = url(path);
  if (query) {
    const u = new URL(target);
    for (const [k, v] of Object.entries(query)) {
      if (v !== undefined && v !== null && v !== '') {
        u.searchParams.set(k, String(v));
      }
    }
    target = u.href;
  }
  const headers = { Accept: 'application/json' };
  const init = { method, credentials: 'same-origin', headers, signal, cache: 'no-store' };
  if (UNSAFE.has(method)) {
    headers['Content-Type'] = 'application/json';
    if (csrf) {
      headers['X-CSRF-Token'] = csrf;
    }
    init.body = JSON.stringify(body ?? {});
  }
  let res;
  try {
    res = await fetch(target, init);
  } catch (e) {
    if (e.name === 'AbortError') {
      throw e;
    }
    throw new ApiError(0, e.message || 'network error', null);
  }
  let data = null;
  const type = res.headers.get('Content-Type') || '';
  if (res.status !== 204) {
    try {
      data = type.includes('json') ? await res.json() : await res.text();
    } catch (e) {
      if (e.name === 'AbortError') {
        throw e;
      }
      data = null;
    }
  }
  if (res.ok) {
    return data;
  }
  const message = data && typeof data === 'object' && data.error ? data.error : res.statusText || String(res.status);
  if (res.status === 401 && !quiet401) {
    onUnauthorized();
  }
  // Signing in again in another tab gave the session a new CSRF token: fetch it, try once more.
  if (res.status === 403 && UNSAFE.has(method) && !csrfRetried && /CSRF/i.test(message)) {
    const me = await request('GET', '/console/api/me', { quiet401: true, signal }).catch(() => null);
    if (me && me.csrf) {
      setCsrf(me.csrf);
      return request(method, path, { body, signal, query, quiet401, csrfRetried: true });
    }
  }
  throw new ApiError(res.status, message, data);
}

export const get = (path, opts) => request('GET', path, opts);
export const post = (path, body, opts) => request('POST', path, { ...opts, body });

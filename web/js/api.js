// The HTTP API of chanceryd (docs/api/openapi.yaml). Every call resolves to
// {ok, status, data, error}; it never throws, so views handle refusals like any other answer.
// State-changing requests carry X-CSRF-Token, the value of the chancery_csrf cookie
// (docs/server.md, "CSRF": double submit).

function csrfToken() {
  const match = document.cookie.split(';').map((c) => c.trim())
    .find((c) => c.startsWith('chancery_csrf='));
  return match ? decodeURIComponent(match.slice('chancery_csrf='.length)) : '';
}

// Sends `method path` with an optional JSON body. `as` = 'json' (default) or 'text'.
export async function call(method, path, body, as = 'json') {
  const headers = { Accept: as === 'json' ? 'application/json' : 'text/plain' };
  if (method !== 'GET' && method !== 'HEAD') headers['X-CSRF-Token'] = csrfToken();
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response;
  try {
    response = await fetch(path, {
      method, headers, credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (err) {
    return { ok: false, status: 0, data: null, error: `network error: ${err.message}` };
  }
  const text = await response.text();
  let data = text;
  if (as === 'json' || !response.ok) {
    try { data = text ? JSON.parse(text) : null; } catch { data = null; }
  }
  if (!response.ok) {
    const error = data && data.error ? data.error : `HTTP ${response.status}`;
    return { ok: false, status: response.status, data, error };
  }
  return { ok: true, status: response.status, data, error: '' };
}

export const get = (path, as) => call('GET', path, undefined, as);
export const post = (path, body) => call('POST', path, body === undefined ? {} : body);
export const put = (path, body) => call('PUT', path, body);
export const del = (path) => call('DELETE', path);

// Builds "/api/x?a=1&b=2" from an object, skipping empty values.
export function withQuery(path, params) {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== null && value !== '' && value !== false) {
      query.set(key, String(value));
    }
  }
  const text = query.toString();
  return text ? `${path}?${text}` : path;
}

export const enc = encodeURIComponent;

// The signed-in subject (GET /api/session), cached until sign-in or sign-out.
let who = null;
export async function whoAmI(refresh = false) {
  if (who && !refresh) return who;
  const res = await get('/api/session');
  who = res.ok ? res.data : { authenticated: false, user: null, administrator: false };
  return who;
}
export function forgetWho() { who = null; }

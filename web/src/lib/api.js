// The one door to the server: the public HTTP API of docs/api.md, nothing else.
// Every call returns parsed JSON or throws an ApiError {status, code, message}.

const TOKEN_KEY = 'cw.token';

let token = readToken();
let onUnauthenticated = () => {};

function readToken() {
  try { return localStorage.getItem(TOKEN_KEY) || ''; } catch { return ''; }
}

export function getToken() { return token; }

export function setToken(t) {
  token = t || '';
  try {
    if (token) localStorage.setItem(TOKEN_KEY, token);
    else localStorage.removeItem(TOKEN_KEY);
  } catch { /* private mode: keep it in memory */ }
}

// Called when the server says the stored token is no longer valid.
export function setUnauthenticatedHandler(fn) { onUnauthenticated = fn; }

// Called on every 429 (the shell shows one toast with the Retry-After wait).
let onRateLimited = () => {};
export function setRateLimitedHandler(fn) { onRateLimited = fn; }

export class ApiError extends Error {
  constructor(status, code, message) {
    super(message || code || `HTTP ${status}`);
    this.status = status;
    this.code = code || '';
    this.retryAfter = 0; // seconds, from Retry-After on a 429
  }
}

// Retry-After: delta-seconds or an HTTP date → whole seconds to wait (0 if absent or past).
export function parseRetryAfter(value, now = Date.now()) {
  if (!value) return 0;
  const v = String(value).trim();
  if (/^\d+$/.test(v)) return Number(v);
  const at = Date.parse(v);
  return Number.isNaN(at) ? 0 : Math.max(0, Math.ceil((at - now) / 1000));
}

const STATUS_CODES = {
  400: 'malformed', 401: 'unauthenticated', 403: 'permission_denied', 404: 'not_found',
  409: 'already_exists', 413: 'too_large', 422: 'invalid_argument', 429: 'rate_limited',
  503: 'unavailable',
};

function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params || {})) {
    if (v === undefined || v === null || v === '') continue;
    if (Array.isArray(v)) for (const x of v) q.append(k.endsWith('[]') ? k : `${k}[]`, String(x));
    else q.append(k, String(v));
  }
  const s = q.toString();
  return s ? `?${s}` : '';
}

// Link: <http://host/api/v1/x?max_id=1>; rel="next", <…>; rel="prev" → {next, prev} as
// same-origin paths (the server builds absolute URLs from the Host it was asked with).
export function parseLink(header) {
  const out = {};
  if (!header) return out;
  for (const part of header.split(',')) {
    const m = /<([^>]*)>\s*;\s*rel="?([a-z]+)"?/.exec(part.trim());
    if (!m) continue;
    try {
      const u = new URL(m[1], location.origin);
      out[m[2]] = u.pathname + u.search;
    } catch { /* ignore a malformed link */ }
  }
  return out;
}

// request('GET', '/api/v1/timelines/home', {query: {max_id}}) → body
// request('POST', '/api/v1/statuses', {body: {status}}) → body
export async function request(method, path, opts = {}) {
  const headers = { Accept: 'application/json' };
  const auth = opts.token ?? token;
  if (auth) headers.Authorization = `Bearer ${auth}`;
  let body;
  if (opts.body !== undefined) {
    headers['Content-Type'] = 'application/json';
    body = JSON.stringify(opts.body);
  }
  let res;
  try {
    res = await fetch(path + query(opts.query), { method, headers, body, credentials: 'omit' });
  } catch (err) {
    throw new ApiError(0, 'network', err?.message || 'network error');
  }
  const text = await res.text();
  let data = null;
  if (text) {
    try { data = JSON.parse(text); } catch { data = null; }
  }
  if (res.ok && Array.isArray(data)) {
    // Lists page by the Link header's URLs (docs/api.md: follow them, do not build cursors —
    // account lists and conversations page by ids that are not in the body).
    const links = parseLink(res.headers.get('Link'));
    Object.defineProperty(data, 'next', { value: links.next || null, enumerable: false });
    Object.defineProperty(data, 'prev', { value: links.prev || null, enumerable: false });
  }
  if (!res.ok) {
    const code = (data && typeof data.code === 'string' && data.code) || STATUS_CODES[res.status] || 'unknown';
    const message = (data && typeof data.error === 'string' && data.error) || res.statusText;
    const err = new ApiError(res.status, code, message);
    if (res.status === 401 && auth && !opts.noAuthRedirect) onUnauthenticated(err);
    if (res.status === 429) {
      err.retryAfter = parseRetryAfter(res.headers.get('Retry-After'));
      onRateLimited(err);
    }
    throw err;
  }
  return data;
}

// GET a list or an object; a list page's `q.next` (the previous page's Link rel="next") is
// followed as it is.
export const get = (path, q, opts) => {
  if (q && q.next) return request('GET', q.next, opts);
  const { next, ...rest } = q || {}; // eslint-disable-line no-unused-vars
  return request('GET', path, { ...opts, query: rest });
};
export const post = (path, body, opts) => request('POST', path, { ...opts, body: body ?? {} });
export const patch = (path, body) => request('PATCH', path, { body: body ?? {} });
export const put = (path, body) => request('PUT', path, { body: body ?? {} });
export const del = (path, body) => request('DELETE', path, body === undefined ? {} : { body });

// The API in the words of the UI.
export const Api = {
  instance: () => get('/api/v1/instance'),
  register: (p) => post('/api/v1/accounts', p, { token: '' }),
  challenge: () => get('/api/v1/challenge', null, { token: '' }),
  login: (username, password) =>
    post('/oauth/token', { grant_type: 'password', username, password, scope: 'read write follow' },
      { token: '', noAuthRedirect: true }),
  revoke: (t) => post('/oauth/revoke', { token: t }, { noAuthRedirect: true }),
  me: () => get('/api/v1/accounts/verify_credentials'),
  updateMe: (p) => patch('/api/v1/accounts/update_credentials', p),
  sessions: () => get('/api/v1/sessions'),
  endSession: (id) => del(`/api/v1/sessions/${id}`),

  account: (id) => get(`/api/v1/accounts/${id}`),
  lookup: (acct) => get('/api/v1/accounts/lookup', { acct }),
  searchAccounts: (q, limit = 6) => get('/api/v1/accounts/search', { q, limit }),
  relationships: (ids) => get('/api/v1/accounts/relationships', { 'id[]': ids }),
  relate: (id, action) => post(`/api/v1/accounts/${id}/${action}`),
  followers: (id, q) => get(`/api/v1/accounts/${id}/followers`, q),
  following: (id, q) => get(`/api/v1/accounts/${id}/following`, q),
  accountStatuses: (id, q) => get(`/api/v1/accounts/${id}/statuses`, q),

  lists: () => get('/api/v1/lists'),
  list: (id) => get(`/api/v1/lists/${id}`),
  createList: (title) => post('/api/v1/lists', { title }),
  renameList: (id, title) => put(`/api/v1/lists/${id}`, { title }),
  deleteList: (id) => del(`/api/v1/lists/${id}`),
  listAccounts: (id, q) => get(`/api/v1/lists/${id}/accounts`, q),
  addToList: (id, ids) => post(`/api/v1/lists/${id}/accounts`, { account_ids: ids }),
  removeFromList: (id, ids) => del(`/api/v1/lists/${id}/accounts`, { account_ids: ids }),

  home: (q) => get('/api/v1/timelines/home', q),
  publicTimeline: (q) => get('/api/v1/timelines/public', q),
  listTimeline: (id, q) => get(`/api/v1/timelines/list/${id}`, q),
  tagTimeline: (name, q) => get(`/api/v1/timelines/tag/${encodeURIComponent(name)}`, q),

  search: (q, type, { limit = 20, offset = 0 } = {}) => get('/api/v2/search', { q, type, limit, offset }),
  hot: (window = '1h', { type = 'all', limit = 20 } = {}) => get('/api/v1/hot', { window, type, limit }),
  trendingTags: (limit = 10) => get('/api/v1/trends/tags', { limit }),
  tag: (name, hours = 24) => get(`/api/v1/tags/${encodeURIComponent(name)}`, { hours }),

  status: (id) => get(`/api/v1/statuses/${id}`),
  createStatus: (p) => post('/api/v1/statuses', p),
  deleteStatus: (id) => del(`/api/v1/statuses/${id}`),
  forward: (id, p) => post(`/api/v1/statuses/${id}/reblog`, p),
  like: (id, on) => post(`/api/v1/statuses/${id}/${on ? 'favourite' : 'unfavourite'}`),
  forwards: (id, q) => get(`/api/v1/statuses/${id}/forwards`, q),
  likedBy: (id, q) => get(`/api/v1/statuses/${id}/favourited_by`, q),

  comments: (id, q) => get(`/api/v1/statuses/${id}/comments`, q),
  comment: (id, p) => post(`/api/v1/statuses/${id}/comments`, p),
  deleteComment: (id) => del(`/api/v1/comments/${id}`),
  likeComment: (id, on) => post(`/api/v1/comments/${id}/${on ? 'favourite' : 'unfavourite'}`),
  forwardComment: (id, p) => post(`/api/v1/comments/${id}/forward`, p),

  notifications: (q) => get('/api/v1/notifications', q),
  unreadNotifications: (types) => get('/api/v1/notifications/unread_count', types ? { 'types[]': types } : {}),
  markNotificationsRead: (maxId) => post('/api/v1/notifications/read', maxId ? { max_id: maxId } : {}),

  conversations: (q) => get('/api/v1/conversations', q),
  messages: (id, q) => get(`/api/v1/conversations/${id}/messages`, q),
  reply: (id, text) => post(`/api/v1/conversations/${id}/messages`, { text }),
  sendMessage: (to, text) => post('/api/v1/messages', { to, text }),
  readConversation: (id) => post(`/api/v1/conversations/${id}/read`),
  acceptConversation: (id) => post(`/api/v1/conversations/${id}/accept`),
  unreadMessages: () => get('/api/v1/conversations/unread_count'),

  report: (p) => post('/api/v1/reports', p),
  cases: (q) => get('/api/v1/admin/cases', q),
  case: (id) => get(`/api/v1/admin/cases/${id}`),
  caseAction: (id, type, reason) => post(`/api/v1/admin/cases/${id}/action`, { type, reason }),
  moderationLog: (q) => get('/api/v1/admin/log', q),
  integrityScan: () => post('/api/v1/admin/integrity/scan'),
  adminAction: (id, type, reason) => post(`/api/v1/admin/accounts/${id}/action`, { type, reason }),
  adminRole: (id, role) => post(`/api/v1/admin/accounts/${id}/role`, { role }),
  adminVerification: (id, type, reason) =>
    post(`/api/v1/admin/accounts/${id}/verification`, { type, reason }),
};

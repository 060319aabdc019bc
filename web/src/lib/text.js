// Text: Weibo character counting, and rendering post text as escaped text plus links built from
// the API's entities (code-point offsets). Nothing here ever produces HTML from a string.
import { h } from 'preact';
import { Link } from './router.js';

// Weibo counts a CJK (any non-ASCII) character as 1 and an ASCII character as ½, rounded up.
export function weiboLength(s) {
  let half = 0;
  for (const ch of s) half += ch.codePointAt(0) < 0x80 ? 1 : 2;
  return Math.ceil(half / 2);
}

export function codePoints(s) {
  let n = 0;
  for (const _ of s) n++; // eslint-disable-line no-unused-vars
  return n;
}

// The state of a text box against the Weibo count (shown) and the server's code-point limit
// (enforced by the server, so the UI blocks sending above it too).
export function measure(text, { weiboMax = 140, serverMax = 140 } = {}) {
  const weibo = weiboLength(text);
  const cps = codePoints(text);
  const remaining = weiboMax - weibo;
  return {
    weibo, cps, remaining,
    overWeibo: remaining < 0,
    overServer: cps > serverMax,
    empty: text.trim().length === 0,
  };
}

const HANDLE = /[A-Za-z0-9_]/;

// Client-side extraction for strings the API sends without entities (forward-chain hops,
// messages): @handle, #话题#, #tag, http(s) links. Offsets in code points, like the API's.
export function extractEntities(text) {
  const cps = Array.from(text);
  const out = [];
  let i = 0;
  while (i < cps.length) {
    const c = cps[i];
    if (c === 'h' && /^https?:\/\//.test(cps.slice(i, i + 8).join(''))) {
      let j = i;
      while (j < cps.length && /[^\s<>"'，。！？、；：（）【】《》\u3000]/.test(cps[j])) j++;
      while (j > i && /[.,;:!?)\]]/.test(cps[j - 1])) j--;
      out.push({ type: 'link', start: i, end: j, value: cps.slice(i, j).join('') });
      i = j;
      continue;
    }
    if (c === '@' && (i === 0 || !HANDLE.test(cps[i - 1]))) {
      let j = i + 1;
      while (j < cps.length && HANDLE.test(cps[j]) && j - i <= 30) j++;
      if (j - i - 1 >= 2) {
        out.push({ type: 'mention', start: i, end: j, value: cps.slice(i + 1, j).join('') });
        i = j;
        continue;
      }
    }
    if (c === '#') {
      // Weibo topic: #...# on one line, no more than 64 characters inside.
      let j = i + 1;
      while (j < cps.length && cps[j] !== '#' && cps[j] !== '\n' && j - i <= 64) j++;
      if (j < cps.length && cps[j] === '#' && j > i + 1 && cps.slice(i + 1, j).join('').trim()) {
        out.push({ type: 'topic', start: i, end: j + 1, value: cps.slice(i + 1, j).join('').trim() });
        i = j + 1;
        continue;
      }
      // Open #tag (letters, digits, underscore, CJK).
      j = i + 1;
      while (j < cps.length && /[\p{L}\p{N}_]/u.test(cps[j])) j++;
      if (j > i + 1 && (i === 0 || !/[\p{L}\p{N}_]/u.test(cps[i - 1]))) {
        out.push({ type: 'topic', start: i, end: j, value: cps.slice(i + 1, j).join('') });
        i = j;
        continue;
      }
    }
    i++;
  }
  return out;
}

export function tagHref(name) {
  return `/tags/${encodeURIComponent(name)}`;
}

function safeUrl(url) {
  try {
    const u = new URL(url, location.origin);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch { return null; }
}

function entityNode(e, label, key) {
  // A short mention or topic never breaks across lines (#杭州 / #); a long one may.
  const nowrap = codePoints(label) <= 16 ? ' ent-short' : '';
  if (e.type === 'mention') {
    if (e.account_id === null) return label; // the server found no such account
    const handle = e.value || label.replace(/^@/, '');
    return h(Link, { key, href: `/@${handle}`, class: `ent ent-mention${nowrap}` }, label);
  }
  if (e.type === 'topic') {
    const name = e.value || label.replace(/^#|#$/g, '');
    return h(Link, { key, href: tagHref(name), class: `ent ent-topic${nowrap}` }, label);
  }
  if (e.type === 'link') {
    const href = safeUrl(e.value || label);
    if (!href) return label;
    const shown = label.replace(/^https?:\/\//, '');
    return h('a', { key, href, class: 'ent ent-link', target: '_blank', rel: 'noopener noreferrer nofollow ugc', title: href },
      shown.length > 40 ? `${shown.slice(0, 38)}…` : shown);
  }
  return label;
}

// Renders `text` with `entities` (from the API, or extracted here when absent) as an array of
// strings and link vnodes. Strings are escaped by Preact; entity offsets are code points.
export function richText(text, entities) {
  text = text ?? '';
  const cps = Array.from(text);
  const ents = (Array.isArray(entities) ? entities : extractEntities(text))
    .filter((e) => Number.isInteger(e.start) && Number.isInteger(e.end) && e.start >= 0 && e.end <= cps.length && e.start < e.end)
    .sort((a, b) => a.start - b.start);
  const out = [];
  let pos = 0;
  ents.forEach((e, k) => {
    if (e.start < pos) return; // overlapping: keep the first
    if (e.start > pos) out.push(cps.slice(pos, e.start).join(''));
    out.push(entityNode(e, cps.slice(e.start, e.end).join(''), k));
    pos = e.end;
  });
  if (pos < cps.length) out.push(cps.slice(pos).join(''));
  return out;
}

// Segments for the compose box's highlight layer: [{text, kind: 'topic'|'mention'|null}].
export function highlightSegments(text) {
  const cps = Array.from(text);
  const out = [];
  let pos = 0;
  for (const e of extractEntities(text)) {
    if (e.type === 'link') continue;
    if (e.start > pos) out.push({ text: cps.slice(pos, e.start).join(''), kind: null });
    out.push({ text: cps.slice(e.start, e.end).join(''), kind: e.type });
    pos = e.end;
  }
  if (pos < cps.length) out.push({ text: cps.slice(pos).join(''), kind: null });
  return out;
}

// The "@prefix" being typed just before the caret, for mention autocomplete.
export function mentionQuery(text, caret) {
  const before = text.slice(0, caret);
  const m = /(^|[^A-Za-z0-9_])@([A-Za-z0-9_]{1,30})$/.exec(before);
  if (!m) return null;
  return { query: m[2], start: caret - m[2].length - 1, end: caret };
}

// The first character of a display name, for generated avatars.
export function initial(account) {
  const s = (account?.display_name || account?.username || '?').trim();
  return Array.from(s)[0]?.toUpperCase() || '?';
}

export function displayName(account) {
  return account?.display_name?.trim() || account?.username || '';
}

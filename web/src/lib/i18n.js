// Message catalogues: every string the UI shows comes from i18n/zh.js or i18n/en.js.
// t('key', {name: 'x', count: 2}) interpolates {name}; with `count`, a key `key_one`/`key_other`
// (Intl plural rules) is preferred when the catalogue has it.
import zh from '../i18n/zh.js';
import en from '../i18n/en.js';

export const catalogues = { zh, en };
export const LANGS = [
  { id: 'zh', label: '中文', htmlLang: 'zh-CN', locale: 'zh-CN' },
  { id: 'en', label: 'English', htmlLang: 'en', locale: 'en' },
];
const LANG_KEY = 'cw.lang';

export function detectLang() {
  try {
    const saved = localStorage.getItem(LANG_KEY);
    if (saved && catalogues[saved]) return saved;
  } catch { /* ignore */ }
  const prefs = (navigator.languages && navigator.languages.length ? navigator.languages : [navigator.language || 'en']);
  for (const l of prefs) {
    const base = String(l).toLowerCase().split('-')[0];
    if (catalogues[base]) return base;
  }
  return 'en';
}

let lang = detectLang();
const plural = {};

export function getLang() { return lang; }
export function langInfo(id = lang) { return LANGS.find((l) => l.id === id) || LANGS[0]; }

export function setLang(next, remember = true) {
  if (!catalogues[next]) return;
  lang = next;
  if (remember) {
    try { localStorage.setItem(LANG_KEY, next); } catch { /* ignore */ }
  }
  document.documentElement.lang = langInfo(next).htmlLang;
}

export function t(key, vars) {
  const cat = catalogues[lang];
  let s;
  if (vars && typeof vars.count === 'number') {
    plural[lang] ??= new Intl.PluralRules(langInfo().locale);
    s = cat[`${key}_${plural[lang].select(vars.count)}`];
  }
  s ??= cat[key] ?? catalogues.en[key] ?? key;
  if (vars) s = s.replace(/\{(\w+)\}/g, (m, k) => (vars[k] === undefined ? m : String(vars[k])));
  return s;
}

// A readable message for an API error, in the current language. `context` lets a caller prefer
// a more specific message (e.g. 'login' → wrong handle or password).
export function errorMessage(err, context) {
  const code = err?.code || 'unknown';
  const cat = catalogues[lang];
  if (code === 'rate_limited' && err?.retryAfter > 0) return t('error.rateLimitedWait', { count: err.retryAfter });
  if (context && cat[`error.${context}.${code}`]) return cat[`error.${context}.${code}`];
  if (cat[`error.${code}`]) return cat[`error.${code}`];
  return err?.message || cat['error.unknown'];
}

// Counts: 9999, then compact in the language's own way (1.2万 / 12K).
const compact = {};
export function formatNumber(n) {
  n = Number(n) || 0;
  if (n < 10000) return String(n);
  compact[lang] ??= new Intl.NumberFormat(langInfo().locale, { notation: 'compact', maximumFractionDigits: 1 });
  return compact[lang].format(n);
}

// Weibo-style times: just now, N minutes ago, today 12:30, 11-21 08:15, 2025-11-21.
export function formatTime(iso, now = Date.now()) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const diff = Math.max(0, now - d.getTime());
  const min = Math.floor(diff / 60000);
  if (min < 1) return t('time.now');
  if (min < 60) return t('time.minutes', { count: min });
  const pad = (x) => String(x).padStart(2, '0');
  const hm = `${pad(d.getHours())}:${pad(d.getMinutes())}`;
  const today = new Date(now);
  if (d.toDateString() === today.toDateString()) return t('time.today', { time: hm });
  const yest = new Date(now - 86400000);
  if (d.toDateString() === yest.toDateString()) return t('time.yesterday', { time: hm });
  if (d.getFullYear() === today.getFullYear()) return t('time.thisYear', { month: d.getMonth() + 1, day: d.getDate(), mm: pad(d.getMonth() + 1), dd: pad(d.getDate()), time: hm });
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

export function fullTime(iso) {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return d.toLocaleString(langInfo().locale);
}

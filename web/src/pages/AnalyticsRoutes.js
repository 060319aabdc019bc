// The analytics routes (/analytics/...), loaded on demand: each page is an import() of its own
// chunk, and ECharts and the pages' strings (i18n/analytics.*.js) come with them, so the main
// bundle does not grow for members who never open them.
import { useEffect, useState } from 'preact/hooks';
import { html } from '../lib/html.js';
import { t, catalogues } from '../lib/i18n.js';
import { Spinner, ErrorNote } from '../components/ui.js';

// Both languages' analytics strings, merged into the catalogues once (switching language on an
// analytics page needs no further load).
let strings = null;
function loadStrings() {
  strings ??= Promise.all([import('../i18n/analytics.zh.js'), import('../i18n/analytics.en.js')]).then(([zh, en]) => {
    Object.assign(catalogues.zh, zh.default);
    Object.assign(catalogues.en, en.default);
  }, (err) => { strings = null; throw err; });
  return strings;
}

// lazy(() => import('./x.js'), 'Name') → a component that renders x.Name once it has loaded.
function lazy(load, name) {
  let cached = null;
  function Lazy(props) {
    const [Page, setPage] = useState(() => cached);
    const [error, setError] = useState(null);
    const start = () => {
      setError(null);
      Promise.all([load(), loadStrings()]).then(([m]) => { cached = m[name]; setPage(() => cached); }, (err) => setError(err));
    };
    useEffect(() => { if (!Page) start(); }, []);
    if (error) {
      return html`<div class="page"><${ErrorNote} error=${{ code: 'chunk', message: t('an.loadFailed') }} onRetry=${start} /></div>`;
    }
    if (!Page) return html`<div class="page"><${Spinner} /></div>`;
    return html`<${Page} ...${props} />`;
  }
  Lazy.wide = true;
  return Lazy;
}

const home = () => import('./analytics/Home.js');
const cascade = () => import('./analytics/Cascade.js');
const account = () => import('./analytics/Account.js');
const kols = () => import('./analytics/Kols.js');
const seeding = () => import('./analytics/Seeding.js');
const monitors = () => import('./analytics/Monitors.js');

export const ANALYTICS_ROUTES = [
  ['/analytics', lazy(home, 'AnalyticsHome'), { auth: true }],
  ['/analytics/posts/:id', lazy(cascade, 'CascadePage'), { auth: true }],
  ['/analytics/accounts/:id', lazy(account, 'AccountPage'), { auth: true }],
  ['/analytics/kols', lazy(kols, 'KolsPage'), { auth: true }],
  ['/analytics/seeding', lazy(seeding, 'SeedingPage'), { auth: true }],
  ['/analytics/seeding/:id', lazy(seeding, 'SeedingRunPage'), { auth: true }],
  ['/analytics/monitors', lazy(monitors, 'MonitorsPage'), { auth: true }],
  ['/analytics/monitors/:id', lazy(monitors, 'MonitorPage'), { auth: true }],
];

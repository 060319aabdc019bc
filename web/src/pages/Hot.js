// The hot list page (热搜榜): the last hour or the last day, each against its own normal.
import { html } from '../lib/html.js';
import { t } from '../lib/i18n.js';
import { Tabs } from '../components/ui.js';
import { HotBody } from '../components/HotList.js';

export function HotPage({ query }) {
  const window = query.get('window') === '24h' ? '24h' : '1h';
  const tabs = [
    { id: '1h', label: t('hot.window1h'), href: '/hot?window=1h' },
    { id: '24h', label: t('hot.window24h'), href: '/hot?window=24h' },
  ];
  return html`<div class="page page-hot">
    <header class="page-head"><h1>${t('hot.title')}</h1><p class="muted">${t('hot.subtitle')}</p></header>
    <div class="card tabs-card"><${Tabs} items=${tabs} current=${window} label=${t('hot.windows')} /></div>
    <section class="card hot-card" aria-label=${t('hot.title')}>
      <${HotBody} key=${window} window=${window} />
    </section>
    <p class="muted small hot-explain">${t('hot.explain')}</p>
  </div>`;
}

// Home: compose, followee-group filter tabs, the home (or group) timeline with new-post polling.
import { html } from '../lib/html.js';
import { t } from '../lib/i18n.js';
import { Api } from '../lib/api.js';
import { useStore } from '../lib/store.js';
import { Link } from '../lib/router.js';
import { Compose } from '../components/Compose.js';
import { Feed } from '../components/Feed.js';
import { Tabs } from '../components/ui.js';

export function Home({ query }) {
  const s = useStore();
  const group = query.get('group') || '';
  const lists = s.lists || [];
  const current = lists.find((l) => l.id === group);
  const tabs = [{ id: '', label: t('home.all'), href: '/' },
    ...lists.map((l) => ({ id: l.id, label: l.title, href: `/?group=${l.id}` }))];
  return html`<div class="page page-home">
    <h1 class="sr-only">${t('home.title')}</h1>
    <${Compose} />
    <div class="feed-head">
      <${Tabs} items=${tabs} current=${current ? group : ''} label=${t('home.groupTabs')} class="group-tabs" />
      <${Link} href="/groups" class="small-link feed-head-link">${t('home.manageGroups')}<//>
    </div>
    <${Feed} key=${group || 'home'} deps=${[group]} poll label=${current ? current.title : t('home.title')}
      fetchPage=${(q) => (group ? Api.listTimeline(group, q) : Api.home(q))}
      acceptOwn=${group ? null : (st) => st.account.id === s.me?.id}
      empty=${group ? t('home.emptyGroup') : html`${t('home.empty')} <${Link} href="/explore">${t('home.emptyLink')}<//>`} />
  </div>`;
}

// Search results (GET /api/v2/search): posts, accounts and topics, one tab each, paged by offset.
import { useEffect, useState } from 'preact/hooks';
import { html } from '../lib/html.js';
import { t, formatNumber } from '../lib/i18n.js';
import { Api } from '../lib/api.js';
import { Link, navigate } from '../lib/router.js';
import { tagHref } from '../lib/text.js';
import { offsetPages } from '../lib/offset.js';
import { usePaged } from '../lib/paged.js';
import { Feed } from '../components/Feed.js';
import { AccountList } from '../components/Accounts.js';
import { Tabs, Spinner, Empty, ErrorNote, LoadMore } from '../components/ui.js';
import { Icon } from '../components/icons.js';

const TYPES = ['statuses', 'accounts', 'hashtags'];

export function searchHref(q, type = 'statuses') {
  return `/search?q=${encodeURIComponent(q)}&type=${type}`;
}

// The search box: in the top bar, and on the search page itself (where the top bar's may be
// hidden on a phone). Enter submits (one field: implicit submission); the button is not a submit
// button so the page's own forms keep the only one.
export function SearchBox({ initial = '', id = 'search-box', type = 'statuses', class: cls = '' }) {
  const [q, setQ] = useState(initial);
  useEffect(() => setQ(initial), [initial]);
  const submit = (e) => {
    e.preventDefault();
    const text = q.trim();
    if (text) navigate(searchHref(text, type));
  };
  return html`<form role="search" class=${`search-box ${cls}`} onSubmit=${submit}>
    <label class="sr-only" for=${id}>${t('search.label')}</label>
    <input id=${id} type="search" name="q" value=${q} maxlength="200" placeholder=${t('search.placeholder')}
      autocomplete="off" onInput=${(e) => setQ(e.currentTarget.value)} />
    <button type="button" class="icon-btn search-go" aria-label=${t('search.submit')} onClick=${submit}><${Icon} name="search" size=${18} /></button>
  </form>`;
}

function Topics({ q }) {
  const paged = usePaged(offsetPages((offset, limit) => Api.search(q, 'hashtags', { offset, limit }).then((r) => r.hashtags)), [q]);
  if (!paged.loaded && paged.loading) return html`<${Spinner} />`;
  if (paged.error && !paged.loaded) return html`<${ErrorNote} error=${paged.error} onRetry=${paged.reload} />`;
  if (!paged.items.length) return html`<${Empty} icon="search">${t('search.noTopics')}<//>`;
  return html`<ul class="topic-results">
    ${paged.items.map((tg) => html`<li key=${tg.name} class="topic-result">
      <${Link} href=${tagHref(tg.name)} class="topic-result-name">#${tg.name}#<//>
      <span class="muted small">${t('search.topicPosts', { count: tg.posts_count ?? 0, n: formatNumber(tg.posts_count ?? 0) })}</span>
    </li>`)}
    ${paged.done ? null : html`<li><${LoadMore} onLoad=${paged.loadMore} loading=${paged.loading} done=${paged.done} error=${paged.error} /></li>`}
  </ul>`;
}

export function SearchPage({ query }) {
  const q = (query.get('q') || '').trim();
  const type = TYPES.includes(query.get('type')) ? query.get('type') : 'statuses';
  const tabs = [
    { id: 'statuses', label: t('search.posts'), href: searchHref(q, 'statuses') },
    { id: 'accounts', label: t('search.accounts'), href: searchHref(q, 'accounts') },
    { id: 'hashtags', label: t('search.topics'), href: searchHref(q, 'hashtags') },
  ];
  let body = null;
  if (!q) {
    body = html`<${Empty} icon="search">${t('search.prompt')}<//>`;
  } else if (type === 'statuses') {
    body = html`<${Feed} key=${`s:${q}`} deps=${[q]} label=${t('search.posts')} empty=${t('search.noPosts')}
      fetchPage=${offsetPages((offset, limit) => Api.search(q, 'statuses', { offset, limit }).then((r) => r.statuses))} />`;
  } else if (type === 'accounts') {
    body = html`<div class="card"><${AccountList} key=${`a:${q}`} deps=${[q]} empty=${t('search.noAccounts')}
      fetchPage=${offsetPages((offset, limit) => Api.search(q, 'accounts', { offset, limit }).then((r) => r.accounts))} /></div>`;
  } else {
    body = html`<div class="card"><${Topics} key=${`h:${q}`} q=${q} /></div>`;
  }
  return html`<div class="page page-search">
    <header class="page-head">
      <h1>${q ? t('search.titleFor', { q }) : t('search.title')}</h1>
    </header>
    <${SearchBox} initial=${q} id="search-page-box" type=${type} class="search-page-box" />
    ${q ? html`<div class="card tabs-card"><${Tabs} items=${tabs} current=${type} label=${t('search.tabs')} /></div>` : null}
    ${body}
  </div>`;
}

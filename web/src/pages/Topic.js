// A topic page (#话题#): its place in the hot list, volume over the last day as bars, top
// contributors, and its posts — latest (polled for new ones) or hot (by engagement).
import { useEffect, useState } from 'preact/hooks';
import { html } from '../lib/html.js';
import { t, formatNumber, getLang, langInfo } from '../lib/i18n.js';
import { Api } from '../lib/api.js';
import { useStore } from '../lib/store.js';
import { tagHref } from '../lib/text.js';
import { offsetPages } from '../lib/offset.js';
import { Feed } from '../components/Feed.js';
import { Compose } from '../components/Compose.js';
import { Avatar, Name, Tabs } from '../components/ui.js';

function hourLabel(iso) {
  const d = new Date(iso);
  return d.toLocaleTimeString(langInfo(getLang()).locale, { hour: '2-digit', minute: '2-digit' });
}

// One bar per hour, height by posts; each bar says its numbers to screen readers and on hover.
function VolumeChart({ volume }) {
  const max = Math.max(1, ...volume.map((v) => v.posts));
  const total = volume.reduce((n, v) => n + v.posts, 0);
  return html`<figure class="volume">
    <figcaption class="topic-section-title">${t('topic.volume', { hours: volume.length })}
      <span class="muted small"> ${t('topic.volumeTotal', { count: total, n: formatNumber(total) })}</span></figcaption>
    <ol class="volume-bars" aria-label=${t('topic.volumeLabel')}>
      ${volume.map((v) => {
        const label = t('topic.volumeBar', { time: hourLabel(v.hour), posts: v.posts, accounts: v.accounts });
        return html`<li key=${v.hour} class="volume-bar" title=${label} aria-label=${label} data-posts=${v.posts}>
          <span style=${`height:${Math.round((v.posts / max) * 100)}%`}></span>
        </li>`;
      })}
    </ol>
    <div class="volume-axis muted small" aria-hidden="true">
      <span>${volume.length ? hourLabel(volume[0].hour) : ''}</span><span>${volume.length ? hourLabel(volume[volume.length - 1].hour) : ''}</span>
    </div>
  </figure>`;
}

function Contributors({ list }) {
  return html`<section class="contributors" aria-labelledby="contributors-title">
    <h2 class="topic-section-title" id="contributors-title">${t('topic.contributors')}</h2>
    ${list.length ? html`<ol class="contributor-list">
      ${list.map((c) => html`<li key=${c.account.id} class="contributor">
        <${Avatar} account=${c.account} size=${32} />
        <span class="contributor-name"><${Name} account=${c.account} /></span>
        <span class="muted small">${t('topic.contributorPosts', { count: c.posts, n: formatNumber(c.posts) })}</span>
      </li>`)}
    </ol>` : html`<p class="muted small">${t('topic.noContributors')}</p>`}
  </section>`;
}

export function TopicPage({ name, query }) {
  const s = useStore();
  const [composing, setComposing] = useState(false);
  const [info, setInfo] = useState(null);
  const order = query?.get('order') === 'hot' ? 'hot' : 'latest';
  const wanted = name.toLowerCase();
  useEffect(() => {
    let live = true;
    setInfo(null);
    Api.tag(name, 24).then((x) => { if (live) setInfo(x); }).catch(() => { if (live) setInfo({ missing: true }); });
    return () => { live = false; };
  }, [name]);
  const tabs = [
    { id: 'hot', label: t('topic.hot'), href: `${tagHref(name)}?order=hot` },
    { id: 'latest', label: t('topic.latest'), href: tagHref(name) },
  ];
  const title = info && !info.missing ? info.name : name;
  return html`<div class="page page-topic">
    <header class="card topic-head">
      <h1 class="topic-title">#${title}#</h1>
      <p class="muted topic-stats">
        ${t('topic.subtitle')}
        ${info && !info.missing ? html` · <span data-stat="posts">${t('topic.posts', { count: info.posts_count, n: formatNumber(info.posts_count) })}</span>` : null}
        ${info?.hot ? html` · <span class="hot-badge" data-stat="rank">${t('topic.rank', { rank: info.hot.rank })}</span>` : null}
      </p>
      ${s.me ? html`<button type="button" class="btn btn-primary" aria-expanded=${composing ? 'true' : 'false'} onClick=${() => setComposing(!composing)}>${t('topic.join')}</button>` : null}
    </header>
    ${composing ? html`<${Compose} initialText=${`#${name}# `} compact onPosted=${() => setComposing(false)} />` : null}
    ${info && !info.missing ? html`<div class="card topic-insights">
      <${VolumeChart} volume=${info.volume || []} />
      <${Contributors} list=${info.top_contributors || []} />
    </div>` : null}
    <div class="card tabs-card"><${Tabs} items=${tabs} current=${order} label=${t('topic.tabs')} /></div>
    ${order === 'latest'
      ? html`<${Feed} key=${`latest:${name}`} deps=${[name]} poll label=${`#${name}#`} empty=${t('topic.empty')}
          fetchPage=${(q) => Api.tagTimeline(name, q)} acceptOwn=${(st) => hasTopic(st, wanted)} />`
      : html`<${Feed} key=${`hot:${name}`} deps=${[name]} label=${`#${name}#`} empty=${t('topic.empty')}
          fetchPage=${offsetPages((offset, limit) => Api.tagTimeline(name, { order: 'hot', offset, limit }))} />`}
  </div>`;
}

function hasTopic(st, wanted) {
  return (st.tags || []).some((tg) => String(tg.name).toLowerCase() === wanted);
}

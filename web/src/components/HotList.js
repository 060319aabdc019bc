// The hot list (热搜榜): ranked topics and words, as GET /api/v1/hot gives them. The rank comes
// from how many distinct, credible accounts talk about something now against its own normal, so
// each row shows people, not posts, first.
import { useEffect, useState } from 'preact/hooks';
import { html } from '../lib/html.js';
import { t, formatNumber } from '../lib/i18n.js';
import { Api } from '../lib/api.js';
import { Link } from '../lib/router.js';
import { tagHref } from '../lib/text.js';
import { Spinner, Empty, ErrorNote } from './ui.js';

export function hotHref(item) {
  return item.type === 'topic' ? tagHref(item.name) : `/search?q=${encodeURIComponent(item.name)}`;
}

// Rising: well above its own normal.
const RISING = 3;

export function useHot(window, limit, deps = []) {
  const [state, setState] = useState({ items: null, error: null });
  const load = () => {
    setState((s) => ({ items: s.items, error: null }));
    Api.hot(window, { limit }).then((items) => setState({ items, error: null }))
      .catch((error) => setState({ items: null, error }));
  };
  useEffect(load, [window, limit, ...deps]);
  return { ...state, reload: load };
}

export function HotRows({ items, compact = false }) {
  return html`<ol class=${`hot-list${compact ? ' hot-compact' : ''}`}>
    ${items.map((it) => html`<li key=${`${it.type}:${it.name}`} class="hot-item" data-hot-type=${it.type}>
      <span class=${`hot-rank${it.rank <= 3 ? ' hot-top' : ''}`} aria-hidden="true">${it.rank}</span>
      <span class="hot-main">
        <${Link} href=${hotHref(it)} class="hot-name">${it.type === 'topic' ? `#${it.name}#` : it.name}<//>
        ${compact ? null : html`<span class="hot-meta muted small">
          ${t('hot.accounts', { count: it.accounts, n: formatNumber(it.accounts) })} · ${t('hot.posts', { count: it.posts, n: formatNumber(it.posts) })}
        </span>`}
      </span>
      ${it.burst >= RISING ? html`<span class="hot-tag" title=${t('hot.risingTitle', { x: it.burst.toFixed(1) })}>${t('hot.rising')}</span>` : null}
    </li>`)}
  </ol>`;
}

// The side column's top ten, linking to the full list.
export function HotSideCard() {
  const { items, error } = useHot('1h', 10);
  return html`<section class="card side-card hot-side" aria-labelledby="hot-side-title">
    <h2 class="side-title" id="hot-side-title">${t('hot.title')}</h2>
    ${error ? html`<p class="muted small">${t('hot.unavailable')}</p>`
      : !items ? html`<${Spinner} />`
        : items.length ? html`<${HotRows} items=${items} compact />`
          : html`<p class="muted small">${t('hot.empty')}</p>`}
    <${Link} href="/hot" class="small-link">${t('hot.more')}<//>
  </section>`;
}

export function HotBody({ window }) {
  const { items, error, reload } = useHot(window, 50);
  if (error) return html`<${ErrorNote} error=${error} onRetry=${reload} />`;
  if (!items) return html`<${Spinner} />`;
  if (!items.length) return html`<${Empty} icon="fire">${t('hot.empty')}<//>`;
  return html`<${HotRows} items=${items} />`;
}

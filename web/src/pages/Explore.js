// Explore: the public timeline.
import { html } from '../lib/html.js';
import { t } from '../lib/i18n.js';
import { Api } from '../lib/api.js';
import { useStore } from '../lib/store.js';
import { Link } from '../lib/router.js';
import { Feed } from '../components/Feed.js';
import { Logo } from '../components/icons.js';
import { SearchBox } from './Search.js';

export function Explore({ welcome = false }) {
  const s = useStore();
  return html`<div class="page page-explore">
    ${welcome ? html`<section class="card hero">
      <${Logo} size=${48} />
      <div>
        <h1 class="hero-title">${t('hero.title')}</h1>
        <p class="muted">${t('hero.text')}</p>
        <div class="hero-actions"><${Link} href="/signup" class="btn btn-primary">${t('nav.signup')}<//><${Link} href="/login" class="btn">${t('nav.login')}<//></div>
      </div>
    </section>` : html`<header class="page-head"><h1>${t('explore.title')}</h1><p class="muted">${t('explore.subtitle')}</p></header>`}
    <${SearchBox} id="explore-search" class="explore-search" />
    <${Link} href="/hot" class="explore-hot-link small-link">${t('hot.more')}<//>
    ${welcome ? html`<h2 class="section-title">${t('explore.title')}</h2>` : null}
    <${Feed} deps=${[s.me?.id]} poll label=${t('explore.title')} fetchPage=${(q) => Api.publicTimeline(q)}
      acceptOwn=${(st) => (st.audience || st.visibility) === 'public'} />
  </div>`;
}

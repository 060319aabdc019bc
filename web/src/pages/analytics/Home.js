// The analytics home (/analytics): the tools, and my latest posts with the way to their cascade.
import { html } from '../../lib/html.js';
import { t, formatTime, fullTime } from '../../lib/i18n.js';
import { Api } from '../../lib/api.js';
import { Link } from '../../lib/router.js';
import { useStore } from '../../lib/store.js';
import { Icon } from '../../components/icons.js';
import { useLoad, LoadState, Section, AnalyticsNav, PageHead, fmtInt } from './common.js';
import { clip } from './Cascade.js';

function Tool({ href, icon, title, text, id }) {
  return html`<${Link} href=${href} class="card an-tool" data-tool=${id}>
    <span class="an-tool-icon"><${Icon} name=${icon} size=${22} /></span>
    <span class="an-tool-body"><strong>${title}</strong><span class="muted small">${text}</span></span>
  <//>`;
}

export function AnalyticsHome() {
  const s = useStore();
  const me = s.me;
  const load = useLoad(() => Api.accountStatuses(me.id, { limit: 10, exclude_reblogs: true }), [me.id]);
  const posts = Array.isArray(load.data) ? load.data : [];
  return html`<div class="page page-analytics page-analytics-home">
    <${AnalyticsNav} current="home" />
    <${PageHead} title=${t('an.home.title')} subtitle=${t('an.home.subtitle')} />
    <div class="an-tools">
      <${Tool} id="account" href=${`/analytics/accounts/${me.id}`} icon="user" title=${t('an.nav.account')} text=${t('an.home.account')} />
      <${Tool} id="kols" href="/analytics/kols" icon="fire" title=${t('an.nav.kols')} text=${t('an.home.kols')} />
      <${Tool} id="seeding" href="/analytics/seeding" icon="forward" title=${t('an.nav.seeding')} text=${t('an.home.seeding')} />
      <${Tool} id="monitors" href="/analytics/monitors" icon="bell" title=${t('an.nav.monitors')} text=${t('an.home.monitors')} />
    </div>
    <${Section} id="an-my-posts" title=${t('an.home.myPosts')}>
      <p class="muted small an-note">${t('an.home.cascadeHint')}</p>
      <${LoadState} load=${load} />
      ${load.data && !posts.length ? html`<p class="muted an-empty">${t('an.home.noPosts')}</p>` : null}
      <ul class="an-post-list">
        ${posts.map((p) => html`<li key=${p.id}>
          <${Link} href=${`/status/${p.id}`} class="an-post-link">${clip(p.text || '', 60)}<//>
          <span class="muted small" title=${fullTime(p.created_at)}>${formatTime(p.created_at)} · ${t('an.home.forwards', { n: fmtInt(p.forwards_count ?? p.reblogs_count ?? 0) })}</span>
          <${Link} href=${`/analytics/posts/${p.id}`} class="btn btn-small"><${Icon} name="chart" size=${14} /> ${t('an.cascade.open')}<//>
        </li>`)}
      </ul>
    <//>
  </div>`;
}
AnalyticsHome.wide = true;

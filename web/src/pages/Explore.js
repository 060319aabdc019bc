// Explore (the public timeline) and a topic page.
import { useRef, useState } from 'preact/hooks';
import { html } from '../lib/html.js';
import { t } from '../lib/i18n.js';
import { Api } from '../lib/api.js';
import { useStore } from '../lib/store.js';
import { Link } from '../lib/router.js';
import { Feed } from '../components/Feed.js';
import { Compose } from '../components/Compose.js';
import { Logo } from '../components/icons.js';

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
    ${welcome ? html`<h2 class="section-title">${t('explore.title')}</h2>` : null}
    <${Feed} deps=${[s.me?.id]} poll label=${t('explore.title')} fetchPage=${(q) => Api.publicTimeline(q)}
      acceptOwn=${(st) => (st.audience || st.visibility) === 'public'} />
  </div>`;
}

// The API has no topic timeline, so the topic page scans the public timeline (up to 25 pages per
// step) for posts that carry the topic.
const SCAN_PAGES = 25;

export function TopicPage({ name }) {
  const s = useStore();
  const [composing, setComposing] = useState(false);
  const scan = useRef(null);
  const wanted = name.toLowerCase();
  const fetchPage = async (q) => {
    if (q.since_id) {
      const page = await Api.publicTimeline({ since_id: q.since_id, limit: 40 });
      return page.filter((st) => hasTopic(st, wanted));
    }
    if (!q.next) scan.current = { cursor: null, done: false };
    const out = [];
    for (let i = 0; i < SCAN_PAGES && !scan.current.done && out.length < 10; i++) {
      const page = await Api.publicTimeline(scan.current.cursor ? { next: scan.current.cursor } : { limit: 40 });
      scan.current.cursor = page.next;
      if (!page.length || !page.next) scan.current.done = true;
      out.push(...page.filter((st) => hasTopic(st, wanted)));
    }
    // usePaged asks again while `next` is set; the scan keeps its own cursor.
    Object.defineProperty(out, 'next', { value: scan.current.done ? null : 'scan' });
    return out;
  };
  return html`<div class="page page-topic">
    <header class="card topic-head">
      <h1 class="topic-title">#${name}#</h1>
      <p class="muted">${t('topic.subtitle')}</p>
      ${s.me ? html`<button type="button" class="btn btn-primary" aria-expanded=${composing ? 'true' : 'false'} onClick=${() => setComposing(!composing)}>${t('topic.join')}</button>` : null}
    </header>
    ${composing ? html`<${Compose} initialText=${`#${name}# `} compact onPosted=${() => setComposing(false)} />` : null}
    <${Feed} key=${name} deps=${[name]} poll label=${`#${name}#`} fetchPage=${fetchPage} empty=${t('topic.empty')}
      acceptOwn=${(st) => hasTopic(st, wanted)} />
  </div>`;
}

function hasTopic(st, wanted) {
  const tags = [...(st.tags || []), ...(st.forward?.root?.tags || [])];
  return tags.some((tg) => String(tg.name).toLowerCase() === wanted);
}

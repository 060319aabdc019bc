// A timeline: infinite scroll, "N new posts" found by polling (since_id) and shown without a
// reload, and my own new posts put on top at once.
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';
import { html } from '../lib/html.js';
import { t } from '../lib/i18n.js';
import { usePaged } from '../lib/paged.js';
import { useEvent, pollInterval } from '../lib/store.js';
import { PostCard } from './PostCard.js';
import { Spinner, Empty, ErrorNote, LoadMore } from './ui.js';

export function Feed({ fetchPage, deps, poll = false, acceptOwn = null, empty, label }) {
  const paged = usePaged(fetchPage, deps);
  const [pending, setPending] = useState([]);
  const newest = useRef(null);
  newest.current = paged.items[0]?.id ?? null;
  const pendingRef = useRef([]);
  const loadedRef = useRef(false);
  loadedRef.current = paged.loaded && !paged.loading;
  pendingRef.current = pending;

  useEffect(() => { setPending([]); }, deps);

  useEffect(() => {
    if (!poll) return undefined;
    let stopped = false;
    let timer = 0;
    const tick = async () => {
      if (stopped) return;
      const since = pendingRef.current[0]?.id ?? newest.current;
      if (loadedRef.current && document.visibilityState !== 'hidden') {
        try {
          // An empty timeline has no since_id yet: its first page is all new.
          const newer = await fetchPage(since ? { since_id: since, limit: 40 } : { limit: 40 });
          if (!stopped && Array.isArray(newer) && newer.length) {
            setPending((cur) => {
              const seen = new Set(cur.map((x) => x.id));
              return [...newer.filter((x) => !seen.has(x.id)), ...cur];
            });
          }
        } catch { /* try again next time */ }
      }
      if (!stopped) timer = setTimeout(tick, pollInterval());
    };
    timer = setTimeout(tick, pollInterval());
    return () => { stopped = true; clearTimeout(timer); };
  }, [poll, ...deps]);

  useEvent('status:created', (st) => {
    if (acceptOwn && acceptOwn(st)) paged.prepend([st]);
  }, [acceptOwn, paged.prepend]);

  const showPending = useCallback(() => {
    paged.prepend(pendingRef.current);
    setPending([]);
    window.scrollTo({ top: 0, behavior: 'smooth' });
  }, [paged.prepend]);

  const fresh = pending.filter((p) => !paged.items.some((x) => x.id === p.id));
  return html`<section class="feed" aria-label=${label} aria-busy=${paged.loading ? 'true' : 'false'}>
    ${fresh.length ? html`<button type="button" class="new-posts" onClick=${showPending}>${t('timeline.newPosts', { count: fresh.length })}</button>` : null}
    ${paged.error && !paged.loaded ? html`<${ErrorNote} error=${paged.error} onRetry=${paged.reload} />` : null}
    ${!paged.loaded && paged.loading ? html`<${Spinner} />` : null}
    ${paged.loaded && !paged.items.length ? html`<${Empty}>${empty || t('timeline.empty')}<//>` : null}
    ${paged.items.map((st) => html`<${PostCard} key=${st.id} status=${st} onDeleted=${() => paged.remove(st.id)} />`)}
    ${paged.loaded && paged.items.length ? html`<${LoadMore} onLoad=${paged.loadMore} loading=${paged.loading} done=${paged.done} error=${paged.loaded ? paged.error : null} />` : null}
  </section>`;
}

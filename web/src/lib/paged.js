// usePaged(fetchPage, deps): a newest-first list paged by the Link header, as every API list is.
// fetchPage({limit} | {next}) → [items] with `items.next` (the Link rel="next" path) when there
// is one. A page without a next link or an empty page ends the list (with endOnShort, a short
// one does too: for lists the server does not filter after paging).
import { useCallback, useEffect, useRef, useState } from 'preact/hooks';

export const PAGE = 20;

export function usePaged(fetchPage, deps, { limit = PAGE, enabled = true, endOnShort = false } = {}) {
  const [items, setItems] = useState([]);
  const [loading, setLoading] = useState(false);
  const [done, setDone] = useState(false);
  const [error, setError] = useState(null);
  const [loaded, setLoaded] = useState(false);
  const gen = useRef(0);
  const busy = useRef(false);
  const cursor = useRef(null);

  const load = useCallback(async (reset) => {
    if (busy.current && !reset) return;
    const g = reset ? ++gen.current : gen.current;
    busy.current = true;
    setLoading(true);
    setError(null);
    try {
      const page = await fetchPage(!reset && cursor.current ? { next: cursor.current } : { limit });
      if (g !== gen.current) return;
      const list = Array.isArray(page) ? page : [];
      cursor.current = page?.next || null;
      setItems((xs) => {
        const base = reset ? [] : xs;
        const seen = new Set(base.map((x) => x.id));
        return [...base, ...list.filter((x) => !seen.has(x.id))];
      });
      setDone(list.length === 0 || !cursor.current || (endOnShort && list.length < limit));
      setLoaded(true);
    } catch (err) {
      if (g === gen.current) setError(err);
    } finally {
      if (g === gen.current) { busy.current = false; setLoading(false); }
    }
  }, deps);

  const reload = useCallback(() => {
    cursor.current = null;
    busy.current = false;
    setItems([]);
    setDone(false);
    setLoaded(false);
    return load(true);
  }, [load]);

  useEffect(() => {
    if (!enabled) return;
    reload();
  }, [reload, enabled]);

  const loadMore = useCallback(() => load(false), [load]);

  const prepend = useCallback((newer) => {
    setItems((xs) => {
      const seen = new Set(xs.map((x) => x.id));
      return [...newer.filter((x) => !seen.has(x.id)), ...xs];
    });
  }, []);

  const update = useCallback((id, fn) => {
    setItems((xs) => xs.map((x) => (x.id === id ? fn(x) : x)));
  }, []);

  const remove = useCallback((id) => setItems((xs) => xs.filter((x) => x.id !== id)), []);

  return { items, setItems, loading, done, error, loaded, loadMore, reload, prepend, update, remove };
}

// offsetPages(fetch): a fetchPage for usePaged over an API paged by offset (search results and
// ranked lists have no id order, so no Link header): fetch(offset, limit) → [items]; the next
// cursor is "offset:N", kept on the client.
export function offsetPages(fetch) {
  return async (q) => {
    const offset = q?.next ? Number(String(q.next).slice('offset:'.length)) || 0 : 0;
    const limit = q?.limit || 20;
    // A copy: list responses already carry the Link header's (fixed) `next`.
    const list = [...((await fetch(offset, limit)) || [])];
    Object.defineProperty(list, 'next', { value: list.length ? `offset:${offset + list.length}` : null });
    return list;
  };
}

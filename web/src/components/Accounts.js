// Accounts in lists (fans, following, likes, group members) and the follow button.
import { useEffect, useState } from 'preact/hooks';
import { html } from '../lib/html.js';
import { t } from '../lib/i18n.js';
import { Api } from '../lib/api.js';
import { store, useStore, set } from '../lib/store.js';
import { navigate } from '../lib/router.js';
import { usePaged } from '../lib/paged.js';
import { displayName } from '../lib/text.js';
import { Avatar, Name, Spinner, Empty, ErrorNote, LoadMore, toast, Confirm } from './ui.js';

// Follow / unfollow for one account, given its Relationship; calls onChange(newRelationship).
export function FollowButton({ account, rel, onChange, small = false }) {
  const [busy, setBusy] = useState(false);
  const [confirm, setConfirm] = useState(false);
  const s = useStore();
  if (!s.me || s.me.id === account.id) return null;
  if (rel?.blocking) return null;
  const act = async (action) => {
    setBusy(true);
    try {
      const r = await Api.relate(account.id, action);
      onChange?.(r);
      bumpMyFollowing(action === 'follow' && !rel?.following ? 1 : action === 'unfollow' && rel?.following ? -1 : 0);
      toast(action === 'follow' ? t('relation.followed', { name: displayName(account) }) : t('relation.unfollowed', { name: displayName(account) }));
    } catch (err) {
      toast.error(err, 'follow');
    } finally {
      setBusy(false);
    }
  };
  const cls = `btn${small ? ' btn-small' : ''}`;
  if (rel?.following) {
    return html`<button type="button" class=${`${cls} btn-following`} disabled=${busy} onClick=${() => setConfirm(true)}
        aria-label=${t('relation.unfollowLabel', { name: displayName(account) })}>
      ${rel.friends || rel.followed_by ? t('relation.mutual') : t('relation.following')}
    </button>
    ${confirm ? html`<${Confirm} title=${t('relation.unfollowTitle')} text=${t('relation.unfollowText', { name: displayName(account) })}
      confirmLabel=${t('relation.unfollow')} onConfirm=${() => act('unfollow')} onClose=${() => setConfirm(false)} />` : null}`;
  }
  return html`<button type="button" class=${`${cls} btn-primary`} disabled=${busy} onClick=${() => act('follow')}
      aria-label=${t('relation.followLabel', { name: displayName(account) })}>
    ${rel?.followed_by ? t('relation.followBack') : t('relation.follow')}
  </button>`;
}

function bumpMyFollowing(d) {
  if (!d || !store.me) return;
  set({ me: { ...store.me, following_count: Math.max(0, (store.me.following_count || 0) + d) } });
}

export function AccountRow({ account, rel, onRel, children }) {
  return html`<li class="account-row">
    <${Avatar} account=${account} size=${44} />
    <div class="account-main">
      <${Name} account=${account} handle />
      ${account.note ? html`<p class="account-note">${account.note}</p>` : null}
    </div>
    <div class="account-actions">
      ${children}
      ${rel !== undefined ? html`<${FollowButton} account=${account} rel=${rel} onChange=${onRel} small />` : null}
    </div>
  </li>`;
}

// A paged list of accounts with follow buttons (relationships fetched per page when signed in).
export function AccountList({ fetchPage, deps, empty, actions }) {
  const s = useStore();
  const paged = usePaged(fetchPage, deps, { endOnShort: true });
  const [rels, setRels] = useState({});
  useEffect(() => {
    if (!s.me) return;
    const missing = paged.items.map((a) => a.id).filter((id) => !(id in rels) && id !== s.me.id);
    if (!missing.length) return;
    Api.relationships(missing).then((list) => {
      setRels((cur) => {
        const next = { ...cur };
        for (const r of list || []) next[r.id] = r;
        return next;
      });
    }).catch(() => {});
  }, [paged.items, s.me?.id]);

  if (!paged.loaded && paged.loading) return html`<${Spinner} />`;
  if (paged.error && !paged.loaded) return html`<${ErrorNote} error=${paged.error} onRetry=${paged.reload} />`;
  if (!paged.items.length) return html`<${Empty} icon="users">${empty}<//>`;
  return html`<ul class="account-list">
    ${paged.items.map((a) => html`<${AccountRow} key=${a.id} account=${a} rel=${s.me && a.id !== s.me.id ? rels[a.id] ?? null : undefined}
      onRel=${(r) => setRels((cur) => ({ ...cur, [a.id]: r }))}>${actions ? actions(a, paged) : null}<//>`)}
    ${paged.done ? null : html`<li><${LoadMore} onLoad=${paged.loadMore} loading=${paged.loading} done=${paged.done} error=${paged.error} /></li>`}
  </ul>`;
}

export function goLogin() { navigate('/login'); }

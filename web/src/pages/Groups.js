// Followee groups (Mastodon lists): create, rename, delete, manage members.
import { useEffect, useState } from 'preact/hooks';
import { html } from '../lib/html.js';
import { t } from '../lib/i18n.js';
import { Api } from '../lib/api.js';
import { useStore, store, limits } from '../lib/store.js';
import { Link, navigate } from '../lib/router.js';
import { displayName } from '../lib/text.js';
import { usePaged } from '../lib/paged.js';
import { Avatar, Name, Spinner, Empty, ErrorNote, LoadMore, Confirm, toast } from '../components/ui.js';
import { Icon } from '../components/icons.js';
import { BackBar } from './StatusPage.js';
import { refreshLists } from '../App.js';

function GroupRow({ list }) {
  const [editing, setEditing] = useState(false);
  const [title, setTitle] = useState(list.title);
  const [confirm, setConfirm] = useState(false);
  const [busy, setBusy] = useState(false);
  const save = async (e) => {
    e.preventDefault();
    if (!title.trim()) return;
    setBusy(true);
    try {
      await Api.renameList(list.id, title.trim());
      toast(t('groups.renamed'));
      setEditing(false);
      await refreshLists();
    } catch (err) { toast.error(err, 'groups'); } finally { setBusy(false); }
  };
  return html`<li class="group-row" data-group-id=${list.id}>
    ${editing ? html`<form class="inline-form" onSubmit=${save}>
        <label class="sr-only" for=${`rename-${list.id}`}>${t('groups.newName')}</label>
        <input id=${`rename-${list.id}`} class="input" value=${title} onInput=${(e) => setTitle(e.target.value)} maxlength="30" autofocus
          onKeyDown=${(e) => { if (e.key === 'Escape') { setEditing(false); setTitle(list.title); } }} />
        <button type="submit" class="btn btn-small btn-primary" disabled=${busy}>${t('common.save')}</button>
        <button type="button" class="btn btn-small" onClick=${() => { setEditing(false); setTitle(list.title); }}>${t('common.cancel')}</button>
      </form>`
      : html`<${Link} href=${`/groups/${list.id}`} class="group-link">
          <span class="group-icon"><${Icon} name="users" size=${18} /></span>
          <span class="group-title">${list.title}</span>
          <span class="muted small">${t('groups.members', { count: list.members_count ?? 0 })}</span>
        <//>
        <span class="group-actions">
          <${Link} href=${`/?group=${list.id}`} class="btn btn-small btn-ghost">${t('groups.timeline')}<//>
          <button type="button" class="btn btn-small btn-ghost" onClick=${() => setEditing(true)} aria-label=${t('groups.renameLabel', { name: list.title })}>${t('groups.rename')}</button>
          <button type="button" class="btn btn-small btn-ghost danger" onClick=${() => setConfirm(true)} aria-label=${t('groups.deleteLabel', { name: list.title })}>${t('groups.delete')}</button>
        </span>`}
    ${confirm ? html`<${Confirm} title=${t('groups.deleteTitle', { name: list.title })} text=${t('groups.deleteText')} confirmLabel=${t('groups.delete')}
      onConfirm=${async () => { await Api.deleteList(list.id); toast(t('groups.deleted')); await refreshLists(); }} onClose=${() => setConfirm(false)} />` : null}
  </li>`;
}

export function Groups() {
  const s = useStore();
  const [title, setTitle] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const [loaded, setLoaded] = useState(false);
  useEffect(() => { refreshLists().then(() => setLoaded(true)); }, []);
  const create = async (e) => {
    e.preventDefault();
    if (!title.trim()) return;
    setBusy(true);
    setError(null);
    try {
      const l = await Api.createList(title.trim());
      setTitle('');
      toast(t('groups.created', { name: l.title }));
      await refreshLists();
    } catch (err) { setError(err); } finally { setBusy(false); }
  };
  const max = limits().maxLists;
  return html`<div class="page page-groups">
    <header class="page-head"><h1>${t('groups.title')}</h1><p class="muted">${t('groups.subtitle', { max })}</p></header>
    <section class="card">
      <form class="inline-form create-group" onSubmit=${create}>
        <label class="sr-only" for="new-group">${t('groups.newName')}</label>
        <input id="new-group" class="input" placeholder=${t('groups.newPlaceholder')} value=${title} onInput=${(e) => setTitle(e.target.value)} maxlength="30" />
        <button type="submit" class="btn btn-primary" disabled=${busy || !title.trim() || s.lists.length >= max}><${Icon} name="plus" size=${16} /> ${t('groups.create')}</button>
      </form>
      <${ErrorNote} error=${error} context="groups" />
      ${!loaded && !s.lists.length ? html`<${Spinner} />` : null}
      ${loaded && !s.lists.length ? html`<${Empty} icon="users">${t('groups.none')}<//>` : null}
      <ul class="group-list">${s.lists.map((l) => html`<${GroupRow} key=${l.id + l.title} list=${l} />`)}</ul>
    </section>
  </div>`;
}

export function GroupDetail({ id }) {
  const s = useStore();
  const list = s.lists.find((l) => l.id === id);
  const members = usePaged((q) => Api.listAccounts(id, q), [id], { endOnShort: true, limit: 40 });
  const followees = usePaged((q) => Api.following(store.me.id, q), [id, s.me?.id], { endOnShort: true, limit: 40 });
  const [error, setError] = useState(null);
  useEffect(() => { if (!list) refreshLists(); }, [id]);
  const memberIds = new Set(members.items.map((a) => a.id));
  const add = async (a) => {
    setError(null);
    try {
      await Api.addToList(id, [a.id]);
      members.prepend([a]);
      toast(t('groups.added', { name: displayName(a), group: list?.title || '' }));
      refreshLists();
    } catch (err) { setError(err); }
  };
  const remove = async (a) => {
    setError(null);
    try {
      await Api.removeFromList(id, [a.id]);
      members.remove(a.id);
      toast(t('groups.removed', { name: displayName(a), group: list?.title || '' }));
      refreshLists();
    } catch (err) { setError(err); }
  };
  if (members.error && !members.loaded) {
    return html`<div class="page"><${BackBar} /><${ErrorNote} error=${members.error} /></div>`;
  }
  const candidates = followees.items.filter((a) => !memberIds.has(a.id));
  return html`<div class="page page-group">
    <${BackBar} title=${list ? list.title : t('groups.title')} />
    <${ErrorNote} error=${error} context="groups" />
    <section class="card" aria-labelledby="members-title">
      <div class="card-head">
        <h2 id="members-title" class="card-title">${t('groups.memberList')} <span class="muted">${members.items.length}</span></h2>
        <${Link} href=${`/?group=${id}`} class="small-link">${t('groups.timeline')}<//>
      </div>
      ${!members.loaded ? html`<${Spinner} />` : members.items.length ? html`<ul class="account-list">
        ${members.items.map((a) => html`<li key=${a.id} class="account-row">
          <${Avatar} account=${a} size=${40} />
          <div class="account-main"><${Name} account=${a} handle /></div>
          <div class="account-actions"><button type="button" class="btn btn-small" onClick=${() => remove(a)} aria-label=${t('groups.removeLabel', { name: displayName(a) })}>${t('groups.remove')}</button></div>
        </li>`)}
      </ul>` : html`<p class="muted list-note">${t('groups.noMembers')}</p>`}
      ${members.loaded && !members.done ? html`<${LoadMore} onLoad=${members.loadMore} loading=${members.loading} done=${members.done} />` : null}
    </section>
    <section class="card" aria-labelledby="add-title">
      <h2 id="add-title" class="card-title">${t('groups.addFromFollowing')}</h2>
      ${!followees.loaded ? html`<${Spinner} />` : candidates.length ? html`<ul class="account-list">
        ${candidates.map((a) => html`<li key=${a.id} class="account-row">
          <${Avatar} account=${a} size=${40} />
          <div class="account-main"><${Name} account=${a} handle /></div>
          <div class="account-actions"><button type="button" class="btn btn-small btn-primary" onClick=${() => add(a)} aria-label=${t('groups.addLabel', { name: displayName(a) })}>${t('groups.add')}</button></div>
        </li>`)}
      </ul>` : html`<p class="muted list-note">${followees.items.length ? t('groups.allAdded') : html`${t('groups.followFirst')} <${Link} href="/explore">${t('home.emptyLink')}<//>`}</p>`}
      ${followees.loaded && !followees.done ? html`<${LoadMore} onLoad=${followees.loadMore} loading=${followees.loading} done=${followees.done} />` : null}
    </section>
    <p><button type="button" class="btn btn-ghost" onClick=${() => navigate('/groups')}>${t('groups.back')}</button></p>
  </div>`;
}

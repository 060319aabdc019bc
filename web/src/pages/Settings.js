// Settings: edit my profile, privacy (who may message me / comment), language, sessions, log out.
import { useEffect, useState } from 'preact/hooks';
import { html } from '../lib/html.js';
import { t, LANGS, setLang, getLang, formatTime, fullTime } from '../lib/i18n.js';
import { Api } from '../lib/api.js';
import { useStore, set, store } from '../lib/store.js';
import { ErrorNote, Spinner, toast } from '../components/ui.js';
import { signOut } from '../App.js';

function ProfileForm() {
  const me = store.me;
  const [f, setF] = useState({
    display_name: me.display_name || '', note: me.source?.note ?? me.note ?? '', location: me.location || '', kind: me.kind || 'personal',
  });
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const field = (k) => (e) => setF({ ...f, [k]: e.target.value });
  const save = async (e) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const a = await Api.updateMe(f);
      set({ me: { ...store.me, ...a, source: { ...store.me.source, note: f.note } } });
      toast(t('settings.saved'));
    } catch (err) { setError(err); } finally { setBusy(false); }
  };
  return html`<form class="card form settings-card" onSubmit=${save} aria-labelledby="profile-title">
    <h2 id="profile-title" class="card-title">${t('settings.profile')}</h2>
    <label class="field"><span>${t('auth.displayName')}</span><input name="display_name" value=${f.display_name} onInput=${field('display_name')} maxlength="30" /></label>
    <label class="field"><span>${t('settings.note')}</span><textarea name="note" rows="3" value=${f.note} onInput=${field('note')} maxlength="300"></textarea></label>
    <label class="field"><span>${t('settings.location')}</span><input name="location" value=${f.location} onInput=${field('location')} maxlength="30" /></label>
    <fieldset class="field radio-row"><legend>${t('auth.kind')}</legend>
      <label class="check"><input type="radio" name="kind" value="personal" checked=${f.kind === 'personal'} onChange=${field('kind')} /> ${t('kind.personal')}</label>
      <label class="check"><input type="radio" name="kind" value="enterprise" checked=${f.kind === 'enterprise'} onChange=${field('kind')} /> ${t('kind.enterprise')}</label>
    </fieldset>
    <${ErrorNote} error=${error} />
    <div class="form-actions"><button type="submit" class="btn btn-primary" disabled=${busy}>${t('common.save')}</button></div>
  </form>`;
}

function PrivacyForm() {
  const me = store.me;
  const [dm, setDm] = useState(me.source?.dm_policy || 'everyone');
  const [cp, setCp] = useState(me.source?.comment_policy || 'everyone');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const save = async (e) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await Api.updateMe({ dm_policy: dm, comment_policy: cp });
      set({ me: { ...store.me, source: { ...store.me.source, dm_policy: dm, comment_policy: cp } } });
      toast(t('settings.saved'));
    } catch (err) { setError(err); } finally { setBusy(false); }
  };
  return html`<form class="card form settings-card" onSubmit=${save} aria-labelledby="privacy-title">
    <h2 id="privacy-title" class="card-title">${t('settings.privacy')}</h2>
    <label class="field"><span>${t('settings.dmPolicy')}</span>
      <select class="select" name="dm_policy" value=${dm} onChange=${(e) => setDm(e.target.value)}>
        ${['everyone', 'following', 'friends'].map((v) => html`<option key=${v} value=${v}>${t(`dmPolicy.${v}`)}</option>`)}
      </select></label>
    <label class="field"><span>${t('settings.commentPolicy')}</span>
      <select class="select" name="comment_policy" value=${cp} onChange=${(e) => setCp(e.target.value)}>
        ${['everyone', 'fans', 'friends', 'nobody'].map((v) => html`<option key=${v} value=${v}>${t(`commentPolicy.${v}`)}</option>`)}
      </select></label>
    <${ErrorNote} error=${error} />
    <div class="form-actions"><button type="submit" class="btn btn-primary" disabled=${busy}>${t('common.save')}</button></div>
  </form>`;
}

function Sessions() {
  const [list, setList] = useState(null);
  const [error, setError] = useState(null);
  const load = () => Api.sessions().then(setList, setError);
  useEffect(() => { load(); }, []);
  const end = async (sess) => {
    try {
      await Api.endSession(sess.id);
      toast(t('settings.sessionEnded'));
      load();
    } catch (err) { toast.error(err); }
  };
  return html`<section class="card settings-card" aria-labelledby="sessions-title">
    <h2 id="sessions-title" class="card-title">${t('settings.sessions')}</h2>
    <${ErrorNote} error=${error} onRetry=${load} />
    ${!list && !error ? html`<${Spinner} />` : null}
    <ul class="session-list">
      ${(list || []).map((x) => html`<li key=${x.id} class="session">
        <div><strong>${x.client || t('settings.unknownClient')}</strong>${x.current ? html` <span class="chip">${t('settings.thisSession')}</span>` : null}
          <p class="muted small">${x.ip || ''} · <span title=${fullTime(x.last_used_at || x.created_at)}>${t('settings.lastUsed', { time: formatTime(x.last_used_at || x.created_at) })}</span></p></div>
        ${x.current ? null : html`<button type="button" class="btn btn-small" onClick=${() => end(x)}>${t('settings.endSession')}</button>`}
      </li>`)}
    </ul>
  </section>`;
}

export function Settings() {
  const s = useStore();
  return html`<div class="page page-settings">
    <header class="page-head"><h1>${t('settings.title')}</h1></header>
    <${ProfileForm} key=${s.me.id} />
    <${PrivacyForm} key=${`p${s.me.id}`} />
    <section class="card settings-card" aria-labelledby="lang-title">
      <h2 id="lang-title" class="card-title">${t('settings.language')}</h2>
      <div class="radio-row" role="radiogroup" aria-labelledby="lang-title">
        ${LANGS.map((l) => html`<label class="check" key=${l.id} lang=${l.htmlLang}><input type="radio" name="lang" value=${l.id} checked=${getLang() === l.id}
          onChange=${() => { setLang(l.id); set({ lang: l.id }); }} /> ${l.label}</label>`)}
      </div>
    </section>
    <${Sessions} />
    <section class="card settings-card">
      <button type="button" class="btn btn-danger" onClick=${signOut}>${t('nav.logout')}</button>
    </section>
  </div>`;
}

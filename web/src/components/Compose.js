// The compose box: Weibo character count, visibility picker (public / fans / friends / group /
// only me), @-mention autocomplete, #topic# highlighting, long posts.
import { useRef, useState } from 'preact/hooks';
import { html } from '../lib/html.js';
import { t } from '../lib/i18n.js';
import { Api } from '../lib/api.js';
import { store, useStore, limits, emit } from '../lib/store.js';
import { measure } from '../lib/text.js';
import { Link } from '../lib/router.js';
import { RichTextarea } from './RichTextarea.js';
import { Counter, toast, ErrorNote } from './ui.js';
import { Icon } from './icons.js';

export const VISIBILITIES = ['public', 'fans', 'friends', 'group', 'only_me'];

let n = 0;

export function Compose({ initialText = '', onPosted, compact = false }) {
  const s = useStore();
  const [text, setText] = useState(initialText);
  const [visibility, setVisibility] = useState('public');
  const [groupId, setGroupId] = useState('');
  const [long, setLong] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const ids = useRef({ counter: `compose-count-${++n}`, vis: `compose-vis-${n}`, group: `compose-group-${n}`, hint: `compose-hint-${n}` }).current;
  const inputRef = useRef(null);

  const lim = limits();
  const max = long ? lim.longPost : lim.post;
  const m = measure(text, { weiboMax: max, serverMax: max });
  const lists = s.lists || [];
  const needGroup = visibility === 'group' && !groupId;
  const canSend = !busy && !m.empty && !m.overServer && !needGroup;
  const showLong = long || m.cps > lim.post;

  let hint = null;
  if (m.overServer) hint = t('compose.overServer', { max });
  else if (needGroup) hint = lists.length ? t('compose.pickGroup') : null;

  const submit = async () => {
    if (!canSend) return;
    setBusy(true);
    setError(null);
    try {
      const body = { status: text, visibility };
      if (visibility === 'group') body.group_id = groupId || (lists[0] && lists[0].id);
      if (long) body.long = true;
      const status = await Api.createStatus(body);
      setText('');
      setLong(false);
      toast(t('compose.posted'));
      emit('status:created', status);
      onPosted?.(status);
      inputRef.current?.focus();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };

  return html`<form class=${`compose card${compact ? ' compact' : ''}`} onSubmit=${(e) => { e.preventDefault(); submit(); }} aria-label=${t('compose.title')}>
    ${compact ? null : html`<h2 class="compose-title">${t('compose.title')}</h2>`}
    <${RichTextarea} value=${text} onInput=${(v) => { setText(v); setError(null); }} label=${t('compose.label')}
      placeholder=${t('compose.placeholder')} rows=${2} onSubmit=${submit}
      describedBy=${`${ids.counter} ${ids.hint}`} inputRef=${inputRef} name="status" />
    <div class="compose-bar">
      <div class="compose-options">
        <label class="select-label" for=${ids.vis}><${Icon} name="eye" size=${16} /><span class="sr-only">${t('compose.visibility')}</span></label>
        <select id=${ids.vis} class="select" value=${visibility} onChange=${(e) => setVisibility(e.target.value)} title=${t('compose.visibility')}>
          ${VISIBILITIES.map((v) => html`<option key=${v} value=${v}>${t(`visibility.${v}`)}</option>`)}
        </select>
        ${visibility === 'group' ? (lists.length
          ? html`<label class="sr-only" for=${ids.group}>${t('compose.group')}</label>
            <select id=${ids.group} class="select" value=${groupId} onChange=${(e) => setGroupId(e.target.value)}>
              <option value="">${t('compose.pickGroup')}</option>
              ${lists.map((l) => html`<option key=${l.id} value=${l.id}>${l.title}</option>`)}
            </select>`
          : html`<${Link} href="/groups" class="small-link">${t('compose.noGroups')}<//>`) : null}
        ${showLong ? html`<label class="check"><input type="checkbox" checked=${long} onChange=${(e) => setLong(e.target.checked)} /> ${t('compose.long', { max: lim.longPost })}</label>` : null}
      </div>
      <div class="compose-send">
        <${Counter} m=${m} id=${ids.counter} />
        <button type="submit" class="btn btn-primary" disabled=${!canSend}>${busy ? t('compose.sending') : t('compose.send')}</button>
      </div>
    </div>
    <p id=${ids.hint} class="compose-hint" aria-live="polite">${hint}</p>
    <${ErrorNote} error=${error} context="post" />
  </form>`;
}

// Forward / comment visibility labels are shared with the picker above.
export function visibilityLabel(v) {
  return t(`visibility.${v}`);
}

export function canForward(status) {
  const a = status?.audience || status?.visibility;
  return !['friends', 'group', 'only_me', 'direct'].includes(a) && !status?.deleted && !status?.forward?.root_deleted;
}

export { store };

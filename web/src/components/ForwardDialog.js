// Forward dialog: forward a post with a comment ("also comment" posts it as a comment too), or
// forward a comment (the forward carries the comment: `own words //@commenter: comment`).
import { useRef, useState } from 'preact/hooks';
import { html } from '../lib/html.js';
import { t } from '../lib/i18n.js';
import { Api } from '../lib/api.js';
import { limits } from '../lib/store.js';
import { measure, displayName } from '../lib/text.js';
import { Modal, Counter, ErrorNote, toast } from './ui.js';
import { RichTextarea } from './RichTextarea.js';

const FORWARD_VISIBILITIES = ['public', 'fans', 'friends', 'only_me'];
let n = 0;

export function ForwardDialog({ status, comment, onClose, onDone }) {
  const [text, setText] = useState('');
  const [alsoComment, setAlsoComment] = useState(false);
  const [visibility, setVisibility] = useState('public');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const ids = useRef({ counter: `fwd-count-${++n}`, vis: `fwd-vis-${n}` }).current;
  const max = limits().post;
  const m = measure(text, { weiboMax: max, serverMax: max });
  const target = comment ? comment.account : status.account;
  const preview = comment ? comment.text : status.text;
  const canComment = !comment && status.comment_policy !== 'nobody';

  const submit = async () => {
    if (busy || m.overServer) return;
    setBusy(true);
    setError(null);
    try {
      const fwd = comment
        ? await Api.forwardComment(comment.id, { status: text })
        : await Api.forward(status.id, { status: text, also_comment: alsoComment && !m.empty, visibility });
      toast(t('forward.done'));
      onDone?.(fwd, { alsoComment });
      onClose();
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  return html`<${Modal} title=${comment ? t('forward.commentTitle') : t('forward.title')} onClose=${onClose}>
    <form class="forward-form" onSubmit=${(e) => { e.preventDefault(); submit(); }}>
      <blockquote class="quote quote-preview">
        <strong>@${displayName(target)}</strong>: ${preview}
      </blockquote>
      <${RichTextarea} value=${text} onInput=${setText} label=${t('forward.label')} placeholder=${t('forward.placeholder')}
        rows=${3} onSubmit=${submit} describedBy=${ids.counter} autofocus />
      <div class="compose-bar">
        <div class="compose-options">
          ${comment ? null : html`
            <label class="check"><input type="checkbox" name="also_comment" checked=${alsoComment} disabled=${!canComment} onChange=${(e) => setAlsoComment(e.target.checked)} />
              ${t('forward.alsoComment', { name: displayName(status.account) })}</label>
            <label class="sr-only" for=${ids.vis}>${t('forward.visibility')}</label>
            <select id=${ids.vis} class="select" value=${visibility} onChange=${(e) => setVisibility(e.target.value)} title=${t('forward.visibility')}>
              ${FORWARD_VISIBILITIES.map((v) => html`<option key=${v} value=${v}>${t(`visibility.${v}`)}</option>`)}
            </select>`}
        </div>
        <div class="compose-send">
          <${Counter} m=${m} id=${ids.counter} />
          <button type="submit" class="btn btn-primary" disabled=${busy || m.overServer}>${t('forward.submit')}</button>
        </div>
      </div>
      ${m.overServer ? html`<p class="compose-hint">${t('compose.overServer', { max })}</p>` : null}
      <${ErrorNote} error=${error} context="forward" />
    </form>
  <//>`;
}

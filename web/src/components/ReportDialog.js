// 举报: report an account, one of its posts or one of its comments to the moderators
// (POST /api/v1/reports) with one of the five categories and an optional comment.
import { useRef, useState } from 'preact/hooks';
import { html } from '../lib/html.js';
import { t } from '../lib/i18n.js';
import { Api } from '../lib/api.js';
import { displayName } from '../lib/text.js';
import { Modal, ErrorNote, toast } from './ui.js';

export const REPORT_CATEGORIES = ['spam', 'zombie', 'harassment', 'illegal', 'other'];
const MAX_COMMENT = 1000;
let n = 0;

// Exactly one of status / comment may be given; without either the account itself is reported.
export function ReportDialog({ account, status, comment, onClose }) {
  const [category, setCategory] = useState('');
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState(null);
  const ids = useRef({ text: `report-text-${++n}`, count: `report-count-${n}` }).current;
  const what = comment ? 'comment' : status ? 'post' : 'account';
  const length = Array.from(text).length;
  const submit = async (e) => {
    e.preventDefault();
    if (!category || busy || length > MAX_COMMENT) return;
    setBusy(true);
    setError(null);
    try {
      const body = { account_id: account.id, category };
      if (status) body.post_id = status.id;
      if (comment) body.comment_id = comment.id;
      if (text.trim()) body.comment = text.trim();
      await Api.report(body);
      toast(t('report.sent'));
      onClose();
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };
  return html`<${Modal} title=${t('report.title', { name: displayName(account) })} onClose=${onClose} class="report-dialog">
    <form class="form" onSubmit=${submit}>
      <p class="dialog-text muted">${t(`report.what.${what}`)}</p>
      ${comment || status ? html`<blockquote class="report-quote">${comment ? comment.text : status.forward ? (status.forward.comment || t('forward.noComment')) : status.text}</blockquote>` : null}
      <fieldset class="field report-cats">
        <legend>${t('report.category')}</legend>
        ${REPORT_CATEGORIES.map((c) => html`<label key=${c} class="check report-cat">
          <input type="radio" name="category" value=${c} checked=${category === c} onChange=${() => setCategory(c)} />
          <span><strong>${t(`report.cat.${c}`)}</strong><small class="muted">${t(`report.hint.${c}`)}</small></span>
        </label>`)}
      </fieldset>
      <label class="field" for=${ids.text}><span>${t('report.comment')}</span>
        <textarea id=${ids.text} name="comment" rows="3" value=${text} maxlength=${MAX_COMMENT} aria-describedby=${ids.count}
          placeholder=${t('report.commentPlaceholder')} onInput=${(e) => setText(e.target.value)}></textarea>
        <small id=${ids.count} class=${`muted${length > MAX_COMMENT ? ' over' : ''}`}>${t('report.commentCount', { n: length, max: MAX_COMMENT })}</small>
      </label>
      <${ErrorNote} error=${error} context="report" />
      <div class="dialog-actions">
        <button type="button" class="btn" onClick=${onClose}>${t('common.cancel')}</button>
        <button type="submit" class="btn btn-primary" disabled=${!category || busy || length > MAX_COMMENT}>${busy ? t('report.sending') : t('report.submit')}</button>
      </div>
    </form>
  <//>`;
}

// A textarea that highlights #话题# and @mentions as you type (a highlight layer behind the
// transparent textarea) and offers @-mention autocomplete (a WAI-ARIA combobox with a listbox).
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { html } from '../lib/html.js';
import { t } from '../lib/i18n.js';
import { Api } from '../lib/api.js';
import { highlightSegments, mentionQuery, displayName } from '../lib/text.js';
import { Avatar, VBadge } from './ui.js';

let uid = 0;

export function RichTextarea({ value, onInput, label, placeholder, rows = 3, onSubmit, describedBy, id, autofocus, inputRef, name }) {
  const ref = useRef(null);
  const backRef = useRef(null);
  const [suggest, setSuggest] = useState(null); // {query, start, end, items, active}
  const ids = useRef({ list: `mention-list-${++uid}`, input: id || `rich-${uid}` }).current;
  const timer = useRef(0);
  const seq = useRef(0);
  const caretAfter = useRef(null); // where a chosen mention leaves the caret, once it is in the box

  useEffect(() => { if (inputRef) inputRef.current = ref.current; });
  useEffect(() => { if (autofocus) ref.current?.focus(); }, []);
  // Grow with the text (up to a cap, then scroll), so the highlight layer lines up.
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    el.style.height = 'auto';
    const full = el.scrollHeight;
    el.style.height = `${Math.min(full, 360)}px`;
    el.style.overflowY = full > 360 ? 'auto' : 'hidden';
    syncScroll();
  }, [value]);
  // A chosen mention's caret is placed as soon as the new text is in the box, before the next
  // keystroke can land: a deferred frame let fast typing land first and then moved the caret back
  // into the middle of what was typed.
  useLayoutEffect(() => {
    const el = ref.current;
    const pos = caretAfter.current;
    if (pos === null || !el || el.value !== value) return;
    caretAfter.current = null;
    el.focus();
    el.setSelectionRange(pos, pos);
  }, [value]);

  const syncScroll = () => {
    if (backRef.current && ref.current) backRef.current.scrollTop = ref.current.scrollTop;
  };

  const lookup = (text, caret) => {
    const q = mentionQuery(text, caret);
    clearTimeout(timer.current);
    if (!q) { setSuggest(null); return; }
    const my = ++seq.current;
    timer.current = setTimeout(async () => {
      try {
        const items = await Api.searchAccounts(q.query, 6);
        if (my !== seq.current) return;
        setSuggest(items && items.length ? { ...q, items, active: 0 } : null);
      } catch { if (my === seq.current) setSuggest(null); }
    }, 120);
  };

  const input = (e) => {
    onInput(e.target.value);
    lookup(e.target.value, e.target.selectionStart);
  };

  const choose = (account) => {
    if (!suggest) return;
    // The suggestions may be for fewer letters than the box now holds (typed while the search
    // ran): replace the mention as it is at the caret now, not as it was when they were asked for.
    const el = ref.current;
    const text = el ? el.value : value;
    const range = (el && mentionQuery(text, el.selectionStart)) || suggest;
    const before = text.slice(0, range.start);
    const after = text.slice(range.end);
    const insert = `@${account.username} `;
    const next = before + insert + after.replace(/^ /, '');
    caretAfter.current = before.length + insert.length;
    onInput(next);
    setSuggest(null);
    seq.current++;
  };

  const keydown = (e) => {
    if (suggest) {
      const n = suggest.items.length;
      if (e.key === 'ArrowDown') { e.preventDefault(); setSuggest({ ...suggest, active: (suggest.active + 1) % n }); return; }
      if (e.key === 'ArrowUp') { e.preventDefault(); setSuggest({ ...suggest, active: (suggest.active - 1 + n) % n }); return; }
      if (e.key === 'Enter' || e.key === 'Tab') {
        if (!e.ctrlKey && !e.metaKey) { e.preventDefault(); choose(suggest.items[suggest.active]); return; }
      }
      if (e.key === 'Escape') { e.preventDefault(); e.stopPropagation(); setSuggest(null); seq.current++; return; }
    }
    if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && onSubmit) { e.preventDefault(); onSubmit(); }
  };

  const segments = highlightSegments(value || '');
  const open = !!suggest;
  return html`<div class="rich">
    <label class="sr-only" for=${ids.input}>${label}</label>
    <div class="rich-box">
      <div class="rich-backdrop" ref=${backRef} aria-hidden="true">${segments.map((s, i) => (s.kind
        ? html`<mark key=${i} class=${`hl hl-${s.kind}`}>${s.text}</mark>`
        : html`<span key=${i}>${s.text}</span>`))}${'\n'}</div>
      <textarea id=${ids.input} ref=${ref} class="rich-input" rows=${rows} name=${name}
        placeholder=${placeholder} value=${value}
        onInput=${input} onKeyDown=${keydown} onScroll=${syncScroll}
        onClick=${(e) => lookup(e.target.value, e.target.selectionStart)}
        onBlur=${() => setTimeout(() => setSuggest(null), 150)}
        role="combobox" aria-autocomplete="list" aria-expanded=${open ? 'true' : 'false'}
        aria-controls=${ids.list} aria-describedby=${describedBy}
        aria-activedescendant=${open ? `${ids.list}-${suggest.active}` : undefined}></textarea>
    </div>
    <ul id=${ids.list} class=${`mention-list${open ? ' open' : ''}`} role="listbox" aria-label=${t('compose.mentionSuggestions')}>
      ${open ? suggest.items.map((a, i) => html`<li key=${a.id} id=${`${ids.list}-${i}`} role="option"
          aria-selected=${i === suggest.active ? 'true' : 'false'} class=${i === suggest.active ? 'active' : ''}
          onMouseDown=${(e) => { e.preventDefault(); choose(a); }}>
          <${Avatar} account=${a} size=${28} link=${false} />
          <span class="mention-name">${displayName(a)} <${VBadge} account=${a} size=${14} /></span>
          <span class="handle">@${a.username}</span>
        </li>`) : null}
    </ul>
  </div>`;
}

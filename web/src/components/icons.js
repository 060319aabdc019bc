// Line icons (24×24, stroke = currentColor). Decorative: always aria-hidden, the label is text.
import { html } from '../lib/html.js';

const paths = {
  home: 'M3 10.5 12 3l9 7.5V20a1 1 0 0 1-1 1h-5v-6H9v6H4a1 1 0 0 1-1-1z',
  explore: 'M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18zm3.5-12.5-2 5-5 2 2-5z',
  bell: 'M6 16V11a6 6 0 1 1 12 0v5l1.5 2h-15zM10 20.5a2.2 2.2 0 0 0 4 0',
  mail: 'M3.5 6h17v12h-17zM4 6.5l8 6.5 8-6.5',
  user: 'M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8zm-7.5 9a7.5 7.5 0 0 1 15 0',
  users: 'M9 11a3.5 3.5 0 1 0 0-7 3.5 3.5 0 0 0 0 7zm-6.5 9a6.5 6.5 0 0 1 13 0M16 4.3a3.5 3.5 0 0 1 0 6.4M18.5 14.5a6.5 6.5 0 0 1 3 5.5',
  settings: 'M12 15a3 3 0 1 0 0-6 3 3 0 0 0 0 6zm7.4-3a7.4 7.4 0 0 0-.1-1.3l2-1.6-2-3.4-2.4 1a7.4 7.4 0 0 0-2.2-1.3L14.3 3h-4l-.4 2.4a7.4 7.4 0 0 0-2.2 1.3l-2.4-1-2 3.4 2 1.6a7.4 7.4 0 0 0 0 2.6l-2 1.6 2 3.4 2.4-1a7.4 7.4 0 0 0 2.2 1.3l.4 2.4h4l.4-2.4a7.4 7.4 0 0 0 2.2-1.3l2.4 1 2-3.4-2-1.6c.1-.4.1-.9.1-1.3z',
  shield: 'M12 3 4.5 6v5.5c0 4.6 3.2 8.3 7.5 9.5 4.3-1.2 7.5-4.9 7.5-9.5V6zM9 12l2 2 4-4',
  forward: 'M14 4.5 20 10l-6 5.5M20 10H9.5A5.5 5.5 0 0 0 4 15.5V20',
  comment: 'M4 5h16v11H9l-5 4z',
  like: 'M7 10v10H4V10zm0 0 4.2-6.3a1.8 1.8 0 0 1 3.3 1.2L13.8 9H19a2 2 0 0 1 2 2.3l-1.3 7A2 2 0 0 1 17.7 20H7',
  likeFilled: 'M7 10v10H4V10zm0 0 4.2-6.3a1.8 1.8 0 0 1 3.3 1.2L13.8 9H19a2 2 0 0 1 2 2.3l-1.3 7A2 2 0 0 1 17.7 20H7',
  more: 'M5 12h.01M12 12h.01M19 12h.01',
  pen: 'M4 20h4L19 9l-4-4L4 16zM13.5 6.5l4 4',
  logout: 'M15 4h4v16h-4M10 8l-4 4 4 4M6 12h10',
  globe: 'M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18zM3 12h18M12 3c2.5 2.5 3.5 5.5 3.5 9s-1 6.5-3.5 9c-2.5-2.5-3.5-5.5-3.5-9S9.5 5.5 12 3z',
  lock: 'M6 11h12v9H6zM8.5 11V8a3.5 3.5 0 0 1 7 0v3',
  close: 'M6 6l12 12M18 6 6 18',
  back: 'M15 5l-7 7 7 7',
  send: 'M4 12 20 4l-4 16-4-6zM12 14l8-10',
  plus: 'M12 5v14M5 12h14',
  search: 'M10.5 17.5a7 7 0 1 0 0-14 7 7 0 0 0 0 14zM15.5 15.5 21 21',
  fire: 'M12 21c-3.9 0-7-2.7-7-6.5 0-3.3 2.4-5.3 3.6-7.6.4 1.6 1.3 2.8 2.4 3.3C11.3 6.6 13 4.3 15.5 3c-.6 2.8.4 4.6 1.8 6.3 1 1.3 1.7 2.8 1.7 4.7C19 18 15.9 21 12 21z',
  trash: 'M5 7h14M10 7V4.5h4V7M7 7l1 13h8l1-13',
  at: 'M16 12a4 4 0 1 1-1.2-2.8V13a2.5 2.5 0 0 0 5 0v-1a8 8 0 1 0-3.2 6.4',
  reply: 'M10 8 5 12.5l5 4.5M5 12.5h9a5 5 0 0 1 5 5V19',
  check: 'M5 12.5 10 17l9-10',
  location: 'M12 21s-6.5-6-6.5-11a6.5 6.5 0 0 1 13 0c0 5-6.5 11-6.5 11zm0-8.5a2.5 2.5 0 1 0 0-5 2.5 2.5 0 0 0 0 5z',
  calendar: 'M4 6h16v14H4zM4 10h16M8 3.5v4M16 3.5v4',
  flag: 'M5 21V4M5 4h11l-2 4 2 4H5',
  chart: 'M4 20V4M4 20h16M8 16v-5M12 16V8M16 16v-7M20 16v-3',
  download: 'M12 4v11M7.5 10.5 12 15l4.5-4.5M5 19.5h14',
  eye: 'M2.5 12S6 5.5 12 5.5 21.5 12 21.5 12 18 18.5 12 18.5 2.5 12 2.5 12zM12 15a3 3 0 1 0 0-6 3 3 0 0 0 0 6z',
};

export function Icon({ name, size = 20, filled = false, class: cls = '' }) {
  return html`<svg class=${`icon ${cls}`} width=${size} height=${size} viewBox="0 0 24 24" aria-hidden="true" focusable="false"
    fill=${filled ? 'currentColor' : 'none'} stroke="currentColor" stroke-width=${name === 'more' ? 3 : 1.8}
    stroke-linecap="round" stroke-linejoin="round"><path d=${paths[name] || ''} /></svg>`;
}

export function Logo({ size = 32 }) {
  return html`<svg width=${size} height=${size} viewBox="0 0 64 64" aria-hidden="true" focusable="false">
    <rect width="64" height="64" rx="16" fill="#ff8200" />
    <path d="M14 38c6-10 14-16 22-16 8 0 13 5 13 11 0 9-10 17-23 17-7 0-12-3-12-12z" fill="#fff" />
    <circle cx="44" cy="18" r="6" fill="#fff" opacity=".85" />
  </svg>`;
}

// The shell: top bar, navigation (side on desktop, tab bar on phones), the routed page, the side
// column, toasts; and the session: verify_credentials, my groups, unread counts by polling.
import { useEffect, useRef, useState } from 'preact/hooks';
import { html } from './lib/html.js';
import { t, setLang, getLang, LANGS } from './lib/i18n.js';
import { Api, getToken, setToken, setUnauthenticatedHandler, setRateLimitedHandler } from './lib/api.js';
import { store, set, useStore, isModerator, pollInterval, on } from './lib/store.js';
import { Link, navigate, useRoute, match } from './lib/router.js';
import { Avatar, Name, Toasts, Spinner, toast, rateLimited } from './components/ui.js';
import { Icon, Logo } from './components/icons.js';
import { formatNumber } from './lib/i18n.js';

import { Home } from './pages/Home.js';
import { Explore } from './pages/Explore.js';
import { TopicPage } from './pages/Topic.js';
import { HotPage } from './pages/Hot.js';
import { SearchPage, SearchBox } from './pages/Search.js';
import { HotSideCard } from './components/HotList.js';
import { Login, Signup } from './pages/Auth.js';
import { StatusPage } from './pages/StatusPage.js';
import { Profile } from './pages/Profile.js';
import { Notifications } from './pages/Notifications.js';
import { Messages, Conversation, NewMessage } from './pages/Messages.js';
import { Groups, GroupDetail } from './pages/Groups.js';
import { Settings } from './pages/Settings.js';
import { Admin } from './pages/Admin.js';
import { CaseQueue, CasePage } from './pages/Cases.js';
import { AuditLog } from './pages/AuditLog.js';
import { NotFound } from './pages/NotFound.js';
import { ANALYTICS_ROUTES } from './pages/AnalyticsRoutes.js';

const ROUTES = [
  ['/', Home, { auth: 'home' }],
  ['/explore', Explore],
  ['/login', Login],
  ['/signup', Signup],
  ['/status/:id', StatusPage],
  ['/tags/:name', TopicPage],
  ['/hot', HotPage],
  ['/search', SearchPage],
  ['/notifications/:type?', Notifications, { auth: true }],
  ['/messages', Messages, { auth: true }],
  ['/messages/requests', Messages, { auth: true, props: { requests: true } }],
  ['/messages/new', NewMessage, { auth: true }],
  ['/messages/:id', Conversation, { auth: true }],
  ['/groups', Groups, { auth: true }],
  ['/groups/:id', GroupDetail, { auth: true }],
  ['/settings', Settings, { auth: true }],
  ['/admin', Admin, { auth: 'moderator' }],
  ['/admin/cases', CaseQueue, { auth: 'moderator' }],
  ['/admin/cases/:id', CasePage, { auth: 'moderator' }],
  ['/admin/log', AuditLog, { auth: 'moderator' }],
  ...ANALYTICS_ROUTES,
  ['/@:handle/:tab?', Profile],
];

export async function refreshMe() {
  const me = await Api.me();
  set({ me });
  return me;
}

export async function refreshLists() {
  if (!store.me) return;
  try { set({ lists: await Api.lists() }); } catch { /* shown where it matters */ }
}

export async function refreshUnread() {
  if (!getToken()) return;
  try {
    const [n, m] = await Promise.all([Api.unreadNotifications(), Api.unreadMessages()]);
    set({ unread: { notifications: n?.count ?? 0, messages: m?.count ?? 0, requests: m?.requests ?? 0 } });
  } catch { /* next tick */ }
}

export async function signIn(token) {
  setToken(token);
  await refreshMe();
  await Promise.all([refreshLists(), refreshUnread()]);
}

export async function signOut() {
  const tok = getToken();
  try { if (tok) await Api.revoke(tok); } catch { /* the token is dropped anyway */ }
  setToken('');
  set({ me: null, lists: [], unread: { notifications: 0, messages: 0, requests: 0 } });
  navigate('/login');
}

setRateLimitedHandler(rateLimited);

setUnauthenticatedHandler(() => {
  setToken('');
  if (store.me) {
    set({ me: null, lists: [] });
    toast(t('auth.expired'));
    navigate('/login');
  }
});

async function boot() {
  try { set({ instance: await Api.instance() }); } catch { /* defaults */ }
  if (getToken()) {
    try { await signIn(getToken()); } catch { /* handled: token dropped */ }
  }
  set({ ready: true });
}

function LangSwitch() {
  const cur = getLang();
  return html`<div class="lang-switch" role="group" aria-label=${t('nav.language')}>
    ${LANGS.map((l) => html`<button key=${l.id} type="button" lang=${l.htmlLang} class=${cur === l.id ? 'active' : ''}
      aria-pressed=${cur === l.id ? 'true' : 'false'} data-lang=${l.id}
      onClick=${() => { setLang(l.id); set({ lang: l.id }); }}>${l.label}</button>`)}
  </div>`;
}

function navItems(s) {
  const me = s.me;
  if (!me) {
    return [
      { href: '/explore', icon: 'explore', label: t('nav.explore'), id: 'explore' },
      { href: '/hot', icon: 'fire', label: t('nav.hot'), id: 'hot' },
      { href: '/login', icon: 'user', label: t('nav.login'), id: 'login' },
      { href: '/signup', icon: 'plus', label: t('nav.signup'), id: 'signup' },
    ];
  }
  const msgs = (s.unread.messages || 0) + (s.unread.requests || 0);
  const items = [
    { href: '/', icon: 'home', label: t('nav.home'), id: 'home' },
    { href: '/explore', icon: 'explore', label: t('nav.explore'), id: 'explore' },
    { href: '/notifications', icon: 'bell', label: t('nav.notifications'), badge: s.unread.notifications, id: 'notifications' },
    { href: '/messages', icon: 'mail', label: t('nav.messages'), badge: msgs, id: 'messages' },
    { href: `/@${me.username}`, icon: 'user', label: t('nav.profile'), id: 'profile' },
    { href: '/hot', icon: 'fire', label: t('nav.hot'), id: 'hot', desktop: true },
    { href: '/groups', icon: 'users', label: t('nav.groups'), id: 'groups', desktop: true },
    { href: '/analytics', icon: 'chart', label: t('nav.analytics'), id: 'analytics', desktop: true },
    { href: '/settings', icon: 'settings', label: t('nav.settings'), id: 'settings', desktop: true },
  ];
  if (isModerator(me)) items.push({ href: '/admin', icon: 'shield', label: t('nav.admin'), id: 'admin', desktop: true });
  return items;
}

function isCurrent(item, path, me) {
  if (item.href === '/') return path === '/';
  if (item.id === 'profile') return me && (path === `/@${me.username}` || path.startsWith(`/@${me.username}/`));
  return path === item.href || path.startsWith(`${item.href}/`);
}

function Badge({ n }) {
  if (!n) return null;
  return html`<span class="badge" aria-label=${t('common.unreadCount', { count: n })}>${n > 99 ? '99+' : n}</span>`;
}

function SideNav({ s, path }) {
  return html`<nav class="sidenav" aria-label=${t('nav.main')}>
    <ul>
      ${navItems(s).map((it) => html`<li key=${it.id}>
        <${Link} href=${it.href} class=${`nav-link${isCurrent(it, path, s.me) ? ' active' : ''}`} aria-current=${isCurrent(it, path, s.me) ? 'page' : undefined} data-nav=${it.id}>
          <${Icon} name=${it.icon} size=${22} /><span class="nav-label">${it.label}</span><${Badge} n=${it.badge} />
        <//>
      </li>`)}
    </ul>
    ${s.me ? html`<button type="button" class="nav-link nav-logout" onClick=${signOut}><${Icon} name="logout" size=${22} /><span class="nav-label">${t('nav.logout')}</span></button>` : null}
  </nav>`;
}

function TabBar({ s, path }) {
  const items = navItems(s).filter((it) => !it.desktop);
  return html`<nav class="tabbar" aria-label=${t('nav.mainMobile')}>
    ${items.map((it) => html`<${Link} key=${it.id} href=${it.href} class=${`tabbar-link${isCurrent(it, path, s.me) ? ' active' : ''}`} aria-current=${isCurrent(it, path, s.me) ? 'page' : undefined}>
      <span class="tabbar-icon"><${Icon} name=${it.icon} size=${22} /><${Badge} n=${it.badge} /></span><span class="tabbar-label">${it.label}</span>
    <//>`)}
  </nav>`;
}

// The avatar in the top bar opens my account menu: the way to groups, settings, moderation and
// logging out on a phone, where the tab bar has room for five items only.
function AccountMenu({ s }) {
  const [open, setOpen] = useState(false);
  const ref = useRef(null);
  useEffect(() => {
    if (!open) return undefined;
    const close = (e) => { if (!ref.current?.contains(e.target)) setOpen(false); };
    document.addEventListener('mousedown', close);
    return () => document.removeEventListener('mousedown', close);
  }, [open]);
  const me = s.me;
  const items = [
    { href: `/@${me.username}`, icon: 'user', label: t('nav.profile') },
    { href: '/groups', icon: 'users', label: t('nav.groups') },
    { href: '/analytics', icon: 'chart', label: t('nav.analytics') },
    { href: '/settings', icon: 'settings', label: t('nav.settings') },
    ...(isModerator(me) ? [{ href: '/admin', icon: 'shield', label: t('nav.admin') }] : []),
  ];
  return html`<div class="menu account-menu" ref=${ref} onKeyDown=${(e) => { if (e.key === 'Escape') setOpen(false); }}>
    <button type="button" class="topbar-me" aria-haspopup="true" aria-expanded=${open ? 'true' : 'false'} aria-label=${t('nav.accountMenu')} onClick=${() => setOpen(!open)}>
      <${Avatar} account=${me} size=${32} link=${false} />
    </button>
    ${open ? html`<div class="menu-pop menu-right" role="menu">
      <p class="menu-head"><strong>${me.display_name || me.username}</strong><span class="muted small">@${me.username}</span></p>
      ${items.map((it) => html`<${Link} key=${it.href} href=${it.href} role="menuitem" class="menu-item" onClick=${() => setOpen(false)}><${Icon} name=${it.icon} size=${16} /> ${it.label}<//>`)}
      <button type="button" role="menuitem" class="menu-item" onClick=${() => { setOpen(false); signOut(); }}><${Icon} name="logout" size=${16} /> ${t('nav.logout')}</button>
    </div>` : null}
  </div>`;
}

function TopBar({ s }) {
  return html`<header class="topbar">
    <div class="topbar-inner">
      <${Link} href="/" class="brand" aria-label=${t('app.homeLink')}><${Logo} size=${30} /><span class="brand-name">${t('app.name')}</span><//>
      <${SearchBox} id="topbar-search" class="topbar-search" />
      <div class="topbar-right">
        <${LangSwitch} />
        ${s.me ? html`<${AccountMenu} s=${s} />`
          : html`<span class="topbar-auth"><${Link} href="/login" class="btn btn-small">${t('nav.login')}<//><${Link} href="/signup" class="btn btn-small btn-primary">${t('nav.signup')}<//></span>`}
      </div>
    </div>
  </header>`;
}

function SideColumn({ s }) {
  const me = s.me;
  return html`<aside class="side" aria-label=${t('side.label')}>
    ${me ? html`<section class="card side-card me-card">
      <div class="me-cover"></div>
      <div class="me-body">
        <${Avatar} account=${me} size=${56} />
        <div class="me-name"><${Name} account=${me} /></div>
        <p class="me-handle">@${me.username}</p>
        <ul class="me-counts">
          <li><${Link} href=${`/@${me.username}/following`}><strong>${formatNumber(me.following_count)}</strong><span>${t('profile.following')}</span><//></li>
          <li><${Link} href=${`/@${me.username}/fans`}><strong>${formatNumber(me.followers_count)}</strong><span>${t('profile.fans')}</span><//></li>
          <li><${Link} href=${`/@${me.username}`}><strong>${formatNumber(me.statuses_count)}</strong><span>${t('profile.posts')}</span><//></li>
        </ul>
      </div>
    </section>
    <section class="card side-card">
      <h2 class="side-title">${t('side.groups')}</h2>
      ${s.lists.length ? html`<ul class="side-list">${s.lists.map((l) => html`<li key=${l.id}><${Link} href=${`/?group=${l.id}`}>${l.title}<//><span class="muted">${l.members_count ?? ''}</span></li>`)}</ul>`
        : html`<p class="muted small">${t('side.noGroups')}</p>`}
      <${Link} href="/groups" class="small-link">${t('side.manageGroups')}<//>
    </section>`
    : html`<section class="card side-card welcome-card">
      <h2 class="side-title">${t('side.welcomeTitle')}</h2>
      <p class="muted">${t('side.welcomeText')}</p>
      <div class="welcome-actions"><${Link} href="/signup" class="btn btn-primary">${t('nav.signup')}<//><${Link} href="/login" class="btn">${t('nav.login')}<//></div>
    </section>`}
    <${HotSideCard} />
    <p class="side-foot muted small">${t('side.foot', { version: s.instance?.version || '' })}</p>
  </aside>`;
}

export function App() {
  const s = useStore();
  const route = useRoute();

  useEffect(() => { boot(); }, []);
  useEffect(() => {
    if (!s.me) return undefined;
    let timer = 0;
    let stopped = false;
    const tick = async () => {
      await refreshUnread();
      if (!stopped) timer = setTimeout(tick, pollInterval());
    };
    timer = setTimeout(tick, pollInterval());
    const off = on('unread:changed', refreshUnread);
    // My own new posts and forwards count on my profile card at once.
    const offPost = on('status:created', (st) => {
      if (store.me && st?.account?.id === store.me.id) set({ me: { ...store.me, statuses_count: (store.me.statuses_count || 0) + 1 } });
    });
    return () => { stopped = true; clearTimeout(timer); off(); offPost(); };
  }, [s.me?.id]);
  useEffect(() => {
    const n = (s.unread.notifications || 0) + (s.unread.messages || 0) + (s.unread.requests || 0);
    document.title = n ? `(${n}) ${t('app.name')}` : t('app.name');
  }, [s.unread, s.lang]);

  let page = null;
  let wide = false;
  for (const [pattern, Page, opts = {}] of ROUTES) {
    const params = match(pattern, route.path);
    if (!params) continue;
    if (!s.ready) { page = html`<${Spinner} />`; break; }
    if (opts.auth === 'home' && !s.me) { page = html`<${Explore} welcome />`; break; }
    if (opts.auth && !s.me) {
      page = html`<${Login} next=${route.path + (route.query.toString() ? `?${route.query}` : '')} />`;
      break;
    }
    if (opts.auth === 'moderator' && !isModerator(s.me)) { page = html`<${NotFound} />`; break; }
    wide = !!Page.wide;
    page = html`<${Page} key=${pattern} ...${params} ...${opts.props || {}} query=${route.query} />`;
    break;
  }
  if (!page) page = html`<${NotFound} />`;

  return html`<div class=${`app${s.me ? ' signed-in' : ''}`}>
    <a class="skip-link" href="#main" onClick=${(e) => { e.preventDefault(); document.getElementById('main')?.focus(); }}>${t('app.skip')}</a>
    <${TopBar} s=${s} />
    <div class=${`layout${wide ? ' layout-wide' : ''}`}>
      <${SideNav} s=${s} path=${route.path} />
      <main id="main" tabindex="-1">${page}</main>
      ${wide ? null : html`<${SideColumn} s=${s} />`}
    </div>
    <${TabBar} s=${s} path=${route.path} />
    <${Toasts} />
  </div>`;
}

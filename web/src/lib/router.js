// History-API routing: navigate(path), <Link href>, useRoute() → {path, query}.
import { h } from 'preact';
import { useEffect, useState } from 'preact/hooks';

const listeners = new Set();

function current() {
  return { path: decodeURIComponent(location.pathname), query: new URLSearchParams(location.search) };
}

export function navigate(to, { replace = false, focus = true } = {}) {
  if (to === location.pathname + location.search) return;
  if (replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  notify(focus);
}

function notify(focus) {
  for (const l of [...listeners]) l();
  window.scrollTo(0, 0);
  if (focus) {
    // Move focus to the new page so keyboard and screen-reader users start at its top.
    requestAnimationFrame(() => {
      const main = document.getElementById('main');
      if (main && !main.contains(document.activeElement)) main.focus({ preventScroll: true });
    });
  }
}

window.addEventListener('popstate', () => notify(false));

export function useRoute() {
  const [route, setRoute] = useState(current);
  useEffect(() => {
    const l = () => setRoute(current());
    listeners.add(l);
    return () => listeners.delete(l);
  }, []);
  return route;
}

export function Link({ href, onClick, children, ...rest }) {
  const click = (e) => {
    onClick?.(e);
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
    if (rest.target === '_blank' || !href || !href.startsWith('/')) return;
    e.preventDefault();
    navigate(href);
  };
  return h('a', { href, onClick: click, ...rest }, children);
}

// match('/@:handle/:tab?', '/@lihua/fans') → {handle: 'lihua', tab: 'fans'}
export function match(pattern, path) {
  const ps = pattern.split('/').filter(Boolean);
  const xs = path.split('/').filter(Boolean);
  const out = {};
  let i = 0;
  for (; i < ps.length; i++) {
    const p = ps[i];
    const optional = p.endsWith('?');
    const x = xs[i];
    const name = p.replace(/\?$/, '');
    if (x === undefined) {
      if (optional) continue;
      return null;
    }
    if (name.startsWith(':')) out[name.slice(1)] = x;
    else if (name.startsWith('@:')) {
      if (!x.startsWith('@') || x.length < 2) return null;
      out[name.slice(2)] = x.slice(1);
    } else if (name !== x) return null;
  }
  if (xs.length > ps.length) return null;
  return out;
}

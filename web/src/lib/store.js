// App-wide state: the signed-in account, the instance configuration, my followee groups and
// unread counts. Components subscribe with useStore(); updates go through set().
import { useEffect, useState } from 'preact/hooks';

export const store = {
  ready: false,       // verify_credentials has answered (or there is no token)
  me: null,           // Account with source and role
  instance: null,     // GET /api/v1/instance
  lists: [],          // my followee groups
  unread: { notifications: 0, messages: 0, requests: 0 },
  lang: 'zh',
};

const listeners = new Set();

export function set(patch) {
  Object.assign(store, typeof patch === 'function' ? patch(store) : patch);
  for (const l of [...listeners]) l();
}

export function useStore() {
  const [, force] = useState(0);
  useEffect(() => {
    const l = () => force((x) => x + 1);
    listeners.add(l);
    return () => listeners.delete(l);
  }, []);
  return store;
}

// A tiny event bus for things several views care about (a new post, an updated status).
const bus = new Map();
export function on(event, fn) {
  if (!bus.has(event)) bus.set(event, new Set());
  bus.get(event).add(fn);
  return () => bus.get(event).delete(fn);
}
export function emit(event, payload) {
  for (const fn of [...(bus.get(event) || [])]) fn(payload);
}

export function useEvent(event, fn, deps = []) {
  useEffect(() => on(event, fn), deps);
}

export function isModerator(me) {
  return !!me && (me.role === 'moderator' || me.role === 'admin');
}
export function isAdmin(me) {
  return !!me && me.role === 'admin';
}

// Limits from GET /api/v1/instance, with the documented defaults.
export function limits() {
  const c = store.instance?.configuration || {};
  return {
    post: c.statuses?.max_characters ?? 140,
    longPost: c.statuses?.max_long_characters ?? 2000,
    comment: c.comments?.max_characters ?? 140,
    message: c.messages?.max_characters ?? 2000,
    maxLists: c.lists?.max_lists ?? 20,
  };
}

// How often to poll for new posts and unread counts; tests shorten it via localStorage.
export function pollInterval() {
  try {
    const v = Number(localStorage.getItem('cw.pollMs'));
    if (v >= 200) return v;
  } catch { /* ignore */ }
  return 20000;
}

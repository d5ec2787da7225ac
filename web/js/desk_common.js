// Shared parts of the cable desk views: the sign-in gate, the desk sub-navigation, the
// directory (cached per signed-in user) and the small widgets (banner, result messages).
import { h, announce } from './dom.js';
import { get, whoAmI } from './api.js';

let directory = null;
let directoryUser = null;

// GET /api/desk/directory once per signed-in user.
export async function loadDirectory() {
  const who = await whoAmI();
  if (directory && directoryUser === who.user) return directory;
  const res = await get('/api/desk/directory');
  directory = res.ok ? res.data : { offices: [], groups: [], grants: [] };
  directoryUser = who.user;
  return directory;
}

// The offices where `user` holds `roles` (every role when empty), in directory order.
export function officesOf(dir, user, roles = []) {
  const ids = new Set(dir.grants.filter((g) => g.user === user && (!roles.length || roles.includes(g.role)))
    .map((g) => g.office));
  return dir.offices.filter((o) => ids.has(o.id));
}

export function usersWithRole(dir, role) {
  return [...new Set(dir.grants.filter((g) => g.role === role).map((g) => g.user))].sort();
}

// Returns null when signed in, else the "sign in first" content.
export async function signInGate(next) {
  const who = await whoAmI();
  if (who.authenticated) return null;
  return h('div', null, h('h1', null, 'Cable desk'),
    h('p', null, 'The cable desk is for signed-in officers. ',
      h('a', { href: `#/signin?next=${encodeURIComponent(next)}` }, 'Sign in'), ' to continue.'));
}

export function deskNav(current) {
  const link = (href, key, text) => h('li', null, h('a', { href, 'aria-current': current === key ? 'page' : null }, text));
  const openForm = h('form', { class: 'open-id', 'aria-label': 'Open a draft or cable by id' },
    h('label', { for: 'open-id' }, 'Open draft or cable id'),
    h('input', { id: 'open-id', name: 'id', placeholder: 'draft id or B-Yin-2025-1', size: 16 }),
    h('button', { type: 'submit' }, 'Open'));
  openForm.addEventListener('submit', (e) => {
    e.preventDefault();
    const id = String(new FormData(openForm).get('id') || '').trim();
    if (id) location.hash = id.startsWith('draft-') ? `#/desk/draft/${encodeURIComponent(id)}` : `#/desk/cable/${encodeURIComponent(id)}`;
  });
  return h('nav', { class: 'desk-nav', 'aria-label': 'Cable desk' },
    h('ul', null, link('#/desk/inbox', 'inbox', 'Inbox'), link('#/desk/compose', 'compose', 'Compose'),
      link('#/desk/queue', 'queue', 'Approval queue')), openForm);
}

// The classification banner lives in dom.js (the record page shows it too).
export { bannerBar } from './dom.js';

// A message area: `show(text, isError)` fills it and announces it.
export function messageArea() {
  const el = h('p', { class: 'message', role: 'status' });
  el.show = (text, isError = false) => {
    el.textContent = text;
    el.className = isError ? 'message error' : 'message ok';
    el.setAttribute('role', isError ? 'alert' : 'status');
    announce(text);
  };
  return el;
}

// Draft ids created in this browser (there is no "my drafts" route), newest first.
export function rememberDraft(id) {
  const ids = recentDrafts().filter((x) => x !== id);
  ids.unshift(id);
  try { localStorage.setItem('chancery.drafts', JSON.stringify(ids.slice(0, 20))); } catch { /* private mode */ }
}
export function recentDrafts() {
  try { return JSON.parse(localStorage.getItem('chancery.drafts') || '[]'); } catch { return []; }
}

export function when(iso) {
  return iso ? iso.replace('T', ' ').replace(/\.\d+Z$/, 'Z') : '';
}

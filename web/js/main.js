// The single-page shell: a hash router (URLs like #/search?q=... are shareable and work without
// any server-side routing), the navigation state and the sign-in indicator.
import { h, replace, focusHeading, announce } from './dom.js';
import { whoAmI, del, forgetWho } from './api.js';
import { searchView, recordView, helpView } from './reading.js';
import { signInView, inboxView, queueView, draftView, cableView } from './desk.js';
import { composeView } from './compose.js';
import { workspaceView, reviewQueueView } from './review.js';
import { requestsView } from './publication.js';
import { collectionsView, collectionView } from './browse.js';
import { authorityView } from './authority.js';
import { savedView } from './saved.js';

const routes = [
  [/^\/?$/, (m, q) => searchView(q)],
  [/^\/search$/, (m, q) => searchView(q)],
  [/^\/record\/([^/]+)\/v\/(\d+)$/, (m) => recordView(decodeURIComponent(m[1]), null, Number(m[2]))],
  [/^\/record\/(.+)$/, (m) => recordView(decodeURIComponent(m[1]))],
  [/^\/help$/, () => helpView()],
  [/^\/authorities\/(.+)$/, (m) => authorityView(decodeURIComponent(m[1]))],
  [/^\/collections\/?$/, () => collectionsView()],
  [/^\/collections\/(.+)$/, (m) => collectionView(decodeURIComponent(m[1]))],
  [/^\/signin$/, (m, q) => signInView(q)],
  [/^\/desk\/?$/, (m, q) => inboxView(q)],
  [/^\/desk\/inbox$/, (m, q) => inboxView(q)],
  [/^\/desk\/compose$/, (m, q) => composeView(q)],
  [/^\/desk\/queue$/, () => queueView()],
  [/^\/desk\/draft\/(.+)$/, (m) => draftView(decodeURIComponent(m[1]))],
  [/^\/desk\/cable\/(.+)$/, (m) => cableView(decodeURIComponent(m[1]))],
  [/^\/review\/?$/, () => reviewQueueView()],
  [/^\/review\/(.+)$/, (m) => workspaceView(decodeURIComponent(m[1]))],
  [/^\/requests$/, () => requestsView()],
  [/^\/saved$/, () => savedView()],
];

// "#/search?q=x" -> {path: "/search", query: URLSearchParams("q=x")}.
export function parseHash(hash = location.hash) {
  // A permalink (/records/ID or /records/ID/v/N, served by chanceryd) opens that record's page.
  const permalink = /^\/records\/([^/]+?)\/?(\/v\/\d+)?$/.exec(location.pathname);
  const text = hash.replace(/^#/, '') || (permalink ? `/record/${permalink[1]}${permalink[2] || ''}` : '/');
  const at = text.indexOf('?');
  const path = at < 0 ? text : text.slice(0, at);
  return { path, query: new URLSearchParams(at < 0 ? '' : text.slice(at + 1)) };
}

function markNav(path) {
  const section = path.startsWith('/desk') ? 'desk' : path === '/help' ? 'help'
    : path.startsWith('/collections') ? 'collections'
    : path === '/saved' ? 'saved'
    : path.startsWith('/review') || path === '/requests' ? 'review'
    : path === '/signin' ? 'signin' : 'reading';
  for (const link of document.querySelectorAll('[data-nav]')) {
    if (link.dataset.nav === section) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }
}

export async function renderWho() {
  const who = await whoAmI();
  const slot = document.getElementById('who');
  if (!who.authenticated) {
    replace(slot, h('a', { href: '#/signin', 'data-nav': 'signin' }, 'Sign in'));
    return;
  }
  const signOut = h('button', { type: 'button', class: 'link', onclick: async () => {
    await del('/api/session');
    forgetWho();
    announce('Signed out');
    await renderWho();
    location.hash = '#/';
  } }, 'Sign out');
  replace(slot, h('span', { class: 'who', 'data-user': who.user }, `Signed in as ${who.user}`),
    ' ', signOut);
}

async function render() {
  const { path, query } = parseHash();
  const main = document.getElementById('main');
  markNav(path);
  for (const [pattern, view] of routes) {
    const m = pattern.exec(path);
    if (!m) continue;
    main.setAttribute('aria-busy', 'true');
    const content = await view(m, query);
    main.removeAttribute('aria-busy');
    // A newer navigation may have started meanwhile; only the latest one draws.
    if (parseHash().path !== path) return;
    replace(main, content);
    focusHeading(main.querySelector('h1')?.textContent || 'Chancery');
    return;
  }
  replace(main, h('h1', null, 'Page not found'),
    h('p', null, 'No such page. ', h('a', { href: '#/' }, 'Back to the reading room')));
  focusHeading('Page not found');
}

window.addEventListener('hashchange', render);
window.addEventListener('chancery:who', () => { renderWho(); });
window.addEventListener('DOMContentLoaded', async () => {
  await renderWho();
  await render();
});

// Saved searches and their alerts (docs/alerts.md): the "Save this search" panel of the
// reading room's search page, and #/saved, the reader's saved searches with their alerts
// (records that matched after the search was saved and that the reader may read now), the
// secret Atom feed URL of each, a new URL or none (revoke), and removal.
import { h, replace, announce, formatDate } from './dom.js';
import { get, post, del, enc, whoAmI, withQuery } from './api.js';

function searchLink(s) {
  const params = new URLSearchParams();
  if (s.q) params.set('q', s.q);
  if (s.from) params.set('from', s.from);
  if (s.to) params.set('to', s.to);
  if (s.undated) params.set('undated', '1');
  const text = params.toString();
  return text ? `#/search?${text}` : '#/';
}

function describe(s) {
  const parts = [s.q ? `“${s.q}”` : 'every record'];
  if (s.from || s.to) parts.push(`dated ${s.from || '…'} to ${s.to || '…'}`);
  if (s.undated) parts.push('undated ones too');
  return parts.join(', ');
}

// The panel under the search form: only for a signed-in reader.
export async function saveSearchPanel(state) {
  const who = await whoAmI();
  if (!who.authenticated) {
    return h('p', { class: 'hint save-hint' }, h('a', { href: '#/signin' }, 'Sign in'),
      ' to save this search and be alerted when new records match it.');
  }
  const message = h('p', { class: 'message', id: 'save-message', role: 'status' });
  const name = h('input', { id: 'save-name', name: 'name', maxlength: 200,
    value: state.q || 'Everything', autocomplete: 'off' });
  const form = h('form', { class: 'save-search', 'aria-labelledby': 'save-title' },
    h('h2', { id: 'save-title' }, 'Alert me to new records'),
    h('div', { class: 'row' },
      h('div', { class: 'field' }, h('label', { for: 'save-name' }, 'Name of this saved search'), name),
      h('button', { type: 'submit', id: 'save-search' }, 'Save this search')),
    h('p', { class: 'hint' }, `Matches ${describe(state)}, as searched here; records that are published `
      + 'or become readable to you later are listed under ', h('a', { href: '#/saved' }, 'Saved searches'),
      ' and in its feed.'),
    message);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const sent = await post('/api/saved', { name: name.value.trim(), q: state.q, from: state.from,
      to: state.to, undated: state.undated });
    message.replaceChildren();
    if (sent.ok) {
      message.className = 'message ok';
      message.dataset.saved = sent.data.id;
      message.append(`Saved “${sent.data.name}”. `, h('a', { href: '#/saved' }, 'See your saved searches'), '.');
    } else {
      message.className = 'message error';
      message.setAttribute('role', 'alert');
      message.append(`Not saved: ${sent.error}`);
    }
    announce(message.textContent);
  });
  return form;
}

function alertItem(a) {
  return h('li', { class: 'alert-item', 'data-id': a.id },
    h('a', { href: `#/record/${enc(a.id)}` }, a.title || a.id),
    h('span', { class: 'meta' }, ` · ${formatDate(a.date) || 'Undated'} · `, h('code', null, a.id),
      ' · alerted ', h('time', { datetime: a.alerted }, a.alerted.replace('T', ' ').replace('Z', ' UTC'))));
}

function savedItem(s, alerts, refresh) {
  const status = h('p', { class: 'message', role: 'status' });
  const act = async (label, request) => {
    const res = await request();
    status.textContent = res.ok ? label : `Refused: ${res.error}`;
    status.className = res.ok ? 'message ok' : 'message error';
    announce(status.textContent);
    if (res.ok) await refresh(status.textContent);
  };
  const feed = s.feed
    ? h('div', { class: 'feed row' },
      h('label', { for: `feed-${s.id}` }, 'Secret feed URL (Atom)'),
      h('input', { id: `feed-${s.id}`, class: 'feed-url', readonly: true, value: s.feed,
        'aria-describedby': `feed-hint-${s.id}` }),
      h('p', { class: 'hint', id: `feed-hint-${s.id}` }, 'Anyone with this URL reads these alerts: keep it to yourself.'))
    : h('p', { class: 'feed none' }, 'No feed URL (revoked).');
  return h('article', { class: 'saved', 'data-id': s.id, 'aria-labelledby': `saved-${s.id}` },
    h('h2', { id: `saved-${s.id}` }, s.name),
    h('p', { class: 'meta' }, `Records matching ${describe(s)} · saved ${s.created.slice(0, 10)} · `,
      h('a', { href: searchLink(s) }, 'Run this search')),
    feed,
    h('p', { class: 'actions' },
      h('button', { type: 'button', class: 'renew-feed', onclick: () => act('New feed URL made; the old one no longer works',
        () => post(`/api/saved/${enc(s.id)}/feed`)) }, s.feed ? 'New feed URL' : 'Make a feed URL'),
      s.feed ? h('button', { type: 'button', class: 'revoke-feed', onclick: () => act('Feed URL revoked',
        () => del(`/api/saved/${enc(s.id)}/feed`)) }, 'Revoke feed URL') : null,
      h('button', { type: 'button', class: 'remove-saved danger', onclick: () => act(`Removed “${s.name}”`,
        () => del(`/api/saved/${enc(s.id)}`)) }, 'Remove')),
    status,
    h('h3', null, h('span', { class: 'alert-count', 'data-count': alerts.length },
      alerts.length ? `${alerts.length} ${alerts.length === 1 ? 'alert' : 'alerts'}` : 'No alerts yet')),
    alerts.length ? h('ol', { class: 'alerts' }, alerts.map(alertItem))
      : h('p', { class: 'hint' }, 'New records that match will appear here.'));
}

// #/saved: the reader's saved searches and their alerts.
export async function savedView() {
  const who = await whoAmI();
  if (!who.authenticated) {
    return h('div', null, h('h1', null, 'Saved searches'),
      h('p', null, h('a', { href: '#/signin' }, 'Sign in'), ' to save searches and read their alerts.'));
  }
  const page = h('div', { class: 'saved-page' });
  const draw = async (notice) => {
    const res = await get('/api/saved');
    if (!res.ok) {
      replace(page, h('h1', null, 'Saved searches'), h('p', { class: 'error', role: 'alert' }, res.error));
      return;
    }
    const saved = res.data.saved;
    const alerts = await Promise.all(saved.map((s) => get(withQuery('/api/alerts', { saved: s.id }))));
    const items = saved.map((s, i) => savedItem(s, alerts[i].ok ? alerts[i].data.alerts : [], draw));
    replace(page, h('h1', null, 'Saved searches'),
      notice ? h('p', { class: 'message ok', role: 'status' }, notice) : null,
      items.length ? h('div', { class: 'saved-list' }, items)
        : h('p', null, 'No saved searches. Search in the ', h('a', { href: '#/' }, 'reading room'),
          ' and choose “Save this search”.'));
    const heading = page.querySelector('h1');
    if (notice && heading) heading.focus?.();
  };
  await draw('');
  return page;
}

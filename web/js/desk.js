// The cable desk: sign in, the inbox per office (precedence order, overdue marks, acknowledge)
// and the approval queue (approve / reject with a comment).
import { h, announce } from './dom.js';
import { get, post, withQuery, enc, whoAmI, forgetWho } from './api.js';
import { signInGate, deskNav, loadDirectory, officesOf, bannerBar, messageArea, when } from './desk_common.js';

export { draftView } from './desk_draft.js';
import { actionableSteps, kVerbs, kStepNames } from './desk_draft.js';
export { cableView } from './desk_cable.js';

// POST /api/session; on success goes to `next` (default: the inbox).
export async function signInView(query) {
  const next = query.get('next') || '#/desk/inbox';
  const message = messageArea();
  const form = h('form', { class: 'signin', 'aria-labelledby': 'signin-title' },
    h('div', { class: 'field' }, h('label', { for: 'user' }, 'User name'),
      h('input', { id: 'user', name: 'user', autocomplete: 'username', required: true, autocapitalize: 'none' })),
    h('div', { class: 'field' }, h('label', { for: 'password' }, 'Password'),
      h('input', { id: 'password', name: 'password', type: 'password', autocomplete: 'current-password', required: true })),
    h('button', { type: 'submit' }, 'Sign in'), message);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const data = new FormData(form);
    const res = await post('/api/session', { user: String(data.get('user')), password: String(data.get('password')) });
    if (!res.ok) {
      message.show(res.status === 429 ? 'Too many sign-in attempts; wait a minute and try again.'
        : `Sign-in failed: ${res.error}`, true);
      return;
    }
    forgetWho();
    await whoAmI(true);
    window.dispatchEvent(new Event('chancery:who'));
    announce(`Signed in as ${res.data.user}`);
    location.hash = next.startsWith('#/') ? next : '#/desk/inbox';
  });
  const who = await whoAmI();
  return h('div', null, h('h1', { id: 'signin-title' }, 'Sign in'),
    who.authenticated ? h('p', null, `You are signed in as ${who.user}. Signing in again replaces that session.`) : null,
    form);
}

function inboxRow(item, office, refresh) {
  const d = item.delivery;
  const acked = Boolean(d.acknowledged);
  const ack = d.requires_ack && !acked
    ? h('button', { type: 'button', class: 'ack', onclick: async (e) => {
      e.target.disabled = true;
      const res = await post(`/api/desk/cables/${enc(d.cable_id)}/ack`, { office });
      announce(res.ok ? `Acknowledged ${d.cable_id}` : `Acknowledge failed: ${res.error}`);
      await refresh(res.ok ? `Acknowledged ${d.cable_id}` : `Acknowledge failed: ${res.error}`, !res.ok);
    } }, 'Acknowledge', h('span', { class: 'visually-hidden' }, ` ${item.serial || d.cable_id}`))
    : h('span', null, acked ? `Acknowledged by ${d.acknowledged_by}` : 'No acknowledgement needed');
  return h('tr', { class: item.overdue ? 'overdue' : '', 'data-cable': d.cable_id, 'data-state': d.state },
    h('td', { 'data-label': 'Precedence' }, h('span', { class: `prec prec-${(d.precedence || '').toLowerCase()}` }, d.precedence)),
    h('td', { 'data-label': 'Cable' }, h('a', { href: `#/desk/cable/${enc(d.cable_id)}` }, item.title || d.cable_id),
      h('br'), h('small', null, item.serial || d.cable_id, ' · ', d.role === 'info' ? 'info' : 'action')),
    h('td', { 'data-label': 'Label' }, item.label || ''),
    h('td', { 'data-label': 'DTG' }, d.dtg || ''),
    h('td', { 'data-label': 'Due' }, when(d.due), item.overdue ? [' ', h('strong', { class: 'overdue-mark' }, 'OVERDUE')] : null),
    h('td', { 'data-label': 'Status' }, d.state, h('br'), ack));
}

async function inboxTable(office, pending, refresh) {
  const res = await get(withQuery(`/api/desk/inbox/${enc(office)}`, { pending: pending ? 'true' : '' }));
  if (!res.ok) return h('p', { class: 'error', role: 'alert' }, `Inbox of ${office}: ${res.error}`);
  const items = res.data.items || [];
  if (!items.length) return h('p', { class: 'empty' }, `No ${pending ? 'pending ' : ''}cables for ${office}.`);
  return h('table', { class: 'inbox stack' },
    h('caption', null, `Inbox of ${office}: ${items.length} ${items.length === 1 ? 'cable' : 'cables'}, highest precedence first`),
    h('thead', null, h('tr', null, ['Precedence', 'Cable', 'Label', 'DTG', 'Due', 'Status']
      .map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', null, items.map((item) => inboxRow(item, office, refresh))));
}

// GET /api/desk/inbox/{office}; the office is chosen among the user's grants.
export async function inboxView(query) {
  const gate = await signInGate('#/desk/inbox');
  if (gate) return gate;
  const who = await whoAmI();
  const dir = await loadDirectory();
  // Only a recipient at an office may read its inbox (docs/desk.md, Inbox).
  const offices = officesOf(dir, who.user, ['recipient']);
  const office = query.get('office') || (offices[0] || {}).id || '';
  const pending = query.get('pending') === '1';
  const message = messageArea();
  const slot = h('div', { class: 'inbox-slot', 'aria-live': 'polite' });
  const refresh = async (text, isError) => {
    slot.replaceChildren(await inboxTable(office, pending, refresh));
    if (text) message.show(text, isError);
  };
  const picker = h('form', { class: 'inline', 'aria-label': 'Choose the inbox' },
    h('label', { for: 'office' }, 'Office'),
    h('select', { id: 'office', name: 'office' }, offices.map((o) =>
      h('option', { value: o.id, selected: o.id === office }, `${o.id}: ${o.name}`))),
    h('span', { class: 'check' }, h('input', { id: 'pending', name: 'pending', type: 'checkbox', checked: pending }),
      h('label', { for: 'pending' }, 'Pending only')),
    h('button', { type: 'submit' }, 'Show'));
  picker.addEventListener('submit', (e) => {
    e.preventDefault();
    const data = new FormData(picker);
    location.hash = `#/desk/inbox?${new URLSearchParams({ office: String(data.get('office') || ''),
      ...(data.get('pending') ? { pending: '1' } : {}) })}`;
  });
  if (office) await refresh();
  else {
    slot.append(h('p', null, 'You receive cables at no office, so you have no inbox. You can ',
      h('a', { href: '#/desk/compose' }, 'compose a draft'), ' or open ', h('a', { href: '#/desk/queue' }, 'your approval queue'), '.'));
  }
  return h('div', null, h('h1', null, 'Inbox'), deskNav('inbox'), offices.length ? picker : null, message, slot);
}

// The decision on the user's actionable step: "Clear" for a clearance, "Approve" for an
// approval or a condition. A draft with no step the user may take now gets no buttons.
function decisionForm(draft, user, onDone) {
  const step = actionableSteps(draft, user)[0];
  if (!step) return h('p', { class: 'note-muted' }, 'Not yet yours to decide: an earlier step is pending.');
  const id = `comment-${draft.id}`;
  const comment = h('textarea', { id, name: 'comment', rows: 2 });
  const verbText = kVerbs[step.kind] || 'Approve';
  const act = async (verb) => {
    const res = await post(`/api/desk/drafts/${enc(draft.id)}/${verb}`, { comment: comment.value });
    const done = verb === 'approve' ? (step.kind === 'clear' ? 'Cleared' : 'Approved') : 'Rejected';
    await onDone(res.ok ? `${done} ${draft.id}` : `${verbText.toLowerCase()} failed: ${res.error}`, !res.ok);
  };
  return h('div', { class: 'decision' },
    h('p', { class: 'step-kind' }, `Your ${kStepNames[step.kind] || step.kind}`),
    h('label', { for: id }, 'Comment (required to reject)'), comment,
    h('p', { class: 'actions' },
      h('button', { type: 'button', class: 'approve', 'data-kind': step.kind, onclick: () => act('approve') }, verbText), ' ',
      h('button', { type: 'button', class: 'reject danger', onclick: () => act('reject') }, 'Reject')));
}

// GET /api/desk/queue: drafts awaiting the user's clearance or approval.
export async function queueView() {
  const gate = await signInGate('#/desk/queue');
  if (gate) return gate;
  const who = await whoAmI();
  const message = messageArea();
  const slot = h('div');
  const refresh = async (text, isError) => {
    const res = await get('/api/desk/queue');
    const drafts = res.ok ? res.data.drafts || [] : [];
    slot.replaceChildren(!res.ok ? h('p', { class: 'error', role: 'alert' }, res.error)
      : drafts.length ? h('ul', { class: 'queue' }, drafts.map((d) => h('li', { class: 'card', 'data-draft': d.id },
        bannerBar(d.banner),
        h('h2', null, h('a', { href: `#/desk/draft/${enc(d.id)}` }, d.title || d.id)),
        h('p', { class: 'meta' }, `${d.id} · version ${d.version} · drafted by ${d.drafter} · ${d.state}`),
        decisionForm(d, who.user, refresh))))
        : h('p', { class: 'empty' }, 'Nothing awaits your decision.'));
    if (text) message.show(text, isError);
  };
  await refresh();
  return h('div', null, h('h1', null, 'Approval queue'), deskNav('queue'), message, slot);
}

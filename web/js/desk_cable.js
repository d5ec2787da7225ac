// A released cable: the release record, signature verification, the delivery report and the
// reply thread.
import { h, banner, bannerBar } from './dom.js';
import { get, enc } from './api.js';
import { signInGate, deskNav, messageArea, when } from './desk_common.js';

function releaseBlock(r) {
  return h('dl', { class: 'cable-headers' },
    h('dt', null, 'Serial'), h('dd', { id: 'cable-serial' }, r.serial),
    h('dt', null, 'Date-time group'), h('dd', null, r.dtg),
    h('dt', null, 'Released'), h('dd', null, `${when(r.released)} by ${r.releaser}`),
    h('dt', null, 'Draft'), h('dd', null, h('a', { href: `#/desk/draft/${enc(r.draft_id)}` }, r.draft_id)),
    h('dt', null, 'Recipients'), h('dd', null, (r.recipients || []).join(', ')),
    ...(r.commitment_version >= 2
      ? [h('dt', null, 'Signed commitment'), h('dd', null, h('code', { class: 'digest' }, r.commitment_root || ''))]
      : [h('dt', null, 'Text digest'), h('dd', null, h('code', { class: 'digest' }, r.text_digest || ''))]));
}

function deliveriesTable(deliveries) {
  return h('table', { class: 'deliveries stack' },
    h('caption', null, 'Delivery report: one delivery per office'),
    h('thead', null, h('tr', null, ['Office', 'Role', 'Precedence', 'State', 'Due', 'Acknowledged']
      .map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', null, deliveries.map((d) => h('tr', { 'data-office': d.office, 'data-state': d.state },
      h('td', { 'data-label': 'Office' }, d.office), h('td', { 'data-label': 'Role' }, d.role),
      h('td', { 'data-label': 'Precedence' }, d.precedence),
      h('td', { 'data-label': 'State' }, d.state, d.reason ? ` (${d.reason})` : ''),
      h('td', { 'data-label': 'Due' }, when(d.due), d.escalated ? ' · escalated' : ''),
      h('td', { 'data-label': 'Acknowledged' }, d.acknowledged ? `${when(d.acknowledged)} by ${d.acknowledged_by}` : '')))));
}

function threadTree(node, current) {
  return h('li', null,
    node.cable_id === current ? h('strong', { 'aria-current': 'true' }, node.serial || node.cable_id)
      : h('a', { href: `#/desk/cable/${enc(node.cable_id)}` }, node.serial || node.cable_id),
    ` ${node.title || ''} · ${node.dtg || ''}`,
    node.reply_overdue ? [' ', h('strong', { class: 'overdue-mark' }, 'REPLY OVERDUE')] : null,
    node.replies && node.replies.length ? h('ul', null, node.replies.map((r) => threadTree(r, current))) : null);
}

// GET /api/desk/cables/{id}/release, /deliveries and /thread; /verify on demand.
export async function cableView(id) {
  const gate = await signInGate(`#/desk/cable/${enc(id)}`);
  if (gate) return gate;
  const base = `/api/desk/cables/${enc(id)}`;
  const [release, deliveries, thread, record] = await Promise.all([get(`${base}/release`),
    get(`${base}/deliveries`), get(`${base}/thread`), get(`/api/records/${enc(id)}`)]);
  // The cable's banner is its current label, as on the record page; a user who may not read the
  // record sees no banner (and no text) here.
  const label = record.ok ? banner(record.data.current_label) : '';
  const message = messageArea();
  const verify = h('button', { type: 'button', onclick: async () => {
    const res = await get(`${base}/verify`);
    if (!res.ok) message.show(`Verification failed: ${res.error}`, true);
    else message.show(res.data.verified ? 'Signatures verified: the text is as released'
      : `NOT verified: ${res.data.problem || 'unknown problem'}`, !res.data.verified);
  } }, 'Verify signatures');
  // Each part shows on its own: a recipient may read the cable but not the release record or
  // the delivery report of every office.
  const part = (res, draw) => (res.ok ? draw(res.data) : h('p', { class: 'note-muted' }, `Not available to you: ${res.error}`));
  return h('div', null, h('h1', null, `Cable ${release.ok ? release.data.serial || id : id}`), deskNav(''),
    label ? bannerBar(label) : null,
    h('p', { class: 'actions' }, release.ok ? verify : null, ' ', h('a', { href: `#/record/${enc(id)}` }, 'Open in the reading room')), message,
    h('h2', null, 'Release'), part(release, releaseBlock),
    h('h2', null, 'Deliveries'), part(deliveries, (d) => deliveriesTable(d.deliveries || [])),
    h('h2', null, 'Thread'), part(thread, (t) => h('ul', { class: 'thread' }, threadTree(t, id))),
    label ? bannerBar(label) : null);
}

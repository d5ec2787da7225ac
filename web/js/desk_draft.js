// A draft: its banner, text with portion marks, addressees, approval steps and the actions the
// signed-in user may take (submit, approve / reject with a comment, release).
import { h, banner, replace } from './dom.js';
import { get, post, enc, whoAmI } from './api.js';
import { signInGate, deskNav, bannerBar, messageArea, when } from './desk_common.js';

function stepsTable(steps) {
  if (!steps.length) return h('p', null, 'No approval steps yet (the draft has not been submitted).');
  return h('table', { class: 'steps stack' },
    h('caption', null, 'Approval steps, in order'),
    h('thead', null, h('tr', null, ['Step', 'Officer', 'State', 'Comment', 'When', 'Signed']
      .map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', null, steps.map((s) => h('tr', { 'data-state': s.state, 'data-user': s.user },
      h('td', { 'data-label': 'Step' }, kStepNames[s.kind] || s.kind), h('td', { 'data-label': 'Officer' }, s.user),
      h('td', { 'data-label': 'State' }, s.state), h('td', { 'data-label': 'Comment' }, s.comment || ''),
      h('td', { 'data-label': 'When' }, when(s.time)),
      h('td', { 'data-label': 'Signed' }, s.signature ? `yes (v${s.draft_version})` : 'no')))));
}

function dlRow(term, value) {
  if (!value || (Array.isArray(value) && !value.length)) return null;
  return [h('dt', null, term), h('dd', null, value)];
}

function draftText(spec) {
  const content = spec.content || {};
  const rule = spec.rule || {};
  const addressees = (content.addressees || []).map((a) =>
    `${a.name}${a.is_group ? ' (group)' : ''}${a.role === 'info' ? ' [info]' : ''}`).join('; ');
  const approvers = rule.approvers || [];
  const k = rule.required && rule.required < approvers.length ? rule.required : approvers.length;
  return h('section', { class: 'draft-text', 'aria-labelledby': 'draft-text-title' },
    h('h2', { id: 'draft-text-title' }, 'Text'),
    h('dl', { class: 'cable-headers' },
      h('dt', null, 'Precedence'), h('dd', null, content.precedence ? content.precedence.rank || content.precedence.original : ''),
      h('dt', null, 'To / Info'), h('dd', null, addressees || 'none'),
      content.subject ? [h('dt', null, 'Subject'), h('dd', null, content.subject)] : null,
      dlRow('Clearers', (rule.clearers || []).join(', ')),
      dlRow('Approvers', approvers.length ? `${approvers.join(', ')} (${k} of ${approvers.length} required)` : ''),
      dlRow('Subject to the approval of', (spec.conditions || []).join(', ')),
      dlRow('Shared with', (content.disseminations || []).map((d) => d.party + (d.note ? ` (${d.note})` : '')).join('; ')),
      dlRow('Also informed', (content.also_informed || []).join('; ')),
      dlRow('References', (content.references || []).map((r) => h('span', { class: 'ref-item' },
        r.relation ? `${r.relation}: ` : '', h('a', { href: `#/record/${enc(r.target)}` }, r.target),
        r.text ? ` (${r.text})` : '', ' '))),
      dlRow('Reply by', spec.reply_by ? when(spec.reply_by) : '')),
    (content.body || []).map((p) => h('p', { class: 'para' },
      p.portion ? [h('span', { class: 'portion' }, `(${banner(p.portion) || 'U'})`), ' '] : null, p.text || '')));
}

// The steps `user` may act on now, as the desk decides (src/desk/approval.cc ActionableSteps):
// in review, the first pending clearance in order, and approvals only once every clearer has
// acted; "subject to the approval of" conditions from review until after release.
export function actionableSteps(draft, user) {
  const steps = draft.steps || [];
  const out = [];
  if (draft.state === 'in-review') {
    const firstClear = steps.find((s) => s.kind === 'clear' && s.state === 'pending');
    if (firstClear) {
      if (firstClear.user === user) out.push(firstClear);
    } else {
      out.push(...steps.filter((s) => s.kind === 'approve' && s.state === 'pending' && s.user === user));
    }
  }
  if (['in-review', 'approved', 'released'].includes(draft.state)) {
    out.push(...steps.filter((s) => s.kind === 'condition' && s.state === 'pending' && s.user === user));
  }
  return out;
}

// What the user is waiting for when a step of theirs is pending but not theirs to take yet.
function waitingFor(draft, user) {
  const mine = (draft.steps || []).find((s) => s.user === user && s.state === 'pending');
  if (!mine || draft.state !== 'in-review') return null;
  const clear = draft.steps.find((s) => s.kind === 'clear' && s.state === 'pending');
  return clear ? `Your ${kStepNames[mine.kind] || mine.kind} comes after ${clear.user} clears the draft.` : null;
}

export const kStepNames = { clear: 'clearance', approve: 'approval', condition: 'approval (condition)' };
export const kVerbs = { clear: 'Clear', approve: 'Approve', condition: 'Approve (condition)' };

function actions(draft, who, done) {
  const act = async (verb, body) => {
    const res = await post(`/api/desk/drafts/${enc(draft.id)}/${verb}`, body);
    await done(res, verb);
  };
  const items = [];
  if (draft.drafter === who.user && ['drafting', 'in-review', 'rejected'].includes(draft.state)) {
    items.push(h('p', { class: 'actions' },
      draft.state === 'drafting'
        ? h('button', { type: 'button', id: 'submit-draft', onclick: () => act('submit') }, 'Submit for approval') : null,
      ' ', h('a', { class: 'button', id: 'edit-draft', href: `#/desk/compose?edit=${enc(draft.id)}` }, 'Edit draft'),
      draft.state !== 'drafting' ? h('span', { class: 'hint' }, ' An edit voids the approvals given so far.') : null));
  }
  const mine = actionableSteps(draft, who.user)[0];
  if (mine) {
    const comment = h('textarea', { id: 'decision-comment', rows: 2 });
    items.push(h('div', { class: 'decision' }, h('label', { for: 'decision-comment' }, 'Comment (required to reject)'), comment,
      h('p', { class: 'actions' },
        h('button', { type: 'button', class: 'approve', 'data-kind': mine.kind, onclick: () => act('approve', { comment: comment.value }) }, kVerbs[mine.kind] || 'Approve'), ' ',
        h('button', { type: 'button', class: 'reject danger', onclick: () => act('reject', { comment: comment.value }) }, 'Reject'))));
  } else {
    const wait = waitingFor(draft, who.user);
    if (wait) items.push(h('p', { class: 'note-muted', id: 'waiting' }, wait));
  }
  if (draft.state === 'approved') {
    items.push(h('button', { type: 'button', id: 'release-draft', onclick: () => act('release') }, 'Release'));
  }
  if (draft.released_cable_id) {
    items.push(h('p', null, 'Released as ', h('a', { href: `#/desk/cable/${enc(draft.released_cable_id)}`, id: 'released-link' }, draft.released_cable_id)));
  }
  return items.length ? h('div', { class: 'draft-actions' }, h('h2', null, 'Actions'), items) : null;
}

// GET /api/desk/drafts/{id}.
export async function draftView(id) {
  const gate = await signInGate(`#/desk/draft/${enc(id)}`);
  if (gate) return gate;
  const who = await whoAmI();
  const message = messageArea();
  const slot = h('div');
  const heading = h('h1', null, `Draft ${id}`);
  const draw = async (text, isError) => {
    const res = await get(`/api/desk/drafts/${enc(id)}`);
    if (!res.ok) {
      slot.replaceChildren(h('p', { class: 'error', role: 'alert' }, res.error));
      return;
    }
    const d = res.data;
    heading.textContent = `Draft ${id}: ${d.title || 'untitled'}`;
    const done = async (r, verb) => {
      if (r.ok && verb === 'release') {
        location.hash = `#/desk/cable/${enc(r.data.cable_id)}`;
        return;
      }
      await draw(r.ok ? `${verb}: done, the draft is now ${r.data.state}` : `${verb} failed: ${r.error}`, !r.ok);
    };
    // replace(), not replaceChildren(): the DOM writes a null child (no actions) as "null".
    replace(slot, bannerBar(d.banner),
      h('p', { class: 'meta' }, h('span', { id: 'draft-state', 'data-state': d.state }, `State: ${d.state}`),
        ` · version ${d.version} · office ${d.spec.office} · drafted by ${d.drafter} · updated ${when(d.updated)}`),
      actions(d, who, done), draftText(d.spec || {}),
      h('h2', null, 'Approval'), stepsTable(d.steps || []), bannerBar(d.banner));
    if (text) message.show(text, isError);
  };
  await draw();
  return h('div', null, heading, deskNav(''), message, slot);
}

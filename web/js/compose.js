// Compose or edit a draft: office, title, precedence, addressees (offices and addressee groups
// from the directory), paragraphs each with a portion label, the banner those portions give,
// clearers, approvers and how many of them must approve (k of n), "subject to the approval of"
// conditions, sharing with outside parties, also-informed, references, reply-by.
// POST /api/desk/drafts creates; PUT /api/desk/drafts/{id} (with expected_version) edits. The
// cable goes as JSON content (docs/format/json.md). The drafter is never offered as their own
// clearer, approver or condition; the desk refuses self-approval too, and its refusal is shown.
import { h, announce } from './dom.js';
import { get, post, put, enc, whoAmI } from './api.js';
import { signInGate, deskNav, loadDirectory, officesOf, usersWithRole, bannerBar, messageArea,
  rememberDraft, recentDrafts } from './desk_common.js';

const kLevels = ['PUBLIC', 'LIMITED OFFICIAL USE', 'CONFIDENTIAL', 'SECRET', 'TOP SECRET'];
const kCategories = ['INTERNAL RESEARCH', 'NOFORN', 'EYES ONLY', 'NODIS', 'EXDIS', 'LIMDIS'];
const kPrecedences = ['ROUTINE', 'PRIORITY', 'IMMEDIATE', 'FLASH'];
let paragraphSeq = 0;

// The banner of the whole cable: the highest level and every category of the portions.
export function computeBanner(portions) {
  let level = 0;
  const categories = new Set();
  for (const p of portions) {
    level = Math.max(level, kLevels.indexOf(p.classification));
    for (const c of p.categories) categories.add(c);
  }
  const cats = [...categories].sort();
  return kLevels[level] + (cats.length ? `//${cats.join('/')}` : '');
}

function paragraphEditor(onChange, onRemove, initial = null) {
  paragraphSeq += 1;
  const n = paragraphSeq;
  const start = initial || { text: '', classification: 'CONFIDENTIAL', categories: [] };
  const level = h('select', { id: `p${n}-level`, class: 'p-level' },
    kLevels.map((l) => h('option', { value: l, selected: l === start.classification }, l)));
  const cats = kCategories.map((c, i) => h('span', { class: 'check' },
    h('input', { type: 'checkbox', id: `p${n}-cat${i}`, value: c, class: 'p-cat', checked: start.categories.includes(c) }),
    h('label', { for: `p${n}-cat${i}` }, c)));
  const editor = h('fieldset', { class: 'paragraph', 'data-paragraph': n },
    h('legend', null, `Paragraph ${n}`),
    h('div', { class: 'field' }, h('label', { for: `p${n}-level` }, 'Portion classification'), level),
    h('div', { class: 'field' }, h('span', { class: 'label-text' }, 'Portion caveats'), h('div', { class: 'checks' }, cats)),
    h('div', { class: 'field' }, h('label', { for: `p${n}-text` }, 'Text'),
      (() => { const t = h('textarea', { id: `p${n}-text`, class: 'p-text', rows: 4, required: true }); t.value = start.text; return t; })()),
    h('button', { type: 'button', class: 'link', onclick: () => { editor.remove(); onRemove(); } }, `Remove paragraph ${n}`));
  editor.addEventListener('change', onChange);
  return editor;
}

function readParagraphs(container) {
  return [...container.querySelectorAll('.paragraph')].map((p) => ({
    text: p.querySelector('.p-text').value.trim(),
    classification: p.querySelector('.p-level').value,
    categories: [...p.querySelectorAll('.p-cat:checked')].map((c) => c.value),
  }));
}

function addresseeSelect(id, dir) {
  return h('select', { id, name: id, multiple: true, size: 8 },
    h('optgroup', { label: 'Addressee groups' }, dir.groups.map((g) =>
      h('option', { value: `group:${g.id}` }, `${g.id}: ${g.name}`))),
    h('optgroup', { label: 'Offices' }, dir.offices.map((o) =>
      h('option', { value: `office:${o.id}` }, `${o.id}: ${o.name}`))));
}

// A multi-select with a line under it naming what is chosen (a scrolled list hides that).
function withChosen(select) {
  const chosen = h('p', { class: 'chosen', id: `${select.id}-chosen`, 'aria-live': 'polite' }, 'Chosen: none');
  select.setAttribute('aria-describedby', chosen.id);
  select.addEventListener('change', () => {
    const names = [...select.selectedOptions].map((o) => o.value.replace(/^(group|office):/, ''));
    chosen.textContent = `Chosen: ${names.length ? names.join(', ') : 'none'}`;
  });
  return [select, chosen];
}

function selected(select) {
  return [...select.selectedOptions].map((o) => o.value);
}

function userSelect(id, users) {
  return h('select', { id, name: id, multiple: true, size: Math.min(5, Math.max(2, users.length)) },
    users.map((u) => h('option', { value: u }, u)));
}

const lines = (text) => String(text || '').split('\n').map((l) => l.trim()).filter(Boolean);
const kRelations = ['ref', 'reply-to', 'correction-of', 'cites'];
let referenceSeq = 0;

// One reference: relation, target record id or serial, and its verbatim text ("Deptel 401").
function referenceEditor(initial = {}) {
  referenceSeq += 1;
  const n = referenceSeq;
  const editor = h('fieldset', { class: 'reference', 'data-reference': n },
    h('legend', null, `Reference ${n}`),
    h('div', { class: 'three' },
      h('div', { class: 'field' }, h('label', { for: `r${n}-relation` }, 'Relation'),
        h('select', { id: `r${n}-relation`, class: 'r-relation' },
          kRelations.map((r) => h('option', { value: r, selected: r === (initial.relation || 'ref') }, r)))),
      h('div', { class: 'field' }, h('label', { for: `r${n}-target` }, 'Record id or serial'),
        h('input', { id: `r${n}-target`, class: 'r-target', value: initial.target || '' })),
      h('div', { class: 'field' }, h('label', { for: `r${n}-text` }, 'As cited (optional)'),
        h('input', { id: `r${n}-text`, class: 'r-text', value: initial.text || '' }))),
    h('button', { type: 'button', class: 'link', onclick: () => editor.remove() }, `Remove reference ${n}`));
  return editor;
}

function readReferences(container) {
  return [...container.querySelectorAll('.reference')].map((r) => ({
    relation: r.querySelector('.r-relation').value,
    target: r.querySelector('.r-target').value.trim(),
    text: r.querySelector('.r-text').value.trim(),
  })).filter((r) => r.target).map((r) => (r.text ? r : { relation: r.relation, target: r.target }));
}

function buildSpec(form, paragraphs, references) {
  const val = (name) => String(form.elements[name].value || '').trim();
  const addressees = [];
  for (const [id, role] of [['to', 'action'], ['info', 'info']]) {
    for (const value of selected(form.elements[id])) {
      const [kind, name] = [value.slice(0, value.indexOf(':')), value.slice(value.indexOf(':') + 1)];
      addressees.push(kind === 'group' ? { name, role, is_group: true } : { name, role });
    }
  }
  const content = { kind: 'telegram', direction: 'outgoing', document_type: val('doctype') || 'Telegram',
    precedence: { rank: val('precedence') }, title: val('title'), addressees,
    body: paragraphs.map((p) => ({ text: p.text,
      portion: { classification: p.classification, ...(p.categories.length ? { categories: p.categories } : {}) } })) };
  if (val('subject')) content.subject = val('subject');
  const shareNote = val('share_note');
  const parties = [...selected(form.elements.share), ...lines(form.elements.share_other.value)];
  if (parties.length) {
    content.disseminations = [...new Set(parties)].map((party) => (shareNote ? { party, note: shareNote } : { party }));
  }
  const informed = lines(form.elements.also_informed.value);
  if (informed.length) content.also_informed = informed;
  if (references.length) content.references = references;
  const rule = { clearers: selected(form.elements.clearers), approvers: selected(form.elements.approvers) };
  const required = Number(val('required') || 0);
  if (required) rule.required = required;
  const spec = { office: val('office'), content, rule, conditions: selected(form.elements.conditions) };
  if (val('reply_by')) spec.reply_by = val('reply_by');
  return spec;
}

// Selects the options of `select` whose values are in `values` (and tells the "Chosen" line).
function choose(select, values) {
  for (const o of select.options) o.selected = values.includes(o.value);
  select.dispatchEvent(new Event('change'));
}

// Fills the form from a stored draft spec (GET /api/desk/drafts/{id}).
function fillForm(form, spec, addParagraph, addReference, externalNames) {
  const c = spec.content || {};
  const set = (name, value) => { if (form.elements[name]) form.elements[name].value = value || ''; };
  set('office', spec.office);
  set('title', c.title);
  set('subject', c.subject);
  set('precedence', c.precedence && c.precedence.rank);
  set('doctype', c.document_type);
  choose(form.elements.to, (c.addressees || []).filter((a) => a.role !== 'info')
    .map((a) => `${a.is_group ? 'group' : 'office'}:${a.name}`));
  choose(form.elements.info, (c.addressees || []).filter((a) => a.role === 'info')
    .map((a) => `${a.is_group ? 'group' : 'office'}:${a.name}`));
  for (const p of c.body || []) {
    addParagraph({ text: p.text || '', classification: (p.portion && p.portion.classification) || 'CONFIDENTIAL',
      categories: (p.portion && p.portion.categories) || [] });
  }
  const rule = spec.rule || {};
  choose(form.elements.clearers, rule.clearers || []);
  choose(form.elements.approvers, rule.approvers || []);
  set('required', rule.required ? String(rule.required) : '');
  choose(form.elements.conditions, spec.conditions || []);
  const parties = (c.disseminations || []).map((d) => d.party);
  choose(form.elements.share, parties.filter((p) => externalNames.includes(p)));
  set('share_other', parties.filter((p) => !externalNames.includes(p)).join('\n'));
  set('share_note', ((c.disseminations || []).find((d) => d.note) || {}).note);
  set('also_informed', (c.also_informed || []).join('\n'));
  for (const r of c.references || []) addReference(r);
  set('reply_by', spec.reply_by ? spec.reply_by.slice(0, 10) : '');
}

// The compose form (#/desk/compose) or the edit form (#/desk/compose?edit=ID); on save goes to
// the draft (submitting it first when asked).
export async function composeView(query = new URLSearchParams()) {
  const editId = query.get('edit') || '';
  paragraphSeq = 0;  // ids p1-…, r1-… restart with each form
  referenceSeq = 0;
  const gate = await signInGate(editId ? `#/desk/compose?edit=${enc(editId)}` : '#/desk/compose');
  if (gate) return gate;
  const who = await whoAmI();
  const dir = await loadDirectory();
  let editing = null;
  if (editId) {
    const res = await get(`/api/desk/drafts/${enc(editId)}`);
    if (!res.ok) {
      return h('div', null, h('h1', null, `Edit draft ${editId}`), deskNav('compose'),
        h('p', { class: 'error', role: 'alert' }, `The draft could not be loaded: ${res.error}`));
    }
    editing = res.data;
  }
  const drafting = officesOf(dir, who.user, ['drafter']);
  const offices = drafting.length ? drafting : dir.offices;
  // Nobody approves their own draft: the drafter is not offered as clearer, approver or condition.
  const others = (users) => users.filter((u) => u !== who.user);
  const everyone = others([...new Set(dir.grants.map((g) => g.user))].sort());
  const externals = dir.offices.filter((o) => o.kind === 'external' && !drafting.some((d) => d.organization === o.organization));
  const externalNames = externals.map((o) => o.name);
  const message = messageArea();
  const bannerSlot = h('div', { class: 'banner-slot', 'aria-live': 'polite' });
  const paragraphs = h('div', { class: 'paragraphs' });
  const references = h('div', { class: 'references-editor' });
  const update = () => {
    const b = computeBanner(readParagraphs(paragraphs));
    bannerSlot.replaceChildren(h('span', { class: 'visually-hidden' }, 'Banner: '), bannerBar(b));
  };
  const add = (initial) => { paragraphs.append(paragraphEditor(update, update, initial)); update(); };
  const addReference = (initial) => references.append(referenceEditor(initial));
  const field = (id, label, input, hint) => h('div', { class: 'field' }, h('label', { for: id }, label), input,
    hint ? h('p', { class: 'hint', id: `${id}-hint` }, hint) : null);
  const form = h('form', { class: 'compose', 'aria-labelledby': 'compose-title', novalidate: false },
    bannerSlot,
    field('office', 'Drafting office', h('select', { id: 'office', name: 'office' },
      offices.map((o) => h('option', { value: o.id }, `${o.id}: ${o.name}`)))),
    field('title', 'Title', h('input', { id: 'title', name: 'title', required: true })),
    field('subject', 'Subject', h('input', { id: 'subject', name: 'subject' })),
    h('div', { class: 'two' },
      field('precedence', 'Precedence', h('select', { id: 'precedence', name: 'precedence' },
        kPrecedences.map((p) => h('option', { value: p, selected: p === 'PRIORITY' }, p)))),
      field('doctype', 'Document type', h('input', { id: 'doctype', name: 'doctype', value: 'Telegram' }))),
    h('div', { class: 'two' },
      field('to', 'To (action addressees)', withChosen(addresseeSelect('to', dir)), 'Ctrl/Cmd-click or Shift+arrows to choose several'),
      field('info', 'Info addressees', withChosen(addresseeSelect('info', dir)))),
    paragraphs,
    h('p', null, h('button', { type: 'button', id: 'add-paragraph', onclick: () => add() }, 'Add paragraph')),
    h('fieldset', { class: 'group' }, h('legend', null, 'Approval'),
      h('div', { class: 'two' },
        field('clearers', 'Clearers (first, in order)', withChosen(userSelect('clearers', others(usersWithRole(dir, 'clearer'))))),
        field('approvers', 'Approvers', withChosen(userSelect('approvers', others(usersWithRole(dir, 'approver')))))),
      h('div', { class: 'two' },
        field('required', 'Approvals required (k of n)', h('input', { id: 'required', name: 'required', type: 'number',
          min: 1, max: 1000, inputmode: 'numeric', 'aria-describedby': 'required-hint' }),
          'Leave empty for all approvers'),
        field('conditions', 'Subject to the approval of (conditions)', withChosen(userSelect('conditions', everyone)),
          'They may sign after release; the cable shows their approval as pending until they do'))),
    h('fieldset', { class: 'group' }, h('legend', null, 'Sharing and references'),
      h('div', { class: 'two' },
        field('share', 'Shared with outside parties', withChosen(h('select', { id: 'share', name: 'share', multiple: true,
          size: Math.min(6, Math.max(2, externals.length)) }, externals.map((o) => h('option', { value: o.name }, o.name))))),
        field('share_other', 'Other outside parties (one per line)', h('textarea', { id: 'share_other', name: 'share_other', rows: 3 }))),
      h('div', { class: 'two' },
        field('share_note', 'How it was shared (optional)', h('input', { id: 'share_note', name: 'share_note',
          placeholder: 'before being issued' })),
        field('also_informed', 'Also informed (one per line)', h('textarea', { id: 'also_informed', name: 'also_informed', rows: 3 }))),
      references,
      h('p', null, h('button', { type: 'button', id: 'add-reference', onclick: () => addReference() }, 'Add reference'))),
    field('reply_by', 'Reply by (optional)', h('input', { id: 'reply_by', name: 'reply_by', type: 'date' })),
    h('p', { class: 'actions' }, h('button', { type: 'submit', name: 'save', value: 'save' }, editing ? 'Save changes' : 'Save draft'), ' ',
      h('button', { type: 'submit', name: 'save', value: 'submit', id: 'save-submit' }, editing ? 'Save changes and submit' : 'Save and submit for approval')),
    message);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const submit = event.submitter && event.submitter.value === 'submit';
    const texts = readParagraphs(paragraphs);
    if (!texts.length || texts.some((p) => !p.text)) {
      message.show('Every paragraph needs text, and a draft needs at least one paragraph.', true);
      return;
    }
    const spec = buildSpec(form, texts, readReferences(references));
    const res = editing
      ? await put(`/api/desk/drafts/${enc(editing.id)}`, { ...spec, expected_version: editing.version })
      : await post('/api/desk/drafts', spec);
    if (!res.ok) { message.show(`Saving failed: ${res.error}`, true); return; }
    rememberDraft(res.data.id);
    if (submit) {
      const sub = await post(`/api/desk/drafts/${enc(res.data.id)}/submit`);
      if (!sub.ok) { message.show(`Saved ${res.data.id}, but submitting failed: ${sub.error}`, true); return; }
    }
    announce(`Draft ${res.data.id} saved`);
    location.hash = `#/desk/draft/${enc(res.data.id)}`;
  });
  if (editing) fillForm(form, editing.spec || {}, add, addReference, externalNames);
  else add();
  const recent = recentDrafts();
  const title = editing ? `Edit draft ${editing.id} (version ${editing.version})` : 'Compose a draft';
  return h('div', null, h('h1', { id: 'compose-title' }, title), deskNav('compose'), form,
    recent.length ? h('section', { 'aria-labelledby': 'recent-title' }, h('h2', { id: 'recent-title' }, 'Drafts from this browser'),
      h('ul', null, recent.map((id) => h('li', null, h('a', { href: `#/desk/draft/${enc(id)}` }, id))))) : null);
}

// Compose a draft: office, title, precedence, addressees (offices and addressee groups from the
// directory), paragraphs each with a portion label, the banner those portions give, clearers and
// approvers, reply-by. POST /api/desk/drafts sends the cable as JSON content (docs/format/json.md).
import { h, announce } from './dom.js';
import { post, enc, whoAmI } from './api.js';
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

function paragraphEditor(onChange, onRemove) {
  paragraphSeq += 1;
  const n = paragraphSeq;
  const level = h('select', { id: `p${n}-level`, class: 'p-level' },
    kLevels.map((l) => h('option', { value: l, selected: l === 'CONFIDENTIAL' }, l)));
  const cats = kCategories.map((c, i) => h('span', { class: 'check' },
    h('input', { type: 'checkbox', id: `p${n}-cat${i}`, value: c, class: 'p-cat' }),
    h('label', { for: `p${n}-cat${i}` }, c)));
  const editor = h('fieldset', { class: 'paragraph', 'data-paragraph': n },
    h('legend', null, `Paragraph ${n}`),
    h('div', { class: 'field' }, h('label', { for: `p${n}-level` }, 'Portion classification'), level),
    h('div', { class: 'field' }, h('span', { class: 'label-text' }, 'Portion caveats'), h('div', { class: 'checks' }, cats)),
    h('div', { class: 'field' }, h('label', { for: `p${n}-text` }, 'Text'),
      h('textarea', { id: `p${n}-text`, class: 'p-text', rows: 4, required: true })),
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

function buildSpec(form, paragraphs) {
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
  const spec = { office: val('office'), content,
    rule: { clearers: selected(form.elements.clearers), approvers: selected(form.elements.approvers) } };
  if (val('reply_by')) spec.reply_by = val('reply_by');
  return spec;
}

// The compose form; on save goes to the new draft (submitting it first when asked).
export async function composeView() {
  const gate = await signInGate('#/desk/compose');
  if (gate) return gate;
  const who = await whoAmI();
  const dir = await loadDirectory();
  const drafting = officesOf(dir, who.user, ['drafter']);
  const offices = drafting.length ? drafting : dir.offices;
  const message = messageArea();
  const bannerSlot = h('div', { class: 'banner-slot', 'aria-live': 'polite' });
  const paragraphs = h('div', { class: 'paragraphs' });
  const update = () => {
    const b = computeBanner(readParagraphs(paragraphs));
    bannerSlot.replaceChildren(h('span', { class: 'visually-hidden' }, 'Banner: '), bannerBar(b));
  };
  const add = () => { paragraphs.append(paragraphEditor(update, update)); update(); };
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
    h('p', null, h('button', { type: 'button', id: 'add-paragraph', onclick: add }, 'Add paragraph')),
    h('div', { class: 'two' },
      field('clearers', 'Clearers (first, in order)', withChosen(userSelect('clearers', usersWithRole(dir, 'clearer')))),
      field('approvers', 'Approvers', withChosen(userSelect('approvers', usersWithRole(dir, 'approver'))))),
    field('reply_by', 'Reply by (optional)', h('input', { id: 'reply_by', name: 'reply_by', type: 'date' })),
    h('p', { class: 'actions' }, h('button', { type: 'submit', name: 'save', value: 'save' }, 'Save draft'), ' ',
      h('button', { type: 'submit', name: 'save', value: 'submit', id: 'save-submit' }, 'Save and submit for approval')),
    message);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const submit = event.submitter && event.submitter.value === 'submit';
    const texts = readParagraphs(paragraphs);
    if (!texts.length || texts.some((p) => !p.text)) {
      message.show('Every paragraph needs text, and a draft needs at least one paragraph.', true);
      return;
    }
    const res = await post('/api/desk/drafts', buildSpec(form, texts));
    if (!res.ok) { message.show(`Saving failed: ${res.error}`, true); return; }
    rememberDraft(res.data.id);
    if (submit) {
      const sub = await post(`/api/desk/drafts/${enc(res.data.id)}/submit`);
      if (!sub.ok) { message.show(`Saved ${res.data.id}, but submitting failed: ${sub.error}`, true); return; }
    }
    announce(`Draft ${res.data.id} saved`);
    location.hash = `#/desk/draft/${enc(res.data.id)}`;
  });
  add();
  const recent = recentDrafts();
  return h('div', null, h('h1', { id: 'compose-title' }, 'Compose a draft'), deskNav('compose'), form,
    recent.length ? h('section', { 'aria-labelledby': 'recent-title' }, h('h2', { id: 'recent-title' }, 'Drafts from this browser'),
      h('ul', null, recent.map((id) => h('li', null, h('a', { href: `#/desk/draft/${enc(id)}` }, id))))) : null);
}

// Archival description on the record page (docs/archive.md "Description"): the record's subjects,
// places and scope note; for everyone who may read the record, the history of signed description
// edits with a readable diff of each (old struck through, new underlined; list items added and
// removed); for archivists, an Edit description form (a subject picker over the controlled
// vocabulary, GET /api/authorities?kind=subject) that posts one signed edit naming the version it
// edits (POST /api/records/{id}/description).
import { h, announce } from './dom.js';
import { get, post, enc, whoAmI, withQuery } from './api.js';

const kLabels = {
  title: 'Title', summary: 'Summary', subjects: 'Subjects', persons: 'People', places: 'Places',
  credits: 'Credits', scope_note: 'Scope note', reference: 'Archival reference',
};
const kText = ['title', 'summary', 'credits', 'scope_note', 'reference'];
const kLists = [['subjects', 'subject'], ['persons', 'person'], ['places', 'place']];

function valuesOf(r, field) {
  const a = r.archival || {};
  switch (field) {
    case 'credits': return a.credits || '';
    case 'reference': return (a.reference && a.reference.verbatim) || '';
    default: return r[field] || (kText.includes(field) ? '' : []);
  }
}

// One field's change as a reader reads it.
function changeView(c) {
  const label = kLabels[c.field] || c.field;
  if (c.list) {
    return h('li', { class: 'desc-change', 'data-field': c.field }, h('span', { class: 'desc-field' }, `${label}: `),
      ...c.added.map((v) => h('ins', { class: 'desc-added' }, `+ ${v}`)),
      ...c.removed.map((v) => h('del', { class: 'desc-removed' }, `− ${v}`)),
      !c.added.length && !c.removed.length ? h('span', null, 'reordered') : null);
  }
  return h('li', { class: 'desc-change', 'data-field': c.field }, h('span', { class: 'desc-field' }, `${label}: `),
    c.old.length ? h('del', { class: 'desc-removed' }, c.old[0]) : h('span', { class: 'desc-none' }, '(none)'),
    ' → ',
    c.new.length ? h('ins', { class: 'desc-added' }, c.new[0]) : h('span', { class: 'desc-none' }, '(cleared)'));
}

function historyView(data) {
  const edits = data.edits || [];
  if (!edits.length) return h('p', { class: 'hint', id: 'desc-history-empty' }, 'No description edits: the description is as imported.');
  return h('ol', { class: 'desc-history', id: 'desc-history' }, edits.map((e) => h('li', {
    class: `desc-edit${e.verified ? '' : ' void'}`, 'data-number': String(e.number) },
  h('p', { class: 'desc-edit-head' },
    h('strong', null, `Edit ${e.number}`), ` · version ${e.base_version} → ${e.new_version} · `,
    h('time', { datetime: e.time }, e.time.replace('T', ' ').replace('Z', ' UTC')), ` · ${e.editor} · `,
    e.verified ? h('span', { class: 'sig-ok' }, 'signature verified')
      : h('span', { class: 'sig-void', role: 'alert' }, e.void_reason)),
  h('ul', { class: 'desc-changes' }, e.changes.map(changeView)))));
}

function listEditor(field, item, values, picker) {
  const list = h('ul', { class: 'desc-items', id: `desc-${field}` });
  const add = (v) => {
    const value = v.trim();
    if (!value || [...list.children].some((li) => li.dataset.value === value)) return;
    list.append(h('li', { 'data-value': value }, value, ' ',
      h('button', { type: 'button', class: 'link', 'aria-label': `Remove ${item} ${value}`,
        onclick: (ev) => ev.target.closest('li').remove() }, 'remove')));
  };
  values.forEach(add);
  const input = h('input', { type: 'text', id: `desc-add-${field}`, 'aria-label': `Add a ${item}`,
    list: picker ? 'desc-subject-terms' : null, placeholder: picker ? 'Type a word to find subject terms' : `Add a ${item}` });
  const options = picker ? h('datalist', { id: 'desc-subject-terms' }) : null;
  if (picker) {
    input.addEventListener('input', async () => {
      const q = input.value.trim();
      if (q.length < 2) return;
      const res = await get(withQuery('/api/authorities', { q, kind: 'subject' }));
      if (!res.ok) return;
      options.replaceChildren(...(res.data.items || []).map((a) => h('option', { value: a.name })));
    });
  }
  const button = h('button', { type: 'button', id: `desc-add-${field}-button`, onclick: () => { add(input.value); input.value = ''; input.focus(); } }, 'Add');
  input.addEventListener('keydown', (ev) => { if (ev.key === 'Enter') { ev.preventDefault(); button.click(); } });
  return {
    node: h('fieldset', { class: 'desc-list' }, h('legend', null, kLabels[field]), list,
      h('p', { class: 'desc-add' }, input, ' ', button), options),
    values: () => [...list.children].map((li) => li.dataset.value),
  };
}

// The changes between the record as shown and the form.
function changesFrom(r, texts, lists) {
  const changes = [];
  for (const f of kText) {
    const now = texts[f].value.trim();
    if (now !== valuesOf(r, f)) changes.push({ op: 'set', field: f, value: now });
  }
  for (const [field] of kLists) {
    const before = valuesOf(r, field);
    const after = lists[field].values();
    for (const v of before) if (!after.includes(v)) changes.push({ op: 'remove', field, value: v });
    for (const v of after) if (!before.includes(v)) changes.push({ op: 'add', field, value: v });
  }
  return changes;
}

function editForm(r, base, done) {
  const texts = {};
  const rows = kText.map((f) => {
    const id = `desc-input-${f}`;
    texts[f] = f === 'summary' || f === 'scope_note' || f === 'credits'
      ? h('textarea', { id, rows: '3' }) : h('input', { type: 'text', id });
    texts[f].value = valuesOf(r, f);
    return h('p', { class: 'desc-row' }, h('label', { for: id }, kLabels[f]), texts[f]);
  });
  const lists = {};
  const listNodes = kLists.map(([field, item]) => {
    lists[field] = listEditor(field, item, valuesOf(r, field), field === 'subjects');
    return lists[field].node;
  });
  const status = h('p', { class: 'desc-status', id: 'desc-status', role: 'status' });
  const form = h('form', { class: 'desc-form', id: 'desc-form', onsubmit: async (ev) => {
    ev.preventDefault();
    const changes = changesFrom(r, texts, lists);
    if (!changes.length) { status.textContent = 'Nothing changed.'; return; }
    status.textContent = 'Signing and saving…';
    const res = await post(`/api/records/${enc(r.id)}/description`, { base_version: base, changes });
    if (!res.ok) {
      status.replaceChildren(h('span', { class: 'error', role: 'alert' }, `Not saved: ${res.error}`));
      announce(`Description not saved: ${res.error}`);
      return;
    }
    announce(`Description edit ${res.data.number} saved as version ${res.data.new_version}`);
    done();
  } },
  h('p', { class: 'hint' }, `Edits version ${base}. Saving signs the edit with your key and makes version ${base + 1}; the text, label and marking never change.`),
  ...rows, ...listNodes,
  h('p', { class: 'actions' }, h('button', { type: 'submit', id: 'desc-save' }, 'Sign and save'), ' ', status));
  return form;
}

function descRows(r) {
  const rows = [];
  for (const [field, , key] of [['subjects', 'Subjects', 'subjects'], ['places', 'Places', 'places']]) {
    const v = r[field] || [];
    if (v.length) rows.push(h('dt', null, kLabels[field]), h('dd', { 'data-row': key }, h('ul', { class: 'names' }, v.map((x) => h('li', null, x)))));
  }
  if (r.scope_note) rows.push(h('dt', null, 'Scope note'), h('dd', { 'data-row': 'scope_note' }, r.scope_note));
  return rows.length ? h('dl', { class: 'desc-fields' }, ...rows) : null;
}

// The Description section of the record page (record.js); null on a past version (#/record/ID/v/N)
// or when the history cannot be read.
export async function descriptionBlock(r, versionInfo) {
  if (versionInfo && versionInfo.version !== versionInfo.current) return descRows(r);
  const [res, who] = await Promise.all([get(`/api/records/${enc(r.id)}/description/history`), whoAmI()]);
  if (!res.ok) return descRows(r);
  const archivist = ((who.clearance && who.clearance.roles) || []).includes('archivist');
  const box = h('div', { class: 'desc-edit-box' });
  const reload = () => window.dispatchEvent(new HashChangeEvent('hashchange'));
  const edit = archivist ? h('button', { type: 'button', id: 'desc-edit', 'aria-expanded': 'false', onclick: () => {
    const open = edit.getAttribute('aria-expanded') === 'true';
    edit.setAttribute('aria-expanded', String(!open));
    box.replaceChildren(open ? '' : editForm(r, res.data.current_version, reload));
    if (!open) box.querySelector('input, textarea').focus();
  } }, 'Edit description') : null;
  const count = (res.data.edits || []).length;
  return h('section', { class: 'field-block description', id: 'description', 'aria-labelledby': 'sec-description' },
    h('h2', { id: 'sec-description' }, 'Description:'),
    descRows(r),
    edit ? h('p', { class: 'actions' }, edit) : null, box,
    h('details', { class: 'desc-history-box', id: 'desc-history-box' },
      h('summary', null, `History of the description (${count} edit${count === 1 ? '' : 's'}, version ${res.data.current_version})`),
      historyView(res.data)));
}

// The record page: the header block in the seed record's order (date, title, citation, summary,
// credits, original language, contents, archival reference), the cable's own headers, the text
// with its portion marks, notes and references (links to other records), a copy-citation button
// and a JSON download.
import { h, announce, formatDate, banner, bannerBar } from './dom.js';
import { get, enc, whoAmI } from './api.js';
import { declassificationBlock, markRedactions, requestBlock } from './publication.js';
import { citeMenu, fetchRecord, versionNotice } from './cite.js';
import { translationBlock } from './translation.js';
import { scanBeside } from './files.js';
import { neighboursBlock } from './browse.js';
import { linkPersons } from './authority.js';
import { descriptionBlock } from './description.js';

// Copies with the asynchronous clipboard API; without it (insecure origin, old browser, denied
// permission) selects the text in a hidden textarea and uses execCommand('copy').
export async function copyText(text) {
  if (navigator.clipboard && window.isSecureContext) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch {
      // fall through to the fallback
    }
  }
  const area = h('textarea', { class: 'offscreen', readonly: true, 'aria-hidden': 'true' });
  area.value = text;
  document.body.appendChild(area);
  area.select();
  let ok = false;
  try { ok = document.execCommand('copy'); } catch { ok = false; }
  area.remove();
  return ok;
}

function section(title, ...content) {
  const id = `sec-${title.toLowerCase().replace(/[^a-z]+/g, '-')}`;
  return h('section', { class: 'field-block', 'aria-labelledby': id },
    h('h2', { id }, `${title}:`), ...content);
}

function citationBlock(id, citation) {
  const status = h('span', { class: 'copy-status', id: 'copy-status' });
  const button = h('button', { type: 'button', id: 'copy-citation', onclick: async () => {
    const ok = await copyText(citation);
    const message = ok ? 'Citation copied to the clipboard' : 'Copy failed: select the citation text and copy it';
    status.textContent = message;
    button.dataset.copied = ok ? citation : '';
    announce(message);
  } }, 'Copy citation');
  return section('Citation', h('p', { class: 'citation', id: 'citation' }, citation),
    h('p', { class: 'actions' }, button, ' ',
      h('a', { class: 'button', href: `/api/records/${enc(id)}`, download: `${id}.json` }, 'Download JSON'),
      ' ', status));
}

function row(term, value, attrs = {}) {
  if (!value || (Array.isArray(value) && !value.length)) return null;
  return [h('dt', attrs, term), h('dd', attrs, value)];
}

// Items that share one verbatim note ("subject to the approval of ...", "before being issued")
// in groups, in first-seen order, so the note shows once under the names it qualifies.
function groupByNote(items, noteOf) {
  const groups = [];
  for (const item of items) {
    const note = noteOf(item) || '';
    let group = groups.find((g) => g.note === note);
    if (!group) { group = { note, items: [] }; groups.push(group); }
    group.items.push(item);
  }
  return groups;
}

// One row per approval state: "Approved by" lists only approvals that were given; approvals
// still pending ("subject to the approval of ...") and rejections get rows of their own, each
// name marked with its state, and the verbatim condition under the names.
const kApprovalRows = [
  ['approved', 'Approved by'],
  ['pending', 'Pending approval'],
  ['rejected', 'Rejected by'],
];

function approvalRows(approvals) {
  return kApprovalRows.map(([state, term]) => {
    const mine = approvals.filter((a) => (a.state || 'approved') === state);
    if (!mine.length) return null;
    const groups = groupByNote(mine, (a) => a.note);
    return row(term, groups.map((g) => h('div', { class: 'approval-group' },
      h('ul', { class: 'names' }, g.items.map((a) => h('li', { class: `approval state-${state}`, 'data-state': state },
        a.name, ' ', h('span', { class: `state-badge ${state}` }, state),
        a.date ? ` (${formatDate(a.date)})` : ''))),
      g.note ? h('p', { class: 'verbatim' }, `“${g.note}”`) : null)),
    { 'data-row': `approvals-${state}` });
  });
}

function disseminationRow(list) {
  if (!list || !list.length) return null;
  const groups = groupByNote(list, (d) => d.note);
  return row('Shared with', groups.map((g) => h('div', { class: 'dissemination-group' },
    h('ul', { class: 'names' }, g.items.map((d) => h('li', { class: 'dissemination' }, d.party,
      d.releasability ? ` (${d.releasability})` : '', d.date ? `, ${formatDate(d.date)}` : ''))),
    g.note ? h('p', { class: 'verbatim' }, `“${g.note}”`) : null)), { 'data-row': 'disseminations' });
}

function listRow(term, items, key) {
  if (!items || !items.length) return null;
  return row(term, h('ul', { class: 'names' }, items.map((x) => h('li', null, x))), { 'data-row': key });
}

function cableHeaders(r) {
  const to = (r.addressees || []).map((a) => `${a.name}${a.role === 'info' ? ' (info)' : ''}`).join('; ');
  const marking = r.original_marking
    ? r.original_marking.verbatim || banner(r.original_marking.label) : '';
  const precedence = r.precedence ? [r.precedence.rank, r.precedence.original].filter(Boolean).join(' · ') : '';
  const originators = r.originators || [];
  return h('dl', { class: 'cable-headers' },
    row('From', [r.organization, r.office].filter(Boolean).join(', ')),
    listRow(originators.length > 1 ? 'Originators (joint senders)' : 'Originator', originators, 'originators'),
    row('To', to),
    row('Serial', r.serial && r.serial.original),
    row('Internal reference', r.internal_reference),
    row('Document type', r.document_type),
    row('Precedence', precedence),
    row('Original marking', marking),
    row('Current label', banner(r.current_label) || (r.current_label ? 'PUBLIC' : '')),
    row('Drafted', r.drafted && formatDate(r.drafted)),
    row('Drafter', r.drafter),
    approvalRows(r.approvals || []),
    disseminationRow(r.disseminations),
    listRow('Also informed', r.also_informed, 'also-informed'),
    row('Place', r.place),
    row('Persons', (r.persons || []).join('; ')));
}

function paragraph(p) {
  return h('p', { class: 'para' },
    p.portion ? [h('span', { class: 'portion', title: 'Portion marking' }, `(${banner(p.portion) || 'U'})`), ' '] : null,
    p.text || '');
}

function textBlock(r) {
  const body = (r.body || []).map(paragraph);
  const enclosures = (r.enclosures || []).map((e) => h('section', { class: 'enclosure' },
    h('h3', null, e.title || 'Enclosure'), (e.paragraphs || []).map(paragraph)));
  if (!body.length && !enclosures.length) return null;
  return h('section', { class: 'record-text', 'aria-labelledby': 'sec-text' },
    h('h2', { id: 'sec-text' }, 'Text'),
    r.subject ? h('p', { class: 'subject' }, h('strong', null, 'Subject: '), r.subject) : null,
    body, enclosures);
}

// Notes as rows: the note's kind ("International Liaison Department note", "footnote") as the
// term and its verbatim text as the value.
function notesBlock(r) {
  if (!r.notes || !r.notes.length) return null;
  return h('section', { 'aria-labelledby': 'sec-notes' }, h('h2', { id: 'sec-notes' }, 'Notes'),
    h('dl', { class: 'notes cable-headers' }, r.notes.map((n) => [
      h('dt', { class: 'note-kind' }, n.kind ? n.kind.charAt(0).toUpperCase() + n.kind.slice(1) : 'Note'),
      h('dd', null, n.text || '')])));
}

function referencesBlock(r) {
  if (!r.references || !r.references.length) return null;
  return h('section', { 'aria-labelledby': 'sec-refs' }, h('h2', { id: 'sec-refs' }, 'References'),
    h('ul', { class: 'references' }, r.references.map((ref) => h('li', null,
      ref.relation ? `${ref.relation}: ` : '',
      h('a', { href: `#/record/${enc(ref.target)}`, class: 'ref' }, ref.target),
      ref.text ? ` (${ref.text})` : ''))));
}

function archivalBlocks(a) {
  if (!a) return [];
  const reference = a.reference && (a.reference.verbatim ||
    [a.reference.repository_code, a.reference.fonds, a.reference.file, a.reference.item]
      .filter(Boolean).join(' '));
  return [
    a.credits ? section('Credits', h('p', null, a.credits)) : null,
    a.original_language ? section('Original Language', h('p', null, a.original_language)) : null,
    a.contents ? section('Contents', h('p', null, a.contents)) : null,
    reference || a.repository ? section('Archival reference', h('p', { class: 'archival' },
      [a.repository, reference].filter(Boolean).join(', '),
      a.translator ? `. Translated by ${a.translator}` : '',
      a.source_url ? [' · ', h('a', { href: a.source_url, rel: 'noopener noreferrer' }, 'source')] : null))
      : null,
  ];
}

// GET /api/records/{id} and its citation; a missing or unreadable record is the same 404.
export async function recordView(m, q, version = 0) {
  const id = typeof m === 'string' ? m : m[1];
  const [res, cite] = await Promise.all([fetchRecord(id, version),
    get(`/api/records/${enc(id)}/citation${version ? `?version=${version}` : ''}`, 'text')]);
  if (!res.ok) {
    announce('Record not found');
    return h('div', null, h('h1', null, 'Record not found'),
      h('p', { class: 'error', role: 'alert' }, res.status === 404
        ? `There is no record ${id} that you may read.` : `The record could not be loaded: ${res.error}`),
      h('p', null, h('a', { href: '#/' }, 'Back to the reading room')));
  }
  const r = res.data;
  const citation = cite.ok ? String(cite.data).trim() : (r.archival && r.archival.citation) || '';
  announce(`Record ${r.title || id} loaded`);
  // A record above the public level carries its banner top and bottom, like a draft.
  const level = r.current_label && r.current_label.classification;
  const marked = level && !['PUBLIC', 'UNCLASSIFIED'].includes(level) ? banner(r.current_label) : '';
  // A published version (docs/archive.md) says how it was declassified, shows its markers as
  // markers and lets the reader verify it and ask for review of what it withholds.
  const published = r.publication && r.publication.of ? r.publication : null;
  const who = await whoAmI();
  const reviewer = marked && !published && ((who.clearance && who.clearance.roles) || [])
    .some((role) => role === 'reviewer' || role === 'archivist');
  const article = h('article', { class: `record${published ? ' published-version' : ''}`, 'data-id': r.id },
    marked ? bannerBar(marked) : null,
    h('p', { class: 'record-date' }, formatDate(r.date, r) || 'Undated'),
    h('h1', null, r.title || r.id),
    await neighboursBlock(r.id), // browse.js: previous/next in collection order
    reviewer ? h('p', null, h('a', { class: 'button', href: `#/review/${enc(r.id)}` }, 'Open in the review workspace')) : null,
    published ? declassificationBlock(r) : null,
    versionNotice(r.id, res.version),
    citation ? citationBlock(r.id, citation) : null,
    citeMenu(r.id, version),
    r.summary ? section('Summary', h('p', null, r.summary)) : null,
    archivalBlocks(r.archival),
    await descriptionBlock(r, res.version), // description.js: subjects, history, archivists' edits
    h('details', { class: 'headers', open: true }, h('summary', null, 'Cable headers'), cableHeaders(r)),
    await translationBlock(r), // translation.js: side by side with the original or translation
    await scanBeside(r, version, textBlock(r)), // files.js: the scan beside the text
    notesBlock(r), referencesBlock(r),
    published && !published.in_full ? await requestBlock(r) : null,
    marked ? bannerBar(marked) : null,
    h('p', null, h('button', { type: 'button', class: 'link', onclick: () => history.back() }, '‹ Back')));
  if (published) {
    for (const part of article.querySelectorAll('details.headers, .record-text, .notes, .field-block, h1')) {
      markRedactions(part, published.redactions);
    }
  }
  linkPersons(article); // authority.js: each person to their authority page
  return article;
}

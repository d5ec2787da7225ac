// The record page: the header block in the seed record's order (date, title, citation, summary,
// credits, original language, contents, archival reference), the cable's own headers, the text
// with its portion marks, notes and references (links to other records), a copy-citation button
// and a JSON download.
import { h, announce, formatDate, banner } from './dom.js';
import { get, enc } from './api.js';

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

function row(term, value) {
  if (!value || (Array.isArray(value) && !value.length)) return null;
  return [h('dt', null, term), h('dd', null, value)];
}

function cableHeaders(r) {
  const to = (r.addressees || []).map((a) => `${a.name}${a.role === 'info' ? ' (info)' : ''}`).join('; ');
  const marking = r.original_marking
    ? r.original_marking.verbatim || banner(r.original_marking.label) : '';
  const precedence = r.precedence ? [r.precedence.rank, r.precedence.original].filter(Boolean).join(' · ') : '';
  return h('dl', { class: 'cable-headers' },
    row('From', [r.organization, r.office].filter(Boolean).join(', ')),
    row('To', to),
    row('Serial', r.serial && r.serial.original),
    row('Internal reference', r.internal_reference),
    row('Document type', r.document_type),
    row('Precedence', precedence),
    row('Original marking', marking),
    row('Current label', banner(r.current_label) || (r.current_label ? 'PUBLIC' : '')),
    row('Drafted', r.drafted && formatDate(r.drafted)),
    row('Drafter', r.drafter),
    row('Approved by', (r.approvals || []).map((a) => a.name).join('; ')),
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

function notesBlock(r) {
  if (!r.notes || !r.notes.length) return null;
  return h('section', { 'aria-labelledby': 'sec-notes' }, h('h2', { id: 'sec-notes' }, 'Notes'),
    h('ol', { class: 'notes' }, r.notes.map((n) => h('li', null,
      n.kind ? h('span', { class: 'note-kind' }, `${n.kind}: `) : null, n.text || ''))));
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
export async function recordView(m) {
  const id = typeof m === 'string' ? m : m[1];
  const [res, cite] = await Promise.all([get(`/api/records/${enc(id)}`),
    get(`/api/records/${enc(id)}/citation`, 'text')]);
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
  return h('article', { class: 'record', 'data-id': r.id },
    h('p', { class: 'record-date' }, formatDate(r.date, r) || 'Undated'),
    h('h1', null, r.title || r.id),
    citation ? citationBlock(r.id, citation) : null,
    r.summary ? section('Summary', h('p', null, r.summary)) : null,
    archivalBlocks(r.archival),
    h('details', { class: 'headers', open: true }, h('summary', null, 'Cable headers'), cableHeaders(r)),
    textBlock(r), notesBlock(r), referencesBlock(r),
    h('p', null, h('button', { type: 'button', class: 'link', onclick: () => history.back() }, '‹ Back')));
}

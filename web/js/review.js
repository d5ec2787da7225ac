// The review workspace (#/review/{id}) and the review queue (#/review): a record's original
// beside a live public preview (GET /api/review/{id}/preview, fetched again after every
// decision), spans chosen with the mouse (select words in a field, then "Withhold selection")
// or the keyboard (Tab to a field, Enter or Space selects it whole), an exemption picker with
// the policy's codes, referrals and their answers, concurrence, publication and the signed
// history. The server decides every step (roles, read access, stale versions); the page only
// offers what the user's roles allow and shows each refusal as the server words it.
import { h, announce, bannerBar } from './dom.js';
import { get, post, enc, whoAmI } from './api.js';
import { words, wordRange } from './units.js';
import { markRedactions } from './publication.js';
import { messageArea } from './desk_common.js';

function rolesOf(who) {
  return (who.clearance && who.clearance.roles) || [];
}

// The fields a reviewer decides, in the record page's order: [{pointer, label, text, group}].
export function reviewFields(r) {
  const out = [];
  const add = (group, pointer, label, text) => {
    if (typeof text === 'string' && text) out.push({ group, pointer, label, text });
  };
  add('Headers', '/title', 'Title', r.title);
  add('Headers', '/subject', 'Subject', r.subject);
  add('Headers', '/summary', 'Summary', r.summary);
  add('Headers', '/drafter', 'Drafter', r.drafter);
  (r.approvals || []).forEach((a, i) => add('Headers', `/approvals/${i}/name`,
    a.state === 'pending' ? 'Pending approval' : a.state === 'rejected' ? 'Rejected by' : 'Approved by', a.name));
  (r.addressees || []).forEach((a, i) => add('Headers', `/addressees/${i}/name`, a.role === 'info' ? 'Info' : 'To', a.name));
  (r.disseminations || []).forEach((d, i) => add('Headers', `/disseminations/${i}/party`, 'Shared with', d.party));
  (r.also_informed || []).forEach((x, i) => add('Headers', `/also_informed/${i}`, 'Also informed', x));
  (r.persons || []).forEach((x, i) => add('Headers', `/persons/${i}`, 'Person', x));
  (r.body || []).forEach((p, i) => add('Text', `/body/${i}/text`, `Paragraph ${i + 1}`, p.text));
  (r.enclosures || []).forEach((e, i) => {
    add('Text', `/enclosures/${i}/title`, `Enclosure ${i + 1} title`, e.title);
    (e.paragraphs || []).forEach((p, j) => add('Text', `/enclosures/${i}/paragraphs/${j}/text`,
      `Enclosure ${i + 1}, paragraph ${j + 1}`, p.text));
  });
  (r.notes || []).forEach((n, i) => add('Text', `/notes/${i}/text`, `Note ${i + 1}`, n.text));
  return out;
}

// "/body/3/text#w5-7" -> {pointer, first, last} (first = -1: the whole field or part).
function parseSpan(text) {
  const m = /^([^#]*)(?:#w(\d+)(?:-(\d+))?)?$/.exec(text);
  if (!m) return null;
  return { pointer: m[1], first: m[2] === undefined ? -1 : Number(m[2]), last: m[3] === undefined ? Number(m[2] ?? -1) : Number(m[3]) };
}

// Decided ranges of each field: pointer -> [{first, last, kind, code, decision}] (words).
function decidedRanges(status, fields) {
  const out = new Map(fields.map((f) => [f.pointer, []]));
  const answered = new Map();
  for (const d of status.decisions) {
    if (!d.void && d.kind === 'answer') answered.set(d.answers, d);
  }
  for (const d of status.decisions) {
    if (d.void || !['withhold', 'refer'].includes(d.kind)) continue;
    const answer = answered.get(d.id);
    if (d.kind === 'refer' && answer && answer.answer === 'release') continue;
    const kind = d.kind === 'withhold' || answer ? 'withheld' : 'referred';
    const code = d.kind === 'withhold' ? d.code : answer ? answer.code : d.office;
    const spans = d.spans.length ? d.spans : [''];
    for (const text of spans) {
      const span = parseSpan(text);
      if (!span) continue;
      for (const f of fields) {
        const under = f.pointer === span.pointer || f.pointer.startsWith(`${span.pointer}/`) || span.pointer === '';
        if (!under) continue;
        const n = words(f.text).length;
        const first = span.first >= 0 && f.pointer === span.pointer ? span.first : 0;
        const last = span.first >= 0 && f.pointer === span.pointer ? span.last : n - 1;
        if (n) out.get(f.pointer).push({ first, last, kind, code, decision: d.id });
      }
    }
  }
  return out;
}

// The field's text with its decided ranges as <mark> elements (the text stays exactly the
// field's, so selection offsets are offsets into it).
function fieldText(f, ranges) {
  const ws = words(f.text);
  const sorted = [...ranges].sort((a, b) => a.first - b.first);
  const nodes = [];
  let at = 0;
  for (const r of sorted) {
    if (!ws[r.first] || !ws[r.last]) continue;
    const start = ws[r.first].start;
    const end = ws[r.last].end;
    if (start < at) continue;
    if (start > at) nodes.push(f.text.slice(at, start));
    nodes.push(h('mark', { class: `decided ${r.kind}`, 'data-code': r.code, title: `${r.kind === 'withheld' ? 'Withheld under' : 'Referred to'} ${r.code} (${r.decision})` },
      f.text.slice(start, end)));
    at = end;
  }
  if (at < f.text.length) nodes.push(f.text.slice(at));
  return h('span', { class: 'field-text', 'data-pointer': f.pointer }, nodes);
}

// Characters before (node, offset) inside `el`.
function offsetIn(el, node, offset) {
  const range = document.createRange();
  range.selectNodeContents(el);
  range.setEnd(node, offset);
  return range.toString().length;
}

function fieldOfNode(node) {
  const el = node && (node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement);
  return el ? el.closest('.field-text') : null;
}

function groupFields(fields, render) {
  const groups = [...new Set(fields.map((f) => f.group))];
  return groups.map((g) => h('section', { class: 'review-group' }, h('h3', null, g),
    fields.filter((f) => f.group === g).map(render)));
}

function previewPane(preview) {
  if (!preview.ok) {
    return h('p', { class: 'error' }, `No preview: ${preview.error}`);
  }
  const fields = reviewFields(preview.data);
  const pane = h('div', { class: 'preview-fields' }, groupFields(fields, (f) =>
    h('div', { class: 'preview-field', 'data-pointer': f.pointer },
      h('span', { class: 'field-label' }, f.label), h('span', { class: 'field-text' }, f.text))));
  markRedactions(pane, (preview.data.publication && preview.data.publication.redactions) || []);
  return pane;
}

function decisionRow(d) {
  return h('tr', { class: d.void ? 'void' : null, 'data-kind': d.kind },
    h('td', { 'data-label': 'Decision' }, h('code', null, d.id)),
    h('td', { 'data-label': 'Kind' }, d.kind, d.answer ? ` (${d.answer})` : ''),
    h('td', { 'data-label': 'What' }, [d.phrase ? `“${d.phrase}” ` : '', d.spans.length ? d.spans.join(', ') : (d.kind === 'release' ? 'the rest' : ''),
      d.office ? ` to ${d.office}` : '', d.answers ? ` answers ${d.answers}` : ''].join('')),
    h('td', { 'data-label': 'Code' }, d.code || ''),
    h('td', { 'data-label': 'By' }, d.actor),
    h('td', { 'data-label': 'When' }, (d.time || '').replace('T', ' ')),
    h('td', { 'data-label': 'Signed version' }, `v${d.version}`, d.void ? h('span', { class: 'void-mark' }, ` VOID: ${d.void}`) : ''));
}

// An archivist's form to withdraw a public published version (POST /api/review/{id}/withdraw).
function withdrawForm(p, act) {
  const field = `withdraw-reason-${p.number}`;
  const reason = h('input', { id: field, size: 30, required: true });
  return h('details', { class: 'withdraw' }, h('summary', null, `Withdraw ${p.id} from the public`),
    h('div', { class: 'field' }, h('label', { for: field }, 'Reason (kept with the withdrawal)'),
      h('div', { class: 'row' }, reason, h('button', { type: 'button', class: 'danger', onclick: () =>
        act('Withdrawn', `/api/review/${enc(p.id)}/withdraw`, { reason: reason.value, number: p.number }) }, 'Withdraw'))));
}

function historyTable(status) {
  if (!status.decisions.length) return h('p', null, 'No decisions yet.');
  return h('table', { class: 'stack decisions' }, h('caption', null, 'Signed decisions, oldest first (void ones stay, marked)'),
    h('thead', null, h('tr', null, ['Decision', 'Kind', 'What', 'Code', 'By', 'When', 'Signed version'].map((c) => h('th', { scope: 'col' }, c)))),
    h('tbody', null, status.decisions.map(decisionRow)));
}

function exemptionPicker(status, id) {
  return h('div', { class: 'field' }, h('label', { for: id }, 'Exemption'),
    h('select', { id }, status.exemptions.map((e) => h('option', { value: e.code }, `${e.code}: ${e.text}`))));
}

// #/review/{id}
export async function workspaceView(id) {
  const who = await whoAmI();
  if (!who.authenticated) {
    return h('div', null, h('h1', null, 'Review'), h('p', null, h('a', { href: `#/signin?next=${enc(`#/review/${id}`)}` }, 'Sign in'),
      ' to review records.'));
  }
  const [record, status, preview] = await Promise.all([get(`/api/records/${enc(id)}`),
    get(`/api/review/${enc(id)}`), get(`/api/review/${enc(id)}/preview`)]);
  if (!record.ok || !status.ok) {
    const res = record.ok ? status : record;
    return h('div', null, h('h1', null, 'Record not found'),
      h('p', { class: 'error', role: 'alert' }, res.status === 404 ? `There is no record ${id} that you may review.` : res.error),
      h('p', null, h('a', { href: '#/review' }, 'Back to the review queue')));
  }
  const r = record.data;
  const st = status.data;
  const roles = rolesOf(who);
  const fields = reviewFields(r);
  const ranges = decidedRanges(st, fields);
  const message = messageArea();
  const selectionNote = h('p', { class: 'selection-note', id: 'selection-note', 'aria-live': 'polite' }, 'Nothing selected.');
  let textSelection = null;  // {pointer, first, last, text}
  const chosen = new Set();  // whole fields chosen with the keyboard (or a click on the label)

  const describe = () => {
    const parts = [...chosen].map((p) => `${fields.find((f) => f.pointer === p).label} (whole)`);
    if (textSelection) {
      const f = fields.find((x) => x.pointer === textSelection.pointer);
      parts.push(`${f.label}, words ${textSelection.first}–${textSelection.last} (“${textSelection.text}”)`);
    }
    selectionNote.textContent = parts.length ? `Selected: ${parts.join('; ')}` : 'Nothing selected.';
  };
  const spans = () => [...[...chosen], ...(textSelection ? [`${textSelection.pointer}#w${textSelection.first}-${textSelection.last}`] : [])];

  const onSelection = () => {
    const sel = document.getSelection();
    if (!sel || sel.isCollapsed || !sel.rangeCount) return;
    const a = fieldOfNode(sel.anchorNode);
    const b = fieldOfNode(sel.focusNode);
    if (!a || a !== b || !a.closest('.original')) return;
    const f = fields.find((x) => x.pointer === a.dataset.pointer);
    const range = sel.getRangeAt(0);
    const start = offsetIn(a, range.startContainer, range.startOffset);
    const end = offsetIn(a, range.endContainer, range.endOffset);
    const wr = wordRange(f.text, start, end);
    if (!wr) return;
    const ws = words(f.text);
    textSelection = { pointer: f.pointer, ...wr, text: f.text.slice(ws[wr.first].start, ws[wr.last].end) };
    describe();
  };
  document.addEventListener('selectionchange', onSelection);
  window.addEventListener('hashchange', () => document.removeEventListener('selectionchange', onSelection), { once: true });

  const toggle = (el, pointer) => {
    if (chosen.has(pointer)) chosen.delete(pointer); else chosen.add(pointer);
    el.setAttribute('aria-pressed', chosen.has(pointer) ? 'true' : 'false');
    describe();
    announce(selectionNote.textContent);
  };
  const original = h('div', { class: 'original' }, groupFields(fields, (f) => {
    const el = h('div', { class: 'span-field', tabindex: 0, role: 'button', 'aria-pressed': 'false', 'data-pointer': f.pointer,
      'aria-label': `${f.label}: ${f.text}. Enter selects the whole field.` },
    h('span', { class: 'field-label' }, f.label), fieldText(f, ranges.get(f.pointer)));
    el.addEventListener('keydown', (e) => {
      if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); toggle(el, f.pointer); }
    });
    el.querySelector('.field-label').addEventListener('click', () => toggle(el, f.pointer));
    return el;
  }));

  const refresh = () => { window.dispatchEvent(new HashChangeEvent('hashchange')); };
  const act = async (label, path, body) => {
    const res = await post(path, body);
    if (!res.ok) { message.show(`${label}: ${res.error}`, true); return false; }
    sessionStorage.setItem('chancery.review.message', `${label}: done${res.data && res.data.id ? ` (${res.data.id})` : ''}`);
    refresh();
    return true;
  };

  const panels = [];
  const closed = ['published in full', 'published in part', 'withheld in full', 'public'].includes(st.state);
  if (closed) {
    panels.push(h('p', { class: 'selection-note closed-note' }, st.state === 'public'
      ? 'This record is public already: there is nothing to review.'
      : `The review is closed (${st.state}). Reopen it for a new round to decide again.`));
  }
  if (roles.includes('reviewer') && !closed) {
    const phrase = h('input', { id: 'withhold-phrase', size: 24 });
    const office = h('input', { id: 'refer-office', size: 14, placeholder: 'office id' });
    panels.push(h('section', { class: 'review-actions', 'aria-labelledby': 'act-title' },
      h('h2', { id: 'act-title' }, 'Decide'),
      h('p', { class: 'hint' }, 'Select words in a field with the mouse, or Tab to a field and press Enter to select it whole; then withhold or refer the selection.'),
      selectionNote,
      exemptionPicker(st, 'exemption'),
      h('p', { class: 'actions' },
        h('button', { type: 'button', id: 'withhold-selection', onclick: () => {
          const list = spans();
          if (!list.length) { message.show('Select words or a field first', true); return; }
          act('Withheld', `/api/review/${enc(r.id)}/withhold`, { spans: list, code: document.getElementById('exemption').value });
        } }, 'Withhold selection'),
        h('button', { type: 'button', class: 'secondary', onclick: () => {
          chosen.clear(); textSelection = null; document.getSelection().removeAllRanges();
          original.querySelectorAll('[aria-pressed="true"]').forEach((x) => x.setAttribute('aria-pressed', 'false'));
          describe();
        } }, 'Clear selection')),
      h('div', { class: 'field' }, h('label', { for: 'withhold-phrase' }, 'Or withhold every occurrence of a phrase'),
        h('div', { class: 'row' }, phrase, h('button', { type: 'button', onclick: () =>
          act('Withheld', `/api/review/${enc(r.id)}/withhold`, { phrase: phrase.value, code: document.getElementById('exemption').value }) }, 'Withhold phrase'))),
      h('div', { class: 'field' }, h('label', { for: 'refer-office' }, 'Refer the selection (none: the whole record) to an equity-holding office'),
        h('div', { class: 'row' }, office, h('button', { type: 'button', onclick: () =>
          act('Referred', `/api/review/${enc(r.id)}/refer`, { office: office.value.trim(), spans: spans() }) }, 'Refer'))),
      h('p', { class: 'actions' },
        h('button', { type: 'button', id: 'release-rest', onclick: () => act('Released the rest', `/api/review/${enc(r.id)}/release`) }, 'Release the rest'),
        st.needs_concurrence && !st.concurred
          ? h('button', { type: 'button', id: 'concur', onclick: () => act('Concurred', `/api/review/${enc(r.id)}/concur`) }, 'Concur (second reviewer)') : null)));
  }
  const referrals = st.decisions.filter((d) => d.kind === 'refer' && !d.void);
  if (referrals.length) {
    const answers = new Map(st.decisions.filter((d) => d.kind === 'answer' && !d.void).map((d) => [d.answers, d]));
    panels.push(h('section', { class: 'referrals', 'aria-labelledby': 'ref-title' }, h('h2', { id: 'ref-title' }, 'Referrals'),
      h('ul', { class: 'queue' }, referrals.map((d) => {
        const answer = answers.get(d.id);
        const mine = roles.includes(`equity:${d.office}`) && !answer;
        const picker = `answer-code-${d.id.replace(/[^a-z0-9]/gi, '-')}`;
        const [rec, round, n] = d.id.split('/');
        const path = `/api/review/referrals/${enc(rec)}/${enc(round)}/${enc(n)}/answer`;
        return h('li', { class: 'card referral', 'data-id': d.id },
          h('p', null, h('code', null, d.id), ` to ${d.office}: ${d.spans.length ? d.spans.join(', ') : 'the whole record'}`),
          h('p', null, answer ? `Answered by ${answer.actor}: ${answer.answer}${answer.code ? ` under ${answer.code}` : ''}` : 'Awaiting the answer of ' + d.office),
          mine ? [exemptionPicker(st, picker), h('p', { class: 'actions' },
            h('button', { type: 'button', onclick: () => act('Answered', path, { withhold: false }) }, 'Release (answer)'),
            h('button', { type: 'button', onclick: () => act('Answered', path, { withhold: true, code: document.getElementById(picker).value }) }, 'Withhold (answer)'))] : null);
      }))));
  }
  if (roles.includes('archivist') && !closed) {
    panels.push(h('section', { class: 'publish', 'aria-labelledby': 'pub-title' }, h('h2', { id: 'pub-title' }, 'Publish'),
      h('p', null, st.state === 'decided' ? 'Every span is decided.' : `The review is ${st.state}.`,
        st.needs_concurrence ? (st.concurred ? ' A second reviewer concurred.' : ' A second reviewer must concur first.') : '',
        st.open_referrals ? ` ${st.open_referrals} referral(s) await an answer.` : ''),
      h('p', { class: 'actions' }, h('button', { type: 'button', id: 'publish', onclick: () => act('Published', `/api/review/${enc(r.id)}/publish`) }, 'Publish'))));
  }
  if ((roles.includes('reviewer') || roles.includes('archivist')) && st.state !== 'public') {
    const reason = h('input', { id: 'reopen-reason', size: 30 });
    panels.push(h('details', { class: 'reopen' }, h('summary', null, 'Reopen for a new round'),
      h('div', { class: 'field' }, h('label', { for: 'reopen-reason' }, 'Reason'), h('div', { class: 'row' }, reason,
        h('button', { type: 'button', onclick: () => act('Reopened', `/api/review/${enc(r.id)}/reopen`, { reason: reason.value }) }, 'Reopen')))));
  }

  const flash = sessionStorage.getItem('chancery.review.message');
  if (flash) { sessionStorage.removeItem('chancery.review.message'); setTimeout(() => message.show(flash), 0); }
  const facts = [
    ['State', st.state], ['Version', `${st.version} (round ${st.round})`], ['Due', st.due ? st.due.slice(0, 10) : 'no review period for its level'],
    ['Concurrence', st.needs_concurrence ? (st.concurred ? 'given' : 'required, not yet given') : 'not required'],
    ['Open referrals', String(st.open_referrals)]];
  return h('div', { class: 'review-page', 'data-id': r.id, 'data-state': st.state },
    h('p', { class: 'crumbs' }, h('a', { href: '#/review' }, '‹ Review queue')),
    bannerBar(st.label),
    h('h1', null, `Review: ${r.title || r.id}`),
    h('dl', { class: 'cable-headers review-facts' }, facts.map(([t, v]) => [h('dt', null, t), h('dd', { 'data-fact': t.toLowerCase() }, v)])),
    message,
    h('div', { class: 'review-layout' },
      h('section', { class: 'pane', 'aria-labelledby': 'orig-title' }, h('h2', { id: 'orig-title' }, 'Original'), original),
      h('section', { class: 'pane preview', 'aria-labelledby': 'prev-title' }, h('h2', { id: 'prev-title' }, 'Public preview'),
        h('p', { class: 'hint' }, 'What publication would produce now: withheld passages are markers.'), previewPane(preview))),
    panels,
    st.published.length ? h('section', { 'aria-labelledby': 'pv-title' }, h('h2', { id: 'pv-title' }, 'Published versions'),
      h('ul', null, st.published.map((p) => h('li', { class: 'published-version', 'data-id': p.id, 'data-withdrawn': p.withdrawn ? 'true' : 'false' },
        h('a', { href: `#/record/${enc(p.id)}` }, p.id),
        ` ${p.in_full ? 'in full' : `in part (${p.codes.join(', ')})`}, ${(p.time || '').slice(0, 10)} by ${p.archivist}`,
        p.withdrawn ? h('p', { class: 'withdrawn-note' }, h('strong', null, 'Withdrawn'),
          ` ${(p.withdrawn.time || '').slice(0, 10)} by ${p.withdrawn.by}: ${p.withdrawn.reason}`)
          : roles.includes('archivist') ? withdrawForm(p, act) : null)))) : null,
    st.requests.length ? h('section', { 'aria-labelledby': 'rq-title' }, h('h2', { id: 'rq-title' }, 'Readers\' requests'),
      h('ul', null, st.requests.map((q) => h('li', null, `${q.id} by ${q.requester}: ${q.state}${q.outcome ? ` (${q.outcome})` : ''}: “${q.text}”`)))) : null,
    h('h2', null, 'History'), historyTable(st),
    bannerBar(st.label));
}

// #/review
export async function reviewQueueView() {
  const who = await whoAmI();
  if (!who.authenticated) {
    return h('div', null, h('h1', null, 'Review queue'), h('p', null, h('a', { href: '#/signin?next=%23%2Freview' }, 'Sign in'), ' to review records.'));
  }
  const res = await get('/api/review/queue');
  const items = res.ok ? res.data.items : [];
  const open = h('form', { class: 'open-id' }, h('label', { for: 'review-id' }, 'Open a record for review'),
    h('input', { id: 'review-id', name: 'id', size: 20 }), h('button', { type: 'submit' }, 'Open'));
  open.addEventListener('submit', (e) => {
    e.preventDefault();
    const id = String(new FormData(open).get('id') || '').trim();
    if (id) location.hash = `#/review/${enc(id)}`;
  });
  const roles = rolesOf(who);
  return h('div', { class: 'review-queue' }, h('h1', null, 'Review queue'),
    h('p', { class: 'hint' }, roles.length ? `Your archive roles: ${roles.join(', ')}. ` : 'You hold no archive role: the queue is empty for you. ',
      h('a', { href: '#/requests' }, 'My review requests')),
    open,
    !res.ok ? h('p', { class: 'error', role: 'alert' }, res.error) : null,
    items.length ? h('table', { class: 'stack' }, h('caption', null, `${items.length} record(s) waiting, oldest first`),
      h('thead', null, h('tr', null, ['Record', 'Label', 'State', 'Waiting for', 'Waiting', 'Requests'].map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', null, items.map((i) => h('tr', { 'data-id': i.record },
        h('td', { 'data-label': 'Record' }, h('a', { href: `#/review/${enc(i.record)}` }, i.title || i.record), h('br'), h('code', null, i.record)),
        h('td', { 'data-label': 'Label' }, i.label),
        h('td', { 'data-label': 'State' }, i.state),
        h('td', { 'data-label': 'Waiting for' }, i.waiting_for),
        h('td', { 'data-label': 'Waiting' }, `${i.age_days} d`),
        h('td', { 'data-label': 'Requests' }, String(i.requests)))))) : h('p', null, 'Nothing is waiting for you.'));
}

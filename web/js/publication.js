// The archive on the public side: the declassification block of a published version (when, by
// whom, under which authorities, "published version N of ID"), its redaction markers shown as
// such in the text, the Verify button that checks the proof bundle in this browser (proof.js),
// and readers' review requests (file one from a record page; #/requests lists them).
import { h, announce, formatDate } from './dom.js';
import { get, post, enc, whoAmI } from './api.js';
import { verifyBundle } from './proof.js';

// Markers the archive writes ("[name not declassified; (b)(6)]", "[less than 1 line not
// declassified; 25X1]") and those already in a source's text (FRUS prints them too).
const kMarkerPattern = /\[[^[\]]{0,120}?not declassified[^[\]]{0,120}?\]/g;

function escapeRegExp(text) {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

// Wraps every marker in the text under `root` in <span class="redaction">, so that it reads as
// a marker (outlined, with its exemption code) and not as the cable's own words.
export function markRedactions(root, redactions = []) {
  const known = [...new Set(redactions.map((r) => r.marker).filter(Boolean))]
    .sort((a, b) => b.length - a.length).map(escapeRegExp);
  const pattern = new RegExp([...known, kMarkerPattern.source].join('|'), 'g');
  const codeOf = new Map(redactions.map((r) => [r.marker, r.code]));
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const nodes = [];
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    pattern.lastIndex = 0;
    if (pattern.test(n.nodeValue)) nodes.push(n);
  }
  for (const node of nodes) {
    const text = node.nodeValue;
    const parts = [];
    let at = 0;
    pattern.lastIndex = 0;
    for (let m = pattern.exec(text); m; m = pattern.exec(text)) {
      if (m.index > at) parts.push(document.createTextNode(text.slice(at, m.index)));
      const code = codeOf.get(m[0]);
      parts.push(h('span', { class: 'redaction', 'data-code': code || null, title: code ? `Withheld under ${code}` : 'Not declassified' }, m[0]));
      at = m.index + m[0].length;
    }
    if (at < text.length) parts.push(document.createTextNode(text.slice(at)));
    node.replaceWith(...parts);
  }
  return root;
}

// "25X1: reveal the identity ... (E.O. 13526, sec. 3.3(b)(1))" -> its code.
function codeOfAuthority(text) {
  return String(text).split(':')[0].trim();
}

function verifyPanel(record) {
  const result = h('div', { class: 'verify-result', id: 'verify-result', 'aria-live': 'polite' });
  const button = h('button', { type: 'button', id: 'verify-proof', onclick: async () => {
    button.disabled = true;
    delete result.dataset.outcome;
    result.replaceChildren(h('p', null, 'Checking the proof bundle…'));
    const res = await get(`/api/records/${enc(record.id)}/proof`, 'text');
    if (!res.ok) {
      result.replaceChildren(h('p', { class: 'error', role: 'alert' }, `No proof bundle: ${res.error}`));
      button.disabled = false;
      return;
    }
    const report = await verifyBundle(String(res.data), record);
    result.dataset.outcome = report.ok ? 'verified' : report.failures.length ? 'failed' : 'unchecked';
    const s = report.signed || {};
    const lines = [
      `${report.units} units, ${report.withheld} withheld; root ${report.root.slice(0, 16)}…`,
      s.signer ? `Signed (${s.kind === 'release' ? 'at release by the desk' : 'at publication by the archive'}) by ${s.signer}, ` +
        `key ${String(s.public_key).slice(0, 16)}…${s.key_audit_seq ? ` registered in audit entry ${s.key_audit_seq}` : ' (its audit registration is not named)'}, over version ${s.record_version} of ${s.record_id}.` : '',
    ].filter(Boolean);
    let headline;
    if (report.ok) {
      headline = h('p', { class: 'message ok', role: 'status' }, 'Verified: the published text is exactly the signed original minus the marked passages.');
    } else if (!report.failures.length && [report.signature, report.statement].includes('unavailable')) {
      headline = h('p', { class: 'error', role: 'alert' }, 'The text, salts and Merkle root check out, but this browser\'s WebCrypto has no Ed25519, so the signature was not checked. Use chancery verify.');
    } else {
      headline = h('p', { class: 'error', role: 'alert' }, 'Verification failed.');
    }
    result.replaceChildren(...[headline,
      h('ul', { class: 'verify-details' }, lines.map((l) => h('li', null, l)),
        h('li', null, `Ed25519 signature: ${report.signature}`),
        report.described && report.described.length ? h('li', { id: 'verify-described' }, 'Described since publication ' +
          `(signed edits, in the description history; the proof covers the text as published): ${report.described.join(', ')}`) : null,
        report.statement !== 'absent' ? h('li', null, `Publication statement by ${report.statementSigner} ` +
          `(covers the whole published record, markers and /publication included): ${report.statement}`) : null),
      report.failures.length ? h('ul', { class: 'verify-failures' }, report.failures.map((f) => h('li', null, f))) : null]
      .filter(Boolean));
    announce(report.ok ? 'Proof verified' : 'Proof verification failed');
    button.disabled = false;
  } }, 'Verify');
  return h('div', { class: 'verify' },
    h('p', { class: 'actions' }, button, ' ',
      h('a', { href: `/api/records/${enc(record.id)}/proof`, download: `${record.id}.proof.json` }, 'Download proof bundle')),
    h('p', { class: 'hint' }, 'Verify fetches the proof bundle and checks it here, in your browser: the salted word hashes, the Merkle root and the Ed25519 signature.'),
    result);
}

// The declassification block of a published version (r.publication set).
export function declassificationBlock(r) {
  const p = r.publication;
  const codes = [...new Set((p.redactions || []).map((x) => x.code).filter(Boolean))];
  const authorities = (p.authorities || []).filter((a) => !codes.length || codes.includes(codeOfAuthority(a)));
  return h('section', { class: 'declassification', 'aria-labelledby': 'sec-declass', 'data-of': p.of, 'data-number': p.number },
    h('h2', { id: 'sec-declass' }, p.in_full ? 'Declassified in full' : 'Declassified in part'),
    p.withdrawn ? h('p', { class: 'withdrawn-note', role: 'note' }, h('strong', null, 'Withdrawn from the public'),
      ` on ${formatDate(p.withdrawn.slice(0, 10)) || p.withdrawn} by ${p.withdrawn_by}: ${p.withdrawal_reason}. `,
      'Only readers cleared for the original see this version now.') : null,
    h('dl', { class: 'cable-headers' },
      h('dt', null, 'Published'), h('dd', null, `Published version ${p.number} of ${p.of} (version ${p.of_version} of the original)`),
      h('dt', null, 'Declassified'), h('dd', null, `${formatDate((p.published || '').slice(0, 10)) || p.published} by ${p.archivist}`),
      p.reviewers && p.reviewers.length ? [h('dt', null, 'Reviewed by'), h('dd', null, p.reviewers.join('; '))] : null,
      h('dt', null, 'Authorities'), h('dd', null, authorities.length
        ? h('ul', { class: 'authorities' }, authorities.map((a) => h('li', null, a))) : 'none: nothing was withheld'),
      codes.length ? [h('dt', null, 'Exemption codes'), h('dd', null,
        h('ul', { class: 'names exemption-codes' }, codes.map((c) => h('li', null, h('code', null, c)))))] : null,
      !p.in_full ? [h('dt', null, 'Withheld'), h('dd', null, `${(p.redactions || []).length} passage(s), each shown as a marker such as `,
        h('span', { class: 'redaction' }, (p.redactions || [])[0] ? p.redactions[0].marker : '[not declassified]'))] : null),
    verifyPanel(r));
}

function requestItem(q) {
  return h('li', { class: 'card request', 'data-id': q.id, 'data-state': q.state },
    // The request names the original, which the reader usually may not read: no link to it.
    h('p', null, h('strong', null, q.id), ' · record ', h('code', null, q.record), ' · ',
      h('span', { class: 'state-badge' }, q.state), q.time ? ` · filed ${q.time.slice(0, 10)}` : ''),
    h('p', { class: 'verbatim' }, `“${q.text}”`),
    q.outcome ? h('p', null, h('strong', null, 'Outcome: '), q.outcome) : null);
}

// A signed-in reader's "Request review" form on a record page, with their requests for it.
export async function requestBlock(r) {
  const who = await whoAmI();
  const target = r.publication && r.publication.of ? r.publication.of : r.id;
  if (!who.authenticated) {
    return h('section', { class: 'review-request', 'aria-labelledby': 'sec-request' },
      h('h2', { id: 'sec-request' }, 'Ask for review'),
      h('p', null, h('a', { href: `#/signin?next=${enc(`#/record/${r.id}`)}` }, 'Sign in'),
        ' to ask for review of what this record withholds (a mandatory declassification review request).'));
  }
  const mine = await get('/api/requests');
  const list = h('ul', { class: 'requests queue' },
    (mine.ok ? mine.data.requests : []).filter((q) => q.record === target || q.record === r.id).map(requestItem));
  const message = h('p', { class: 'message', role: 'status' });
  const text = h('textarea', { id: 'request-text', rows: 3, required: true });
  const form = h('form', { class: 'request-form' },
    h('label', { for: 'request-text' }, 'What should be reviewed, and why?'), text,
    h('p', { class: 'actions' }, h('button', { type: 'submit' }, 'Request review')), message);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const res = await post('/api/requests', { record: r.id, text: text.value });
    message.textContent = res.ok ? `Request ${res.data.id} filed: ${res.data.state}` : `Refused: ${res.error}`;
    message.className = res.ok ? 'message ok' : 'message error';
    announce(message.textContent);
    if (res.ok) { list.prepend(requestItem(res.data)); text.value = ''; }
  });
  return h('section', { class: 'review-request', 'aria-labelledby': 'sec-request' },
    h('h2', { id: 'sec-request' }, 'Ask for review'),
    h('p', { class: 'hint' }, 'A review request puts this record back in the reviewers\' queue; you see its state and outcome here and under ',
      h('a', { href: '#/requests' }, 'My review requests'), '.'),
    form, list);
}

// #/requests: the signed-in reader's requests and their outcomes, and a form for any id.
export async function requestsView() {
  const who = await whoAmI();
  if (!who.authenticated) {
    return h('div', null, h('h1', null, 'My review requests'),
      h('p', null, h('a', { href: '#/signin?next=%23%2Frequests' }, 'Sign in'), ' to see and file review requests.'));
  }
  const res = await get('/api/requests');
  const requests = res.ok ? res.data.requests : [];
  const message = h('p', { class: 'message', role: 'status' });
  const form = h('form', { class: 'request-form' },
    h('div', { class: 'field' }, h('label', { for: 'request-record' }, 'Record id, serial or published version'),
      h('input', { id: 'request-record', name: 'record', required: true })),
    h('div', { class: 'field' }, h('label', { for: 'request-text' }, 'What should be reviewed, and why?'),
      h('textarea', { id: 'request-text', name: 'text', rows: 3, required: true })),
    h('p', { class: 'actions' }, h('button', { type: 'submit' }, 'Request review')), message);
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const data = new FormData(form);
    const sent = await post('/api/requests', { record: String(data.get('record')).trim(), text: String(data.get('text')) });
    message.textContent = sent.ok ? `Request ${sent.data.id} filed` : `Refused: ${sent.error}`;
    message.className = sent.ok ? 'message ok' : 'message error';
    announce(message.textContent);
    if (sent.ok) location.hash = '#/requests?filed=' + enc(sent.data.id);
  });
  return h('div', { class: 'requests-page' }, h('h1', null, 'My review requests'),
    requests.length ? h('ul', { class: 'requests queue' }, requests.map(requestItem)) : h('p', null, 'You have filed no review requests.'),
    h('h2', null, 'File a request'), form);
}

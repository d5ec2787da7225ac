// Checks a proof bundle in the browser (docs/format/proof.md §8), with nothing but the bundle
// and WebCrypto: canonical form and digest, the salted unit leaves and the Merkle root over them
// (SHA-256), the Ed25519 signature over the commitment message, and that the published record is
// the proven text with each marker in its place. `verifyBundle` never throws: every check runs
// and a failure is one line starting with its kind, as `chancery verify` reports them.
import { splitUnits } from './units.js';

const kFormat = 'chancery-proof-v2';
const encoder = new TextEncoder();

// docs/format/proof.md §5: domain-separation tags.
const kSeedLeft = encoder.encode('chancery-seed-left-v2\n');
const kSeedRight = encoder.encode('chancery-seed-right-v2\n');
const kUnitTag = 'chancery-unit-v2\n';
const kNodeTag = encoder.encode('chancery-node-v2\n');
const kEmptyTag = encoder.encode('chancery-empty-v2\n');

function concat(...parts) {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) { out.set(p, at); at += p.length; }
  return out;
}

async function sha256(bytes) {
  return new Uint8Array(await crypto.subtle.digest('SHA-256', bytes));
}

export function toHex(bytes) {
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}

function fromHex(hex, size) {
  if (typeof hex !== 'string' || hex.length !== size * 2 || !/^[0-9a-f]*$/.test(hex)) return null;
  const out = new Uint8Array(size);
  for (let i = 0; i < size; i += 1) out[i] = parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  return out;
}

// The canonical text of a bundle value: compact, object keys sorted, strings as JSON.stringify
// writes them (nlohmann's dump(); docs/format/proof.md §6.1).
export function canonical(value) {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    return `{${Object.keys(value).sort().map((k) => `${JSON.stringify(k)}:${canonical(value[k])}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

function escapeToken(token) {
  return String(token).replace(/~/g, '~0').replace(/\//g, '~1');
}

function committedPointer(pointer) {
  return !['/id', '/current_label', '/publication'].some((x) => pointer === x || pointer.startsWith(`${x}/`));
}

// Leaves of a record's JSON (docs/format/proof.md §3): pointer -> string text, or {json} for
// numbers, booleans, null and empty containers. Members a publication sets are left out.
export function committedLeaves(json, pointer = '', out = new Map()) {
  if (pointer && !committedPointer(pointer)) return out;
  const container = json !== null && typeof json === 'object';
  const empty = container && (Array.isArray(json) ? json.length === 0 : Object.keys(json).length === 0);
  if (!container || empty) {
    out.set(pointer, typeof json === 'string' ? json : { json: canonical(json) });
    return out;
  }
  if (Array.isArray(json)) json.forEach((v, i) => committedLeaves(v, `${pointer}/${i}`, out));
  else for (const k of Object.keys(json)) committedLeaves(json[k], `${pointer}/${escapeToken(k)}`, out);
  return out;
}

function splitSize(n) {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

async function childSeed(seed, right) {
  return sha256(concat(right ? kSeedRight : kSeedLeft, seed));
}

async function leafHash(seed, unit) {
  return sha256(encoder.encode(`${kUnitTag}${toHex(seed)}\n${unit.pointer}\n${unit.index}\n${unit.text}`));
}

async function nodeHash(left, right) {
  return sha256(concat(kNodeTag, left, right));
}

async function subtreeHash(units, lo, hi, seed) {
  if (hi - lo === 1) return leafHash(seed, units[lo]);
  const split = lo + splitSize(hi - lo);
  const [left, right] = await Promise.all([
    childSeed(seed, false).then((s) => subtreeHash(units, lo, split, s)),
    childSeed(seed, true).then((s) => subtreeHash(units, split, hi, s))]);
  return nodeHash(left, right);
}

function expectMembers(object, names, what) {
  if (!object || typeof object !== 'object' || Array.isArray(object)) throw new Error(`${what} is not an object`);
  const keys = Object.keys(object);
  if (keys.length !== names.length || keys.some((k) => !names.includes(k))) {
    throw new Error(`${what} does not have exactly its members (${names.join(', ')})`);
  }
}

function isCount(v) {
  return Number.isInteger(v) && v >= 0;
}

// §8 step 2: the proof's fields and their units (withheld units have no text).
function parseFields(bundle) {
  if (!Array.isArray(bundle.fields)) throw new Error('fields is not an array');
  const fields = [];
  const units = [];
  for (const f of bundle.fields) {
    if (f && typeof f === 'object' && 'json' in f) {
      expectMembers(f, ['pointer', 'json'], 'a field');
      if (typeof f.pointer !== 'string' || typeof f.json !== 'string') throw new Error('a field is malformed');
      fields.push({ pointer: f.pointer, json: f.json });
      units.push({ pointer: f.pointer, index: 0, text: `json:${f.json}`, withheld: false });
      continue;
    }
    expectMembers(f, ['pointer', 'parts'], 'a field');
    if (typeof f.pointer !== 'string' || !Array.isArray(f.parts)) throw new Error('a field is malformed');
    let text = '';
    let index = 0;
    const parts = [];
    for (const part of f.parts) {
      if (part && typeof part === 'object' && 'text' in part) {
        expectMembers(part, ['text'], 'a text part');
        if (typeof part.text !== 'string' || !part.text) throw new Error(`field ${f.pointer}: an empty text part`);
        if (parts.length && !parts[parts.length - 1].withheld) throw new Error(`field ${f.pointer}: two text parts in a row`);
        for (const u of splitUnits(part.text)) units.push({ pointer: f.pointer, index: index++, text: u.text, withheld: false });
        parts.push({ text: part.text, withheld: 0 });
        text += part.text;
        continue;
      }
      expectMembers(part, ['withheld', 'marker'], 'a withheld part');
      if (!isCount(part.withheld) || part.withheld === 0 || typeof part.marker !== 'string') {
        throw new Error(`field ${f.pointer}: a malformed withheld part`);
      }
      if (units.length + part.withheld > (1 << 22)) throw new Error(`field ${f.pointer}: too many units`);
      for (let i = 0; i < part.withheld; i += 1) units.push({ pointer: f.pointer, index: index++, text: '', withheld: true });
      parts.push({ text: part.marker, withheld: part.withheld });
      text += part.marker;
    }
    if (!f.parts.length) units.push({ pointer: f.pointer, index: 0, text: '', withheld: false });
    fields.push({ pointer: f.pointer, text, parts });
  }
  return { fields, units };
}

function parseRanges(bundle, list, value, size) {
  if (!Array.isArray(bundle[list])) throw new Error(`${list} is not an array`);
  const map = new Map();
  for (const entry of bundle[list]) {
    expectMembers(entry, ['lo', 'hi', value], 'a range');
    const raw = fromHex(entry[value], size);
    if (!isCount(entry.lo) || !isCount(entry.hi) || !raw) throw new Error(`a malformed ${list} range`);
    const key = `${entry.lo},${entry.hi}`;
    if (map.has(key)) throw new Error(`${list} names units [${key}) twice`);
    map.set(key, raw);
  }
  return map;
}

// §8 step 3: the root from the canonical cover of the units.
async function checkRoot(proof, failures) {
  const { units } = proof;
  const before = [0];
  units.forEach((u, i) => before.push(before[i] + (u.withheld ? 1 : 0)));
  let missing = false;
  const range = async (lo, hi) => {
    const withheld = before[hi] - before[lo];
    if (withheld === 0 || withheld === hi - lo) {
      const map = withheld === 0 ? proof.seeds : proof.hashes;
      const key = `${lo},${hi}`;
      if (!map.has(key)) {
        failures.push(`commitment: no ${withheld === 0 ? 'seed' : 'hash'} for units [${key})`);
        missing = true;
        return new Uint8Array(32);
      }
      const value = map.get(key);
      map.delete(key);
      return withheld === 0 ? subtreeHash(units, lo, hi, value) : value;
    }
    const split = lo + splitSize(hi - lo);
    const [left, right] = await Promise.all([range(lo, split), range(split, hi)]);
    return nodeHash(left, right);
  };
  if (proof.declared !== units.length) {
    failures.push(`commitment: the bundle says ${proof.declared} units, its fields give ${units.length}`);
  }
  const root = units.length ? await range(0, units.length) : await sha256(kEmptyTag);
  for (const key of proof.seeds.keys()) failures.push(`commitment: a seed for units [${key}) that the cover does not use`);
  for (const key of proof.hashes.keys()) failures.push(`commitment: a hash for units [${key}) that the cover does not use`);
  const hex = toHex(root);
  if (!missing && hex !== proof.signed.root) {
    failures.push('commitment: the disclosed units, their salts and the withheld hashes do not reproduce the ' +
      'signed root (a changed word in the proof, a forged salt or a forged hash)');
  }
  return hex;
}

function occurrences(text, marker) {
  let n = 0;
  for (let at = text.indexOf(marker); at >= 0; at = text.indexOf(marker, at + marker.length)) n += 1;
  return n;
}

// Why a published string is not the proven text (§8 step 4, checked in the spec's order).
function diagnose(f, published, what) {
  const where = `field ${f.pointer} in ${what}`;
  const markers = [...new Set(f.parts.filter((p) => p.withheld).map((p) => p.text))];
  for (const m of markers) {
    if (occurrences(published, m) < occurrences(f.text, m)) return `a removed marker: ${where}: "${m}"`;
  }
  for (const m of markers) {
    if (occurrences(published, m) > occurrences(f.text, m)) return `an unproven marker: ${where}: "${m}"`;
  }
  const strip = (t) => markers.reduce((acc, m) => acc.split(m).join(''), t);
  if (strip(published) === strip(f.text)) return `a moved marker: ${where}`;
  return `a changed word: ${where}: the published text is not the proven text`;
}

// §8 step 4: every committed field of `record` is the proof's (text with markers in place).
function checkPublished(record, proof, failures, what) {
  const leaves = committedLeaves(record);
  for (const f of proof.fields) {
    if (!leaves.has(f.pointer)) {
      failures.push(`field: ${f.pointer} is in the proof but not in ${what}`);
      continue;
    }
    const leaf = leaves.get(f.pointer);
    leaves.delete(f.pointer);
    if ('json' in f || typeof leaf !== 'string') {
      if (!('json' in f) || typeof leaf === 'string' || leaf.json !== f.json) {
        failures.push(`a changed value: field ${f.pointer} in ${what}`);
      }
      continue;
    }
    if (leaf !== f.text) failures.push(diagnose(f, leaf, what));
  }
  for (const pointer of leaves.keys()) failures.push(`field: ${pointer} is in ${what} but not in the proof`);
}

// The message the commitment's signature covers (docs/format/proof.md §6.4).
// `record` with the descriptive fields (docs/format/description.md §1) of `from`, and the names
// of those that differed.
const kDescription = ['title', 'summary', 'subjects', 'persons', 'places', 'scope_note'];
function withDescriptionOf(record, from) {
  const out = { ...record };
  const described = [];
  const copy = (target, source, key) => {
    if (canonical(target[key] ?? null) === canonical(source[key] ?? null)) return;
    described.push(key);
    if (key in source) target[key] = source[key]; else delete target[key];
  };
  for (const key of kDescription) copy(out, from, key);
  const archival = { ...(record.archival || {}) };
  for (const key of ['credits', 'reference']) copy(archival, from.archival || {}, key);
  if (Object.keys(archival).length) out.archival = archival; else delete out.archival;
  return { record: out, described };
}

export function commitmentMessage(s) {
  return `chancery-commitment-v2\n${s.kind}\n${s.record_id}\n${s.record_version}\n${s.root}\n`;
}

// 'verified', 'failed' or 'unavailable' (this browser's WebCrypto has no Ed25519).
async function checkSignature(s, failures) {
  return ed25519(s.public_key, s.signature, commitmentMessage(s), failures, 'signature',
    'does not verify with the bundle\'s public key (a wrong key, or an altered signed statement)');
}

async function ed25519(publicKeyHex, signatureHex, message, failures, prefix, what) {
  const key = fromHex(publicKeyHex, 32);
  const signature = fromHex(signatureHex, 64);
  if (!key || !signature) {
    failures.push(`${prefix}: the public key or the signature is not lower-case hex of the right length`);
    return 'failed';
  }
  let imported;
  try {
    imported = await crypto.subtle.importKey('raw', key, { name: 'Ed25519' }, false, ['verify']);
  } catch (err) {
    if (err && err.name === 'NotSupportedError') return 'unavailable';
    failures.push(`${prefix}: the public key does not import: ${err && err.message}`);
    return 'failed';
  }
  const ok = await crypto.subtle.verify({ name: 'Ed25519' }, imported, signature, encoder.encode(message));
  if (!ok) failures.push(`${prefix}: ${what}`);
  return ok ? 'verified' : 'failed';
}

// The archivist's statement over the whole published record, when the bundle has one: Ed25519
// over "chancery-publication-v1\n" id "\n" root "\n" hex(SHA-256(canonical published)) "\n"
// (archive::PublicationMessage). It also covers /id, /current_label and /publication.
async function checkStatement(bundle, failures) {
  if (!('publication_signed' in bundle)) return 'absent';
  const p = bundle.publication_signed;
  expectMembers(p, ['signer', 'public_key', 'key_audit_seq', 'signature'], 'publication_signed');
  if (typeof p.signer !== 'string' || !isCount(p.key_audit_seq)) throw new Error('publication_signed is malformed');
  const digest = toHex(await sha256(encoder.encode(canonical(bundle.published))));
  const message = `chancery-publication-v1\n${bundle.published.id}\n${bundle.signed.root}\n${digest}\n`;
  return ed25519(p.public_key, p.signature, message, failures, 'publication statement',
    'does not verify with its public key (the published record was changed after publication: its text, ' +
    'markers, /id, /current_label or /publication; or a wrong key)');
}

// The markers the archive writes: "[name not declassified; CODE]", "[text ...]", "[less than 1
// line ...]", "[N line(s) ...]", "[1 paragraph (N line(s)) ...]"; "; CODE" optional, CODE 1-32
// bytes without spaces, controls, ';', ',', '[' or ']'.
function isArchiveMarker(marker) {
  const lines = '(?:1 line|[1-9][0-9]{0,8} lines)';
  const m = new RegExp(`^\\[(?:name|text|less than 1 line|${lines}|1 paragraph \\(${lines}\\)) not declassified(?:; ([^\\x00-\\x20\\x7f;,\\[\\]]+))?\\]$`).exec(marker);
  if (!m) return false;
  if (/^\[1 lines|\(1 lines\)/.test(marker)) return false;
  return m[1] === undefined || encoder.encode(m[1]).length <= 32;
}

function checkMarkers(proof, failures) {
  for (const f of proof.fields) {
    for (const part of f.parts || []) {
      if (part.withheld && !isArchiveMarker(part.text)) {
        failures.push(`a forged marker: field ${f.pointer}: "${part.text}" stands for ${part.withheld} withheld unit(s) ` +
          'but is not a marker the archive writes');
      }
    }
  }
}

// Verifies the bundle text `text`; `shown` (optional) is the record JSON the page displays,
// which must be the bundle's published record. Returns {ok, failures, signed, root, signature,
// units, withheld}.
export async function verifyBundle(text, shown) {
  const failures = [];
  const report = { ok: false, failures, signed: null, root: '', signature: 'not checked', statement: 'absent',
    statementSigner: '', units: 0, withheld: 0 };
  let bundle;
  try {
    bundle = JSON.parse(text.replace(/\n$/, ''));
  } catch {
    failures.push('bundle: not a JSON object');
    return report;
  }
  try {
    if (!bundle || typeof bundle !== 'object' || Array.isArray(bundle)) throw new Error('not a JSON object');
    if (canonical(bundle) !== text.replace(/\n$/, '')) failures.push('bundle: not in canonical form (altered or damaged)');
    const content = { ...bundle };
    delete content.digest;
    if (bundle.digest !== toHex(await sha256(encoder.encode(canonical(content))))) {
      failures.push('bundle: digest does not match its content (the bundle was altered or damaged)');
    }
    const members = ['format', 'signed', 'published', 'units', 'fields', 'disclosed', 'withheld', 'digest'];
    if ('publication_signed' in bundle) members.push('publication_signed');  // optional (§6.4)
    expectMembers(bundle, members, 'the bundle');
    if (bundle.format !== kFormat) throw new Error(`format is not ${kFormat}`);
    const s = bundle.signed;
    expectMembers(s, ['kind', 'record_id', 'record_version', 'root', 'signer', 'public_key', 'key_audit_seq', 'signature'], 'signed');
    if (!['release', 'archive'].includes(s.kind) || !isCount(s.record_version) || !isCount(s.key_audit_seq)) {
      throw new Error('signed is malformed');
    }
    report.signed = s;
    if (!isCount(bundle.units)) throw new Error('member "units" is not a count');
    const proof = { signed: s, declared: bundle.units, ...parseFields(bundle),
      seeds: parseRanges(bundle, 'disclosed', 'seed', 32), hashes: parseRanges(bundle, 'withheld', 'hash', 32) };
    report.units = proof.units.length;
    report.withheld = proof.units.filter((u) => u.withheld).length;
    report.signature = await checkSignature(s, failures);
    report.root = await checkRoot(proof, failures);
    checkMarkers(proof, failures);
    if (!bundle.published || typeof bundle.published !== 'object') throw new Error('published is not an object');
    checkPublished(bundle.published, proof, failures, 'the bundle\'s published record');
    report.statement = await checkStatement(bundle, failures);
    report.statementSigner = bundle.publication_signed ? bundle.publication_signed.signer : '';
    if (shown) {
      // Description edits since publication (docs/archive.md "Description") are signed apart, in
      // the record's description history: compare the page with its descriptive fields as published.
      ({ record: shown, described: report.described } = withDescriptionOf(shown, bundle.published));
      if (shown.id !== bundle.published.id) failures.push(`field: this page shows ${shown.id}, the bundle proves ${bundle.published.id}`);
      checkPublished(shown, proof, failures, 'the record on this page');
      if (report.statement !== 'absent' && canonical(shown) !== canonical(bundle.published)) {
        failures.push('field: the record on this page is not the one the publication statement covers ' +
          '(its /id, /current_label or /publication differ)');
      }
    }
  } catch (err) {
    failures.push(`bundle: malformed: ${err.message}`);
  }
  report.ok = failures.length === 0 && report.signature === 'verified' &&
    ['verified', 'absent'].includes(report.statement);
  return report;
}

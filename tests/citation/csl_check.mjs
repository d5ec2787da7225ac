// Independent checks of `chancery cite` (docs/citations.md; issue 14 §4), through the real CLI:
//   1. Chicago: the notes and bibliography entries our C++ renders equal what citeproc-js
//      (npm citeproc) renders from our own CSL-JSON with Debian's chicago-note-bibliography.csl
//      and en-US locale, plus our version statement; for the seed, the examples, 9 adversarial
//      titles and 200 FRUS documents (100 each from a modern and a legacy-format dev volume).
//   2. RIS: @citation-js/plugin-ris reads our RIS back to the same title, date, translator,
//      archive location, URL and version as our CSL-JSON.
//   3. BibTeX: Debian's python3-bibtexparser (tests/citation/bibtex_check.py) reads our BibTeX
//      back to the same fields.
// Usage: node csl_check.mjs --chancery PATH --root REPO [--shared DIR]
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

const kStyle = '/usr/share/citation-style-language/styles/chicago-note-bibliography.csl';
const kLocales = '/usr/share/citation-style-language/locales';
const kBase = 'https://reading.example';

function fail(message) {
  console.error(`FAIL: ${message}`);
  process.exit(1);
}

const { values: opts } = parseArgs({ options: {
  chancery: { type: 'string' }, root: { type: 'string' }, shared: { type: 'string' } } });
if (!opts.chancery || !opts.root) fail('usage: --chancery PATH --root REPO [--shared DIR]');
opts.shared = opts.shared || join(opts.root, '..', 'shared');
for (const f of [kStyle, join(kLocales, 'locales-en-US.xml')]) {
  if (!existsSync(f)) fail(`${f} is missing (scripts/bootstrap installs citation-style-language-*)`);
}
const require = createRequire(resolve(opts.root, 'package.json'));
const CSL = require('citeproc');
const { Cite, plugins } = require('@citation-js/core');
require('@citation-js/plugin-ris');

const dir = mkdtempSync(join(tmpdir(), 'chancery-cite-'));
const env = { ...process.env, CHANCERY_DB: join(dir, 'c.db'), CHANCERY_PUBLIC_URL: kBase };
function cli(...argv) {
  const r = spawnSync(opts.chancery, argv, { env, encoding: 'utf8', maxBuffer: 1 << 28 });
  if (r.status !== 0) fail(`chancery ${argv.slice(0, 4).join(' ')} ... exited ${r.status}: ${r.stderr}`);
  return r.stdout;
}

let failures = 0;
let checked = 0;
function expectEqual(what, ours, theirs) {
  checked++;
  if (ours !== theirs) {
    failures++;
    if (failures <= 10) console.error(`MISMATCH ${what}\n  ours:   ${JSON.stringify(ours)}\n  theirs: ${JSON.stringify(theirs)}`);
  }
}

try {
  cli('init');
  const frus = ['frus1961-63v22', 'frus1918Russiav03'];
  cli('import', join(opts.shared, 'seed', '000_68b43146905a32b5.txt'),
      join(opts.root, 'examples', 'archive'), join(opts.root, 'examples', 'cables'),
      ...frus.map((v) => join(opts.shared, 'corpus', 'frus', 'dev', `${v}.xml`)));
  // Adversarial titles (title case, stop words, hyphens, quotes, non-ASCII) on a copy of an
  // example record.
  const base = JSON.parse(cli('show', 'arcadia-4411', '--json'));
  delete base.serial;
  const kTitles = ['the économie of war: a re-examination',
    'Talks on the Sino-Soviet "split" and the U.S. position', "memo re: 'hot line' talks, vs. the plan",
    'Notes (on the) [draft] agreement—final', "what's next? an ex-ambassador's view", 'über alles',
    'Report: the state of the union', 'ALL CAPS TITLE and lower words', "d'Estaing's visit to the  capital"];
  writeFileSync(join(dir, 'adversarial.jsonl'),
    kTitles.map((title, i) => JSON.stringify({ ...base, id: `adv-${i}`, title })).join('\n') + '\n');
  cli('import', join(dir, 'adversarial.jsonl'));
  const ids = cli('list').split('\n').map((l) => l.split(/\s+/)[0]).filter(Boolean);
  const chosen = ids.filter((id) => !id.startsWith('frus'));
  for (const v of frus) chosen.push(...ids.filter((id) => id.startsWith(`${v}-`)).slice(0, 100));
  if (!chosen.includes('wilson-123881')) fail('the seed was not imported');
  if (chosen.length < 215) fail(`only ${chosen.length} records to check`);

  const items = JSON.parse(cli('cite', ...chosen, '--style', 'csl-json'));
  const notes = cli('cite', ...chosen, '--style', 'chicago-note').split('\n').slice(0, -1);
  const bibs = cli('cite', ...chosen, '--style', 'chicago-bibliography').split('\n').slice(0, -1);
  if (items.length !== chosen.length || notes.length !== chosen.length || bibs.length !== chosen.length) {
    fail(`counts differ: ${chosen.length} ids, ${items.length} items, ${notes.length} notes, ${bibs.length} entries`);
  }

  // 1. Chicago through citeproc-js.
  const byId = Object.fromEntries(items.map((it) => [it.id, it]));
  const engine = new CSL.Engine({
    retrieveLocale: (lang) => readFileSync(join(kLocales, `locales-${lang}.xml`), 'utf8'),
    retrieveItem: (id) => byId[id],
  }, readFileSync(kStyle, 'utf8'), 'en-US');
  engine.setOutputFormat('text');
  items.forEach((item, i) => {
    engine.updateItems([item.id]);
    const note = engine.makeCitationCluster([{ id: item.id }]);
    const bib = engine.makeBibliography()[1][0].trim();
    const stamp = `Version ${item.version}, ${item.note}`;
    expectEqual(`chicago-note ${chosen[i]}`, notes[i], `${note} ${stamp}, ${item.URL}.`);
    expectEqual(`chicago-bibliography ${chosen[i]}`, bibs[i], `${bib} ${stamp}.`);
  });

  // 2. RIS through citation-js.
  const risText = cli('cite', ...chosen, '--style', 'ris');
  const ris = new Cite(risText).data;
  // citation-js maps A4 to translator only for book-like types, so the translator is read at
  // its parser's tag level (the RIS parse itself is still citation-js's).
  const risTags = plugins.input.chain(risText, { target: '@else/list+object' });
  if (ris.length !== items.length) fail(`citation-js read ${ris.length} RIS records, not ${items.length}`);
  const names = (list) => JSON.stringify((list || []).map((n) => n.literal ?? [n.given, n.family].filter(Boolean).join(' ')));
  const date = (d) => JSON.stringify(d ? d['date-parts'][0] : null);
  items.forEach((item, i) => {
    const r = ris[i];
    const what = `ris ${chosen[i]}`;
    expectEqual(`${what} title`, r.title, item.title);
    expectEqual(`${what} issued`, date(r.issued), date(item.issued));
    const a4 = risTags[i].A4 === undefined ? [] : [].concat(risTags[i].A4);
    expectEqual(`${what} translator (A4)`, JSON.stringify(a4), JSON.stringify((item.translator || []).map((n) => n.literal)));
    expectEqual(`${what} archive_location`, r.archive_location, item.archive_location);
    expectEqual(`${what} archive`, r.archive, item.archive);
    expectEqual(`${what} URL`, r.URL, item.URL);
    expectEqual(`${what} version note`, r.note, `Version ${item.version}, ${item.note}`);
  });

  // 3. BibTeX through python3-bibtexparser.
  writeFileSync(join(dir, 'cites.bib'), cli('cite', ...chosen, '--style', 'bibtex'));
  writeFileSync(join(dir, 'cites.json'), JSON.stringify(items));
  const py = spawnSync('/usr/bin/python3', [join(opts.root, 'tests', 'citation', 'bibtex_check.py'),
    join(dir, 'cites.bib'), join(dir, 'cites.json')], { encoding: 'utf8' });
  process.stderr.write(py.stderr);
  if (py.status !== 0) failures++;
  checked++;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
if (failures > 0) fail(`${failures} of ${checked} checks differ`);
console.log(`${checked} passed, 0 failed`);

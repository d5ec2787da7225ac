// Browser test (issue 12 leftovers): the reading room's hit list dates an undated FRUS document
// by its approximate range, in the same words as its record page; the collection facet shows a
// volume's title (the bucket's label), not its id, and still refines by the id; and a citation's
// permalink names the address the reader reached chanceryd at, not the port it was started with
// (0 here, as in every browser test).
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setUp, runSteps } from './harness.mjs';

const kTitle = 'Foreign Relations of the United States, 1961–1963, Volume XXII, Northeast Asia';
// Three documents: an editorial note (undated) between two dated telegrams.
const kVolume = `<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="frus1961-63v22"><teiHeader><fileDesc><titleStmt>
<title type="complete">${kTitle}</title></titleStmt></fileDesc></teiHeader>
<text><body><div type="chapter" xml:id="ch1">
<div type="document" xml:id="d1" n="1"><head>1. Telegram From the Embassy in Poland to the
Department of State</head><dateline><placeName>Warsaw</placeName>, <date when="1961-01-12">January
12, 1961</date></dateline><p>Harbour talks resumed.</p></div>
<div type="document" xml:id="d2" n="2"><head>2. Editorial Note</head>
<p>The harbour talks continued through January.</p></div>
<div type="document" xml:id="d3" n="3"><head>3. Telegram From the Embassy in Poland to the
Department of State</head><dateline><placeName>Warsaw</placeName>, <date when="1961-02-03">February
3, 1961</date></dateline><p>Harbour talks ended.</p></div>
</div></body></text></TEI>
`;

const env = await setUp('search_fidelity');
const scratch = mkdtempSync(join(tmpdir(), 'chancery-search-fidelity-'));
writeFileSync(join(scratch, 'frus1961-63v22.xml'), kVolume);
env.cli('import', '--quiet', join(scratch, 'frus1961-63v22.xml'));
rmSync(scratch, { recursive: true, force: true });
const page = await env.newPage();
let hitDate = '';

await runSteps(env, [
  ['an undated editorial note\'s hit gives its approximate range, not "Undated"', async () => {
    await page.goto('/#/search?q=%22Editorial%20Note%22');
    const hit = page.locator('.hit[data-id="frus1961-63v22-d2"]');
    await hit.waitFor();
    hitDate = await hit.locator('.hit-date').innerText();
    assert.match(hitDate, /approximately January 12, 1961 to February 3, 1961/);
    assert.doesNotMatch(hitDate, /^Undated$/);
  }],
  ['the record page says the same words for that date', async () => {
    await page.locator('.hit[data-id="frus1961-63v22-d2"] h3 a').click();
    await page.locator('article.record[data-id="frus1961-63v22-d2"]').waitFor();
    assert.equal(await page.locator('.record-date').innerText(), hitDate);
  }],
  ['the collection facet shows the volume\'s title and refines by its id', async () => {
    await page.goto('/#/search?q=%22harbour%20talks%22');
    const link = page.locator('.facet[data-facet="collection"] li a');
    await link.first().waitFor();
    assert.equal(await link.count(), 1);
    assert.equal(await link.innerText(), kTitle);
    assert.equal(await link.getAttribute('data-value'), 'frus1961-63v22');
    assert.match(await link.getAttribute('aria-label'), /^Foreign Relations of the United States/);
    await link.click();
    await page.waitForFunction(() => document.querySelector('#total')?.dataset.total === '3');
    assert.match(await page.inputValue('#q'), /vol:"?frus1961-63v22/);
  }],
  ['a citation\'s permalink names the address this page was loaded from', async () => {
    await page.goto('/#/record/arc-2025-prs-012');
    await page.locator('#citation').waitFor();
    const citation = await page.locator('#citation').innerText();
    assert.ok(citation.includes(`${env.url}/records/arc-2025-prs-012`), citation);
    assert.doesNotMatch(citation, /:0\//);
  }],
]);

// Browser test (issue 14 §4, docs/citations.md): the Cite menu and version permalinks. A reader
// opens the seed by its permalink path, picks each style, copies one, downloads the RIS file;
// a past version's permalink says it is not the current one; the permalink page carries
// Highwire citation_* meta tags for a public record and, for a classified one, is exactly the
// page of a record that does not exist.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { setUp, runSteps, kSeedId } from './harness.mjs';

const { values: opts } = parseArgs({ strict: false, options: { shared: { type: 'string' }, root: { type: 'string' } } });
const env = await setUp('cite_menu');
const page = await env.newPage();

await runSteps(env, [
  ['the permalink path opens the record page with its Cite menu', async () => {
    await page.goto(`/records/${kSeedId}`);
    await page.locator(`article.record[data-id="${kSeedId}"]`).waitFor();
    await page.locator('#cite-menu summary').click();
    await page.locator('#cite-text', { hasText: 'Chancery version 1' }).waitFor();
    const text = await page.locator('#cite-text').innerText();
    assert.match(text, /Translated by David Cowhig\. https:\/\/digitalarchive\.wilsoncenter\.org\/document\/123881/);
    assert.match(text, new RegExp(`/records/${kSeedId}/v/1`));
    await env.screenshot(page, 'cite-menu.png');
  }],
  ['every style shows what the API renders, and Copy copies it', async () => {
    for (const style of ['chicago-note', 'chicago-bibliography', 'csl-json', 'bibtex', 'ris']) {
      await page.selectOption('#cite-style', style);
      const api = await env.api(`/api/records/${kSeedId}/citation?style=${style}`);
      const expected = typeof api.data === 'string' ? api.data : JSON.stringify(api.data);
      await page.waitForFunction((want) => {
        const got = document.querySelector('#cite-text').textContent;
        try { return JSON.stringify(JSON.parse(got)) === want; } catch { return got === want; }
      }, expected);
    }
    await page.getByRole('button', { name: 'Copy', exact: true }).click();
    await page.locator('#cite-status', { hasText: 'copied' }).waitFor();
    const clipboard = await page.evaluate(() => navigator.clipboard.readText());
    assert.match(clipboard, /^TY {2}- MANSCPT/);
    assert.match(clipboard, /A4 {2}- David Cowhig/);
  }],
  ['Download gives the .ris file', async () => {
    const link = page.locator('#cite-download');
    assert.equal(await link.getAttribute('download'), `${kSeedId}.ris`);
    const [download] = await Promise.all([page.waitForEvent('download'), link.click()]);
    const body = readFileSync(await download.path(), 'utf8');
    assert.match(body, /^TY {2}- MANSCPT\r\n/);
  }],
  ['the permalink page carries Highwire meta tags for a public record', async () => {
    const res = await fetch(`${env.url}/records/${kSeedId}/v/1`);
    const html = await res.text();
    assert.match(html, /<meta name="citation_title" content="Cable from the CCPCC/);
    assert.match(html, /<meta name="citation_translator" content="David Cowhig">/);
    assert.match(html, /<meta name="citation_archive_location" content="PRC FMA 109-03861-03, 13-17">/);
    assert.match(html, new RegExp(`<meta name="citation_public_url" content="[^"]*/records/${kSeedId}/v/1">`));
    // What a reference manager's page load sees: the tags are in the DOM's head.
    await page.goto(`/records/${kSeedId}/v/1`);
    const title = await page.locator('meta[name="citation_title"]').getAttribute('content');
    assert.match(title, /^Cable from the CCPCC/);
  }],
  ['a classified record\'s permalink page is the missing record\'s page', async () => {
    const visible = new Set(env.cli('list').split('\n').map((l) => l.split(/\s+/)[0]));
    const hidden = env.cli('list', '--as', 'secretary').split('\n').map((l) => l.split(/\s+/)[0])
      .find((id) => id && !visible.has(id));
    assert.ok(hidden, 'a record the public may not read');
    const [a, b] = await Promise.all([fetch(`${env.url}/records/${hidden}`), fetch(`${env.url}/records/no-such-record`)]);
    const [ha, hb] = [await a.text(), await b.text()];
    assert.equal(a.status, b.status);
    assert.equal(ha, hb);
    assert.doesNotMatch(ha, /citation_/);
    await page.goto(`/records/${hidden}`);
    await page.locator('h1', { hasText: 'Record not found' }).waitFor();
  }],
  ['a past version\'s permalink says so and keeps its own citation', async () => {
    const seed = readFileSync(join(opts.shared || join(opts.root, '..', 'shared'), 'seed', '000_68b43146905a32b5.txt'), 'utf8');
    const dir = mkdtempSync(join(tmpdir(), 'cite-menu-'));
    const file = join(dir, '000_68b43146905a32b5.txt');
    writeFileSync(file, seed.replace('Mao Zedong discusses', 'Chairman Mao Zedong discusses'));
    env.cli('import', file);
    await page.goto(`/records/${kSeedId}/v/1`);
    await page.locator('#version-notice').waitFor();
    assert.equal(await page.locator('#version-notice').innerText(),
      'Version 1 of 2; the current version differs. Read the current version');
    assert.doesNotMatch(await page.locator('article.record').innerText(), /Chairman Mao Zedong discusses/);
    await page.locator('#cite-menu summary').click();
    await page.locator('#cite-text', { hasText: '/v/1' }).waitFor();
    await env.screenshot(page, 'cite-version.png');
    await page.getByRole('link', { name: 'Read the current version' }).click();
    await page.locator('#version-notice').waitFor({ state: 'detached' });
    assert.match(await page.locator('article.record').innerText(), /Chairman Mao Zedong discusses/);
  }],
  ['the Cite menu fits a 360 px screen', async () => {
    const narrow = await env.newPage({ width: 360, height: 740 });
    await narrow.goto(`/records/${kSeedId}`);
    await narrow.locator('#cite-menu summary').click();
    await narrow.locator('#cite-text', { hasText: 'Chancery version' }).waitFor();
    await narrow.locator('#cite-menu').scrollIntoViewIfNeeded();
    assert.ok(await narrow.evaluate(() => document.documentElement.scrollWidth <= 360));
    await env.screenshot(narrow, 'cite-menu-360.png');
  }],
]);

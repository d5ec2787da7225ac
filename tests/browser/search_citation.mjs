// Browser test 1 (issue 5 §5): the reading room. Search, refine by a facet, open the seed
// record, check its seed-style header block, copy its citation (the clipboard holds exactly the
// API's citation text), the JSON link, a shareable search URL and the 360 px layout.
import assert from 'node:assert/strict';
import { setUp, runSteps, kSeedId } from './harness.mjs';

const env = await setUp('search_citation');
const page = await env.newPage();

await runSteps(env, [
  ['the reading room lists every public record with facet counts', async () => {
    await page.goto('/');
    await page.locator('#total').waitFor();
    const api = await env.api('/api/search?size=1');
    assert.equal(await page.locator('#total').getAttribute('data-total'), String(api.data.total));
    assert.ok(await page.locator('.facet[data-facet="classification"] li').count() > 0);
    await env.screenshot(page, 'reading-room.png');
  }],
  ['a facet link refines the search to exactly its count', async () => {
    const link = page.locator('.facet[data-facet="language"] li').first();
    const count = await link.locator('.count').getAttribute('data-count');
    await link.locator('a').click();
    await page.waitForFunction((n) => document.querySelector('#total')?.dataset.total === n, count);
    assert.match(await page.inputValue('#q'), /^lang:"/);
  }],
  ['a search shows the seed record with a highlighted snippet', async () => {
    await page.getByLabel('Search the records').fill('Chernovenko');
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    const hit = page.locator(`.hit[data-id="${kSeedId}"]`);
    await hit.waitFor();
    assert.match(await hit.locator('.snippet mark').first().innerText(), /chernovenko/i);
    assert.match(page.url(), /#\/search\?q=Chernovenko/);
  }],
  ['the record page shows the header fields the way the seed record does', async () => {
    await page.locator(`.hit[data-id="${kSeedId}"] h3 a`).click();
    await page.locator(`article.record[data-id="${kSeedId}"]`).waitFor();
    assert.equal(await page.locator('.record-date').innerText(), 'March 13, 1963');
    assert.match(await page.locator('h1').innerText(), /^Cable from the CCPCC International Liaison/);
    const headings = await page.locator('.field-block h2').allInnerTexts();
    for (const field of ['Citation:', 'Summary:', 'Credits:', 'Original Language:', 'Archival reference:']) {
      assert.ok(headings.includes(field), `missing ${field} in ${headings}`);
    }
    assert.match(await page.locator('.archival').innerText(), /PRC FMA 109-03861-03, 13-17/);
    assert.ok(await page.locator('.record-text .para').count() > 5);
  }],
  ['copy citation puts the API citation text on the clipboard', async () => {
    await page.getByRole('button', { name: 'Copy citation' }).click();
    await page.locator('#copy-status', { hasText: 'copied' }).waitFor();
    const clipboard = await page.evaluate(() => navigator.clipboard.readText());
    const api = await env.api(`/api/records/${kSeedId}/citation`);
    assert.equal(clipboard, String(api.data).trim());
    assert.match(clipboard, /PRC FMA 109-03861-03, 13-17/);
  }],
  ['the JSON download link serves the record', async () => {
    const href = await page.getByRole('link', { name: 'Download JSON' }).getAttribute('href');
    const api = await env.api(href);
    assert.equal(api.data.id, kSeedId);
  }],
  ['a shared search URL reopens the same results', async () => {
    const other = await env.newPage();
    await other.goto('/#/search?q=Chernovenko&sort=date-asc');
    await other.locator(`.hit[data-id="${kSeedId}"]`).waitFor();
    assert.equal(await other.inputValue('#sort'), 'date-asc');
  }],
  ['the record page fits a 360 px screen without sideways scrolling', async () => {
    const narrow = await env.newPage({ width: 360, height: 740 });
    await narrow.goto(`/#/record/${kSeedId}`);
    await narrow.locator('article.record').waitFor();
    assert.ok(await narrow.evaluate(() => document.documentElement.scrollWidth <= 360));
  }],
]);

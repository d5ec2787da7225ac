// Browser test (issue 14 §3): name authorities. The seed's people are loaded; the seed record
// page links each person it names (its approvers) to their authority page; the authority page of
// the Soviet ambassador lists the seed's spellings, his post with dates, the seed among the
// records that name him, and a count by year; desktop and 360 px screenshots.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { setUp, runSteps, kSeedId } from './harness.mjs';

const env = await setUp('authority_page');
const root = join(new URL('.', import.meta.url).pathname, '..', '..');
env.cli('authority', 'load', join(root, 'examples', 'authorities', 'seed-people.jsonl'));
const page = await env.newPage();

await runSteps(env, [
  ['the record page links an approver to the authority page', async () => {
    await page.goto(`/#/record/${kSeedId}`);
    await page.locator(`article.record[data-id="${kSeedId}"]`).waitFor();
    const link = page.locator('a.person-link', { hasText: 'Wu Xiuquan' }).first();
    assert.equal(await link.getAttribute('href'), '#/authorities/Wu%20Xiuquan');
    await link.click();
    await page.locator('article.authority[data-id="seed:wu-xiuquan"]').waitFor();
    assert.equal(await page.locator('h1').innerText(), 'Wu Xiuquan');
    assert.match(await page.locator('#authority-variants').innerText(), /Wu Hsiu-chuan/);
  }],
  ['the ambassador\'s page shows both spellings, his post and the seed by year', async () => {
    await page.goto('/#/authorities/Chervonenko');
    await page.locator('article.authority[data-id="seed:chervonenko"]').waitFor();
    const variants = await page.locator('.authority-variants li').allInnerTexts();
    assert.ok(variants.includes('Chervoenko') && variants.includes('Chernovenko'), variants.join('|'));
    assert.match(await page.locator('.authority-posts').innerText(), /Ambassador[\s\S]*1959[\s\S]*1965/);
    const api = await env.api('/api/authorities/seed:chervonenko');
    assert.equal(api.data.records.total, 1);
    assert.match(await page.locator('#authority-records h2').innerText(), /: 1$/);
    assert.equal(await page.locator('.authority-years li .year').innerText(), '1963');
    const hit = page.locator(`.authority-hits a[href="#/record/${kSeedId}"]`);
    assert.equal(await hit.count(), 1);
    await env.screenshot(page, 'authority.png');
  }],
  ['an unknown name says so', async () => {
    await page.goto('/#/authorities/Nobody%20Atall');
    await page.locator('h1', { hasText: 'No such authority' }).waitFor();
  }],
  ['the page reads at 360 px', async () => {
    const narrow = await env.newPage({ width: 360, height: 800 });
    await narrow.goto('/#/authorities/seed:chervonenko');
    await narrow.locator('article.authority').waitFor();
    const overflow = await narrow.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
    assert.equal(overflow, false, 'the page scrolls sideways at 360 px');
    await env.screenshot(narrow, 'authority-360.png');
  }],
]);

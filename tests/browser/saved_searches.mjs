// Browser test (issue 15 §3, §5): saved searches and alerts. A SECRET reader searches the
// reading room, saves the search from the search page, and after two matching records are
// imported (one PUBLIC, one TOP SECRET) finds exactly the one they may read under Saved
// searches, with its secret feed URL; the feed serves it to anyone holding the URL until the
// reader revokes it (then 404). Desktop and 360 px screenshots of both pages.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setUp, runSteps, signIn } from './harness.mjs';

const env = await setUp('saved_searches');
const page = await env.newPage();
const kQuery = 'lighthouse';

function cable(id, classification, subject) {
  return `Id: ${id}
From: Ministry of Foreign Affairs of Arcadia
Kind: telegram
Date: 2025-04-0${id.endsWith('1') ? 1 : 2}
Classification: ${classification}
Subject: ${subject}

${classification === 'PUBLIC' ? '' : `((${classification})) `}The ${kQuery} keeper reports on the harbour lights.
`;
}

let feedUrl = '';

await runSteps(env, [
  ['a signed-in reader saves the search from the search page', async () => {
    await signIn(page, 'lin.bo');
    await page.goto(`/#/search?q=${kQuery}&from=2025&to=2025`);
    await page.locator('#total').waitFor();
    const panel = page.locator('form.save-search');
    await panel.waitFor();
    await page.getByLabel('Name of this saved search').fill('Lighthouses, 2025');
    await page.getByRole('button', { name: 'Save this search' }).click();
    await page.locator('#save-message[data-saved]').waitFor();
    assert.match(await page.locator('#save-message').innerText(), /Saved “Lighthouses, 2025”/);
    await env.screenshot(page, 'saved-search-panel.png');
  }],
  ['a bad query is refused at once and nothing is saved', async () => {
    await page.goto(`/#/search?q=${encodeURIComponent('lighthouse AND')}`);
    await page.locator('p.error', { hasText: 'Search failed' }).waitFor();  // the new page
    await page.getByRole('button', { name: 'Save this search' }).click();
    await page.locator('#save-message.error').waitFor();
    assert.match(await page.locator('#save-message').innerText(), /Not saved: query:1:/);
  }],
  ['new matching records alert: only the one the reader may read', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'chancery-saved-'));
    writeFileSync(join(dir, 'a.cable'), cable('arc-2025-lh-001', 'PUBLIC', 'Lighthouse keepers'));
    writeFileSync(join(dir, 'b.cable'), cable('arc-2025-lh-002', 'TOP SECRET', 'Lighthouse codes'));
    env.cli('import', '--quiet', dir);
    await page.goto('/#/saved');
    const item = page.locator('article.saved .alert-item[data-id="arc-2025-lh-001"]');
    await item.waitFor();
    assert.equal(await page.locator('article.saved').count(), 1);
    assert.equal(await page.locator('.alert-item').count(), 1);
    assert.equal(await page.locator('.alert-item[data-id="arc-2025-lh-002"]').count(), 0);
    assert.equal(await page.locator('.alert-count').innerText(), '1 alert');
    assert.match(await item.innerText(), /Lighthouse keepers/);
    feedUrl = await page.locator('input.feed-url').inputValue();
    assert.match(feedUrl, /\/feeds\/[0-9a-f]{32}\.atom$/);
    await env.screenshot(page, 'saved-searches.png');
  }],
  ['the feed URL serves the alert to whoever holds it, until revoked', async () => {
    const path = new URL(feedUrl).pathname;
    const feed = await env.api(path);
    assert.equal(feed.status, 200);
    assert.match(feed.data, /<entry>[\s\S]*\/records\/arc-2025-lh-001[\s\S]*<\/entry>/);
    assert.doesNotMatch(feed.data, /lh-002|codes/);
    page.once('dialog', (d) => d.accept());
    await page.getByRole('button', { name: 'Revoke feed URL' }).click();
    await page.locator('article.saved p.feed.none').waitFor();
    assert.equal((await env.api(path)).status, 404);
    await page.getByRole('button', { name: 'Make a feed URL' }).click();
    await page.locator('input.feed-url').waitFor();
    const renewed = new URL(await page.locator('input.feed-url').inputValue()).pathname;
    assert.notEqual(renewed, path);
    assert.equal((await env.api(renewed)).status, 200);
  }],
  ['both pages read at 360 px', async () => {
    const narrow = await env.newPage({ width: 360, height: 800 });
    await signIn(narrow, 'lin.bo');
    await narrow.goto('/#/saved');
    await narrow.locator('.alert-item[data-id="arc-2025-lh-001"]').waitFor();
    let overflow = await narrow.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
    assert.equal(overflow, false, 'the saved searches page scrolls sideways at 360 px');
    await env.screenshot(narrow, 'saved-searches-360.png');
    // A tall 360 px viewport, so that the panel under the results is in the screenshot.
    const tall = await env.newPage({ width: 360, height: 1500 });
    await signIn(tall, 'lin.bo');
    await tall.goto(`/#/search?q=${kQuery}`);
    await tall.locator('form.save-search').waitFor();
    overflow = await tall.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
    assert.equal(overflow, false, 'the search page scrolls sideways at 360 px');
    await env.screenshot(tall, 'saved-search-panel-360.png');
  }],
  ['removing the saved search removes its alerts', async () => {
    await page.goto('/#/saved');
    await page.locator('article.saved').waitFor();
    await page.getByRole('button', { name: 'Remove' }).click();
    await page.locator('.saved-page p', { hasText: 'No saved searches' }).waitFor();
  }],
]);

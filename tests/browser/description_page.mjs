// Browser test (issue 14 §2): archival description on the record page. An archivist opens Edit
// description on the seed, changes its title, picks a subject from the controlled vocabulary by
// typing part of it, adds a place and saves: the page shows version 2 with the new title, and the
// History of the description shows the signed edit with its diff (old struck through, new
// underlined). A subject outside the vocabulary and an edit of a version that changed meanwhile
// are refused in the form with the server's words, and nothing is stored. The public reader sees
// the history but no Edit button. Desktop and 360 px screenshots.
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { setUp, runSteps, signIn, kSeedId } from './harness.mjs';

const env = await setUp('description_page');
const root = join(new URL('.', import.meta.url).pathname, '..', '..');
env.cli('authority', 'load', join(root, 'examples', 'authorities', 'subjects-cold-war.jsonl'));
env.addUser('arch', '--clearance', 'TOP SECRET', '--role', 'archivist');
const page = await env.newPage();
const kTitle = 'Mao Zedong receives the Soviet ambassador';

// A screenshot of the description section (below the fold of the record page).
const { values: opts } = parseArgs({ strict: false, options: { screenshots: { type: 'string' } } });
async function shot(p, file) {
  if (!opts.screenshots) return;
  mkdirSync(opts.screenshots, { recursive: true });
  const out = join(opts.screenshots, file);
  await p.evaluate(() => document.activeElement?.blur());
  await p.locator('#description').scrollIntoViewIfNeeded();
  await p.evaluate(() => window.scrollBy(0, -60));
  await p.screenshot({ path: out });
  if (process.env.CHANCERY_SCREENSHOTS === '1') copyFileSync(out, join(root, 'docs', 'screenshots', file));
}

async function openSeed(p) {
  // A full load: after a mere hash change the previous render can still be in the page.
  await p.goto(`/#/record/${kSeedId}`);
  await p.reload();
  await p.locator('#description').waitFor();
}

async function history(id) {
  return (await env.api(`/api/records/${id}/description/history`)).data;
}

await runSteps(env, [
  ['an archivist edits the title, picks a subject from the vocabulary and adds a place', async () => {
    await signIn(page, 'arch');
    await openSeed(page);
    await page.getByRole('button', { name: 'Edit description' }).click();
    await page.locator('#desc-form').waitFor();
    await page.locator('#desc-input-title').fill(kTitle);
    const subject = page.getByLabel('Add a subject');
    await subject.pressSequentially('polemics', { delay: 30 });
    await page.locator('#desc-subject-terms option[value="Sino-Soviet polemics"]').waitFor({ state: 'attached' });
    await subject.fill('Sino-Soviet polemics');
    await page.locator('#desc-add-subjects-button').click();
    await page.getByLabel('Add a place').fill('Beijing');
    await page.keyboard.press('Enter');
    assert.deepEqual(await page.locator('#desc-places li').evaluateAll((els) => els.map((e) => e.dataset.value)), ['Beijing']);
    await shot(page, 'description-edit.png');
    await page.getByRole('button', { name: 'Sign and save' }).click();
    await page.locator('h1', { hasText: kTitle }).waitFor();
    const h = await history(kSeedId);
    assert.equal(h.current_version, 2);
    assert.equal(h.edits.length, 1);
    assert.equal(h.edits[0].verified, true);
    assert.deepEqual(h.edits[0].changes.map((c) => c.field), ['title', 'subjects', 'places']);
  }],
  ['the history shows the signed edit with a readable diff', async () => {
    await page.locator('#desc-history-box summary').click();
    const edit = page.locator('#desc-history li.desc-edit[data-number="1"]');
    await edit.waitFor();
    assert.match(await edit.locator('.desc-edit-head').innerText(), /version 1 → 2 · .* · arch · signature verified/);
    assert.match(await edit.locator('[data-field="title"] del').innerText(), /Chernovenko/);
    assert.equal(await edit.locator('[data-field="title"] ins').innerText(), kTitle);
    assert.equal(await edit.locator('[data-field="subjects"] ins').innerText(), '+ Sino-Soviet polemics');
    assert.match(await page.locator('#description [data-row="subjects"]').innerText(), /Sino-Soviet polemics/);
    await shot(page, 'description-history.png');
  }],
  ['a subject outside the vocabulary is refused in the form and nothing is stored', async () => {
    await page.getByRole('button', { name: 'Edit description' }).click();
    await page.getByLabel('Add a subject').fill('Atlantis');
    await page.locator('#desc-add-subjects-button').click();
    await page.getByRole('button', { name: 'Sign and save' }).click();
    const error = page.locator('#desc-status [role="alert"]');
    await error.waitFor();
    assert.match(await error.innerText(), /subject "Atlantis" is not in the controlled vocabulary/);
    assert.equal((await history(kSeedId)).current_version, 2);
  }],
  ['an edit of a version that changed meanwhile is refused naming both versions', async () => {
    await openSeed(page);
    await page.getByRole('button', { name: 'Edit description' }).click();
    env.cli('describe', kSeedId, '--as', 'arch', '--set', 'scope-note=Changed meanwhile.');
    await page.locator('#desc-input-summary').fill('A summary written on version 2.');
    await page.getByRole('button', { name: 'Sign and save' }).click();
    const error = page.locator('#desc-status [role="alert"]');
    await error.waitFor();
    assert.match(await error.innerText(), /names version 2 but the record is at version 3/);
    const record = (await env.api(`/api/records/${kSeedId}`)).data;
    assert.equal(record.summary.includes('written on version 2'), false);
  }],
  ['the public reader sees the history but cannot edit', async () => {
    const reader = await env.newPage();
    await openSeed(reader);
    assert.equal(await reader.getByRole('button', { name: 'Edit description' }).count(), 0);
    await reader.locator('#desc-history-box summary').click();
    assert.equal(await reader.locator('#desc-history li.desc-edit').count(), 2);
  }],
  ['the description reads at 360 px', async () => {
    const narrow = await env.newPage({ width: 360, height: 800 });
    await signIn(narrow, 'arch');
    await openSeed(narrow);
    await narrow.locator('#desc-history-box summary').click();
    await narrow.getByRole('button', { name: 'Edit description' }).click();
    const overflow = await narrow.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
    assert.equal(overflow, false, 'the page scrolls sideways at 360 px');
    await shot(narrow, 'description-360.png');
  }],
]);

// Browser test (issue 14 §1, docs/archive.md "Translations"): the record page of a translation
// shows it beside its original, paragraph by paragraph (each pair in one row), with a language
// switch; at 360 px one language at a time, the record's own first; the original's page lists
// its translation and shows the pair too; the seed says its Chinese original is not held here.
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { setUp, runSteps, kSeedId } from './harness.mjs';

const argValue = (name) => process.argv[process.argv.indexOf(name) + 1];
const root = argValue('--root');
const shots = process.argv.includes('--screenshots') ? argValue('--screenshots') : join(root, 'build', 'screenshots');
const env = await setUp('translation_page');
env.cli('import', '--quiet', join(root, 'examples', 'translations'));
const page = await env.newPage();

// A screenshot of the page as it is scrolled, for docs/screenshots with CHANCERY_SCREENSHOTS=1.
async function shot(file) {
  const dir = shots;
  mkdirSync(dir, { recursive: true });
  await page.evaluate(() => document.activeElement?.blur());
  await page.screenshot({ path: join(dir, file), fullPage: false });
  if (process.env.CHANCERY_SCREENSHOTS === '1') copyFileSync(join(dir, file), join(root, 'docs', 'screenshots', file));
}

// The visible cells of one side, with their text and top edge.
async function cells(side) {
  return page.evaluate((s) => [...document.querySelectorAll(`.parallel-grid .col-${s}:not(.col-head)`)]
    .filter((el) => el.offsetParent !== null)
    .map((el) => ({ text: el.textContent.trim(), top: Math.round(el.getBoundingClientRect().top), lang: el.lang,
                    right: el.getBoundingClientRect().right })), side);
}

async function open(id, viewport) {
  await page.setViewportSize(viewport);
  await page.goto(`/#/record/${id}`);
  await page.locator('article.record h1').waitFor();
}

await runSteps(env, [
  ['a translation stands beside its original, paragraph by paragraph', async () => {
    await open('mfa-1963-0304-en', { width: 1280, height: 900 });
    await page.locator('.parallel-text').waitFor();
    const zh = await cells('orig');
    const en = await cells('trans');
    assert.equal(zh.length, 3, JSON.stringify(zh));
    assert.equal(en.length, 3, JSON.stringify(en));
    assert.match(zh[1].text, /契尔沃年科/);
    assert.match(en[1].text, /Chervonenko/);
    for (let i = 0; i < 3; i += 1) assert.equal(zh[i].top, en[i].top, `pair ${i + 1} is not on one row`);
    assert.equal(zh[0].lang, 'zh');
    assert.equal(en[0].lang, 'en');
    assert.match(await page.locator('.translation-of').textContent(), /Translation of mfa-1963-0304, version 1 \(Chinese\)/);
    assert.equal(await page.locator('.record-text').isVisible(), false, 'the text is shown twice');
    await page.locator('.parallel-text').scrollIntoViewIfNeeded();
    await shot('translation-desktop.png');
  }],
  ['the language switch shows one language, then both again', async () => {
    await page.getByRole('button', { name: 'Chinese' }).click();
    assert.equal((await cells('trans')).length, 0);
    assert.equal((await cells('orig')).length, 3);
    await page.getByRole('button', { name: 'Side by side' }).click();
    assert.equal((await cells('trans')).length, 3);
  }],
  ['at 360 px one language at a time, the record\'s own first', async () => {
    await open('mfa-1963-0304-en', { width: 360, height: 780 });
    await page.locator('.parallel-text').waitFor();
    assert.equal((await cells('orig')).length, 0);
    const en = await cells('trans');
    assert.equal(en.length, 3);
    for (const c of en) assert.ok(c.right <= 360, `a cell overflows: ${c.right}`);
    assert.equal(await page.getByRole('button', { name: 'Side by side' }).isVisible(), false);
    await page.getByRole('button', { name: 'Chinese' }).click();
    assert.equal((await cells('orig')).length, 3);
    assert.equal((await cells('trans')).length, 0);
    await page.getByRole('button', { name: 'English' }).click();
    await page.locator('.parallel-text').scrollIntoViewIfNeeded();
    await shot('translation-360.png');
  }],
  ['the original lists its translation and shows the pair', async () => {
    await open('mfa-1963-0304', { width: 1280, height: 900 });
    await page.locator('.translations-block .parallel-text').waitFor();
    const link = page.locator('ul.translations a');
    assert.equal(await link.textContent(), 'mfa-1963-0304-en');
    assert.match(await page.locator('ul.translations li').textContent(), /English, translated by David Cowhig/);
    assert.equal((await cells('orig')).length, 3);
  }],
  ['the seed says its Chinese original is not held here', async () => {
    await open(kSeedId, { width: 1280, height: 900 });
    const note = page.locator('.translation-note');
    await note.waitFor();
    assert.match(await note.textContent(), /Original \(Chinese\) not held by this archive\./);
    assert.match(await note.textContent(), /Translated by David Cowhig/);
    await note.scrollIntoViewIfNeeded();
    await shot('translation-seed.png');
  }],
]);

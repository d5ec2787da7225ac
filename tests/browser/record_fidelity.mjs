// Browser test (issue 12, item 1): the seed record's page says what the seed says. Approvals
// that are only "subject to the approval of" the Chairman, Liu Shaoqi, Zhou Enlai and Deng
// Xiaoping show as pending, not under "Approved by"; the joint senders, the four fraternal
// parties it was shared with and Pan Zili (also informed) are rows of their own; notes are rows
// labelled by their kind. At 360 px the rows stay inside the viewport.
import assert from 'node:assert/strict';
import { setUp, runSteps, kSeedId } from './harness.mjs';

const env = await setUp('record_fidelity');
const page = await env.newPage();

// The text of the header row whose term is `term` (dt + dd), or null when absent.
async function rowText(term) {
  return page.evaluate((t) => {
    const dt = [...document.querySelectorAll('details.headers dl.cable-headers dt')].find((d) => d.textContent.trim() === t);
    return dt ? dt.nextElementSibling.textContent.replace(/\s+/g, ' ').trim() : null;
  }, term);
}

// Whole-page screenshots for a person to look at, only when CHANCERY_REVIEW_SHOTS names a dir.
async function reviewShot(file) {
  if (process.env.CHANCERY_REVIEW_SHOTS) {
    await page.screenshot({ path: `${process.env.CHANCERY_REVIEW_SHOTS}/${file}`, fullPage: true });
  }
}

async function openSeed(viewport) {
  if (viewport) await page.setViewportSize(viewport);
  await page.goto(`/#/record/${kSeedId}`);
  await page.locator('article.record details.headers dl.cable-headers').waitFor();
}

await runSteps(env, [
  ['"Approved by" names only Wu Xiuquan and Zeng Yongquan', async () => {
    await openSeed();
    const approved = await rowText('Approved by');
    assert.ok(approved, 'no "Approved by" row');
    assert.match(approved, /Wu Xiuquan/);
    assert.match(approved, /Zeng Yongquan/);
    for (const name of ['Chairman', 'Liu Shaoqi', 'Zhou Enlai', 'Deng Xiaoping']) {
      assert.doesNotMatch(approved, new RegExp(name), `"Approved by" names ${name}: ${approved}`);
    }
  }],
  ['the four pending approvals show as pending with the seed\'s condition', async () => {
    const pending = await rowText('Pending approval');
    assert.ok(pending, 'no "Pending approval" row');
    for (const name of ['the Chairman', 'Liu Shaoqi', 'Zhou Enlai', 'Deng Xiaoping']) {
      assert.match(pending, new RegExp(name));
    }
    assert.match(pending, /subject to the approval of the Chairman, Liu Shaoqi, Zhou Enlai and Deng Xiaoping/);
    assert.equal(await page.locator('li.approval[data-state="pending"]').count(), 4);
    assert.equal(await page.locator('li.approval[data-state="approved"]').count(), 2);
  }],
  ['the joint senders, the four fraternal parties and Pan Zili are rows', async () => {
    const originators = await rowText('Originators (joint senders)');
    assert.ok(originators, 'no originators row');
    assert.match(originators, /Central Committee International Liaison Department/);
    assert.match(originators, /Ministry of Foreign Affairs/);
    const shared = await rowText('Shared with');
    assert.ok(shared, 'no "Shared with" row');
    for (const party of ['Algeria', 'DPRK', 'Vietnam', 'Indonesia']) assert.match(shared, new RegExp(party));
    assert.equal(await page.locator('li.dissemination').count(), 4);
    assert.match(shared, /before being issues shared/);  // the seed's own words, verbatim
    const informed = await rowText('Also informed');
    assert.match(informed || '', /Pan Zili/);
  }],
  ['the notes are rows labelled by their kind', async () => {
    const note = await page.evaluate(() => {
      const dt = [...document.querySelectorAll('dl.notes dt')]
        .find((d) => d.textContent.trim() === 'International Liaison Department note');
      return dt ? dt.nextElementSibling.textContent : null;
    });
    assert.match(note || '', /Pan Zili was also informed/);
    await env.screenshot(page, 'record.png');
    await reviewShot('record-full.png');
    if (process.env.CHANCERY_REVIEW_SHOTS) {
      await page.locator('details.headers').screenshot({ path: `${process.env.CHANCERY_REVIEW_SHOTS}/record-headers.png` });
      await page.locator('dl.notes').screenshot({ path: `${process.env.CHANCERY_REVIEW_SHOTS}/record-notes.png` });
    }
  }],
  ['a public record has no classification banner', async () => {
    assert.equal(await page.locator('article.record .banner').count(), 0);
  }],
  ['at 360 px every header row fits the viewport', async () => {
    await openSeed({ width: 360, height: 800 });
    const overflowing = await page.evaluate(() => [...document.querySelectorAll('dl.cable-headers dd, dl.cable-headers dt')]
      .filter((el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
      .map((el) => el.textContent.slice(0, 40)));
    assert.deepEqual(overflowing, []);
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth + 1),
      'the page scrolls sideways at 360 px');
    await env.screenshot(page, 'record-360.png');
    await reviewShot('record-360-full.png');
  }],
]);

// Browser test (issue 14 §5): browsing. A FRUS dev volume's collection page shows its chapters
// and numbered documents in the volume's order; a record page has previous/next in collection
// order; the search page's date histogram is dragged across (mouse, then touch-type pointer
// events, then the keyboard) to set the date range, and the hits change; "Clear dates" removes
// it; desktop and 360 px screenshots.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { setUp, runSteps } from './harness.mjs';

const env = await setUp('browse_page');
const at = process.argv.indexOf('--shared');
const shared = at > 0 ? process.argv[at + 1] : join(new URL('.', import.meta.url).pathname, '..', '..', '..', 'shared');
env.cli('import', '--quiet', join(shared, 'corpus', 'frus', 'dev', 'frus1961-63v22.xml'));
const page = await env.newPage();
const kVol = 'frus1961-63v22';

const total = async () => Number(await page.locator('#total').getAttribute('data-total'));
const waitHash = async (re) => page.waitForFunction((src) => new RegExp(src).test(location.hash), re.source);

await runSteps(env, [
  ['the collections page lists the volume and its page shows the chapters in order', async () => {
    await page.goto('/#/collections');
    const link = page.locator(`ul.collections li[data-id="${kVol}"] a`);
    await link.waitFor();
    await link.click();
    await page.locator('nav.toc').waitFor();
    const headings = await page.locator('nav.toc .toc-heading').allInnerTexts();
    assert.deepEqual(headings, ['China; Korea; Japan', 'China', 'Mongolia', 'Korea', 'Japan']);
    const items = page.locator('nav.toc li');
    assert.equal(await items.count(), 385);
    assert.equal(await items.nth(0).getAttribute('data-id'), `${kVol}-d1`);
    assert.equal(await items.nth(197).getAttribute('data-id'), `${kVol}-d198`); // Mongolia opens
    assert.match(await items.nth(6).innerText(), /^7\. Telegram From the Embassy in the Republic of China/);
    await env.screenshot(page, 'collection-volume.png');
  }],
  ['a record page has previous and next in collection order', async () => {
    await page.goto(`/#/record/${kVol}-d7`);
    const nav = page.locator('nav.neighbours');
    await nav.waitFor();
    assert.match(await nav.locator('.meta').innerText(), /Document 7 of 385/);
    assert.match(await nav.locator('a.prev').innerText(), /6\. Memorandum of Conversation/);
    await nav.locator('a.next').click();
    await page.locator(`article.record[data-id="${kVol}-d8"]`).waitFor();
    await page.goto(`/#/record/${kVol}-d1`);
    await page.locator('nav.neighbours .prev.none').waitFor();
    await env.screenshot(page, 'record-neighbours.png');
  }],
  ['dragging across the histogram sets the date range and the hits change', async () => {
    await page.goto(`/#/search?q=vol:${kVol}`);
    const chart = page.locator('figure.histogram .histogram-bars');
    await chart.waitFor();
    assert.equal(await page.locator('figure.histogram').getAttribute('data-unit'), 'year');
    const labels = await chart.locator('.bar').evaluateAll((bars) => bars.map((b) => b.dataset.label));
    assert.equal(labels.at(-1), '1963');
    const a = labels.indexOf('1962');
    assert.ok(a > 0, labels.join(','));
    const before = await total();
    await env.screenshot(page, 'search-histogram.png');
    const box = await chart.boundingBox();
    const x = (i) => box.x + (box.width * (i + 0.5)) / labels.length;
    await page.mouse.move(x(a), box.y + box.height / 2);
    await page.mouse.down();
    await page.mouse.move(x(a + 1), box.y + box.height / 2, { steps: 4 });
    await page.mouse.up();
    await waitHash(/from=1962&to=1963/);
    await page.locator('figure.histogram[data-unit="month"][data-from="1962"][data-to="1963"]').waitFor();
    const after = await total();
    const api = await env.api(`/api/search?q=vol:${kVol}&from=1962&to=1963`);
    assert.equal(after, api.data.total);
    assert.ok(after < before, `${after} < ${before}`);
  }],
  ['touch: a drag of touch pointer events narrows to months', async () => {
    const chart = page.locator('figure.histogram .histogram-bars');
    const n = await chart.locator('.bar').count();
    assert.equal(n, 24);
    const box = await chart.boundingBox();
    const x = (i) => box.x + (box.width * (i + 0.5)) / n;
    const y = box.y + box.height / 2;
    await chart.dispatchEvent('pointerdown', { clientX: x(2), clientY: y, pointerType: 'touch', pointerId: 7, isPrimary: true });
    await chart.dispatchEvent('pointermove', { clientX: x(4), clientY: y, pointerType: 'touch', pointerId: 7, isPrimary: true });
    await chart.dispatchEvent('pointerup', { clientX: x(4), clientY: y, pointerType: 'touch', pointerId: 7, isPrimary: true });
    await waitHash(/from=1962-03&to=1962-05/);
    // The old chart stays until the new results render: wait for the one drawn for this range.
    await page.locator('figure.histogram[data-from="1962-03"][data-to="1962-05"]').waitFor();
    const api = await env.api(`/api/search?q=vol:${kVol}&from=1962-03&to=1962-05`);
    assert.equal(await total(), api.data.total);
  }],
  ['the keyboard sets a range too, and Clear dates removes it', async () => {
    const chart = page.locator('figure.histogram .histogram-bars');
    await chart.focus();
    await page.keyboard.press('Home');
    await page.keyboard.press('Shift+ArrowRight');
    await page.keyboard.press('Enter');
    await waitHash(/from=1962-03&to=1962-04/);
    await page.locator('figure.histogram[data-from="1962-03"][data-to="1962-04"]').waitFor();
    await page.getByRole('button', { name: 'Clear dates' }).click();
    await waitHash(/^#\/search\?q=vol%3Afrus1961-63v22$/);
    await page.locator('figure.histogram[data-unit="year"][data-from=""]').waitFor();
    assert.equal(await total(), 385);
  }],
  ['the pages read at 360 px', async () => {
    const narrow = await env.newPage({ width: 360, height: 800 });
    for (const [hash, ready, file] of [
      [`/#/collections/${kVol}`, 'nav.toc', 'collection-volume-360.png'],
      [`/#/record/${kVol}-d7`, 'nav.neighbours', 'record-neighbours-360.png'],
      [`/#/search?q=vol:${kVol}`, 'figure.histogram', 'search-histogram-360.png']]) {
      await narrow.goto(hash);
      await narrow.locator(ready).waitFor();
      const overflow = await narrow.evaluate(() => document.documentElement.scrollWidth > window.innerWidth + 1);
      assert.equal(overflow, false, `${hash} scrolls sideways at 360 px`);
      await env.screenshot(narrow, file);
    }
  }],
]);

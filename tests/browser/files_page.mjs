// Browser test (issue 14 §5, digital objects): an archivist attaches a two-page scan (PNG pages
// made by tests/integration/make_test_scan.py) to the seed record with the CLI; the record page
// shows it beside the text on a desktop screen (page 1 of 2, Next shows page 2) and stacked
// under it at 360 px; files are served with a CSP sandbox and nosniff; a TOP SECRET record's scan is
// neither listed nor fetchable by the public reader, whose page says "Record not found" as for
// a missing record. Screenshots: record-scan.png, record-scan-360.png.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setUp, runSteps, kSeedId } from './harness.mjs';

const kHidden = 'arc-2025-min-003';  // examples/cables/08: TOP SECRET//NODIS
const here = dirname(fileURLToPath(import.meta.url));
const scans = mkdtempSync(join(tmpdir(), 'chancery-scan-'));
const made = spawnSync('/usr/bin/python3', [join(here, '..', 'integration', 'make_test_scan.py'), scans]);
assert.equal(made.status, 0, String(made.stderr));

// Screenshots where the scan is (the harness's own scroll to the top of the page).
const shotsArg = process.argv.indexOf('--screenshots');
const shotsDir = shotsArg > 0 ? process.argv[shotsArg + 1] : null;
async function shot(p, file) {
  if (!shotsDir) return;
  mkdirSync(shotsDir, { recursive: true });
  await p.evaluate(() => document.activeElement?.blur());
  await p.screenshot({ path: join(shotsDir, file), fullPage: false });
  if (process.env.CHANCERY_SCREENSHOTS === '1') {
    copyFileSync(join(shotsDir, file), join(here, '..', '..', 'docs', 'screenshots', file));
  }
}

const env = await setUp('files_page');
env.addUser('arch', '--clearance', 'TOP SECRET', '--category', 'NODIS', '--group', 'ARCADIA',
  '--office', 'Office of the Minister', '--role', 'archivist');
for (const f of ['page1.png', 'page2.png']) env.cli('file', 'add', kSeedId, join(scans, f), '--as', 'arch');
env.cli('file', 'add', kHidden, join(scans, 'scan.pdf'), '--as', 'arch');
const page = await env.newPage();

async function openSeed(viewport) {
  await page.setViewportSize(viewport);
  // A fresh document each time: a hash change alone would leave the previous step's page in the
  // DOM until the new one renders, and a locator could measure that one as it is replaced.
  await page.goto('about:blank');
  await page.goto(`/#/record/${kSeedId}`);
  // The record page's other sections (translations, neighbours, description) load on their own
  // and may re-render after the scan first shows: measure once the page has settled.
  await page.waitForLoadState('networkidle');
  await page.locator('.with-scan img.scan-page').waitFor();
  await page.waitForFunction(() => document.querySelector('img.scan-page')?.naturalWidth > 0);
}

await runSteps(env, [
  ['the scan is beside the text on a desktop screen, one page at a time', async () => {
    await openSeed({ width: 1280, height: 900 });
    const text = await page.locator('.with-scan .scan-text').boundingBox();
    const scan = await page.locator('.with-scan .scan').boundingBox();
    assert.ok(scan.x >= text.x + text.width - 1, `scan at x=${scan.x}, text ends at ${text.x + text.width}`);
    assert.ok(Math.abs(scan.y - text.y) < 40, 'side by side, tops aligned');
    assert.equal(await page.locator('.scan-page-no').textContent(), 'Page 1 of 2');
    assert.match(await page.locator('img.scan-page').getAttribute('alt'), /page 1 of 2 \(page1\.png\)/);
    await page.evaluate(() => window.scrollTo(0, document.querySelector('.with-scan').getBoundingClientRect().top + window.scrollY - 20));
    await shot(page, 'record-scan.png');
    await page.getByRole('button', { name: 'Next page' }).click();
    assert.equal(await page.locator('.scan-page-no').textContent(), 'Page 2 of 2');
    assert.match(await page.locator('img.scan-page').getAttribute('src'), /page2\.png/);
    await page.waitForFunction(() => document.querySelector('img.scan-page').naturalWidth > 0);
    assert.equal(await page.getByRole('button', { name: 'Next page' }).isDisabled(), true);
    await page.getByRole('button', { name: 'Previous page' }).click();
    assert.equal(await page.locator('.scan-page-no').textContent(), 'Page 1 of 2');
  }],
  ['stacked at 360 px: the scan under the text, no wider than the screen', async () => {
    await openSeed({ width: 360, height: 740 });
    const text = await page.locator('.with-scan .scan-text').boundingBox();
    const scan = await page.locator('.with-scan .scan').boundingBox();
    assert.ok(scan.y >= text.y + text.height - 1, 'stacked');
    assert.ok(scan.x + scan.width <= 361, `scan fits: right edge ${scan.x + scan.width}`);
    const img = await page.locator('img.scan-page').boundingBox();
    assert.ok(img.width <= 360, `image ${img.width} px wide`);
    await page.evaluate(() => window.scrollTo(0, document.querySelector('.with-scan .scan').getBoundingClientRect().top + window.scrollY - 120));
    await shot(page, 'record-scan-360.png');
  }],
  ['the public gets the missing record\'s 404 for a hidden record\'s PDF; files carry a CSP sandbox', async () => {
    const res = await env.api(`/api/records/${kHidden}/files/scan.pdf`);
    assert.equal(res.status, 404);
    const missing = await env.api('/api/records/arc-2025-min-999/files/scan.pdf');
    assert.equal(JSON.stringify(res.data).replace(kHidden, 'X'), JSON.stringify(missing.data).replace('arc-2025-min-999', 'X'));
    const list = await env.api(`/api/records/${kHidden}/files`);
    assert.equal(list.status, 404);
    const seedFiles = await env.api(`/api/records/${kSeedId}/files`);
    assert.deepEqual(seedFiles.data.files.map((f) => f.name), ['page1.png', 'page2.png']);
    const png = await fetch(`${env.url}/api/records/${kSeedId}/files/page1.png`);
    assert.match(png.headers.get('content-security-policy'), /^sandbox;/);
    assert.equal(png.headers.get('x-content-type-options'), 'nosniff');
  }],
  ['the public page of the hidden record is the missing record\'s', async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto(`/#/record/${kHidden}`);
    await page.getByRole('heading', { name: 'Record not found' }).waitFor();
    assert.equal(await page.locator('.with-scan, img.scan-page, iframe.scan-pdf').count(), 0);
  }],
]);

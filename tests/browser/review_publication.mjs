// Browser test (issue 13 §7): the archive in the web UI. In the review workspace a reviewer
// withholds a name by selecting it with the mouse and a paragraph with the keyboard (Tab to it,
// Enter), under exemption codes picked from the policy's, and releases the rest; the public
// preview beside the original shows markers at once; a second reviewer concurs; an archivist
// publishes. The public page of the published version says when, by whom and under which
// authorities it was declassified, shows the markers as markers, and no withheld word is on the
// page or in any API response it fetched; Verify checks the proof bundle in the browser
// (WebCrypto SHA-256 and Ed25519) and fails on a bundle tampered in flight; a signed-in reader
// files a review request and sees it. Finally an archivist withdraws the version from the review
// page: the public gets the 404 of a missing record, the archivist reads it with the withdrawal.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { setUp, runSteps, signIn, signOut } from './harness.mjs';

const kRecord = 'arc-2025-min-003';  // examples/cables/08: TOP SECRET//NODIS, so two reviewers
const kPublished = `${kRecord}.p1`;
const kWithheld = ['Clara', 'Voss', 'privately', 'propose'];
const kNodis = ['--clearance', 'TOP SECRET', '--category', 'NODIS', '--group', 'ARCADIA', '--office', 'Office of the Minister'];

const env = await setUp('review_publication');
env.addUser('rev.a', ...kNodis, '--role', 'reviewer');
env.addUser('rev.b', ...kNodis, '--role', 'reviewer');
env.addUser('arch', ...kNodis, '--role', 'archivist');
env.addUser('eq', ...kNodis, '--role', 'equity:MFA');
env.addUser('reader', '--clearance', 'PUBLIC');
const page = await env.newPage();

// The withheld words that occur in `text` as words ("declaration" does not hold "Clara").
function leaked(text) {
  return kWithheld.filter((w) => new RegExp(`\\b${w}\\b`, 'i').test(text));
}

async function openWorkspace(viewport) {
  if (viewport) await page.setViewportSize(viewport);
  await page.goto(`/#/review/${kRecord}`);
  await page.locator('.review-page .span-field').first().waitFor();
}

// Selects `words` inside the original's field `pointer` by dragging the mouse across them.
async function dragSelect(pointer, words) {
  const box = await page.evaluate(([p, w]) => {
    const el = document.querySelector(`.original .field-text[data-pointer="${p}"]`);
    const node = [...el.childNodes].find((n) => n.nodeType === Node.TEXT_NODE && n.nodeValue.includes(w));
    const at = node.nodeValue.indexOf(w);
    const range = document.createRange();
    range.setStart(node, at);
    range.setEnd(node, at + w.length);
    const rects = [...range.getClientRects()];
    const first = rects[0];
    const last = rects[rects.length - 1];
    return { x1: first.left + 1, y1: first.top + first.height / 2, x2: last.right - 1, y2: last.top + last.height / 2 };
  }, [pointer, words]);
  await page.mouse.move(box.x1, box.y1);
  await page.mouse.down();
  await page.mouse.move(box.x2, box.y2, { steps: 8 });
  await page.mouse.up();
}

// The canonical JSON of docs/format/proof.md §6 (to re-seal a tampered bundle's digest).
function canonical(v) {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v !== null && typeof v === 'object') return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`).join(',')}}`;
  return JSON.stringify(v);
}

const publicPage = await env.newPage();
const fetched = [];  // every API response the public page received: [url, body]
publicPage.on('response', async (res) => {
  if (!res.url().includes('/api/')) return;
  try { fetched.push([res.url(), await res.text()]); } catch { /* a redirect has no body */ }
});

async function openPublished(p, viewport) {
  if (viewport) await p.setViewportSize(viewport);
  // A full load, not a hash change: after a hash change the previous render's section (and its
  // Verify button) can still be in the page when waitFor looks, and a click on it is lost.
  await p.goto(`/#/record/${kPublished}`);
  await p.reload();
  await p.locator('section.declassification').waitFor();
}

async function verify(p) {
  await p.getByRole('button', { name: 'Verify' }).click();
  const result = p.locator('#verify-result[data-outcome]');
  await result.waitFor();
  return { outcome: await result.getAttribute('data-outcome'), text: await result.innerText() };
}

await runSteps(env, [
  ['a reviewer withholds a name selected with the mouse', async () => {
    await signIn(page, 'rev.a');
    await openWorkspace();
    assert.equal(await page.locator('.review-page').getAttribute('data-state'), 'held');
    await dragSelect('/addressees/0/name', 'Clara Voss');
    await page.locator('#selection-note', { hasText: 'words 1–2 (“Clara Voss”)' }).waitFor();
    await page.getByLabel('Exemption').selectOption('(b)(6)');
    await page.getByRole('button', { name: 'Withhold selection' }).click();
    await page.locator('.message.ok', { hasText: 'Withheld' }).waitFor();
    const mark = page.locator('.original [data-pointer="/addressees/0/name"] mark.decided.withheld');
    assert.equal(await mark.innerText(), 'Clara Voss');
    assert.equal(await mark.getAttribute('data-code'), '(b)(6)');
  }],
  ['the public preview beside the original shows the marker at once', async () => {
    const preview = page.locator('.preview [data-pointer="/addressees/0/name"]');
    assert.match(await preview.innerText(), /Ambassador \[name not declassified; \(b\)\(6\)\], Embassy of Arcadia in Veridia/);
    assert.equal(await preview.locator('.redaction').count(), 1);
    assert.deepEqual(leaked(await page.locator('.preview').innerText()), ['privately', 'propose']);  // not yet withheld
  }],
  ['the reviewer withholds a paragraph chosen with the keyboard (Tab, Enter)', async () => {
    await page.locator('h1').focus();
    let focused = '';
    for (let i = 0; i < 80 && focused !== '/enclosures/0/paragraphs/1/text'; i += 1) {
      await page.keyboard.press('Tab');
      focused = await page.evaluate(() => document.activeElement?.dataset?.pointer || '');
    }
    assert.equal(focused, '/enclosures/0/paragraphs/1/text', 'Tab never reached the paragraph');
    await page.keyboard.press('Enter');
    const field = page.locator('.original .span-field[data-pointer="/enclosures/0/paragraphs/1/text"]');
    assert.equal(await field.getAttribute('aria-pressed'), 'true');
    await page.locator('#selection-note', { hasText: 'Enclosure 1, paragraph 2 (whole)' }).waitFor();
    await page.getByLabel('Exemption').selectOption('25X1');
    await page.getByRole('button', { name: 'Withhold selection' }).focus();
    await page.keyboard.press('Enter');
    await page.locator('.original [data-pointer="/enclosures/0/paragraphs/1/text"] mark.decided.withheld').waitFor();
    const preview = await page.locator('.preview [data-pointer="/enclosures/0/paragraphs/1/text"]').innerText();
    assert.match(preview, /\[1 paragraph \(1 line\) not declassified; 25X1\]/);
  }],
  ['the reviewer refers a selected phrase to an equity-holding office', async () => {
    await dragSelect('/body/0/text', 'Minister Tal');
    await page.locator('#selection-note', { hasText: 'words 6–7 (“Minister Tal”)' }).waitFor();
    await page.getByLabel('Refer the selection').fill('MFA');
    await page.getByRole('button', { name: 'Refer', exact: true }).click();
    await page.locator('.message.ok', { hasText: 'Referred' }).waitFor();
    assert.equal(await page.locator('.original [data-pointer="/body/0/text"] mark.decided.referred').innerText(), 'Minister Tal');
    assert.match(await page.locator('.referral').innerText(), /to MFA: \/body\/0\/text#w6-7[\s\S]*Awaiting the answer of MFA/);
  }],
  ['the reviewer releases the rest; the review waits for the referral and a concurrence', async () => {
    await page.getByRole('button', { name: 'Release the rest' }).click();
    await page.locator('.message.ok', { hasText: 'Released the rest' }).waitFor();
    assert.equal(await page.locator('.review-page').getAttribute('data-state'), 'referred');
    assert.match(await page.locator('[data-fact="concurrence"]').innerText(), /required, not yet given/);
    assert.equal(await page.locator('[data-fact="open referrals"]').innerText(), '1');
    assert.equal(await page.locator('table.decisions tbody tr').count(), 4);
    await page.mouse.move(0, 0);
    await env.screenshot(page, 'review-workspace.png');
    await openWorkspace({ width: 360, height: 800 });
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth + 1),
      'the workspace scrolls sideways at 360 px');
    await env.screenshot(page, 'review-workspace-360.png');
    await page.setViewportSize({ width: 1280, height: 900 });
    await signOut(page);
  }],
  ['the equity holder answers the referral: release', async () => {
    await signIn(page, 'eq');
    await openWorkspace();
    assert.equal(await page.getByRole('button', { name: 'Withhold selection' }).count(), 0);  // not a reviewer
    await page.getByRole('button', { name: 'Release (answer)' }).click();
    await page.locator('.referral', { hasText: 'Answered by eq: release' }).waitFor();
    await page.locator('.review-page[data-state="decided"]').waitFor();
    await signOut(page);
  }],
  ['a second reviewer concurs', async () => {
    await signIn(page, 'rev.b');
    await openWorkspace();
    await page.getByRole('button', { name: 'Concur (second reviewer)' }).click();
    await page.locator('[data-fact="concurrence"]', { hasText: /^given$/ }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Concur (second reviewer)' }).count(), 0);
    await signOut(page);
  }],
  ['an archivist publishes from the queue', async () => {
    await signIn(page, 'arch');
    await page.goto('/#/review');
    await page.locator(`tr[data-id="${kRecord}"]`).waitFor();
    await env.screenshot(page, 'review-queue.png');
    await page.locator(`tr[data-id="${kRecord}"] a`).click();
    await page.locator('.review-page .span-field').first().waitFor();
    await page.getByRole('button', { name: 'Publish' }).click();
    await page.locator('.message.ok', { hasText: `Published: done (${kPublished})` }).waitFor();
    await page.locator(`a[href="#/record/${kPublished}"]`).waitFor();
    await signOut(page);
  }],
  ['the public page says when, by whom and under which authorities it was declassified', async () => {
    await openPublished(publicPage);
    const block = await publicPage.locator('section.declassification').innerText();
    assert.match(block, /Declassified in part/);
    assert.match(block, new RegExp(`Published version 1 of ${kRecord}`));
    assert.match(block, /by arch/);
    assert.match(block, /Reviewed by\s+rev\.a; eq; rev\.b/);  // whoever decided, in order
    assert.match(block, /25X1: reveal the identity of a confidential human source/);
    assert.match(block, /\(b\)\(6\): a clearly unwarranted invasion of personal privacy/);
    const codes = await publicPage.locator('.exemption-codes li').allInnerTexts();
    assert.deepEqual(codes.sort(), ['(b)(6)', '25X1']);
  }],
  ['the markers are shown as markers, and no withheld word is on the page', async () => {
    const markers = publicPage.locator('article.record .record-text .redaction, article.record details.headers .redaction');
    assert.equal(await markers.count(), 2);
    assert.deepEqual((await markers.allInnerTexts()).sort(),
      ['[1 paragraph (1 line) not declassified; 25X1]', '[name not declassified; (b)(6)]']);
    assert.deepEqual(leaked(await publicPage.locator('body').innerText()), []);
    assert.deepEqual(leaked(await publicPage.content()), []);
  }],
  ['Verify checks the proof bundle in the browser, Ed25519 included', async () => {
    const { outcome, text } = await verify(publicPage);
    assert.equal(outcome, 'verified', text);
    assert.match(text, /Verified: the published text is exactly the signed original minus the marked passages/);
    assert.match(text, /Ed25519 signature: verified/);
    await env.screenshot(publicPage, 'published-record.png');
  }],
  ['no API response the public page fetched holds a withheld word', async () => {
    assert.ok(fetched.some(([url]) => url.endsWith(`/api/records/${kPublished}/proof`)), 'the proof was not fetched');
    assert.ok(fetched.length >= 3);
    for (const [url, body] of fetched) assert.deepEqual(leaked(body), [], url);
    // "propose" also stems other public records' "proposed"; these three are only in the withheld text.
    for (const w of ['Clara', 'Voss', 'privately']) {
      const res = await env.api(`/api/search?q=${w}&snippets=true`);
      assert.equal(res.data.total, 0, `public search for ${w}`);
    }
  }],
  ['Verify fails on a bundle tampered in flight (a changed word, digest re-sealed)', async () => {
    await publicPage.route('**/api/records/*/proof', async (route) => {
      const res = await route.fetch();
      const bundle = JSON.parse(await res.text());
      const swap = (t) => t.replace('Please deliver', 'Please destroy');
      bundle.published.body[0].text = swap(bundle.published.body[0].text);
      for (const f of bundle.fields) if (f.parts) for (const p of f.parts) if (p.text) p.text = swap(p.text);
      delete bundle.digest;
      bundle.digest = createHash('sha256').update(canonical(bundle)).digest('hex');
      await route.fulfill({ response: res, body: canonical(bundle) });
    });
    await openPublished(publicPage);
    const { outcome, text } = await verify(publicPage);
    assert.equal(outcome, 'failed', text);
    assert.match(text, /commitment: the disclosed units, their salts and the withheld hashes do not reproduce the signed root/);
    assert.match(text, /a changed word: field \/body\/0\/text in the record on this page/);
    await publicPage.unroute('**/api/records/*/proof');
  }],
  ['Verify fails when the bundle\'s /publication is altered (the archivist\'s publication statement covers it)', async () => {
    let stated = false;
    await publicPage.route('**/api/records/*/proof', async (route) => {
      const res = await route.fetch();
      const bundle = JSON.parse(await res.text());
      stated = 'publication_signed' in bundle;
      bundle.published.publication.archivist = 'someone.else';
      delete bundle.digest;
      bundle.digest = createHash('sha256').update(canonical(bundle)).digest('hex');
      await route.fulfill({ response: res, body: canonical(bundle) });
    });
    await openPublished(publicPage);
    const { outcome, text } = await verify(publicPage);
    await publicPage.unroute('**/api/records/*/proof');
    assert.ok(stated, 'the bundle has no publication statement (docs/format/proof.md §6.4)');
    assert.equal(outcome, 'failed', text);
    assert.match(text, /publication statement: does not verify with its public key/);
  }],
  ['where WebCrypto has no Ed25519 the page says the signature was not checked, never "verified"', async () => {
    const old = await env.newPage();
    await old.addInitScript(() => {
      const importKey = crypto.subtle.importKey.bind(crypto.subtle);
      crypto.subtle.importKey = (format, key, algorithm, ...rest) => (algorithm && algorithm.name === 'Ed25519'
        ? Promise.reject(new DOMException('Ed25519 is not supported', 'NotSupportedError'))
        : importKey(format, key, algorithm, ...rest));
    });
    await openPublished(old);
    const { outcome, text } = await verify(old);
    assert.equal(outcome, 'unchecked', text);
    assert.match(text, /this browser's WebCrypto has no Ed25519, so the signature was not checked/);
    assert.match(text, /Ed25519 signature: unavailable/);
    await old.context().close();
  }],
  ['the public finds the published version by a released word', async () => {
    const ids = await publicPage.evaluate(async () => (await (await fetch('/api/search?q=estuary')).json()).hits.map((x) => x.id));
    assert.ok(ids.includes(kPublished), JSON.stringify(ids));
  }],
  ['at 360 px the published page fits the viewport', async () => {
    await openPublished(publicPage, { width: 360, height: 800 });
    assert.ok(await publicPage.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth + 1),
      'the published page scrolls sideways at 360 px');
    await env.screenshot(publicPage, 'published-record-360.png');
  }],
  ['a signed-in reader files a review request and sees it with its state', async () => {
    await signIn(page, 'reader');
    await openPublished(page);
    await page.getByLabel('What should be reviewed, and why?').fill('Please review the withheld addressee name.');
    await page.getByRole('button', { name: 'Request review' }).click();
    await page.locator('.message.ok', { hasText: 'filed' }).waitFor();
    const item = page.locator('.review-request li.request').first();
    assert.match(await item.innerText(), /Please review the withheld addressee name/);
    assert.equal(await item.getAttribute('data-state'), 'open');
    await page.goto('/#/requests');
    await page.locator('.requests-page li.request', { hasText: 'withheld addressee name' }).waitFor();
    await signOut(page);
  }],
  ['an archivist withdraws the published version from the review page; the public loses it', async () => {
    await page.setViewportSize({ width: 1280, height: 900 });
    await signIn(page, 'arch');
    await openWorkspace();
    const version = page.locator(`li.published-version[data-id="${kPublished}"]`);
    await version.locator('summary', { hasText: `Withdraw ${kPublished} from the public` }).click();
    await version.getByLabel('Reason (kept with the withdrawal)').fill('An equity holder objected after publication');
    await version.getByRole('button', { name: 'Withdraw' }).click();
    await page.locator('.message.ok', { hasText: `Withdrawn: done (${kPublished})` }).waitFor();
    const after = page.locator(`li.published-version[data-id="${kPublished}"]`);
    assert.equal(await after.getAttribute('data-withdrawn'), 'true');
    assert.match(await after.innerText(), /Withdrawn \d{4}-\d{2}-\d{2} by arch: An equity holder objected after publication/);
    assert.equal(await page.locator('[data-fact="state"]').innerText(), 'due');
    await env.screenshot(page, 'review-withdrawn.png');
    // The archivist, cleared for the original, still reads the version, with the withdrawal.
    await page.goto(`/#/record/${kPublished}`);
    await page.reload();
    const note = page.locator('section.declassification .withdrawn-note');
    await note.waitFor();
    assert.match(await note.innerText(), /Withdrawn from the public on .* by arch: An equity holder objected after publication/);
    await env.screenshot(page, 'withdrawn-record.png');
    await page.setViewportSize({ width: 360, height: 800 });
    assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= document.documentElement.clientWidth + 1),
      'the withdrawn record scrolls sideways at 360 px');
    await env.screenshot(page, 'withdrawn-record-360.png');
    await signOut(page);
    // The public: the same page is the 404 of a missing record, and search does not find it.
    await publicPage.setViewportSize({ width: 1280, height: 900 });
    await publicPage.goto(`/#/record/${kPublished}`);
    await publicPage.reload();
    await publicPage.locator('p.error', { hasText: `There is no record ${kPublished} that you may read.` }).waitFor();
    // "estuary" is in the released text: the public found the version by it before.
    const ids = await publicPage.evaluate(async () => (await (await fetch('/api/search?q=estuary')).json()).hits.map((x) => x.id));
    assert.ok(!ids.includes(kPublished), JSON.stringify(ids));
  }],
]);

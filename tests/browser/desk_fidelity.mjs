// Browser test (issue 12, item 6): the cable desk as a desk officer meets it.
// - Compose sets k of n, a "subject to the approval of" condition, sharing with outside parties,
//   also-informed and a reference; the draft can be edited afterwards and keeps them.
// - The drafter is not offered as their own approver, and the desk's refusal shows.
// - An approver gets no Approve button (and no queue entry) until the clearer has acted; the
//   clearer's button says "Clear", not "Approve".
// - A released TOP SECRET cable has its banner on the desk page and the record page.
// - No "null" anywhere on the draft and cable pages.
// - At 360 px the inbox and delivery-report cards do not overlap their labels.
import assert from 'node:assert/strict';
import { setUp, runSteps, signIn, signOut } from './harness.mjs';

const env = await setUp('desk_fidelity');
const page = await env.newPage();
let draftId = '';
let cableId = '';

// Whole-page screenshots for a person to look at, only when CHANCERY_REVIEW_SHOTS names a dir.
async function reviewShot(file) {
  if (process.env.CHANCERY_REVIEW_SHOTS) {
    await page.screenshot({ path: `${process.env.CHANCERY_REVIEW_SHOTS}/${file}`, fullPage: true });
  }
}

// GET as the signed-in user (the page's cookies).
async function apiGet(path) {
  return page.evaluate(async (p) => (await fetch(p, { credentials: 'same-origin' })).json(), path);
}

async function noNull() {
  const text = await page.locator('main').innerText();
  assert.doesNotMatch(text, /\bnull\b|\bundefined\b/, `the page says null or undefined:\n${text}`);
}

// For every cell of the stacked tables: the box of its column label must not overlap the boxes
// of the cell's own content. The label is the ::before content, which has no DOM box; a hidden
// probe with the same text and font is laid where ::before draws it (its left/top/width when
// absolute, else the top of the content box) and its line boxes are the label's ink (a word
// wider than the label column overflows it).
async function labelOverlaps(selector) {
  return page.evaluate((sel) => {
    const out = [];
    const boxesOf = (node) => {
      const range = document.createRange();
      range.selectNodeContents(node);
      return [...range.getClientRects()].filter((r) => r.width > 0 && r.height > 0);
    };
    for (const td of document.querySelectorAll(`${sel} td[data-label]`)) {
      const before = getComputedStyle(td, '::before');
      if (before.content === 'none' || before.display === 'none') continue;
      const cell = getComputedStyle(td);
      const content = boxesOf(td);
      const absolute = before.position === 'absolute';
      const probe = document.createElement('span');
      probe.textContent = td.dataset.label;
      probe.style.font = before.font;
      probe.style.letterSpacing = before.letterSpacing;
      probe.style.position = 'absolute';
      probe.style.display = 'block';
      probe.style.visibility = 'hidden';
      probe.style.left = absolute ? before.left : cell.paddingLeft;
      probe.style.top = absolute ? before.top : cell.paddingTop;
      probe.style.width = before.width;
      const position = td.style.position;
      td.style.position = 'relative';
      td.appendChild(probe);
      const ink = boxesOf(probe);
      probe.remove();
      td.style.position = position;
      // With a static ::before the content starts below the label; the boxes measured above
      // are the content's own (the ::before has no box in a Range).
      // A label taller than its cell (a word broken over two lines) runs into the next cell.
      const box = td.getBoundingClientRect();
      for (const i of ink) {
        if (i.bottom > box.bottom + 1 || i.right > box.right + 1) {
          out.push(`${td.dataset.label} runs out of its cell`);
        }
        for (const c of content) {
          if (i.left < c.right - 1 && c.left < i.right - 1 && i.top < c.bottom - 1 && c.top < i.bottom - 1) {
            out.push(`${td.dataset.label} overlaps "${td.textContent.trim().slice(0, 30)}"`);
          }
        }
      }
    }
    return [...new Set(out)];
  }, selector);
}

await runSteps(env, [
  ['compose does not offer the drafter as clearer, approver or condition', async () => {
    env.cli('desk', 'grant', 'wu.xiuquan', 'drafter', 'MFA-SOVEE');
    await signIn(page, 'wu.xiuquan');
    await page.goto('/#/desk/compose');
    await page.locator('#approvers').waitFor();
    for (const id of ['clearers', 'approvers', 'conditions']) {
      const values = await page.locator(`#${id} option`).evaluateAll((os) => os.map((o) => o.value));
      assert.ok(!values.includes('wu.xiuquan'), `${id} offers the drafter: ${values}`);
    }
    assert.ok((await page.locator('#approvers option').evaluateAll((os) => os.map((o) => o.value))).includes('zeng.yongquan'));
  }],
  ['the desk\'s refusal of self-approval is shown to the drafter', async () => {
    await page.getByLabel('Title').fill('Self-approved note');
    await page.getByLabel('To (action addressees)').selectOption(['office:EMB-MOSCOW']);
    await page.locator('#p1-text').fill('A note its writer tries to approve.');
    // Forced past the form, as a crafted request would be.
    await page.locator('#approvers').evaluate((s) => {
      s.append(new Option('wu.xiuquan', 'wu.xiuquan'));
      for (const o of s.options) o.selected = o.value === 'wu.xiuquan';
    });
    await page.getByRole('button', { name: 'Save and submit for approval' }).click();
    const alert = page.locator('.message.error[role="alert"]');
    await alert.waitFor();
    assert.match(await alert.innerText(), /submitting failed: .*wu\.xiuquan.*(wrote it|own)/);
    await signOut(page);
  }],
  ['compose sets k of n, a condition, sharing, also-informed and a reference', async () => {
    await signIn(page, 'li.wenzhong');
    await page.goto('/#/desk/compose');
    await page.getByLabel('Title').fill('Key points for the fraternal parties');
    await page.getByLabel('Precedence').selectOption('IMMEDIATE');
    await page.getByLabel('To (action addressees)').selectOption(['office:EMB-MOSCOW']);
    await page.locator('#p1-level').selectOption('TOP SECRET');
    await page.getByLabel('INTERNAL RESEARCH').first().check();
    await page.locator('#p1-text').fill('The Chairman transmits the key points of his conversation.');
    await page.getByLabel('Clearers (first, in order)').selectOption(['zhao.qing']);
    await page.getByLabel('Approvers').selectOption(['wu.xiuquan', 'zeng.yongquan']);
    await page.getByLabel('Approvals required (k of n)').fill('1');
    await page.getByLabel('Subject to the approval of (conditions)').selectOption(['pan.zili']);
    await page.getByLabel('Shared with outside parties').selectOption(['Central Committee of the fraternal party of Algeria']);
    await page.getByLabel('Other outside parties (one per line)').fill('Central Committee of the Workers\' Party of Korea');
    await page.getByLabel('How it was shared (optional)').fill('before being issued');
    await page.getByLabel('Also informed (one per line)').fill('The Chinese Ambassador to the Soviet Union Comrade Pan Zili');
    await page.getByRole('button', { name: 'Add reference' }).click();
    await page.getByLabel('Record id or serial').fill('wilson-123881');
    await page.getByLabel('As cited (optional)').fill('(63) B-Yin-692');
    await env.screenshot(page, 'desk-compose.png');
    await reviewShot('desk-compose-full.png');
    await page.getByRole('button', { name: 'Save draft', exact: true }).click();
    await page.locator('#draft-state[data-state="drafting"]').waitFor();
    draftId = decodeURIComponent(/#\/desk\/draft\/(.+)$/.exec(page.url())[1]);
    const d = await apiGet(`/api/desk/drafts/${encodeURIComponent(draftId)}`);
    assert.equal(d.spec.rule.required, 1);
    assert.deepEqual(d.spec.rule.clearers, ['zhao.qing']);
    assert.deepEqual(d.spec.conditions, ['pan.zili']);
    assert.deepEqual(d.spec.content.disseminations.map((x) => x.party),
      ['Central Committee of the fraternal party of Algeria', 'Central Committee of the Workers\' Party of Korea']);
    assert.equal(d.spec.content.disseminations[0].note, 'before being issued');
    assert.deepEqual(d.spec.content.also_informed, ['The Chinese Ambassador to the Soviet Union Comrade Pan Zili']);
    assert.deepEqual(d.spec.content.references, [{ target: 'wilson-123881', relation: 'ref', text: '(63) B-Yin-692' }]);
    const shown = await page.locator('.draft-text').innerText();
    assert.match(shown, /1 of 2 required/);
    assert.match(shown, /Subject to the approval of\s+pan\.zili/);
    await noNull();
  }],
  ['the drafter edits the draft; the edit keeps rule, condition, sharing and reference', async () => {
    await page.locator('#edit-draft').click();
    await page.getByRole('heading', { name: /Edit draft .* \(version 1\)/ }).waitFor();
    assert.equal(await page.getByLabel('Approvals required (k of n)').inputValue(), '1');
    assert.equal(await page.locator('#p1-level').inputValue(), 'TOP SECRET');
    await page.getByLabel('Title').fill('Key points of the conversation, for the fraternal parties');
    await page.locator('#p1-text').fill('The Chairman transmits the key points of his conversation of February 23.');
    await page.getByRole('button', { name: 'Save changes and submit' }).click();
    await page.locator('#draft-state[data-state="in-review"]').waitFor();
    const d = await apiGet(`/api/desk/drafts/${encodeURIComponent(draftId)}`);
    assert.equal(d.version, 2);
    assert.equal(d.title, 'Key points of the conversation, for the fraternal parties');
    assert.equal(d.spec.rule.required, 1);
    assert.deepEqual(d.spec.conditions, ['pan.zili']);
    assert.equal(d.spec.content.disseminations.length, 2);
    assert.equal(d.spec.content.references[0].target, 'wilson-123881');
    await noNull();
    await reviewShot('desk-draft-full.png');
    await signOut(page);
  }],
  ['an approver sees no Approve button and no queue entry before the clearer acts', async () => {
    await signIn(page, 'wu.xiuquan');
    await page.goto(`/#/desk/draft/${draftId}`);
    await page.locator('#draft-state[data-state="in-review"]').waitFor();
    assert.equal(await page.locator('button.approve').count(), 0);
    assert.match(await page.locator('#waiting').innerText(), /after zhao\.qing clears/);
    await page.goto('/#/desk/queue');
    await page.getByRole('heading', { name: 'Approval queue' }).waitFor();
    await page.locator('.empty, .queue').first().waitFor();
    assert.equal(await page.locator(`.card[data-draft="${draftId}"]`).count(), 0);
    await signOut(page);
  }],
  ['the clearer\'s queue says "Clear", not "Approve"', async () => {
    await signIn(page, 'zhao.qing');
    await page.goto('/#/desk/queue');
    const card = page.locator(`.card[data-draft="${draftId}"]`);
    await card.waitFor();
    assert.equal(await card.getByRole('button', { name: 'Approve' }).count(), 0);
    await env.screenshot(page, 'desk-queue.png');
    await card.getByRole('button', { name: 'Clear' }).click();
    await page.locator('.message.ok', { hasText: `Cleared ${draftId}` }).waitFor();
    // Nothing left for the clearer to do: the draft page has no actions, and no "null" for them.
    await page.goto(`/#/desk/draft/${draftId}`);
    await page.locator('#draft-state[data-state="in-review"]').waitFor();
    assert.equal(await page.locator('.draft-actions').count(), 0);
    await noNull();
    await signOut(page);
  }],
  ['after the clearance the approver approves; one of two is enough', async () => {
    await signIn(page, 'wu.xiuquan');
    await page.goto(`/#/desk/draft/${draftId}`);
    await page.locator('button.approve[data-kind="approve"]').click();
    await page.locator('#draft-state[data-state="approved"]').waitFor();
    await signOut(page);
  }],
  ['the released TOP SECRET cable has its banner on the desk page and the record page', async () => {
    await signIn(page, 'ma.lin');
    await page.goto(`/#/desk/draft/${draftId}`);
    await page.getByRole('button', { name: 'Release' }).click();
    await page.locator('#cable-serial').waitFor();
    cableId = decodeURIComponent(/#\/desk\/cable\/(.+)$/.exec(page.url())[1]);
    await page.locator('.banner').first().waitFor();
    assert.deepEqual(await page.locator('main .banner').evaluateAll((bs) => bs.map((b) => b.dataset.banner)),
      ['TOP SECRET//INTERNAL RESEARCH', 'TOP SECRET//INTERNAL RESEARCH']);
    await noNull();
    await env.screenshot(page, 'desk-cable.png');
    await reviewShot('desk-cable-full.png');
    await page.goto(`/#/record/${cableId}`);
    await page.locator('article.record').waitFor();
    assert.deepEqual(await page.locator('article.record .banner').evaluateAll((bs) => bs.map((b) => b.dataset.banner)),
      ['TOP SECRET//INTERNAL RESEARCH', 'TOP SECRET//INTERNAL RESEARCH']);
    const rows = await page.locator('dl.cable-headers').first().innerText();
    assert.match(rows, /Pending approval[\s\S]*pan\.zili|Pending approval[\s\S]*Pan Zili/);
    assert.match(rows, /Shared with[\s\S]*fraternal party of Algeria/);
    // chanceryd runs with --port 0: the permalink names the port it is reached at, not 0.
    const citation = await page.locator('#citation').innerText();
    assert.ok(citation.includes(`${env.url}/records/`), citation);
    await reviewShot('desk-record-full.png');
  }],
  ['at 360 px the inbox cards do not overlap their labels', async () => {
    await signOut(page);
    await signIn(page, 'pan.zili');
    await page.setViewportSize({ width: 1280, height: 900 });
    await page.goto('/#/desk/inbox?office=EMB-MOSCOW');
    await page.locator(`tr[data-cable="${cableId}"]`).waitFor();
    await env.screenshot(page, 'desk-inbox.png');
    await page.setViewportSize({ width: 360, height: 800 });
    await page.goto('/#/desk/inbox?office=EMB-MOSCOW');
    const row = page.locator(`tr[data-cable="${cableId}"]`);
    await row.waitFor();
    assert.deepEqual(await labelOverlaps('.inbox'), []);
    await noNull();
    await env.screenshot(page, 'desk-inbox-360.png');
    await reviewShot('desk-inbox-360-full.png');
    await row.getByRole('button', { name: /Acknowledge/ }).click();
    await page.locator(`tr[data-cable="${cableId}"]`, { hasText: 'Acknowledged by pan.zili' }).waitFor();
    assert.deepEqual(await labelOverlaps('.inbox'), []);
    await signOut(page);
  }],
  ['at 360 px the delivery report\'s cards, acknowledged, do not overlap their labels', async () => {
    await signIn(page, 'ma.lin');
    await page.goto(`/#/desk/cable/${cableId}`);
    await page.locator('.deliveries tr[data-office="EMB-MOSCOW"]', { hasText: 'pan.zili' }).waitFor();
    assert.deepEqual(await labelOverlaps('.deliveries'), []);
    await noNull();
    await env.screenshot(page, 'desk-cable-360.png');
    await reviewShot('desk-cable-360-full.png');
  }],
]);

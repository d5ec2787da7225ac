// Browser test 2 (issue 5 §5): the cable desk end to end. A drafter composes a draft with
// portion labels and an addressee group and submits it; two approvers approve from their queue;
// the releaser releases; a recipient at the Embassy in Moscow acknowledges in the inbox.
import assert from 'node:assert/strict';
import { setUp, runSteps, signIn, signOut } from './harness.mjs';

const env = await setUp('desk_workflow');
const page = await env.newPage();
let draftId = '';
let cableId = '';

async function approveAs(user) {
  await signIn(page, user);
  await page.goto('/#/desk/queue');
  const card = page.locator(`.card[data-draft="${draftId}"]`);
  await card.waitFor();
  await card.getByRole('button', { name: 'Approve' }).click();
  await page.locator('.message.ok', { hasText: `Approved ${draftId}` }).waitFor();
  await signOut(page);
}

await runSteps(env, [
  ['the drafter composes a draft whose banner follows the portion labels', async () => {
    await signIn(page, 'li.wenzhong');
    await page.goto('/#/desk/compose');
    await page.getByLabel('Title').fill('Instruction on the open letter');
    await page.getByLabel('Subject', { exact: true }).fill('Handling the open letter abroad');
    await page.getByLabel('Precedence').selectOption('IMMEDIATE');
    await page.getByLabel('To (action addressees)').selectOption(['group:ALL-EMBASSIES']);
    await page.getByLabel('Info addressees').selectOption(['office:MISSION-GENEVA']);
    await page.locator('#p1-level').selectOption('TOP SECRET');
    await page.getByLabel('INTERNAL RESEARCH').first().check();
    await page.locator('#p1-text').fill('All Party committees are to study the open letter.');
    await page.getByRole('button', { name: 'Add paragraph' }).click();
    await page.locator('#p2-level').selectOption('CONFIDENTIAL');
    await page.locator('#p2-text').fill('Replies are expected within two weeks.');
    await page.getByLabel('Approvers').selectOption(['wu.xiuquan', 'zeng.yongquan']);
    assert.equal(await page.locator('.banner-slot .banner').innerText(), 'TOP SECRET//INTERNAL RESEARCH');
  }],
  ['saving and submitting shows the draft in review with two approval steps', async () => {
    await page.getByRole('button', { name: 'Save and submit for approval' }).click();
    await page.locator('#draft-state[data-state="in-review"]').waitFor();
    draftId = decodeURIComponent(/#\/desk\/draft\/(.+)$/.exec(page.url())[1]);
    assert.equal(await page.locator('.steps tbody tr').count(), 2);
    assert.equal(await page.locator('.banner').first().getAttribute('data-banner'), 'TOP SECRET//INTERNAL RESEARCH');
    await signOut(page);
  }],
  ['the first approver approves from the queue', () => approveAs('wu.xiuquan')],
  ['the second approver approves from the queue', () => approveAs('zeng.yongquan')],
  ['the releaser releases the approved draft', async () => {
    await signIn(page, 'ma.lin');
    await page.goto(`/#/desk/draft/${draftId}`);
    await page.locator('#draft-state[data-state="approved"]').waitFor();
    await page.getByRole('button', { name: 'Release' }).click();
    await page.locator('#cable-serial').waitFor();
    cableId = decodeURIComponent(/#\/desk\/cable\/(.+)$/.exec(page.url())[1]);
    assert.ok(await page.locator('.deliveries tr[data-office="EMB-MOSCOW"]').count() === 1);
    await signOut(page);
  }],
  ['the recipient in Moscow sees the cable in the inbox and acknowledges it', async () => {
    await signIn(page, 'pan.zili');
    await page.goto('/#/desk/inbox?office=EMB-MOSCOW');
    const row = page.locator(`tr[data-cable="${cableId}"]`);
    await row.waitFor();
    assert.equal(await row.locator('.prec').innerText(), 'IMMEDIATE');
    await row.getByRole('button', { name: /Acknowledge/ }).click();
    await page.locator(`tr[data-cable="${cableId}"]`, { hasText: 'Acknowledged by pan.zili' }).waitFor();
  }],
  ['the delivery report of the releaser shows the acknowledgement', async () => {
    await signOut(page);
    await signIn(page, 'ma.lin');
    await page.goto(`/#/desk/cable/${cableId}`);
    const moscow = page.locator('.deliveries tr[data-office="EMB-MOSCOW"]');
    await moscow.waitFor();
    assert.match(await moscow.innerText(), /pan\.zili/);
  }],
]);

// Browser test 3 (issue 5 §5): a reader without clearance sees neither a TOP SECRET//NODIS
// record nor any count that reveals it. The cleared secretary's API answers prove the record
// exists and matches; the reader's page shows what a store without it would show.
import assert from 'node:assert/strict';
import { setUp, runSteps, signIn, kPassword } from './harness.mjs';

const kHidden = 'arc-2025-min-003';  // examples/cables/08-top-secret-nodis.cable
const env = await setUp('clearance');
const page = await env.newPage();

// GET as the secretary (cleared TOP SECRET//NODIS, Office of the Minister) via a session cookie.
async function asSecretary(path) {
  const login = await fetch(`${env.url}/api/session`, { method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ user: 'secretary', password: kPassword }) });
  const cookie = login.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
  return env.api(path, { headers: { Cookie: cookie } });
}

// The totals and facet counts the page shows: {total, facets: {name: {value: count}}}.
async function shownCounts(q) {
  await page.waitForFunction((query) => document.querySelector('#q')?.value === query &&
    document.querySelector('#total'), q);
  return page.evaluate(() => {
    const facets = {};
    for (const section of document.querySelectorAll('.facet')) {
      facets[section.dataset.facet] = Object.fromEntries([...section.querySelectorAll('li')].map((li) =>
        [li.querySelector('a').textContent, Number(li.querySelector('.count').dataset.count)]));
    }
    return { total: Number(document.querySelector('#total').dataset.total), facets };
  });
}

function apiCounts(data) {
  const facets = {};
  for (const [name, values] of Object.entries(data.facets || {})) {
    if (values.length) facets[name] = Object.fromEntries(values.slice(0, 12).map((v) => [v.value, v.count]));
  }
  return { total: data.total, facets };
}

const kFacets = 'decade,year,classification,precedence,from,to,collection,language,type';

// Counts of `all` less those of `part`: what a store without `part`'s records would give.
function without(all, part) {
  const facets = {};
  for (const [name, values] of Object.entries(all.facets)) {
    for (const [value, count] of Object.entries(values)) {
      const left = count - ((part.facets[name] || {})[value] || 0);
      if (left > 0) (facets[name] ||= {})[value] = left;
    }
  }
  return { total: all.total - part.total, facets };
}

await runSteps(env, [
  ['the cleared secretary finds the hidden record (so the test can fail)', async () => {
    const found = await asSecretary(`/api/search?q=Ivers&facets=${kFacets}`);
    assert.deepEqual(found.data.hits.map((hit) => hit.id), [kHidden]);
  }],
  ['the public reader gets no hit, no total and no facet for a query only it matches', async () => {
    await page.goto('/#/search?q=Ivers');
    const shown = await shownCounts('Ivers');
    assert.deepEqual(shown, { total: 0, facets: {} });
  }],
  ['the public reader sees the counts the API gives the public, lower than the cleared ones', async () => {
    await page.goto('/#/search?q=Sael');
    const shown = await shownCounts('Sael');
    const pub = await env.api(`/api/search?q=Sael&facets=${kFacets}`);
    const cleared = await asSecretary(`/api/search?q=Sael&facets=${kFacets}`);
    assert.deepEqual(shown, apiCounts(pub.data));
    assert.ok(cleared.data.total > shown.total, `cleared ${cleared.data.total} vs shown ${shown.total}`);
    assert.equal(await page.locator(`.hit[data-id="${kHidden}"]`).count(), 0);
  }],
  ['a signed-in reader cleared SECRET sees the counts of a store without the record', async () => {
    await signIn(page, 'lin.bo');
    await page.goto('/#/search?q=Oren');
    const shown = await shownCounts('Oren');
    const all = apiCounts((await asSecretary(`/api/search?q=Oren&facets=${kFacets}`)).data);
    const hidden = apiCounts((await asSecretary(`/api/search?q=Ivers&facets=${kFacets}`)).data);
    assert.ok(shown.total > 0, 'the reader should still see the CONFIDENTIAL record about Oren Tal');
    assert.deepEqual(shown, without(all, hidden));
    assert.equal(await page.locator(`.hit[data-id="${kHidden}"]`).count(), 0);
  }],
  ['its record page reads exactly like one that does not exist', async () => {
    await page.goto(`/#/record/${kHidden}`);
    const hidden = await page.locator('main .error', { hasText: kHidden }).innerText();
    await page.goto('/#/record/no-such-record');
    await page.locator('main .error', { hasText: 'no-such-record' }).waitFor();
    const missing = await page.locator('main .error').innerText();
    assert.equal(hidden.replace(kHidden, 'ID'), missing.replace('no-such-record', 'ID'));
  }],
]);

// Shared set-up of the browser tests: a fresh store made with the CLI in a temp dir (examples,
// the seed record, the desk directory, users with passwords), chanceryd on a free loopback port
// serving web/, and headless Chromium from Debian driven by playwright-core.
//
// Usage of a scenario: node <scenario>.mjs --chancery PATH --chanceryd PATH --root REPO
//   [--shared DIR] [--screenshots DIR]. Screenshots go to --screenshots (the build dir) and, when
//   CHANCERY_SCREENSHOTS=1, also to docs/screenshots/.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, copyFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

export const kChromium = '/usr/bin/chromium';
export const kPassword = 'correct horse battery staple';
const kFlags = ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync'];

// Desk users of examples/desk/directory.txt: [name, clearance, categories].
const kUsers = [
  ['li.wenzhong', 'TOP SECRET', ['INTERNAL RESEARCH']],
  ['wu.xiuquan', 'TOP SECRET', ['INTERNAL RESEARCH']],
  ['zeng.yongquan', 'TOP SECRET', ['INTERNAL RESEARCH']],
  ['zhao.qing', 'TOP SECRET', ['INTERNAL RESEARCH']],
  ['ma.lin', 'TOP SECRET', ['INTERNAL RESEARCH']],
  ['pan.zili', 'TOP SECRET', ['INTERNAL RESEARCH']],
  ['lin.bo', 'SECRET', []],
  ['secretary', 'TOP SECRET', ['INTERNAL RESEARCH', 'NOFORN', 'NODIS', 'EYES ONLY', 'EXDIS']],
];
export const kSeedId = 'wilson-123881';

export function fail(message) {
  console.error(`FAIL: ${message}`);
  process.exit(1);
}

function args() {
  const { values } = parseArgs({ options: {
    chancery: { type: 'string' }, chanceryd: { type: 'string' }, root: { type: 'string' },
    shared: { type: 'string' }, screenshots: { type: 'string' } } });
  for (const key of ['chancery', 'chanceryd', 'root']) {
    if (!values[key]) fail(`missing --${key}`);
  }
  values.shared = values.shared || join(values.root, '..', 'shared');
  return values;
}

function run(bin, argv, env, input) {
  const r = spawnSync(bin, argv, { env, input, encoding: 'utf8' });
  if (r.status !== 0) {
    fail(`${bin} ${argv.join(' ')} exited ${r.status}: ${r.stderr || r.stdout || r.error}`);
  }
  return r.stdout;
}

// Creates the store at <dir>/chancery.db like scripts/demo does.
function makeStore(opts, dir) {
  const db = join(dir, 'chancery.db');
  const env = { ...process.env, CHANCERY_DB: db };
  const cli = (...argv) => run(opts.chancery, argv, env);
  const seed = join(opts.shared, 'seed', '000_68b43146905a32b5.txt');
  if (!existsSync(seed)) fail(`the seed record ${seed} is missing (shared/ must be beside the repository)`);
  cli('init');
  cli('import', '--quiet', join(opts.root, 'examples', 'cables'), join(opts.root, 'examples', 'archive'), seed);
  for (const [name, level, categories] of kUsers) {
    cli('user', 'add', name, '--clearance', level, ...categories.flatMap((c) => ['--category', c]),
      ...(name === 'secretary' ? ['--group', 'ARCADIA', '--office', 'Office of the Minister'] : ['--group', 'PRC']));
  }
  cli('desk', 'directory', 'load', join(opts.root, 'examples', 'desk', 'directory.txt'));
  for (const [name] of kUsers) run(opts.chanceryd, ['--db', db, '--set-password', name], env, `${kPassword}\n`);
  return db;
}

function startServer(opts, db) {
  return new Promise((resolve) => {
    const child = spawn(opts.chanceryd, ['--db', db, '--port', '0', '--web-root', join(opts.root, 'web'),
      '--access-log', '-', '--threads', '32'], { stdio: ['ignore', 'ignore', 'pipe'] });
    let err = '';
    const timer = setTimeout(() => fail(`chanceryd did not start in 15 s: ${err}`), 15000);
    child.stderr.on('data', (chunk) => {
      err += chunk;
      const m = /listening on (http:\/\/[^\s]+)/.exec(err);
      if (m) {
        clearTimeout(timer);
        resolve({ child, url: m[1].replace('//0.0.0.0', '//127.0.0.1') });
      }
    });
    child.on('exit', (code) => fail(`chanceryd exited ${code} before it was stopped: ${err}`));
  });
}

// Sets everything up and returns {url, browser, newPage(), api(), screenshot(), done()}.
export async function setUp(name) {
  const started = Date.now();
  const opts = args();
  if (!existsSync(kChromium)) {
    fail(`${kChromium} is missing: the browser tests need Debian's chromium (scripts/bootstrap installs it)`);
  }
  let playwright;
  try {
    playwright = await import('playwright-core');
  } catch (err) {
    fail(`playwright-core is not installed (run npm ci in ${opts.root}): ${err.message}`);
  }
  const dir = mkdtempSync(join(tmpdir(), `chancery-browser-${name}-`));
  const db = makeStore(opts, dir);
  const server = await startServer(opts, db);
  const browser = await playwright.chromium.launch({ executablePath: kChromium, args: kFlags, headless: true });
  console.log(`${name}: store and server ready in ${Date.now() - started} ms at ${server.url}`);
  const env = {
    url: server.url,
    browser,
    // Runs the chancery CLI on the test's store (the server has it open too; SQLite allows it).
    cli(...argv) {
      return run(opts.chancery, argv, { ...process.env, CHANCERY_DB: db });
    },
    // Adds a user (`chancery user add NAME ...argv`) with the tests' password, beside the
    // running server (it resolves users and passwords per request).
    addUser(name, ...argv) {
      const e = { ...process.env, CHANCERY_DB: db };
      run(opts.chancery, ['user', 'add', name, ...argv], e);
      run(opts.chanceryd, ['--db', db, '--set-password', name], e, `${kPassword}\n`);
    },
    async newPage(viewport = { width: 1280, height: 900 }) {
      const context = await browser.newContext({ viewport, baseURL: server.url,
        permissions: ['clipboard-read', 'clipboard-write'] });
      const page = await context.newPage();
      page.on('pageerror', (err) => fail(`page error: ${err.message}`));
      page.on('console', (msg) => {
        if (msg.type() === 'error' && !msg.text().startsWith('Failed to load resource')) {
          console.log(`  (console: ${msg.text()})`);
        }
      });
      page.on('response', (res) => {
        if (res.status() >= 400) console.log(`  (${res.status()} ${res.request().method()} ${res.url().replace(server.url, '')})`);
      });
      return page;
    },
    // A request from node (no cookies: the public reader) or with a bearer token.
    async api(path, init = {}) {
      const res = await fetch(server.url + path, init);
      const text = await res.text();
      let data = text;
      try { data = JSON.parse(text); } catch { /* text */ }
      return { status: res.status, data };
    },
    async screenshot(page, file) {
      if (!opts.screenshots) return;
      mkdirSync(opts.screenshots, { recursive: true });
      const out = join(opts.screenshots, file);
      await page.evaluate(() => { document.activeElement?.blur(); window.scrollTo(0, 0); });
      await page.screenshot({ path: out, fullPage: false });
      if (process.env.CHANCERY_SCREENSHOTS === '1') {
        const docs = join(opts.root, 'docs', 'screenshots');
        mkdirSync(docs, { recursive: true });
        copyFileSync(out, join(docs, file));
      }
    },
    async done() {
      await browser.close();
      server.child.removeAllListeners('exit');
      server.child.kill('SIGTERM');
      await new Promise((r) => server.child.on('exit', r));
      rmSync(dir, { recursive: true, force: true });
      console.log(`${name}: finished in ${Date.now() - started} ms`);
    },
  };
  return env;
}

// Signs in through the UI's sign-in form.
export async function signIn(page, user) {
  await page.goto('/#/signin');
  await page.getByLabel('User name').fill(user);
  await page.getByLabel('Password').fill(kPassword);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('.who', { hasText: user }).waitFor();
}

export async function signOut(page) {
  await page.getByRole('button', { name: 'Sign out' }).click();
  // The header's link (a page may offer its own "Sign in", e.g. to save a search).
  await page.locator('a[data-nav="signin"]').waitFor();
}

// Runs the named steps in order; reports "N passed, N failed" and exits non-zero on a failure.
export async function runSteps(env, steps) {
  let passed = 0;
  let failed = 0;
  for (const [title, step] of steps) {
    const t0 = Date.now();
    try {
      await step();
      passed += 1;
      console.log(`ok - ${title} (${Date.now() - t0} ms)`);
    } catch (err) {
      failed += 1;
      console.log(`not ok - ${title}\n${err.stack || err}`);
      break;
    }
  }
  await env.done();
  console.log(`${passed} passed, ${failed} failed`);
  process.exit(failed ? 1 : 0);
}

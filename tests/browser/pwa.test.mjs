// Offline use as an installed PWA, embedding in a bureau's page with a config, a sub-path, the CSP, and updates.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdtemp, writeFile, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dist, serve, launch, ready, openFiles, checked } from './harness.mjs';

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

/** A copy of the built app, so a test can add a config or change files without touching dist/. */
async function copyOfApp() {
  const dir = await mkdtemp(join(tmpdir(), 'zicha-app-'));
  await cp(dist, dir, { recursive: true });
  return dir;
}

/** Records CSP violations from the first script on. */
async function watchCsp(context) {
  await context.addInitScript(() => {
    window.__csp = [];
    document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(`${e.violatedDirective} ${e.blockedURI}`));
  });
}

async function controlled(page) {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
    if (!navigator.serviceWorker.controller) {
      await new Promise((resolve) => navigator.serviceWorker.addEventListener('controllerchange', resolve, { once: true }));
    }
  });
}

test('after one visit the app loads and checks with the network off', async () => {
  const server = await serve();
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  await watchCsp(context);
  const page = await context.newPage();
  await page.goto(server.url);
  await ready(page);
  await controlled(page);
  // Installable: Chromium finds no reason not to offer installation, but that the test runs in a throwaway
  // (incognito-like) profile.
  const cdp = await context.newCDPSession(page);
  const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
  assert.deepEqual(installabilityErrors.map((e) => e.errorId).filter((id) => id !== 'in-incognito'), []);
  await context.setOffline(true);
  await page.reload();
  await ready(page);
  await openFiles(page, ['seed-word.docx']);
  await checked(page);
  assert.match(await page.textContent('.counts'), /强制\s*2/);
  assert.deepEqual(await page.evaluate(() => window.__csp), [], 'no CSP violation');
  await context.close();
  server.close();
});

test('embedded in a bureau page on another origin, with its config', async () => {
  const dir = await copyOfApp();
  await writeFile(
    join(dir, 'zicha-config.json'),
    JSON.stringify({ bureau_name: '测试市财政局', default_profile: 'central', profiles: ['central', 'hunan'], compact: true, allow_profile_file: false }),
  );
  const app = await serve(dir);
  const bureauDir = await mkdtemp(join(tmpdir(), 'zicha-bureau-'));
  await writeFile(
    join(bureauDir, 'index.html'),
    `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>测试市财政局</title></head><body><h1>绩效自评自查</h1><iframe title="自查" src="${app.url}" style="width:720px;height:900px;border:0"></iframe></body></html>`,
  );
  const bureau = await serve(bureauDir);
  const context = await browser.newContext({ viewport: { width: 1000, height: 1000 } });
  await watchCsp(context);
  const requests = [];
  context.on('request', (r) => requests.push(r.url()));
  const page = await context.newPage();
  await page.goto(bureau.url);
  const frame = page.frameLocator('iframe');
  await frame.locator('.bureau').waitFor();
  assert.equal(await frame.locator('.bureau').textContent(), '测试市财政局');
  assert.ok(await frame.locator('.app.compact').count());
  const options = await frame.locator('.profile option').allTextContents();
  assert.equal(options.length, 2, options.join(' | '));
  await frame.locator('[data-testid=file-input]').setInputFiles(join(dist, 'sample', 'seed-word.docx'));
  await frame.locator('.scorecard').waitFor({ timeout: 60000 });
  assert.match(await frame.locator('.scorecard .files').textContent(), /中央部门/);
  // Under the central profile the seed's first-level weights differ from what the profile expects.
  assert.ok(await frame.locator('.item-button[data-code="A004"]').count());
  const foreign = requests.filter((u) => !u.startsWith(app.origin + '/') && !u.startsWith(bureau.origin + '/'));
  assert.deepEqual(foreign, []);
  const innerFrame = page.frames().find((f) => f.url().startsWith(app.url));
  assert.deepEqual(await innerFrame.evaluate(() => window.__csp), []);
  await context.close();
  app.close();
  bureau.close();
});

test('a config that points elsewhere is refused with a message', async () => {
  const dir = await copyOfApp();
  await writeFile(join(dir, 'zicha-config.json'), JSON.stringify({ profiles: ['https://example.org/p.json'] }));
  const server = await serve(dir);
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(server.url);
  await page.waitForSelector('.status.failed');
  assert.match(await page.textContent('.status.failed'), /必须是应用目录内的相对路径/);
  await context.close();
  server.close();
});

test('the app works under a sub-path', async () => {
  const server = await serve(dist, '/tools/zicha/');
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  const page = await context.newPage();
  await page.goto(server.url);
  await ready(page);
  await controlled(page);
  const scope = await page.evaluate(async () => (await navigator.serviceWorker.ready).scope);
  assert.equal(scope, server.url);
  await openFiles(page, ['seed-word.docx']);
  await checked(page);
  assert.match(await page.textContent('.counts'), /强制\s*2/);
  assert.ok(server.requests.every((u) => u.startsWith('/tools/zicha/')), server.requests.join(' '));
  await context.close();
  server.close();
});

test('a new build replaces the old one and the page offers to reload', async () => {
  const dir = await copyOfApp();
  const server = await serve(dir);
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(server.url);
  await ready(page);
  await controlled(page);
  const oldCaches = await page.evaluate(() => caches.keys());
  // "Deploy" a new build: the service worker's version changes.
  const sw = await readFile(join(dir, 'sw.js'), 'utf8');
  await writeFile(join(dir, 'sw.js'), sw.replace(/const VERSION = '([0-9a-f]+)'/, "const VERSION = 'ffffffffffffffff'"));
  await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).update());
  await page.locator('.update button').waitFor({ timeout: 30000 });
  await Promise.all([page.waitForEvent('load'), page.click('.update button')]);
  await ready(page);
  const newCaches = await page.evaluate(() => caches.keys());
  assert.ok(newCaches.includes('zicha-ffffffffffffffff'), newCaches.join(' '));
  assert.ok(oldCaches.every((c) => !c.startsWith('zicha-') || c === 'zicha-runtime' || !newCaches.includes(c)), `${oldCaches} → ${newCaches}`);
  await context.close();
  server.close();
});

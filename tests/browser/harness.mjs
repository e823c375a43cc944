// Shared by the browser tests and the screenshot script: a static server for the built app (any static server
// will do; this one records what was requested), and Debian's Chromium driven by playwright-core.
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, dirname, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const dist = join(root, 'dist');
export const fixtures = join(root, 'fixtures');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

/** Serves `dir` under `prefix` (e.g. "/" or "/zicha/") on a free localhost port; `edits` maps a file's path in
 * `dir` to a function of its text giving the text served instead (a test's hook, in place before the page runs). */
export async function serve(dir = dist, prefix = '/', edits = {}) {
  const requests = [];
  const server = createServer(async (req, res) => {
    requests.push(req.url);
    let path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (!path.startsWith(prefix)) {
      res.writeHead(404).end();
      return;
    }
    path = path.slice(prefix.length) || 'index.html';
    const file = normalize(join(dir, path));
    if (!file.startsWith(dir)) {
      res.writeHead(403).end();
      return;
    }
    try {
      const info = await stat(file);
      const target = info.isDirectory() ? join(file, 'index.html') : file;
      const edit = edits[relative(dir, target)];
      const body = edit ? edit(await readFile(target, 'utf8')) : await readFile(target);
      res.writeHead(200, { 'content-type': TYPES[extname(target)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  const close = () => {
    server.closeAllConnections();
    server.close();
  };
  return { url: `http://127.0.0.1:${port}${prefix}`, origin: `http://127.0.0.1:${port}`, requests, close };
}

/** Debian's Chromium, headless, with the flags this closed network needs. */
export async function launch() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    // playwright gives every launch a fresh, empty profile of its own.
  });
}

/** A fresh page at 1366×768 with the app loaded and its worker ready; `beforeLoad(context)` runs first. */
export async function openApp(browser, url, beforeLoad) {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, acceptDownloads: true, locale: 'zh-CN' });
  await beforeLoad?.(context);
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto(url);
  await ready(page);
  return { context, page, errors };
}

/** The worker has started when the profile choices arrive from it. */
export async function ready(page) {
  await page.waitForSelector('select option[value="hunan"]', { state: 'attached', timeout: 30000 });
  // The page renders the worker's warm-up result out of sight for a few frames after start (app.rs
  // `Ui::warm_up`): tests begin once it is gone, so no selector finds its copy of the results.
  await page.waitForSelector('html[data-warmed]', { state: 'attached', timeout: 30000 });
}

/** Opens files through the file picker. */
export async function openFiles(page, names) {
  await page.setInputFiles('[data-testid=file-input]', names.map((n) => join(fixtures, n)));
}

/** Waits for a check to finish (the score card appears) or fail (an alert appears). */
export async function checked(page) {
  await page.waitForSelector('.scorecard, .status.failed', { timeout: 60000 });
  // Finding groups below the first screenful come a frame after the first ones: wait for them all.
  if (await page.$('.scorecard')) await page.waitForSelector('.findings .groups-end, .findings .empty', { state: 'attached' });
}

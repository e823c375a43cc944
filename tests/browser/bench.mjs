// The browser benchmark (scripts/bench-browser.sh runs it after building): in headless Chromium, the real
// release build, the check running in its worker. For the seed and a 100-project filing it measures the time
// from the file's bytes to the findings rendered in the page, and, in the same page, the time SheetJS (npm
// `xlsx`, what a web developer would reach for) takes only to parse the same workbook.
//
// node bench.mjs SYNTHETIC_100.xlsx [OUT.json]; DIST=folder serves another build than dist/ (two builds compared in
// turns: run it on each, one after the other, several times).
import { readFile, writeFile } from 'node:fs/promises';
import { join, basename } from 'node:path';
import { serve, launch, ready, fixtures, root } from './harness.mjs';

const ROUNDS = Number(process.env.ROUNDS ?? 15);
const [synthetic = join(root, 'target', 'bench', 'synthetic-100.xlsx'), out] = process.argv.slice(2);
const workbooks = [
  { label: 'seed, xlsx (all forms on one sheet)', path: join(fixtures, 'seed-all-forms-one-sheet.xlsx') },
  { label: 'synthetic, 100 projects', path: synthetic },
];

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** What the renderer did from the start of a check until its findings were painted, from a Chrome trace. */
function summariseTrace(trace, paintedMs) {
  const events = trace.traceEvents ?? trace;
  const start = events.find((e) => e.name === 'zicha-check-start');
  if (!start) return 'trace: no check start mark';
  const end = start.ts + paintedMs * 1000;
  const main = start.tid;
  const sum = (pick) => events.filter((e) => e.ph === 'X' && e.ts >= start.ts && e.ts < end && pick(e)).reduce((ms, e) => ms + e.dur / 1000, 0);
  const onMain = (name) => sum((e) => e.tid === main && e.name === name).toFixed(1);
  const raster = sum((e) => e.name === 'RasterTask').toFixed(1);
  return `trace of the first check, until its findings were painted: style ${onMain('UpdateLayoutTree')} ms, layout ${onMain('Layout')} ms, paint ${onMain('Paint')} ms on the page's thread; rasterisation ${raster} ms`;
}

const server = await serve(process.env.DIST ?? undefined);
const browser = await launch();
try {
  // SheetJS is put into the page as an inline script: the app's CSP would refuse it, so this page bypasses CSP.
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 }, bypassCSP: true });
  const page = await context.newPage();
  // Notes when the check worker's last answer arrived, to split the time into worker and page.
  await page.addInitScript(() => {
    const Original = window.Worker;
    window.Worker = function (...args) {
      const worker = new Original(...args);
      worker.addEventListener('message', () => (window.__answered = performance.now()));
      return worker;
    };
  });
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  const loadStarted = Date.now();
  await page.goto(server.url);
  await ready(page);
  const loadMs = Date.now() - loadStarted;
  await page.addScriptTag({ content: await readFile(join(root, 'tests/browser/node_modules/xlsx/dist/xlsx.full.min.js'), 'utf8') });
  await page.evaluate(() => {
    window.__bytes = {};
    // Hands a file to the app as the file picker would, and resolves with the milliseconds until the findings
    // of that file are in the page.
    // Paint times (Element Timing) of a marker put beside the score card's list of files as soon as a check's
    // result is in the page: when the result is on screen. Score card, counts and findings come in one update.
    window.__painted = [];
    new PerformanceObserver((list) => window.__painted.push(...list.getEntries())).observe({ type: 'element', buffered: true });
    window.__zichaCheck = (key, name) =>
      new Promise((resolve, reject) => {
        const input = document.querySelector('[data-testid=file-input]');
        const files = new DataTransfer();
        files.items.add(new File([window.__bytes[key]], name));
        const findingsShown = () =>
          document.querySelector('.scorecard .files')?.textContent.includes(name) &&
          document.querySelector('.findings .groups') &&
          !document.querySelector('.status.working');
        const timer = setTimeout(() => reject(new Error(`${name}: no findings within 60 s`)), 60000);
        const time = {};
        const finish = () => {
          const paint = window.__painted.find((e) => e.identifier === 'zicha-result' && e.renderTime > started);
          if (!paint) return setTimeout(finish, 5);
          clearTimeout(timer);
          resolve({ ...time, findingsPainted: paint.renderTime - started });
        };
        const watcher = new MutationObserver(() => {
          if (time.findingsDom === undefined && findingsShown()) {
            time.worker = window.__answered - started;
            time.findingsDom = performance.now() - started;
            // A marker added in the same update, before its first paint: Element Timing reports when that frame
            // is painted. (The page reuses its elements from one check to the next, so they are not new.)
            // (Element Timing times text by its block, so the marker is a block of its own.)
            const marker = document.createElement('div');
            marker.setAttribute('elementtiming', 'zicha-result');
            marker.textContent = '✓';
            document.querySelector('.scorecard').append(marker);
          }
          if (time.findingsDom !== undefined && document.querySelector('table.grid')) {
            watcher.disconnect();
            time.sheetDom = performance.now() - started;
            // The sheet is painted by the end of the next frame: a task queued from its animation frame callback
            // runs after that frame's style, layout and paint.
            requestAnimationFrame(() =>
              setTimeout(() => {
                time.sheetPainted = performance.now() - started;
                finish();
              }),
            );
          }
        });
        watcher.observe(document.body, { subtree: true, childList: true, characterData: true });
        performance.mark('zicha-check-start');
        const started = performance.now();
        input.files = files.files;
        input.dispatchEvent(new Event('change', { bubbles: true }));
      });
    window.__sheetjsParse = (key) => {
      const started = performance.now();
      const workbook = XLSX.read(window.__bytes[key], { type: 'array' });
      const ms = performance.now() - started;
      if (!workbook.SheetNames.length) throw new Error('SheetJS read no sheet');
      return ms;
    };
  });
  for (const [key, w] of workbooks.entries()) {
    const bytes = await readFile(w.path);
    w.bytes = bytes.length;
    await page.evaluate(([k, b64]) => (window.__bytes[k] = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))), [key, bytes.toString('base64')]);
  }

  const results = workbooks.map((w) => ({ label: w.label, file: basename(w.path), bytes: w.bytes, runs: [], sheetjs: [] }));
  // The very first check after load (the worker is up but has checked nothing yet) is reported on its own,
  // started as a user would: a moment (FIRST_DELAY_MS, default 2 s) after the page has loaded.
  await page.waitForTimeout(Number(process.env.FIRST_DELAY_MS ?? 2000));
  // TRACE_FIRST=file.json: a Chrome trace of the first check, summarised below (where its time goes).
  const trace = process.env.TRACE_FIRST;
  if (trace) await browser.startTracing(page, { path: trace, categories: ['devtools.timeline', 'disabled-by-default-devtools.timeline', 'blink.user_timing'] });
  const first = await page.evaluate(() => window.__zichaCheck(0, 'first-0.xlsx'));
  if (trace) {
    await page.waitForTimeout(300);
    await browser.stopTracing();
    console.log(summariseTrace(JSON.parse(await readFile(trace, 'utf8')), first.findingsPainted));
  }
  // Each filing checked ROUNDS times in a row (each check replaces the previous one of the same filing), then
  // SheetJS, so its garbage does not land in zicha's timings.
  for (const [key, r] of results.entries()) {
    for (let round = 0; round < ROUNDS; round++) {
      r.runs.push(await page.evaluate(([k, n]) => window.__zichaCheck(k, n), [key, `run-${round}-${key}.xlsx`]));
    }
  }
  for (const [key, r] of results.entries()) {
    for (let round = 0; round < ROUNDS; round++) r.sheetjs.push(await page.evaluate((k) => window.__sheetjsParse(k), key));
  }
  if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);

  const version = await page.evaluate(() => XLSX.version);
  const browserVersion = browser.version();
  console.log(`Chromium ${browserVersion}, SheetJS ${version}, ${ROUNDS} rounds, medians; page load to worker ready: ${loadMs} ms`);
  const fmt = (ms) => `${ms.toFixed(1)} ms`;
  console.log(`first check, ${process.env.FIRST_DELAY_MS ?? 2000} ms after load (seed): worker answered after ${fmt(first.worker)}, findings in the DOM after ${fmt(first.findingsDom)}, painted after ${fmt(first.findingsPainted)}, sheet painted after ${fmt(first.sheetPainted)}\n`);
  console.log('| filing | bytes | worker answered | findings in the DOM | findings painted | sheet painted | SheetJS: parse only | ratio (findings painted / SheetJS) |');
  console.log('|---|---|---|---|---|---|---|---|');
  for (const r of results) {
    for (const k of ['worker', 'findingsDom', 'findingsPainted', 'sheetDom', 'sheetPainted']) r[k] = median(r.runs.map((x) => x[k]));
    r.sheetjsMedian = median(r.sheetjs);
    const ratio = r.findingsPainted / r.sheetjsMedian;
    console.log(`| ${r.label} | ${r.bytes} | ${fmt(r.worker)} | ${fmt(r.findingsDom)} | ${fmt(r.findingsPainted)} | ${fmt(r.sheetPainted)} | ${fmt(r.sheetjsMedian)} | ${ratio.toFixed(2)}× |`);
  }
  if (out) {
    await writeFile(out, JSON.stringify({ chromium: browserVersion, sheetjs: version, rounds: ROUNDS, loadMs, first, results }, null, 1));
  }
} finally {
  await browser.close();
  server.close();
}

// The browser benchmark (scripts/bench-browser.sh runs it after building): in headless Chromium, the real
// release build, the check running in its worker. For the seed and a 100-project filing it measures the time
// from the file's bytes to the findings rendered in the page, and, in the same page, the time SheetJS (npm
// `xlsx`, what a web developer would reach for) takes only to parse the same workbook.
//
// node bench.mjs SYNTHETIC_100.xlsx [OUT.json]
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

const server = await serve();
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
    window.__zichaCheck = (key, name) =>
      new Promise((resolve, reject) => {
        const input = document.querySelector('[data-testid=file-input]');
        const files = new DataTransfer();
        files.items.add(new File([window.__bytes[key]], name));
        const done = () =>
          document.querySelector('.scorecard .files')?.textContent.includes(name) &&
          document.querySelector('.findings .groups') &&
          !document.querySelector('.status.working');
        const timer = setTimeout(() => reject(new Error(`${name}: no findings within 60 s`)), 60000);
        const watcher = new MutationObserver(() => {
          if (done()) {
            watcher.disconnect();
            clearTimeout(timer);
            const answered = window.__answered;
            const inDom = performance.now();
            // Until the frame that shows them is painted: a task queued from the next animation frame runs
            // after that frame's style, layout and paint.
            requestAnimationFrame(() =>
              setTimeout(() => resolve({ total: performance.now() - started, dom: inDom - started, worker: answered - started })),
            );
          }
        });
        watcher.observe(document.body, { subtree: true, childList: true, characterData: true });
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

  const results = workbooks.map((w) => ({ label: w.label, file: basename(w.path), bytes: w.bytes, zicha: [], dom: [], worker: [], sheetjs: [] }));
  // The very first check after load (the worker is up but has checked nothing yet) is reported on its own.
  const first = await page.evaluate(() => window.__zichaCheck(0, 'first-0.xlsx'));
  for (let round = 0; round < ROUNDS; round++) {
    for (const [key, r] of results.entries()) {
      const time = await page.evaluate(([k, n]) => window.__zichaCheck(k, n), [key, `run-${round}-${key}.xlsx`]);
      r.zicha.push(time.total);
      r.dom.push(time.dom);
      r.worker.push(time.worker);
      r.sheetjs.push(await page.evaluate((k) => window.__sheetjsParse(k), key));
    }
  }
  if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);

  const version = await page.evaluate(() => XLSX.version);
  const browserVersion = browser.version();
  console.log(`Chromium ${browserVersion}, SheetJS ${version}, ${ROUNDS} rounds, medians; page load to worker ready: ${loadMs} ms`);
  console.log(`first check after load (seed): ${first.total.toFixed(1)} ms (worker answered after ${first.worker.toFixed(1)} ms, in the DOM after ${first.dom.toFixed(1)} ms)\n`);
  console.log('| filing | bytes | zicha: bytes → findings painted | worker answered | findings in the DOM | SheetJS: parse only | ratio |');
  console.log('|---|---|---|---|---|---|---|');
  for (const r of results) {
    r.zichaMedian = median(r.zicha);
    r.workerMedian = median(r.worker);
    r.domMedian = median(r.dom);
    r.sheetjsMedian = median(r.sheetjs);
    const ratio = r.zichaMedian / r.sheetjsMedian;
    console.log(`| ${r.label} | ${r.bytes} | ${r.zichaMedian.toFixed(1)} ms | ${r.workerMedian.toFixed(1)} ms | ${r.domMedian.toFixed(1)} ms | ${r.sheetjsMedian.toFixed(1)} ms | ${ratio.toFixed(2)}× |`);
  }
  if (out) {
    await writeFile(out, JSON.stringify({ chromium: browserVersion, sheetjs: version, rounds: ROUNDS, loadMs, first, results }, null, 1));
  }
} finally {
  await browser.close();
  server.close();
}

// The batch benchmark (scripts/bench-batch.sh): a folder of generated filings opened as a batch in headless
// Chromium; the wall time from choosing the folder to the frame that draws the batch done (taken on the page), and
// in runs of their own (sampling slows a batch by a tenth to a fifth on two cores) the peak memory, sampled every 100 ms: the
// page's renderer process's private memory (the page and its workers live there: what Chrome's task manager
// calls its memory footprint, and the budget's measure), its RSS (which also counts the browser's code pages it
// shares with every other Chromium process), and every Chromium process's RSS summed (an upper bound).
// It runs in fresh browsers: the folder given to the page at once, and chosen through the folder picker DIALOG_MS
// (2000) after the click, the way a reviewer opens one (the page warms the batch's workers up while the dialog is
// open); then a reviewer's second and third visits (three batches through the picker in one browser, the page
// loaded again before each: Chromium's code cache keeps what it compiled on the visits before). Then the same
// filings as one zip (FOLDER.zip, deflated, written here), chosen through 打开压缩包 the same way, fresh and on
// later visits. The memory is sampled in one more fresh run through each picker.
// node bench-batch.mjs FOLDER [OUT.json]   (ZICHA_DIST=DIR serves another build than dist/; BATCH_AS=zip or
// folder measures that alone; ZIP_PAD_MB=65 adds a stored scan of that size to the zip, past the 64 MB a reader
// holds, so that its files are read from the disk one by one)
import { execFileSync } from 'node:child_process';
import { writeFileSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { serve, launch, openApp, ready } from './harness.mjs';
import { zip } from './zip.mjs';

const [folder, out] = process.argv.slice(2);
const filings = readdirSync(folder).length;
/** What the batch's progress says once every filing is checked. */
const DONE_TEXT = `已检查 ${filings} / ${filings} 份`;

/** The folder as one zip, its names as the folder picker gives the paths (`batch-500/001/表.xlsx`), deflated. */
function zipOf(dir) {
  const entries = {};
  const walk = (path, name) => {
    if (statSync(path).isDirectory()) for (const child of readdirSync(path).sort()) walk(join(path, child), `${name}/${child}`);
    else entries[name] = readFileSync(path);
  };
  walk(dir, basename(dir));
  const pad = Number(process.env.ZIP_PAD_MB ?? 0);
  if (pad > 0) entries[`${basename(dir)}/扫描件.pdf`] = Buffer.alloc(pad * 1024 * 1024, 0x25);
  const archive = `${dir.replace(/\/$/, '')}${pad > 0 ? `-pad${pad}` : ''}.zip`;
  writeFileSync(archive, zip(entries, { deflate: true, stored: (name) => name.endsWith('.pdf') }));
  return archive;
}

/** A process's private memory in MB (pages no other process maps, resident or swapped), from its smaps_rollup. */
function privateMegabytes(pid) {
  const rollup = readFileSync(`/proc/${pid}/smaps_rollup`, 'utf8');
  const kb = (field) => Number(rollup.match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'))?.[1] ?? 0);
  return (kb('Private_Clean') + kb('Private_Dirty') + kb('Swap')) / 1024;
}

/** In MB: the renderer processes' RSS and private memory, and every Chromium process's RSS, summed. */
function chromiumMegabytes() {
  const lines = execFileSync('ps', ['-C', 'chromium', '-o', 'pid=,rss=,args='], { encoding: 'utf8' }).trim().split('\n');
  let renderer = 0;
  let rendererPrivate = 0;
  let all = 0;
  for (const line of lines) {
    const [pid, rss, ...args] = line.trim().split(/\s+/);
    all += Number(rss) / 1024;
    if (args.join(' ').includes('--type=renderer')) {
      renderer += Number(rss) / 1024;
      try { rendererPrivate += privateMegabytes(pid); } catch {}
    }
  }
  return { renderer, rendererPrivate, all };
}

/** How the batch is given: the folder or the zip, and its picker's button. */
const FOLDER = { input: 'folder-input', button: 'open-folder', chosen: () => folder };
let archive;
const ZIP = { input: 'zip-input', button: 'open-zip', chosen: () => (archive ??= zipOf(folder)) };

/**
 * One batch on the app's page: `picker` false gives the folder or zip to the page at once (nothing is warm); true
 * goes through its button (打开文件夹, 打开压缩包), as a reviewer does, and chooses it `dialogMs` after the click
 * (the page starts and warms the batch's workers meanwhile). The clock starts when the folder or zip is given.
 */
async function batch(page, given, picker, dialogMs, sampleMs) {
  const idle = chromiumMegabytes();
  const peak = { ...idle };
  // A sample takes this script 20–30 ms of a core (`ps`, the kernel's walk of the renderer's mappings), taken
  // from the browser's two: it slows a batch by a tenth to a fifth, so the times are measured without it (`sampleMs` 0).
  const sampler = sampleMs > 0 && setInterval(() => {
    try {
      const now = chromiumMegabytes();
      peak.renderer = Math.max(peak.renderer, now.renderer);
      peak.rendererPrivate = Math.max(peak.rendererPrivate, now.rendererPrivate);
      peak.all = Math.max(peak.all, now.all);
    } catch {}
  }, sampleMs);
  const workers = await page.evaluate(() => Math.min(navigator.hardwareConcurrency, 4));
  // The end is taken on the page, in the frame that first draws the batch done: Playwright's waiting polls
  // every half second once a wait is long, which would add up to that to the time.
  await page.evaluate((text) => {
    const observer = new MutationObserver(() => {
      if (!document.querySelector('[data-testid=batch-progress]')?.textContent.includes(text)) return;
      observer.disconnect();
      requestAnimationFrame(() => { window.zichaBenchShown = performance.timeOrigin + performance.now(); });
    });
    observer.observe(document.body, { subtree: true, childList: true, characterData: true });
  }, DONE_TEXT);
  // Before the clock starts: the zip is written on its first use.
  const chosen = given.chosen();
  let started;
  if (picker) {
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.click(`[data-testid=${given.button}]`)]);
    await page.waitForTimeout(dialogMs);
    started = Date.now();
    await chooser.setFiles(chosen);
  } else {
    started = Date.now();
    await page.setInputFiles(`[data-testid=${given.input}]`, chosen);
  }
  await page.waitForFunction(() => window.zichaBenchShown, null, { polling: 250, timeout: 1800000 });
  clearInterval(sampler);
  const seconds = Math.round((await page.evaluate(() => window.zichaBenchShown)) - started) / 1000;
  // From the files grouped into filings to the last line (the page's own marks): the checking alone, without
  // the folder's listing by the browser or the loading of the batch module (the workers' start is in it). And
  // from the folder or zip given to the batch module, to a zip read, and to the checking's start (on this
  // script's clock, which is the page's: the same machine).
  const marks = await page.evaluate(() => {
    const at = (name) => performance.timeOrigin + (performance.getEntriesByName(name)[0]?.startTime ?? NaN);
    return { start: at('zicha-batch-start'), done: at('zicha-batch-done'), given: at('zicha-zip-given'), read: at('zicha-zip-read') };
  });
  const round = (ms) => (Number.isFinite(ms) ? Math.round(ms / 10) / 100 : undefined);
  const checking = (marks.done - marks.start) / 1000;
  const before_checking = { to_module_seconds: round(marks.given - started), to_read_seconds: round(marks.read - started), to_start_seconds: round(marks.start - started) };
  const rows = await page.$$eval('[data-testid=batch-table] tbody tr', (r) => r.length);
  const times = { filings, rows, workers, seconds, checking_seconds: Math.round(checking * 100) / 100, ...before_checking };
  if (!sampler) return times;
  return {
    ...times,
    renderer_private_idle_mb: Math.round(idle.rendererPrivate), renderer_private_peak_mb: Math.round(peak.rendererPrivate),
    renderer_idle_mb: Math.round(idle.renderer), renderer_peak_mb: Math.round(peak.renderer),
    all_idle_mb: Math.round(idle.all), all_peak_mb: Math.round(peak.all),
  };
}

/** `visits` batches in one fresh browser, the page loaded again before each after the first. */
async function inFreshBrowser(visits, given, picker, dialogMs, sampleMs = 0) {
  const server = await serve(process.env.ZICHA_DIST || undefined);
  const browser = await launch();
  const results = [];
  try {
    const { page } = await openApp(browser, server.url);
    for (let visit = 1; visit <= visits; visit++) {
      if (visit > 1) {
        // Chromium writes a module's optimised code to its code cache a moment after compiling it.
        await page.waitForTimeout(3000);
        await page.reload();
        await ready(page);
      }
      results.push(await batch(page, given, picker, dialogMs, sampleMs));
    }
  } finally {
    await browser.close();
    server.close();
  }
  return results;
}

const dialogMs = Number(process.env.DIALOG_MS ?? 2000);
const results = [];
const report = (mode, result) => {
  console.log(JSON.stringify({ mode, ...result }));
  results.push({ mode, ...result });
};
const kinds = (process.env.BATCH_AS ?? 'folder,zip').split(',');
for (const [what, given] of [['folder', FOLDER], ['zip', ZIP]].filter(([what]) => kinds.includes(what))) {
  const picked = `${what}, picker, chosen ${dialogMs} ms after the click`;
  if (given === FOLDER) report(`${what} given at once`, (await inFreshBrowser(1, given, false))[0]);
  report(picked, (await inFreshBrowser(1, given, true, dialogMs))[0]);
  // A reviewer's later visits: the browser's code cache holds the workers' optimised code (what it compiled on
  // the earlier visits), so little is left to compile.
  const later = await inFreshBrowser(3, given, true, dialogMs);
  later.slice(1).forEach((result, i) => report(`${picked}, visit ${i + 2} (the page loaded again)`, result));
  // The memory, sampled every 100 ms (the time of this run is slowed by the sampling).
  report(`${picked}, memory sampled`, (await inFreshBrowser(1, given, true, dialogMs, 100))[0]);
}
if (out) writeFileSync(out, JSON.stringify(results, null, 2));

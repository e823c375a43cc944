// What Chromium spends optimising the batch worker's code (docs/performance.md), in fresh browsers:
// - `picker`: 打开文件夹 clicked, the folder chosen DIALOG_MS (2000) later; the CPU time of the browser's optimising
//   compiles (`wasm.TopTierCompilation` in a v8.wasm trace) during the dialog and during the batch, and the batch's
//   wall time;
// - `repeat`: the folder given at once, then the same batch twice more in the same page (copies FOLDER-2, FOLDER-3
//   made here: a picker does not fire for the same folder twice); the wall time of each, which falls as far as
//   the code gets faster once optimised.
// - `visits`: three visits in one browser, the page loaded again before the second and third, each a batch
//   through the picker as above: per visit, the optimising compiles from the page's load to the batch's end,
//   and the modules read back from Chromium's code cache (`wasm.Deserialize`): the optimised code of the
//   visits before, which the later visits need not compile again.
// node bench-compile.mjs picker|repeat|visits FOLDER [ROUNDS]   (ZICHA_DIST=DIR serves another build than dist/)
import { cpSync, readdirSync, rmSync } from 'node:fs';
import { serve, launch, openApp, ready } from './harness.mjs';

const [mode, folder, rounds = '2'] = process.argv.slice(2);
const filings = readdirSync(folder).length;
const done = (page) =>
  page.locator('[data-testid=batch-progress]', { hasText: `已检查 ${filings} / ${filings} 份` }).waitFor({ timeout: 600000 });

/** The events named `name` in a trace: how many, and their CPU time in ms. */
function traced(trace, name = 'wasm.TopTierCompilation') {
  const events = JSON.parse(trace.toString()).traceEvents.filter((e) => e.name === name);
  return { count: events.length, ms: Math.round(events.reduce((sum, e) => sum + (e.dur || 0), 0) / 1000) };
}

async function picker(browser, page) {
  const dialogMs = Number(process.env.DIALOG_MS ?? 2000);
  await browser.startTracing(page, { categories: ['__metadata', 'v8.wasm'] });
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.click('[data-testid=open-folder]')]);
  await page.waitForTimeout(dialogMs);
  const dialog = traced(await browser.stopTracing());
  await browser.startTracing(page, { categories: ['__metadata', 'v8.wasm'] });
  const started = Date.now();
  await chooser.setFiles(folder);
  await done(page);
  const seconds = (Date.now() - started) / 1000;
  return { mode, dialog_ms: dialogMs, compiles_in_dialog: dialog, compiles_in_batch: traced(await browser.stopTracing()), seconds };
}

async function visits(browser, page) {
  const dialogMs = Number(process.env.DIALOG_MS ?? 2000);
  const result = [];
  for (let visit = 1; visit <= 3; visit++) {
    // Chromium writes a module's optimised code to its code cache a moment after compiling it.
    if (visit > 1) await page.waitForTimeout(3000);
    await browser.startTracing(page, { categories: ['__metadata', 'v8.wasm'] });
    if (visit > 1) {
      await page.reload();
      await ready(page);
    }
    const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.click('[data-testid=open-folder]')]);
    await page.waitForTimeout(dialogMs);
    const started = Date.now();
    await chooser.setFiles(folder);
    await done(page);
    const seconds = (Date.now() - started) / 1000;
    const trace = await browser.stopTracing();
    result.push({ visit, compiles: traced(trace), from_code_cache: traced(trace, 'wasm.Deserialize'), seconds });
  }
  return { mode, dialog_ms: dialogMs, visits: result };
}

async function repeat(page) {
  const copies = [folder, `${folder}-2`, `${folder}-3`];
  for (const copy of copies.slice(1)) cpSync(folder, copy, { recursive: true });
  try {
    const seconds = [];
    for (const copy of copies) {
      const started = Date.now();
      await page.setInputFiles('[data-testid=folder-input]', copy);
      await done(page);
      seconds.push((Date.now() - started) / 1000);
      await page.waitForTimeout(1500);
    }
    return { mode, seconds };
  } finally {
    for (const copy of copies.slice(1)) rmSync(copy, { recursive: true, force: true });
  }
}

for (let round = 0; round < Number(rounds); round++) {
  const server = await serve(process.env.ZICHA_DIST || undefined);
  const browser = await launch();
  try {
    const { page } = await openApp(browser, server.url);
    const run = { picker: () => picker(browser, page), repeat: () => repeat(page), visits: () => visits(browser, page) };
    console.log(JSON.stringify(await run[mode]()));
  } finally {
    await browser.close();
    server.close();
  }
}

// What Chromium spends optimising the batch worker's code (docs/performance.md), in fresh browsers:
// - `picker`: 打开文件夹 clicked, the folder chosen DIALOG_MS (2000) later; the CPU time of the browser's optimising
//   compiles (`wasm.TopTierCompilation` in a v8.wasm trace) during the dialog and during the batch, and the batch's
//   wall time;
// - `repeat`: the folder given at once, then the same batch twice more in the same page (copies FOLDER-2, FOLDER-3
//   made here: a picker does not fire for the same folder twice); the wall time of each, which falls as far as
//   the code gets faster once optimised.
// node bench-compile.mjs picker|repeat FOLDER [ROUNDS]   (ZICHA_DIST=DIR serves another build than dist/)
import { cpSync, readdirSync, rmSync } from 'node:fs';
import { serve, launch, openApp } from './harness.mjs';

const [mode, folder, rounds = '2'] = process.argv.slice(2);
const filings = readdirSync(folder).length;
const done = (page) =>
  page.locator('[data-testid=batch-progress]', { hasText: `已检查 ${filings} / ${filings} 份` }).waitFor({ timeout: 600000 });

/** The optimising compiles in a trace: how many, and their CPU time in ms. */
function compiles(trace) {
  const events = JSON.parse(trace.toString()).traceEvents.filter((e) => e.name === 'wasm.TopTierCompilation');
  return { count: events.length, ms: Math.round(events.reduce((sum, e) => sum + (e.dur || 0), 0) / 1000) };
}

async function picker(browser, page) {
  const dialogMs = Number(process.env.DIALOG_MS ?? 2000);
  await browser.startTracing(page, { categories: ['__metadata', 'v8.wasm'] });
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.click('[data-testid=open-folder]')]);
  await page.waitForTimeout(dialogMs);
  const dialog = compiles(await browser.stopTracing());
  await browser.startTracing(page, { categories: ['__metadata', 'v8.wasm'] });
  const started = Date.now();
  await chooser.setFiles(folder);
  await done(page);
  const seconds = (Date.now() - started) / 1000;
  return { mode, dialog_ms: dialogMs, compiles_in_dialog: dialog, compiles_in_batch: compiles(await browser.stopTracing()), seconds };
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
    console.log(JSON.stringify(mode === 'picker' ? await picker(browser, page) : await repeat(page)));
  } finally {
    await browser.close();
    server.close();
  }
}

import { serve, launch, openApp } from '/work/main/tests/browser/harness.mjs';
const [folder, distDir] = process.argv.slice(2);
const dialog = Number(process.env.DIALOG_MS || 2000);
const top = (buf) => { const ev = JSON.parse(buf.toString()).traceEvents; const t = ev.filter((e) => e.name === 'wasm.TopTierCompilation'); return [t.length, Math.round(t.reduce((a, e) => a + (e.dur || 0), 0) / 1000)]; };
for (let r = 0; r < Number(process.env.ROUNDS || 2); r++) {
  const server = await serve(distDir);
  const browser = await launch();
  const { page } = await openApp(browser, server.url);
  await browser.startTracing(page, { categories: ['__metadata', 'v8.wasm'] });
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.click('[data-testid=open-folder]')]);
  await page.waitForTimeout(dialog);
  const during = top(await browser.stopTracing());
  await browser.startTracing(page, { categories: ['__metadata', 'v8.wasm'] });
  const t = Date.now();
  await chooser.setFiles(folder);
  await page.waitForFunction(() => performance.getEntriesByName('zicha-batch-done').length > 0, null, { polling: 100, timeout: 600000 });
  const wall = (Date.now() - t) / 1000;
  const batch = top(await browser.stopTracing());
  console.log(JSON.stringify({ distDir, dialog, wall, dialogTopTier: during, batchTopTier: batch }));
  await browser.close(); server.close();
}

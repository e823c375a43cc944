// The batch benchmark (scripts/bench-batch.sh): a folder of generated filings opened as a batch in headless
// Chromium; the wall time from choosing the folder to the last line, and the peak memory: of the page's renderer
// process (the page and its workers live there), and of every Chromium process summed (shared pages counted in
// each, so an upper bound), RSS sampled every 100 ms.
// node bench-batch.mjs FOLDER [OUT.json]
import { execFileSync } from 'node:child_process';
import { writeFileSync, readdirSync } from 'node:fs';
import { serve, launch, openApp } from './harness.mjs';

const [folder, out] = process.argv.slice(2);
const filings = readdirSync(folder).length;

/** RSS in MB: the renderer processes', and every Chromium process's, summed. */
function chromiumMegabytes() {
  const lines = execFileSync('ps', ['-C', 'chromium', '-o', 'rss=,args='], { encoding: 'utf8' }).trim().split('\n');
  let renderer = 0;
  let all = 0;
  for (const line of lines) {
    const [rss, ...args] = line.trim().split(/\s+/);
    all += Number(rss) / 1024;
    if (args.join(' ').includes('--type=renderer')) renderer += Number(rss) / 1024;
  }
  return { renderer, all };
}

const server = await serve();
const browser = await launch();
try {
  const { page } = await openApp(browser, server.url);
  const idle = chromiumMegabytes();
  const peak = { ...idle };
  const sampler = setInterval(() => {
    try {
      const now = chromiumMegabytes();
      peak.renderer = Math.max(peak.renderer, now.renderer);
      peak.all = Math.max(peak.all, now.all);
    } catch {}
  }, 100);
  const workers = await page.evaluate(() => Math.min(navigator.hardwareConcurrency, 4));
  const started = Date.now();
  await page.setInputFiles('[data-testid=folder-input]', folder);
  await page.locator('[data-testid=batch-progress]', { hasText: `已检查 ${filings} / ${filings} 份` }).waitFor({ timeout: 1800000 });
  const seconds = (Date.now() - started) / 1000;
  clearInterval(sampler);
  // From the files grouped into filings to the last line (the page's own marks): the checking alone, without
  // the folder's listing by the browser or the loading of the batch module (the workers' start is in it).
  const checking = await page.evaluate(() => {
    const at = (name) => performance.getEntriesByName(name)[0]?.startTime;
    return (at('zicha-batch-done') - at('zicha-batch-start')) / 1000;
  });
  const rows = await page.$$eval('[data-testid=batch-table] tbody tr', (r) => r.length);
  const result = {
    filings, rows, workers, seconds, checking_seconds: Math.round(checking * 100) / 100,
    renderer_idle_mb: Math.round(idle.renderer), renderer_peak_mb: Math.round(peak.renderer),
    all_idle_mb: Math.round(idle.all), all_peak_mb: Math.round(peak.all),
  };
  console.log(JSON.stringify(result));
  if (out) writeFileSync(out, JSON.stringify(result, null, 2));
} finally {
  await browser.close();
  server.close();
}

// The batch benchmark (scripts/bench-batch.sh): a folder of generated filings opened as a batch in headless
// Chromium; the wall time from choosing the folder to the last line, and the peak memory of the browser's
// processes (the page, its workers and the browser itself, summed RSS, sampled every 100 ms).
// node bench-batch.mjs FOLDER [OUT.json]
import { execFileSync } from 'node:child_process';
import { writeFileSync, readdirSync } from 'node:fs';
import { serve, launch, openApp } from './harness.mjs';

const [folder, out] = process.argv.slice(2);
const filings = readdirSync(folder).length;

/** Summed RSS of every Chromium process, in MB. */
function chromiumMegabytes() {
  const text = execFileSync('ps', ['-C', 'chromium', '-o', 'rss='], { encoding: 'utf8' }).trim();
  return text.split(/\s+/).filter(Boolean).reduce((sum, kb) => sum + Number(kb), 0) / 1024;
}

const server = await serve();
const browser = await launch();
try {
  const { page } = await openApp(browser, server.url);
  const idle = chromiumMegabytes();
  let peak = idle;
  const sampler = setInterval(() => { try { peak = Math.max(peak, chromiumMegabytes()); } catch {} }, 100);
  const workers = await page.evaluate(() => Math.min(navigator.hardwareConcurrency, 4));
  const started = Date.now();
  await page.setInputFiles('[data-testid=folder-input]', folder);
  await page.locator('[data-testid=batch-progress]', { hasText: `已检查 ${filings} / ${filings} 份` }).waitFor({ timeout: 1800000 });
  const seconds = (Date.now() - started) / 1000;
  clearInterval(sampler);
  const rows = await page.$$eval('[data-testid=batch-table] tbody tr', (r) => r.length);
  const result = { filings, rows, workers, seconds, idle_mb: Math.round(idle), peak_mb: Math.round(peak) };
  console.log(JSON.stringify(result));
  if (out) writeFileSync(out, JSON.stringify(result, null, 2));
} finally {
  await browser.close();
  server.close();
}

// Where a batch's CPU goes (docs/performance.md): the CPU time of every Chromium thread from choosing the folder
// to the batch's last line, read from /proc (utime + stime of each thread, by process type and thread name), for
// a batch through the folder picker, chosen 2 s after the click. The workers' share against the page's thread,
// V8's background compiles and the browser's file reading; and how much of two cores the batch kept busy.
// node bench-cpu.mjs FOLDER [ROUNDS]   (ZICHA_DIST=DIR serves another build than dist/)
import { execFileSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { serve, launch, openApp } from './harness.mjs';
const [folder, rounds = '1'] = process.argv.slice(2);
const tick = 100; // USER_HZ: /proc's times are in hundredths of a second
function snapshot() {
  const out = new Map();
  const lines = execFileSync('ps', ['-C', 'chromium,chrome,headless_shell,chrome-headless-shell', '-o', 'pid=,args='], { encoding: 'utf8' }).trim().split('\n');
  for (const line of lines) {
    const [pid, ...args] = line.trim().split(/\s+/);
    const type = (args.join(' ').match(/--type=(\S+)/)?.[1]) ?? 'browser';
    let tasks = [];
    try { tasks = readdirSync(`/proc/${pid}/task`); } catch { continue; }
    for (const tid of tasks) {
      try {
        const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
        const comm = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        out.set(`${type}:${pid}:${tid}`, { name: `${type} ${comm}`, cpu: (Number(f[11]) + Number(f[12])) * 1000 / tick });
      } catch {}
    }
  }
  return out;
}
for (let round = 0; round < Number(rounds); round++) {
const server = await serve(process.env.ZICHA_DIST || undefined);
const browser = await launch();
try {
  const { page } = await openApp(browser, server.url);
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.click('[data-testid=open-folder]')]);
  await page.waitForTimeout(2000);
  const before = snapshot();
  const t = Date.now();
  await chooser.setFiles(folder);
  await page.waitForFunction(() => performance.getEntriesByName('zicha-batch-done').length > 0, null, { polling: 100, timeout: 600000 });
  const wall = Date.now() - t;
  const after = snapshot();
  const by = new Map();
  for (const [k, v] of after) { const d = v.cpu - (before.get(k)?.cpu ?? 0); if (d > 0) by.set(v.name, (by.get(v.name) ?? 0) + d); }
  let total = 0; for (const v of by.values()) total += v;
  console.log(`wall ${wall} ms, Chromium's CPU ${total} ms (${Math.round(total / wall / 2 * 100)}% of two cores)`);
  for (const [n, ms] of [...by].sort((a, b) => b[1] - a[1]).slice(0, 25)) console.log(String(ms).padStart(6), n);
} finally { await browser.close(); server.close(); }
}

// Where a batch's CPU goes (docs/performance.md): the CPU time of every Chromium thread from choosing the folder
// to the batch's last line, read from /proc (utime + stime of each thread, by process type and thread name), for
// a batch through the folder picker, chosen 2 s after the click, in a fresh browser each round. The workers'
// share against the page's thread, V8's background compiles and the browser's file reading; and how much of the
// machine's cores the batch kept busy.
// node bench-cpu.mjs FOLDER [ROUNDS]   (ZICHA_DIST=DIR serves another build than dist/)
import { execFileSync } from 'node:child_process';
import { cpus } from 'node:os';
import { readFileSync, readdirSync } from 'node:fs';
import { serve, launch, openApp } from './harness.mjs';

const [folder, rounds = '1'] = process.argv.slice(2);
/** /proc's times are in clock ticks, a hundredth of a second on Linux. */
const TICK_MS = 10;

/** Every Chromium thread's CPU time so far, in ms, by `type:pid:tid`, with its process type and name. */
function threads() {
  const out = new Map();
  const ps = execFileSync('ps', ['-C', 'chromium', '-o', 'pid=,args='], { encoding: 'utf8' });
  for (const line of ps.trim().split('\n')) {
    const [pid, ...args] = line.trim().split(/\s+/);
    const type = args.join(' ').match(/--type=(\S+)/)?.[1] ?? 'browser';
    let tasks = [];
    try {
      tasks = readdirSync(`/proc/${pid}/task`);
    } catch {
      continue; // the process has just ended
    }
    for (const tid of tasks) {
      try {
        const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
        const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
        // After the name: state is field 3, utime 14 and stime 15 (proc(5)).
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        out.set(`${type}:${pid}:${tid}`, { name: `${type} ${name}`, ms: (Number(fields[11]) + Number(fields[12])) * TICK_MS });
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
    const before = threads();
    const started = Date.now();
    await chooser.setFiles(folder);
    await page.waitForFunction(() => performance.getEntriesByName('zicha-batch-done').length > 0, null, { polling: 100, timeout: 600000 });
    const wall = Date.now() - started;
    const byName = new Map();
    for (const [key, { name, ms }] of threads()) {
      const spent = ms - (before.get(key)?.ms ?? 0);
      if (spent > 0) byName.set(name, (byName.get(name) ?? 0) + spent);
    }
    const total = [...byName.values()].reduce((sum, ms) => sum + ms, 0);
    const busy = Math.round((total / wall / cpus().length) * 100);
    console.log(`wall ${wall} ms, Chromium's CPU ${total} ms (${busy}% of ${cpus().length} cores)`);
    for (const [name, ms] of [...byName].sort((a, b) => b[1] - a[1]).slice(0, 12)) console.log(`${String(ms).padStart(6)} ${name}`);
  } finally {
    await browser.close();
    server.close();
  }
}

// A CPU profile of a batch in headless Chromium (page and workers), from Chromium's trace: the functions that
// took the most time, by thread. For a build with the wasm name section, e.g. `CARGO_TARGET_DIR=target/names
// CARGO_PROFILE_WASM_SPEED_STRIP=false CARGO_PROFILE_WASM_RELEASE_STRIP=false trunk build --release --offline
// --dist target/dist-names` (its own target folder, so that dist/'s build stays cached).
// node profile-batch.mjs FOLDER|ZIP [DIST]   (DIALOG_MS=2000: the folder or zip chosen through its picker that
// long after the click; a path ending in .zip is given as a zip)
import { serve, launch, openApp } from './harness.mjs';

const [folder, distDir, callersOf] = process.argv.slice(2);
const given = folder.endsWith('.zip') ? 'zip' : 'folder';
const server = await serve(distDir);
const browser = await launch();
try {
  const { page } = await openApp(browser, server.url);
  // With DIALOG_MS, through the folder's or zip's picker, chosen that long after the click (the workers warm up
  // meanwhile).
  const dialogMs = process.env.DIALOG_MS;
  const chooser = dialogMs
    ? (await Promise.all([page.waitForEvent('filechooser'), page.click(`[data-testid=open-${given}]`)]))[0]
    : null;
  if (chooser) await page.waitForTimeout(Number(dialogMs));
  await browser.startTracing(page, {
    categories: ['disabled-by-default-v8.cpu_profiler', 'v8.execute', 'devtools.timeline', '__metadata'],
  });
  const started = Date.now();
  if (chooser) await chooser.setFiles(folder);
  else await page.setInputFiles(`[data-testid=${given}-input]`, folder);
  await page.waitForFunction(() => performance.getEntriesByName('zicha-batch-done').length > 0, null, { polling: 250, timeout: 600000 });
  console.log(`batch: ${(Date.now() - started) / 1000} s`);
  const trace = JSON.parse((await browser.stopTracing()).toString());
  const events = trace.traceEvents ?? trace;
  const threadNames = new Map();
  for (const e of events) if (e.name === 'thread_name') threadNames.set(`${e.pid}:${e.tid}`, e.args.name);
  // A profile's chunks come from the profiler's thread; its "Profile" event names the thread profiled.
  const profiled = new Map();
  const clock = new Map();
  // Each worker's idle time in 100 ms steps from the batch's first sample: where in the batch the workers wait.
  const idleSteps = new Map();
  for (const e of events) {
    if (e.name === 'Profile') {
      profiled.set(`${e.pid}:${e.id}`, threadNames.get(`${e.pid}:${e.tid}`) ?? `${e.pid}:${e.tid}`);
      clock.set(`${e.pid}:${e.id}`, e.args.data.startTime);
    }
  }
  const nodes = new Map();
  const parents = new Map();
  const callers = new Map();
  const self = new Map();
  // The workers' time by phase of the pipeline: the innermost of these a sample's stack passes through.
  const PHASES = [
    ['read', 'zicha_core::read::'], ['recognise', 'zicha_core::recognise::'], ['check', 'zicha_core::check_filing'],
    ['profile', 'zicha_core::profile::'], ['summary line', 'zicha_web::worker::batch_line'],
    ['messages', 'postMessage'], ['messages', 'serde_json'],
  ];
  const phases = new Map();
  const others = new Map();
  for (const e of events) {
    if (e.name !== 'ProfileChunk') continue;
    const key = `${e.pid}:${e.id}`;
    const thread = `${profiled.get(key) ?? '?'} ${key}`;
    const data = e.args.data;
    if (!nodes.has(key)) nodes.set(key, new Map());
    const byId = nodes.get(key);
    for (const n of data.cpuProfile?.nodes ?? []) {
      byId.set(n.id, n.callFrame.functionName || `(${n.callFrame.url || 'anonymous'})`);
      if (n.parent !== undefined) parents.set(`${key}:${n.id}`, n.parent);
    }
    const samples = data.cpuProfile?.samples ?? [];
    const deltas = data.timeDeltas ?? [];
    for (let i = 0; i < samples.length; i++) {
      clock.set(key, (clock.get(key) ?? 0) + (deltas[i] ?? 0));
      const name = `${thread} | ${byId.get(samples[i]) ?? samples[i]}`;
      if (callersOf && (byId.get(samples[i]) ?? '').includes(callersOf)) {
        // The chain of callers up to three levels, for the function asked about.
        let chain = [];
        let id = samples[i];
        for (let up = 0; up < 4; up++) {
          id = parents.get(`${key}:${id}`);
          if (id === undefined) break;
          chain.push(byId.get(id));
        }
        const c = chain.join(' < ');
        callers.set(c, (callers.get(c) ?? 0) + (deltas[i] ?? 0) / 1000);
      }
      self.set(name, (self.get(name) ?? 0) + (deltas[i] ?? 0) / 1000);
      if (thread.startsWith('DedicatedWorker')) {
        let phase = byId.get(samples[i]) === '(idle)' ? 'idle' : 'other';
        if (phase === 'idle') {
          if (!idleSteps.has(thread)) idleSteps.set(thread, new Map());
          const step = Math.floor(clock.get(key) / 100000);
          idleSteps.get(thread).set(step, (idleSteps.get(thread).get(step) ?? 0) + (deltas[i] ?? 0) / 1000);
        }
        for (let id = samples[i]; id !== undefined && phase === 'other'; id = parents.get(`${key}:${id}`)) {
          const frame = byId.get(id) ?? '';
          phase = PHASES.find(([, prefix]) => frame.includes(prefix))?.[0] ?? 'other';
        }
        phases.set(phase, (phases.get(phase) ?? 0) + (deltas[i] ?? 0) / 1000);
        if (phase === 'other') {
          const leaf = `other: ${byId.get(samples[i])} < ${byId.get(parents.get(`${key}:${samples[i]}`))}`;
          others.set(leaf, (others.get(leaf) ?? 0) + (deltas[i] ?? 0) / 1000);
        }
      }
    }
  }
  const byThread = new Map();
  for (const [name, ms] of self) {
    const thread = name.split(' | ')[0];
    byThread.set(thread, (byThread.get(thread) ?? 0) + ms);
  }
  console.log('threads (ms of samples):', Object.fromEntries([...byThread].map(([t, ms]) => [t, Math.round(ms)])));
  for (const [name, ms] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 70)) console.log(`${ms.toFixed(1).padStart(9)} ms  ${name}`);
  console.log('workers by phase (ms, all workers):', Object.fromEntries([...phases].map(([p, ms]) => [p, Math.round(ms)])));
  for (const [name, ms] of [...others].sort((a, b) => b[1] - a[1]).slice(0, 12)) console.log(`${ms.toFixed(1).padStart(9)} ms  ${name}`);
  const first = Math.min(...[...idleSteps.values()].flatMap((steps) => [...steps.keys()]));
  for (const [thread, steps] of idleSteps) {
    const last = Math.max(...steps.keys());
    const row = [];
    for (let step = first; step <= last; step++) row.push(Math.round(steps.get(step) ?? 0));
    console.log(`idle ms per 100 ms, ${thread}: ${row.join(' ')}`);
  }
  // The main thread's own work by kind (style, layout, paint, parsing HTML, tasks), from the timeline's events.
  const timeline = new Map();
  for (const e of events) {
    if (e.ph !== 'X' || !e.dur || threadNames.get(`${e.pid}:${e.tid}`) !== 'CrRendererMain') continue;
    timeline.set(e.name, (timeline.get(e.name) ?? 0) + e.dur / 1000);
  }
  console.log('main thread timeline (ms, nested events counted in each):');
  for (const [name, ms] of [...timeline].sort((a, b) => b[1] - a[1]).slice(0, 20)) console.log(`${ms.toFixed(1).padStart(9)} ms  ${name}`);
  if (callersOf) {
    console.log(`callers of ${callersOf}:`);
    for (const [c, ms] of [...callers].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`${ms.toFixed(1).padStart(9)} ms  ${c}`);
  }
} finally {
  await browser.close();
  server.close();
}

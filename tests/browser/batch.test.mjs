// A bureau's batch review in headless Chromium: a folder of 20 filings (real ones from fixtures/real/, the seed
// split over two files, an unreadable file, one filing whose worker crashes) and the same as a .zip give the table
// the CLI's `zicha check --summary-csv` gives for that folder, cell by cell; sorting, filtering, opening a filing
// and coming back; the exports read back; no request leaves the page. Past one page of rows, the pager. A file
// over the size limit, and a filing that hangs its worker past the timeout (on a fake clock), cost that filing
// only. Cancelling stops every worker; workers that cannot start end the batch. The folder and zip pickers, and a
// zip dragged over the page, start the workers before the files come, and the batch takes them over; a workbook
// named .zip is checked as a filing. A zip past the readers' size limit is read file by file from the disk. A
// dropped folder (its entries walked as Chromium gives them) gives the table picking it gives.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { createRequire } from 'node:module';
import { serve, launch, openApp, fixtures, root, dist } from './harness.mjs';
import { zip, gbkBytes } from './zip.mjs';

const XLSX = createRequire(import.meta.url)('xlsx');

const BATCH = '批次';
let server;
/** The same app, but its pool workers crash or hang on the filings named so (`MISBEHAVE`). */
let misbehaving;
let browser;
let work;
let cliRows;

/** CSV text → rows of cells (quotes, doubled quotes and the byte-order mark as the core writes them). */
function parseCsv(text) {
  const rows = [];
  let row = [];
  let cell = '';
  let quoted = false;
  text = text.replace(/^\uFEFF/, '');
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') { cell += '"'; i++; }
      else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') { row.push(cell); cell = ''; }
    else if (c === '\n') { row.push(cell); rows.push(row); row = []; cell = ''; }
    else cell += c;
  }
  return rows;
}

function files(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

/** The batch folder's files as a zip's entries: { '批次/01-甲单位/表.xlsx': bytes }. */
function batchEntries() {
  const entries = {};
  for (const path of files(join(work, BATCH))) entries[relative(work, path).split('\\').join('/')] = readFileSync(path);
  return entries;
}

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'zicha-batch-'));
  const batch = join(work, BATCH);
  const put = (folder, name, from) => {
    mkdirSync(join(batch, folder), { recursive: true });
    cpSync(from, join(batch, folder, name));
  };
  put('01-甲单位', 'seed-split-reports.docx', join(fixtures, 'seed-split-reports.docx'));
  put('01-甲单位', 'seed-split-tables.xlsx', join(fixtures, 'seed-split-tables.xlsx'));
  put('02-乙单位', 'seed-libreoffice.ods', join(fixtures, 'seed-libreoffice.ods'));
  mkdirSync(join(batch, '03-丙单位'), { recursive: true });
  writeFileSync(join(batch, '03-丙单位', '草稿.xlsx'), '%PDF-1.4 not a workbook');
  const real = readdirSync(join(fixtures, 'real')).filter((d) => statSync(join(fixtures, 'real', d)).isDirectory());
  for (const [i, dir] of real.slice(0, 16).entries()) {
    cpSync(join(fixtures, 'real', dir), join(batch, `${String(i + 4).padStart(2, '0')}-${dir}`), { recursive: true });
  }
  put('20-崩溃单位', 'seed-word.docx', join(fixtures, 'seed-word.docx'));
  const cli = spawnSync('cargo', ['run', '-q', '--manifest-path', join(root, 'Cargo.toml'), '-p', 'zicha-cli', '--',
    'check', '--summary-csv', 'summary.csv', BATCH], { cwd: work, encoding: 'utf8' });
  assert.equal(cli.status, 2, cli.stderr);
  cliRows = parseCsv(readFileSync(join(work, 'summary.csv'), 'utf8'));
  assert.equal(cliRows.length, 21, 'a header and 20 filings');
  server = await serve();
  misbehaving = await serve(dist, '/', { 'xls-worker_loader.js': (text) => MISBEHAVE + text });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  server?.close();
  misbehaving?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

async function tableRows(page) {
  return page.$$eval('[data-testid=batch-table] tbody tr', (rows) =>
    rows.map((r) => [...r.querySelectorAll('td')].map((td) => td.textContent)));
}

/** Put before the pool worker's loader by the second server: the worker, given a filing of a unit named
 * `…崩溃单位`, throws (as a reader's panic aborts the wasm); given one of `…挂起单位`, says so on the
 * `zicha-test` channel (`hangSeen`) and loops for ever; given a sample to warm up on, says `warm` there. Its listener is in place before the worker's own handler
 * and hears every message first. */
const MISBEHAVE = `self.addEventListener('message', (event) => {
  const request = String(event.data?.[0] ?? '');
  if (request.includes('崩溃单位')) { event.stopImmediatePropagation(); throw new Error('a reader panicked'); }
  if (request.includes('挂起单位')) { new BroadcastChannel('zicha-test').postMessage('hung'); for (;;); }
  if (request.includes('"material":"warm-up"')) new BroadcastChannel('zicha-test').postMessage('warm');
});
`;

/** Resolves when a worker of the page has begun to hang (`MISBEHAVE`); to be called before the batch starts. The
 * filings a worker was sent are checked in the order sent, and files are read in any order: the hung one may
 * come first, and none be checked until the timeout. */
async function hangSeen(page) {
  await page.evaluate(() => {
    window.zichaTestChannel = new BroadcastChannel('zicha-test');
    window.zichaTestHung = new Promise((resolve) => {
      window.zichaTestChannel.onmessage = (event) => event.data === 'hung' && resolve();
    });
  });
  return () => page.evaluate(() => window.zichaTestHung.then(() => true));
}

async function waitDone(page, total) {
  await page.locator('[data-testid=batch-progress]', { hasText: `已检查 ${total} / ${total} 份` }).waitFor({ timeout: 120000 });
}

test('a folder of filings gives the CLI summary, a crashing worker costs its filing only', async () => {
  // A pool worker crashes when it is given 20-崩溃单位, as a reader's panic aborts the wasm.
  const { page, context, errors } = await openApp(browser, misbehaving.url);
  const requests = [];
  page.on('request', (request) => requests.push(request.url()));
  await page.setInputFiles('[data-testid=folder-input]', join(work, BATCH));
  await waitDone(page, 20);
  const rows = await tableRows(page);
  assert.equal(rows.length, 20);
  const cli = cliRows.slice(1);
  for (const [i, row] of rows.entries()) {
    if (row[0].includes('20-崩溃单位')) {
      assert.equal(row[11], '无法读取');
      assert.match(row[13], /检查程序出错/);
      continue;
    }
    assert.deepEqual(row, cli[i], `row ${i + 1}`);
  }
  assert.ok(rows.some((r) => r[0].includes('03-丙单位') && r[11] === '无法读取'));
  assert.ok(rows.filter((r) => r[11] !== '无法读取').length >= 17);

  // Filter: only filings with errors; then sort by the recomputed total, twice for descending.
  await page.selectOption('[data-testid=batch-show]', 'errors');
  const withErrors = await tableRows(page);
  assert.ok(withErrors.length > 0 && withErrors.every((r) => r[11] === '有强制问题'));
  await page.selectOption('[data-testid=batch-show]', 'all');
  await page.click('th:nth-child(6) button');
  await page.click('th:nth-child(6) button');
  assert.equal(await page.getAttribute('th:nth-child(6)', 'aria-sort'), 'descending');
  const scores = (await tableRows(page)).map((r) => r[5]).filter((s) => s !== '').map(Number);
  assert.deepEqual(scores, [...scores].sort((a, b) => b - a));

  // The exports, read back: the summary is the CLI's, cell for cell but the crashed filing.
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export-summary-csv]')]);
  const exported = parseCsv(readFileSync(await download.path(), 'utf8'));
  assert.deepEqual(exported[0], cliRows[0]);
  assert.equal(exported.length, 21);
  const [findings] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export-findings-csv]')]);
  const findingRows = parseCsv(readFileSync(await findings.path(), 'utf8'));
  assert.deepEqual(findingRows[0], ['filing', 'unit', 'code', 'severity', 'rule', 'message', 'locations', 'found', 'expected', 'help']);
  assert.ok(findingRows.length > 100, `${findingRows.length} findings`);

  // A row opens its filing, by the keyboard; the way back returns to the table.
  await page.selectOption('[data-testid=batch-show]', 'all');
  await page.fill('[data-testid=batch-search]', '01-甲单位');
  await page.focus('[data-testid=batch-table] tbody tr');
  await page.keyboard.press('Enter');
  await page.waitForSelector('.scorecard', { timeout: 60000 });
  assert.match(await page.textContent('.counts'), /强制\s*2/);
  await page.click('[data-testid=back-to-batch]');
  await page.waitForSelector('[data-testid=batch-table]');
  assert.equal((await tableRows(page)).length, 1);

  assert.deepEqual(requests.filter((url) => !url.startsWith(misbehaving.origin) && !url.startsWith('blob:')), []);
  assert.deepEqual(errors.filter((e) => !/reader panicked|检查程序出错/.test(e)), []);
  await context.close();
});

test('the same folder as a zip gives the CLI summary, cell by cell', async () => {
  const { page, context } = await openApp(browser, server.url);
  const entries = batchEntries();
  const archive = join(work, 'batch.zip');
  // Deflated, as zip tools write, and every other name in GBK, unmarked, as Windows' own zip tool writes
  // Chinese names (the batch module reads them with the browser's decoder).
  const gbkName = (name, i) => i % 2 === 1 && gbkBytes(name) !== null;
  assert.ok(Object.keys(entries).filter(gbkName).length >= 5);
  writeFileSync(archive, zip(entries, { deflate: true, gbkName }));
  await page.setInputFiles('[data-testid=file-input]', archive);
  await waitDone(page, 20);
  assert.deepEqual(await tableRows(page), cliRows.slice(1));

  // The summary workbook, read back by SheetJS: the CLI's cells, the scores and counts as numbers.
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-testid=export-summary-xlsx]')]);
  const book = XLSX.read(readFileSync(await download.path()));
  assert.deepEqual(book.SheetNames, ['检查汇总']);
  const sheet = book.Sheets['检查汇总'];
  const cells = XLSX.utils.sheet_to_json(sheet, { header: 1, raw: false, defval: '' });
  assert.deepEqual(cells, cliRows);
  const seed = cliRows.findIndex((r) => r[0].includes('01-甲单位'));
  assert.equal(sheet[XLSX.utils.encode_cell({ r: seed, c: 5 })].t, 'n');

  // No serious or critical accessibility violation in the batch view.
  const axe = readFileSync(join(root, 'tests', 'browser', 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
  await page.evaluate(axe);
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(bad.map((v) => `${v.id} ${v.nodes.map((n) => n.target).join(' ')}`), []);

  // The keyboard alone: Tab to a column's sort button and sort with Enter; Tab to a row and open it.
  const focused = () => page.evaluate(() => document.activeElement?.closest('th') ? 'th' : document.activeElement?.tagName);
  for (let i = 0; i < 40 && (await focused()) !== 'th'; i++) await page.keyboard.press('Tab');
  assert.equal(await focused(), 'th');
  await page.keyboard.press('Enter');
  assert.equal(await page.getAttribute('th:nth-child(1)', 'aria-sort'), 'ascending');
  for (let i = 0; i < 40 && (await focused()) !== 'TR'; i++) await page.keyboard.press('Tab');
  assert.equal(await focused(), 'TR');
  await page.keyboard.press('Enter');
  // The filing opened is taken out of the zip on the page: its score card, not a read failure.
  await page.waitForSelector('.scorecard', { timeout: 60000 });
  await page.keyboard.press('Shift+Tab');
  await context.close();
});

test('a zip past the readers\' size limit stays on the disk: each filing read from it gives the same table', async () => {
  const entries = batchEntries();
  // A scan that is no filing's file makes the zip larger than the 64 MB a reader holds; kept stored, as zip tools
  // keep what does not compress.
  entries[`${BATCH}/附件/扫描件.pdf`] = Buffer.alloc(64 * 1024 * 1024 + 1, 0x25);
  const archive = join(work, '大批次.zip');
  writeFileSync(archive, zip(entries, { deflate: true, stored: (name) => name.endsWith('.pdf') }));
  assert.ok(statSync(archive).size > 64 * 1024 * 1024);
  const { page, context, errors } = await openApp(browser, server.url);
  await page.setInputFiles('[data-testid=file-input]', archive);
  await waitDone(page, 20);
  assert.deepEqual(await tableRows(page), cliRows.slice(1));
  // A filing opened from it is read from the disk too, and checked: its score card.
  await page.fill('[data-testid=batch-search]', '01-甲单位');
  await page.focus('[data-testid=batch-table] tbody tr');
  await page.keyboard.press('Enter');
  await page.waitForSelector('.scorecard', { timeout: 60000 });
  assert.match(await page.textContent('.counts'), /强制\s*2/);
  assert.deepEqual(errors, []);
  await context.close();
  rmSync(archive);
});

test('a batch past one page: the pager, and a file over the size limit costs its filing only', async () => {
  const folder = join(work, '大批次');
  for (let i = 1; i <= 120; i++) {
    const name = String(i).padStart(3, '0');
    mkdirSync(join(folder, name), { recursive: true });
    cpSync(join(fixtures, i % 2 ? 'seed-one-sheet-per-form.xlsx' : 'seed-word.docx'), join(folder, name, i % 2 ? '表.xlsx' : '报告.docx'));
  }
  // One byte over the readers' limit (64 MB): the page stops reading it there.
  mkdirSync(join(folder, '121-过大'), { recursive: true });
  writeFileSync(join(folder, '121-过大', '表.xlsx'), Buffer.alloc(64 * 1024 * 1024 + 1));
  const { page, context, errors } = await openApp(browser, server.url);
  await page.setInputFiles('[data-testid=folder-input]', folder);
  await waitDone(page, 121);
  assert.equal((await tableRows(page)).length, 100);
  assert.equal(await page.textContent('[data-testid=batch-page]'), '第 1–100 条，共 121 条');
  assert.ok(await page.isDisabled('[data-testid=batch-previous]'));
  await page.click('[data-testid=batch-next]');
  const last = await tableRows(page);
  assert.equal(last.length, 21);
  assert.equal(await page.textContent('[data-testid=batch-page]'), '第 101–121 条，共 121 条');
  assert.ok(await page.isDisabled('[data-testid=batch-next]'));
  const tooLarge = last.find((r) => r[0].includes('121-过大'));
  assert.equal(tooLarge?.[11], '无法读取');
  assert.match(tooLarge[13], /文件大于 64 MB/);
  // A new filter starts again from the first page.
  await page.fill('[data-testid=batch-search]', '0');
  assert.match(await page.textContent('[data-testid=batch-page]'), /^第 1–100 条/);
  await page.fill('[data-testid=batch-search]', '12');
  assert.equal(await page.locator('[data-testid=batch-page]').count(), 0, 'no pager for one page');
  assert.deepEqual((await tableRows(page)).map((r) => r[0].match(/\d{3}(-过大)?/)[0]).sort(), ['012', '112', '120', '121-过大']);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a filing that hangs its worker is stopped at the timeout and costs that filing only', async () => {
  const folder = join(work, '挂起批次');
  for (const name of ['01-甲单位', '02-挂起单位', '03-丙单位']) {
    mkdirSync(join(folder, name), { recursive: true });
    cpSync(join(fixtures, 'seed-one-sheet-per-form.xlsx'), join(folder, name, '表.xlsx'));
  }
  // The page's clock is Playwright's, so that the 60-second timeout can be reached at once.
  const { page, context, errors } = await openApp(browser, misbehaving.url, (context) => context.clock.install());
  const hung = hangSeen(page);
  await page.setInputFiles('[data-testid=folder-input]', folder);
  assert.equal(await (await hung)(), true);
  // The hung filing's time starts when the page hears the answer before it, at once: a moment is left for that.
  await page.waitForTimeout(500);
  await page.clock.fastForward('01:01');
  await waitDone(page, 3);
  const rows = await tableRows(page);
  const stopped = rows.find((r) => r[0].includes('02-挂起单位'));
  assert.equal(stopped?.[11], '无法读取');
  assert.equal(stopped[13], '检查超过 60 秒，已停止。文件可能过大或已损坏。');
  assert.equal(rows.filter((r) => r[11] !== '无法读取').length, 2);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a batch cancelled: every worker stops, the filings checked stay, the time left gives way to the cancel', async () => {
  const folder = join(work, '取消批次');
  // Eight filings: the worker that hangs holds four at most, so that the other worker has some to check.
  for (const name of ['01-甲', '02-挂起单位', '03-丙', '04-丁', '05-戊', '06-己', '07-庚', '08-辛']) {
    mkdirSync(join(folder, name), { recursive: true });
    cpSync(join(fixtures, 'seed-one-sheet-per-form.xlsx'), join(folder, name, '表.xlsx'));
  }
  const { page, context, errors } = await openApp(browser, misbehaving.url);
  const pool = [];
  page.on('worker', (worker) => {
    if (!worker.url().includes('xls-worker')) return;
    const seen = { closed: false };
    worker.on('close', () => { seen.closed = true; });
    pool.push(seen);
  });
  const hung = hangSeen(page);
  await page.setInputFiles('[data-testid=folder-input]', folder);
  // 02-挂起单位 holds its worker for ever (the timeout is a minute away): the batch cannot end by itself.
  assert.equal(await (await hung)(), true);
  await page.locator('[data-testid=batch-progress]', { hasText: /已检查 [1-7] \/ 8 份/ }).waitFor({ timeout: 60000 });
  await page.locator('.batch-progress .left', { hasText: /^约剩 \d+ 秒$/ }).waitFor();
  await page.click('.batch-progress button');
  await page.locator('.batch-progress .left', { hasText: '已取消，未检查的材料不在表中' }).waitFor();
  // A line that came just before the cancel is still shown at the next redraw (a quarter second on).
  await page.waitForTimeout(400);
  const checked = (await page.textContent('[data-testid=batch-progress]')).match(/^已检查 ([1-7]) \/ 8 份$/)?.[1];
  assert.ok(checked);
  assert.equal(await page.locator('.batch-progress button').count(), 0);
  assert.ok(pool.length > 0);
  for (let i = 0; i < 100 && !pool.every((w) => w.closed); i++) await page.waitForTimeout(50);
  assert.ok(pool.every((w) => w.closed), 'every pool worker was stopped');
  // Nothing comes after: the table holds the filings checked before the cancel, and none of them is the hung one.
  await page.waitForTimeout(500);
  assert.equal(await page.textContent('[data-testid=batch-progress]'), `已检查 ${checked} / 8 份`);
  const rows = await tableRows(page);
  assert.equal(rows.length, Number(checked));
  assert.ok(rows.every((r) => !r[0].includes('02-挂起单位') && r[11] !== '无法读取'));
  assert.deepEqual(errors, []);
  await context.close();
});

test('workers that cannot start are not started again: the batch ends, each filing with the reason', async () => {
  const broken = await serve(dist, '/', { 'xls-worker_loader.js': () => "throw new Error('cannot start');" });
  try {
    const folder = join(work, '无法启动');
    for (const unit of ['甲单位', '乙单位', '丙单位']) {
      mkdirSync(join(folder, unit), { recursive: true });
      cpSync(join(fixtures, 'seed-one-sheet-per-form.xlsx'), join(folder, unit, '表.xlsx'));
    }
    const { page, context } = await openApp(browser, broken.url);
    const started = [];
    page.on('worker', (worker) => worker.url().includes('xls-worker') && started.push(worker));
    await page.setInputFiles('[data-testid=folder-input]', folder);
    await waitDone(page, 3);
    const rows = await tableRows(page);
    assert.equal(rows.length, 3);
    assert.ok(rows.every((r) => r[11] === '无法读取' && /检查程序出错/.test(r[13])), JSON.stringify(rows));
    // One start for each of the pool's workers: none was started again after it failed.
    await page.waitForTimeout(500);
    assert.equal(started.length, await page.evaluate(() => Math.min(navigator.hardwareConcurrency, 4, 3)));
    await context.close();
  } finally {
    broken.close();
  }
});

test('the folder and zip pickers, and a zip dragged in, start the workers before the files come, and the batch takes them over', async () => {
  const folder = join(work, '选择批次');
  const entries = {};
  for (const [unit, from] of [['甲单位', 'seed-one-sheet-per-form.xlsx'], ['乙单位', 'seed-word.docx'], ['丙单位', 'seed-libreoffice.ods']]) {
    mkdirSync(join(folder, unit), { recursive: true });
    cpSync(join(fixtures, from), join(folder, unit, from));
    entries[`选择批次/${unit}/${from}`] = readFileSync(join(fixtures, from));
  }
  const archive = join(work, '选择批次.zip');
  writeFileSync(archive, zip(entries, { deflate: true }));
  const given = await openApp(browser, misbehaving.url);
  await given.page.setInputFiles('[data-testid=folder-input]', folder);
  await waitDone(given.page, 3);
  const expected = await tableRows(given.page);
  await given.context.close();
  assert.equal(expected.filter((r) => r[11] !== '无法读取').length, 3);

  // Each way starts the workers before the files come, and gives them after: through a picker's dialog, or a
  // zip dragged over the page (its type is seen on entering; Chromium's drag events carry a DataTransfer as built
  // here, since headless Chromium cannot drag from the desktop).
  const zipBytes = readFileSync(archive).toString('base64');
  const ways = {
    'open-folder': async (page) => {
      const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.click('[data-testid=open-folder]')]);
      return () => chooser.setFiles(folder);
    },
    'open-zip': async (page) => {
      const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.click('[data-testid=open-zip]')]);
      return () => chooser.setFiles(archive);
    },
    'drag a zip': async (page) => {
      await page.evaluate((bytes) => {
        window.zichaTestTransfer = new DataTransfer();
        const data = Uint8Array.from(atob(bytes), (c) => c.charCodeAt(0));
        window.zichaTestTransfer.items.add(new File([data], '选择批次.zip', { type: 'application/zip' }));
        const zone = document.querySelector('[data-testid=drop-zone]');
        zone.dispatchEvent(new DragEvent('dragenter', { dataTransfer: window.zichaTestTransfer, bubbles: true, cancelable: true }));
      }, zipBytes);
      return () => page.evaluate(() => document.querySelector('[data-testid=drop-zone]')
        .dispatchEvent(new DragEvent('drop', { dataTransfer: window.zichaTestTransfer, bubbles: true, cancelable: true })));
    },
  };
  for (const [way, begin] of Object.entries(ways)) {
    const { page, context, errors } = await openApp(browser, misbehaving.url);
    const pool = [];
    page.on('worker', (worker) => worker.url().includes('xls-worker') && pool.push(worker));
    await page.evaluate(() => {
      window.zichaTestWarm = 0;
      window.zichaTestChannel = new BroadcastChannel('zicha-test');
      window.zichaTestChannel.onmessage = (event) => { if (event.data === 'warm') window.zichaTestWarm += 1; };
    });
    const workers = await page.evaluate(() => Math.min(navigator.hardwareConcurrency, 4));
    const give = await begin(page);
    // The dialog is open (or the zip is being dragged): the pool's workers start and check built-in samples, two
    // at least each.
    await page.waitForFunction((n) => window.zichaTestWarm >= n, 2 * workers, { timeout: 30000 });
    assert.equal(pool.length, workers, way);
    assert.equal(await page.locator('[data-testid=batch-progress]').isVisible(), false, 'no batch is shown before one is chosen');
    await give();
    await waitDone(page, 3);
    assert.equal(pool.length, workers, `${way}: the batch was checked by the workers started for it, and no others`);
    assert.deepEqual(await tableRows(page), expected, way);
    assert.deepEqual(errors, [], way);
    await context.close();
  }
});

test('a workbook named .zip is checked as a filing, as its contents say', async () => {
  const renamed = join(work, '自评表.zip');
  cpSync(join(fixtures, 'seed-one-sheet-per-form.xlsx'), renamed);
  const { page, context, errors } = await openApp(browser, server.url);
  await page.setInputFiles('[data-testid=file-input]', renamed);
  await page.waitForSelector('.scorecard', { timeout: 60000 });
  assert.deepEqual(errors, []);
  await context.close();
});

test('a dropped folder gives the table its picking gives', async () => {
  const folder = join(work, '拖入批次');
  const put = (unit, name, from) => {
    mkdirSync(join(folder, unit), { recursive: true });
    cpSync(join(fixtures, from), join(folder, unit, name));
  };
  put('甲单位', '表.xlsx', 'seed-split-tables.xlsx');
  put('甲单位', '报告.docx', 'seed-split-reports.docx');
  put('乙单位', '自评.xlsx', 'seed-one-sheet-per-form.xlsx');
  put('丙单位', '自评.ods', 'seed-libreoffice.ods');
  const picked = await openApp(browser, server.url);
  await picked.page.setInputFiles('[data-testid=folder-input]', folder);
  await waitDone(picked.page, 3);
  const expected = await tableRows(picked.page);
  await picked.context.close();

  // A drop's folder reaches the page as file-system entries. Headless Chromium cannot drag from the desktop, so
  // the drop carries entries shaped as Chromium's: a directory reader giving its entries a batch at a time.
  const tree = files(folder).map((path) => ({ path: relative(work, path).split('\\').join('/'), bytes: readFileSync(path).toString('base64') }));
  const { page, context, errors } = await openApp(browser, server.url);
  await page.evaluate((tree) => {
    const directory = (fullPath, children) => ({
      isDirectory: true, isFile: false, fullPath, name: fullPath.split('/').pop(),
      createReader() {
        const batches = [children.slice(0, 1), children.slice(1), []];
        return { readEntries(resolve) { setTimeout(() => resolve(batches.shift() ?? []), 0); } };
      },
    });
    const file = (fullPath, bytes) => ({
      isDirectory: false, isFile: true, fullPath, name: fullPath.split('/').pop(),
      file(resolve) { resolve(new File([Uint8Array.from(atob(bytes), (c) => c.charCodeAt(0))], fullPath.split('/').pop())); },
    });
    const build = (prefix) => {
      const names = [...new Set(tree.filter((f) => f.path.startsWith(prefix + '/')).map((f) => f.path.slice(prefix.length + 1).split('/')[0]))];
      return names.map((name) => {
        const path = `${prefix}/${name}`;
        const leaf = tree.find((f) => f.path === path);
        return leaf ? file(`/${path}`, leaf.bytes) : directory(`/${path}`, build(path));
      });
    };
    const top = tree[0].path.split('/')[0];
    const root = directory(`/${top}`, build(top));
    const transfer = new DataTransfer();
    Object.defineProperty(transfer, 'items', { value: { length: 1, 0: { webkitGetAsEntry: () => root } } });
    document.querySelector('[data-testid=drop-zone]').dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
  }, tree);
  await waitDone(page, 3);
  assert.deepEqual(await tableRows(page), expected);
  assert.equal(expected.filter((r) => r[11] !== '无法读取').length, 3);
  assert.deepEqual(errors, []);
  await context.close();
});

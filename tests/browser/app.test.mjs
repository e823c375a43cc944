// The web app in real headless Chromium: opening files (picker and drag-and-drop), findings, highlighting,
// exports, hostile cell text, bad files, network silence, keyboard use, accessibility.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { serve, launch, openApp, openFiles, checked, ready, fixtures, root } from './harness.mjs';
import { docx, unzip } from './zip.mjs';

let server;
let browser;
before(async () => {
  server = await serve();
  browser = await launch();
});
after(async () => {
  await browser?.close();
  server?.close();
});

async function seedChecked() {
  const app = await openApp(browser, server.url);
  await openFiles(app.page, ['seed-word.docx']);
  await checked(app.page);
  return app;
}

test('the seed opened by the picker shows its findings', async () => {
  const { page, context, errors } = await seedChecked();
  assert.match(await page.textContent('.counts'), /强制\s*2/);
  const messages = await page.$$eval('.item-button', (b) => b.map((x) => x.textContent));
  assert.ok(messages.some((m) => m.includes('196.66万元') && m.includes('195.66')), messages.join('\n'));
  assert.ok(messages.some((m) => m.includes('控制在9万元内')));
  assert.ok(messages.some((m) => m.includes('“汩罗”疑为“汨罗”之误')));
  assert.deepEqual(errors, []);
  await context.close();
});

test('a real filing from another province is scored by the profile told from it, and says why', async () => {
  const { page, context, errors } = await openApp(browser, server.url);
  await openFiles(page, ['real/sichuan-nanchong-2023-tuigenghuanlin/部门预算项目支出绩效自评表(退耕还林工程建设专项工作经费).xlsx']);
  await checked(page);
  assert.match(await page.textContent('.scorecard .files'), /四川省/);
  const reason = await page.textContent('.scorecard .detected');
  assert.match(reason, /识别依据/);
  assert.match(reason, /部门预算项目支出绩效自评表/);
  assert.deepEqual(errors, []);
  await context.close();
});

test('the warm-up renders the sample out of sight and is gone before the user acts', async () => {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  const page = await context.newPage();
  // Records every warm-up holder put into the page before the user opens anything: how it was shown, and
  // whether a copy of the results was rendered into it.
  await page.addInitScript(() => {
    window.__warmCopies = [];
    new MutationObserver((records) => {
      for (const r of records) {
        for (const n of r.addedNodes) {
          if (n.nodeType !== 1) continue;
          if (n.classList.contains('warm-up')) {
            const style = getComputedStyle(n);
            window.__warmCopies.push({ inert: n.inert, hidden: n.getAttribute('aria-hidden'), opacity: Number(style.opacity), events: style.pointerEvents, position: style.position });
          } else if (n.closest('.warm-up') && n.querySelector('.scorecard .files')) {
            window.__warmCopies.at(-1).heldResults = true;
          }
        }
      }
    }).observe(document, { subtree: true, childList: true });
  });
  await page.goto(server.url);
  await ready(page);
  const copies = await page.evaluate(() => window.__warmCopies);
  assert.equal(copies.length, 1, 'the sample is rendered once');
  const [copy] = copies;
  const unseen = copy.inert && copy.hidden === 'true' && copy.opacity < 0.01 && copy.events === 'none' && copy.position === 'fixed';
  assert.ok(unseen && copy.heldResults, JSON.stringify(copy));
  assert.equal(await page.locator('.scorecard').count(), 0, 'no results in the page before the user opens a file');
  assert.equal(await page.locator('.app').count(), 1);
  await context.close();
});

test('files dropped on the page are checked', async () => {
  const { page, context } = await openApp(browser, server.url);
  const tables = (await readFile(join(fixtures, 'seed-split-tables.xlsx'))).toString('base64');
  const reports = (await readFile(join(fixtures, 'seed-split-reports.docx'))).toString('base64');
  await page.evaluate(([tables, reports]) => {
    const file = (b64, name) => new File([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))], name);
    const transfer = new DataTransfer();
    transfer.items.add(file(tables, 'tables.xlsx'));
    transfer.items.add(file(reports, 'reports.docx'));
    const zone = document.querySelector('[data-testid=drop-zone]');
    zone.dispatchEvent(new DragEvent('dragover', { dataTransfer: transfer, bubbles: true, cancelable: true }));
    zone.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
  }, [tables, reports]);
  await checked(page);
  assert.match(await page.textContent('.scorecard .files'), /tables\.xlsx \+ reports\.docx/);
  assert.match(await page.textContent('.counts'), /强制\s*2/);
  await context.close();
});

test('an xls file loads the worker with the xls reader, and only then; it reads web pages and .doc too', async () => {
  const { page, context, errors } = await openApp(browser, server.url);
  // The page's own requests and its workers' (the service worker precaches every file in the background, so the
  // server's log is no measure of what the page asked for).
  const fetched = [];
  page.on('request', (request) => fetched.push(request.url()));
  await openFiles(page, ['seed-all-forms-one-sheet.xlsx']);
  await checked(page);
  const xlsxCounts = await page.textContent('.counts');
  assert.deepEqual(fetched.filter((r) => r.includes('xls-worker')), [], 'no xls worker for an xlsx');
  await openFiles(page, ['seed-libreoffice.xls']);
  await page.waitForSelector('.scorecard .files >> text=seed-libreoffice.xls', { timeout: 60000 });
  assert.ok(fetched.some((r) => r.includes('xls-worker')), 'the xls worker was fetched');
  // LibreOffice's xls copy of the same workbook: the same findings.
  assert.equal(await page.textContent('.counts'), xlsxCounts);
  assert.match(xlsxCounts, /提示\s*26/);
  // The seed's tables as a web page saved as .xls (LibreOffice's HTML export): read by the same worker, with the
  // same findings.
  await openFiles(page, ['seed-libreoffice-html.xls']);
  await page.waitForSelector('.scorecard .files >> text=seed-libreoffice-html.xls', { timeout: 60000 });
  assert.equal(await page.textContent('.counts'), xlsxCounts);
  // And as Excel 2003 XML saved as .xls (LibreOffice's export filter).
  await openFiles(page, ['seed-libreoffice-2003xml.xls']);
  await page.waitForSelector('.scorecard .files >> text=seed-libreoffice-2003xml.xls', { timeout: 60000 });
  assert.equal(await page.textContent('.counts'), xlsxCounts);
  // The seed's Word document as Word 97–2003 binary (LibreOffice's .doc): read by the same worker, with the
  // findings of its docx twin.
  await openFiles(page, ['seed-word.docx']);
  await page.waitForSelector('.scorecard .files >> text=seed-word.docx');
  const docxCounts = await page.textContent('.counts');
  await openFiles(page, ['seed-libreoffice.doc']);
  await page.waitForSelector('.scorecard .files >> text=seed-libreoffice.doc', { timeout: 60000 });
  assert.equal(await page.textContent('.counts'), docxCounts);
  // The xls worker reads everything else too: the next xlsx is checked by it.
  await openFiles(page, ['seed-split-tables.xlsx', 'seed-split-reports.docx']);
  await page.waitForSelector('.scorecard .files >> text=seed-split-reports.docx');
  assert.deepEqual(errors, []);
  await context.close();
});

test('a report alone after a filing of tables: the report is shown, the page does not fail', async () => {
  // Real filings of two provinces, one after the other, as a bureau's reviewer opens them: Hebei's project form
  // (an .xls, no report), then Fujian's report (a .docx, no table).
  const { page, context, errors } = await openApp(browser, server.url);
  await openFiles(page, ['real/hebei-chengan-2020-gaoling/成安县民政局2020年度预算项目绩效自评表.xls']);
  await page.waitForSelector('.document table.grid', { timeout: 60000 });
  await openFiles(page, ['real/fujian-mawei-2017-shianban/财政支出项目绩效评价自评报告(食安办工作经费).docx']);
  await page.waitForSelector('.document article.report >> text=食安办工作经费', { timeout: 30000 });
  assert.equal(await page.locator('.document table.grid').count(), 0);
  assert.deepEqual(errors, []);
  await context.close();
});

test('a finding selected shows its cell; a marked cell filters the findings', async () => {
  const { page, context } = await seedChecked();
  await page.click('.item-button[data-code="X003"]');
  const cell = page.locator('td.selected').first();
  await cell.waitFor();
  assert.match(await cell.textContent(), /雷锋家乡学雷锋/);
  assert.ok(await cell.isVisible());
  assert.equal(await page.textContent('.tab[aria-selected=true]'), '附件1');
  // The details of the selected finding.
  assert.match(await page.textContent('.item.selected .detail'), /发现/);
  // Clicking a marked cell shows only its findings.
  const before = await page.locator('.item').count();
  await page.click('td.marked.warning >> nth=0');
  await page.locator('.cell-filter').waitFor();
  const afterCount = await page.locator('.item').count();
  assert.ok(afterCount >= 1 && afterCount < before, `${afterCount} of ${before}`);
  await context.close();
});

test('a finding on another sheet opens that sheet and brings its cell into view', async () => {
  const { page, context } = await seedChecked();
  // A short window, and another table open: the finding's cell (附件1, row 21) is below the first screenful
  // of its sheet, which renders a frame after the tab opens.
  await page.setViewportSize({ width: 1366, height: 520 });
  await page.click('.tab:has-text("附件2")');
  await page.locator('.item-button[data-code="E005"]').last().click();
  await page.locator('td.selected').first().waitFor();
  assert.equal(await page.textContent('.tab[aria-selected=true]'), '附件1');
  await page.waitForFunction(() => {
    const cell = document.querySelector('td.selected');
    const pane = cell?.closest('.document')?.getBoundingClientRect();
    const box = cell?.getBoundingClientRect();
    return box && pane && box.top >= pane.top && box.bottom <= pane.bottom;
  }, null, { timeout: 5000 });
  await context.close();
});

test('exports download and parse back', async () => {
  const { page, context } = await seedChecked();
  const download = async (label) => {
    const [file] = await Promise.all([page.waitForEvent('download'), page.click(`.exports button:has-text("${label}")`)]);
    return { name: file.suggestedFilename(), bytes: await readFile(await file.path()) };
  };
  const total = await page.locator('.item').count();
  const csv = await download('导出 CSV');
  assert.match(csv.name, /问题清单\.csv$/);
  const text = csv.bytes.toString('utf8');
  assert.ok(text.startsWith('\ufeff级别,代码'), text.slice(0, 40));
  const rows = text.trim().split('\n').filter((l) => /^(强制|提示|信息),/.test(l));
  assert.equal(rows.length, total);
  const json = JSON.parse((await download('导出 JSON')).bytes.toString('utf8'));
  assert.equal(json.findings.length, total);
  assert.equal(json.counts.error, 2);
  await page.click('.exports button:has-text("审阅副本 xlsx")');
  const [file] = await Promise.all([page.waitForEvent('download'), page.click('.exports a.download')]);
  const xlsx = { name: file.suggestedFilename(), bytes: await readFile(await file.path()) };
  assert.match(xlsx.name, /审阅副本\.xlsx$/);
  const entries = unzip(xlsx.bytes);
  const workbook = entries['xl/workbook.xml'].toString('utf8');
  assert.match(workbook, /name="问题清单"/);
  const comments = Object.keys(entries).filter((n) => n.startsWith('xl/comments'));
  assert.ok(comments.length >= 1, 'findings are notes on their cells');
  await context.close();
});

test('cell text is shown as text, never run', async () => {
  const { page, context } = await openApp(browser, server.url);
  const payload = '<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>';
  const file = docx([
    '附件2',
    [
      ['预算部门名称', payload],
      ['年度预算申请(万元)', '', '年初预算数', '全年预算数', '全年执行数', '分值', '执行率', '得分'],
      ['', '年度资金总额', '10', '10', '10', '10', '100%', '10'],
    ],
    `报告中的文字 ${payload}`,
  ]);
  await page.setInputFiles('[data-testid=file-input]', { name: 'xss.docx', mimeType: 'application/octet-stream', buffer: file });
  await checked(page);
  await page.click('.tab >> nth=0');
  assert.ok((await page.textContent('table.grid')).includes('<img src=x onerror='));
  assert.equal(await page.evaluate(() => window.__xss), undefined);
  assert.equal(await page.locator('table.grid img, table.grid script').count(), 0);
  await context.close();
});

test('a corrupt file gets a clear message and the next file checks fine', async () => {
  const { page, context } = await openApp(browser, server.url);
  await page.setInputFiles('[data-testid=file-input]', { name: '草稿.xlsx', mimeType: 'application/octet-stream', buffer: Buffer.from('PK\u0003\u0004 broken') });
  await page.waitForSelector('.status.failed');
  assert.match(await page.textContent('.status.failed'), /草稿\.xlsx.*文件已损坏或不完整/);
  await page.setInputFiles('[data-testid=file-input]', { name: 'x.xlsx', mimeType: 'application/pdf', buffer: Buffer.from('%PDF-1.7') });
  await page.waitForSelector('.status.failed >> text=不是表格或 Word 文件');
  await openFiles(page, ['seed-word.docx']);
  await page.waitForSelector('.scorecard');
  assert.match(await page.textContent('.counts'), /强制\s*2/);
  await context.close();
});

test('loading and checking request nothing but the app\'s own files, and store nothing', async () => {
  const context = await browser.newContext({ viewport: { width: 1366, height: 768 } });
  const requests = [];
  context.on('request', (r) => requests.push(r.url()));
  const page = await context.newPage();
  await page.goto(server.url);
  await ready(page);
  const loaded = requests.length;
  await openFiles(page, ['seed-word.docx']);
  await checked(page);
  await page.click('.item-button >> nth=0');
  await page.click('.tab >> nth=1');
  assert.deepEqual(requests.slice(loaded), [], 'the check itself requests nothing');
  const foreign = requests.filter((u) => !u.startsWith(server.origin + '/'));
  assert.deepEqual(foreign, [], 'only the app\'s own origin');
  const own = requests.map((u) => new URL(u).pathname);
  assert.ok(own.includes('/worker_bg.wasm') && own.some((p) => p.endsWith('_bg.wasm') && p !== '/worker_bg.wasm'), own.join(' '));
  const stored = await page.evaluate(async () => ({
    local: localStorage.length,
    session: sessionStorage.length,
    databases: (await indexedDB.databases()).length,
  }));
  assert.deepEqual(stored, { local: 0, session: 0, databases: 0 });
  await context.close();
});

test('everything is reachable with the keyboard', async () => {
  const { page, context } = await openApp(browser, server.url);
  const focusOn = async (text, limit = 40) => {
    for (let i = 0; i < limit; i++) {
      await page.keyboard.press('Tab');
      const label = await page.evaluate(() => document.activeElement?.textContent?.trim() ?? '');
      if (label.includes(text)) return;
    }
    assert.fail(`no focusable "${text}"`);
  };
  await focusOn('打开文件');
  // Enter on the button opens the file input's chooser (the input.click() is what the page controls; the
  // chooser dialog itself is Chromium's).
  await page.evaluate(() => {
    window.__chooser = 0;
    const click = HTMLInputElement.prototype.click;
    HTMLInputElement.prototype.click = function () {
      if (this.type === 'file') window.__chooser += 1;
      return click.call(this);
    };
  });
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => window.__chooser === 1);
  await openFiles(page, ['seed-word.docx']);
  await checked(page);
  await focusOn('报告称', 80);
  await page.keyboard.press('Enter');
  await page.locator('.item.selected').waitFor();
  await focusOn('规则说明', 10);
  await page.keyboard.press('Enter');
  await page.locator('[role=dialog]').waitFor();
  // Focus moves to the close button in the frame after the dialog is drawn (RuleDialog in app.rs): wait for
  // that frame rather than read the focus the moment the dialog is attached (that raced, once in a CI run).
  const focused = () => document.activeElement?.textContent === '关闭';
  await page.waitForFunction(focused, null, { timeout: 2000 }).catch(() => {});
  assert.equal(await page.evaluate(() => document.activeElement?.textContent), '关闭');
  await page.keyboard.press('Escape');
  await page.locator('[role=dialog]').waitFor({ state: 'detached' });
  await context.close();
});

test('no serious or critical accessibility violation in any state', async () => {
  const axe = await readFile(join(root, 'tests', 'browser', 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
  const { page, context } = await openApp(browser, server.url);
  const audit = async (state) => {
    await page.evaluate(axe);
    const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
    const bad = result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    assert.deepEqual(bad.map((v) => `${state}: ${v.id} ${v.nodes.map((n) => n.target).join(' ')}`), []);
  };
  await audit('empty');
  await openFiles(page, ['seed-word.docx']);
  await checked(page);
  await audit('checked');
  await page.click('.item-button[data-code="X005"]');
  await audit('finding selected');
  await context.close();
});

test('a filing with one unreadable file: the others are checked, and the bad one is named', async () => {
  const { page, context } = await openApp(browser, server.url);
  await openFiles(page, ['seed-split-tables.xlsx', 'bad/truncated.docx']);
  await checked(page);
  assert.ok(await page.$('.scorecard'), 'a result, not a refusal');
  const item = page.locator('.item-button[data-code="S012"]');
  assert.equal(await item.count(), 1);
  assert.match(await item.textContent(), /truncated\.docx.*文件已损坏或不完整/);
  await context.close();
});

test('English switch', async () => {
  const { page, context } = await seedChecked();
  await page.click('button.lang');
  assert.equal(await page.getAttribute('html', 'lang'), 'en');
  assert.match(await page.textContent('h1'), /performance self-evaluation checker/);
  const messages = await page.$$eval('.item-button', (b) => b.map((x) => x.textContent).join('\n'));
  assert.match(messages, /the report says/);
  await context.close();
});

test('several bad files in a row (one crashing the worker), each with its message, then the seed checks fine', async () => {
  const { page, context } = await openApp(browser, server.url);
  const cases = [
    ['bad/encrypted.xlsx', /文件已加密，请先取消密码/],
    ['bad/doc-encrypted-flag.doc', /文件已加密/],
    ['bad/zip-bomb.xlsx', /超出检查上限/],
    ['bad/truncated.docx', /文件已损坏或不完整/],
    ['bad/deep-nesting.docx', /超出检查上限.*嵌套/],
    // Once a panic in calamine's compound-file reader; our own compound-file walk now refuses it first.
    ['bad/fuzz/cfb-fat-out-of-range.xls', /文件已损坏或不完整/],
  ];
  for (const [file, message] of cases) {
    await openFiles(page, [file]);
    await page.locator('.status.failed', { hasText: message }).waitFor({ timeout: 30000 });
    assert.match(await page.textContent('.status.failed'), new RegExp(file.split('/').pop().replace('.', '\\.')));
  }
  // A reader panic aborts the worker's wasm with an uncaught error, as this one does; the page
  // restarts the worker and says so.
  for (const worker of page.workers()) {
    await worker.evaluate(() => setTimeout(() => { throw new Error('a reader panicked'); }, 0));
  }
  await page.locator('.status.failed', { hasText: /检查时出错，已重新启动检查程序/ }).waitFor({ timeout: 30000 });
  await openFiles(page, ['seed-word.docx']);
  await page.waitForSelector('.scorecard');
  assert.match(await page.textContent('.counts'), /强制\s*2/);
  await context.close();
});

// `npm run screenshots`: the empty page, a checked filing and a selected finding at 1366×768, into
// docs/screenshots/. Needs a built app in dist/ (trunk build --release --offline).
import { mkdir } from 'node:fs/promises';
import { cpSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { root, serve, launch, openApp, openFiles, checked } from './harness.mjs';

const out = join(root, 'docs', 'screenshots');
await mkdir(out, { recursive: true });
const server = await serve();
const browser = await launch();
try {
  const { page } = await openApp(browser, server.url);
  await page.screenshot({ path: join(out, '1-empty.png') });
  await openFiles(page, ['seed-word.docx']);
  await checked(page);
  // The sheet follows the findings by a frame.
  await page.waitForSelector('.document table.grid');
  await page.screenshot({ path: join(out, '2-checked.png') });
  await page.click('.item-button[data-code="X005"]');
  await page.waitForTimeout(600);
  await page.screenshot({ path: join(out, '3-finding-selected.png') });
  // A real filing from another province (Sichuan's 2023 project form), its profile told from it.
  await openFiles(page, ['real/sichuan-nanchong-2023-tuigenghuanlin/部门预算项目支出绩效自评表(退耕还林工程建设专项工作经费).xlsx']);
  await checked(page);
  await page.waitForSelector('.document table.grid');
  await page.screenshot({ path: join(out, '4-real-sichuan.png') });
  // A bureau's batch: every real filing of fixtures/real/ as one folder each, opened as a folder.
  const work = mkdtempSync(join(tmpdir(), 'zicha-shots-'));
  const real = join(root, 'fixtures', 'real');
  for (const dir of readdirSync(real).filter((d) => statSync(join(real, d)).isDirectory())) {
    cpSync(join(real, dir), join(work, '真实材料', dir), { recursive: true });
  }
  const batch = (await openApp(browser, server.url)).page;
  await batch.setInputFiles('[data-testid=folder-input]', join(work, '真实材料'));
  await batch.locator('[data-testid=batch-progress]', { hasText: /已检查 (\d+) \/ \1 份/ }).waitFor({ timeout: 120000 });
  await batch.screenshot({ path: join(out, '5-batch.png') });
  await batch.selectOption('[data-testid=batch-show]', 'differs');
  await batch.screenshot({ path: join(out, '6-batch-score-differs.png') });
  rmSync(work, { recursive: true, force: true });
  console.log(`screenshots written to ${out}`);
} finally {
  await browser.close();
  server.close();
}

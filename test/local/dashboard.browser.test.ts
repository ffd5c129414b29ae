// The dashboard in a real browser: Playwright (playwright-core) driving Debian's Chromium against
// the local stack. A clerk uploads a document; its case appears, and the leak rate moves.
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_UNIT_ID, type LocalStack, startLocalStack } from '../../local/stack.ts';

const CHROMIUM = '/usr/bin/chromium';
const ROOT = resolve(import.meta.dirname, '../..');

describe.skipIf(!existsSync(CHROMIUM))('the dashboard in Chromium', { timeout: 120_000 }, () => {
  let stack: LocalStack;
  let browser: Browser;
  let stateDir: string;

  beforeAll(async () => {
    stateDir = mkdtempSync(join(tmpdir(), 'leakscan-browser-'));
    stack = await startLocalStack({ stateDir, ocrEngine: 'none' });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await stack?.stop();
    rmSync(stateDir, { recursive: true, force: true });
  });

  it('takes an upload, shows its case with masked numbers, and moves the leak rate', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1600 } });
    await page.goto(stack.dashboardUrl);
    await expect.poll(() => page.getByTestId('leak-rate').textContent()).toBe('–');
    expect(await page.getByTestId('mailbox-link').getAttribute('href')).toBe(stack.mailboxUrl);

    await page.locator('#upload-unit').fill(EXAMPLE_UNIT_ID);
    await page.getByTestId('upload-input').setInputFiles(join(ROOT, 'examples', 'elderly-allowance-list.txt'));
    await expect.poll(() => page.getByTestId('upload-result').textContent(), { timeout: 60_000 }).toMatch(/พบข้อมูลเปิดเผย 8 รายการ/);
    await expect.poll(() => page.getByTestId('leak-rate').textContent(), { timeout: 10_000 }).toBe('100.0%');

    const row = page.getByTestId('case-row');
    await expect.poll(() => row.count()).toBe(1);
    await row.locator('a').first().click();
    const detail = page.getByTestId('case-detail');
    await expect.poll(() => detail.textContent()).toMatch(/X-XXXX-XXXX\d-\d\d-\d/);
    // Beside the masked copy: a scan's copy covers only what OCR found, so it is checked by eye.
    expect(await page.getByTestId('masked-copy-scan-note').textContent()).toMatch(/check every page by eye/);
    // Masked displays only: no 13-digit run anywhere on the page.
    expect((await page.content()).replace(/(?<=\d)[\s-]+(?=\d)/g, '')).not.toMatch(/\d{13}/);

    mkdirSync(join(ROOT, 'test-artifacts'), { recursive: true });
    await page.screenshot({ path: join(ROOT, 'test-artifacts', 'dashboard.png'), fullPage: true });
  });
});

// The dashboard in a real browser: Playwright (playwright-core) driving Debian's Chromium against
// the local stack. A published document's case appears and the leak rate moves; a clerk signs in,
// checks a draft, reads its findings and downloads its masked copy, and nothing is filed.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EXAMPLE_UNIT_ID, type LocalStack, startLocalStack } from '../../local/stack.ts';
import { putObject } from '../../shared/aws/s3.ts';
import { scanDocument } from '../../shared/scan.ts';
import { isLeak } from '../../shared/types.ts';
import { fingerprint } from '../helpers.ts';

const CHROMIUM = '/usr/bin/chromium';
const ROOT = resolve(import.meta.dirname, '../..');
const ARTIFACTS = join(ROOT, 'test-artifacts');
const LIST = join(ROOT, 'examples', 'elderly-allowance-list.txt');

describe.skipIf(!existsSync(CHROMIUM))('the dashboard in Chromium', { timeout: 120_000 }, () => {
  let stack: LocalStack;
  let browser: Browser;
  let stateDir: string;

  beforeAll(async () => {
    stateDir = mkdtempSync(join(tmpdir(), 'leakscan-browser-'));
    stack = await startLocalStack({ stateDir, ocrEngine: 'none' });
    mkdirSync(ARTIFACTS, { recursive: true });
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

  it('shows an uploaded document’s case with masked numbers, and the leak rate it moves', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1600 } });
    await page.goto(stack.dashboardUrl);
    await expect.poll(() => page.getByTestId('leak-rate').textContent()).toBe('–');
    expect(await page.getByTestId('mailbox-link').getAttribute('href')).toBe(stack.mailboxUrl);

    // Published: uploaded as `leakscan upload` puts it.
    await putObject(stack.aws.s3, { bucket: stack.bucket, key: `uploads/${EXAMPLE_UNIT_ID}/elderly-allowance-list.txt`, body: readFileSync(LIST) });
    await stack.settled();
    await page.reload();
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
    await page.screenshot({ path: join(ARTIFACTS, 'dashboard.png'), fullPage: true });
  });

  it('lets a clerk sign in, check a draft, see its findings and download its masked copy, filing nothing', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1400 }, acceptDownloads: true });
    await page.goto(stack.dashboardUrl);
    await page.getByTestId('clerk-link').click();
    // The local sign-in stands in for Cognito's: the clerk picks the unit.
    await page.getByTestId('sign-in').click();
    await page.getByTestId('sign-in-unit').selectOption(EXAMPLE_UNIT_ID);
    await page.getByTestId('sign-in-submit').click();
    await expect.poll(() => page.getByTestId('account-unit').textContent()).toContain(EXAMPLE_UNIT_ID);

    await page.getByTestId('check-input').setInputFiles(LIST);
    const result = page.getByTestId('check-result');
    await expect.poll(() => result.getAttribute('data-state'), { timeout: 60_000 }).toBe('done');
    expect(await page.getByTestId('check-verdict').getAttribute('data-verdict')).toBe('leaks');
    const statuses = await page.getByTestId('finding-row').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-status')));
    // The leaks in the open, the correctly masked ones apart.
    expect(statuses.filter((status) => status === 'unmasked' || status === 'insufficient')).toHaveLength(8);
    expect(await page.getByTestId('finding-row').first().textContent()).toMatch(/X-XXXX-XXXX\d-\d\d-\d/);
    expect((await page.content()).replace(/(?<=\d)[\s-]+(?=\d)/g, '')).not.toMatch(/\d{13}/);
    await page.screenshot({ path: join(ARTIFACTS, 'clerk-page.png'), fullPage: true });

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('masked-copy').click()]);
    expect(download.suggestedFilename()).toBe('elderly-allowance-list-masked.txt');
    const masked = readFileSync((await download.path())!);
    expect((await scanDocument('masked.txt', masked, { fingerprint })).findings.filter(isLeak)).toEqual([]);

    // Nothing filed: the one case is still the published document's; the check is counted apart.
    await stack.settled();
    await page.goto(stack.dashboardUrl);
    await expect.poll(() => page.getByTestId('case-row').count()).toBe(1);
    await expect.poll(() => page.getByTestId('check-counts').textContent()).toMatch(/ตรวจก่อนเผยแพร่ 1 ฉบับ พบข้อมูลใน 1 ฉบับ ได้สำเนาที่ปิดบังแล้ว 1 ฉบับ/);
    expect(await page.getByTestId('leak-rate').textContent()).toBe('100.0%');
  });
});

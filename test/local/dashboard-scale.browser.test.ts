// The dashboard in Chromium on the national registry scaled down: the scale bench's generator
// (test/generate/national-registry.ts) at 2,000 units, 400 cases and 3 months, loaded into local
// DynamoDB and served by startDashboard as the bench does. The overview shows the month's figures
// and the registry's; each filter lists only the cases it asks for, newest first; the next page
// goes on where the first stopped; a case shows its unit, its findings masked and no full number;
// its unit shows its name, its cases and its crawl health. Screenshots in test-artifacts/scale-test/.
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type Browser, type Page, chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalAws, startLocalAws } from '../../local/aws-servers.ts';
import { documentClient } from '../../shared/aws/dynamodb.ts';
import { isOverdue } from '../../shared/cases/case-list.ts';
import { type StoredCase, monthKey, monthOf } from '../../shared/cases/model.ts';
import { aggregateGroup, thaiDay } from '../../shared/cases/report.ts';
import { registryKey } from '../../shared/cases/registry-figures.ts';
import { NATIONAL_TABLES, type NationalData, loadNationalData, nationalDashboard, nationalData } from '../generate/national-registry.ts';

const CHROMIUM = '/usr/bin/chromium';
const ROOT = resolve(import.meta.dirname, '../..');
const SHOTS = join(ROOT, 'test-artifacts', 'scale-test');
const SIZE = { units: 2_000, cases: 400, days: 90, seed: 20_561 };
const KIND = 'อบต.';

// As the page writes numbers and months.
const NUMBER = new Intl.NumberFormat('th-TH');
const count = (n: number): string => NUMBER.format(n);
const MONTH = new Intl.DateTimeFormat('th-TH-u-ca-buddhist', { timeZone: 'UTC', month: 'short', year: 'numeric' });
const thaiMonth = (month: string): string => MONTH.format(new Date(`${month}-01T00:00:00Z`));
/** Digits separated by spaces or dashes joined, as a number written 1-2345-67890-12-3 reads. */
const joined = (text: string): string => text.replace(/(?<=\d)[\s-]+(?=\d)/g, '');
const newestFirst = (cases: readonly StoredCase[]): string[] => [...cases].sort((a, b) => b.openedAt.localeCompare(a.openedAt)).map((c) => c.caseId);

/** The page info of a list page holding cases `first` to `last` (1-based). */
const pageInfo = (page: number, first: number, last: number, final: boolean): string =>
  `หน้า ${count(page)} · เคสที่ ${count(first)}${last > first ? `–${count(last)}` : ''}${final && page > 1 ? ' (หน้าสุดท้าย)' : ''}`;

/** Once the case list shows a page (not loading): its page info and its rows' cases. */
async function listShown(page: Page): Promise<{ info: string; ids: string[] }> {
  await page.locator('#cases-table:not([aria-busy])').waitFor();
  const info = page.getByTestId('cases-page-info').filter({ hasText: /\S/, hasNotText: 'กำลังโหลด…' });
  await info.waitFor();
  const ids = await page.getByTestId('case-row').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-case-id')!));
  return { info: (await info.textContent())!, ids };
}

/** Changes the filter, and the list it loads: the first request with these parameters, then the page shown. */
async function filtered(page: Page, params: Record<string, string | null>, change: () => Promise<unknown>) {
  const loaded = page.waitForResponse((response) => {
    const url = new URL(response.url());
    return url.pathname === '/api/cases' && Object.entries(params).every(([key, value]) => url.searchParams.get(key) === value);
  });
  await change();
  await loaded;
  return listShown(page);
}

describe.skipIf(!existsSync(CHROMIUM))('the dashboard in Chromium on a national registry, scaled down', { timeout: 60_000 }, () => {
  let data: NationalData;
  let aws: LocalAws;
  let dashboard: Awaited<ReturnType<typeof nationalDashboard>>;
  let browser: Browser;
  let page: Page;
  const pageErrors: string[] = [];
  const byId = (caseId: string) => data.cases.find((c) => c.caseId === caseId)!;

  beforeAll(async () => {
    data = nationalData(SIZE);
    // DynamoDB in memory: the bench's tables and indexes, loaded as the bench loads them.
    aws = await startLocalAws(NATIONAL_TABLES);
    const db = documentClient(aws.dynamodb);
    await loadNationalData(db, data);
    dashboard = await nationalDashboard(db, aws.s3);
    mkdirSync(SHOTS, { recursive: true });
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('pageerror', (err) => pageErrors.push(err.message));
  }, 120_000);
  afterAll(async () => {
    await browser?.close();
    await dashboard?.close();
    await aws?.stop();
  });

  it('shows the month’s figures and the registry’s', async () => {
    await page.goto(dashboard.url);
    await page.getByTestId('leak-rate').filter({ hasNotText: '–' }).waitFor();
    await page.locator('#by-province table').waitFor();
    await listShown(page);

    const month = monthOf(data.today);
    const total = aggregateGroup(
      month,
      data.metrics.filter((item) => item.scope === 'all' && item.day === monthKey(month)),
    );
    // The data leave nothing at zero that real data would have.
    expect(total.documentsScanned).toBeGreaterThan(0);
    expect(total.documentsWithLeaks).toBeGreaterThan(0);
    expect(total.casesOpened).toBeGreaterThan(0);
    expect(await page.getByTestId('leak-rate').textContent()).toBe(`${total.leakRatePercent!.toFixed(1)}%`);
    expect(await page.locator('#leak-counts').textContent()).toContain(`พบใน ${count(total.documentsWithLeaks)} จาก ${count(total.documentsScanned)} เอกสาร`);
    expect(await page.getByTestId('masking-rate').textContent()).toBe(`${total.maskingCompliancePercent!.toFixed(1)}%`);
    expect(await page.locator('#remediation-hours').textContent()).toBe(total.medianRemediationHours === null ? '–' : `${total.medianRemediationHours} ชม.`);
    expect(await page.locator('#case-counts').textContent()).toContain(
      `เปิด ${count(total.casesOpened)} · แจ้ง ${count(total.casesNotified)} · แก้ไข ${count(total.casesRemediated)} · ส่งต่อ ${count(total.casesEscalated)} เคส`,
    );
    expect(await page.getByTestId('check-counts').textContent()).toContain(`ตรวจก่อนเผยแพร่ ${count(total.checksRun)} ฉบับ`);

    // The registry as the planner counted it last in the month: units, coordinators, websites,
    // unreachable; and the share of its units that had a document checked.
    const registry = data.registry.find((item) => item.scope === 'all' && item.day === registryKey(month))!;
    expect(registry.Units).toBe(SIZE.units);
    for (const n of [registry.UnitsWithCoordinator, registry.UnitsWithWebsite, registry.WebsitesUnreachable]) expect(n).toBeGreaterThan(0);
    expect(await page.getByTestId('units-checked').textContent()).toBe(`${((100 * total.unitsChecked) / registry.Units).toFixed(1)}%`);
    const registryText = await page.getByTestId('registry-counts').textContent();
    expect(registryText).toContain(`${count(total.unitsChecked)} จากหน่วยงานในทะเบียน ${count(registry.Units)} แห่ง`);
    expect(registryText).toContain(`มีผู้ประสานงาน ${count(registry.UnitsWithCoordinator)} แห่ง`);
    expect(registryText).toContain(`มีเว็บไซต์ ${count(registry.UnitsWithWebsite)} แห่ง`);
    expect(registryText).toContain(`เข้าไม่ได้เมื่อเก็บล่าสุด ${count(registry.WebsitesUnreachable)} แห่ง`);

    // The trend has a point for each month of the period; the days chart one for each day so far.
    const months = new Set(data.days.map(monthOf)).size;
    expect(await page.locator('#trend-chart circle.point').count()).toBe(months);
    expect(await page.locator('#leak-chart circle.point').count()).toBe(data.days.filter((day) => monthOf(day) === month).length);
    // Each province's row: the ones with the most documents show them.
    const provinceRows = await page.locator('#by-province tbody tr').count();
    expect(provinceRows).toBeGreaterThan(10);
    expect(pageErrors).toEqual([]);
    await page.screenshot({ path: join(SHOTS, '1-overview.png'), fullPage: true });
  });

  let caseId = '';

  it('filters the cases by province, then kind, pages on, and by overdue', async () => {
    // The province with the most cases, all states.
    const perProvince = new Map<string, number>();
    for (const c of data.cases) perProvince.set(c.province, (perProvince.get(c.province) ?? 0) + 1);
    const province = [...perProvince].sort((a, b) => b[1] - a[1])[0]![0];
    const ofProvince = newestFirst(data.cases.filter((c) => c.province === province));
    let shown = await filtered(page, { province, state: 'all' }, async () => {
      await page.getByTestId('filter-province').selectOption(province);
      await page.getByTestId('filter-state').selectOption('all');
    });
    expect(shown.ids.length).toBeGreaterThan(0);
    expect(shown.ids).toEqual(ofProvince.slice(0, shown.ids.length));
    expect(shown.info).toBe(pageInfo(1, 1, shown.ids.length, shown.ids.length === ofProvince.length));
    for (const row of await page.getByTestId('case-row').all()) expect(await row.locator('td.unit').textContent()).toContain(province);
    await page.locator('#case-list').screenshot({ path: join(SHOTS, '2-cases-province.png') });

    // Every province, one kind: more than a page of them.
    const ofKind = newestFirst(data.cases.filter((c) => c.kind === KIND));
    expect(ofKind.length).toBeGreaterThan(50);
    const first = await filtered(page, { kind: KIND, state: 'all', province: null }, async () => {
      await page.getByTestId('filter-province').selectOption('');
      await page.getByTestId('filter-kind').selectOption(KIND);
    });
    expect(first.ids.length).toBeGreaterThanOrEqual(25);
    expect(first.ids).toEqual(ofKind.slice(0, first.ids.length));
    expect(first.info).toBe(pageInfo(1, 1, first.ids.length, false));
    for (const row of await page.getByTestId('case-row').all()) expect(await row.locator('td.unit').textContent()).toContain(KIND);

    // The next page goes on where the first stopped.
    await page.getByTestId('cases-next').click();
    await page
      .getByTestId('cases-page-info')
      .filter({ hasText: /^หน้า 2/ })
      .waitFor();
    const second = await listShown(page);
    expect(second.ids.length).toBeGreaterThan(0);
    expect(second.ids.some((id) => first.ids.includes(id))).toBe(false);
    expect(second.ids).toEqual(ofKind.slice(first.ids.length, first.ids.length + second.ids.length));
    const end = first.ids.length + second.ids.length;
    expect(second.info).toBe(pageInfo(2, first.ids.length + 1, end, end === ofKind.length));
    expect(byId(second.ids[0]!).openedAt <= byId(first.ids.at(-1)!).openedAt).toBe(true);
    await page.locator('#case-list').screenshot({ path: join(SHOTS, '3-cases-kind-page-2.png') });

    // The kind's cases past their deadline and not remediated: from the first page again.
    shown = await filtered(page, { kind: KIND, state: 'all', overdue: '1' }, () => page.getByTestId('filter-overdue').check());
    const overdue = newestFirst(data.cases.filter((c) => c.kind === KIND && isOverdue(c, new Date())));
    expect(shown.ids.length).toBeGreaterThan(0);
    expect(shown.ids).toEqual(overdue.slice(0, shown.ids.length));
    expect(shown.info).toBe(pageInfo(1, 1, shown.ids.length, shown.ids.length === overdue.length));
    for (const row of await page.getByTestId('case-row').all()) {
      expect(await row.getAttribute('class')).toContain('overdue');
      expect(await row.locator('.time-left').textContent()).toMatch(/^เกินกำหนด /);
    }
    caseId = shown.ids[0]!;
  });

  it('opens a case from the list: its unit, its findings masked, no full number anywhere', async () => {
    const stored = byId(caseId);
    await page.locator(`[data-testid="case-row"][data-case-id="${caseId}"] a[data-link="case"]`).click();
    const detail = page.getByTestId('case-detail');
    await detail.locator('code', { hasText: caseId }).waitFor();

    expect(await detail.locator('a[data-link="unit"]').textContent()).toBe(stored.unitName);
    expect(await detail.textContent()).toContain(`(${stored.unitId})`);
    // The findings table: each leak by its masked display, no more than 4 digits of it.
    const displays = await detail.locator('table').first().locator('tbody tr td:first-child code').allTextContents();
    expect(displays).toEqual(stored.findings.map((f) => f.display));
    for (const display of displays) expect(display.replace(/\D/g, '').length).toBeLessThanOrEqual(4);
    expect(await detail.textContent()).toContain(`${count(stored.counts.leaks)} รายการ ของบุคคลประมาณ ${count(stored.counts.persons)} คน`);
    for (const reason of stored.severityReasons) expect(await detail.textContent()).toContain(reason);
    // Its history: opened, notified (it has a deadline, past), escalated within the hour after; and the e-mails that went.
    expect(stored.history.map((event) => event.state)).toEqual(stored.state === 'escalated' ? ['open', 'notified', 'escalated'] : ['open', 'notified']);
    expect(await detail.textContent()).toContain(stored.state === 'escalated' ? 'แจ้งหน่วยงานกำกับและ สคส. แล้ว' : 'แจ้งหน่วยงานแล้ว');
    const tables = detail.locator('table');
    expect(
      await tables
        .nth((await tables.count()) - 1)
        .locator('tbody tr')
        .count(),
    ).toBe(stored.history.length);
    expect(
      await tables
        .nth((await tables.count()) - 2)
        .locator('tbody tr')
        .count(),
    ).toBe(stored.emails.length);

    // Masked displays only: no 13-digit run on the page, however its digits are spaced.
    expect(joined(await page.content())).not.toMatch(/\d{13}/);
    // biome-ignore lint/performance/useDomNodeTextContent: the text as it shows, the digits of neighbouring elements together.
    expect(await page.locator('body').innerText()).not.toMatch(/\d{13}/);
    expect(pageErrors).toEqual([]);
    await detail.screenshot({ path: join(SHOTS, '4-case.png') });
  });

  it('opens its unit: its name, its cases and its crawl health', async () => {
    const stored = byId(caseId);
    const unit = data.units.find((u) => u.id === stored.unitId)!;
    await page.getByTestId('case-detail').locator('a[data-link="unit"]').click();
    const unitPage = page.getByTestId('unit-page');
    await unitPage.locator('code', { hasText: unit.id }).waitFor();
    await page.getByTestId('unit-cases').waitFor();

    expect(await unitPage.locator('h2').textContent()).toContain(unit.name);
    const ids = await page.getByTestId('unit-case-row').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-case-id')));
    expect(ids).toEqual(newestFirst(data.cases.filter((c) => c.unitId === unit.id)).slice(0, 50));
    expect(ids).toContain(caseId);

    // The month the case was opened in: its documents counted on the unit's row.
    const month = monthOf(thaiDay(new Date(stored.openedAt)));
    const figures = aggregateGroup(
      month,
      data.metrics.filter((item) => item.scope === `unit#${unit.id}` && item.day === monthKey(month)),
    );
    expect(figures.documentsScanned).toBeGreaterThan(0);
    const monthRow = unitPage.locator('table.months tbody tr', { has: page.locator('td:first-child', { hasText: thaiMonth(month) }) });
    expect(await monthRow.locator('td').nth(1).textContent()).toBe(count(figures.documentsScanned));

    // Its crawl health: this morning's crawl, the pages it got or why it got none.
    const crawl = page.getByTestId('unit-crawl');
    expect(unit.crawl).toBeDefined();
    const crawlText = (await crawl.textContent())!;
    expect(crawlText).toContain('เก็บล่าสุด');
    expect(crawlText).toContain('หน้าเว็บ');
    expect(crawlText).toContain(count(unit.crawl!.fetched));
    if (unit.crawl!.error) expect(crawlText).toContain(unit.crawl!.error);
    if (unit.crawl!.fetched === 0) expect(crawlText).toContain('เข้าเว็บไซต์ไม่ได้');
    expect(joined(await page.content())).not.toMatch(/\d{13}/);
    expect(pageErrors).toEqual([]);
    await unitPage.screenshot({ path: join(SHOTS, '5-unit.png') });
  });

  it('shows a province’s cases at 360 px', async () => {
    const province = data.cases.find((c) => c.caseId === caseId)!.province;
    const phone = await browser.newPage({ viewport: { width: 360, height: 800 } });
    phone.on('pageerror', (err) => pageErrors.push(err.message));
    await phone.goto(new URL(`#cases?state=all&province=${encodeURIComponent(province)}`, dashboard.url).href);
    const shown = await listShown(phone);
    expect(shown.ids).toEqual(newestFirst(data.cases.filter((c) => c.province === province)).slice(0, shown.ids.length));
    expect(shown.ids.length).toBeGreaterThan(0);
    // Nothing wider than the screen: the page does not scroll sideways.
    expect(await phone.locator('html').evaluate((html) => html.scrollWidth)).toBeLessThanOrEqual(360);
    expect(pageErrors).toEqual([]);
    await phone.locator('#case-list').screenshot({ path: join(SHOTS, '6-cases-360.png') });
    await phone.close();
  });
});

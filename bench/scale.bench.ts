// npm run bench:scale — the PDPC's dashboard at national scale, on the local servers: a registry of
// 31,561 units (kinds and provinces in realistic proportions: 7,850 local administrative
// organisations, ministries' units with their schools and hospitals, state enterprises, public
// organisations), a year of figures (every day and month of all, each kind and province; each
// unit's days with documents, and its months) and 6,086 cases, 2,850 of local administrative
// organisations. Then each dashboard call (overview, filtered case lists, a unit's page, a case)
// is timed (p50, p95) with the DynamoDB requests it made; the dashboard is driven in Chromium on
// the same data (overview, a province's cases and their next page, a case, its unit, the list at
// 360 px), each step timed and its screenshot kept in test-artifacts/scale/; and `leakscan report
// --by province` over the last 30 days is timed as a command.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type Locator, type Page, chromium } from 'playwright-core';
import { startLocalAws } from '../local/aws-servers.ts';
import { startDashboard } from '../local/dashboard/server.ts';
import { documentClient, putItems } from '../shared/aws/dynamodb.ts';
import { CASE_INDEXES, CASE_LISTING, type DailyCounter, type MetricsItem, METRICS_BY_DAY_INDEX, type StoredCase, monthKey, monthOf } from '../shared/cases/model.ts';
import { addDays, thaiDay } from '../shared/cases/report.ts';
import { padCell } from '../shared/report/columns.ts';
import { Rng } from '../test/generate/random.ts';
import { PROVINCE_CODES, UNIT_KINDS, type Unit, type UnitKind } from '../shared/units.ts';

const ROOT = resolve(import.meta.dirname, '..');
const CALLS = Number(process.env.BENCH_CALLS ?? 40);
/** Days of the year on which a unit's website gave documents to scan (its unit-day items). */
const UNIT_DAYS = Number(process.env.BENCH_UNIT_DAYS ?? 4);

// The registry's proportions: local administrative organisations as Thailand counts them
// (76 PAOs, 30 city, 195 town and 2,247 subdistrict municipalities, 5,300 SAOs, Bangkok, Pattaya:
// 7,850), and the other state units (ministries' units with schools and hospitals among them).
const KIND_COUNTS: Record<UnitKind, number> = {
  'อบต.': 5300,
  เทศบาลตำบล: 2247,
  เทศบาลเมือง: 195,
  เทศบาลนคร: 30,
  'อบจ.': 76,
  กรุงเทพมหานคร: 1,
  เมืองพัทยา: 1,
  ส่วนราชการ: 20_000,
  รัฐวิสาหกิจ: 52,
  องค์การมหาชน: 60,
  หน่วยงานอื่นของรัฐ: 3599,
};
const LOCAL_KINDS: readonly UnitKind[] = ['อบต.', 'เทศบาลตำบล', 'เทศบาลเมือง', 'เทศบาลนคร', 'อบจ.', 'กรุงเทพมหานคร', 'เมืองพัทยา'];
const CASES = 6086;
const LOCAL_CASES = 2850;

// The test generator's seeded stream: the same data every run.
const rng = new Rng(20_561);
const provinces = Object.keys(PROVINCE_CODES);

function registry(): Unit[] {
  const units: Unit[] = [];
  for (const kind of UNIT_KINDS) {
    for (let i = 0; i < KIND_COUNTS[kind]; i++) {
      const province = kind === 'กรุงเทพมหานคร' ? 'กรุงเทพมหานคร' : kind === 'เมืองพัทยา' ? 'ชลบุรี' : kind === 'ส่วนราชการ' && rng.chance(0.2) ? 'กรุงเทพมหานคร' : rng.pick(provinces);
      units.push({ id: `u${units.length.toString().padStart(5, '0')}`, name: `${kind}ตัวอย่างที่ ${i + 1}`, kind, province, websites: [], hosts: [], contactEmails: ['dpo@example.go.th'] } as Unit);
    }
  }
  return units;
}

/** Adds a day's counters to an item of the map (day and month, as the notify function does). */
function add(items: Map<string, MetricsItem>, scope: string, period: string, counters: Partial<Record<DailyCounter, number>>): void {
  const item = items.get(`${scope} ${period}`) ?? { scope, day: period };
  for (const [name, value] of Object.entries(counters) as Array<[DailyCounter, number]>) item[name] = (item[name] ?? 0) + value;
  items.set(`${scope} ${period}`, item);
}

function figures(units: Unit[], lastDay: string): MetricsItem[] {
  const items = new Map<string, MetricsItem>();
  const days = Array.from({ length: 365 }, (_, i) => addDays(lastDay, i - 364));
  for (const unit of units) {
    for (let d = 0; d < UNIT_DAYS; d++) {
      const day = rng.pick(days);
      const scanned = rng.int(1, 8);
      const counters = { DocumentsScanned: scanned, DocumentsWithLeaks: rng.chance(0.05) ? 1 : 0, MaskedIdentifiers: rng.int(0, 19), ExposedNationalIds: rng.chance(0.05) ? 5 : 0 };
      for (const scope of ['all', `unit#${unit.id}`, `province#${unit.province}`, `kind#${unit.kind}`]) {
        add(items, scope, day, counters);
        add(items, scope, monthKey(monthOf(day)), counters);
      }
    }
  }
  return [...items.values()];
}

function cases(units: Unit[], lastDay: string): StoredCase[] {
  const local = units.filter((u) => LOCAL_KINDS.includes(u.kind as UnitKind));
  const other = units.filter((u) => !LOCAL_KINDS.includes(u.kind as UnitKind));
  const states = ['remediated', 'remediated', 'remediated', 'notified', 'escalated', 'open'] as const;
  return Array.from({ length: CASES }, (_, i) => {
    const unit = i < LOCAL_CASES ? rng.pick(local) : rng.pick(other);
    const openedAt = new Date(Date.parse(`${addDays(lastDay, -rng.int(0, 269))}T03:00:00Z`) + rng.int(0, 86_399_999)).toISOString();
    const state = rng.pick(states);
    const documentId = `https://www.${unit.id}.go.th/files/list-${i}.pdf`;
    const byType = { unmasked: 3, insufficient: 0, masked: 2, unreadable: 0 };
    return {
      caseId: `case-${i.toString().padStart(5, '0')}`,
      unitId: unit.id,
      unitName: unit.name,
      kind: unit.kind,
      province: unit.province,
      listing: CASE_LISTING,
      documentId,
      document: { bucket: 'ingest', key: `crawled/${unit.id}/list-${i}.pdf`, unitId: unit.id, origin: 'crawl', sourceUrl: documentId, format: 'pdf' },
      findings: [],
      counts: { byTypeAndStatus: { national_id: byType, phone: { ...byType, unmasked: 0 }, laser_code: { ...byType, unmasked: 0, masked: 0 } }, leaks: 3, persons: 3 },
      severity: rng.pick(['high', 'medium', 'low'] as const),
      severityReasons: [],
      state,
      openedAt,
      ...(state !== 'open' && { deadline: new Date(Date.parse(openedAt) + 72 * 3600_000).toISOString() }),
      history: [{ state, at: openedAt, reason: 'bench' }],
      emails: [],
      scannedAt: openedAt,
      version: 1,
    } as StoredCase;
  });
}

const quantile = (xs: number[], q: number): number => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))]!;

const stateDir = mkdtempSync(join(tmpdir(), 'leakscan-scale-'));
const aws = await startLocalAws({
  directory: join(stateDir, 'aws'),
  tables: { units: ['id'], cases: ['caseId'], metrics: ['scope', 'day'] },
  indexes: { cases: CASE_INDEXES, metrics: { [METRICS_BY_DAY_INDEX]: ['day', 'scope'] } },
});
let requests = 0;
// Every request the dashboard's client sends, counted.
aws.dynamodb.middlewareStack.add((next) => (args) => (requests++, next(args)), { step: 'initialize', name: 'countRequests' });
const db = documentClient(aws.dynamodb);

const today = thaiDay();
const units = registry();
const metricItems = figures(units, today);
const caseItems = cases(units, today);
const loadStarted = performance.now();
const load = async (table: string, items: readonly object[]) => {
  const lanes = 8;
  const size = Math.ceil(items.length / lanes);
  await Promise.all(Array.from({ length: lanes }, (_, i) => putItems(db, table, items.slice(i * size, (i + 1) * size))));
};
await load('units', units);
await load('metrics', metricItems);
await load('cases', caseItems);
console.log(`loaded ${units.length} units, ${metricItems.length} metrics items, ${caseItems.length} cases in ${((performance.now() - loadStarted) / 1000).toFixed(0)} s`);

const dashboard = await startDashboard({
  port: 0,
  db,
  tables: { cases: 'cases', metrics: 'metrics', units: 'units' },
  s3: aws.s3,
  bucket: 'none',
  mailboxUrl: 'http://127.0.0.1:1/',
  runCrawl: async () => ({}),
  runFollowUp: async () => ({}),
});

const someUnit = caseItems[0]!.unitId;
const calls: Array<[string, string]> = [
  ['overview (this month, 12-month trend, kinds, provinces)', '/api/overview'],
  ['cases: unresolved, newest first (page 1)', '/api/cases'],
  ['cases: province ชัยภูมิ, all states', `/api/cases?state=all&province=${encodeURIComponent('ชัยภูมิ')}`],
  ['cases: kind อบต., overdue', `/api/cases?kind=${encodeURIComponent('อบต.')}&overdue=1`],
  ['cases: severity high, opened last 30 days', `/api/cases?severity=high&from=${addDays(today, -30)}&to=${today}`],
  ['cases: text search, all states', '/api/cases?state=all&q=01234'],
  ['unit page', `/api/units/${someUnit}`],
  ['case page', `/api/cases/${caseItems[0]!.caseId}`],
];
console.log(`\n${CALLS} calls each, after one warm-up call; DynamoDB requests per call (most seen)`);
console.log('call'.padEnd(58), 'p50 ms'.padStart(8), 'p95 ms'.padStart(8), 'requests'.padStart(9), 'rows'.padStart(6));
for (const [name, path] of calls) {
  await fetch(new URL(path, dashboard.url));
  const times: number[] = [];
  let most = 0;
  let rows = 0;
  for (let i = 0; i < CALLS; i++) {
    requests = 0;
    const started = performance.now();
    const response = await fetch(new URL(path, dashboard.url));
    const body = (await response.json()) as { cases?: unknown[] };
    times.push(performance.now() - started);
    if (!response.ok) throw new Error(`${path}: HTTP ${response.status} ${JSON.stringify(body)}`);
    most = Math.max(most, requests);
    rows = body.cases?.length ?? 0;
  }
  console.log(padCell(name, 58), quantile(times, 0.5).toFixed(1).padStart(8), quantile(times, 0.95).toFixed(1).padStart(8), String(most).padStart(9), String(rows).padStart(6));
}

// The dashboard in Chromium, as a PDPC officer goes through it: the time from each action until
// the page shows its answer, then a screenshot of what it shows.
const CHROMIUM = '/usr/bin/chromium';
const SHOTS = join(ROOT, 'test-artifacts', 'scale');
const PROVINCE = 'ชัยภูมิ';
if (!existsSync(CHROMIUM)) console.log(`\nbrowser: skipped, ${CHROMIUM} is missing (apt-get install chromium)`);
else {
  mkdirSync(SHOTS, { recursive: true });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless', '--no-sandbox', '--disable-gpu'] });
  /** Runs a step, prints its time and keeps a screenshot of `shown` (after the step: it returns it). */
  const step = async (name: string, file: string, run: () => Promise<Locator>) => {
    const started = performance.now();
    const shown = await run();
    const ms = performance.now() - started;
    const error = shown.page().locator('#load-error');
    if (await error.isVisible()) throw new Error(`${name}: the page says ${await error.textContent()}`);
    await shown.screenshot({ path: join(SHOTS, file) });
    console.log(padCell(name, 58), ms.toFixed(0).padStart(8), `  ${file}`);
  };
  /** Until the case list shows a page (not loading), its page info. */
  const listShown = async (page: Page) => {
    await page.locator('#cases-table:not([aria-busy])').waitFor();
    const info = page.getByTestId('cases-page-info').filter({ hasText: /\S/, hasNotText: 'กำลังโหลด…' });
    await info.waitFor();
    return (await info.textContent())!;
  };
  const firstRow = (page: Page) => page.getByTestId('case-row').first().getAttribute('data-case-id');
  try {
    console.log(`\ndashboard in Chromium (${PROVINCE}'s cases), screenshots in ${SHOTS}`);
    console.log('step'.padEnd(58), 'ms'.padStart(8));
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('pageerror', (err) => console.log(`page error: ${err.message}`));
    await step('overview at 1280 px (figures, charts, tables, case list)', '1-overview.png', async () => {
      await page.goto(dashboard.url);
      await page.getByTestId('leak-rate').filter({ hasNotText: '–' }).waitFor();
      await page.locator('#by-province table').waitFor();
      await listShown(page);
      return page.locator('body');
    });
    let info = '';
    let first: string | null = null;
    await step(`cases of ${PROVINCE}, all states`, '2-cases-province.png', async () => {
      const loaded = page.waitForResponse((r) => /\/api\/cases\?/.test(r.url()) && new URL(r.url()).searchParams.get('province') === PROVINCE && new URL(r.url()).searchParams.get('state') === 'all');
      await page.getByTestId('filter-province').selectOption(PROVINCE);
      await page.getByTestId('filter-state').selectOption('all');
      await loaded;
      info = await listShown(page);
      first = await firstRow(page);
      return page.locator('#case-list');
    });
    await step('the next page', '3-cases-next-page.png', async () => {
      await page.getByTestId('cases-next').click();
      await page.getByTestId('cases-page-info').filter({ hasNotText: info }).waitFor();
      const next = await listShown(page);
      const nextFirst = await firstRow(page);
      if (next === info || nextFirst === first) throw new Error(`the next page shows the same list: "${info}" (${first}) → "${next}" (${nextFirst})`);
      console.log(`  page info "${info}" → "${next}", first case ${first} → ${nextFirst}`);
      return page.locator('#case-list');
    });
    const caseId = await firstRow(page);
    await step(`a case from the list (${caseId})`, '4-case.png', async () => {
      await page.getByTestId('case-row').first().locator('a[data-link="case"]').click();
      await page.getByTestId('case-detail').locator('code', { hasText: caseId! }).waitFor();
      return page.getByTestId('case-detail');
    });
    const unitId = caseItems.find((c) => c.caseId === caseId)!.unitId;
    await step(`its unit (${unitId})`, '5-unit.png', async () => {
      await page.getByTestId('case-detail').locator('a[data-link="unit"]').click();
      await page.getByTestId('unit-page').locator('code', { hasText: unitId }).waitFor();
      await page.getByTestId('unit-cases').waitFor();
      return page.getByTestId('unit-page');
    });
    const phone = await browser.newPage({ viewport: { width: 360, height: 800 } });
    phone.on('pageerror', (err) => console.log(`page error: ${err.message}`));
    await step(`the list at 360 px (${PROVINCE}, all states, opened anew)`, '6-cases-360.png', async () => {
      await phone.goto(new URL(`#cases?state=all&province=${encodeURIComponent(PROVINCE)}`, dashboard.url).href);
      await listShown(phone);
      return phone.locator('#case-list');
    });
  } finally {
    await browser.close();
  }
}

// `leakscan report --by province`, as a user runs it against the stack.
const env = { ...process.env, ...aws.env, LEAKSCAN_METRICS_TABLE: 'metrics', LEAKSCAN_UNITS_TABLE: 'units' };
const reportTimes: number[] = [];
for (let i = 0; i < 5; i++) {
  const started = performance.now();
  // Not spawnSync: the local servers answering it run in this process.
  const { stdout } = await promisify(execFile)(process.execPath, [join(ROOT, 'bin', 'leakscan.mjs'), 'report', '--by', 'province', '--format', 'json'], { env, maxBuffer: 64 * 1024 * 1024 });
  reportTimes.push(performance.now() - started);
  if (i === 0) console.log(`\nleakscan report --by province: ${(JSON.parse(stdout) as unknown[]).length} rows`);
}
console.log(`\nleakscan report --by province (last 30 days, 5 runs): median ${(quantile(reportTimes, 0.5) / 1000).toFixed(2)} s, slowest ${(Math.max(...reportTimes) / 1000).toFixed(2)} s`);

await dashboard.close();
await aws.stop();
rmSync(stateDir, { recursive: true, force: true });

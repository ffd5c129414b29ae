// The PDPC dashboard's server against real local servers: dynalite (units, cases, metrics with
// their indexes), s3rver (the ingest bucket) and aws-ses-v2-local (the notify function's e-mails).
// A case is made as the pipeline makes it: a real scan, its findings message, the notify handler.
import { request } from 'node:http';
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { caseNotices } from '../../functions/notify/case-notices.ts';
import { createHandler } from '../../functions/notify/handler.ts';
import { startDashboard } from '../../local/dashboard/server.ts';
import { documentClient, putItems, scanItems } from '../../shared/aws/dynamodb.ts';
import { sesClient } from '../../shared/aws/ses.ts';
import { CASE_INDEXES, type MetricsItem, type StoredCase } from '../../shared/cases/model.ts';
import { systemClock } from '../../shared/clock.ts';
import { addDays, thaiDay } from '../../shared/cases/report.ts';
import { documentReference, findingsMessage } from '../../shared/findings-message.ts';
import { scanDocument } from '../../shared/scan.ts';
import { lambdaContext, sqsRecord } from '../functions/lambda-events.ts';
import { UNREAD_DIGITS, fingerprint, unreadableFinding, withCheckDigit } from '../helpers.ts';
import { type LocalAws, startLocalAws } from '../../local/aws-servers.ts';

const IDS = [withCheckDigit('310140012345'), withCheckDigit('110170020345')];
const UNITS = [
  {
    id: 'tambon-a',
    name: 'องค์การบริหารส่วนตำบลทดสอบ',
    kind: 'อบต.',
    province: 'ชัยภูมิ',
    websites: ['https://tambon-a.go.th/'],
    hosts: [],
    contactEmails: ['dpo@tambon-a.go.th'],
    supervisorEmail: 'chaiyaphum@dla.go.th',
    coordinator: 'coordinator@tambon-a.go.th',
    // Its last crawl reached nothing.
    crawl: { at: '2026-11-21T01:00:00.000Z', fetched: 0, stored: 0, error: 'fetch failed: connect ECONNREFUSED' },
  },
  { id: 'muang-b', name: 'เทศบาลเมืองตัวอย่าง', kind: 'เทศบาลเมือง', province: 'จันทบุรี', websites: [], hosts: [], contactEmails: ['saraban@muang-b.go.th'] },
];
// Two days of figures: 2 of 6 documents leak (33.3%), 4 of 8 identifiers are masked (50%), and
// 3 regions could not be read (apart from both).
const METRICS: MetricsItem[] = [
  { scope: 'all', day: '2026-11-20', DocumentsScanned: 4, DocumentsWithLeaks: 1, ExposedNationalIds: 3, MaskedIdentifiers: 1, UnreadableFindings: 3 },
  { scope: 'all', day: '2026-11-21', DocumentsScanned: 2, DocumentsWithLeaks: 1, ExposedNationalIds: 1, MaskedIdentifiers: 3 },
  { scope: 'kind#อบต.', day: '2026-11-20', DocumentsScanned: 3, DocumentsWithLeaks: 1 },
  { scope: 'kind#อบต.', day: '2026-11-21', DocumentsScanned: 2, DocumentsWithLeaks: 1 },
  { scope: 'kind#เทศบาลเมือง', day: '2026-11-20', DocumentsScanned: 1, DocumentsWithLeaks: 0 },
  { scope: 'province#ชัยภูมิ', day: '2026-11-20', DocumentsScanned: 3, DocumentsWithLeaks: 1 },
  { scope: 'province#ชัยภูมิ', day: '2026-11-21', DocumentsScanned: 2, DocumentsWithLeaks: 1 },
  { scope: 'province#จันทบุรี', day: '2026-11-20', DocumentsScanned: 1, DocumentsWithLeaks: 0 },
  { scope: 'unit#tambon-a', day: '2026-11-20', DocumentsScanned: 3, DocumentsWithLeaks: 1 },
  // The same, as each day's figures are added to their month's too; and a month before.
  { scope: 'all', day: 'month#2026-11', DocumentsScanned: 6, DocumentsWithLeaks: 2, ExposedNationalIds: 4, MaskedIdentifiers: 4, UnreadableFindings: 3 },
  { scope: 'all', day: 'month#2026-10', DocumentsScanned: 10, DocumentsWithLeaks: 3 },
  { scope: 'kind#อบต.', day: 'month#2026-11', DocumentsScanned: 5, DocumentsWithLeaks: 2 },
  { scope: 'kind#เทศบาลเมือง', day: 'month#2026-11', DocumentsScanned: 1, DocumentsWithLeaks: 0 },
  { scope: 'province#ชัยภูมิ', day: 'month#2026-11', DocumentsScanned: 5, DocumentsWithLeaks: 2 },
  { scope: 'province#จันทบุรี', day: 'month#2026-11', DocumentsScanned: 1, DocumentsWithLeaks: 0 },
  { scope: 'unit#tambon-a', day: 'month#2026-11', DocumentsScanned: 3, DocumentsWithLeaks: 1 },
  // The registry, as the crawl planner last counted it in November (one province whose units
  // checked nothing), and at the end of October.
  ...((
    [
      ['all', 'registry#2026-11', 3, 1, 2, 1],
      ['kind#อบต.', 'registry#2026-11', 2, 1, 1, 0],
      ['province#ชัยภูมิ', 'registry#2026-11', 1, 1, 1, 0],
      ['province#ลำปาง', 'registry#2026-11', 1, 0, 0, 0],
      ['all', 'registry#2026-10', 2, 0, 1, 0],
    ] as const
  ).map(([scope, day, units, coordinator, website, unreachable]) => ({
    scope,
    day,
    countedAt: `${day.slice(9)}-21T01:00:00.000Z`,
    Units: units,
    UnitsWithCoordinator: coordinator,
    UnitsWithWebsite: website,
    WebsitesUnreachable: unreachable,
  })) as unknown as MetricsItem[]),
];
const HOUR = 3600_000;

let aws: LocalAws;
let dashboard: { url: string; close(): Promise<void> };
let notifiedCase: StoredCase;

/** The case the pipeline opens and notifies for an upload of a CSV list with full IDs beside names. */
async function caseFromPipeline(): Promise<StoredCase> {
  const settings = { from: 'leakscan@pdpc.or.th', replyTo: 'eagle-eye@pdpc.or.th', pdpcEmail: 'eagle-eye@pdpc.or.th' };
  const handler = createHandler(caseNotices(documentClient(aws.dynamodb), sesClient(), { cases: 'cases', metrics: 'metrics', units: 'units' }, settings, systemClock));
  const csv = ['ลำดับ,ชื่อ-สกุล,ที่อยู่,เลขประจำตัวประชาชน', ...IDS.map((id, i) => `${i + 1},นางสมศรี ใจดี${i},12 หมู่ 3 ต.ทดสอบ,${id}`)].join('\n');
  const key = 'uploads/tambon-a/รายชื่อ.csv';
  const result = await scanDocument(key, new TextEncoder().encode(csv), { fingerprint });
  const message = findingsMessage(documentReference({ bucket: 'ingest', key, versionId: 'v1' }), result, new Date());
  // The handler logs and emits metrics on stdout.
  const write = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  const response = await handler({ Records: [sqsRecord(JSON.stringify(message))] }, lambdaContext('notify')).finally(() => write.mockRestore());
  expect(response.batchItemFailures).toEqual([]);
  const [stored] = (await scanItems<StoredCase>(documentClient(aws.dynamodb), 'cases')).filter((c) => c.state);
  expect(stored).toMatchObject({ state: 'notified', unitId: 'tambon-a' });
  return stored!;
}

/** Cases in other states, shaped as the store keeps them. */
function otherCases(base: StoredCase): StoredCase[] {
  const at = (hoursFromNow: number) => new Date(Date.now() + hoursFromNow * HOUR).toISOString();
  const like = (caseId: string, state: StoredCase['state'], documentId: string, openedAt: string, deadline?: string): StoredCase => {
    const c: StoredCase = {
      ...base,
      caseId,
      state,
      unitId: 'muang-b',
      unitName: 'เทศบาลเมืองตัวอย่าง',
      kind: 'เทศบาลเมือง',
      province: 'จันทบุรี',
      documentId,
      document: { ...base.document, origin: 'crawl', sourceUrl: documentId },
      openedAt,
      history: [{ state, at: openedAt, reason: 'test' }],
    };
    if (deadline) c.deadline = deadline;
    else delete c.deadline;
    return c;
  };
  return [
    // A link may carry a person's number.
    like('overdue-case', 'escalated', `https://muang-b.go.th/docs/${IDS[1]}.pdf`, at(-100), at(-28)),
    // One ID with a single digit masked, which its check digit gives back, and a region OCR could not read.
    // On a site with a port and a year in its path: both stay, so that the link opens.
    {
      ...like('fresh-case', 'open', 'http://muang-b.go.th:8085/docs/2569/new.pdf', at(-1)),
      findings: [{ ...base.findings[0]!, status: 'insufficient', candidates: 1 }],
      unreadable: [unreadableFinding()],
      counts: { ...base.counts, byTypeAndStatus: { ...base.counts.byTypeAndStatus, national_id: { ...base.counts.byTypeAndStatus.national_id, unreadable: 1 } } },
    },
    like('done-case', 'remediated', 'https://muang-b.go.th/docs/old.pdf', at(-200), at(-130)),
  ];
}

beforeAll(async () => {
  aws = await startLocalAws({
    buckets: ['ingest'],
    tables: { units: ['id'], cases: ['caseId'], metrics: ['scope', 'day'], 'crawl-state': ['unitId', 'url'] },
    indexes: { cases: CASE_INDEXES, metrics: { byDay: ['day', 'scope'] } },
    ses: true,
  });
  const db = documentClient(aws.dynamodb);
  await putItems(db, 'units', UNITS);
  await putItems(db, 'metrics', METRICS);
  // What an earlier crawl kept of tambon-a's website: a list named after a person's number, in a year's folder.
  await putItems(db, 'crawl-state', [
    { unitId: 'tambon-a', url: `https://tambon-a.go.th/files/2569/${IDS[0]}.pdf`, fetchedAt: '2026-11-20T01:00:00.000Z', format: 'pdf', sha256: 'x', key: 'crawled/tambon-a/x.pdf' },
    { unitId: 'tambon-a', url: 'https://tambon-a.go.th/', fetchedAt: '2026-11-20T00:59:00.000Z', format: 'html', sha256: 'y', key: 'crawled/tambon-a/y.html' },
  ]);
  notifiedCase = await caseFromPipeline();
  for (const c of otherCases(notifiedCase)) await db.send(new PutCommand({ TableName: 'cases', Item: c }));
  dashboard = await startDashboard({
    port: 0,
    db,
    tables: { cases: 'cases', metrics: 'metrics', units: 'units', crawlState: 'crawl-state' },
    s3: aws.s3,
    bucket: 'ingest',
    mailboxUrl: `${aws.env.AWS_ENDPOINT_URL_SESV2}/`,
    runCrawl: async () => ({ units: 2, documents: 5 }),
    runFollowUp: async () => {
      throw new Error('follow-up failed: the queue is down');
    },
  });
}, 60_000);
afterAll(async () => {
  await dashboard?.close();
  await aws?.stop();
});

const api = (path: string, init?: RequestInit) => fetch(new URL(path, dashboard.url), init);
const getJson = async <T = Record<string, unknown>>(path: string): Promise<T> => {
  const response = await api(path);
  expect(response.status).toBe(200);
  return (await response.json()) as T;
};

/** A request with its path sent as written (fetch would resolve `..` before sending). */
function rawRequest(path: string, options: { method?: string; headers?: Record<string, string> } = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const { hostname, port } = new URL(dashboard.url);
    const req = request({ host: hostname, port, path, ...options }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('dashboard server', { timeout: 60_000 }, () => {
  it('reads a month’s figures from pre-added scopes: its total, its days, its kinds and provinces, and the twelve months ending with it', async () => {
    const overview = await getJson<{
      month: string;
      months: Array<Record<string, unknown>>;
      total: Record<string, unknown>;
      days: Array<Record<string, unknown>>;
      byKind: Array<Record<string, unknown>>;
      byProvince: Array<Record<string, unknown>>;
      registry: unknown;
    }>('/api/overview?month=2026-11');
    expect(overview.month).toBe('2026-11');
    expect(overview.total).toMatchObject({ documentsScanned: 6, documentsWithLeaks: 2, leakRatePercent: 33.3, maskedIdentifiers: 4, maskingCompliancePercent: 50, unreadableFindings: 3 });
    expect(overview.months.map((m) => m.group)).toEqual(['2025-12', '2026-01', '2026-02', '2026-03', '2026-04', '2026-05', '2026-06', '2026-07', '2026-08', '2026-09', '2026-10', '2026-11']);
    // A month without scans is a gap in the line, not a zero.
    expect(overview.months.slice(-3).map((m) => m.leakRatePercent)).toEqual([null, 30, 33.3]);
    expect(overview.days).toHaveLength(30);
    expect(overview.days.slice(18, 21).map((d) => [d.group, d.leakRatePercent])).toEqual([
      ['2026-11-19', null],
      ['2026-11-20', 25],
      ['2026-11-21', 50],
    ]);
    // Each kind and province with the registry's figures of the month; one that checked nothing, too.
    const registry = (units: number, coordinator: number, website: number, unreachable: number) => ({
      units,
      unitsWithCoordinator: coordinator,
      unitsWithWebsite: website,
      websitesUnreachable: unreachable,
    });
    expect(overview.byKind.map((r) => [r.group, r.documentsScanned, r.leakRatePercent, r.registry])).toEqual([
      ['อบต.', 5, 40, registry(2, 1, 1, 0)],
      ['เทศบาลเมือง', 1, 0, null],
    ]);
    expect(overview.byProvince.map((r) => [r.group, r.leakRatePercent, r.registry])).toEqual([
      ['ชัยภูมิ', 40, registry(1, 1, 1, 0)],
      ['จันทบุรี', 0, null],
      ['ลำปาง', null, registry(1, 0, 0, 0)],
    ]);
    expect(overview.registry).toEqual({ countedAt: '2026-11-21T01:00:00.000Z', all: registry(3, 1, 2, 1) });
    // The registry as it stood in each month of the trend, where it was counted.
    expect(overview.months.slice(-3).map((m) => m.registry)).toEqual([null, registry(2, 0, 1, 0), registry(3, 1, 2, 1)]);
    // A month the planner did not count in has no registry figures.
    expect((await getJson<{ registry: unknown }>('/api/overview?month=2026-09')).registry).toBeNull();
  });

  it('reads this month in Thailand by default, and refuses a month that is not one', async () => {
    const overview = await getJson<{ month: string; days: unknown[] }>('/api/overview');
    expect(overview.month).toBe(thaiDay().slice(0, 7));
    for (const query of ['month=2026-13', 'month=2026-1', 'month=nov']) {
      const response = await api(`/api/overview?${query}`);
      expect([query, response.status]).toEqual([query, 400]);
    }
  });

  it('lists the cases not remediated, newest first, each with its unit, kind and province, its time left, and a web page’s address to open', async () => {
    const response = await api('/api/cases');
    const text = await response.text();
    expect(text).not.toContain(IDS[1]);
    const { cases, next } = JSON.parse(text) as { cases: Array<Record<string, unknown>>; next: string | null };
    expect(next).toBeNull();
    expect(cases.map((c) => [c.caseId, c.state, c.overdue])).toEqual([
      [notifiedCase.caseId, 'notified', false],
      ['fresh-case', 'open', false],
      ['overdue-case', 'escalated', true],
    ]);
    expect(cases[0]).toMatchObject({
      unitId: 'tambon-a',
      unitName: 'องค์การบริหารส่วนตำบลทดสอบ',
      kind: 'อบต.',
      province: 'ชัยภูมิ',
      documentId: 's3://ingest/uploads/tambon-a/รายชื่อ.csv',
      documentUrl: null,
      severity: notifiedCase.severity,
      deadline: notifiedCase.deadline,
      hoursLeft: expect.any(Number),
      leaks: 2,
      unreadable: 0,
    });
    expect(cases[0]!.hoursLeft).toBeGreaterThan(70);
    // A number in an address is masked for reading; in the link only a person's number is, never the host, port or a year.
    expect(cases[2]).toMatchObject({
      unitName: 'เทศบาลเมืองตัวอย่าง',
      documentId: 'https://muang-b.go.th/docs/XXXXXXXXXXXXX.pdf',
      documentUrl: 'https://muang-b.go.th/docs/XXXXXXXXXXXXX.pdf',
      hoursLeft: -28,
    });
    expect(cases[1]).toMatchObject({
      deadline: null,
      hoursLeft: null,
      leaks: 2,
      unreadable: 1,
      documentId: 'http://muang-b.go.th:8085/docs/2569/new.pdf',
      documentUrl: 'http://muang-b.go.th:8085/docs/2569/new.pdf',
    });
  });

  it('filters the list on the server: state, severity, unit, kind, province, overdue, opening days and text', async () => {
    const ids = async (query: string) => (await getJson<{ cases: Array<{ caseId: string }> }>(`/api/cases?${query}`)).cases.map((c) => c.caseId);
    expect(await ids('state=all')).toEqual([notifiedCase.caseId, 'fresh-case', 'overdue-case', 'done-case']);
    expect(await ids('state=remediated')).toEqual(['done-case']);
    expect(await ids('unit=tambon-a')).toEqual([notifiedCase.caseId]);
    expect(await ids('province=จันทบุรี&state=all')).toEqual(['fresh-case', 'overdue-case', 'done-case']);
    expect(await ids('kind=อบต.')).toEqual([notifiedCase.caseId]);
    expect(await ids('overdue=1')).toEqual(['overdue-case']);
    expect(await ids(`severity=${notifiedCase.severity}&unit=tambon-a`)).toEqual([notifiedCase.caseId]);
    expect(await ids('q=ตัวอย่าง')).toEqual(['fresh-case', 'overdue-case']);
    expect(await ids('q=FRESH')).toEqual(['fresh-case']);
    // A case's ID finds that case (when the other filters let it); a unit's ID, that unit's cases.
    expect(await ids(`q=${notifiedCase.caseId}`)).toEqual([notifiedCase.caseId]);
    expect(await ids('q=done-case')).toEqual([]);
    expect(await ids('q=done-case&state=all')).toEqual(['done-case']);
    expect(await ids('q=muang-b&state=all')).toEqual(['fresh-case', 'overdue-case', 'done-case']);
    const today = thaiDay();
    expect(await ids(`from=${today}&to=${today}`)).toEqual(expect.arrayContaining([notifiedCase.caseId]));
    expect(await ids(`to=${addDays(today, -6)}&state=all`)).toEqual(['done-case']);
    for (const query of ['state=closed', 'severity=extreme', 'from=2026-02-30', 'from=2026-11-22&to=2026-11-21', 'limit=0', 'limit=101', 'cursor=abc']) {
      const response = await api(`/api/cases?${query}`);
      expect([query, response.status]).toEqual([query, 400]);
      expect(((await response.json()) as { error: string }).error).toBeTruthy();
    }
  });

  it('pages the list on the server: a page at a time, each going on where the last stopped', async () => {
    const seen: string[] = [];
    let cursor: string | null = '';
    for (let page = 0; cursor !== null && page < 10; page++) {
      const answer: { cases: Array<{ caseId: string }>; next: string | null } = await getJson(`/api/cases?state=all&limit=1${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...answer.cases.map((c) => c.caseId));
      cursor = answer.next;
    }
    expect(seen).toEqual([notifiedCase.caseId, 'fresh-case', 'overdue-case', 'done-case']);
    // Another filter's cursor starts nothing.
    const first = await getJson<{ next: string }>('/api/cases?state=all&limit=1');
    expect((await api(`/api/cases?unit=tambon-a&cursor=${first.next}`)).status).toBe(400);
  });

  it('shows a unit’s page: its registry entry, its twelve months, its cases; 404 for a unit it does not know', async () => {
    const page = await getJson<{ unit: Record<string, unknown>; months: Array<Record<string, unknown>>; cases: Array<{ caseId: string }>; crawl: unknown }>('/api/units/tambon-a');
    expect(page.unit).toMatchObject({ id: 'tambon-a', name: 'องค์การบริหารส่วนตำบลทดสอบ', kind: 'อบต.', province: 'ชัยภูมิ', contactEmails: ['dpo@tambon-a.go.th'] });
    expect(page.months).toHaveLength(12);
    expect(page.months.find((m) => m.group === '2026-11')).toMatchObject({ documentsScanned: 3, documentsWithLeaks: 1 });
    expect(page.cases.map((c) => c.caseId)).toEqual([notifiedCase.caseId]);
    expect(page.unit).toMatchObject({ coordinator: 'coordinator@tambon-a.go.th' });
    expect(page.crawl).toEqual({
      lastCrawledAt: '2026-11-21T01:00:00.000Z',
      pages: 0,
      stored: 0,
      unreachable: true,
      lastError: 'fetch failed: connect ECONNREFUSED',
      documents: 2,
      // Newest first, each by its address as it opens: the year stays, the person's number does not.
      recentDocuments: [
        { url: 'https://tambon-a.go.th/files/2569/XXXXXXXXXXXXX.pdf', fetchedAt: '2026-11-20T01:00:00.000Z', format: 'pdf' },
        { url: 'https://tambon-a.go.th/', fetchedAt: '2026-11-20T00:59:00.000Z', format: 'html' },
      ],
    });
    expect(JSON.stringify(page)).not.toContain(IDS[0]);
    const unknown = await api('/api/units/no-such-unit');
    expect([unknown.status, await unknown.json()]).toEqual([404, { error: 'no such unit' }]);
  });

  it('shows a case with its findings masked and located, its e-mails and history, never an excerpt or a full ID', async () => {
    const response = await api(`/api/cases/${notifiedCase.caseId}`);
    expect(response.status).toBe(200);
    const text = await response.text();
    for (const id of IDS) expect(text).not.toContain(id);
    expect(text).not.toMatch(/excerpt/);
    expect(text).not.toMatch(/\d{9}/);
    const detail = JSON.parse(text);
    expect(detail).toMatchObject({
      caseId: notifiedCase.caseId,
      state: 'notified',
      severity: notifiedCase.severity,
      severityReasons: notifiedCase.severityReasons,
      document: { format: 'csv', origin: 'upload' },
    });
    expect(detail.findings).toHaveLength(2);
    for (const finding of detail.findings) {
      expect(Object.keys(finding).sort()).toEqual(['candidates', 'display', 'recoverable', 'status', 'type', 'where']);
      expect(finding).toMatchObject({ type: 'national_id', status: 'unmasked', candidates: 1, recoverable: false });
      expect(finding.display).toMatch(/^X-XXXX-XXXX\d-\d\d-\d$/);
      expect(finding.where).toMatch(/เซลล์ D\d/);
    }
    expect(detail.emails).toEqual([{ kind: 'notice', at: expect.any(String), to: ['dpo@tambon-a.go.th'], cc: ['chaiyaphum@dla.go.th'] }]);
    expect(detail.history.map((event: { state: string }) => event.state)).toEqual(['open', 'notified']);
  });

  it('shows a web document’s address as it opens: host and port whole, only a person’s number masked', async () => {
    const detail = await getJson<{ document: { sourceUrl: string } }>('/api/cases/overdue-case');
    expect(detail.document.sourceUrl).toBe('https://muang-b.go.th/docs/XXXXXXXXXXXXX.pdf');
    expect((await getJson<{ document: { sourceUrl: string } }>('/api/cases/fresh-case')).document.sourceUrl).toBe('http://muang-b.go.th:8085/docs/2569/new.pdf');
  });

  it('says beside a finding whether its masked digits can be recovered from the check digit', async () => {
    const detail = await getJson<{ findings: Array<Record<string, unknown>> }>('/api/cases/fresh-case');
    expect(detail.findings).toEqual([expect.objectContaining({ type: 'national_id', status: 'insufficient', candidates: 1, recoverable: true })]);
  });

  it('shows the regions OCR could not read apart from the findings, without an excerpt or any of their digits', async () => {
    const response = await api('/api/cases/fresh-case');
    const text = await response.text();
    expect(text).not.toMatch(/excerpt/);
    expect(text.replace(/\D/g, '')).not.toContain(UNREAD_DIGITS);
    const detail = JSON.parse(text);
    expect(detail.unreadable).toEqual([{ display: '?-????-?????-??-?', type: 'national_id', status: 'unreadable', where: 'หน้า 2, บรรทัด 2' }]);
    expect(detail.findings.map((f: { status: string }) => f.status)).toEqual(['insufficient']);
    expect((await getJson<{ unreadable: unknown[] }>(`/api/cases/${notifiedCase.caseId}`)).unreadable).toEqual([]);
  });

  it('answers 404 in JSON for an unknown case, and for the store’s change markers', async () => {
    const [marker] = (await scanItems<{ caseId: string; state?: string }>(documentClient(aws.dynamodb), 'cases')).filter((item) => !item.state);
    for (const caseId of ['no-such-case', encodeURIComponent(marker!.caseId)]) {
      const response = await api(`/api/cases/${caseId}`);
      expect(response.status).toBe(404);
      expect(response.headers.get('content-type')).toMatch(/^application\/json/);
      expect(await response.json()).toEqual({ error: 'no such case' });
    }
  });

  it('runs a crawl or a follow-up on request: its result as JSON, its error as a 500 with the message', async () => {
    const crawl = await api('/api/crawl', { method: 'POST' });
    expect([crawl.status, await crawl.json()]).toEqual([200, { units: 2, documents: 5 }]);
    const followUp = await api('/api/follow-up', { method: 'POST' });
    expect([followUp.status, await followUp.json()]).toEqual([500, { error: 'follow-up failed: the queue is down' }]);
    expect((await api('/api/crawl')).status).toBe(405);
  });

  it('refuses requests another site’s page or another host name makes', async () => {
    const crossSite = await api('/api/crawl', { method: 'POST', headers: { origin: 'https://evil.example' } });
    expect(crossSite.status).toBe(403);
    expect((await rawRequest('/api/cases', { headers: { host: 'rebound.example:80' } })).status).toBe(403);
  });

  it('serves the Thai page, its script and style, with their types, and nothing else', async () => {
    const page = await api('/');
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const html = await page.text();
    expect(html).toContain('<html lang="th">');
    expect(html).toContain('ภาพรวมรายเดือน');
    expect(html).toContain(`href="${aws.env.AWS_ENDPOINT_URL_SESV2}/"`);
    for (const testId of ['leak-rate', 'cases-table', 'case-detail', 'clerk-link', 'case-filter', 'cases-next', 'month-select', 'trend-chart', 'legend', 'crawl-now', 'follow-up-now', 'mailbox-link'])
      expect(html).toContain(`data-testid="${testId}"`);
    expect((await api('/app.js')).headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect((await api('/style.css')).headers.get('content-type')).toBe('text/css; charset=utf-8');
    for (const path of ['/', '/app.js', '/api/cases', '/nope']) expect((await api(path)).headers.get('cache-control')).toBe('no-store');

    for (const path of ['/nope', '/server.ts', '/../package.json', '/%2e%2e/package.json', '/..%2fpackage.json', '/api/../../package.json']) {
      const response = await rawRequest(path);
      expect([path, response.status]).toEqual([path, 404]);
      expect(response.body).not.toContain('leakscan');
    }
  });
});

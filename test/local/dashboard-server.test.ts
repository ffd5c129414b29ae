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
import type { MetricsItem, StoredCase } from '../../shared/cases/model.ts';
import { systemClock } from '../../shared/clock.ts';
import { DEFAULT_REPORT_DAYS, addDays, thaiDay } from '../../shared/cases/report.ts';
import { documentReference, findingsMessage } from '../../shared/findings-message.ts';
import { scanDocument } from '../../shared/scan.ts';
import { lambdaContext, sqsRecord } from '../functions/lambda-events.ts';
import { UNREAD_DIGITS, fingerprint, unreadableFinding, withCheckDigit } from '../helpers.ts';
import { type LocalAws, startLocalAws } from '../../local/aws-servers.ts';

const IDS = [withCheckDigit('310140012345'), withCheckDigit('110170020345')];
const UNITS = [
  { id: 'tambon-a', name: 'องค์การบริหารส่วนตำบลทดสอบ', kind: 'อบต.', province: 'ชัยภูมิ', websites: [], hosts: [], contactEmails: ['dpo@tambon-a.go.th'], supervisorEmail: 'chaiyaphum@dla.go.th' },
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
    const c: StoredCase = { ...base, caseId, state, unitId: 'muang-b', documentId, openedAt, history: [{ state, at: openedAt, reason: 'test' }] };
    if (deadline) c.deadline = deadline;
    else delete c.deadline;
    return c;
  };
  return [
    // A link may carry a person's number.
    like('overdue-case', 'escalated', `https://muang-b.go.th/docs/${IDS[1]}.pdf`, at(-100), at(-28)),
    // One ID with a single digit masked, which its check digit gives back, and a region OCR could not read.
    { ...like('fresh-case', 'open', 'https://muang-b.go.th/docs/new.pdf', at(-1)), findings: [{ ...base.findings[0]!, status: 'insufficient', candidates: 1 }], unreadable: [unreadableFinding()] },
    like('done-case', 'remediated', 'https://muang-b.go.th/docs/old.pdf', at(-200), at(-130)),
  ];
}

beforeAll(async () => {
  aws = await startLocalAws({
    buckets: ['ingest'],
    tables: { units: ['id'], cases: ['caseId'], metrics: ['scope', 'day'] },
    indexes: { cases: { byState: ['state', 'openedAt'] }, metrics: { byDay: ['day', 'scope'] } },
    ses: true,
  });
  const db = documentClient(aws.dynamodb);
  await putItems(db, 'units', UNITS);
  await putItems(db, 'metrics', METRICS);
  notifiedCase = await caseFromPipeline();
  for (const c of otherCases(notifiedCase)) await db.send(new PutCommand({ TableName: 'cases', Item: c }));
  dashboard = await startDashboard({
    port: 0,
    db,
    tables: { cases: 'cases', metrics: 'metrics', units: 'units' },
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
  it('sums the figures of a range of days from the byDay index: leak rate, masking compliance, per day, kind and province', async () => {
    const overview = await getJson<{
      from: string;
      to: string;
      total: Record<string, unknown>;
      days: Array<Record<string, unknown>>;
      byKind: Array<Record<string, unknown>>;
      byProvince: Array<Record<string, unknown>>;
    }>('/api/overview?from=2026-11-19&to=2026-11-21');
    expect(overview.total).toMatchObject({ documentsScanned: 6, documentsWithLeaks: 2, leakRatePercent: 33.3, maskedIdentifiers: 4, maskingCompliancePercent: 50, unreadableFindings: 3 });
    // A day without scans is a gap in the line, not a zero.
    expect(overview.days.map((d) => [d.group, d.leakRatePercent])).toEqual([
      ['2026-11-19', null],
      ['2026-11-20', 25],
      ['2026-11-21', 50],
    ]);
    expect(overview.byKind.map((r) => [r.group, r.documentsScanned, r.leakRatePercent])).toEqual([
      ['อบต.', 5, 40],
      ['เทศบาลเมือง', 1, 0],
    ]);
    expect(overview.byProvince.map((r) => [r.group, r.leakRatePercent])).toEqual([
      ['ชัยภูมิ', 40],
      ['จันทบุรี', 0],
    ]);
  });

  it('reads the last days up to today in Thailand by default, and refuses a bad range', async () => {
    const today = thaiDay();
    const overview = await getJson<{ from: string; to: string; days: unknown[] }>('/api/overview');
    expect([overview.from, overview.to]).toEqual([addDays(today, -DEFAULT_REPORT_DAYS), today]);
    expect(overview.days).toHaveLength(DEFAULT_REPORT_DAYS + 1);
    for (const query of ['from=2026-02-30', 'from=2026-11-22&to=2026-11-21', 'from=2020-01-01&to=2026-01-01']) {
      const response = await api(`/api/overview?${query}`);
      expect(response.status).toBe(400);
      expect(((await response.json()) as { error: string }).error).toBeTruthy();
    }
  });

  it('lists the cases not remediated, overdue first, then by deadline, then newest, with their unit names', async () => {
    const response = await api('/api/cases');
    const text = await response.text();
    expect(text).not.toContain(IDS[1]);
    const { cases } = JSON.parse(text) as { cases: Array<Record<string, unknown>> };
    expect(cases.map((c) => [c.caseId, c.state, c.overdue])).toEqual([
      ['overdue-case', 'escalated', true],
      [notifiedCase.caseId, 'notified', false],
      ['fresh-case', 'open', false],
    ]);
    expect(cases[1]).toMatchObject({
      unitId: 'tambon-a',
      unitName: 'องค์การบริหารส่วนตำบลทดสอบ',
      documentId: 's3://ingest/uploads/tambon-a/รายชื่อ.csv',
      severity: notifiedCase.severity,
      deadline: notifiedCase.deadline,
      leaks: 2,
      unreadable: 0,
    });
    expect(cases[0]).toMatchObject({ unitName: 'เทศบาลเมืองตัวอย่าง', documentId: 'https://muang-b.go.th/docs/XXXXXXXXXXXXX.pdf' });
    expect(cases[2]).toMatchObject({ deadline: null, leaks: 2, unreadable: 1 });
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
      expect(finding.where).toMatch(/cell D\d/);
    }
    expect(detail.emails).toEqual([{ kind: 'notice', at: expect.any(String), to: ['dpo@tambon-a.go.th'], cc: ['chaiyaphum@dla.go.th'] }]);
    expect(detail.history.map((event: { state: string }) => event.state)).toEqual(['open', 'notified']);
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
    expect(detail.unreadable).toEqual([{ display: '?-????-?????-??-?', type: 'national_id', status: 'unreadable', where: 'page 2, line 2, column 34' }]);
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
    expect(html).toContain('เคสที่ยังไม่แก้ไข');
    expect(html).toContain(`href="${aws.env.AWS_ENDPOINT_URL_SESV2}/"`);
    for (const testId of ['leak-rate', 'cases-table', 'case-detail', 'clerk-link', 'crawl-now', 'follow-up-now', 'mailbox-link']) expect(html).toContain(`data-testid="${testId}"`);
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

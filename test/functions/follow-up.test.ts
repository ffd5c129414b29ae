// The follow-up function against the fixture website on 127.0.0.1, with cases made as the
// pipeline makes them (crawled documents in s3rver, scanned, recorded and notified by the notify
// function), DynamoDB in dynalite and e-mail in aws-ses-v2-local: a document removed, a
// document republished masked, and one left as it was past the deadline. Both functions share
// a fake clock: the deadline passes without waiting for it.
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import type { Context } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { SqsBatchHandler } from '../../functions/lambda.ts';
import { caseNotices } from '../../functions/notify/case-notices.ts';
import { type FollowUpSummary, createHandler as createFollowUp } from '../../functions/notify/follow-up.ts';
import { createHandler as createNotify } from '../../functions/notify/handler.ts';
import { documentClient, monthScopes, putItems, scanItems } from '../../shared/aws/dynamodb.ts';
import { sesClient } from '../../shared/aws/ses.ts';
import { CASE_INDEXES, type MetricsItem, type StoredCase, monthKey, monthOf, monthOfKey } from '../../shared/cases/model.ts';
import { registryFigures } from '../../shared/cases/registry-figures.ts';
import { thaiDay } from '../../shared/cases/report.ts';
import { PROVINCE_CODES, UNIT_KIND_CODES, type Unit } from '../../shared/units.ts';
import { crawledMetadata, fetchedDocument } from '../../shared/crawl/crawl.ts';
import { SafeFetcher } from '../../shared/crawl/fetcher.ts';
import { documentReference, findingsMessage } from '../../shared/findings-message.ts';
import { scanDocument } from '../../shared/scan.ts';
import { type FixtureSite, SITE_ID, startFixtureSite } from '../crawl/fixture-site.ts';
import { fingerprint } from '../helpers.ts';
import { type LocalAws, startLocalAws } from '../../local/aws-servers.ts';
import { FakeClock } from '../fake-clock.ts';
import { lambdaContext, sqsRecord } from './lambda-events.ts';

const BUCKET = 'ingest';
const UNIT: Unit = {
  id: 'tambon-f',
  name: 'เทศบาลตำบลติดตาม',
  kind: 'เทศบาลตำบล',
  province: 'น่าน',
  websites: [],
  hosts: ['127.0.0.1'],
  contactEmails: ['saraban@tambon-f.go.th'],
  supervisorEmail: 'nan@dla.go.th',
};
let aws: LocalAws;
let site: FixtureSite;
const clock = new FakeClock();
const SETTINGS = { from: 'leakscan@pdpc.or.th', replyTo: 'eagle-eye@pdpc.or.th', pdpcEmail: 'eagle-eye@pdpc.or.th' };
// The site is on this machine.
const fetcher = new SafeFetcher({ allowLoopback: true });
let notify: SqsBatchHandler;
let followUp: (event: unknown, context: Context) => Promise<FollowUpSummary>;

beforeAll(async () => {
  aws = await startLocalAws({
    buckets: [BUCKET],
    tables: { units: ['id'], cases: ['caseId'], metrics: ['scope', 'day'] },
    indexes: { cases: CASE_INDEXES, metrics: { byDay: ['day', 'scope'] } },
    ses: true,
  });
  site = await startFixtureSite({ oversizedBytes: 10, slowMs: 0 });
  await putItems(documentClient(aws.dynamodb), 'units', [UNIT]);
  const notices = caseNotices(db(), sesClient(), { cases: 'cases', metrics: 'metrics', units: 'units' }, SETTINGS, clock);
  notify = createNotify(notices);
  followUp = createFollowUp({ ...notices, fetcher, s3: aws.s3, bucket: BUCKET, monthScopes: (month) => monthScopes(db(), 'metrics', month) });
});
afterAll(async () => {
  await fetcher.close();
  await site?.close();
  await aws?.stop();
});

const db = () => documentClient(aws.dynamodb);
const cases = async () => (await scanItems<StoredCase>(db(), 'cases')).filter((c) => c.state);
const caseOf = async (path: string) => (await cases()).find((c) => c.documentId === `${site.origin}${path}`)!;
const mailbox = async () =>
  ((await (await fetch(`${aws.env.AWS_ENDPOINT_URL_SESV2}/store`)).json()) as { emails: Array<{ destination: { to: string[]; cc: string[] }; subject: string; body: { text: string; html: string } }> })
    .emails;

/** What the pipeline does with a crawled document: store it, scan it, and hand the findings to the notify function. */
async function publish(key: string, bytes: Uint8Array, sourceUrl: string, scannedAt: Date): Promise<void> {
  const result = await scanDocument(key, bytes, { fingerprint });
  const message = findingsMessage(documentReference({ bucket: BUCKET, key, sourceUrl }), result, scannedAt);
  expect((await notify({ Records: [sqsRecord(JSON.stringify(message), key)] }, lambdaContext('notify'))).batchItemFailures).toEqual([]);
}

async function crawlAndNotify(path: string): Promise<void> {
  const url = new URL(`${site.origin}${path}`);
  const bytes = new Uint8Array(await (await fetch(url)).arrayBuffer());
  const { key } = fetchedDocument(UNIT.id, url, bytes);
  await aws.s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: bytes, Metadata: crawledMetadata(url.href, clock.now().toISOString(), UNIT.id) }));
  await publish(key!, bytes, url.href, clock.now());
}

describe('follow-up function', { timeout: 60_000 }, () => {
  it('remediates a removed document, sends a changed one to be scanned again, and escalates one left exposed past its deadline', async () => {
    for (const path of ['/docs/list.csv', '/docs/moved.csv', '/docs/list.xlsx']) await crawlAndNotify(path);
    expect((await cases()).map((c) => c.state)).toEqual(['notified', 'notified', 'notified']);
    const notices = (await mailbox()).length;
    // The 72 hours pass.
    clock.advance(73 * 3600_000);
    site.removeDocument('/docs/list.csv');
    const masked = `ลำดับ,ชื่อ-สกุล,เลขประจำตัวประชาชน\n1,นางสมศรี ใจดี,XXXX${SITE_ID.slice(4)}\n`;
    site.setDocument('/docs/moved.csv', 'text/csv', new TextEncoder().encode(masked));
    aws.s3Events.length = 0;

    const summary = await followUp({}, lambdaContext('follow-up'));
    expect(summary).toEqual({ checked: 3, remediated: 1, escalated: 1, pending: 1, pastDeadline: 2 });
    expect((await caseOf('/docs/list.csv')).state).toBe('remediated');
    expect((await caseOf('/docs/list.csv')).history.at(-1)!.reason).toContain('HTTP 404');
    expect((await caseOf('/docs/list.xlsx')).state).toBe('escalated');

    // The escalation: to the supervising office and the PDPC, the unit copied.
    const mails = await mailbox();
    expect(mails).toHaveLength(notices + 1);
    const escalation = mails.at(-1)!;
    expect(escalation.destination.to).toEqual(['nan@dla.go.th', 'eagle-eye@pdpc.or.th']);
    expect(escalation.destination.cc).toEqual(['saraban@tambon-f.go.th']);
    expect(escalation.body.text).toContain(`${site.origin}/docs/list.xlsx`);
    expect(JSON.stringify(mails)).not.toContain(SITE_ID);

    // The republished document was stored under crawled/ (its S3 event starts the scan); its
    // scan finds no leak, and the case is remediated.
    const stored = aws.s3Events.map((e) => JSON.parse(e).Records[0].s3.object.key as string);
    expect(stored).toHaveLength(1);
    const object = await aws.s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: stored[0] }));
    expect(object.Metadata!['source-url']).toBe(`${site.origin}/docs/moved.csv`);
    await publish(stored[0]!, await object.Body!.transformToByteArray(), object.Metadata!['source-url']!, clock.now());
    expect((await caseOf('/docs/moved.csv')).state).toBe('remediated');

    const all = (await scanItems<MetricsItem>(db(), 'metrics')).filter((m) => m.scope === 'all');
    // Each day's figures, and the same again in its month's.
    const total = (name: keyof MetricsItem, months: boolean) => all.filter((m) => Boolean(monthOfKey(m.day)) === months).reduce((n, m) => n + Number(m[name] ?? 0), 0);
    for (const months of [false, true]) {
      expect([total('CasesOpened', months), total('CasesNotified', months), total('CasesRemediated', months), total('CasesEscalated', months)]).toEqual([3, 3, 2, 1]);
    }

    // The next run checks the escalated case again, and tells no one twice.
    expect(await followUp({}, lambdaContext('follow-up'))).toMatchObject({ checked: 1, escalated: 0 });
    expect((await mailbox()).length).toBe(notices + 1);
  });

  it('publishes the month so far and the registry as gauges, from the metrics table the dashboard reads: in total, by unit kind and by province', async () => {
    const month = monthOf(thaiDay(clock.now()));
    await putItems(db(), 'metrics', [
      { scope: 'all', day: monthKey(month), DocumentsScanned: 40, DocumentsWithLeaks: 3, UnitsChecked: 7, UnitsWithLeaks: 2, CasesOpened: 3, CasesRemediated: 2, RemediationHours: [5, 30, 9] },
      { scope: 'kind#เทศบาลตำบล', day: monthKey(month), DocumentsScanned: 40, DocumentsWithLeaks: 3, UnitsChecked: 7, UnitsWithLeaks: 2 },
      { scope: 'province#น่าน', day: monthKey(month), DocumentsScanned: 40, DocumentsWithLeaks: 3, UnitsChecked: 7, UnitsWithLeaks: 2 },
      ...registryFigures(
        [
          { ...UNIT, websites: ['https://tambon-f.go.th/'], coordinator: 'dpo@tambon-f.go.th' },
          { ...UNIT, id: 'tambon-g', province: 'ลำปาง' },
        ],
        clock.now(),
      ),
    ]);
    const printed: string[] = [];
    const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => (printed.push(String(chunk)), true));
    await followUp({}, lambdaContext('follow-up')).finally(() => write.mockRestore());
    const records = printed
      .flatMap((chunk) => chunk.split('\n'))
      .filter((line) => line.includes('"_aws"'))
      .map((line) => JSON.parse(line) as Record<string, unknown> & { _aws: { CloudWatchMetrics: Array<{ Namespace: string; Dimensions: string[][] }> } });
    const gauge = (dimension: Record<string, string>) =>
      records.find(
        (r) =>
          'MonthDocumentsScanned' in r &&
          Object.entries(dimension).every(([name, value]) => r[name] === value) &&
          r._aws.CloudWatchMetrics[0]!.Dimensions[0]!.length === 1 + Object.keys(dimension).length,
      );
    expect(gauge({})).toMatchObject({
      service: 'follow-up',
      MonthDocumentsScanned: 40,
      MonthDocumentsWithLeaks: 3,
      MonthUnitsChecked: 7,
      MonthUnitsWithLeaks: 2,
      MonthCasesOpened: 3,
      MonthCasesNotified: 0,
      MonthCasesRemediated: 2,
      MonthCasesEscalated: 0,
      MonthMedianHoursToRemediation: 9,
      RegistryUnits: 2,
      RegistryUnitsWithCoordinator: 1,
      RegistryUnitsWithWebsite: 1,
      RegistryWebsitesUnreachable: 0,
    });
    expect(gauge({})!._aws.CloudWatchMetrics[0]!.Namespace).toBe('Leakscan');
    // Dimension values are the ASCII codes of the daily counters.
    expect(gauge({ UnitKind: UNIT_KIND_CODES['เทศบาลตำบล'] })).toMatchObject({ MonthDocumentsScanned: 40, MonthUnitsChecked: 7, RegistryUnits: 2 });
    expect(gauge({ Province: PROVINCE_CODES['น่าน']! })).toMatchObject({ MonthDocumentsScanned: 40, RegistryUnits: 1, RegistryUnitsWithCoordinator: 1 });
    // A province in the registry none of whose units was checked this month: 0, not missing.
    expect(gauge({ Province: PROVINCE_CODES['ลำปาง']! })).toMatchObject({ MonthDocumentsScanned: 0, MonthUnitsChecked: 0, RegistryUnits: 1 });
  });

  it('follows the cases up when the month’s figures cannot be read, and says so in its log', async () => {
    const failing = createFollowUp({
      ...caseNotices(db(), sesClient(), { cases: 'cases', metrics: 'metrics', units: 'units' }, SETTINGS, clock),
      fetcher,
      s3: aws.s3,
      bucket: BUCKET,
      monthScopes: () => Promise.reject(new Error('ProvisionedThroughputExceededException')),
    });
    const printed: string[] = [];
    const writes = [process.stdout, process.stderr].map((stream) => vi.spyOn(stream, 'write').mockImplementation((chunk) => (printed.push(String(chunk)), true)));
    const summary = await failing({}, lambdaContext('follow-up')).finally(() => writes.forEach((write) => write.mockRestore()));
    expect(summary.checked).toBeGreaterThan(0);
    expect(printed.join('')).toContain('month figures not published');
    expect(printed.join('')).not.toContain('MonthDocumentsScanned');
  });
});

// A check (a draft a clerk submits before publishing) end to end, against the local servers:
// S3's event through the scan function, its findings message through the notify function. It
// leaves a private result beside the draft and the check counters, and nothing else: no case, no
// e-mail, no leak-rate figure. The same file uploaded, published, opens a case.
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SqsBatchHandler } from '../../functions/lambda.ts';
import { caseNotices } from '../../functions/notify/case-notices.ts';
import { createHandler as notifyFunction } from '../../functions/notify/handler.ts';
import { createHandler as scanFunction } from '../../functions/scan/handler.ts';
import { documentClient, putItems, scanItems } from '../../shared/aws/dynamodb.ts';
import { sesClient } from '../../shared/aws/ses.ts';
import { UnitDirectory } from '../../shared/aws/unit-directory.ts';
import type { CheckResult } from '../../shared/cases/check.ts';
import { CASE_INDEXES, type MetricsItem } from '../../shared/cases/model.ts';
import { systemClock } from '../../shared/clock.ts';
import type { FindingsMessage } from '../../shared/findings-message.ts';
import { ScanPool } from '../../shared/isolation/scan-pool.ts';
import { type LocalAws, startLocalAws } from '../../local/aws-servers.ts';
import { withCheckDigit } from '../helpers.ts';
import { lambdaContext, sqsRecord } from './lambda-events.ts';

const ID = withCheckDigit('310140012345');
const CSV = `ชื่อ,ที่อยู่,เลขประจำตัวประชาชน\nนายสมชาย ใจดี,12 หมู่ 3 ต.ทดสอบ,${ID}\n`;
const BUCKET = 'ingest';
const CHECK_ID = 'k3Fq_9zXw-2LmN8pQ';
const OTHER_CHECK_ID = 'Zp4r_7yXv-1KmM9qR';
const UNIT = { id: 'tambon-a', name: 'องค์การบริหารส่วนตำบลทดสอบ', kind: 'อบต.', province: 'ชัยภูมิ', websites: [], hosts: [], contactEmails: ['dpo@tambon-a.go.th'] };
const SCOPES = ['all', 'unit#tambon-a', 'province#ชัยภูมิ', 'kind#อบต.'];

let aws: LocalAws;
let scan: SqsBatchHandler;
let notify: SqsBatchHandler;
const pool = new ScanPool({ fingerprintKey: 'check-test-key', ocr: 'none', size: 1 });

beforeAll(async () => {
  aws = await startLocalAws({
    buckets: [BUCKET],
    tables: { 'scan-idempotency': ['id'], units: ['id'], cases: ['caseId'], metrics: ['scope', 'day'] },
    indexes: { cases: CASE_INDEXES, metrics: { byDay: ['day', 'scope'] } },
    queues: ['findings'],
    ses: true,
  });
  const db = documentClient(aws.dynamodb);
  await putItems(db, 'units', [UNIT]);
  scan = scanFunction({
    s3: aws.s3,
    sqs: aws.sqs,
    findingsQueueUrl: aws.queueUrls.findings!,
    pool: async () => pool,
    units: new UnitDirectory(db, 'units'),
    idempotencyStore: new DynamoDBPersistenceLayer({ tableName: 'scan-idempotency', awsSdkV3Client: aws.dynamodb }),
    clock: systemClock,
  });
  const settings = { from: 'leakscan@pdpc.or.th', replyTo: 'eagle-eye@pdpc.or.th', pdpcEmail: 'eagle-eye@pdpc.or.th', clerkPageUrl: 'https://clerks.example/' };
  notify = notifyFunction(caseNotices(db, sesClient(), { cases: 'cases', metrics: 'metrics', units: 'units' }, settings, systemClock));
});
afterAll(async () => {
  await pool.close();
  await aws?.stop();
});

/** Puts the object, runs the scan function on every S3 event that followed (the check's result's too), and returns the findings messages sent. */
async function submit(key: string, body = CSV): Promise<string[]> {
  aws.s3Events.length = 0;
  await aws.s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body }));
  const scanned = await scan({ Records: [sqsRecord(aws.s3Events[0]!, 'put')] }, lambdaContext('scan'));
  expect(scanned.batchItemFailures).toEqual([]);
  // The result the scan wrote is announced too; the scan function takes it for its own, not a document.
  const announced = [...aws.s3Events.slice(1)];
  const again = await scan({ Records: announced.map((body, i) => sqsRecord(body, `announced${i}`)) }, lambdaContext('scan'));
  expect(again.batchItemFailures).toEqual([]);
  const { Messages = [] } = await aws.sqs.send(new ReceiveMessageCommand({ QueueUrl: aws.queueUrls.findings!, MaxNumberOfMessages: 10 }));
  return Messages.map((m) => m.Body!);
}
const notified = async (bodies: string[], prefix: string) => (await notify({ Records: bodies.map((body, i) => sqsRecord(body, `${prefix}${i}`)) }, lambdaContext('notify'))).batchItemFailures;

const table = <T>(name: string): Promise<T[]> => scanItems<T>(documentClient(aws.dynamodb), name);
const cases = async () => (await table<{ state?: string }>('cases')).filter((c) => c.state); // not the change markers
const figures = async () => Object.fromEntries((await table<MetricsItem>('metrics')).map(({ scope, day: _day, ...counters }) => [scope, counters]));
const mailbox = async () => ((await (await fetch(`${aws.env.AWS_ENDPOINT_URL_SESV2}/store`)).json()) as { emails: unknown[] }).emails;

describe('a check before publishing', { timeout: 60_000 }, () => {
  let checkMessages: string[];

  it('leaves its private result, masked, its X4-masked copy, and the check counters: no case, no e-mail, no leak-rate figure', async () => {
    checkMessages = await submit(`checks/tambon-a/${CHECK_ID}/รายชื่อ.csv`);
    expect(checkMessages).toHaveLength(1);
    const message = JSON.parse(checkMessages[0]!) as FindingsMessage;
    expect(message.document).toMatchObject({ origin: 'check', unitId: 'tambon-a', maskedCopy: true });

    const stored = await aws.s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: `check-results/tambon-a/${CHECK_ID}.json` }));
    const text = await stored.Body!.transformToString();
    expect(text).not.toContain(ID);
    const result = JSON.parse(text) as CheckResult;
    expect(result).toMatchObject({ unitId: 'tambon-a', checkId: CHECK_ID, fileName: 'รายชื่อ.csv', status: 'scanned', format: 'csv', severity: 'high', counts: { leaks: 1, unreadable: 0 } });
    expect(result.findings).toEqual(message.findings);
    expect(result.findings[0]!.display).toMatch(/X/);
    // The copy to publish instead: made and scanned again in the worker, kept beside the result.
    expect(result.maskedCopy).toEqual({ available: true, fileName: 'รายชื่อ-masked.csv' });
    const copy = await aws.s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: `check-results/tambon-a/${CHECK_ID}/รายชื่อ-masked.csv` }));
    const masked = await copy.Body!.transformToString();
    expect(masked).toContain(`XXXX${ID.slice(4)}`);
    expect(masked).not.toContain(ID);
    expect(masked).toContain('นายสมชาย ใจดี');

    expect(await notified(checkMessages, 'check')).toEqual([]);
    expect(await cases()).toEqual([]);
    expect(await mailbox()).toEqual([]);
    const counted = await figures();
    expect(Object.keys(counted).sort()).toEqual([...SCOPES].sort());
    for (const scope of SCOPES) expect(counted[scope]).toEqual({ ChecksRun: 1, ChecksWithLeaks: 1, ChecksMasked: 1 });
  });

  it('counts a check once when its message comes twice', async () => {
    const before = await figures();
    expect(await notified(checkMessages, 'again')).toEqual([]);
    expect(await figures()).toEqual(before);
  });

  it('says why a check with leaks has no masked copy, and does not count it masked', async () => {
    // Digits written as character references: the scanner reads the number, but masking cannot change it in place.
    const html = `<html><body><p>นายสมชาย ใจดี เลขประจำตัวประชาชน &#${ID.charCodeAt(0)};${ID.slice(1)}</p></body></html>`;
    const [body] = await submit(`checks/tambon-a/${OTHER_CHECK_ID}/ประกาศ.html`, html);
    const message = JSON.parse(body!) as FindingsMessage;
    expect(message.counts.leaks).toBe(1);
    expect(message.document.maskedCopy).toBeUndefined();
    const stored = await aws.s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: `check-results/tambon-a/${OTHER_CHECK_ID}.json` }));
    const result = JSON.parse(await stored.Body!.transformToString()) as CheckResult;
    expect(result.maskedCopy).toEqual({ available: false, reason: expect.stringContaining('character references') });
    const before = (await figures()).all!;
    expect(await notified([body!], 'unmaskable')).toEqual([]);
    expect((await figures()).all).toMatchObject({ ChecksRun: before.ChecksRun! + 1, ChecksWithLeaks: before.ChecksWithLeaks! + 1, ChecksMasked: before.ChecksMasked });
  });

  it('opens a case and counts the leak rate for the same file uploaded, leaving the check counters be', async () => {
    const uploaded = await submit('uploads/tambon-a/รายชื่อ.csv');
    expect(await notified(uploaded, 'upload')).toEqual([]);
    expect(await cases()).toEqual([expect.objectContaining({ unitId: 'tambon-a', state: 'notified' })]);
    expect(await mailbox()).toHaveLength(1);
    const all = (await figures()).all!;
    expect(all).toMatchObject({ ChecksRun: 2, ChecksWithLeaks: 2, ChecksMasked: 1, DocumentsScanned: 1, DocumentsWithLeaks: 1, ExposedNationalIds: 1, CasesOpened: 1 });
  });
});

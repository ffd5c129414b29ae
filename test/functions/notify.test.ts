// The notify function as Lambda runs it, against dynalite (cases, figures, units), local-aws-sqs
// and aws-ses-v2-local, whose mailbox is read back over its HTTP API. aws-sdk-client-mock only
// injects faults: SES throttling, DynamoDB conditional failures.
import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { SqsBatchHandler } from '../../functions/lambda.ts';
import { caseNotices } from '../../functions/notify/case-notices.ts';
import { createHandler } from '../../functions/notify/handler.ts';
import { documentClient, putItems, scanItems } from '../../shared/aws/dynamodb.ts';
import { sesClient } from '../../shared/aws/ses.ts';
import { CASE_INDEXES, type MetricsItem, monthOfKey } from '../../shared/cases/model.ts';
import { systemClock } from '../../shared/clock.ts';
import { type FindingsMessage, documentReference, findingsMessage, withRegisteredUnit } from '../../shared/findings-message.ts';
import { scanDocument } from '../../shared/scan.ts';
import { fingerprint, unreadableFinding, withCheckDigit } from '../helpers.ts';
import { type LocalAws, startLocalAws } from '../../local/aws-servers.ts';
import { lambdaContext, sqsRecord } from './lambda-events.ts';

const IDS = [withCheckDigit('310140012345'), withCheckDigit('110170020345'), withCheckDigit('350990001234')];
const UNIT = {
  id: 'tambon-a',
  name: 'องค์การบริหารส่วนตำบลทดสอบ',
  kind: 'อบต.',
  province: 'ชัยภูมิ',
  websites: [],
  hosts: [],
  contactEmails: ['dpo@tambon-a.go.th'],
  supervisorEmail: 'chaiyaphum@dla.go.th',
};
let aws: LocalAws;
let handler: SqsBatchHandler;

beforeAll(async () => {
  aws = await startLocalAws({
    tables: { units: ['id'], cases: ['caseId'], metrics: ['scope', 'day'] },
    indexes: { cases: CASE_INDEXES, metrics: { byDay: ['day', 'scope'] } },
    queues: ['findings'],
    ses: true,
  });
  await putItems(documentClient(aws.dynamodb), 'units', [UNIT]);
  const settings = { from: 'leakscan@pdpc.or.th', replyTo: 'eagle-eye@pdpc.or.th', pdpcEmail: 'eagle-eye@pdpc.or.th', clerkPageUrl: 'http://127.0.0.1:8080/clerk/' };
  handler = createHandler(caseNotices(documentClient(aws.dynamodb), sesClient(), { cases: 'cases', metrics: 'metrics', units: 'units' }, settings, systemClock));
});
afterAll(() => aws?.stop());

interface Mail {
  messageId: string;
  from: string;
  destination: { to: string[]; cc: string[] };
  subject: string;
  body: { html?: string; text?: string };
}
const mailbox = async (): Promise<Mail[]> => ((await (await fetch(`${aws.env.AWS_ENDPOINT_URL_SESV2}/store`)).json()) as { emails: Mail[] }).emails;

/** A real scan of a CSV list, as the scan function would report it for this key. */
async function message(key: string, rows: string[], scannedAt: string, registered = true): Promise<FindingsMessage> {
  const csv = ['ลำดับ,ชื่อ-สกุล,ที่อยู่,เลขประจำตัวประชาชน', ...rows].join('\n');
  const result = await scanDocument(key, new TextEncoder().encode(csv), { fingerprint });
  const reference = withRegisteredUnit(
    documentReference({ bucket: 'ingest', key, versionId: 'v1', ...(key.startsWith('crawled/') && { sourceUrl: `https://tambon-a.go.th/${key.split('/').pop()}` }) }),
    registered,
  );
  return findingsMessage(reference, result, new Date(scannedAt));
}
const persons = (n: number) => IDS.slice(0, n).map((id, i) => `${i + 1},นางสมศรี ใจดี${i},12 หมู่ 3 ต.ทดสอบ,${id}`);
/** The messages sent to the findings queue and received from it, as the event source mapping would. */
async function throughQueue(bodies: object[]): Promise<SQSBatchResponse> {
  const QueueUrl = aws.queueUrls.findings!;
  for (const body of bodies) await aws.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: JSON.stringify(body) }));
  const { Messages = [] } = await aws.sqs.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10 }));
  expect(Messages).toHaveLength(bodies.length);
  return handler({ Records: Messages.map((m) => sqsRecord(m.Body!, m.MessageId!, m.ReceiptHandle!)) }, lambdaContext('notify'));
}
const notify = (bodies: object[], prefix = 'm') => handler({ Records: bodies.map((b, i) => sqsRecord(JSON.stringify(b), `${prefix}${i}`)) }, lambdaContext('notify'));

const table = <T>(name: string): Promise<T[]> => scanItems<T>(documentClient(aws.dynamodb), name);
const cases = async () => (await table<{ caseId: string; state: string; unitId: string; history: Array<{ state: string }>; emails: unknown[] }>('cases')).filter((c) => c.state); // not the change markers
/** A scope's figures of a day (its month's hold the same here). */
const figures = async (scope: string) => (await table<MetricsItem>('metrics')).find((m) => m.scope === scope && !monthOfKey(m.day));

describe('notify function', { timeout: 60_000 }, () => {
  let first: FindingsMessage[];

  it('opens a case per document with leaks, e-mails each unit one Thai digest, and counts the day', async () => {
    first = [
      await message('crawled/tambon-a/aaa.csv', persons(3), '2026-11-25T03:00:00Z'),
      await message('uploads/tambon-a/รายชื่อ.csv', persons(1), '2026-11-25T03:00:01Z'),
      await message('uploads/tambon-a/clean.csv', ['1,นายหนึ่ง,-,XXXX' + IDS[0]!.slice(4)], '2026-11-25T03:00:02Z'),
      await message('uploads/tambon-zz/list.csv', persons(2), '2026-11-25T03:00:03Z', false),
    ];
    const printed: string[] = [];
    const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => printed.push(String(chunk)) > 0);
    const response = await throughQueue(first).finally(() => write.mockRestore());
    expect(response.batchItemFailures).toEqual([]);

    const stored = await cases();
    expect(stored.map((c) => [c.unitId, c.state]).sort()).toEqual([
      ['tambon-a', 'notified'],
      ['tambon-a', 'notified'],
      ['unassigned', 'notified'],
    ]);
    for (const c of stored) expect(c.history.map((h) => h.state)).toEqual(['open', 'notified']);

    const mails = await mailbox();
    expect(mails).toHaveLength(2);
    const digest = mails.find((m) => m.destination.to.includes('dpo@tambon-a.go.th'))!;
    expect(digest.destination.cc).toEqual(['chaiyaphum@dla.go.th']);
    expect(digest.subject).toContain('องค์การบริหารส่วนตำบลทดสอบ');
    for (const part of [digest.body.text!, digest.body.html!]) {
      expect(part).toContain('https://tambon-a.go.th/aaa.csv');
      expect(part).toContain('รายชื่อ.csv');
      expect(part).toMatch(/\d{1,2} พฤศจิกายน 2569 เวลา \d\d:\d\d น\./);
      expect(part).toContain('72');
      expect(part).toContain('leakscan mask');
      expect(part).toContain('http://127.0.0.1:8080/clerk/');
    }
    // A unit the registry does not know: the PDPC triages it.
    expect(mails.find((m) => m !== digest)!.destination.to).toEqual(['eagle-eye@pdpc.or.th']);

    expect(await figures('all')).toMatchObject({ DocumentsScanned: 4, DocumentsWithLeaks: 3, ExposedNationalIds: 6, MaskedIdentifiers: 1, CasesOpened: 3, CasesNotified: 3 });
    expect(await figures('province#ชัยภูมิ')).toMatchObject({ DocumentsScanned: 3, DocumentsWithLeaks: 2, CasesNotified: 2 });
    expect(await figures('kind#unassigned')).toMatchObject({ DocumentsScanned: 1, CasesOpened: 1 });
    const emf = printed
      .join('')
      .split('\n')
      .filter((l) => l.includes('"_aws"'))
      .map((l) => JSON.parse(l));
    // By kind and province, as ASCII codes (CloudWatch takes no Thai in dimension values).
    expect(emf.filter((m) => m.UnitKind === 'sao' && m.CasesNotified).reduce((n, m) => n + m.CasesNotified, 0)).toBe(2);
    expect(emf.filter((m) => m.Province === 'TH-36' && m.DocumentsScanned).reduce((n, m) => n + m.DocumentsScanned, 0)).toBe(3);

    // No full identifier anywhere: e-mails, cases, figures, logs.
    const everything = JSON.stringify([mails, await table('cases'), await table('metrics')]) + printed.join('');
    for (const id of IDS) expect(everything).not.toContain(id);
  });

  it('changes nothing and e-mails no one when the batch is delivered again, even twice at once', async () => {
    const before = { mails: (await mailbox()).length, all: await figures('all') };
    const responses = await Promise.all([notify(first, 'again'), notify(first, 'twice')]);
    expect(responses.flatMap((r) => r.batchItemFailures)).toEqual([]);
    expect((await mailbox()).length).toBe(before.mails);
    expect(await figures('all')).toEqual(before.all);
  });

  it('sends two concurrent deliveries of a new case one e-mail; the one that finds it in progress is retried, as a duplicate', async () => {
    const fresh = await message('uploads/tambon-a/new.csv', persons(1), '2026-11-25T04:00:00Z');
    const before = (await mailbox()).length;
    const failed = (await Promise.all([notify([fresh], 'x'), notify([fresh], 'y')])).flatMap((r) => r.batchItemFailures);
    expect(failed.length).toBeLessThanOrEqual(1);
    if (failed.length) expect((await notify([fresh], 'retried')).batchItemFailures).toEqual([]);
    expect((await mailbox()).length).toBe(before + 1);
    expect((await figures('all'))!.CasesOpened).toBe(4);
    expect((await figures('all'))!.DocumentsScanned).toBe(5);
  });

  it('keeps the message when SES throttles, and sends the notice once on the retry', async () => {
    const throttled = await message('uploads/tambon-a/throttled.csv', persons(2), '2026-11-25T05:00:00Z');
    const before = (await mailbox()).length;
    const ses = mockClient(SESv2Client);
    ses.on(SendEmailCommand).rejects(Object.assign(new Error('Maximum sending rate exceeded.'), { name: 'ThrottlingException', $retryable: { throttling: true } }));
    try {
      expect((await notify([throttled], 'throttled')).batchItemFailures).toEqual([{ itemIdentifier: 'throttled0' }]);
    } finally {
      ses.restore();
    }
    expect((await cases()).filter((c) => c.state === 'open')).toHaveLength(1);
    expect((await notify([throttled], 'retry')).batchItemFailures).toEqual([]);
    expect((await mailbox()).length).toBe(before + 1);
    expect((await cases()).filter((c) => c.state === 'open')).toHaveLength(0);
  });

  it('retries a case write and a state change that lose a conditional race, with no duplicate e-mail and nothing lost', async () => {
    const raced = await message('uploads/tambon-a/raced.csv', persons(1), '2026-11-25T06:00:00Z');
    const before = { mails: (await mailbox()).length, all: (await figures('all'))! };
    // Fault injection: DynamoDB answers the first case write and the first move to `notified`
    // as if another writer had been first; every other request goes to dynalite.
    const send = DynamoDBDocumentClient.prototype.send as (this: unknown, command: object) => Promise<unknown>;
    const dynamo = mockClient(DynamoDBDocumentClient);
    const conflict = () => Object.assign(new Error('The conditional request failed'), { name: 'ConditionalCheckFailedException' });
    const passThrough = (Command: new (input: never) => object) => (input: object, getClient: () => unknown) => send.call(getClient(), new Command(input as never));
    for (const Command of [PutCommand, UpdateCommand, GetCommand, QueryCommand]) dynamo.on(Command as never).callsFake(passThrough(Command));
    const caseOpened = { TableName: 'cases', Item: { state: 'open' } };
    const movedToNotified = { TableName: 'cases', ExpressionAttributeValues: { ':state': 'notified' } };
    dynamo
      .on(PutCommand, caseOpened as never)
      .rejectsOnce(conflict())
      .callsFake(passThrough(PutCommand));
    dynamo
      .on(UpdateCommand, movedToNotified as never)
      .rejectsOnce(conflict())
      .callsFake(passThrough(UpdateCommand));
    try {
      expect((await notify([raced], 'raced')).batchItemFailures).toEqual([]);
      // Each was refused once, and written on the retry.
      expect(dynamo.commandCalls(PutCommand, caseOpened as never)).toHaveLength(2);
      expect(dynamo.commandCalls(UpdateCommand, movedToNotified as never)).toHaveLength(2);
    } finally {
      dynamo.restore();
    }
    expect((await mailbox()).length).toBe(before.mails + 1);
    const all = (await figures('all'))!;
    expect([all.CasesOpened! - before.all.CasesOpened!, all.CasesNotified! - before.all.CasesNotified!, all.DocumentsScanned! - before.all.DocumentsScanned!]).toEqual([1, 1, 1]);
    expect((await cases()).filter((c) => c.state === 'open')).toHaveLength(0);
  });

  it('remediates a case when the document is scanned again without leaks, and times it', async () => {
    const masked = await message('crawled/tambon-a/aaa.csv', ['1,นายหนึ่ง,-,XXXX' + IDS[0]!.slice(4)], '2026-11-26T03:00:00Z');
    expect((await notify([masked], 'masked')).batchItemFailures).toEqual([]);
    const remediated = (await cases()).filter((c) => c.state === 'remediated');
    expect(remediated).toHaveLength(1);
    expect(remediated[0]!.history.map((h) => h.state)).toEqual(['open', 'notified', 'remediated']);
    // The day's figures (its month's have the same).
    const all = (await table<MetricsItem>('metrics')).filter((m) => m.scope === 'all' && !monthOfKey(m.day));
    expect(all.reduce((n, m) => n + (m.CasesRemediated ?? 0), 0)).toBe(1);
    expect(all.flatMap((m) => m.RemediationHours ?? [])).toHaveLength(1);
  });

  it('counts a document once in a day and in its month, however often it is scanned, and every scan’s identifiers', async () => {
    const month = async () => (await table<MetricsItem>('metrics')).find((m) => m.scope === 'all' && monthOfKey(m.day))!;
    const before = { day: (await figures('all'))!, month: await month() };
    const again = await message('uploads/tambon-a/รายชื่อ.csv', persons(1), '2026-11-25T09:00:00Z');
    expect((await notify([again], 'again')).batchItemFailures).toEqual([]);
    for (const [was, now] of [
      [before.day, (await figures('all'))!],
      [before.month, await month()],
    ]) {
      expect([now!.DocumentsScanned, now!.DocumentsWithLeaks]).toEqual([was!.DocumentsScanned, was!.DocumentsWithLeaks]);
      expect(now!.ExposedNationalIds).toBe(was!.ExposedNationalIds! + 1);
    }
  });

  it('counts regions OCR could not read apart from leaks, and opens no case for them alone', async () => {
    const before = { all: (await figures('all'))!, cases: (await cases()).length, mails: (await mailbox()).length };
    const key = 'uploads/tambon-a/scan.pdf';
    const result = await scanDocument(key, new TextEncoder().encode('ลำดับ,ชื่อ-สกุล\n1,นายหนึ่ง\n'), { fingerprint });
    result.findings.push(unreadableFinding(), unreadableFinding());
    const unread = findingsMessage(documentReference({ bucket: 'ingest', key, versionId: 'v1' }), result, new Date('2026-11-27T03:00:00Z'));
    expect((await notify([unread], 'unread')).batchItemFailures).toEqual([]);
    const all = (await figures('all'))!;
    expect([all.UnreadableFindings! - (before.all.UnreadableFindings ?? 0), all.DocumentsScanned! - before.all.DocumentsScanned!, all.DocumentsWithLeaks! - before.all.DocumentsWithLeaks!]).toEqual([
      2, 1, 0,
    ]);
    expect(all.MaskedIdentifiers).toBe(before.all.MaskedIdentifiers);
    expect((await cases()).length).toBe(before.cases);
    expect((await mailbox()).length).toBe(before.mails);
  });

  it('fails only the messages that do not conform to the findings schema, saying why without quoting them, and records the rest of the batch', async () => {
    const before = { all: (await figures('all'))!, cases: (await cases()).length };
    const valid = await message('uploads/tambon-a/valid.csv', persons(1), '2026-11-28T03:00:00Z');
    // One carries a person's number in a field the contract does not have; one is cut short.
    const carrying = { ...valid, findings: [{ ...valid.findings[0], value: IDS[1] }] };
    const cutShort = JSON.stringify(valid)
      .slice(0, 80)
      .replace(/"key":"[^"]*/, `"key":"uploads/tambon-a/${IDS[2]}`);
    expect(cutShort).toContain(IDS[2]);
    // Errors are logged on standard error.
    const printed: string[] = [];
    const writes = [process.stdout, process.stderr].map((stream) => vi.spyOn(stream, 'write').mockImplementation((chunk) => printed.push(String(chunk)) > 0));
    const response = await handler(
      { Records: [sqsRecord(JSON.stringify(carrying), 'carrying'), sqsRecord(JSON.stringify(valid), 'valid'), sqsRecord(cutShort, 'cut-short')] },
      lambdaContext('notify'),
    ).finally(() => writes.forEach((w) => w.mockRestore()));
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'carrying' }, { itemIdentifier: 'cut-short' }]);
    const all = (await figures('all'))!;
    expect([all.DocumentsScanned! - before.all.DocumentsScanned!, all.CasesOpened! - before.all.CasesOpened!, (await cases()).length - before.cases]).toEqual([1, 1, 1]);
    const refused = printed
      .join('')
      .split('\n')
      .filter((line) => line.includes('findings message refused'))
      .map((line) => JSON.parse(line) as { messageId: string; reason: string });
    expect(refused.map((r) => r.messageId)).toEqual(['carrying', 'cut-short']);
    expect(refused[0]!.reason).toMatch(/^the findings message does not conform to its schema: \/findings\/0 /);
    expect(refused[1]!.reason).toBe('the findings message is not JSON');
    for (const id of IDS) expect(printed.join('')).not.toContain(id);
  });
});

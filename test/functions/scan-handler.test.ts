// The scan function end to end against local AWS-compatible servers on 127.0.0.1: s3rver (S3,
// with its S3-style events), local-aws-sqs and dynalite (DynamoDB), through the real AWS SDK
// clients. aws-sdk-client-mock only injects faults.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { ReceiveMessageCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { GetDocumentTextDetectionCommand, StartDocumentTextDetectionCommand, TextractClient } from '@aws-sdk/client-textract';
import type { SQSEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { SqsBatchHandler } from '../../functions/lambda.ts';
import { type ScanDeps, createHandler } from '../../functions/scan/handler.ts';
import { documentClient, putItems } from '../../shared/aws/dynamodb.ts';
import { UnitDirectory } from '../../shared/aws/unit-directory.ts';
import { systemClock } from '../../shared/clock.ts';
import type { FindingsMessage } from '../../shared/findings-message.ts';
import { ScanPool } from '../../shared/isolation/scan-pool.ts';
import { pdf } from '../extract/fixtures.ts';
import { schemaErrors } from '../findings-schema.ts';
import { withCheckDigit } from '../helpers.ts';
import { type LocalAws, startLocalAws } from '../../local/aws-servers.ts';
import { lambdaContext, sqsRecord } from './lambda-events.ts';

const ID = withCheckDigit('310140012345');
const PHONE = '0812345678';
const BUCKET = 'ingest';
const FINGERPRINT_KEY = 'scan-handler-test-key';

let aws: LocalAws;
let s3: S3Client;
let sqs: SQSClient;
let scanQueueUrl: string;
let findingsQueueUrl: string;
let handler: SqsBatchHandler;
let events: string[];
// One warm worker for every handler the tests build, as one container keeps it.
const pool = new ScanPool({ fingerprintKey: FINGERPRINT_KEY, ocr: 'none', size: 1 });
/** The scan function as deployed with OCR off, with other dependencies where a test says. */
const scanFunction = (deps: Partial<ScanDeps> = {}): SqsBatchHandler =>
  createHandler({
    s3,
    sqs,
    findingsQueueUrl,
    pool: async () => pool,
    units: new UnitDirectory(documentClient(aws.dynamodb), 'units'),
    idempotencyStore: new DynamoDBPersistenceLayer({ tableName: 'scan-idempotency', awsSdkV3Client: aws.dynamodb }),
    clock: systemClock,
    ...deps,
  });

beforeAll(async () => {
  aws = await startLocalAws({ buckets: [BUCKET], tables: { 'scan-idempotency': ['id'], units: ['id'] }, queues: ['scan', 'findings'] });
  ({ s3, sqs, s3Events: events } = aws);
  ({ scan: scanQueueUrl, findings: findingsQueueUrl } = aws.queueUrls as { scan: string; findings: string });
  // The registry knows the units the tests upload for, but not `unit-unknown`.
  await putItems(documentClient(aws.dynamodb), 'units', [{ id: 'unit-42' }, { id: 'unit-7' }, { id: 'unit-1' }, { id: 'unit-5' }]);
  handler = scanFunction();
});

afterAll(async () => {
  await pool.close();
  await aws?.stop();
});

const CONTEXT = lambdaContext('scan');

/** Uploads the objects, moves S3's events through the scan queue, and runs the function on them as Lambda would. */
async function scan(objects: Record<string, string | Uint8Array>): Promise<{ failures: string[]; messages: FindingsMessage[]; bodies: string[]; events: string[] }> {
  events.length = 0;
  for (const [key, body] of Object.entries(objects))
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body, Metadata: key.startsWith('crawled/') ? { 'source-url': 'https://www.example.go.th/list.csv' } : {} }));
  for (const body of events) await sqs.send(new SendMessageCommand({ QueueUrl: scanQueueUrl, MessageBody: body }));
  const received = await sqs.send(new ReceiveMessageCommand({ QueueUrl: scanQueueUrl, MaxNumberOfMessages: 10 }));
  const event: SQSEvent = { Records: (received.Messages ?? []).map((m) => sqsRecord(m.Body!, m.MessageId!, m.ReceiptHandle!)) };
  expect(event.Records).toHaveLength(Object.keys(objects).length);
  const response = await handler(event, CONTEXT);
  const bodies = await findings();
  for (const body of bodies) expect(schemaErrors(JSON.parse(body))).toEqual([]);
  return { failures: response.batchItemFailures.map((f) => f.itemIdentifier), messages: bodies.map((b) => JSON.parse(b) as FindingsMessage), bodies, events: [...events] };
}

/** The message bodies waiting on the findings queue, taken off it. */
async function findings(): Promise<string[]> {
  const bodies: string[] = [];
  for (;;) {
    const { Messages = [] } = await sqs.send(new ReceiveMessageCommand({ QueueUrl: findingsQueueUrl, MaxNumberOfMessages: 10 }));
    if (Messages.length === 0) return bodies;
    bodies.push(...Messages.map((m) => m.Body!));
  }
}

// The first document a pool scans starts its worker process (1–2 s alone, far more on a loaded
// machine); after that a test takes well under a second.
describe('scan function', { timeout: 30_000 }, () => {
  it('scans uploaded and crawled documents and sends their findings, with no full identifier, to the findings queue', async () => {
    const csv = `ชื่อ,เลขประจำตัวประชาชน,โทรศัพท์\nนายสมชาย ใจดี,${ID},${PHONE}\n`;
    // Everything the function prints: its logs and its EMF metrics.
    const printed: string[] = [];
    const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => printed.push(String(chunk)) > 0);
    const { failures, messages, bodies } = await scan({ 'uploads/unit-42/รายชื่อ ผู้สูงอายุ.csv': csv, 'crawled/unit-7/abc.csv': csv }).finally(() => write.mockRestore());
    const output = printed.join('');
    expect(output).toContain('document scanned');
    // EMF metrics: documents, leaks, identifiers by type and mask status.
    const metrics = output
      .split('\n')
      .filter((line) => line.includes('"_aws"'))
      .map((line) => JSON.parse(line));
    const total = (name: string, dimensions: Record<string, string> = {}) =>
      metrics.filter((m) => Object.entries(dimensions).every(([k, v]) => m[k] === v)).reduce((sum, m) => sum + [m[name] ?? []].flat().reduce((a: number, b: number) => a + b, 0), 0);
    expect(total('DocumentsScanned')).toBe(2);
    expect(total('DocumentsWithLeaks')).toBe(2);
    expect(total('Identifiers', { IdentifierType: 'national_id', MaskStatus: 'unmasked' })).toBe(2);
    expect(output).not.toContain(ID);
    expect(output).not.toContain(PHONE);
    expect(output).not.toContain('สมชาย');
    expect(failures).toEqual([]);
    expect(messages).toHaveLength(2);
    const upload = messages.find((m) => m.document.origin === 'upload')!;
    expect(upload).toMatchObject({ version: 1, document: { bucket: BUCKET, key: 'uploads/unit-42/รายชื่อ ผู้สูงอายุ.csv', unitId: 'unit-42', status: 'scanned', format: 'csv' } });
    expect(upload.document.etag).toMatch(/^[0-9a-f]{32}$/);
    expect(upload.counts.leaks).toBe(2);
    expect(upload.counts.byTypeAndStatus.national_id.unmasked).toBe(1);
    expect(upload.findings.map((f) => f.fingerprint)).toEqual(expect.arrayContaining([expect.stringMatching(/^[0-9a-f]{64}$/)]));
    const crawled = messages.find((m) => m.document.origin === 'crawl')!;
    expect(crawled.document).toMatchObject({ unitId: 'unit-7', sourceUrl: 'https://www.example.go.th/list.csv' });
    for (const body of bodies) {
      expect(body).not.toContain(ID);
      expect(body).not.toContain(PHONE);
    }
  });

  it('scans an object version once when S3 delivers its event twice, and a new version again', async () => {
    const key = 'uploads/unit-9/twice.txt';
    const first = await scan({ [key]: `เลขประจำตัวประชาชน ${ID}` });
    expect(first.messages).toHaveLength(1);
    const again = await handler({ Records: [sqsRecord(first.events[0]!, 'again')] }, CONTEXT);
    expect(again.batchItemFailures).toEqual([]);
    expect(await findings()).toEqual([]);
    const second = await scan({ [key]: 'ไม่มีข้อมูลส่วนบุคคล' });
    expect(second.messages).toHaveLength(1);
    expect(second.messages[0]!.counts.leaks).toBe(0);
  });

  it('reports a document that cannot be read with its error code, and ones under no unit or an unregistered unit as unassigned, without failing the batch', async () => {
    const { failures, messages } = await scan({
      'uploads/unit-42/broken.pdf': '%PDF-1.7\n1 0 obj <<',
      'misc/notes.txt': `เลขประจำตัวประชาชน ${ID}`,
      'uploads/unit-unknown/list.txt': `เลขประจำตัวประชาชน ${ID}`,
    });
    expect(failures).toEqual([]);
    const broken = messages.find((m) => m.document.key.endsWith('broken.pdf'))!;
    expect(broken.document.status).toBe('error');
    expect(broken.document.error?.code).toBe('corrupt');
    expect(messages.find((m) => m.document.key === 'misc/notes.txt')!.document.unitId).toBe('unassigned');
    // Scanned and flagged all the same, counted as unassigned, the claimed unit kept.
    const unregistered = messages.find((m) => m.document.key === 'uploads/unit-unknown/list.txt')!;
    expect(unregistered.document).toMatchObject({ unitId: 'unassigned', claimedUnitId: 'unit-unknown', origin: 'upload' });
    expect(unregistered.counts.leaks).toBe(1);
  });

  it('fails a message whose document S3 could not hand over in time, so that the queue retries it', async () => {
    events.length = 0;
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'uploads/unit-1/slow.txt', Body: `เลขประจำตัวประชาชน ${ID}` }));
    // Fault injection: the read times out.
    const slow = mockClient(S3Client);
    slow.on(GetObjectCommand).rejects(Object.assign(new Error('socket timed out'), { name: 'TimeoutError' }));
    try {
      const response = await handler({ Records: [sqsRecord(events[0]!, 'slow')] }, CONTEXT);
      expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'slow' }]);
    } finally {
      slow.restore();
    }
    expect(await findings()).toEqual([]);
  });

  it('fails only the message whose findings could not be sent, so that the queue retries it', async () => {
    events.length = 0;
    for (const key of ['uploads/unit-1/a.txt', 'uploads/unit-1/b.txt']) await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: `เลขประจำตัวประชาชน ${ID}` }));
    const records = events.map((body, i) => ({ ...sqsRecord(body), messageId: `m${i}` }));
    // Fault injection: SQS throttles the findings of a.txt.
    const throttled = mockClient(SQSClient);
    throttled
      .on(SendMessageCommand)
      .callsFake(({ MessageBody }: { MessageBody: string }) =>
        MessageBody.includes('uploads/unit-1/a.txt') ? Promise.reject(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' })) : Promise.resolve({ MessageId: 'sent' }),
      );
    try {
      const response = await handler({ Records: records }, CONTEXT);
      expect(response.batchItemFailures).toEqual([{ itemIdentifier: records.find((r) => r.body.includes('a.txt'))!.messageId }]);
    } finally {
      throttled.restore();
    }
  });

  it('reports a document that crashes its reader as crashed, and scans the rest of the batch', async () => {
    // The real worker, made to die by SIGSEGV on a document so named.
    const crashing = new ScanPool({ fingerprintKey: FINGERPRINT_KEY, ocr: 'none', size: 1, workerScript: join(import.meta.dirname, '../isolation/failing-worker.ts') });
    const crashingHandler = scanFunction({ pool: async () => crashing });
    try {
      events.length = 0;
      for (const key of ['uploads/unit-1/segfault.png', 'uploads/unit-1/list.csv']) await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: `เลขประจำตัวประชาชน\n${ID}\n` }));
      const response = await crashingHandler({ Records: events.map((body, i) => sqsRecord(body, `m${i}`)) }, CONTEXT);
      // Nothing retried: the crash is the document's, and recorded for it.
      expect(response.batchItemFailures).toEqual([]);
      const messages = (await findings()).map((b) => JSON.parse(b) as FindingsMessage);
      expect(messages.map((m) => [m.document.key, m.document.error?.code ?? m.counts.leaks]).sort()).toEqual([
        ['uploads/unit-1/list.csv', 1],
        ['uploads/unit-1/segfault.png', 'crashed'],
      ]);
    } finally {
      await crashing.close();
    }
  });

  it('with Textract, hands a multi-page scan to an asynchronous job and reads it when the completion arrives', async () => {
    // Textract has no local server: aws-sdk-client-mock answers with recorded response shapes.
    const recorded = (name: string) => JSON.parse(readFileSync(join(import.meta.dirname, '../fixtures/textract', name), 'utf8'));
    const textract = mockClient(TextractClient);
    textract.on(StartDocumentTextDetectionCommand).resolves({ JobId: 'job-9' });
    textract.on(GetDocumentTextDetectionCommand, { JobId: 'job-9' }).resolvesOnce(recorded('get-document-text-detection-1.json')).resolvesOnce(recorded('get-document-text-detection-2.json'));
    textract.on(GetDocumentTextDetectionCommand, { JobId: 'job-10' }).resolves({ JobStatus: 'FAILED', StatusMessage: 'unsupported document' });
    const topicArn = 'arn:aws:sns:us-east-1:123456789012:textract';
    const roleArn = 'arn:aws:iam::123456789012:role/textract';
    const textractHandler = scanFunction({ textract: { client: new TextractClient({}), topicArn, roleArn } });
    try {
      const key = 'uploads/unit-5/scan.pdf';
      events.length = 0;
      await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: await pdf([null, null]) }));
      expect((await textractHandler({ Records: [sqsRecord(events[0]!)] }, CONTEXT)).batchItemFailures).toEqual([]);
      // Nothing is reported before the job is done.
      expect(await findings()).toEqual([]);
      expect(textract.commandCalls(StartDocumentTextDetectionCommand)[0]!.args[0].input).toMatchObject({
        DocumentLocation: { S3Object: { Bucket: BUCKET, Name: key } },
        NotificationChannel: { SNSTopicArn: topicArn, RoleArn: roleArn },
      });
      const completion = (jobId: string, status: string) =>
        JSON.stringify({ JobId: jobId, Status: status, API: 'StartDocumentTextDetection', Timestamp: 0, DocumentLocation: { S3ObjectName: key, S3Bucket: BUCKET } });
      expect((await textractHandler({ Records: [sqsRecord(completion('job-9', 'SUCCEEDED'), 'done')] }, CONTEXT)).batchItemFailures).toEqual([]);
      const [read] = (await findings()).map((b) => JSON.parse(b) as FindingsMessage);
      expect(read!.document).toMatchObject({ key, unitId: 'unit-5', status: 'scanned' });
      expect(read!.counts.pagesOcred).toBe(2);
      expect(read!.findings.map((f) => [f.type, f.location.page])).toEqual([
        ['national_id', 1],
        ['phone', 2],
      ]);
      // A failed job makes the document unscannable, with the reason.
      expect((await textractHandler({ Records: [sqsRecord(completion('job-10', 'FAILED'), 'failed')] }, CONTEXT)).batchItemFailures).toEqual([]);
      const [failed] = (await findings()).map((b) => JSON.parse(b) as FindingsMessage);
      expect(failed!.document.error).toEqual({ code: 'ocr_unavailable', message: 'the Textract job ended FAILED' });
    } finally {
      textract.restore();
    }
  });
});

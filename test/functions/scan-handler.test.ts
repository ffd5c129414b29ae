// The scan function end to end against local AWS-compatible servers on 127.0.0.1: s3rver (S3,
// with its S3-style events), local-aws-sqs and dynalite (DynamoDB), through the real AWS SDK
// clients. aws-sdk-client-mock only injects faults.
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo, Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { CreateQueueCommand, ReceiveMessageCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { Context, SQSEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import dynalite from 'dynalite';
import { createSqsServer } from 'local-aws-sqs';
import S3rver from 's3rver';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { GetDocumentTextDetectionCommand, StartDocumentTextDetectionCommand, TextractClient } from '@aws-sdk/client-textract';
import { readFileSync } from 'node:fs';
import type { FindingsMessage } from '../../shared/findings-message.ts';
import { pdf } from '../extract/fixtures.ts';
import { schemaErrors } from '../findings-schema.ts';
import { withCheckDigit } from '../helpers.ts';

const ID = withCheckDigit('310140012345');
const PHONE = '0812345678';
const BUCKET = 'ingest';

let s3rver: S3rver;
let sqsServer: Server;
let dynamoServer: Server;
let directory: string;
let s3: S3Client;
let sqs: SQSClient;
let scanQueueUrl: string;
let findingsQueueUrl: string;
let handler: (event: SQSEvent, context: Context) => Promise<{ batchItemFailures: Array<{ itemIdentifier: string }> }>;
const events: string[] = [];

beforeAll(async () => {
  directory = mkdtempSync(join(tmpdir(), 'leakscan-s3-'));
  s3rver = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: [{ name: BUCKET, configs: [] }] });
  const { port: s3Port } = (await s3rver.run()) as AddressInfo;
  // What S3 would put on the scan queue: the event notification, as the message body (s3rver is
  // a Koa app, an EventEmitter its types leave out).
  (s3rver as unknown as NodeJS.EventEmitter).on('event', (event: unknown) => events.push(JSON.stringify(event)));
  sqsServer = await createSqsServer({ port: 0, hostname: '127.0.0.1', emulateQueueCreationLifecycle: false });
  const sqsPort = (sqsServer.address() as AddressInfo).port;
  dynamoServer = dynalite({ createTableMs: 0 });
  await new Promise<void>((resolve) => dynamoServer.listen(0, '127.0.0.1', resolve));
  Object.assign(process.env, {
    AWS_REGION: 'us-east-1',
    AWS_ACCESS_KEY_ID: 'S3RVER',
    AWS_SECRET_ACCESS_KEY: 'S3RVER',
    AWS_ENDPOINT_URL_S3: `http://127.0.0.1:${s3Port}`,
    AWS_ENDPOINT_URL_SQS: `http://127.0.0.1:${sqsPort}`,
    AWS_ENDPOINT_URL_DYNAMODB: `http://127.0.0.1:${(dynamoServer.address() as AddressInfo).port}`,
    IDEMPOTENCY_TABLE: 'scan-idempotency',
    LEAKSCAN_FINGERPRINT_KEY: 'scan-handler-test-key',
    LEAKSCAN_OCR_ENGINE: 'none',
    POWERTOOLS_METRICS_NAMESPACE: 'Leakscan',
  });
  s3 = new S3Client({ forcePathStyle: true, requestChecksumCalculation: 'WHEN_REQUIRED' });
  sqs = new SQSClient({});
  scanQueueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: 'scan' }))).QueueUrl!;
  findingsQueueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: 'findings' }))).QueueUrl!;
  process.env.FINDINGS_QUEUE_URL = findingsQueueUrl;
  await new DynamoDBClient({}).send(
    new CreateTableCommand({ TableName: 'scan-idempotency', KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }], AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }], BillingMode: 'PAY_PER_REQUEST' }),
  );
  ({ handler } = (await import('../../functions/scan/handler.ts')) as never);
});

afterAll(async () => {
  await s3rver?.close();
  await new Promise((resolve) => sqsServer?.close(resolve));
  await new Promise((resolve) => dynamoServer?.close(resolve));
  rmSync(directory, { recursive: true, force: true });
});

const CONTEXT = { functionName: 'scan', awsRequestId: 'test', getRemainingTimeInMillis: () => 60_000 } as Context;

/** An SQS record as the Lambda event source mapping delivers it. */
function record(body: string, messageId = 'm', receiptHandle = 'r'): SQSEvent['Records'][number] {
  return {
    messageId,
    receiptHandle,
    body,
    attributes: { ApproximateReceiveCount: '1', SentTimestamp: '0', SenderId: 'S3', ApproximateFirstReceiveTimestamp: '0' },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:scan',
    awsRegion: 'us-east-1',
  };
}

/** Uploads the objects, moves S3's events through the scan queue, and runs the function on them as Lambda would. */
async function scan(objects: Record<string, string | Uint8Array>): Promise<{ failures: string[]; messages: FindingsMessage[]; bodies: string[]; events: string[] }> {
  events.length = 0;
  for (const [key, body] of Object.entries(objects)) await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body, Metadata: key.startsWith('crawled/') ? { 'source-url': 'https://www.example.go.th/list.csv' } : {} }));
  for (const body of events) await sqs.send(new SendMessageCommand({ QueueUrl: scanQueueUrl, MessageBody: body }));
  const received = await sqs.send(new ReceiveMessageCommand({ QueueUrl: scanQueueUrl, MaxNumberOfMessages: 10 }));
  const event: SQSEvent = { Records: (received.Messages ?? []).map((m) => record(m.Body!, m.MessageId!, m.ReceiptHandle!)) };
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

describe('scan function', () => {
  it('scans uploaded and crawled documents and sends their findings, with no full identifier, to the findings queue', async () => {
    const csv = `ชื่อ,เลขประจำตัวประชาชน,โทรศัพท์\nนายสมชาย ใจดี,${ID},${PHONE}\n`;
    // Everything the function prints: its logs and its EMF metrics.
    const printed: string[] = [];
    const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => printed.push(String(chunk)) > 0);
    const { failures, messages, bodies } = await scan({ 'uploads/unit-42/รายชื่อ ผู้สูงอายุ.csv': csv, 'crawled/unit-7/abc.csv': csv }).finally(() => write.mockRestore());
    const output = printed.join('');
    expect(output).toContain('document scanned');
    // EMF metrics: documents, leaks, identifiers by type and mask status.
    const metrics = output.split('\n').filter((line) => line.includes('"_aws"')).map((line) => JSON.parse(line));
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
    const again = await handler({ Records: [record(first.events[0]!, 'again')] }, CONTEXT);
    expect(again.batchItemFailures).toEqual([]);
    expect(await findings()).toEqual([]);
    const second = await scan({ [key]: 'ไม่มีข้อมูลส่วนบุคคล' });
    expect(second.messages).toHaveLength(1);
    expect(second.messages[0]!.counts.leaks).toBe(0);
  });

  it('reports a document that cannot be read with its error code, and one under no unit as unassigned, without failing the batch', async () => {
    const { failures, messages } = await scan({ 'uploads/unit-42/broken.pdf': '%PDF-1.7\n1 0 obj <<', 'misc/notes.txt': `เลขประจำตัวประชาชน ${ID}` });
    expect(failures).toEqual([]);
    const broken = messages.find((m) => m.document.key.endsWith('broken.pdf'))!;
    expect(broken.document.status).toBe('error');
    expect(broken.document.error?.code).toBe('corrupt');
    expect(messages.find((m) => m.document.key === 'misc/notes.txt')!.document.unitId).toBe('unassigned');
  });

  it('fails a message whose document S3 could not hand over in time, so that the queue retries it', async () => {
    events.length = 0;
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'uploads/unit-1/slow.txt', Body: `เลขประจำตัวประชาชน ${ID}` }));
    // Fault injection: the read times out.
    const slow = mockClient(S3Client);
    slow.on(GetObjectCommand).rejects(Object.assign(new Error('socket timed out'), { name: 'TimeoutError' }));
    try {
      const response = await handler({ Records: [record(events[0]!, 'slow')] }, CONTEXT);
      expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'slow' }]);
    } finally {
      slow.restore();
    }
    expect(await findings()).toEqual([]);
  });

  it('fails only the message whose findings could not be sent, so that the queue retries it', async () => {
    events.length = 0;
    for (const key of ['uploads/unit-1/a.txt', 'uploads/unit-1/b.txt']) await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: `เลขประจำตัวประชาชน ${ID}` }));
    const records = events.map((body, i) => ({ ...record(body), messageId: `m${i}` }));
    // Fault injection: SQS throttles the findings of a.txt.
    const throttled = mockClient(SQSClient);
    throttled.on(SendMessageCommand).callsFake(({ MessageBody }: { MessageBody: string }) =>
      MessageBody.includes('uploads/unit-1/a.txt') ? Promise.reject(Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' })) : Promise.resolve({ MessageId: 'sent' }),
    );
    try {
      const response = await handler({ Records: records }, CONTEXT);
      expect(response.batchItemFailures).toEqual([{ itemIdentifier: records.find((r) => r.body.includes('a.txt'))!.messageId }]);
    } finally {
      throttled.restore();
    }
  });

  it('with Textract, hands a multi-page scan to an asynchronous job and reads it when the completion arrives', async () => {
    // Textract has no local server: aws-sdk-client-mock answers with recorded response shapes.
    const recorded = (name: string) => JSON.parse(readFileSync(join(import.meta.dirname, '../fixtures/textract', name), 'utf8'));
    const textract = mockClient(TextractClient);
    textract.on(StartDocumentTextDetectionCommand).resolves({ JobId: 'job-9' });
    textract.on(GetDocumentTextDetectionCommand, { JobId: 'job-9' }).resolvesOnce(recorded('get-document-text-detection-1.json')).resolvesOnce(recorded('get-document-text-detection-2.json'));
    textract.on(GetDocumentTextDetectionCommand, { JobId: 'job-10' }).resolves({ JobStatus: 'FAILED', StatusMessage: 'unsupported document' });
    Object.assign(process.env, { LEAKSCAN_OCR_ENGINE: 'textract', TEXTRACT_TOPIC_ARN: 'arn:aws:sns:us-east-1:123456789012:textract', TEXTRACT_ROLE_ARN: 'arn:aws:iam::123456789012:role/textract' });
    vi.resetModules();
    const textractHandler = ((await import('../../functions/scan/handler.ts')) as unknown as { handler: typeof handler }).handler;
    try {
      const key = 'uploads/unit-5/scan.pdf';
      events.length = 0;
      await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: await pdf([null, null]) }));
      expect((await textractHandler({ Records: [record(events[0]!)] }, CONTEXT)).batchItemFailures).toEqual([]);
      // Nothing is reported before the job is done.
      expect(await findings()).toEqual([]);
      expect(textract.commandCalls(StartDocumentTextDetectionCommand)[0]!.args[0].input).toMatchObject({
        DocumentLocation: { S3Object: { Bucket: BUCKET, Name: key } },
        NotificationChannel: { SNSTopicArn: process.env.TEXTRACT_TOPIC_ARN, RoleArn: process.env.TEXTRACT_ROLE_ARN },
      });
      const completion = (jobId: string, status: string) => JSON.stringify({ JobId: jobId, Status: status, API: 'StartDocumentTextDetection', Timestamp: 0, DocumentLocation: { S3ObjectName: key, S3Bucket: BUCKET } });
      expect((await textractHandler({ Records: [record(completion('job-9', 'SUCCEEDED'), 'done')] }, CONTEXT)).batchItemFailures).toEqual([]);
      const [read] = (await findings()).map((b) => JSON.parse(b) as FindingsMessage);
      expect(read!.document).toMatchObject({ key, unitId: 'unit-5', status: 'scanned' });
      expect(read!.counts.pagesOcred).toBe(2);
      expect(read!.findings.map((f) => [f.type, f.location.page])).toEqual([
        ['national_id', 1],
        ['phone', 2],
      ]);
      // A failed job makes the document unscannable, with the reason.
      expect((await textractHandler({ Records: [record(completion('job-10', 'FAILED'), 'failed')] }, CONTEXT)).batchItemFailures).toEqual([]);
      const [failed] = (await findings()).map((b) => JSON.parse(b) as FindingsMessage);
      expect(failed!.document.error).toEqual({ code: 'ocr_unavailable', message: 'the Textract job ended FAILED' });
    } finally {
      textract.restore();
      process.env.LEAKSCAN_OCR_ENGINE = 'none';
    }
  });
});

// Textract has no local server: aws-sdk-client-mock stands in, answering with recorded shapes.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { DetectDocumentTextCommand, GetDocumentTextDetectionCommand, ProvisionedThroughputExceededException, StartDocumentTextDetectionCommand, TextractClient } from '@aws-sdk/client-textract';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { detectFormat, extractDocument } from '../../shared/extract/index.ts';
import { TextractEngine } from '../../shared/ocr/textract.ts';
import { detect } from '../helpers.ts';
import { pdf } from '../extract/fixtures.ts';

const recorded = (name: string) => JSON.parse(readFileSync(join(import.meta.dirname, '../fixtures/textract', name), 'utf8'));
const textract = mockClient(TextractClient);
const s3 = mockClient(S3Client);

afterEach(() => {
  textract.reset();
  s3.reset();
});

describe('Textract OCR engine', () => {
  it('reads an image with DetectDocumentText, line by line', async () => {
    textract.on(DetectDocumentTextCommand).resolves(recorded('detect-document-text.json'));
    const engine = new TextractEngine({ client: new TextractClient({ region: 'ap-southeast-1' }) });
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47]);
    const result = await engine.recognize(png);
    expect(result.lines.map((l) => l.text)).toEqual(['Citizen ID 1-1017-00207-03-0', 'Mobile 081-234-5678']);
    expect(textract.commandCalls(DetectDocumentTextCommand)[0]!.args[0].input).toEqual({ Document: { Bytes: png } });
  });

  it('reads a multi-page scanned PDF with the asynchronous API, following NextToken, notifying SNS', async () => {
    textract.on(StartDocumentTextDetectionCommand).resolves({ JobId: 'job-1' });
    textract
      .on(GetDocumentTextDetectionCommand)
      .resolvesOnce({ JobStatus: 'IN_PROGRESS' })
      .resolvesOnce(recorded('get-document-text-detection-1.json'))
      .resolvesOnce(recorded('get-document-text-detection-2.json'));
    s3.on(PutObjectCommand).resolves({});
    const engine = new TextractEngine({
      client: new TextractClient({ region: 'ap-southeast-1' }),
      pollMs: 1,
      asyncPdf: {
        s3: new S3Client({ region: 'ap-southeast-1' }),
        bucket: 'staging',
        prefix: 'textract/',
        topicArn: 'arn:aws:sns:ap-southeast-1:111122223333:textract-done',
        roleArn: 'arn:aws:iam::111122223333:role/textract-sns',
      },
    });
    const bytes = await pdf([null, null]);
    const doc = await extractDocument(bytes, detectFormat(bytes, 'scan.pdf'), { ocr: engine });
    expect(doc.pagesOcred).toBe(2);
    expect(detect(doc.blocks).map((f) => [f.type, f.location.page])).toEqual([
      ['national_id', 1],
      ['phone', 2],
    ]);
    const start = textract.commandCalls(StartDocumentTextDetectionCommand)[0]!.args[0].input;
    const staged = s3.commandCalls(PutObjectCommand)[0]!.args[0].input;
    expect(start.DocumentLocation?.S3Object).toEqual({ Bucket: 'staging', Name: staged.Key });
    expect(start.NotificationChannel).toEqual({ SNSTopicArn: 'arn:aws:sns:ap-southeast-1:111122223333:textract-done', RoleArn: 'arn:aws:iam::111122223333:role/textract-sns' });
    expect(textract.commandCalls(GetDocumentTextDetectionCommand).map((c) => c.args[0].input.NextToken)).toEqual([undefined, undefined, 'page-2-token']);
  });

  it('starts a job on a stored PDF version and defers the document, then reads it from the finished pages', async () => {
    textract.on(StartDocumentTextDetectionCommand).resolves({ JobId: 'job-3' });
    const bytes = await pdf([null, null]);
    const client = new TextractClient({ region: 'ap-southeast-1' });
    const storedPdf = { bucket: 'ingest', key: 'uploads/u1/scan.pdf', version: 'v-2', topicArn: 'arn:aws:sns:ap-southeast-1:111122223333:t', roleArn: 'arn:aws:iam::111122223333:role/r' };
    await expect(extractDocument(bytes, 'pdf', { ocr: new TextractEngine({ client, storedPdf }) })).rejects.toMatchObject({ name: 'OcrJobStarted', jobId: 'job-3' });
    expect(textract.commandCalls(StartDocumentTextDetectionCommand)[0]!.args[0].input).toMatchObject({
      DocumentLocation: { S3Object: { Bucket: 'ingest', Name: 'uploads/u1/scan.pdf', Version: 'v-2' } },
      JobTag: 'v-2',
    });
    textract.on(GetDocumentTextDetectionCommand).resolvesOnce(recorded('get-document-text-detection-1.json')).resolvesOnce(recorded('get-document-text-detection-2.json'));
    const { pages } = await new TextractEngine({ client }).pdfJobResults('job-3');
    const doc = await extractDocument(bytes, 'pdf', { ocr: new TextractEngine({ client, jobPages: pages }) });
    expect(detect(doc.blocks).map((f) => [f.type, f.location.page])).toEqual([
      ['national_id', 1],
      ['phone', 2],
    ]);
  });

  it('reports a failed job and passes throttling on to the caller (whose queue retries)', async () => {
    textract.on(StartDocumentTextDetectionCommand).resolves({ JobId: 'job-2' });
    textract.on(GetDocumentTextDetectionCommand).resolves({ JobStatus: 'FAILED', StatusMessage: 'unsupported document' });
    const engine = new TextractEngine({ client: new TextractClient({ region: 'ap-southeast-1', maxAttempts: 1 }), pollMs: 1 });
    const channel = { topicArn: 'arn:aws:sns:ap-southeast-1:111122223333:t', roleArn: 'arn:aws:iam::111122223333:role/r' };
    await expect(engine.pdfJobResults(await engine.startPdfJob('b', 'k.pdf', undefined, channel))).resolves.toEqual({ status: 'FAILED', pages: [] });

    textract.on(DetectDocumentTextCommand).rejects(new ProvisionedThroughputExceededException({ message: 'slow down', $metadata: {} }));
    await expect(engine.recognize(new Uint8Array([1]))).rejects.toThrow(/slow down/);
  });
});

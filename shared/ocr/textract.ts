// Amazon Textract as an OCR engine. It does not read Thai script, so it suits Latin-script
// documents and digits only; Tesseract stays the default. Images and single pages go through the
// synchronous DetectDocumentText; multi-page PDFs through the asynchronous
// StartDocumentTextDetection, which reads the PDF from S3 and announces completion on an SNS
// topic (the pipeline routes that to the scan queue; here the results can also be polled).
import { PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import {
  type Block,
  DetectDocumentTextCommand,
  GetDocumentTextDetectionCommand,
  type GetDocumentTextDetectionCommandOutput,
  StartDocumentTextDetectionCommand,
  TextractClient,
} from '@aws-sdk/client-textract';
import { ScanError } from '../errors.ts';
import { type OcrEngine, OcrJobStarted, type OcrResult } from './engine.ts';

export interface TextractAsyncPdf {
  s3: S3Client;
  /** Where PDFs are staged for Textract, which reads documents only from S3. */
  bucket: string;
  prefix: string;
  /** SNS topic Textract publishes the job's completion to, and the role that lets it. */
  topicArn: string;
  roleArn: string;
}

/** A PDF already in S3 (the ingest bucket), read by a job whose completion the pipeline awaits. */
export interface TextractStoredPdf {
  bucket: string;
  key: string;
  version?: string;
  topicArn: string;
  roleArn: string;
}

export const textractClient = (): TextractClient => new TextractClient({});

export interface TextractOptions {
  client?: TextractClient;
  /** Multi-page scans staged to S3 and polled until read, for a caller that waits. */
  asyncPdf?: TextractAsyncPdf;
  /** Multi-page scans of this stored PDF started as a job, answered later (the pipeline's way). */
  storedPdf?: TextractStoredPdf;
  /** The pages a finished job read, for the same PDF's second pass. */
  jobPages?: OcrResult[];
  /** Polling interval while waiting for an asynchronous job, in ms. */
  pollMs?: number;
  /** Longest wait for an asynchronous job, in ms. */
  maxWaitMs?: number;
}

export class TextractEngine implements OcrEngine {
  readonly name = 'textract';
  private readonly client: TextractClient;
  readonly recognizePdf?: (pdf: Uint8Array) => Promise<OcrResult[]>;

  constructor(private readonly options: TextractOptions = {}) {
    this.client = options.client ?? textractClient();
    const { asyncPdf, storedPdf, jobPages } = options;
    if (jobPages) this.recognizePdf = async () => jobPages;
    else if (storedPdf) {
      this.recognizePdf = async () => {
        throw new OcrJobStarted(await this.startPdfJob(storedPdf.bucket, storedPdf.key, storedPdf.version, storedPdf));
      };
    } else if (asyncPdf) {
      this.recognizePdf = async (pdf) => {
        const key = `${asyncPdf.prefix}${crypto.randomUUID()}.pdf`;
        await asyncPdf.s3.send(new PutObjectCommand({ Bucket: asyncPdf.bucket, Key: key, Body: pdf, ContentType: 'application/pdf' }));
        const jobId = await this.startPdfJob(asyncPdf.bucket, key, undefined, asyncPdf);
        return this.waitForPdfJob(jobId);
      };
    }
  }

  async recognize(image: Uint8Array): Promise<OcrResult> {
    const out = await this.client.send(new DetectDocumentTextCommand({ Document: { Bytes: image } }));
    return pagesOf(out.Blocks ?? [])[0] ?? { lines: [] };
  }

  /**
   * Starts an asynchronous text detection of a PDF in S3; completion is announced on SNS. The job
   * tag carries the object's version, which the completion message does not.
   */
  async startPdfJob(bucket: string, key: string, version: string | undefined, channel: { topicArn: string; roleArn: string }): Promise<string> {
    const out = await this.client.send(
      new StartDocumentTextDetectionCommand({
        DocumentLocation: { S3Object: { Bucket: bucket, Name: key, ...(version ? { Version: version } : {}) } },
        NotificationChannel: { SNSTopicArn: channel.topicArn, RoleArn: channel.roleArn },
        ...(version ? { JobTag: version } : {}),
      }),
    );
    if (!out.JobId) throw new ScanError('ocr_unavailable', 'Textract did not start the job');
    return out.JobId;
  }

  /** The pages of a finished job (every result page, following NextToken). */
  async pdfJobResults(jobId: string): Promise<{ status: string; pages: OcrResult[] }> {
    const blocks: Block[] = [];
    let status = 'IN_PROGRESS';
    let next: string | undefined;
    do {
      const out: GetDocumentTextDetectionCommandOutput = await this.client.send(new GetDocumentTextDetectionCommand({ JobId: jobId, NextToken: next }));
      status = out.JobStatus ?? status;
      if (status !== 'SUCCEEDED' && status !== 'PARTIAL_SUCCESS') return { status, pages: [] };
      blocks.push(...(out.Blocks ?? []));
      next = out.NextToken;
    } while (next);
    return { status, pages: pagesOf(blocks) };
  }

  private async waitForPdfJob(jobId: string): Promise<OcrResult[]> {
    const deadline = Date.now() + (this.options.maxWaitMs ?? 10 * 60_000);
    for (;;) {
      const { status, pages } = await this.pdfJobResults(jobId);
      if (status === 'SUCCEEDED' || status === 'PARTIAL_SUCCESS') return pages;
      if (status === 'FAILED') throw new ScanError('ocr_unavailable', `Textract job ${jobId} failed`);
      if (Date.now() > deadline) throw new ScanError('timeout', `Textract job ${jobId} did not finish in time`);
      await new Promise((resolve) => setTimeout(resolve, this.options.pollMs ?? 5000));
    }
  }

  async close(): Promise<void> {
    if (!this.options.client) this.client.destroy();
  }
}

/** LINE blocks grouped by page, in reading order. */
export function pagesOf(blocks: readonly Block[]): OcrResult[] {
  const pages: OcrResult[] = [];
  for (const block of blocks) {
    if (block.BlockType !== 'LINE' || !block.Text) continue;
    const index = (block.Page ?? 1) - 1;
    (pages[index] ??= { lines: [] }).lines.push({ text: block.Text, confidence: block.Confidence ?? 0 });
  }
  return Array.from(pages, (p) => p ?? { lines: [] });
}

/** A job's completion, as Textract publishes it to SNS (delivered raw to SQS). */
export interface TextractCompletion {
  jobId: string;
  status: string;
  bucket: string;
  key: string;
  version?: string;
}

/** The completion a queue message announces, if it is one. */
export function textractCompletion(body: string): TextractCompletion | undefined {
  const message = JSON.parse(body) as { JobId?: string; Status?: string; JobTag?: string; DocumentLocation?: { S3Bucket?: string; S3ObjectName?: string } };
  const { JobId, Status, JobTag, DocumentLocation } = message;
  if (!JobId || !Status || !DocumentLocation?.S3Bucket || !DocumentLocation.S3ObjectName) return undefined;
  const completion: TextractCompletion = { jobId: JobId, status: Status, bucket: DocumentLocation.S3Bucket, key: DocumentLocation.S3ObjectName };
  if (JobTag) completion.version = JobTag;
  return completion;
}

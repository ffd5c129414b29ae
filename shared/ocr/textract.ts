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
import type { OcrEngine, OcrResult } from './engine.ts';

export interface TextractAsyncPdf {
  s3: S3Client;
  /** Where PDFs are staged for Textract, which reads documents only from S3. */
  bucket: string;
  prefix: string;
  /** SNS topic Textract publishes the job's completion to, and the role that lets it. */
  topicArn: string;
  roleArn: string;
}

export interface TextractOptions {
  client?: TextractClient;
  asyncPdf?: TextractAsyncPdf;
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
    this.client = options.client ?? new TextractClient({});
    const asyncPdf = options.asyncPdf;
    if (asyncPdf) {
      this.recognizePdf = async (pdf) => {
        const key = `${asyncPdf.prefix}${crypto.randomUUID()}.pdf`;
        await asyncPdf.s3.send(new PutObjectCommand({ Bucket: asyncPdf.bucket, Key: key, Body: pdf, ContentType: 'application/pdf' }));
        const jobId = await this.startPdfJob(asyncPdf.bucket, key);
        return this.waitForPdfJob(jobId);
      };
    }
  }

  async recognize(image: Uint8Array): Promise<OcrResult> {
    const out = await this.client.send(new DetectDocumentTextCommand({ Document: { Bytes: image } }));
    return pagesOf(out.Blocks ?? [])[0] ?? { lines: [] };
  }

  /** Starts an asynchronous text detection of a PDF in S3; completion is announced on SNS. */
  async startPdfJob(bucket: string, key: string, version?: string): Promise<string> {
    const asyncPdf = this.options.asyncPdf;
    const out = await this.client.send(
      new StartDocumentTextDetectionCommand({
        DocumentLocation: { S3Object: { Bucket: bucket, Name: key, ...(version ? { Version: version } : {}) } },
        ...(asyncPdf ? { NotificationChannel: { SNSTopicArn: asyncPdf.topicArn, RoleArn: asyncPdf.roleArn } } : {}),
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

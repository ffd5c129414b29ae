// Lambda's SQS event source mapping, on this machine: a queue is polled, messages are gathered
// into batches (up to a size, for up to a window), the function is invoked with the very event
// shape Lambda gives, and what it did not report as failed is deleted. A failed message shows
// again after the queue's visibility timeout; the queue's redrive policy moves it to its
// dead-letter queue after its receive count, as in AWS.
import type { Message, SQSClient } from '@aws-sdk/client-sqs';
import { deleteMessages, receiveMessages } from '../shared/aws/sqs.ts';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';

export interface SqsEventSourceOptions {
  sqs: SQSClient;
  queueUrl: string;
  /** The function's name, in its context. */
  functionName: string;
  handler: (event: SQSEvent, context: Context) => Promise<SQSBatchResponse | void>;
  batchSize: number;
  /** How long to gather a batch that is not full yet. */
  batchWindowMs?: number;
  /** The function's timeout, for its context's getRemainingTimeInMillis. */
  timeoutMs: number;
  /** Told after each invocation: its batch size, the failures it reported, and how long it ran. */
  invoked?: (stats: { functionName: string; records: number; failures: number; ms: number; error?: unknown }) => void;
  /** Told of every message body taken from the queue. */
  received?: (body: string) => void;
}

export class SqsEventSource {
  private running = false;
  private loop: Promise<void> | undefined;
  /** A batch is being gathered or handled. */
  busy = false;

  constructor(private readonly options: SqsEventSourceOptions) {}

  start(): void {
    this.running = true;
    this.loop = this.poll();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
  }

  private async poll(): Promise<void> {
    const { sqs, queueUrl, batchSize, batchWindowMs = 0 } = this.options;
    while (this.running) {
      // By message ID: a message whose visibility ran out while the batch was gathered comes
      // again, and belongs in the batch once (with its newest receipt).
      const batch = new Map<string, Message>();
      const until = Date.now() + batchWindowMs;
      do {
        // Wait for the first message; then only look, until the window closes.
        const Messages = await receiveMessages(sqs, queueUrl, batchSize - batch.size, batch.size === 0 ? 1 : 0).catch((): Message[] => []);
        if (Messages.length > 0) this.busy = true;
        for (const message of Messages) batch.set(message.MessageId!, message);
        if (batch.size > 0 && Messages.length === 0) await new Promise((r) => setTimeout(r, 100));
      } while (this.running && batch.size > 0 && batch.size < batchSize && Date.now() < until);
      if (batch.size > 0) await this.invoke([...batch.values()]);
      this.busy = false;
    }
  }

  private async invoke(batch: Message[]): Promise<void> {
    const { sqs, queueUrl, functionName, handler, timeoutMs } = this.options;
    const records = batch.map((message) => sqsRecord(message, queueUrl));
    for (const record of records) this.options.received?.(record.body);
    const started = Date.now();
    const context = invocationContext(functionName, timeoutMs);
    let failed: Set<string>;
    let error: unknown;
    try {
      const response = await handler({ Records: records }, context);
      failed = new Set((response?.batchItemFailures ?? []).map((f) => f.itemIdentifier));
    } catch (err) {
      // A function that throws fails its whole batch, as in Lambda.
      error = err;
      failed = new Set(records.map((r) => r.messageId));
    }
    const done = batch.filter((m) => !failed.has(m.MessageId!));
    await deleteMessages(
      sqs,
      queueUrl,
      done.map((m) => m.ReceiptHandle!),
    );
    this.options.invoked?.({ functionName, records: records.length, failures: failed.size, ms: Date.now() - started, ...(error !== undefined && { error }) });
  }
}

/** A Lambda context for one invocation of a function with this timeout. */
export function invocationContext(functionName: string, timeoutMs: number): Context {
  const deadline = Date.now() + timeoutMs;
  return { functionName, awsRequestId: crypto.randomUUID(), getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()) } as Context;
}

function sqsRecord(message: Message, queueUrl: string): SQSRecord {
  const attributes = message.Attributes ?? {};
  return {
    messageId: message.MessageId!,
    receiptHandle: message.ReceiptHandle!,
    body: message.Body ?? '',
    attributes: {
      ApproximateReceiveCount: attributes.ApproximateReceiveCount ?? '1',
      SentTimestamp: attributes.SentTimestamp ?? String(Date.now()),
      SenderId: attributes.SenderId ?? 'local',
      ApproximateFirstReceiveTimestamp: attributes.ApproximateFirstReceiveTimestamp ?? String(Date.now()),
    },
    messageAttributes: {},
    md5OfBody: message.MD5OfBody ?? '',
    eventSource: 'aws:sqs',
    eventSourceARN: `arn:aws:sqs:local:000000000000:${queueUrl.split('/').pop()}`,
    awsRegion: process.env.AWS_REGION ?? 'local',
  };
}

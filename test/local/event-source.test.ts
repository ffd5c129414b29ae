// Lambda's SQS event source mapping as `leakscan serve` runs it, against local-aws-sqs: batches,
// partial batch failures, and the dead-letter queue after the receive count.
import { ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import type { SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalAws, startLocalAws } from '../../local/aws-servers.ts';
import { SqsEventSource } from '../../local/event-source.ts';

let aws: LocalAws;
beforeAll(async () => {
  aws = await startLocalAws({ queues: [{ name: 'work', visibilityTimeoutSeconds: 1, maxReceiveCount: 2 }] });
});
afterAll(() => aws?.stop());

describe('SqsEventSource', { timeout: 30_000 }, () => {
  it('batches messages, deletes what succeeded, and leaves what failed on the queue until its redrive policy dead-letters it', async () => {
    const QueueUrl = aws.queueUrls.work!;
    for (const body of ['ok-1', 'ok-2', 'ok-3', 'poison']) await aws.sqs.send(new SendMessageCommand({ QueueUrl, MessageBody: body }));
    const batches: string[][] = [];
    const receives: Record<string, number[]> = {};
    const source = new SqsEventSource({
      sqs: aws.sqs,
      queueUrl: QueueUrl,
      functionName: 'work',
      batchSize: 10,
      batchWindowMs: 300,
      timeoutMs: 5_000,
      handler: async (event: SQSEvent) => {
        batches.push(event.Records.map((r) => r.body));
        for (const r of event.Records) (receives[r.body] ??= []).push(Number(r.attributes.ApproximateReceiveCount));
        return { batchItemFailures: event.Records.filter((r) => r.body === 'poison').map((r) => ({ itemIdentifier: r.messageId })) };
      },
    });
    source.start();
    await expect
      .poll(async () => (await aws.sqs.send(new ReceiveMessageCommand({ QueueUrl: aws.queueUrls['work-dlq'], WaitTimeSeconds: 1 }))).Messages?.[0]?.Body, { timeout: 20_000, interval: 500 })
      .toBe('poison');
    await source.stop();
    expect(batches[0]!.sort()).toEqual(['ok-1', 'ok-2', 'ok-3', 'poison']);
    // The successes once. The failure was not deleted: it stayed on the queue until the redrive
    // policy moved it (local-aws-sqs moves a message once its receive count reaches
    // maxReceiveCount, AWS once it exceeds it: one receive fewer here).
    expect(receives).toMatchObject({ 'ok-1': [1], 'ok-2': [1], 'ok-3': [1] });
    expect(receives.poison!.length).toBeGreaterThanOrEqual(1);
    expect(receives.poison!.length).toBeLessThanOrEqual(2);
  });
});

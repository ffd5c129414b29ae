// SQS, as the functions use it: JSON messages sent to a queue, one at a time or in batches.
import { SendMessageBatchCommand, SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';

export async function sendJson(sqs: SQSClient, queueUrl: string, body: unknown): Promise<void> {
  await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(body) }));
}

/**
 * Sends every body, ten to a request (SQS's batch limit), a few requests at a time, and sends
 * again what SQS reports as failed; throws when some still fail after retries.
 */
export async function sendJsonBatch(sqs: SQSClient, queueUrl: string, bodies: readonly unknown[], parallel = 8): Promise<void> {
  const batches: Array<Array<{ Id: string; MessageBody: string }>> = [];
  for (let i = 0; i < bodies.length; i += 10) batches.push(bodies.slice(i, i + 10).map((body, j) => ({ Id: String(i + j), MessageBody: JSON.stringify(body) })));
  const sendBatch = async (entries: Array<{ Id: string; MessageBody: string }>): Promise<void> => {
    for (let attempt = 0; entries.length > 0; attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(2000, 100 * 2 ** attempt)));
      if (attempt > 5) throw new Error(`SQS did not take ${entries.length} messages after ${attempt} attempts`);
      const out = await sqs.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries }));
      const failed = new Set((out.Failed ?? []).map((f) => f.Id));
      entries = entries.filter((e) => failed.has(e.Id));
    }
  };
  for (let i = 0; i < batches.length; i += parallel) await Promise.all(batches.slice(i, i + parallel).map(sendBatch));
}

// SQS, as the functions use it (JSON messages sent to a queue, one at a time or in batches) and
// as the local stack plays Lambda's part (queues created, messages received, deleted and counted).
import {
  CreateQueueCommand,
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  type Message,
  ReceiveMessageCommand,
  SendMessageBatchCommand,
  SendMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { TRY_AGAIN, doublingBackoff, retrying } from '../retry.ts';

export const sqsClient = (): SQSClient => new SQSClient({});

export async function sendJson(sqs: SQSClient, queueUrl: string, body: unknown): Promise<void> {
  await sendText(sqs, queueUrl, JSON.stringify(body));
}

/** A body sent as it is (an S3 event notification, already JSON). */
export async function sendText(sqs: SQSClient, queueUrl: string, body: string): Promise<void> {
  await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: body }));
}

/** The queue's URL; `attributes` as SQS names them (VisibilityTimeout, RedrivePolicy, …). */
export async function createQueue(sqs: SQSClient, name: string, attributes: Record<string, string> = {}): Promise<string> {
  return (await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes: attributes }))).QueueUrl!;
}

export async function queueArn(sqs: SQSClient, queueUrl: string): Promise<string> {
  const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }));
  return Attributes!.QueueArn!;
}

/** Messages waiting to be received and messages received but not yet deleted. */
export async function messagesInQueue(sqs: SQSClient, queueUrl: string): Promise<number> {
  const { Attributes = {} } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }));
  return Number(Attributes.ApproximateNumberOfMessages) + Number(Attributes.ApproximateNumberOfMessagesNotVisible);
}

/** Up to `max` messages (at most 10, SQS's limit), with their system attributes, waiting up to `waitSeconds` for the first. */
export async function receiveMessages(sqs: SQSClient, queueUrl: string, max: number, waitSeconds: number): Promise<Message[]> {
  const { Messages = [] } = await sqs.send(
    new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: Math.min(10, max), WaitTimeSeconds: waitSeconds, MessageSystemAttributeNames: ['All'] }),
  );
  return Messages;
}

/** Deletes received messages by their receipt handles, ten to a request. */
export async function deleteMessages(sqs: SQSClient, queueUrl: string, receiptHandles: readonly string[]): Promise<void> {
  for (let i = 0; i < receiptHandles.length; i += 10) {
    await sqs.send(new DeleteMessageBatchCommand({ QueueUrl: queueUrl, Entries: receiptHandles.slice(i, i + 10).map((ReceiptHandle, j) => ({ Id: String(j), ReceiptHandle })) }));
  }
}

const BATCH_SEND_ATTEMPTS = 6;

/**
 * Sends every body, ten to a request (SQS's batch limit), a few requests at a time, and sends
 * again what SQS reports as failed; throws when some still fail after retries.
 */
export async function sendJsonBatch(sqs: SQSClient, queueUrl: string, bodies: readonly unknown[], parallel = 8): Promise<void> {
  const batches: Array<Array<{ Id: string; MessageBody: string }>> = [];
  for (let i = 0; i < bodies.length; i += 10) batches.push(bodies.slice(i, i + 10).map((body, j) => ({ Id: String(i + j), MessageBody: JSON.stringify(body) })));
  const sendBatch = (entries: Array<{ Id: string; MessageBody: string }>): Promise<void> =>
    retrying(
      async () => {
        const out = await sqs.send(new SendMessageBatchCommand({ QueueUrl: queueUrl, Entries: entries }));
        const failed = new Set((out.Failed ?? []).map((f) => f.Id));
        entries = entries.filter((e) => failed.has(e.Id));
        return entries.length > 0 ? TRY_AGAIN : undefined;
      },
      { attempts: BATCH_SEND_ATTEMPTS, backoffMs: doublingBackoff(200, 2000), exhausted: () => new Error(`SQS did not take ${entries.length} messages after ${BATCH_SEND_ATTEMPTS} attempts`) },
    );
  for (let i = 0; i < batches.length; i += parallel) await Promise.all(batches.slice(i, i + parallel).map(sendBatch));
}

// SQS, as the functions use it: JSON messages sent to a queue.
import { SendMessageCommand, type SQSClient } from '@aws-sdk/client-sqs';

export async function sendJson(sqs: SQSClient, queueUrl: string, body: unknown): Promise<void> {
  await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(body) }));
}

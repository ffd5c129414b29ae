// Lambda's event shapes and context, as the SQS event source mapping delivers them.
import type { Context, SQSEvent } from 'aws-lambda';

export const lambdaContext = (functionName: string, remainingMs = 60_000): Context => ({ functionName, awsRequestId: 'test', getRemainingTimeInMillis: () => remainingMs }) as Context;

export function sqsRecord(body: string, messageId = 'm', receiptHandle = 'r'): SQSEvent['Records'][number] {
  return {
    messageId,
    receiptHandle,
    body,
    attributes: { ApproximateReceiveCount: '1', SentTimestamp: '0', SenderId: 'S3', ApproximateFirstReceiveTimestamp: '0' },
    messageAttributes: {},
    md5OfBody: '',
    eventSource: 'aws:sqs',
    eventSourceARN: 'arn:aws:sqs:us-east-1:123456789012:queue',
    awsRegion: 'us-east-1',
  };
}

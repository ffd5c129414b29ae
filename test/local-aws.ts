// Local AWS-compatible servers on 127.0.0.1 for tests: s3rver (S3), dynalite (DynamoDB) and
// local-aws-sqs (SQS), with the buckets, tables and queues a test asks for, and the environment
// that points the AWS SDK (and the functions under test) at them.
import { mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo, Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { CreateQueueCommand, SQSClient } from '@aws-sdk/client-sqs';
import dynalite from 'dynalite';
import { createSqsServer } from 'local-aws-sqs';
import S3rver from 's3rver';

export interface LocalAwsOptions {
  buckets?: string[];
  /** Table name → key attribute names (partition, then optional sort key), all strings. */
  tables?: Record<string, [string] | [string, string]>;
  queues?: string[];
}

export interface LocalAws {
  env: Record<string, string>;
  s3: S3Client;
  sqs: SQSClient;
  dynamodb: DynamoDBClient;
  queueUrls: Record<string, string>;
  /** s3rver's S3 event notifications, as S3 would put them on a queue. */
  s3Events: string[];
  stop(): Promise<void>;
}

export async function startLocalAws({ buckets = [], tables = {}, queues = [] }: LocalAwsOptions): Promise<LocalAws> {
  const directory = mkdtempSync(join(tmpdir(), 'leakscan-s3-'));
  const s3rver = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: buckets.map((name) => ({ name, configs: [] })) });
  const { port: s3Port } = (await s3rver.run()) as AddressInfo;
  const s3Events: string[] = [];
  // s3rver is a Koa app, an EventEmitter its types leave out.
  (s3rver as unknown as NodeJS.EventEmitter).on('event', (event: unknown) => s3Events.push(JSON.stringify(event)));
  const sqsServer: Server = await createSqsServer({ port: 0, hostname: '127.0.0.1', emulateQueueCreationLifecycle: false });
  const dynamoServer: Server = dynalite({ createTableMs: 0 });
  await new Promise<void>((resolve) => dynamoServer.listen(0, '127.0.0.1', resolve));
  const env = {
    AWS_REGION: 'us-east-1',
    // s3rver's own credentials; the other servers take any.
    AWS_ACCESS_KEY_ID: 'S3RVER',
    AWS_SECRET_ACCESS_KEY: 'S3RVER',
    AWS_ENDPOINT_URL_S3: `http://127.0.0.1:${s3Port}`,
    AWS_ENDPOINT_URL_SQS: `http://127.0.0.1:${(sqsServer.address() as AddressInfo).port}`,
    AWS_ENDPOINT_URL_DYNAMODB: `http://127.0.0.1:${(dynamoServer.address() as AddressInfo).port}`,
  };
  Object.assign(process.env, env);
  const s3 = new S3Client({ forcePathStyle: true, requestChecksumCalculation: 'WHEN_REQUIRED' });
  const sqs = new SQSClient({});
  const dynamodb = new DynamoDBClient({});
  for (const [name, [hash, range]] of Object.entries(tables)) {
    const keys = range ? [hash, range] : [hash];
    await dynamodb.send(
      new CreateTableCommand({
        TableName: name,
        KeySchema: keys.map((AttributeName, i) => ({ AttributeName, KeyType: i === 0 ? 'HASH' : 'RANGE' })),
        AttributeDefinitions: keys.map((AttributeName) => ({ AttributeName, AttributeType: 'S' })),
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
  }
  const queueUrls: Record<string, string> = {};
  for (const name of queues) queueUrls[name] = (await sqs.send(new CreateQueueCommand({ QueueName: name }))).QueueUrl!;
  return {
    env,
    s3,
    sqs,
    dynamodb,
    queueUrls,
    s3Events,
    stop: async () => {
      for (const client of [s3, sqs, dynamodb]) client.destroy();
      await s3rver.close();
      await new Promise((resolve) => sqsServer.close(resolve));
      await new Promise((resolve) => dynamoServer.close(resolve));
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

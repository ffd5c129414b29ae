// AWS-compatible servers on 127.0.0.1, for `leakscan serve` and the tests: s3rver (S3), dynalite
// (DynamoDB), local-aws-sqs (SQS) and, when asked, aws-ses-v2-local (SESv2), with the buckets,
// tables and queues asked for, and the environment that points the AWS SDK (and the functions)
// at them. With a directory, S3 objects and DynamoDB tables are kept there across restarts.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo, Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import dynalite from 'dynalite';
import { createSqsServer } from 'local-aws-sqs';
import sesV2Local from 'aws-ses-v2-local';
import S3rver from 's3rver';

// A CommonJS module compiled from ES: Node hands over its exports object, vitest its default.
const startSesServer = (typeof sesV2Local === 'function' ? sesV2Local : sesV2Local.default) as typeof sesV2Local.default;

export interface LocalAwsOptions {
  buckets?: string[];
  /** Table name → key attribute names (partition, then optional sort key), all strings. */
  tables?: Record<string, [string] | [string, string]>;
  /** Table name → index name → key attribute names of a global secondary index (all projected). */
  indexes?: Record<string, Record<string, [string, string]>>;
  /** Queue names, or queues with a dead-letter queue (`<name>-dlq`) and a visibility timeout. */
  queues?: Array<string | QueueSpec>;
  /** Where S3 objects and DynamoDB tables are kept (a temporary directory, removed on stop, by default). */
  directory?: string;
  /** Called with each S3 event notification, as S3 would put it on a queue. */
  onS3Event?: (event: string) => void;
  /** Start aws-ses-v2-local too (its mailbox: GET <AWS_ENDPOINT_URL_SESV2>/store). */
  ses?: boolean;
}

export interface QueueSpec {
  name: string;
  visibilityTimeoutSeconds?: number;
  /** Receives before a message moves to `<name>-dlq`. */
  maxReceiveCount?: number;
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

export async function startLocalAws({ buckets = [], tables = {}, indexes = {}, queues = [], ses = false, directory, onS3Event }: LocalAwsOptions): Promise<LocalAws> {
  const root = directory ?? mkdtempSync(join(tmpdir(), 'leakscan-aws-'));
  mkdirSync(join(root, 's3'), { recursive: true });
  const s3rver = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory: join(root, 's3'), configureBuckets: buckets.map((name) => ({ name, configs: [] })) });
  const { port: s3Port } = (await s3rver.run()) as AddressInfo;
  const s3Events: string[] = [];
  // s3rver is a Koa app, an EventEmitter its types leave out.
  (s3rver as unknown as NodeJS.EventEmitter).on('event', (event: unknown) => {
    const body = JSON.stringify(event);
    s3Events.push(body);
    onS3Event?.(body);
  });
  const sqsServer: Server = await createSqsServer({ port: 0, hostname: '127.0.0.1', emulateQueueCreationLifecycle: false });
  const dynamoServer: Server = dynalite({ createTableMs: 0, ...(directory && { path: join(root, 'dynamodb') }) });
  await new Promise<void>((resolve) => dynamoServer.listen(0, '127.0.0.1', resolve));
  const sesServer = ses ? await startSesServer({ host: '127.0.0.1', port: 0 }) : undefined;
  const env: Record<string, string> = {
    ...(sesServer && { AWS_ENDPOINT_URL_SESV2: `http://127.0.0.1:${(sesServer.address() as AddressInfo).port}` }),
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
  const keySchema = (keys: string[]) => keys.map((AttributeName, i) => ({ AttributeName, KeyType: i === 0 ? ('HASH' as const) : ('RANGE' as const) }));
  for (const [name, [hash, range]] of Object.entries(tables)) {
    const keys = range ? [hash, range] : [hash];
    const indexKeys = Object.entries(indexes[name] ?? {});
    const attributes = new Set([...keys, ...indexKeys.flatMap(([, k]) => k)]);
    await dynamodb
      .send(
      new CreateTableCommand({
        TableName: name,
        KeySchema: keySchema(keys),
        AttributeDefinitions: [...attributes].map((AttributeName) => ({ AttributeName, AttributeType: 'S' })),
        ...(indexKeys.length > 0 && { GlobalSecondaryIndexes: indexKeys.map(([IndexName, k]) => ({ IndexName, KeySchema: keySchema(k), Projection: { ProjectionType: 'ALL' } })) }),
        BillingMode: 'PAY_PER_REQUEST',
      }),
      )
      // Kept from an earlier run.
      .catch((err: Error) => {
        if (err.name !== 'ResourceInUseException') throw err;
      });
  }
  const queueUrls: Record<string, string> = {};
  for (const spec of queues) {
    const { name, visibilityTimeoutSeconds, maxReceiveCount } = typeof spec === 'string' ? { name: spec } : spec;
    const Attributes: Record<string, string> = {};
    if (visibilityTimeoutSeconds !== undefined) Attributes.VisibilityTimeout = String(visibilityTimeoutSeconds);
    if (maxReceiveCount !== undefined) {
      queueUrls[`${name}-dlq`] = (await sqs.send(new CreateQueueCommand({ QueueName: `${name}-dlq` }))).QueueUrl!;
      const { Attributes: dlq } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrls[`${name}-dlq`], AttributeNames: ['QueueArn'] }));
      Attributes.RedrivePolicy = JSON.stringify({ deadLetterTargetArn: dlq!.QueueArn, maxReceiveCount });
    }
    queueUrls[name] = (await sqs.send(new CreateQueueCommand({ QueueName: name, Attributes }))).QueueUrl!;
  }
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
      if (sesServer) await new Promise((resolve) => sesServer.close(resolve));
      if (!directory) rmSync(root, { recursive: true, force: true });
    },
  };
}

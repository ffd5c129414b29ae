// AWS-compatible servers on 127.0.0.1, for `leakscan serve` and the tests: s3rver (S3), dynalite
// (DynamoDB), local-aws-sqs (SQS) and, when asked, aws-ses-v2-local (SESv2), with the buckets,
// tables and queues asked for, and the environment that points the AWS SDK (and the functions)
// at them. With a directory, S3 objects and DynamoDB tables are kept there across restarts.
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo, Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SQSClient } from '@aws-sdk/client-sqs';
import dynalite from 'dynalite';
import { createSqsServer } from 'local-aws-sqs';
import sesV2Local from 'aws-ses-v2-local';
import S3rver from 's3rver';
import { type TableKeys, createTableIfMissing, dynamoDbClient } from '../shared/aws/dynamodb.ts';
import { s3Client } from '../shared/aws/s3.ts';
import { createQueue, queueArn, sqsClient } from '../shared/aws/sqs.ts';
import { verifyPresignedRequests } from './presigned-urls.ts';

/** s3rver's built-in account: its access key ID and its secret. */
const S3RVER_KEY = 'S3RVER';

/**
 * Pages on this machine (the clerk page of `leakscan serve`, on any port) may PUT and GET through
 * presigned URLs, as the deployed bucket allows the clerk page's origin.
 */
const BROWSER_CORS = `<CORSConfiguration>${['http://127.0.0.1:*', 'http://localhost:*']
  .map(
    (origin) =>
      `<CORSRule><AllowedOrigin>${origin}</AllowedOrigin><AllowedMethod>PUT</AllowedMethod><AllowedMethod>GET</AllowedMethod><AllowedHeader>content-type</AllowedHeader><MaxAgeSeconds>600</MaxAgeSeconds></CORSRule>`,
  )
  .join('')}</CORSConfiguration>`;

// A CommonJS module compiled from ES: Node hands over its exports object, vitest its default.
const startSesServer = (typeof sesV2Local === 'function' ? sesV2Local : sesV2Local.default) as typeof sesV2Local.default;

export interface LocalAwsOptions {
  buckets?: string[];
  /** Table name → key attribute names (partition, then optional sort key), all strings. */
  tables?: Record<string, TableKeys>;
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
  /** Each server's port (default 0: any free one). */
  ports?: Partial<Record<'s3' | 'sqs' | 'dynamodb' | 'ses', number>>;
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

export async function startLocalAws({ buckets = [], tables = {}, indexes = {}, queues = [], ses = false, directory, onS3Event, ports = {} }: LocalAwsOptions): Promise<LocalAws> {
  const root = directory ?? mkdtempSync(join(tmpdir(), 'leakscan-aws-'));
  mkdirSync(join(root, 's3'), { recursive: true });
  const s3rver = new S3rver({ address: '127.0.0.1', port: ports.s3 ?? 0, silent: true, directory: join(root, 's3'), configureBuckets: buckets.map((name) => ({ name, configs: [BROWSER_CORS] })) });
  // Before s3rver's own middleware, which Koa composes when the server starts.
  (s3rver as unknown as { middleware: unknown[] }).middleware.unshift(verifyPresignedRequests(S3RVER_KEY, S3RVER_KEY));
  const { port: s3Port } = (await s3rver.run()) as AddressInfo;
  const s3Events: string[] = [];
  // s3rver is a Koa app, an EventEmitter its types leave out.
  (s3rver as unknown as NodeJS.EventEmitter).on('event', (event: unknown) => {
    const body = JSON.stringify(event);
    s3Events.push(body);
    onS3Event?.(body);
  });
  const sqsServer: Server = await createSqsServer({ port: ports.sqs ?? 0, hostname: '127.0.0.1', emulateQueueCreationLifecycle: false });
  const dynamoServer: Server = dynalite({ createTableMs: 0, deleteTableMs: 0, ...(directory && { path: join(root, 'dynamodb') }) });
  await new Promise<void>((resolve) => dynamoServer.listen(ports.dynamodb ?? 0, '127.0.0.1', resolve));
  const sesServer = ses ? await startSesServer({ host: '127.0.0.1', port: ports.ses ?? 0 }) : undefined;
  const env: Record<string, string> = {
    ...(sesServer && { AWS_ENDPOINT_URL_SESV2: `http://127.0.0.1:${(sesServer.address() as AddressInfo).port}` }),
    AWS_REGION: 'us-east-1',
    // s3rver's own credentials; the other servers take any.
    AWS_ACCESS_KEY_ID: S3RVER_KEY,
    AWS_SECRET_ACCESS_KEY: S3RVER_KEY,
    AWS_ENDPOINT_URL_S3: `http://127.0.0.1:${s3Port}`,
    AWS_ENDPOINT_URL_SQS: `http://127.0.0.1:${(sqsServer.address() as AddressInfo).port}`,
    AWS_ENDPOINT_URL_DYNAMODB: `http://127.0.0.1:${(dynamoServer.address() as AddressInfo).port}`,
  };
  Object.assign(process.env, env);
  const s3 = s3Client();
  const sqs = sqsClient();
  const dynamodb = dynamoDbClient();
  for (const [name, keys] of Object.entries(tables)) await createTableIfMissing(dynamodb, name, keys, indexes[name]);
  const queueUrls: Record<string, string> = {};
  for (const spec of queues) {
    const { name, visibilityTimeoutSeconds, maxReceiveCount } = typeof spec === 'string' ? { name: spec } : spec;
    const Attributes: Record<string, string> = {};
    if (visibilityTimeoutSeconds !== undefined) Attributes.VisibilityTimeout = String(visibilityTimeoutSeconds);
    if (maxReceiveCount !== undefined) {
      queueUrls[`${name}-dlq`] = await createQueue(sqs, `${name}-dlq`);
      Attributes.RedrivePolicy = JSON.stringify({ deadLetterTargetArn: await queueArn(sqs, queueUrls[`${name}-dlq`]!), maxReceiveCount });
    }
    queueUrls[name] = await createQueue(sqs, name, Attributes);
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

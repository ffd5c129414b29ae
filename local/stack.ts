// The whole pipeline on this machine: AWS-compatible servers on 127.0.0.1 with the bucket, queues
// (each with its dead-letter queue) and tables the stack deploys, the same Lambda handlers fed
// with the same event shapes (S3 "object created" → scan queue → scan → findings queue → notify;
// the crawl planner and the follow-up on a schedule and on demand), an example agency website,
// and the PDPC dashboard. State (S3 objects, DynamoDB tables, the fingerprint key) lives in one
// directory and survives a restart.
import { appendFileSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { createHandler as createCrawler } from '../functions/ingest/crawler.ts';
import { createHandler as createPlanner } from '../functions/ingest/planner.ts';
import { caseNotices } from '../functions/notify/case-notices.ts';
import { createHandler as createFollowUp } from '../functions/notify/follow-up.ts';
import { createHandler as createNotify } from '../functions/notify/handler.ts';
import type { SqsBatchHandler } from '../functions/lambda.ts';
import { createHandler as createScan } from '../functions/scan/handler.ts';
import { createHandler as createCheckApi } from '../functions/checks/api.ts';
import { crawlStateStore, documentClient, monthScopes, putItems, scanItems } from '../shared/aws/dynamodb.ts';
import { documentStore } from '../shared/aws/s3.ts';
import { listEarlierCases } from '../shared/aws/case-store.ts';
import { sesClient } from '../shared/aws/ses.ts';
import { messagesInQueue, sendText } from '../shared/aws/sqs.ts';
import { UnitDirectory, crawlHealthStore } from '../shared/aws/unit-directory.ts';
import { DEFAULT_CHECK_RETENTION_DAYS } from '../shared/cases/check.ts';
import type { NoticeSettings } from '../shared/cases/notices.ts';
import { CASE_INDEXES, METRICS_BY_DAY_INDEX } from '../shared/cases/model.ts';
import { systemClock } from '../shared/clock.ts';
import { SafeFetcher } from '../shared/crawl/fetcher.ts';
import { resolveFingerprintKey } from '../shared/fingerprint.ts';
import { ScanPool } from '../shared/isolation/scan-pool.ts';
import { type Unit, parseUnitsCsv } from '../shared/units.ts';
import { createOcrEngine } from '../shared/ocr/index.ts';
import { type LocalAws, startLocalAws } from './aws-servers.ts';
import { startDashboard } from './dashboard/server.ts';
import { expireChecks } from './check-retention.ts';
import { CLERK_PAGE_PATH, type ClerkSite, startClerkSite } from './clerk-site.ts';
import { SqsEventSource, invocationContext } from './event-source.ts';
import { startExampleSite } from './example-site.ts';
import { type LocalPorts, ensurePortsFree, localPorts } from './ports.ts';

const ROOT = resolve(import.meta.dirname, '..');
export const LOCAL_BUCKET = 'leakscan-ingest';
export const LOCAL_TABLES = { units: 'units', cases: 'cases', metrics: 'metrics', crawlState: 'crawl-state', idempotency: 'scan-idempotency' };

/** The unit whose website is the example site: the local crawl reaches nothing else. */
export const EXAMPLE_UNIT_ID = 'example-tambon';

/** How often checks past their retention are deleted. */
const CHECK_EXPIRY_INTERVAL_MS = 3600_000;

export interface LocalStackOptions {
  stateDir: string;
  /** Default: any free port for each server. */
  ports?: LocalPorts;
  crawlEveryMinutes?: number;
  /** Crawl the example site at once, so that a new user sees the pipeline work without a click. */
  crawlOnStart?: boolean;
  followUpEveryMinutes?: number;
  /** Days a check is kept (default 7, as the deployment's checkRetentionDays). */
  checkRetentionDays?: number;
  ocrEngine?: 'tesseract' | 'none';
  /** Told of each function invocation, for the terminal. */
  invoked?: (stats: { functionName: string; records: number; failures: number; ms: number; error?: unknown }) => void;
}

export interface LocalStack {
  dashboardUrl: string;
  /** The clerk page: sign in for a unit, check drafts before publishing. */
  clerkPageUrl: string;
  clerkSite: ClerkSite;
  mailboxUrl: string;
  siteUrl: string;
  bucket: string;
  aws: LocalAws;
  /** Every message body the functions were given, by queue. */
  messages: Record<string, string[]>;
  /** Where the functions' own output (logs, EMF metrics) goes. */
  logFile: string;
  runCrawl(): Promise<unknown>;
  runFollowUp(): Promise<unknown>;
  /** Deletes checks older than the retention period (what the bucket's lifecycle rule does in AWS); returns how many objects. */
  runCheckExpiry(now?: Date): Promise<number>;
  /** Resolves when no queue holds a message and no function is running. */
  settled(): Promise<void>;
  stop(): Promise<void>;
}

export async function startLocalStack(options: LocalStackOptions): Promise<LocalStack> {
  const stateDir = resolve(options.stateDir);
  const ports = options.ports ?? localPorts(0);
  await ensurePortsFree(ports);
  const logFile = join(stateDir, 'logs', 'functions.log');
  mkdirSync(join(stateDir, 'logs'), { recursive: true });
  const restoreOutput = captureFunctionOutput(logFile);
  const forwarding = new Set<Promise<unknown>>();
  let scanQueueUrl = '';
  const aws = await startLocalAws({
    directory: join(stateDir, 'aws'),
    buckets: [LOCAL_BUCKET],
    tables: {
      [LOCAL_TABLES.units]: ['id'],
      [LOCAL_TABLES.cases]: ['caseId'],
      [LOCAL_TABLES.metrics]: ['scope', 'day'],
      [LOCAL_TABLES.crawlState]: ['unitId', 'url'],
      [LOCAL_TABLES.idempotency]: ['id'],
    },
    indexes: { [LOCAL_TABLES.cases]: CASE_INDEXES, [LOCAL_TABLES.metrics]: { [METRICS_BY_DAY_INDEX]: ['day', 'scope'] } },
    queues: ['scan', 'findings', 'crawl'].map((name) => ({ name, visibilityTimeoutSeconds: 60, maxReceiveCount: 3 })),
    ses: true,
    ports,
    // S3's event notification to the scan queue, as the bucket is configured in AWS.
    onS3Event: (body) => {
      const sent = sendText(aws.sqs, scanQueueUrl, body).finally(() => forwarding.delete(sent));
      forwarding.add(sent);
    },
  });
  scanQueueUrl = aws.queueUrls.scan!;
  const site = await startExampleSite(join(ROOT, 'examples'), ports.site);
  const db = documentClient(aws.dynamodb);
  await putItems(db, LOCAL_TABLES.units, localUnits(site.url));
  await listEarlierCases(db, LOCAL_TABLES.cases, new UnitDirectory(db, LOCAL_TABLES.units));

  // The functions, built from what the deployment gives them in its environment (infra/): here the
  // local servers' clients, the stack's names and the example's settings.
  const ocrEngine = options.ocrEngine ?? 'tesseract';
  // Loopback: the example site runs on this machine.
  const fetcher = new SafeFetcher({ allowLoopback: true });
  // One worker, as in Lambda; started by the first document.
  const scanPool = new ScanPool({ fingerprintKey: resolveFingerprintKey({ LEAKSCAN_STATE_DIR: stateDir }), ocr: ocrEngine, size: 1 });
  const scan = createScan({
    s3: aws.s3,
    sqs: aws.sqs,
    findingsQueueUrl: aws.queueUrls.findings!,
    pool: async () => scanPool,
    units: new UnitDirectory(db, LOCAL_TABLES.units),
    idempotencyStore: new DynamoDBPersistenceLayer({ tableName: LOCAL_TABLES.idempotency, awsSdkV3Client: aws.dynamodb }),
    clock: systemClock,
  });
  // The clerk page's address is known once the dashboard listens, below.
  const noticeSettings: NoticeSettings = { from: 'leakscan@pdpc.or.th', replyTo: 'eagle-eye@pdpc.or.th', pdpcEmail: 'eagle-eye@pdpc.or.th' };
  const notices = caseNotices(db, sesClient(), LOCAL_TABLES, noticeSettings, systemClock);
  const notify = createNotify(notices);
  const crawler = createCrawler({
    fetcher,
    state: crawlStateStore(db, LOCAL_TABLES.crawlState),
    documents: documentStore(aws.s3, LOCAL_BUCKET),
    delayMs: 0,
    maxPerHost: 2,
    clock: systemClock,
    health: crawlHealthStore(db, LOCAL_TABLES.units),
  });
  const planner = createPlanner({
    db,
    unitsTable: LOCAL_TABLES.units,
    metricsTable: LOCAL_TABLES.metrics,
    sqs: aws.sqs,
    crawlQueueUrl: aws.queueUrls.crawl!,
    limits: { maxDepth: 3, pageBudget: 300 },
    clock: systemClock,
  });
  const followUp = createFollowUp({ ...notices, fetcher, s3: aws.s3, bucket: LOCAL_BUCKET, monthScopes: (month) => monthScopes(db, LOCAL_TABLES.metrics, month) });

  const messages: Record<string, string[]> = { scan: [], findings: [], crawl: [] };
  const source = (queue: 'scan' | 'findings' | 'crawl', handler: SqsBatchHandler, batchSize: number, batchWindowMs: number, timeoutMs: number) =>
    new SqsEventSource({
      sqs: aws.sqs,
      queueUrl: aws.queueUrls[queue]!,
      functionName: queue === 'findings' ? 'notify' : queue === 'crawl' ? 'crawler' : 'scan',
      handler,
      batchSize,
      batchWindowMs,
      timeoutMs,
      received: (body) => void messages[queue]!.push(body),
      ...(options.invoked && { invoked: options.invoked }),
    });
  // The deployed shapes: the scan function one message at a time (two at once), notify in
  // batches gathered for a while (shorter than AWS's 5 minutes), the crawler ten units at once.
  const sources = [source('scan', scan, 1, 0, 180_000), source('scan', scan, 1, 0, 180_000), source('findings', notify, 100, 2_000, 300_000), source('crawl', crawler, 10, 1_000, 900_000)];
  for (const s of sources) s.start();

  const runCrawl = () => planner();
  const runFollowUp = () => followUp({}, invocationContext('follow-up', 900_000));
  const checkRetentionDays = options.checkRetentionDays ?? DEFAULT_CHECK_RETENTION_DAYS;
  const runCheckExpiry = (now = systemClock.now()) => expireChecks(aws.s3, LOCAL_BUCKET, checkRetentionDays, now);
  const timers = [
    setInterval(() => void runCrawl().catch(() => undefined), (options.crawlEveryMinutes ?? 60) * 60_000),
    setInterval(() => void runFollowUp().catch(() => undefined), (options.followUpEveryMinutes ?? 10) * 60_000),
    setInterval(() => void runCheckExpiry().catch(() => undefined), CHECK_EXPIRY_INTERVAL_MS),
  ];
  void runCheckExpiry().catch(() => undefined);
  if (options.crawlOnStart) void runCrawl().catch(() => undefined);
  const mailboxUrl = `${aws.env.AWS_ENDPOINT_URL_SESV2}/`;
  // The dashboard's masked copies of scans: the engine starts on the first one asked for.
  const maskOcr = createOcrEngine(options.ocrEngine ?? 'tesseract');
  const clerkSite = await startClerkSite({
    api: createCheckApi({ s3: aws.s3, bucket: LOCAL_BUCKET, clock: systemClock }),
    units: async () => (await scanItems<Unit>(db, LOCAL_TABLES.units)).map(({ id, name }) => ({ id, name })),
    s3Endpoint: aws.env.AWS_ENDPOINT_URL_S3!,
  });
  const dashboard = await startDashboard({
    port: ports.dashboard,
    db,
    tables: { cases: LOCAL_TABLES.cases, metrics: LOCAL_TABLES.metrics, units: LOCAL_TABLES.units, crawlState: LOCAL_TABLES.crawlState },
    s3: aws.s3,
    bucket: LOCAL_BUCKET,
    mailboxUrl,
    clerkSite,
    runCrawl,
    runFollowUp,
    ocr: maskOcr,
  });
  const clerkPageUrl = new URL(CLERK_PAGE_PATH, dashboard.url).href;
  noticeSettings.clerkPageUrl = clerkPageUrl;

  const queuesEmpty = async () => {
    for (const url of Object.values(aws.queueUrls).filter((u) => !u.endsWith('-dlq'))) {
      if ((await messagesInQueue(aws.sqs, url)) > 0) return false;
    }
    return true;
  };
  return {
    dashboardUrl: dashboard.url,
    clerkPageUrl,
    clerkSite,
    mailboxUrl,
    siteUrl: site.url,
    bucket: LOCAL_BUCKET,
    aws,
    messages,
    logFile,
    runCrawl,
    runFollowUp,
    runCheckExpiry,
    settled: async () => {
      // Twice idle in a row: a message can be between a queue and a function for a moment.
      for (let idle = 0; idle < 2; ) {
        await new Promise((r) => setTimeout(r, 250));
        idle = forwarding.size === 0 && sources.every((s) => !s.busy) && (await queuesEmpty()) ? idle + 1 : 0;
      }
    },
    stop: async () => {
      for (const timer of timers) clearInterval(timer);
      await Promise.all(sources.map((s) => s.stop()));
      await dashboard.close();
      await maskOcr?.close();
      await scanPool.close();
      await fetcher.close();
      await site.close();
      await aws.stop();
      restoreOutput();
    },
  };
}

/** The example registry, and the example agency whose website runs on this machine. */
function localUnits(siteUrl: string): Unit[] {
  const { units } = parseUnitsCsv(readFileSync(join(ROOT, 'registry', 'units.csv'), 'utf8'));
  return [
    // A local run crawls this machine only, never the registry's real websites.
    ...units.map((unit) => ({ ...unit, websites: [] })),
    {
      id: EXAMPLE_UNIT_ID,
      name: 'องค์การบริหารส่วนตำบลตัวอย่าง',
      kind: 'อบต.',
      province: 'ชัยภูมิ',
      district: 'เมืองชัยภูมิ',
      websites: [siteUrl],
      hosts: ['127.0.0.1'],
      contactEmails: ['saraban@example-tambon.go.th'],
      supervisorEmail: 'chaiyaphum-local@dla.go.th',
    },
  ];
}

/**
 * The functions write JSON lines (Powertools logs and EMF metrics on standard output, their
 * warnings and errors on standard error), as in Lambda; here they go to a log file, and the
 * terminal keeps the stack's own lines.
 */
function captureFunctionOutput(file: string): () => void {
  const restores = [process.stdout, process.stderr].map((stream) => {
    const write = stream.write.bind(stream);
    stream.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
      const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
      if (text.startsWith('{')) {
        appendFileSync(file, text.endsWith('\n') ? text : `${text}\n`);
        return true;
      }
      return (write as (c: string | Uint8Array, ...r: unknown[]) => boolean)(chunk, ...rest);
    }) as typeof stream.write;
    return () => {
      stream.write = write;
    };
  });
  return () => {
    for (const restore of restores) restore();
  };
}

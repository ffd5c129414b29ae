// Scheduled crawls of the units' websites: an EventBridge schedule starts the planner, which puts
// one crawl job per unit on the crawl queue; crawler functions take jobs in batches (different
// sites, crawled side by side) and store new or changed pages and documents under crawled/ in the
// ingest bucket, where S3's events start the scan pipeline.
import { Duration, RemovalPolicy, TimeZone, Validations } from 'aws-cdk-lib';
import { AttributeType, Billing, type ITableV2, TableEncryptionV2, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { type Schedule, ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { acknowledgeBucketObjects } from './acknowledgements.ts';
import type { LeakscanConfig } from './config.ts';
import { DeadLetteredQueue } from './dead-lettered-queue.ts';
import { leakscanFunction } from './leakscan-function.ts';
import { scheduleInvocations } from './scheduled-invocation.ts';

/** Lambda's longest run: a crawl stops taking new URLs a minute before it (functions/ingest/crawler.ts). */
const CRAWLER_TIMEOUT = Duration.minutes(15);

export interface WebsiteCrawlProps {
  bucket: IBucket;
  unitsTable: ITableV2;
  /** Where the planner keeps the registry's figures (under `registry#<month>`). */
  metricsTable: ITableV2;
  config: LeakscanConfig;
}

export class WebsiteCrawl extends Construct {
  readonly planner: NodejsFunction;
  readonly crawler: NodejsFunction;
  readonly crawlQueue: DeadLetteredQueue;
  /** Schedule deliveries and planner runs that failed after their retries. */
  readonly plannerDeadLetterQueue: Queue;
  /** What each URL gave last time (validators, content hash), so unchanged documents are skipped. */
  readonly stateTable: TableV2;
  readonly schedule: Schedule;

  constructor(scope: Construct, id: string, { bucket, unitsTable, metricsTable, config }: WebsiteCrawlProps) {
    super(scope, id);
    this.stateTable = new TableV2(this, 'StateTable', {
      partitionKey: { name: 'unitId', type: AttributeType.STRING },
      sortKey: { name: 'url', type: AttributeType.STRING },
      billing: Billing.onDemand(),
      encryption: TableEncryptionV2.awsManagedKey(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      // Rebuilt by the next crawl (at the cost of storing and scanning everything once more).
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.crawlQueue = new DeadLetteredQueue(this, 'CrawlQueue', { visibilityTimeout: Duration.seconds(CRAWLER_TIMEOUT.toSeconds() * 6) });
    this.plannerDeadLetterQueue = new Queue(this, 'PlannerDeadLetterQueue', { encryption: QueueEncryption.SQS_MANAGED, enforceSSL: true, retentionPeriod: Duration.days(14) });
    Validations.of(this.plannerDeadLetterQueue).acknowledge({ id: 'AwsSolutions-SQS3', reason: 'This is the dead-letter queue of the crawl schedule and the planner.' });

    this.planner = leakscanFunction(this, 'Planner', {
      entry: 'functions/ingest/planner.ts',
      memorySize: 512,
      timeout: Duration.minutes(5),
      logRetention: config.logRetentionDays,
      environment: {
        UNITS_TABLE: unitsTable.tableName,
        METRICS_TABLE: metricsTable.tableName,
        CRAWL_QUEUE_URL: this.crawlQueue.queue.queueUrl,
        CRAWL_MAX_DEPTH: String(config.crawlDepth),
        CRAWL_PAGE_BUDGET: String(config.crawlPageBudget),
      },
    });
    unitsTable.grant(this.planner, 'dynamodb:Scan');
    // The registry's figures, written whole each day.
    this.planner.addToRolePolicy(new PolicyStatement({ actions: ['dynamodb:BatchWriteItem'], resources: [metricsTable.tableArn] }));
    this.crawlQueue.queue.grantSendMessages(this.planner);

    this.crawler = leakscanFunction(this, 'Crawler', {
      entry: 'functions/ingest/crawler.ts',
      // Memory for a few 50 MB responses at once; the time goes to waiting on sites, not CPU.
      memorySize: 1024,
      timeout: CRAWLER_TIMEOUT,
      logRetention: config.logRetentionDays,
      environment: {
        INGEST_BUCKET: bucket.bucketName,
        CRAWL_STATE_TABLE: this.stateTable.tableName,
        UNITS_TABLE: unitsTable.tableName,
        CRAWL_DELAY_MS: String(config.crawlDelayMs),
        CRAWL_CONTACT: config.crawlContact,
      },
    });
    // Stores documents, under crawled/ and nothing else in the bucket; reads none.
    this.crawler.addToRolePolicy(new PolicyStatement({ actions: ['s3:PutObject'], resources: [bucket.arnForObjects('crawled/*')] }));
    this.stateTable.grant(this.crawler, 'dynamodb:GetItem', 'dynamodb:PutItem');
    // Its note of each unit's last crawl, on the unit's entry.
    unitsTable.grant(this.crawler, 'dynamodb:UpdateItem');
    this.crawler.addEventSource(
      new SqsEventSource(this.crawlQueue.queue, { batchSize: config.crawlBatchSize, maxBatchingWindow: Duration.seconds(5), reportBatchItemFailures: true, maxConcurrency: config.crawlConcurrency }),
    );

    this.schedule = scheduleInvocations(this, this.planner, {
      description: 'Starts the daily crawl of the registered units’ websites',
      schedule: ScheduleExpression.cron({ minute: '0', hour: String(config.crawlHour), timeZone: TimeZone.ASIA_BANGKOK }),
      deadLetterQueue: this.plannerDeadLetterQueue,
      maxEventAge: Duration.hours(1),
    });
    acknowledgeBucketObjects(this.crawler, bucket, 'crawled/', 'The crawler stores documents under crawled/, named by their content hash.');
  }
}

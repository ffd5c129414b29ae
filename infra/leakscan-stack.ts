// The production shape: documents land in the ingest bucket (uploaded by agencies, or stored by
// the daily crawl of their websites), the scan function reads each one the scan queue announces,
// and findings go to the findings queue for the notify function.
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import type { LeakscanConfig } from './config.ts';
import { DeadLetteredQueue } from './dead-lettered-queue.ts';
import { IngestBucket } from './ingest-bucket.ts';
import { PipelineAlarms } from './pipeline-alarms.ts';
import { SCAN_TIMEOUT, ScanFunction } from './scan-function.ts';
import { UnitsTable } from './units-table.ts';
import { WebsiteCrawl } from './website-crawl.ts';

export interface LeakscanStackProps extends StackProps {
  config: LeakscanConfig;
}

export class LeakscanStack extends Stack {
  readonly ingest: IngestBucket;
  readonly scanQueue: DeadLetteredQueue;
  readonly findingsQueue: DeadLetteredQueue;
  readonly scan: ScanFunction;
  readonly units: UnitsTable;
  readonly crawl: WebsiteCrawl;

  constructor(scope: Construct, id: string, { config, ...props }: LeakscanStackProps) {
    super(scope, id, props);
    this.ingest = new IngestBucket(this, 'Ingest', { retentionDays: config.retentionDays });
    this.units = new UnitsTable(this, 'Units');
    // What `leakscan units import` and `leakscan upload` need: LEAKSCAN_UNITS_TABLE and LEAKSCAN_BUCKET.
    new CfnOutput(this, 'UnitsTableName', { value: this.units.table.tableName });
    new CfnOutput(this, 'IngestBucketName', { value: this.ingest.bucket.bucketName });
    // Attach to clerks' IAM users or roles, tagged leakscan-unit=<unitId>.
    new CfnOutput(this, 'UploaderPolicyArn', { value: this.ingest.uploaderPolicy.managedPolicyArn });
    this.scanQueue = new DeadLetteredQueue(this, 'ScanQueue', { visibilityTimeout: Duration.seconds(SCAN_TIMEOUT.toSeconds() * 6) });
    this.findingsQueue = new DeadLetteredQueue(this, 'FindingsQueue', { visibilityTimeout: Duration.minutes(5) });
    this.ingest.notifyOnCreate(this.scanQueue.queue);
    // Fingerprints must stay comparable across scans and years: the key is kept, never rotated.
    const fingerprintKey = new Secret(this, 'FingerprintKey', {
      description: 'HMAC key of leakscan identifier fingerprints',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(fingerprintKey).acknowledge({ id: 'AwsSolutions-SMG4', reason: 'Rotating the fingerprint key would make every stored fingerprint unmatchable.' });
    this.scan = new ScanFunction(this, 'Scan', { bucket: this.ingest.bucket, scanQueue: this.scanQueue.queue, findingsQueue: this.findingsQueue.queue, fingerprintKey, unitsTable: this.units.table, config });
    this.crawl = new WebsiteCrawl(this, 'Crawl', { bucket: this.ingest.bucket, unitsTable: this.units.table, config });
    new PipelineAlarms(this, 'Alarms', {
      deadLetterQueues: {
        Scan: this.scanQueue.deadLetterQueue,
        Findings: this.findingsQueue.deadLetterQueue,
        ...(this.scan.textractQueue && { Textract: this.scan.textractQueue.deadLetterQueue }),
        Crawl: this.crawl.crawlQueue.deadLetterQueue,
        CrawlPlanner: this.crawl.plannerDeadLetterQueue,
      },
      functions: { Scan: this.scan.function, CrawlPlanner: this.crawl.planner, Crawler: this.crawl.crawler },
      queueAges: { Scan: { queue: this.scanQueue.queue, maxAge: Duration.hours(1) } },
      ...(config.alarmEmail && { email: config.alarmEmail }),
    });
    // The scan function's and CDK's own bucket-notification function's roles.
    Validations.of(this).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason: 'The AWS managed basic execution policy only lets a function write its own logs.',
    });
  }
}

// The production shape: documents land in the ingest bucket (uploaded by agencies, or stored by
// the daily crawl of their websites), the scan function reads each one the scan queue announces,
// and findings go to the findings queue for the notify function, which opens cases and e-mails the
// units; the scheduled follow-up escalates cases past their deadline and re-checks documents. The
// PDPC watches leak rates and cases on a dashboard; alarms watch the pipeline's health. Agency
// clerks sign in (Cognito, MFA) on the clerk page to check drafts through the check API.
import { CfnOutput, Duration, RemovalPolicy, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import { Secret } from 'aws-cdk-lib/aws-secretsmanager';
import type { Construct } from 'constructs';
import { CaseFollowUp } from './case-follow-up.ts';
import { CaseTables } from './case-tables.ts';
import { CheckApi } from './check-api.ts';
import { ClerkPage } from './clerk-page.ts';
import { ClerkSignIn, cognitoDomainUrl } from './clerk-sign-in.ts';
import type { LeakscanConfig } from './config.ts';
import { DeadLetteredQueue } from './dead-lettered-queue.ts';
import { IngestBucket } from './ingest-bucket.ts';
import { LeakRateDashboard } from './leak-rate-dashboard.ts';
import { NOTIFY_BATCHING_WINDOW, NOTIFY_TIMEOUT, NotifyFunction } from './notify-function.ts';
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
  readonly cases: CaseTables;
  readonly notify: NotifyFunction;
  readonly followUp: CaseFollowUp;
  readonly dashboard: LeakRateDashboard;
  readonly clerkPage: ClerkPage;
  readonly clerkSignIn: ClerkSignIn;
  readonly checkApi: CheckApi;

  constructor(scope: Construct, id: string, { config, ...props }: LeakscanStackProps) {
    super(scope, id, props);
    this.ingest = new IngestBucket(this, 'Ingest', { retentionDays: config.retentionDays, checkRetentionDays: config.checkRetentionDays });
    this.units = new UnitsTable(this, 'Units');
    // What `leakscan units import` and `leakscan upload` need: LEAKSCAN_UNITS_TABLE and LEAKSCAN_BUCKET.
    new CfnOutput(this, 'UnitsTableName', { value: this.units.table.tableName });
    new CfnOutput(this, 'IngestBucketName', { value: this.ingest.bucket.bucketName });
    // Attach to clerks' IAM users or roles, tagged leakscan-unit=<unitId>.
    new CfnOutput(this, 'UploaderPolicyArn', { value: this.ingest.uploaderPolicy.managedPolicyArn });
    this.scanQueue = new DeadLetteredQueue(this, 'ScanQueue', { visibilityTimeout: Duration.seconds(SCAN_TIMEOUT.toSeconds() * 6) });
    // Six times the notify function's timeout, and the time its event source gathers a batch.
    this.findingsQueue = new DeadLetteredQueue(this, 'FindingsQueue', { visibilityTimeout: Duration.seconds(NOTIFY_TIMEOUT.toSeconds() * 6 + NOTIFY_BATCHING_WINDOW.toSeconds()) });
    this.ingest.notifyOnCreate(this.scanQueue.queue);
    // Fingerprints must stay comparable across scans and years: the key is kept, never rotated.
    const fingerprintKey = new Secret(this, 'FingerprintKey', {
      description: 'HMAC key of leakscan identifier fingerprints',
      generateSecretString: { passwordLength: 64, excludePunctuation: true },
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(fingerprintKey).acknowledge({ id: 'AwsSolutions-SMG4', reason: 'Rotating the fingerprint key would make every stored fingerprint unmatchable.' });
    this.scan = new ScanFunction(this, 'Scan', {
      bucket: this.ingest.bucket,
      scanQueue: this.scanQueue.queue,
      findingsQueue: this.findingsQueue.queue,
      fingerprintKey,
      unitsTable: this.units.table,
      config,
    });
    // The page comes first: the sign-in, the API, the bucket's CORS rule and the e-mails name it.
    this.clerkPage = new ClerkPage(this, 'ClerkPage', { signInUrl: cognitoDomainUrl(this, config.clerkDomainPrefix), logRetention: config.logRetentionDays });
    this.clerkSignIn = new ClerkSignIn(this, 'ClerkSignIn', { domainPrefix: config.clerkDomainPrefix, pageUrl: this.clerkPage.url });
    this.checkApi = new CheckApi(this, 'CheckApi', { bucket: this.ingest.bucket, signIn: this.clerkSignIn, pageOrigin: this.clerkPage.origin, logRetention: config.logRetentionDays });
    this.clerkPage.publish({ apiUrl: this.checkApi.url, signIn: this.clerkSignIn });
    this.ingest.allowBrowserAccess(this.clerkPage.origin);
    new CfnOutput(this, 'ClerkPageUrl', { value: this.clerkPage.url });
    new CfnOutput(this, 'CheckApiUrl', { value: this.checkApi.url });
    // For the PDPC administrator's `aws cognito-idp admin-create-user`.
    new CfnOutput(this, 'ClerkUserPoolId', { value: this.clerkSignIn.userPool.userPoolId });
    new CfnOutput(this, 'ClerkUserPoolClientId', { value: this.clerkSignIn.client.userPoolClientId });

    // The regulator's records: kept when the stack is deleted.
    this.cases = new CaseTables(this, 'CaseTables');
    new CfnOutput(this, 'CasesTableName', { value: this.cases.cases.tableName });
    new CfnOutput(this, 'MetricsTableName', { value: this.cases.metrics.tableName });
    this.crawl = new WebsiteCrawl(this, 'Crawl', { bucket: this.ingest.bucket, unitsTable: this.units.table, metricsTable: this.cases.metrics, config });
    this.notify = new NotifyFunction(this, 'Notify', {
      findingsQueue: this.findingsQueue.queue,
      tables: this.cases,
      unitsTable: this.units.table,
      config,
      clerkPageUrl: this.clerkPage.url,
    });
    this.followUp = new CaseFollowUp(this, 'FollowUp', {
      tables: this.cases,
      unitsTable: this.units.table,
      bucket: this.ingest.bucket,
      config,
      clerkPageUrl: this.clerkPage.url,
    });

    const deadLetterQueues = {
      Scan: this.scanQueue.deadLetterQueue,
      Findings: this.findingsQueue.deadLetterQueue,
      ...(this.scan.textractQueue && { Textract: this.scan.textractQueue.deadLetterQueue }),
      Crawl: this.crawl.crawlQueue.deadLetterQueue,
      CrawlPlanner: this.crawl.plannerDeadLetterQueue,
      FollowUp: this.followUp.deadLetterQueue,
    };
    const functions = {
      Scan: this.scan.function,
      CrawlPlanner: this.crawl.planner,
      Crawler: this.crawl.crawler,
      Notify: this.notify.function,
      FollowUp: this.followUp.function,
      CheckApi: this.checkApi.function,
    };
    new PipelineAlarms(this, 'Alarms', {
      deadLetterQueues,
      functions,
      queueAges: { Scan: { queue: this.scanQueue.queue, maxAge: Duration.hours(1) } },
      ...(config.alarmEmail && { email: config.alarmEmail }),
    });
    this.dashboard = new LeakRateDashboard(this, 'LeakRate', {
      dashboardName: `Leakscan-${config.stage}-leak-rate`,
      queues: { Scan: this.scanQueue.queue, Findings: this.findingsQueue.queue, Crawl: this.crawl.crawlQueue.queue, ...(this.scan.textractQueue && { Textract: this.scan.textractQueue.queue }) },
      deadLetterQueues,
      functions,
    });
    // Every function's role, and CDK's own bucket-notification function's.
    Validations.of(this).acknowledge({
      id: 'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      reason: 'The AWS managed basic execution policy only lets a function write its own logs.',
    });
  }
}

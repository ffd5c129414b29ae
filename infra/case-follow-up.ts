// The case follow-up: an EventBridge schedule runs it every `followUpMinutes`. It walks the open
// and notified cases (the cases table's byState index), escalates those past their deadline to the
// PDPC, re-checks the documents (an upload's object, a crawled document's source URL: a changed
// document is stored under crawled/ so that the scan pipeline rescans it), reports the cases
// open and past the deadline as metrics, and publishes the month's own figures so far from the
// metrics table. Failed deliveries and runs end in a dead-letter queue.
import { Duration, Validations } from 'aws-cdk-lib';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import { type Schedule, ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { acknowledgeBucketObjects } from './acknowledgements.ts';
import { leakscanFunction } from './leakscan-function.ts';
import { type CaseNotices, caseNoticeEnvironment, grantCaseNotices } from './notify-function.ts';
import { scheduleInvocations } from './scheduled-invocation.ts';

const FOLLOW_UP_TIMEOUT = Duration.minutes(15);

export interface CaseFollowUpProps extends CaseNotices {
  bucket: IBucket;
}

export class CaseFollowUp extends Construct {
  readonly function: NodejsFunction;
  /** Schedule deliveries and follow-up runs that failed after their retries. */
  readonly deadLetterQueue: Queue;
  readonly schedule: Schedule;

  constructor(scope: Construct, id: string, { tables, unitsTable, bucket, config, clerkPageUrl }: CaseFollowUpProps) {
    super(scope, id);
    this.function = leakscanFunction(this, 'Function', {
      entry: 'functions/notify/follow-up.ts',
      memorySize: 1024,
      timeout: FOLLOW_UP_TIMEOUT,
      logRetention: config.logRetentionDays,
      environment: { ...caseNoticeEnvironment({ tables, unitsTable, config, clerkPageUrl }), INGEST_BUCKET: bucket.bucketName, CRAWL_CONTACT: config.crawlContact },
    });
    grantCaseNotices(this.function, { tables, unitsTable, config });
    tables.grantCasesByStateQuery(this.function);
    // The month's figures and the registry's, read each run and published as gauges for the dashboard.
    tables.grantMetricsQuery(this.function);
    // Whether an uploaded document is still there or changed (HeadObject needs s3:GetObject); a
    // changed crawled document is stored again under crawled/, where S3's events start a rescan.
    this.function.addToRolePolicy(new PolicyStatement({ actions: ['s3:GetObject'], resources: [bucket.arnForObjects('uploads/*')] }));
    // Without s3:ListBucket, S3 answers HeadObject on a deleted object with 403, not 404, and a
    // removed upload could never be told from a refusal. It lists keys, and reads no object.
    this.function.addToRolePolicy(new PolicyStatement({ actions: ['s3:ListBucket'], resources: [bucket.bucketArn] }));
    this.function.addToRolePolicy(new PolicyStatement({ actions: ['s3:PutObject'], resources: [bucket.arnForObjects('crawled/*')] }));

    this.deadLetterQueue = new Queue(this, 'DeadLetterQueue', { encryption: QueueEncryption.SQS_MANAGED, enforceSSL: true, retentionPeriod: Duration.days(14) });
    Validations.of(this.deadLetterQueue).acknowledge({ id: 'AwsSolutions-SQS3', reason: 'This is the dead-letter queue of the follow-up schedule and function.' });
    this.schedule = scheduleInvocations(this, this.function, {
      description: 'Follows up leakscan cases: deadlines, escalations, re-checks of documents',
      schedule: ScheduleExpression.rate(Duration.minutes(config.followUpMinutes)),
      deadLetterQueue: this.deadLetterQueue,
      // A run older than the interval is replaced by the next one.
      maxEventAge: Duration.minutes(Math.min(60, config.followUpMinutes)),
    });
    acknowledgeBucketObjects(this.function, bucket, 'uploads/', 'The follow-up checks whether any uploaded document of an open case is still there or changed (HeadObject), under uploads/ only.');
    acknowledgeBucketObjects(this.function, bucket, 'crawled/', 'The follow-up stores a changed crawled document again under crawled/, named by its content hash, for the scan pipeline to rescan.');
  }
}

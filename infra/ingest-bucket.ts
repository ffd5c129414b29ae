// The bucket agencies' documents land in (uploads/<unitId>/…, crawled/<unitId>/…, and clerks'
// checks before publishing, checks/<unitId>/… with their results under check-results/): private,
// encrypted, TLS only, versioned, logged, and emptied of documents after the retention period,
// since they hold citizens' data; checks, drafts never published, after a shorter one.
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { ManagedPolicy, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { BlockPublicAccess, Bucket, BucketEncryption, EventType, HttpMethods, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { SqsDestination } from 'aws-cdk-lib/aws-s3-notifications';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { CHECK_RESULTS_PREFIX, CHECKS_PREFIX, SCANNED_PREFIXES } from '../shared/findings-message.ts';
import { acknowledgeBucketObjects } from './acknowledgements.ts';

export interface IngestBucketProps {
  retentionDays: number;
  checkRetentionDays: number;
}

/** Where clerks' checks and their results are kept, apart from published documents. */
const CHECK_PREFIXES = [`${CHECKS_PREFIX}/`, CHECK_RESULTS_PREFIX];

export class IngestBucket extends Construct {
  readonly bucket: Bucket;
  /**
   * For agency clerks (`leakscan upload`, presigned URLs): an IAM user or role tagged
   * `leakscan-unit=<unitId>` may put documents under uploads/<that unit>/ and nowhere else.
   */
  readonly uploaderPolicy: ManagedPolicy;

  constructor(scope: Construct, id: string, props: IngestBucketProps) {
    super(scope, id);
    const secure = { blockPublicAccess: BlockPublicAccess.BLOCK_ALL, encryption: BucketEncryption.S3_MANAGED, enforceSSL: true } as const;
    const accessLogs = new Bucket(this, 'AccessLogs', {
      ...secure,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(365) }],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    Validations.of(accessLogs).acknowledge({ id: 'AwsSolutions-S1', reason: 'This bucket receives the ingest bucket access logs; logging it too would loop.' });
    this.bucket = new Bucket(this, 'Bucket', {
      ...secure,
      versioned: true,
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: 'ingest/',
      removalPolicy: RemovalPolicy.RETAIN,
      lifecycleRules: [
        { id: 'DeleteScannedDocuments', expiration: Duration.days(props.retentionDays), noncurrentVersionExpiration: Duration.days(1) },
        ...CHECK_PREFIXES.map((prefix) => ({ id: `Delete-${prefix.slice(0, -1)}`, prefix, expiration: Duration.days(props.checkRetentionDays), noncurrentVersionExpiration: Duration.days(1) })),
        { id: 'RemoveExpiredDeleteMarkers', expiredObjectDeleteMarker: true },
      ],
    });
    this.uploaderPolicy = new ManagedPolicy(this, 'UploaderPolicy', {
      description: "Upload documents to leakscan under uploads/<the principal's leakscan-unit tag>/",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: an IAM policy variable, resolved by IAM, not by JavaScript
      statements: [new PolicyStatement({ actions: ['s3:PutObject'], resources: [this.bucket.arnForObjects('uploads/${aws:PrincipalTag/leakscan-unit}/*')] })],
    });
    acknowledgeBucketObjects(this.uploaderPolicy, this.bucket, 'uploads/<aws:PrincipalTag/leakscan-unit>/', "A clerk uploads any file name, under their own unit's prefix only.");
  }

  /**
   * Lets the clerk page's scripts use the URLs the check API presigns: PUT a draft, GET a masked
   * copy. The URL's signature is the permission; CORS only lets that one origin's scripts send it.
   */
  allowBrowserAccess(origin: string): void {
    this.bucket.addCorsRule({ allowedMethods: [HttpMethods.PUT, HttpMethods.GET], allowedOrigins: [origin], allowedHeaders: ['content-type'], maxAge: 3600 });
  }

  /** Every object created under a scanned prefix is announced on the queue (not the checks' results the scan function writes back). */
  notifyOnCreate(queue: IQueue): void {
    const destination = new SqsDestination(queue);
    for (const prefix of SCANNED_PREFIXES) this.bucket.addEventNotification(EventType.OBJECT_CREATED, destination, { prefix });
  }
}

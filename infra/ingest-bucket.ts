// The bucket agencies' documents land in (uploads/<unitId>/…, crawled/<unitId>/…): private,
// encrypted, TLS only, versioned, logged, and emptied of documents after the retention period,
// since they hold citizens' data.
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { ManagedPolicy, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { BlockPublicAccess, Bucket, BucketEncryption, EventType, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { SqsDestination } from 'aws-cdk-lib/aws-s3-notifications';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { acknowledgeBucketObjects } from './acknowledgements.ts';

export interface IngestBucketProps {
  retentionDays: number;
}

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

  /** Every object created in the bucket is announced on the queue. */
  notifyOnCreate(queue: IQueue): void {
    this.bucket.addEventNotification(EventType.OBJECT_CREATED, new SqsDestination(queue));
  }
}

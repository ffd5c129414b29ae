// The scan function: fed by the scan queue in batches with partial failures, allowed to read the
// ingest bucket, the fingerprint key and the units registry, to send to the findings queue and
// to keep its idempotency records (an object version is scanned once), and nothing else.
import { Duration, RemovalPolicy, Validations } from 'aws-cdk-lib';
import { AttributeType, Billing, type ITableV2, TableEncryptionV2, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Topic } from 'aws-cdk-lib/aws-sns';
import { SqsSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { CHECK_RESULTS_PREFIX } from '../shared/findings-message.ts';
import { acknowledgeBucketObjects } from './acknowledgements.ts';
import type { LeakscanConfig } from './config.ts';
import { DeadLetteredQueue } from './dead-lettered-queue.ts';
import { leakscanFunction } from './leakscan-function.ts';

/** What reading one document may take (shared/isolation DEFAULT_WORKER_LIMITS.timeoutMs), and some to spare. */
export const SCAN_TIMEOUT = Duration.minutes(3);

export interface ScanFunctionProps {
  bucket: IBucket;
  scanQueue: IQueue;
  findingsQueue: IQueue;
  fingerprintKey: ISecret;
  unitsTable: ITableV2;
  config: LeakscanConfig;
}

export class ScanFunction extends Construct {
  readonly function: NodejsFunction;
  /** Which object versions were scanned (Powertools idempotency records, expiring by TTL). */
  readonly idempotencyTable: TableV2;
  /** With Textract: where its jobs' completions come back to the function from. */
  readonly textractQueue?: DeadLetteredQueue;

  constructor(scope: Construct, id: string, { bucket, scanQueue, findingsQueue, fingerprintKey, unitsTable, config }: ScanFunctionProps) {
    super(scope, id);
    this.idempotencyTable = new TableV2(this, 'IdempotencyTable', {
      partitionKey: { name: 'id', type: AttributeType.STRING },
      timeToLiveAttribute: 'expiration',
      billing: Billing.onDemand(),
      encryption: TableEncryptionV2.awsManagedKey(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.function = leakscanFunction(this, 'Function', {
      entry: 'functions/scan/handler.ts',
      // Measured: scanning the 14 dev corpus scans in one process peaks at 1.6 GB resident (two
      // Tesseract workers, rendered pages); OCR is CPU-bound, and Lambda gives CPU by memory.
      memorySize: 3008,
      timeout: SCAN_TIMEOUT,
      logRetention: config.logRetentionDays,
      environment: {
        FINDINGS_QUEUE_URL: findingsQueue.queueUrl,
        FINGERPRINT_SECRET_ID: fingerprintKey.secretArn,
        IDEMPOTENCY_TABLE: this.idempotencyTable.tableName,
        UNITS_TABLE: unitsTable.tableName,
        LEAKSCAN_OCR_ENGINE: config.ocrEngine,
        // The Thai model ships in its npm package (installed below); the number model beside it.
        LEAKSCAN_NUMBER_MODEL_DIR: '/var/task/models/',
        // Each document is read in a worker process (shared/isolation), bundled beside the handler.
        LEAKSCAN_SCAN_WORKER: '/var/task/scan-worker.mjs',
      },
      processEntries: ['shared/isolation/scan-worker.ts'],
      nodeModules: ['tesseract.js', '@tesseract.js-data/tha', '@napi-rs/canvas', 'pdfjs-dist', 'onnxruntime-node'],
      afterBundling: (inputDir, outputDir) => [
        `mkdir -p "${outputDir}/models"`,
        `cp "${inputDir}/shared/ocr/models/leakscan_num.onnx" "${inputDir}/shared/ocr/models/leakscan_num.json" "${outputDir}/models/"`,
        // onnxruntime-node holds builds for every platform (300 MB); Lambda runs Linux on arm64 (25 MB).
        `find "${outputDir}/node_modules/onnxruntime-node/bin" -mindepth 2 -maxdepth 3 -type d ! -path '*/linux' ! -path '*/linux/arm64' -prune -exec rm -rf {} +`,
      ],
    });
    // Objects (and their versions) only: no listing, no bucket settings.
    this.function.addToRolePolicy(new PolicyStatement({ actions: ['s3:GetObject', 's3:GetObjectVersion'], resources: [bucket.arnForObjects('*')] }));
    // A check's result, private to the clerk, beside the check and kept as briefly.
    this.function.addToRolePolicy(new PolicyStatement({ actions: ['s3:PutObject'], resources: [bucket.arnForObjects(`${CHECK_RESULTS_PREFIX}*`)] }));
    findingsQueue.grantSendMessages(this.function);
    this.idempotencyTable.grant(this.function, 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem');
    // Whether a key's unit is registered (else its findings count as unassigned).
    unitsTable.grant(this.function, 'dynamodb:GetItem');
    fingerprintKey.grantRead(this.function);
    const eventSource = { batchSize: 1, reportBatchItemFailures: true, maxConcurrency: config.scanConcurrency };
    if (config.ocrEngine === 'textract') {
      // Multi-page scans are read by asynchronous jobs on the stored object; Textract announces
      // each job's end on a topic, delivered raw to a queue that feeds this function.
      const topic = new Topic(this, 'TextractCompletion', { enforceSSL: true });
      Validations.of(topic).acknowledge({ id: 'AwsSolutions-SNS2', reason: "Textract's messages hold a job ID, a status and the document's bucket and key: no document content." });
      const publisher = new Role(this, 'TextractPublisher', { assumedBy: new ServicePrincipal('textract.amazonaws.com') });
      topic.grantPublish(publisher);
      this.textractQueue = new DeadLetteredQueue(this, 'TextractQueue', { visibilityTimeout: Duration.seconds(SCAN_TIMEOUT.toSeconds() * 6) });
      topic.addSubscription(new SqsSubscription(this.textractQueue.queue, { rawMessageDelivery: true }));
      this.function.addEnvironment('TEXTRACT_TOPIC_ARN', topic.topicArn).addEnvironment('TEXTRACT_ROLE_ARN', publisher.roleArn);
      publisher.grantPassRole(this.function.grantPrincipal);
      this.function.addToRolePolicy(new PolicyStatement({ actions: ['textract:DetectDocumentText', 'textract:StartDocumentTextDetection', 'textract:GetDocumentTextDetection'], resources: ['*'] }));
      Validations.of(this.function).acknowledge({ id: 'AwsSolutions-IAM5[Resource::*]', reason: 'Textract text detection actions have no resource to scope them to.' });
      this.function.addEventSource(new SqsEventSource(this.textractQueue.queue, eventSource));
    }
    // maxConcurrency bounds OCR load (and Textract's request rate) whatever the queues' depth.
    this.function.addEventSource(new SqsEventSource(scanQueue, eventSource));
    acknowledgeBucketObjects(this.function, bucket, '', 'Any document in the ingest bucket may need scanning.');
    acknowledgeBucketObjects(this.function, bucket, CHECK_RESULTS_PREFIX, 'Each check has a result object of its own, named after the check.');
  }
}

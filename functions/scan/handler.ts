// The scan function: S3 "object created" events, delivered in batches by the scan queue, each
// object scanned by the shared core in a worker process of the scan pool (a document that crashes
// or exhausts its reader fails that document, recorded with its code, not the invocation) and its
// findings sent to the findings queue; a check (a draft under checks/) also has its private
// result written under check-results/, which is not scanned in turn. With Textract as
// the OCR engine, a multi-page scan is handed to an asynchronous job and read again when the
// job's completion arrives (SNS → the Textract queue → this function). A document that
// cannot be read is reported with its error code, not retried; a failure of S3 or SQS fails only
// its own message, which the queue retries and finally moves to its dead-letter queue. S3 delivers
// an event at least once: an object version is scanned once (Powertools idempotency, DynamoDB).
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { IdempotencyConfig, makeIdempotent } from '@aws-lambda-powertools/idempotency';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import type { BasePersistenceLayer } from '@aws-lambda-powertools/idempotency/persistence';
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit, Metrics } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import type { S3Client } from '@aws-sdk/client-s3';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { TextractClient } from '@aws-sdk/client-textract';
import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { documentClient } from '../../shared/aws/dynamodb.ts';
import { createdObjects, type ObjectRef, putJson, putObject, readObject, s3Client } from '../../shared/aws/s3.ts';
import { readSecret } from '../../shared/aws/secrets.ts';
import { sendJson, sqsClient } from '../../shared/aws/sqs.ts';
import { UnitDirectory } from '../../shared/aws/unit-directory.ts';
import { type MaskedCopy, checkResult } from '../../shared/cases/check.ts';
import type { UnitLookup } from '../../shared/cases/model.ts';
import { type Clock, systemClock } from '../../shared/clock.ts';
import { ScanError } from '../../shared/errors.ts';
import { DEFAULT_LIMITS } from '../../shared/extract/index.ts';
import {
  type CheckRef,
  type DocumentReference,
  checkOf,
  checkResultKey,
  documentReference,
  findingsMessage,
  isCheckResultKey,
  maskedCopyKey,
  withRegisteredUnit,
} from '../../shared/findings-message.ts';
import type { MaskedBytes, ScannedDocument } from '../../shared/isolation/protocol.ts';
import { ScanPool } from '../../shared/isolation/scan-pool.ts';
import type { KeepSide } from '../../shared/mask/x4.ts';
import { maskAddress, maskedCopyName } from '../../shared/masking.ts';
import { type OcrEngine, OcrJobStarted, type OcrResult } from '../../shared/ocr/engine.ts';
import { OCR_ENGINES, type OcrEngineName } from '../../shared/ocr/index.ts';
import { TextractEngine, textractClient, textractCompletion } from '../../shared/ocr/textract.ts';
import { unscannable } from '../../shared/scan.ts';
import { type SqsBatchHandler, builtOnFirstCall } from '../lambda.ts';
import { requiredSetting as required } from '../settings.ts';

const logger = new Logger({ serviceName: 'leakscan-scan' });
// Its warnings (a batch with no metric to publish) as the function's own log lines, not loose text on the console.
const metrics = new Metrics({ namespace: 'Leakscan', serviceName: 'scan', logger });

/** A check's masked copy keeps each number's last digits, as `leakscan mask` does by default: XXXX234567890. */
const CHECK_KEEPS: KeepSide = 'last';

/** Textract as the OCR engine: its client, and where it announces a job's end (the topic, and the role it publishes as). */
export interface TextractDeps {
  client: TextractClient;
  topicArn: string;
  roleArn: string;
}

export interface ScanDeps {
  s3: S3Client;
  sqs: SQSClient;
  findingsQueueUrl: string;
  /**
   * The worker processes documents are read in, with the fingerprint key: kept across
   * invocations of one container (a warm worker keeps its Tesseract threads). Their own OCR is
   * Tesseract's, or none when Textract is the engine or there is none.
   */
  pool: () => Promise<ScanPool>;
  /** Present when Textract is the OCR engine. */
  textract?: TextractDeps;
  /** The registry, to tell a registered unit from one a key merely names; without it, every unit a key names counts as registered. */
  units?: UnitLookup;
  /** Where each scan request is recorded, so that it is made once (Powertools idempotency). */
  idempotencyStore: BasePersistenceLayer;
  clock: Clock;
}

/** An object to scan, and the Textract job that read its scanned pages, if one did. */
interface ScanRequest {
  ref: ObjectRef;
  textractJobId?: string;
}

export function createHandler(deps: ScanDeps): SqsBatchHandler {
  const { s3, sqs, textract } = deps;

  /** The reference under its unit when the registry knows it, else under `unassigned`. */
  async function inRegistry(reference: DocumentReference): Promise<DocumentReference> {
    if (!deps.units || reference.origin === 'other') return reference;
    return withRegisteredUnit(reference, Boolean(await deps.units.get(reference.unitId)));
  }

  /**
   * Textract (run here, reached by the worker) reads a PDF's multi-page scans by a job on the stored
   * object, or from the job's pages. Tesseract runs in the worker itself.
   */
  function ocrFor(ref: ObjectRef, jobPages: OcrResult[] | undefined): OcrEngine | undefined {
    if (!textract) return undefined;
    if (jobPages) return new TextractEngine({ client: textract.client, jobPages });
    const storedPdf = { bucket: ref.bucket, key: ref.key, topicArn: textract.topicArn, roleArn: textract.roleArn };
    return new TextractEngine({ client: textract.client, storedPdf: ref.versionId ? { ...storedPdf, version: ref.versionId } : storedPdf });
  }

  async function textractJobPages(jobId: string): Promise<OcrResult[]> {
    if (!textract) throw new Error('a Textract job completed, but Textract is not the OCR engine');
    const job = await new TextractEngine({ client: textract.client }).pdfJobResults(jobId);
    if (job.status !== 'SUCCEEDED' && job.status !== 'PARTIAL_SUCCESS') throw new ScanError('ocr_unavailable', `the Textract job ended ${job.status}`);
    return job.pages;
  }

  async function scanObject({ ref, textractJobId }: ScanRequest): Promise<void> {
    const check = checkOf(ref.key);
    let result: ScannedDocument;
    let sourceUrl: string | undefined;
    let etag = ref.etag;
    try {
      const jobPages = textractJobId ? await textractJobPages(textractJobId) : undefined;
      const stored = await readObject(s3, ref, DEFAULT_LIMITS.maxBytes);
      sourceUrl = stored.metadata['source-url'];
      etag ??= stored.etag;
      const ocr = ocrFor(ref, jobPages);
      // A check with leaks gets its masked copy, made and verified in the same worker.
      result = await (await deps.pool()).scan({ name: ref.key, source: { bytes: stored.bytes }, ...(ocr && { ocr }), ...(check && { maskLeaks: CHECK_KEEPS }) });
    } catch (err) {
      if (err instanceof OcrJobStarted) {
        logger.info('Textract job started', { bucket: ref.bucket, key: maskAddress(ref.key), jobId: err.jobId });
        metrics.addMetric('TextractJobsStarted', MetricUnit.Count, 1);
        return;
      }
      // Only a document's own fault is reported as unscannable; S3 or key failures are retried.
      if (!(err instanceof ScanError)) throw err;
      result = unscannable(ref.key, err);
    }
    const reference = await inRegistry(documentReference({ ...ref, ...(etag && { etag }), ...(sourceUrl && { sourceUrl }) }));
    const message = findingsMessage(reference, result, deps.clock.now());
    // Written before the message is sent: a failure retries both, and the result is overwritten whole.
    if (check) {
      const maskedCopy = result.maskedCopy && (await storeMaskedCopy(ref.bucket, check, result.maskedCopy));
      if (maskedCopy?.available) message.document.maskedCopy = true;
      await putJson(s3, ref.bucket, checkResultKey(check), checkResult(check, message, maskedCopy));
    }
    await sendJson(sqs, deps.findingsQueueUrl, message);
    recordMetrics(message);
    // A file may be named after a person's ID: long numbers in keys are masked in logs.
    logger.info('document scanned', {
      bucket: ref.bucket,
      key: maskAddress(ref.key),
      unitId: reference.unitId,
      claimedUnitId: reference.claimedUnitId,
      status: result.status,
      errorCode: result.error?.code,
      leaks: message.counts.leaks,
      findings: result.findings.length,
    });
  }

  /** A check's masked copy kept beside its result, for the clerk to download; or why there is none. */
  async function storeMaskedCopy(bucket: string, check: CheckRef, masked: MaskedBytes): Promise<MaskedCopy> {
    if (!masked.ok) return { available: false, reason: masked.reason };
    const fileName = maskedCopyName(check.fileName);
    await putObject(s3, { bucket, key: maskedCopyKey(check, fileName), body: masked.bytes, contentType: 'application/octet-stream' });
    return { available: true, fileName };
  }

  // Keyed on the request (bucket, key, version, ETag, Textract job); what is stored is the function's
  // result, which is nothing: no document data ever reaches the table.
  const idempotency = new IdempotencyConfig({ expiresAfterSeconds: 7 * 24 * 3600 });
  const scanObjectOnce = makeIdempotent(scanObject, { persistenceStore: deps.idempotencyStore, config: idempotency });

  async function recordHandler(record: SQSRecord): Promise<void> {
    const completion = textractCompletion(record.body);
    if (!completion) {
      // A check's result is ours, not a document. In AWS the bucket does not announce it; the local stack's S3 announces every object.
      for (const ref of createdObjects(record.body)) if (!isCheckResultKey(ref.key)) await scanObjectOnce({ ref });
      return;
    }
    const ref: ObjectRef = { bucket: completion.bucket, key: completion.key };
    if (completion.version) ref.versionId = completion.version;
    await scanObjectOnce({ ref, textractJobId: completion.jobId });
  }

  return middy(async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> => {
    // An interrupted scan's claim expires with the invocation, so that a retry may take it.
    idempotency.registerLambdaContext(context);
    // A failed message is reported as such even when it is the whole batch (one message at a
    // time): the queue retries it and, after repeated failure, moves it to the dead-letter queue.
    // A processor per invocation: it holds the batch's state, and the local stack runs this handler twice at once.
    return processPartialResponse(event, recordHandler, new BatchProcessor(EventType.SQS), { context, throwOnFullBatchFailure: false });
  })
    .use(injectLambdaContext(logger))
    .use(logMetrics(metrics));
}

function recordMetrics({ document, counts }: ReturnType<typeof findingsMessage>): void {
  // A check is no published document: the notify function counts it as ChecksRun.
  if (document.origin !== 'check') {
    metrics.addMetric('DocumentsScanned', MetricUnit.Count, 1);
    metrics.addMetric('DocumentsWithLeaks', MetricUnit.Count, counts.leaks > 0 ? 1 : 0);
  }
  metrics.addMetric('PagesOcred', MetricUnit.Count, counts.pagesOcred);
  if (document.error) {
    const single = metrics.singleMetric();
    single.addDimension('Reason', document.error.code);
    single.addMetric('DocumentsUnscannable', MetricUnit.Count, 1);
  }
  for (const [type, statuses] of Object.entries(counts.byTypeAndStatus)) {
    for (const [status, count] of Object.entries(statuses)) {
      if (count === 0) continue;
      const single = metrics.singleMetric();
      single.addDimensions({ IdentifierType: type, MaskStatus: status });
      single.addMetric('Identifiers', MetricUnit.Count, count);
    }
  }
}

/**
 * What a worker may hold: the function's memory less what the handler itself needs. Lambda gives
 * the memory size in the environment; elsewhere (local runs) the pool's default.
 */
const HANDLER_MEMORY_MB = 512;
const workerMemory = (): { memoryBytes: number } | undefined => {
  const functionMb = Number(process.env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE);
  return functionMb > HANDLER_MEMORY_MB ? { memoryBytes: (functionMb - HANDLER_MEMORY_MB) * 1024 ** 2 } : undefined;
};

const ocrEngineName = (): OcrEngineName => {
  const name = process.env.LEAKSCAN_OCR_ENGINE ?? 'tesseract';
  if (!(OCR_ENGINES as readonly string[]).includes(name)) throw new Error(`LEAKSCAN_OCR_ENGINE must be one of ${OCR_ENGINES.join(', ')}`);
  return name as OcrEngineName;
};

/**
 * The deployment's dependencies, from its environment (infra/scan-function.ts). The key is
 * $LEAKSCAN_FINGERPRINT_KEY where set, else the secret $FINGERPRINT_SECRET_ID names, read when the
 * first document needs the pool; the worker's script is $LEAKSCAN_SCAN_WORKER (shared/isolation).
 */
export function fromEnvironment(): ScanDeps {
  const engine = ocrEngineName();
  const unitsTable = process.env.UNITS_TABLE;
  let pool: Promise<ScanPool> | undefined;
  const startPool = async (): Promise<ScanPool> => {
    const fingerprintKey = process.env.LEAKSCAN_FINGERPRINT_KEY || (await readSecret(required('FINGERPRINT_SECRET_ID')));
    const limits = workerMemory();
    // One worker: the queue gives the function one message at a time.
    return new ScanPool({ fingerprintKey, ocr: engine === 'tesseract' ? 'tesseract' : 'none', size: 1, ...(limits && { limits }) });
  };
  return {
    s3: s3Client(),
    sqs: sqsClient(),
    findingsQueueUrl: required('FINDINGS_QUEUE_URL'),
    pool: () =>
      (pool ??= startPool().catch((err) => {
        pool = undefined;
        throw err;
      })),
    ...(engine === 'textract' && { textract: { client: textractClient(), topicArn: required('TEXTRACT_TOPIC_ARN'), roleArn: required('TEXTRACT_ROLE_ARN') } }),
    ...(unitsTable && { units: new UnitDirectory(documentClient(), unitsTable) }),
    idempotencyStore: new DynamoDBPersistenceLayer({ tableName: required('IDEMPOTENCY_TABLE') }),
    clock: systemClock,
  };
}

export const handler = builtOnFirstCall(() => createHandler(fromEnvironment()));

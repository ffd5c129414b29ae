// The crawler function: crawl jobs from the crawl queue, several units at once (each a different
// site, each polite on its own), pages and documents stored under crawled/<unitId>/ in the ingest
// bucket, where the scan pipeline picks them up. A job that fails (S3 or DynamoDB down) fails
// alone: the queue retries it and, after repeated failure, moves it to the dead-letter queue.
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit, Metrics } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { crawlStateStore, documentClient } from '../../shared/aws/dynamodb.ts';
import { documentStore, s3Client } from '../../shared/aws/s3.ts';
import { crawlUnit } from '../../shared/crawl/crawl.ts';
import { parseCrawlJob } from '../../shared/crawl/plan.ts';
import { maskAddress } from '../../shared/masking.ts';
import { fetcherFromSettings, integerSetting, requiredSetting } from '../settings.ts';

const logger = new Logger({ serviceName: 'leakscan-crawler' });
const metrics = new Metrics({ namespace: 'Leakscan', serviceName: 'crawler' });
const processor = new BatchProcessor(EventType.SQS);
const s3 = s3Client();
const db = documentClient();
const fetcher = fetcherFromSettings();
// Time kept back at the end of an invocation to store what was fetched and report.
const DEADLINE_MARGIN_MS = 60_000;

async function crawl(record: SQSRecord, context: Context): Promise<void> {
  const job = parseCrawlJob(record.body);
  const report = await crawlUnit(job, {
    fetcher,
    state: crawlStateStore(db, requiredSetting('CRAWL_STATE_TABLE')),
    documents: documentStore(s3, requiredSetting('INGEST_BUCKET')),
    robotsAgent: 'leakscan',
    delayMs: integerSetting('CRAWL_DELAY_MS', 1000),
    maxPerHost: integerSetting('CRAWL_MAX_PER_HOST', 2),
    deadline: Date.now() + context.getRemainingTimeInMillis() - DEADLINE_MARGIN_MS,
  });
  metrics.addMetric('PagesFetched', MetricUnit.Count, report.fetched);
  metrics.addMetric('DocumentsStored', MetricUnit.Count, report.stored.length);
  metrics.addMetric('UrlsSkipped', MetricUnit.Count, report.skipped.length);
  metrics.addMetric('CrawlsTruncated', MetricUnit.Count, report.truncated ? 1 : 0);
  // URLs, never contents; a URL may still carry a person's number (a query, a file name): masked.
  const skipped = report.skipped.slice(0, 50).map(({ url, reason }) => ({ url: maskAddress(url), reason: maskAddress(reason) }));
  logger.info('unit crawled', { unitId: job.unitId, fetched: report.fetched, stored: report.stored.length, unchanged: report.unchanged, truncated: report.truncated, skipped });
}

export const handler = middy(async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> =>
  processPartialResponse(event, (record: SQSRecord) => crawl(record, context), processor, { context, throwOnFullBatchFailure: false }),
)
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics));

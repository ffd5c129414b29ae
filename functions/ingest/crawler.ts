// The crawler function: crawl jobs from the crawl queue, several units at once (each a different
// site, each polite on its own), pages and documents stored under crawled/<unitId>/ in the ingest
// bucket, where the scan pipeline picks them up. A job that fails (S3 or DynamoDB down, or a
// message that is not a job) fails alone: the queue retries it and, after repeated failure, moves
// it to the dead-letter queue.
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit, Metrics } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { crawlStateStore, documentClient } from '../../shared/aws/dynamodb.ts';
import { documentStore, s3Client } from '../../shared/aws/s3.ts';
import { crawlHealthStore } from '../../shared/aws/unit-directory.ts';
import { type Clock, systemClock } from '../../shared/clock.ts';
import { type CrawlJob, type CrawlOptions, crawlUnit } from '../../shared/crawl/crawl.ts';
import { maskAddress } from '../../shared/masking.ts';
import type { CrawlHealth } from '../../shared/units.ts';
import { type SqsBatchHandler, builtOnFirstCall } from '../lambda.ts';
import { InvalidMessage, parseCrawlJob } from '../queue-messages.ts';
import { fetcherFromSettings } from '../fetcher-settings.ts';
import { integerSetting, requiredSetting } from '../settings.ts';

const logger = new Logger({ serviceName: 'leakscan-crawler' });
// Its warnings (a batch with no metric to publish) as the function's own log lines, not loose text on the console.
const metrics = new Metrics({ namespace: 'Leakscan', serviceName: 'crawler', logger });
// Time kept back at the end of an invocation to store what was fetched and report.
const DEADLINE_MARGIN_MS = 60_000;

export type CrawlerDeps = Pick<CrawlOptions, 'fetcher' | 'state' | 'documents' | 'delayMs' | 'maxPerHost'> & {
  clock: Clock;
  /** Notes what the crawl of a unit gave, for the registry's figures and the unit's page. */
  health: (unitId: string, health: CrawlHealth) => Promise<void>;
};

export function createHandler(deps: CrawlerDeps): SqsBatchHandler {
  const crawl = async (job: CrawlJob, context: Context): Promise<void> => {
    const report = await crawlUnit(job, { ...deps, robotsAgent: 'leakscan', deadline: deps.clock.now().getTime() + context.getRemainingTimeInMillis() - DEADLINE_MARGIN_MS });
    metrics.addMetric('PagesFetched', MetricUnit.Count, report.fetched);
    metrics.addMetric('DocumentsStored', MetricUnit.Count, report.stored.length);
    metrics.addMetric('UrlsSkipped', MetricUnit.Count, report.skipped.length);
    metrics.addMetric('CrawlsTruncated', MetricUnit.Count, report.truncated ? 1 : 0);
    // URLs, never contents; a URL may still carry a person's number (a query, a file name): masked.
    const skipped = report.skipped.slice(0, 50).map(({ url, reason }) => ({ url: maskAddress(url), reason: maskAddress(reason) }));
    logger.info('unit crawled', { unitId: job.unitId, fetched: report.fetched, stored: report.stored.length, unchanged: report.unchanged, truncated: report.truncated, skipped });
    const health: CrawlHealth = { at: deps.clock.now().toISOString(), fetched: report.fetched, stored: report.stored.length };
    if (report.fetched === 0 && skipped[0]) health.error = skipped[0].reason;
    await deps.health(job.unitId, health);
  };
  const crawlRecord = (record: SQSRecord, context: Context): Promise<void> => {
    let job: CrawlJob;
    try {
      job = parseCrawlJob(record.body);
    } catch (err) {
      if (err instanceof InvalidMessage) logger.error('crawl job refused; it goes to the dead-letter queue after its retries', { messageId: record.messageId, reason: err.message });
      throw err;
    }
    return crawl(job, context);
  };
  return middy(
    async (event: SQSEvent, context: Context): Promise<SQSBatchResponse> =>
      // A processor per invocation: it holds the batch's state, and a handler may run twice at once (tests, the local stack).
      processPartialResponse(event, (record: SQSRecord) => crawlRecord(record, context), new BatchProcessor(EventType.SQS), { context, throwOnFullBatchFailure: false }),
  )
    .use(injectLambdaContext(logger))
    .use(logMetrics(metrics));
}

/** The deployment's dependencies, from its environment (infra/website-crawl.ts). */
export function fromEnvironment(): CrawlerDeps {
  const db = documentClient();
  return {
    fetcher: fetcherFromSettings(),
    state: crawlStateStore(db, requiredSetting('CRAWL_STATE_TABLE')),
    documents: documentStore(s3Client(), requiredSetting('INGEST_BUCKET')),
    delayMs: integerSetting('CRAWL_DELAY_MS', 1000),
    maxPerHost: integerSetting('CRAWL_MAX_PER_HOST', 2),
    clock: systemClock,
    health: crawlHealthStore(db, requiredSetting('UNITS_TABLE')),
  };
}

export const handler = builtOnFirstCall(() => createHandler(fromEnvironment()));

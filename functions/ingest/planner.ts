// The crawl planner, started by the EventBridge schedule: one crawl job per registered unit with a
// website, on the crawl queue, where crawler functions take them in parallel; and, from the same
// read of every unit, the registry's figures (units, coordinators on record, websites, websites
// the last crawl could not reach) in the metrics table.
import { Logger } from '@aws-lambda-powertools/logger';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { documentClient, putItems, scanItems } from '../../shared/aws/dynamodb.ts';
import { registryFigures } from '../../shared/cases/registry-figures.ts';
import { type Clock, systemClock } from '../../shared/clock.ts';
import { sendJsonBatch, sqsClient } from '../../shared/aws/sqs.ts';
import { type CrawlLimits, crawlJobs } from '../../shared/crawl/plan.ts';
import type { Unit } from '../../shared/units.ts';
import { builtOnFirstCall } from '../lambda.ts';
import { integerSetting, requiredSetting } from '../settings.ts';

const logger = new Logger({ serviceName: 'leakscan-crawl-planner' });

export interface PlannerDeps {
  db: DynamoDBDocumentClient;
  unitsTable: string;
  metricsTable: string;
  sqs: SQSClient;
  crawlQueueUrl: string;
  limits: CrawlLimits;
  clock: Clock;
}

export function createHandler({ db, unitsTable, metricsTable, sqs, crawlQueueUrl, limits, clock }: PlannerDeps): () => Promise<{ units: number; jobs: number }> {
  return async () => {
    const units = await scanItems<Unit>(db, unitsTable);
    const jobs = crawlJobs(units, limits);
    await sendJsonBatch(sqs, crawlQueueUrl, jobs);
    await putItems(db, metricsTable, registryFigures(units, clock.now()));
    logger.info('crawl planned', { units: units.length, jobs: jobs.length });
    return { units: units.length, jobs: jobs.length };
  };
}

/** The deployment's dependencies, from its environment (infra/website-crawl.ts). */
export const fromEnvironment = (): PlannerDeps => ({
  db: documentClient(),
  unitsTable: requiredSetting('UNITS_TABLE'),
  metricsTable: requiredSetting('METRICS_TABLE'),
  sqs: sqsClient(),
  crawlQueueUrl: requiredSetting('CRAWL_QUEUE_URL'),
  limits: { maxDepth: integerSetting('CRAWL_MAX_DEPTH', 3), pageBudget: integerSetting('CRAWL_PAGE_BUDGET', 300) },
  clock: systemClock,
});

export const handler = builtOnFirstCall(() => createHandler(fromEnvironment()));

// The crawl planner, started by the EventBridge schedule: one crawl job per registered unit with a
// website, on the crawl queue, where crawler functions take them in parallel.
import { Logger } from '@aws-lambda-powertools/logger';
import type { SQSClient } from '@aws-sdk/client-sqs';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { documentClient, scanItems } from '../../shared/aws/dynamodb.ts';
import { sendJsonBatch, sqsClient } from '../../shared/aws/sqs.ts';
import { type CrawlLimits, crawlJobs } from '../../shared/crawl/plan.ts';
import type { Unit } from '../../shared/units.ts';
import { builtOnFirstCall } from '../lambda.ts';
import { integerSetting, requiredSetting } from '../settings.ts';

const logger = new Logger({ serviceName: 'leakscan-crawl-planner' });

export interface PlannerDeps {
  db: DynamoDBDocumentClient;
  unitsTable: string;
  sqs: SQSClient;
  crawlQueueUrl: string;
  limits: CrawlLimits;
}

export function createHandler({ db, unitsTable, sqs, crawlQueueUrl, limits }: PlannerDeps): () => Promise<{ units: number; jobs: number }> {
  return async () => {
    const units = await scanItems<Unit>(db, unitsTable);
    const jobs = crawlJobs(units, limits);
    await sendJsonBatch(sqs, crawlQueueUrl, jobs);
    logger.info('crawl planned', { units: units.length, jobs: jobs.length });
    return { units: units.length, jobs: jobs.length };
  };
}

/** The deployment's dependencies, from its environment (infra/website-crawl.ts). */
export const fromEnvironment = (): PlannerDeps => ({
  db: documentClient(),
  unitsTable: requiredSetting('UNITS_TABLE'),
  sqs: sqsClient(),
  crawlQueueUrl: requiredSetting('CRAWL_QUEUE_URL'),
  limits: { maxDepth: integerSetting('CRAWL_MAX_DEPTH', 3), pageBudget: integerSetting('CRAWL_PAGE_BUDGET', 300) },
});

export const handler = builtOnFirstCall(() => createHandler(fromEnvironment()));

// The crawl planner, started by the EventBridge schedule: one crawl job per registered unit with a
// website, on the crawl queue, where crawler functions take them in parallel.
import { Logger } from '@aws-lambda-powertools/logger';
import { SQSClient } from '@aws-sdk/client-sqs';
import { documentClient, scanItems } from '../../shared/aws/dynamodb.ts';
import { sendJsonBatch } from '../../shared/aws/sqs.ts';
import { crawlJobs } from '../../shared/crawl/plan.ts';
import type { Unit } from '../../shared/units.ts';
import { integerSetting, requiredSetting } from '../settings.ts';

const logger = new Logger({ serviceName: 'leakscan-crawl-planner' });
const db = documentClient();
const sqs = new SQSClient({});

export async function handler(): Promise<{ units: number; jobs: number }> {
  const units = await scanItems<Unit>(db, requiredSetting('UNITS_TABLE'));
  const jobs = crawlJobs(units, { maxDepth: integerSetting('CRAWL_MAX_DEPTH', 3), pageBudget: integerSetting('CRAWL_PAGE_BUDGET', 300) });
  await sendJsonBatch(sqs, requiredSetting('CRAWL_QUEUE_URL'), jobs);
  logger.info('crawl planned', { units: units.length, jobs: jobs.length });
  return { units: units.length, jobs: jobs.length };
}

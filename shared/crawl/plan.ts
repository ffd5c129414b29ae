// The crawl plan: one job per unit that has a website, with the crawl's depth and page budget.
import { UNIT_ID } from '../findings-message.ts';
import type { Unit } from '../units.ts';
import type { CrawlJob } from './crawl.ts';

export interface CrawlLimits {
  maxDepth: number;
  pageBudget: number;
}

export function crawlJobs(units: readonly Pick<Unit, 'id' | 'websites' | 'hosts'>[], limits: CrawlLimits): CrawlJob[] {
  return units.filter((unit) => unit.websites.length > 0).map((unit) => ({ unitId: unit.id, seeds: unit.websites, hosts: unit.hosts, ...limits }));
}

/** A crawl job from a queue message, checked: the queue is the crawler's only input. */
export function parseCrawlJob(body: string): CrawlJob {
  const job = JSON.parse(body) as Partial<CrawlJob>;
  const strings = (value: unknown): value is string[] => Array.isArray(value) && value.every((v) => typeof v === 'string');
  if (typeof job.unitId !== 'string' || !UNIT_ID.test(job.unitId) || !strings(job.seeds) || !strings(job.hosts) || !Number.isInteger(job.maxDepth) || !Number.isInteger(job.pageBudget)) {
    throw new Error('not a crawl job: it needs unitId, seeds, hosts, maxDepth and pageBudget');
  }
  return job as CrawlJob;
}

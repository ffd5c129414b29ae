// The crawl plan: one job per unit that has a website, with the crawl's depth and page budget.
import type { Unit } from '../units.ts';
import type { CrawlJob } from './crawl.ts';

export interface CrawlLimits {
  maxDepth: number;
  pageBudget: number;
}

export function crawlJobs(units: readonly Pick<Unit, 'id' | 'websites' | 'hosts'>[], limits: CrawlLimits): CrawlJob[] {
  return units.filter((unit) => unit.websites.length > 0).map((unit) => ({ unitId: unit.id, seeds: unit.websites, hosts: unit.hosts, ...limits }));
}

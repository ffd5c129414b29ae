// The registry's figures, per scope (all, each kind, each province): how many units there are,
// how many have a data-protection coordinator on record, a website, and a website the last crawl
// could not reach. Counted by the crawl planner, which reads every unit each day anyway, and kept
// in the metrics table under the month they were counted in (`registry#YYYY-MM`, rewritten each
// day, so that a past month keeps the registry as it stood at its end): the dashboard reads a
// month's in one request, and a year of them in one more.
import type { Unit } from '../units.ts';
import { UNASSIGNED_UNIT } from '../findings-message.ts';
import { monthOf } from './model.ts';
import { thaiDay } from './report.ts';

const REGISTRY_PREFIX = 'registry#';
/** The metrics sort key of the registry's figures as counted last in a month (YYYY-MM). */
export const registryKey = (month: string): string => `${REGISTRY_PREFIX}${month}`;
/** The month a registry sort key names, undefined for any other key. */
export const monthOfRegistryKey = (key: string): string | undefined => (key.startsWith(REGISTRY_PREFIX) ? key.slice(REGISTRY_PREFIX.length) : undefined);

export const REGISTRY_COUNTERS = ['Units', 'UnitsWithCoordinator', 'UnitsWithWebsite', 'WebsitesUnreachable'] as const;
export type RegistryCounter = (typeof REGISTRY_COUNTERS)[number];

export type RegistryItem = { scope: string; day: string; countedAt: string } & Record<RegistryCounter, number>;

export function registryFigures(units: readonly Unit[], countedAt: Date): RegistryItem[] {
  const day = registryKey(monthOf(thaiDay(countedAt)));
  const items = new Map<string, RegistryItem>();
  const add = (scope: string, unit: Unit) => {
    const item = items.get(scope) ?? { scope, day, countedAt: countedAt.toISOString(), Units: 0, UnitsWithCoordinator: 0, UnitsWithWebsite: 0, WebsitesUnreachable: 0 };
    item.Units++;
    if (unit.coordinator) item.UnitsWithCoordinator++;
    if (unit.websites.length > 0) item.UnitsWithWebsite++;
    // Crawled, and not one response: the site is down, refuses the crawler, or is not where the registry says.
    if (unit.websites.length > 0 && unit.crawl && unit.crawl.fetched === 0) item.WebsitesUnreachable++;
    items.set(scope, item);
  };
  for (const unit of units) for (const scope of ['all', `kind#${unit.kind || UNASSIGNED_UNIT}`, `province#${unit.province || UNASSIGNED_UNIT}`]) add(scope, unit);
  return [...items.values()];
}

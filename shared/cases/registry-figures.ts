// The registry's figures, per scope (all, each kind, each province): how many units there are,
// how many have a data-protection coordinator on record, a website, and a website the last crawl
// could not reach. Counted by the crawl planner, which reads every unit each day anyway, and kept
// in the metrics table under the day `registry`, so that the dashboard reads them in one request.
import type { Unit } from '../units.ts';
import { UNASSIGNED_UNIT } from '../findings-message.ts';

export const REGISTRY_DAY = 'registry';

export const REGISTRY_COUNTERS = ['Units', 'UnitsWithCoordinator', 'UnitsWithWebsite', 'WebsitesUnreachable'] as const;
export type RegistryCounter = (typeof REGISTRY_COUNTERS)[number];

export type RegistryItem = { scope: string; day: typeof REGISTRY_DAY; countedAt: string } & Record<RegistryCounter, number>;

export function registryFigures(units: readonly Unit[], countedAt: Date): RegistryItem[] {
  const items = new Map<string, RegistryItem>();
  const add = (scope: string, unit: Unit) => {
    const item = items.get(scope) ?? { scope, day: REGISTRY_DAY, countedAt: countedAt.toISOString(), Units: 0, UnitsWithCoordinator: 0, UnitsWithWebsite: 0, WebsitesUnreachable: 0 };
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

// The month's own figures (each document and unit once in it) and the registry's as counted in it,
// as gauges for CloudWatch: the same metrics-table items the local dashboard and `leakscan report
// --month` read, so that both dashboards show one definition. CloudWatch cannot add days up into
// a calendar month without counting a document once per day; a gauge of the month so far,
// published each hour, can: its last value in a month is the month's figure.
import { UNASSIGNED_UNIT } from '../findings-message.ts';
import { PROVINCE_CODES, UNIT_KIND_CODES, type UnitKind } from '../units.ts';
import type { DailyCounter, MetricsItem } from './model.ts';
import type { RegistryCounter, RegistryItem } from './registry-figures.ts';
import { median } from './report.ts';

/** The month's counters published as `Month<counter>`: in total, by unit kind and by province. */
const MONTH_COUNTERS = ['DocumentsScanned', 'DocumentsWithLeaks', 'UnitsChecked', 'UnitsWithLeaks'] as const satisfies readonly DailyCounter[];
/** Counted in total only: case changes are few per kind or province. */
const MONTH_TOTAL_COUNTERS = ['CasesOpened', 'CasesNotified', 'CasesRemediated', 'CasesEscalated'] as const satisfies readonly DailyCounter[];
/** The registry's figures, published as `Registry<counter>`: in total, by unit kind and by province. */
const REGISTRY_GAUGES = ['Units', 'UnitsWithCoordinator', 'UnitsWithWebsite', 'WebsitesUnreachable'] as const satisfies readonly RegistryCounter[];

/** One set of gauges: without a dimension, or by one unit kind or one province (ASCII codes, as the daily counters). */
export interface GaugeSet {
  dimension?: { name: 'UnitKind' | 'Province'; value: string };
  values: Record<string, number>;
}

/** A month's metrics items and registry items: scope `all`, `kind#…` and `province#…` (unit scopes are not published). */
export interface MonthScopes {
  figures: readonly MetricsItem[];
  registry: readonly RegistryItem[];
}

const DIMENSIONS = { 'kind#': 'UnitKind', 'province#': 'Province' } as const;
const codeOf = (prefix: keyof typeof DIMENSIONS, name: string): string => (prefix === 'kind#' ? UNIT_KIND_CODES[name as UnitKind] : PROVINCE_CODES[name]) ?? UNASSIGNED_UNIT;

/**
 * The gauges of a month so far. Every scope the month has figures or registry figures for gets its
 * month counters, 0 where nothing was counted (a kind none of whose units was checked is a
 * figure too), and `all` always has them.
 */
export function monthGauges({ figures, registry }: MonthScopes): GaugeSet[] {
  const sets = new Map<string, GaugeSet>();
  const setOf = (scope: string): GaugeSet | undefined => {
    const prefix = (Object.keys(DIMENSIONS) as Array<keyof typeof DIMENSIONS>).find((p) => scope.startsWith(p));
    if (scope !== 'all' && !prefix) return undefined;
    if (!sets.has(scope)) {
      const counters = scope === 'all' ? [...MONTH_COUNTERS, ...MONTH_TOTAL_COUNTERS] : MONTH_COUNTERS;
      const values = Object.fromEntries(counters.map((counter) => [`Month${counter}`, 0]));
      sets.set(scope, prefix ? { dimension: { name: DIMENSIONS[prefix], value: codeOf(prefix, scope.slice(prefix.length)) }, values } : { values });
    }
    return sets.get(scope);
  };
  setOf('all');
  for (const item of figures) {
    const set = setOf(item.scope);
    if (!set) continue;
    for (const name of Object.keys(set.values)) set.values[name] = item[name.slice('Month'.length) as DailyCounter] ?? 0;
    const hours = item.scope === 'all' ? median(item.RemediationHours ?? []) : null;
    if (hours !== null) set.values.MonthMedianHoursToRemediation = hours;
  }
  for (const item of registry) {
    const set = setOf(item.scope);
    if (!set) continue;
    for (const counter of REGISTRY_GAUGES) set.values[`Registry${counter}`] = item[counter];
  }
  return [...sets.values()];
}

// The metrics report: daily counters of the metrics table summed per day, unit, province or unit
// kind (or over everything), with the figures a supervisor reads — leak rate, masking compliance
// and median time to remediation. Pure: the items come from wherever they were read.
import { DAILY_COUNTERS, type DailyCounter, type MetricsItem } from './model.ts';
import { THAILAND_TIME_ZONE, dateParts } from './thailand-time.ts';

export const REPORT_GROUPINGS = ['total', 'day', 'unit', 'province', 'kind'] as const;
export type ReportGrouping = (typeof REPORT_GROUPINGS)[number];

/** A counter's key in a report row: its metric name in camelCase (`DocumentsScanned` → `documentsScanned`). */
type CounterKey = Uncapitalize<DailyCounter>;
const counterKey = (counter: DailyCounter): CounterKey => (counter[0]!.toLowerCase() + counter.slice(1)) as CounterKey;

/** One line of the report. The derived figures are rounded to one decimal, null when undefined (nothing to divide by, no remediation). */
export type ReportRow = { group: string } & Record<CounterKey, number> & {
    leakRatePercent: number | null;
    maskingCompliancePercent: number | null;
    medianRemediationHours: number | null;
  };

/** The keys of a row in the order every output format shows them: each derived figure next to what it derives from. */
export const REPORT_ROW_KEYS: ReadonlyArray<keyof ReportRow> = [
  'group',
  'documentsScanned',
  'documentsWithLeaks',
  'leakRatePercent',
  'exposedNationalIds',
  'exposedPhones',
  'exposedLaserCodes',
  'maskedIdentifiers',
  'maskingCompliancePercent',
  'unreadableFindings',
  'casesOpened',
  'casesNotified',
  'casesRemediated',
  'casesEscalated',
  'medianRemediationHours',
  // Drafts checked before publishing: apart from the published documents above.
  'checksRun',
  'checksWithLeaks',
  'checksMasked',
  'unitsChecked',
  'unitsWithLeaks',
];

/** The label of the total line, and of the only row of `--by total`. */
const TOTAL_GROUP = 'total';

/** The scope prefix each grouping reads: per day and in total from `all`, otherwise from the per-unit, -province or -kind scopes. */
export const SCOPE_PREFIX: Record<ReportGrouping, string> = { total: 'all', day: 'all', unit: 'unit#', province: 'province#', kind: 'kind#' };

/**
 * The group an item counts towards under this grouping, or undefined when its scope is not the
 * grouping's (the same day holds every scope).
 */
function groupOf(item: MetricsItem, by: ReportGrouping): string | undefined {
  switch (by) {
    case 'total':
      return item.scope === 'all' ? TOTAL_GROUP : undefined;
    case 'day':
      return item.scope === 'all' ? item.day : undefined;
    default:
      return item.scope.startsWith(SCOPE_PREFIX[by]) ? item.scope.slice(SCOPE_PREFIX[by].length) : undefined;
  }
}

const roundToTenth = (value: number): number => Math.round(value * 10) / 10;

/** A share as a percentage with one decimal, null when the whole is 0. */
export const percentage = (part: number, whole: number): number | null => (whole === 0 ? null : roundToTenth((100 * part) / whole));

/** The middle value (the mean of the two middle ones for an even count), null for none. */
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** The report row of a group's items: counters summed (a missing counter is 0), then the derived figures. */
export function aggregateGroup(group: string, items: readonly MetricsItem[]): ReportRow {
  const sums = Object.fromEntries(DAILY_COUNTERS.map((counter) => [counterKey(counter), items.reduce((sum, item) => sum + (item[counter] ?? 0), 0)])) as Record<CounterKey, number>;
  const identifiersSeen = sums.maskedIdentifiers + sums.exposedNationalIds + sums.exposedPhones + sums.exposedLaserCodes;
  const medianHours = median(items.flatMap((item) => item.RemediationHours ?? []));
  return {
    group,
    ...sums,
    leakRatePercent: percentage(sums.documentsWithLeaks, sums.documentsScanned),
    maskingCompliancePercent: percentage(sums.maskedIdentifiers, identifiersSeen),
    medianRemediationHours: medianHours === null ? null : roundToTenth(medianHours),
  };
}

/** Highest leak rate first (by the exact ratio, not the rounded percentage); groups that scanned nothing last; then by name. */
function byLeakRateDescending(a: ReportRow, b: ReportRow): number {
  const rate = (row: ReportRow) => (row.documentsScanned === 0 ? -1 : row.documentsWithLeaks / row.documentsScanned);
  return rate(b) - rate(a) || a.group.localeCompare(b.group, 'th');
}

/**
 * The report's rows: one for `total`; one per day of `days` for `day` (a day without metrics gets
 * an empty row, so that a gap shows); one per unit, province or kind found for the others, highest
 * leak rate first.
 */
export function reportRows(items: readonly MetricsItem[], by: ReportGrouping, days: readonly string[]): ReportRow[] {
  const groups = new Map<string, MetricsItem[]>(by === 'day' ? days.map((day) => [day, []]) : by === 'total' ? [[TOTAL_GROUP, []]] : []);
  for (const item of items) {
    const group = groupOf(item, by);
    if (group === undefined) continue;
    if (!groups.has(group)) groups.set(group, []);
    groups.get(group)!.push(item);
  }
  const rows = [...groups].map(([group, groupItems]) => aggregateGroup(group, groupItems));
  return by === 'day' ? rows.sort((a, b) => a.group.localeCompare(b.group)) : rows.sort(byLeakRateDescending);
}

/** The total line under a grouped report: every item of the grouping's scopes together. */
export const totalRow = (items: readonly MetricsItem[], by: ReportGrouping): ReportRow =>
  aggregateGroup(
    TOTAL_GROUP,
    items.filter((item) => groupOf(item, by) !== undefined),
  );

const DAY_MS = 86_400_000;

/** The day (YYYY-MM-DD) this many days after `day` (before, when negative). */
export const addDays = (day: string, days: number): string => new Date(Date.parse(`${day}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);

/** Every day from `from` to `to` (YYYY-MM-DD, inclusive), none when `from` is later. */
export function daysBetween(from: string, to: string): string[] {
  const days: string[] = [];
  // YYYY-MM-DD strings sort as the days do.
  for (let day = from; day <= to; day = addDays(day, 1)) days.push(day);
  return days;
}

/** The `count` months (YYYY-MM) ending with `month`, oldest first. */
export function monthsEndingWith(month: string, count: number): string[] {
  const [year, number] = month.split('-').map(Number) as [number, number];
  return Array.from({ length: count }, (_, i) => new Date(Date.UTC(year, number - 1 - (count - 1 - i), 1)).toISOString().slice(0, 7));
}

/** Every day (YYYY-MM-DD) of a month (YYYY-MM). */
export function daysOfMonth(month: string): string[] {
  const [year, number] = month.split('-').map(Number) as [number, number];
  return daysBetween(`${month}-01`, new Date(Date.UTC(year, number, 0)).toISOString().slice(0, 10));
}

/** Days a report covers before its last day when no first day is given. */
export const DEFAULT_REPORT_DAYS = 30;

const DAY_IN_THAILAND = new Intl.DateTimeFormat('en-US', { timeZone: THAILAND_TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });

/** The Thailand date of an instant (YYYY-MM-DD), the days figures are kept by. */
export function thaiDay(at: Date = new Date()): string {
  const { year, month, day } = dateParts(DAY_IN_THAILAND, at);
  return `${year}-${month}-${day}`;
}

/** Whether a value is a calendar day written YYYY-MM-DD (2024-02-29, not 2023-02-29). */
export function isCalendarDay(value: string): boolean {
  const time = Date.parse(`${value}T00:00:00Z`);
  return /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(time) && new Date(time).toISOString().startsWith(value);
}

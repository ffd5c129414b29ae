// `leakscan report`: the metrics of a range of days or of a month (the table $LEAKSCAN_METRICS_TABLE
// or --table), in total or per day, unit, province or unit kind, as a table, JSON or CSV. A range
// adds its days up; a month is read whole (its documents and units each once).
import { stringify } from 'csv-stringify/sync';
import { documentClient, metricsOfDays } from '../shared/aws/dynamodb.ts';
import { monthKey } from '../shared/cases/model.ts';
import { DEFAULT_REPORT_DAYS, REPORT_ROW_KEYS, type ReportGrouping, type ReportRow, SCOPE_PREFIX, addDays, daysBetween, daysOfMonth, reportRows, thaiDay, totalRow } from '../shared/cases/report.ts';
import type { ReportFormat } from './arguments.ts';
import { alignColumns } from './columns.ts';

export interface ReportOptions {
  from?: string;
  to?: string;
  /** YYYY-MM: the month's own figures (or, by day, its days) instead of a range of days. */
  month?: string;
  by: ReportGrouping;
  format: ReportFormat;
  table: string;
}

/** Exit codes: 0 printed, 2 --from is after --to. */
export async function report({ from, to, month, by, format, table }: ReportOptions): Promise<number> {
  const lastDay = to ?? thaiDay();
  const firstDay = from ?? addDays(lastDay, -DEFAULT_REPORT_DAYS);
  if (!month && firstDay > lastDay) {
    process.stderr.write(`leakscan: --from ${firstDay} is after --to ${lastDay}\n`);
    return 2;
  }
  const days = month ? daysOfMonth(month) : daysBetween(firstDay, lastDay);
  // A month's own items, but per day its days'.
  const periods = month && by !== 'day' ? [monthKey(month)] : days;
  const db = documentClient();
  // Its keep-alive sockets would hold the process open.
  const items = await metricsOfDays(db, table, periods, SCOPE_PREFIX[by]).finally(() => db.destroy());
  const rows = reportRows(items, by, days);
  // The key list orders each object's keys as the other formats' columns.
  if (format === 'json') process.stdout.write(JSON.stringify(rows, [...REPORT_ROW_KEYS], 2) + '\n');
  else if (format === 'csv') process.stdout.write(toCsv(rows));
  else process.stdout.write(`${month ? `month ${month}` : `from ${firstDay} to ${lastDay}`}\n` + toTable(by === 'total' ? rows : [...rows, totalRow(items, by)]));
  return 0;
}

const DERIVED_KEYS = new Set<keyof ReportRow>(['leakRatePercent', 'maskingCompliancePercent', 'medianRemediationHours']);

/** A value as the table and CSV show it: derived figures with one decimal, nothing for null. */
function cellText(row: ReportRow, key: keyof ReportRow): string {
  const value = row[key];
  if (value === null) return '';
  return typeof value === 'number' && DERIVED_KEYS.has(key) ? value.toFixed(1) : String(value);
}

/** A header of the JSON keys, then one line per row (RFC 4180 quoting). */
export const toCsv = (rows: readonly ReportRow[]): string => stringify([[...REPORT_ROW_KEYS], ...rows.map((row) => REPORT_ROW_KEYS.map((key) => cellText(row, key)))]);

const TABLE_HEADERS: Record<keyof ReportRow, string> = {
  group: 'group',
  documentsScanned: 'scanned',
  documentsWithLeaks: 'with leaks',
  leakRatePercent: 'leak %',
  exposedNationalIds: 'exposed IDs',
  exposedPhones: 'phones',
  exposedLaserCodes: 'laser codes',
  maskedIdentifiers: 'masked',
  maskingCompliancePercent: 'masked %',
  unreadableFindings: 'unreadable',
  casesOpened: 'opened',
  casesNotified: 'notified',
  casesRemediated: 'remediated',
  casesEscalated: 'escalated',
  medianRemediationHours: 'median hours',
  checksRun: 'checked before publishing',
  checksWithLeaks: 'checked, with leaks',
  checksMasked: 'checked, masked copy made',
  unitsChecked: 'units checked',
  unitsWithLeaks: 'units with leaks',
};
/** Aligned columns: the group (a province or unit name may be Thai) to the left, the figures to the right. */
function toTable(rows: readonly ReportRow[]): string {
  const lines = [REPORT_ROW_KEYS.map((key) => TABLE_HEADERS[key]), ...rows.map((row) => REPORT_ROW_KEYS.map((key) => cellText(row, key)))];
  return alignColumns(lines, (i) => i > 0);
}

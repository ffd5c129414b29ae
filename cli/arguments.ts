// The command line's argument parsers and choices. Kept apart from the commands, which load their
// libraries (readers, OCR, AWS clients) only when they run: `leakscan --help` and a scan of text
// files start without them.
import { InvalidArgumentError } from 'commander';
import { isCalendarDay } from '../shared/cases/report.ts';
import type { KeepSide } from '../shared/mask/x4.ts';

export const REPORT_FORMATS = ['table', 'json', 'csv'] as const;
export type ReportFormat = (typeof REPORT_FORMATS)[number];

export const KEEP_SIDES: readonly KeepSide[] = ['last', 'first'];

/** SigV4's limit on a presigned URL's life: 7 days. */
export const MAX_EXPIRES_SECONDS = 604_800;

export function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a whole number of at least 1');
  return n;
}

/** A port to listen on: 0 (any free one) to 65535. */
export function portNumber(value: string): number {
  const n = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!(n >= 0 && n <= 65_535)) throw new InvalidArgumentError('must be a port number from 0 to 65535');
  return n;
}

/** A --from or --to value: a calendar day as YYYY-MM-DD (Date.parse would roll 02-30 over into March). */
export function parseDay(value: string): string {
  if (isCalendarDay(value)) return value;
  throw new InvalidArgumentError('must be a calendar day as YYYY-MM-DD');
}

/** A --month value: YYYY-MM. */
export function parseMonth(value: string): string {
  if (/^\d{4}-(0[1-9]|1[0-2])$/.test(value)) return value;
  throw new InvalidArgumentError('must be a month as YYYY-MM');
}

/** --expires: whole seconds, from 1 up to 7 days (commander reports the error and the command exits 2). */
export function parseExpiresSeconds(value: string): number {
  const seconds = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!(seconds >= 1 && seconds <= MAX_EXPIRES_SECONDS)) throw new InvalidArgumentError(`must be whole seconds from 1 to ${MAX_EXPIRES_SECONDS} (7 days)`);
  return seconds;
}

// The PDPC's list of cases, for tens of thousands of units: filtered (state, severity, unit, kind,
// province, overdue, opening date, text) and paged on the server, newest first. The narrowest index
// is read (a unit's cases, a province's, or all by opening), the opening dates as its key range,
// a page of summaries at a time; the other filters are this one predicate, so that what a page
// holds does not depend on the store.
import { CASES_BY_OPENING_INDEX, CASES_BY_PROVINCE_INDEX, CASES_BY_UNIT_INDEX, CASE_LISTING, type CaseSeverity, type CaseState, type StoredCase } from './model.ts';
import { isCalendarDay } from './report.ts';

export const CASE_STATES: readonly CaseState[] = ['open', 'notified', 'escalated', 'remediated'];
const SEVERITIES: readonly CaseSeverity[] = ['high', 'medium', 'low'];
/** The cases still to act on: the list's default. */
export const UNRESOLVED_STATES: readonly CaseState[] = ['open', 'notified', 'escalated'];

export interface CaseFilter {
  states: readonly CaseState[];
  severity?: CaseSeverity;
  unitId?: string;
  kind?: string;
  province?: string;
  /** Past the deadline and not remediated. */
  overdue?: boolean;
  /** Opened from this instant (inclusive) to that one (exclusive). */
  openedFrom?: string;
  openedBefore?: string;
  /** In the case ID, the unit's ID or its name. */
  text?: string;
}

/** What a list shows of a case: no findings, no e-mails, no history. */
export const CASE_SUMMARY_FIELDS = ['caseId', 'unitId', 'unitName', 'kind', 'province', 'documentId', 'document', 'severity', 'state', 'openedAt', 'deadline', 'counts', 'listing'] as const;
export type CaseSummaryItem = Pick<StoredCase, (typeof CASE_SUMMARY_FIELDS)[number]>;

/** A bad parameter, its message for the client. */
export class InvalidFilter extends Error {}

/** Thailand's offset: a day's filter bounds are its midnight in Asia/Bangkok. */
const BANGKOK_MIDNIGHT = 'T00:00:00+07:00';

/**
 * The filter a query string asks for: state=unresolved (default)|all|<state>, severity, unit,
 * kind, province, overdue=1, from and to (days, Thailand time, both included), q.
 */
export function caseFilterOf(query: URLSearchParams): CaseFilter {
  const text = (name: string) => query.get(name)?.trim() || undefined;
  const state = text('state') ?? 'unresolved';
  const states = state === 'unresolved' ? UNRESOLVED_STATES : state === 'all' ? CASE_STATES : CASE_STATES.filter((s) => s === state);
  if (states.length === 0) throw new InvalidFilter(`state must be unresolved, all or one of ${CASE_STATES.join(', ')}`);
  const filter: CaseFilter = { states };
  const severity = text('severity');
  if (severity !== undefined) {
    if (!(SEVERITIES as readonly string[]).includes(severity)) throw new InvalidFilter(`severity must be one of ${SEVERITIES.join(', ')}`);
    filter.severity = severity as CaseSeverity;
  }
  for (const [name, key] of [
    ['unit', 'unitId'],
    ['kind', 'kind'],
    ['province', 'province'],
    ['q', 'text'],
  ] as const) {
    const value = text(name);
    if (value !== undefined) filter[key] = value;
  }
  if (query.get('overdue') === '1' || query.get('overdue') === 'true') filter.overdue = true;
  const day = (name: string) => {
    const value = text(name);
    if (value !== undefined && !isCalendarDay(value)) throw new InvalidFilter(`${name} must be a calendar day as YYYY-MM-DD`);
    return value;
  };
  const [from, to] = [day('from'), day('to')];
  if (from && to && from > to) throw new InvalidFilter(`from ${from} is after to ${to}`);
  if (from) filter.openedFrom = new Date(`${from}${BANGKOK_MIDNIGHT}`).toISOString();
  if (to) filter.openedBefore = new Date(new Date(`${to}${BANGKOK_MIDNIGHT}`).getTime() + 24 * 3600_000).toISOString();
  return filter;
}

/** The index a filter is read from, and its partition: the narrowest the filter names. */
export function caseListIndex(filter: CaseFilter): { index: string; key: 'unitId' | 'province' | 'listing'; value: string } {
  if (filter.unitId) return { index: CASES_BY_UNIT_INDEX, key: 'unitId', value: filter.unitId };
  if (filter.province) return { index: CASES_BY_PROVINCE_INDEX, key: 'province', value: filter.province };
  return { index: CASES_BY_OPENING_INDEX, key: 'listing', value: CASE_LISTING };
}

/** Whether a case is one the filter asks for (the index's partition and key range aside). */
export function matchesFilter(c: CaseSummaryItem, filter: CaseFilter, now: Date): boolean {
  if (!filter.states.includes(c.state)) return false;
  if (filter.severity && c.severity !== filter.severity) return false;
  if (filter.unitId && c.unitId !== filter.unitId) return false;
  if (filter.kind && c.kind !== filter.kind) return false;
  if (filter.province && c.province !== filter.province) return false;
  if (filter.overdue && !isOverdue(c, now)) return false;
  if (filter.openedFrom && c.openedAt < filter.openedFrom) return false;
  if (filter.openedBefore && c.openedAt >= filter.openedBefore) return false;
  if (filter.text) {
    const text = filter.text.toLowerCase();
    if (![c.caseId, c.unitId, c.unitName ?? ''].some((field) => field.toLowerCase().includes(text))) return false;
  }
  return true;
}

export const isOverdue = (c: Pick<StoredCase, 'state' | 'deadline'>, now: Date): boolean => c.state !== 'remediated' && c.deadline !== undefined && Date.parse(c.deadline) < now.getTime();

/** Hours to the deadline (negative past it), none without a deadline or once remediated. */
export const hoursLeft = (c: Pick<StoredCase, 'state' | 'deadline'>, now: Date): number | null =>
  c.state === 'remediated' || c.deadline === undefined ? null : Math.round((Date.parse(c.deadline) - now.getTime()) / 3600_000);

/** Where the next page starts: after this case in this index. */
export interface CaseListCursor {
  index: string;
  /** The index's key of the last case read: the table key and the index's keys. */
  after: Record<string, string>;
}

export const encodeCursor = (cursor: CaseListCursor): string => Buffer.from(JSON.stringify(cursor)).toString('base64url');

export function decodeCursor(text: string, index: string): CaseListCursor {
  try {
    const cursor = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as CaseListCursor;
    if (cursor.index === index && cursor.after && Object.values(cursor.after).every((v) => typeof v === 'string')) return cursor;
  } catch {
    // Reported below, as any cursor of another list.
  }
  throw new InvalidFilter('cursor is not one of this list: start again from the first page');
}

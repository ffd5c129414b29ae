// Cases: one per unit and document (its source URL, or its bucket key for an upload), with the
// leaks found in it, a severity, and a state that moves open → notified → remediated or
// escalated. Every change of state is kept in the case's history. Nothing here holds a full
// identifier: findings carry fingerprints, masked displays and locations only.
import { type DocumentReference, UNASSIGNED_UNIT } from '../findings-message.ts';
import type { Finding, StatusCounts } from '../types.ts';
import type { Unit } from '../units.ts';

export type CaseState = 'open' | 'notified' | 'remediated' | 'escalated';
export type CaseSeverity = 'high' | 'medium' | 'low';

export interface CaseEvent {
  state: CaseState;
  at: string;
  /** Why, in a few words: "leaks found", "e-mail sent", "the document is gone (HTTP 404)", … */
  reason: string;
}

export interface SentEmail {
  kind: 'notice' | 'escalation';
  messageId: string;
  at: string;
  to: string[];
  cc: string[];
}

/**
 * Where the dashboard finds a case among tens of thousands: its unit's name, kind and province as
 * the registry had them when the case was last scanned (so that a list needs no lookup per case),
 * and `listing`, the one partition of the index of all cases by opening time.
 */
export interface CaseListing {
  unitName: string | null;
  kind: string;
  province: string;
  listing: typeof CASE_LISTING;
}
export const CASE_LISTING = 'case';

export function caseListing(scopes: UnitScopes, unit: Pick<Unit, 'name'> | undefined): CaseListing {
  return { unitName: unit?.name ?? null, kind: scopes.kind, province: scopes.province, listing: CASE_LISTING };
}

export interface Case extends CaseListing {
  caseId: string;
  unitId: string;
  /** What the case is about: the source URL of a crawled document, else s3://bucket/key. */
  documentId: string;
  document: DocumentReference & { format: string };
  /** Leak findings of the latest scan (at most MAX_CASE_FINDINGS, `findingsTruncated` beyond). */
  findings: Finding[];
  findingsTruncated?: boolean;
  /**
   * Regions of the latest scan OCR could not read (at most MAX_CASE_FINDINGS): no leak, listed
   * for the unit to check by eye. Absent on cases stored before there were any.
   */
  unreadable?: Finding[];
  counts: { byTypeAndStatus: StatusCounts; leaks: number; persons: number };
  severity: CaseSeverity;
  /** Why the severity is what it is, for the e-mail and the dashboard. */
  severityReasons: string[];
  state: CaseState;
  openedAt: string;
  /** 72 hours after the unit was told: when the PDPC must have been notified of the breach. */
  deadline?: string;
  history: CaseEvent[];
  emails: SentEmail[];
  /** When the document was last scanned (the findings message's scannedAt). */
  scannedAt: string;
}

/** A stored case, with what keeps concurrent writers apart. */
export type StoredCase = Case & { version: number; noticeClaimedAt?: string };

/** A case keeps this many findings; the counts cover all of them. */
export const MAX_CASE_FINDINGS = 200;
/** PDPA section 37(4): the PDPC is notified within 72 hours of learning of a breach. */
export const NOTIFICATION_DEADLINE_HOURS = 72;

/** Counters kept per day (Thailand date) and scope, the same names as the EMF metrics. */
export const DAILY_COUNTERS = [
  'DocumentsScanned',
  'DocumentsWithLeaks',
  'ExposedNationalIds',
  'ExposedPhones',
  'ExposedLaserCodes',
  'MaskedIdentifiers',
  'CasesOpened',
  'CasesNotified',
  'CasesRemediated',
  'CasesEscalated',
  /** Regions OCR could not read: apart from leaks and from the masking rate. */
  'UnreadableFindings',
  /** Drafts a clerk checked before publishing, and those with leaks: apart from the leak rate. */
  'ChecksRun',
  'ChecksWithLeaks',
  /** Checks with leaks for which a verified X4-masked copy was made for the clerk. */
  'ChecksMasked',
  /** Units with a document checked in the day (month), and those with one found leaking: each unit once. */
  'UnitsChecked',
  'UnitsWithLeaks',
] as const;
export type DailyCounter = (typeof DAILY_COUNTERS)[number];

/**
 * One item of the metrics table: partition key `scope` (`all`, `unit#<id>`, `province#<name>`,
 * `kind#<unit kind>`), sort key `day`: a day (YYYY-MM-DD in Asia/Bangkok), or a whole month
 * (`month#YYYY-MM`, added to with each of its days, so that a month or a year is read in one
 * request; it sorts after every day). A global secondary index `byDay` (partition `day`, sort
 * `scope`) reads every scope of a day or a month, or those of one kind (`begins_with(scope, …)`).
 * Counters are added to; `RemediationHours` lists the hours each case remediated that day took (for medians).
 */
export type MetricsItem = { scope: string; day: string; RemediationHours?: number[] } & Partial<Record<DailyCounter, number>>;

export const METRICS_BY_DAY_INDEX = 'byDay';

const MONTH_PREFIX = 'month#';
/** The metrics sort key of a month's figures: `month#YYYY-MM`. */
export const monthKey = (month: string): string => `${MONTH_PREFIX}${month}`;
/** The month (YYYY-MM) a day (YYYY-MM-DD) is in. */
export const monthOf = (day: string): string => day.slice(0, 7);
/** The month a metrics sort key names, undefined for a day's. */
export const monthOfKey = (key: string): string | undefined => (key.startsWith(MONTH_PREFIX) ? key.slice(MONTH_PREFIX.length) : undefined);

/** Where a unit's figures are added up, besides its own: its province and kind, and all. */
export interface UnitScopes {
  unitId: string;
  province: string;
  kind: string;
}

/** Where a unit's figures are counted; an unknown unit's under `unassigned` everywhere. */
export function unitScopes(unitId: string, unit: Pick<Unit, 'province' | 'kind'> | undefined): UnitScopes {
  return unit ? { unitId, province: unit.province, kind: unit.kind } : { unitId, province: UNASSIGNED_UNIT, kind: UNASSIGNED_UNIT };
}

/** The metrics items a unit's figures are added to (MetricsItem's `scope`). */
export const scopeKeys = ({ unitId, province, kind }: UnitScopes): string[] => ['all', `unit#${unitId}`, `province#${province}`, `kind#${kind}`];

/** The registry of units, as cases read it: one unit by ID, undefined when it is not registered. */
export interface UnitLookup {
  get(unitId: string): Promise<Unit | undefined>;
}

/** Where the figures go as EMF metrics, and the `service` each function adds: the dashboard reads them. */
export const FIGURES_NAMESPACE = 'Leakscan';
export const NOTIFY_SERVICE = 'notify';
export const FOLLOW_UP_SERVICE = 'follow-up';
/** The cases table's index of cases by state, oldest first (partition `state`, sort `openedAt`). */
export const CASES_BY_STATE_INDEX = 'byState';
/** The cases table's indexes for the dashboard's list, each sorted by `openedAt`: all cases (partition `listing`), a unit's, a province's. */
export const CASES_BY_OPENING_INDEX = 'byOpening';
export const CASES_BY_UNIT_INDEX = 'byUnit';
export const CASES_BY_PROVINCE_INDEX = 'byProvince';
/** Every index of the cases table: name → [partition key, sort key]. */
export const CASE_INDEXES: Readonly<Record<string, [string, string]>> = {
  [CASES_BY_STATE_INDEX]: ['state', 'openedAt'],
  [CASES_BY_OPENING_INDEX]: ['listing', 'openedAt'],
  [CASES_BY_UNIT_INDEX]: ['unitId', 'openedAt'],
  [CASES_BY_PROVINCE_INDEX]: ['province', 'openedAt'],
};

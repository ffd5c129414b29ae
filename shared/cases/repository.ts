// The port through which cases change: the cases themselves, the marker that makes each change
// happen once, and the day's figures. Every write is a single item, conditional on what was read,
// so that an implementation needs no transactions (shared/aws/case-store.ts: DynamoDB).
import type { CaseEvent, CaseState, DailyCounter, SentEmail, StoredCase } from './model.ts';

/** What a change added to the day's figures, and the hours each remediation took. */
export interface RecordedChange {
  counters: Partial<Record<DailyCounter, number>>;
  remediationHours: number[];
}

/** What a findings message did to its case; `checked` for a check, which has none. */
export type ScanOutcome = 'duplicate' | 'opened' | 'reopened' | 'updated' | 'remediated' | 'checked' | 'none';

export interface RecordedScan extends RecordedChange {
  outcome: ScanOutcome;
  /**
   * What the scan adds to its month's documents when it differs from its day's: a document
   * counted earlier in the month counts again in a new day, not in the month (DocumentsScanned,
   * DocumentsWithLeaks).
   */
  monthCounters?: Partial<Record<DailyCounter, number>>;
}

/** Whether a scan is the first of a period to count its document (or unit), and the first to find it leaking. */
export interface FirstCount {
  counted: boolean;
  leaked: boolean;
}

/** A change's marker: the figures the change adds (its plan), and the scopes that have them. */
export interface ChangeMarker {
  id: string;
  status: 'pending' | 'done';
  startedAt: string;
  plan?: RecordedScan;
  applied?: Set<string>;
}

/** A case's new content, written only when the stored case is still as it was read. */
export type CaseWrite =
  /** A new case, written only when no case has its ID. */
  | { kind: 'create'; case: StoredCase }
  /** The whole case anew (its version one above `readVersion`). */
  | { kind: 'replace'; case: StoredCase; readVersion: number }
  /** Some attributes set, lists appended to, attributes removed; the version goes up by one. */
  | {
      kind: 'update';
      caseId: string;
      readVersion: number;
      set: Partial<Omit<StoredCase, 'caseId' | 'version'>>;
      append: { history?: CaseEvent[]; emails?: SentEmail[] };
      remove: Array<'findingsTruncated' | 'noticeClaimedAt'>;
    };

export interface CaseRepository {
  get(caseId: string): Promise<StoredCase | undefined>;
  /** Cases in a state, oldest first. */
  inState(state: CaseState): Promise<StoredCase[]>;
  /** False when the case is no longer as read: another writer was first. */
  write(change: CaseWrite): Promise<boolean>;
  /** Claims an open case's notice at `at`; false when it is not open, or claimed at or after `staleBefore`. */
  claimNotice(caseId: string, at: Date, staleBefore: Date): Promise<boolean>;
  releaseNotice(caseId: string): Promise<void>;
  marker(markerId: string): Promise<ChangeMarker | undefined>;
  /**
   * Stores the marker, kept until `expiresAt`, only when the stored one still started at
   * `seenStartedAt` (undefined: there is none yet); false when another invocation was first.
   */
  takeMarker(marker: ChangeMarker, seenStartedAt: string | undefined, expiresAt: Date): Promise<boolean>;
  savePlan(markerId: string, plan: RecordedScan): Promise<void>;
  /**
   * Counts a subject (a document, a unit) in a period (a day or a month) once: `counted` for the
   * first message to count it there, `leaked` for the first to find it leaking there. The same
   * message asking again (a retry) gets the same answer. Kept until `expiresAt`.
   */
  countOnce(subject: string, period: string, messageId: string, leaking: boolean, expiresAt: Date): Promise<FirstCount>;
  /** Adds a change's figures to a scope's counters of a day (shared/cases/model.ts: MetricsItem). */
  addFigures(scope: string, day: string, change: RecordedChange): Promise<void>;
  /** Notes on the marker that the scope has the change's figures. */
  markApplied(markerId: string, scope: string): Promise<void>;
  markDone(markerId: string): Promise<void>;
}

/** Another invocation is making this change now: the message is retried later. */
export class ChangeInProgress extends Error {}

// What a findings message means for cases: which case it belongs to, and that case's content
// after this scan. Pure: shared/cases/transitions.ts records the result through the case repository.
import { createHash } from 'node:crypto';
import type { FindingsMessage } from '../findings-message.ts';
import { isLeak } from '../types.ts';
import { type Case, type CaseListing, MAX_CASE_FINDINGS, NOTIFICATION_DEADLINE_HOURS } from './model.ts';
import { caseSeverity, countPersons } from './severity.ts';

/** A crawled document is known by where it was published; an upload by its object. */
export function documentIdOf(document: FindingsMessage['document']): string {
  return document.sourceUrl ?? `s3://${document.bucket}/${document.key}`;
}

/** Stable across scans of the same unit's document, so that a repeated message finds its case. */
export function caseIdOf(unitId: string, documentId: string): string {
  return createHash('sha256').update(`${unitId}\n${documentId}`).digest('hex').slice(0, 32);
}

/** The case content a scan with leaks gives (state and history are the store's). */
export type ScannedCase = Omit<Case, 'state' | 'openedAt' | 'deadline' | 'history' | 'emails'>;

/** The case a scan with leaks makes, listed as `listing` says (the unit's name, kind and province). */
export function scannedCase(message: FindingsMessage, listing: CaseListing): ScannedCase {
  const { document } = message;
  const leaks = message.findings.filter(isLeak);
  const { severity, reasons } = caseSeverity(leaks);
  const documentId = documentIdOf(document);
  const { status: _status, error: _error, ...reference } = document;
  const scanned: ScannedCase = {
    ...listing,
    caseId: caseIdOf(document.unitId, documentId),
    unitId: document.unitId,
    documentId,
    document: reference,
    findings: leaks.slice(0, MAX_CASE_FINDINGS),
    unreadable: message.findings.filter((f) => f.status === 'unreadable').slice(0, MAX_CASE_FINDINGS),
    counts: { byTypeAndStatus: message.counts.byTypeAndStatus, leaks: leaks.length, persons: countPersons(leaks) },
    severity,
    severityReasons: reasons,
    scannedAt: message.scannedAt,
  };
  if (leaks.length > MAX_CASE_FINDINGS) scanned.findingsTruncated = true;
  return scanned;
}

/** When the PDPC must have been notified, counted from when the unit was told. */
export const deadlineAfter = (notifiedAt: Date): string => new Date(notifiedAt.getTime() + NOTIFICATION_DEADLINE_HOURS * 3600_000).toISOString();

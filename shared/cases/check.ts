// A check: a draft a clerk submits before publishing it. Its result is private to the clerk (an
// object beside the draft, never a case, an e-mail or the leak rate) and says what publishing it
// would expose. Built from the findings message, so that it carries exactly what the message does:
// fingerprints, masked displays and locations, never a full identifier.
import type { CheckRef, FindingsMessage } from '../findings-message.ts';
import { maskAddress } from '../masking.ts';
import { type Finding, countOfStatus, isLeak } from '../types.ts';
import type { CaseSeverity } from './model.ts';
import { caseSeverity } from './severity.ts';

/** Days a check, its result and its masked copy are kept, unless the deployment says otherwise (checkRetentionDays). */
export const DEFAULT_CHECK_RETENTION_DAYS = 7;

/** A check created through the check API whose draft is not scanned yet (not uploaded, or being read). */
export interface WaitingCheck extends CheckRef {
  state: 'waiting';
  createdAt: string;
}

/** The X4-masked copy of a check with leaks: made, scanned again and found clean, or why there is none. */
export type MaskedCopy = { available: true; fileName: string } | { available: false; reason: string };

export interface CheckResult extends CheckRef {
  state: 'done';
  /** The submitted file's name, long numbers masked: a file may be named after a person's ID. */
  fileName: string;
  format: string;
  status: FindingsMessage['document']['status'];
  error?: FindingsMessage['document']['error'];
  /** As the findings message carries them, `candidates` included where a finding has it. */
  findings: Finding[];
  /** `unreadable`: regions OCR could not read, in all; to check by eye, not leaks. */
  counts: FindingsMessage['counts'] & { unreadable: number };
  /** Only with leaks: the severity the case rules would give the document once published, and why (Thai). */
  severity?: CaseSeverity;
  severityReasons?: string[];
  /** Only with leaks. */
  maskedCopy?: MaskedCopy;
  scannedAt: string;
}

export const waitingCheck = (check: CheckRef, createdAt: Date): WaitingCheck => ({ ...check, fileName: maskAddress(check.fileName), state: 'waiting', createdAt: createdAt.toISOString() });

export function checkResult(check: CheckRef, message: FindingsMessage, maskedCopy?: MaskedCopy): CheckResult {
  const { document, findings, counts } = message;
  const unreadable = countOfStatus(counts.byTypeAndStatus, 'unreadable');
  const result: CheckResult = {
    ...check,
    state: 'done',
    fileName: maskAddress(check.fileName),
    format: document.format,
    status: document.status,
    findings,
    counts: { ...counts, unreadable },
    scannedAt: message.scannedAt,
  };
  if (document.error) result.error = document.error;
  const leaks = findings.filter(isLeak);
  if (leaks.length > 0) {
    const { severity, reasons } = caseSeverity(leaks);
    Object.assign(result, { severity, severityReasons: reasons });
  }
  if (maskedCopy) result.maskedCopy = maskedCopy;
  return result;
}

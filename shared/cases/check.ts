// A check: a draft a clerk submits before publishing it. Its result is private to the clerk (an
// object beside the draft, never a case, an e-mail or the leak rate) and says what publishing it
// would expose. Built from the findings message, so that it carries exactly what the message does:
// fingerprints, masked displays and locations, never a full identifier.
import type { CheckRef, FindingsMessage } from '../findings-message.ts';
import { IDENTIFIER_TYPE_NAMES } from '../identifier-types.ts';
import { maskAddress } from '../masking.ts';
import { type Finding, isLeak } from '../types.ts';
import type { CaseSeverity } from './model.ts';
import { caseSeverity } from './severity.ts';

export interface CheckResult extends CheckRef {
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
  scannedAt: string;
}

export function checkResult(check: CheckRef, message: FindingsMessage): CheckResult {
  const { document, findings, counts } = message;
  const unreadable = IDENTIFIER_TYPE_NAMES.reduce((sum, type) => sum + counts.byTypeAndStatus[type].unreadable, 0);
  const result: CheckResult = {
    ...check,
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
  return result;
}

// How bad one exposed identifier is, for people reading a report. A full national ID or laser
// code lets anyone impersonate the holder (the laser code with the ID unlocks online services);
// a phone number exposes a person to contact and scams. An ID whose check digit gives back its
// masked digits is a full ID. A region OCR could not read is low: it may hold any of these, it is
// no leak until a person reads it, and it is listed after every leak but before masked numbers.
// Cases (documents) get their own rules.
import { IDENTIFIER_TYPES } from './identifier-types.ts';
import { type Finding, isRecoverable } from './types.ts';

export type Severity = 'high' | 'medium' | 'low' | 'none';

export function findingSeverity(finding: Pick<Finding, 'type' | 'status' | 'candidates'>): Severity {
  if (finding.status === 'masked') return 'none';
  if (finding.status === 'unreadable') return 'low';
  const strong = IDENTIFIER_TYPES[finding.type].provesIdentity;
  if (finding.status === 'unmasked' || isRecoverable(finding)) return strong ? 'high' : 'medium';
  return strong ? 'medium' : 'low';
}

export const SEVERITY_ORDER: readonly Severity[] = ['high', 'medium', 'low', 'none'];

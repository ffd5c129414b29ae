// How serious a case (one exposed document) is, from what it exposes and what stands beside it.
// The rules, from the PDPC's guidance that a breach's risk grows with how much it lets someone
// act as the person, and with how many persons it touches:
//  - high: a full national ID (or laser code) shown beside a person's name or address (enough to
//    impersonate the holder), or an ID with its laser code (together they unlock online
//    services), or many persons' full IDs;
//  - medium: a full ID or laser code alone, insufficiently masked IDs, or many persons' phones;
//  - an insufficiently masked ID that its check digit gives back whole (one candidate) counts as
//    a full ID;
//  - low: personal phone numbers of a few persons, or insufficiently masked phones;
//  - many persons (MANY_PERSONS or more) raise a case one level.
// Regions OCR could not read are no leak: they neither open a case nor raise one; a case lists
// them apart (Case.unreadable) for the unit to check by eye.
import { IDENTIFIER_TYPES, IDENTIFIER_TYPE_NAMES, type IdentifierType } from '../identifier-types.ts';
import type { Finding } from '../types.ts';
import { isLeak, isRecoverable } from '../types.ts';
import type { CaseSeverity } from './model.ts';

export const MANY_PERSONS = 10;

export const RECOVERABLE_REASON = 'เลขประจำตัวประชาชนปิดบังไม่ครบ 4 หลัก จนคำนวณหลักที่ปิดไว้กลับได้จากเลขตรวจสอบ (หลักสุดท้าย) จึงเท่ากับเปิดเผยครบทุกหลัก';

export interface CaseSeverityResult {
  severity: CaseSeverity;
  /** The rules that decided it, in Thai, for the unit and the analyst. */
  reasons: string[];
}

const LEVELS: readonly CaseSeverity[] = ['low', 'medium', 'high'];

export function caseSeverity(findings: readonly Finding[]): CaseSeverityResult {
  const leaks = findings.filter(isLeak);
  const strong = leaks.filter((f) => IDENTIFIER_TYPES[f.type].provesIdentity);
  const fullStrong = strong.filter((f) => f.status === 'unmasked' || isRecoverable(f));
  const persons = countPersons(leaks);
  const reasons: string[] = [];
  let level = 0;
  const raise = (to: number, reason: string) => {
    reasons.push(reason);
    level = Math.max(level, to);
  };

  for (const type of IDENTIFIER_TYPE_NAMES.filter((t) => !IDENTIFIER_TYPES[t].provesIdentity)) {
    if (leaks.some((f) => f.type === type)) raise(0, `${IDENTIFIER_TYPES[type].label.th}ส่วนบุคคลถูกเปิดเผย`);
  }
  if (strong.some((f) => f.status === 'insufficient' && !isRecoverable(f))) raise(1, 'เลขประจำตัวประชาชนปิดบังไม่ครบ 4 หลักตามหลัก X4');
  if (strong.some((f) => f.status === 'unmasked')) raise(1, 'เลขประจำตัวประชาชนหรือเลขหลังบัตรถูกเปิดเผยครบทุกหลัก');
  if (strong.some(isRecoverable)) raise(1, RECOVERABLE_REASON);
  if (fullStrong.some((f) => f.beside?.length)) {
    raise(2, 'เลขประจำตัวประชาชนปรากฏคู่กับชื่อหรือที่อยู่ ซึ่งเพียงพอต่อการแอบอ้างตัวตน');
  }
  const fullTypes = new Set(fullStrong.map((f) => f.type));
  const unlocks = (type: IdentifierType): boolean => {
    const pair = IDENTIFIER_TYPES[type].unlocksWith;
    return pair !== undefined && fullTypes.has(type) && fullTypes.has(pair);
  };
  if (IDENTIFIER_TYPE_NAMES.some(unlocks)) {
    raise(2, 'เลขประจำตัวประชาชนปรากฏพร้อมเลขหลังบัตร ซึ่งใช้ยืนยันตัวตนในบริการออนไลน์ได้');
  }
  if (persons >= MANY_PERSONS) {
    level = Math.min(2, level + 1);
    reasons.push(`ข้อมูลของบุคคลจำนวนมาก (${persons} ราย) อยู่ในเอกสารเดียว`);
  }
  return { severity: LEVELS[level]!, reasons };
}

/** Distinct persons: by their IDs where the document shows any, else by their phone numbers. */
export function countPersons(leaks: readonly Finding[]): number {
  const distinct = (type: Finding['type']) => new Set(leaks.filter((f) => f.type === type).map((f) => f.fingerprint)).size;
  return Math.max(...IDENTIFIER_TYPE_NAMES.map(distinct));
}

// What people read, in Thai, for identifier types, finding statuses and case severities: one table
// each, for the e-mails (shared/cases/email.ts) and the dashboard (its server makes them a module
// the page imports), so that a unit's letter and the analyst's screen always say the same.
import type { CaseSeverity } from './cases/model.ts';
import { IDENTIFIER_TYPES, IDENTIFIER_TYPE_NAMES, type IdentifierType } from './identifier-types.ts';
import type { FindingStatus } from './types.ts';
import { PROVINCE_CODES, UNIT_KINDS } from './units.ts';

export const TYPE_LABELS = Object.fromEntries(IDENTIFIER_TYPE_NAMES.map((type) => [type, IDENTIFIER_TYPES[type].label.th])) as Record<IdentifierType, string>;

export const STATUS_LABELS: Record<FindingStatus, string> = { unmasked: 'ไม่ปิดบัง', insufficient: 'ปิดบังไม่เพียงพอ', masked: 'ปิดบังแล้ว', unreadable: 'อ่านไม่ออก' };

export const SEVERITY_LABELS: Record<CaseSeverity, string> = { high: 'สูง', medium: 'ปานกลาง', low: 'ต่ำ' };

/** The registry's unit kinds, and Thailand's provinces in Thai order: what the dashboard's filters offer. */
const PROVINCES = Object.keys(PROVINCE_CODES).sort((a, b) => a.localeCompare(b, 'th'));

/** The tables (and the registry's kinds and provinces) as an ES module, for a browser page to import. */
export const THAI_LABELS_MODULE = Object.entries({ TYPE_LABELS, STATUS_LABELS, SEVERITY_LABELS, UNIT_KINDS, PROVINCES })
  .map(([name, table]) => `export const ${name} = ${JSON.stringify(table)};\n`)
  .join('');

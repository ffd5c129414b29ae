// The registry of responsible units: who published a document, whom to tell, and which web hosts
// are theirs. Read from a CSV that PDPC staff keep (UTF-8, Thai), checked row by row: a file with
// any bad row is not imported at all, so a registry is never half updated.
import { parse } from 'csv-parse/sync';
import { UNIT_ID } from './findings-message.ts';

/** The kinds of state units, as the PDPC and the Department of Local Administration name them. */
export const UNIT_KINDS = [
  'อบต.',
  'เทศบาลตำบล',
  'เทศบาลเมือง',
  'เทศบาลนคร',
  'อบจ.',
  'กรุงเทพมหานคร',
  'เมืองพัทยา',
  'ส่วนราชการ',
  'รัฐวิสาหกิจ',
  'องค์การมหาชน',
  'หน่วยงานอื่นของรัฐ',
] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

export interface Unit {
  id: string;
  /** Thai name, e.g. องค์การบริหารส่วนตำบลเขาน้อย */
  name: string;
  kind: UnitKind;
  province: string;
  district?: string;
  /** Where a crawl of the unit starts. */
  websites: string[];
  /** Hosts that belong to the unit: its websites' hosts and any others listed. */
  hosts: string[];
  /** The unit's coordinator or DPO. */
  contactEmails: string[];
  /** The office that supervises it (e.g. the provincial local administration office). */
  supervisorEmail?: string;
}

export const UNITS_CSV_COLUMNS = ['id', 'name', 'kind', 'province', 'district', 'websites', 'hosts', 'contact_emails', 'supervisor_email'] as const;

export interface UnitRowError {
  /** Line of the CSV file (1 is the header). */
  line: number;
  reason: string;
}

const EMAIL = /^[^@\s,;]+@[^@\s,;]+\.[^@\s,;]+$/;
const list = (value: string | undefined): string[] => (value ?? '').split(/[\s;|,]+/).filter(Boolean);

/** Every unit of the file, or every problem with it (each bad row, with its line and reason). */
export function parseUnitsCsv(text: string): { units: Unit[]; errors: UnitRowError[] } {
  let rows: Array<{ record: Record<string, string>; line: number }>;
  try {
    rows = (parse(text.replace(/^\uFEFF/, ''), { columns: true, skip_empty_lines: true, trim: true, info: true }) as Array<{ record: Record<string, string>; info: { lines: number } }>).map(
      ({ record, info }) => ({ record, line: info.lines }),
    );
  } catch (err) {
    const line = (err as { lines?: number }).lines ?? 1;
    return { units: [], errors: [{ line, reason: `the file is not valid CSV: ${(err as Error).message}` }] };
  }
  const header = rows[0] ? Object.keys(rows[0].record) : [];
  const missing = UNITS_CSV_COLUMNS.filter((c) => !['district', 'hosts', 'supervisor_email'].includes(c) && !header.includes(c));
  if (rows.length > 0 && missing.length > 0) return { units: [], errors: [{ line: 1, reason: `the header lacks the column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}` }] };
  const units: Unit[] = [];
  const errors: UnitRowError[] = [];
  const seen = new Map<string, number>();
  for (const { record, line } of rows) {
    const problems: string[] = [];
    const id = record.id ?? '';
    if (!UNIT_ID.test(id)) problems.push(`id "${id}" must be 1–64 letters, digits, dots, dashes or underscores, starting with a letter or digit`);
    else if (seen.has(id)) problems.push(`id ${id} is already on line ${seen.get(id)}`);
    else seen.set(id, line);
    if (!record.name) problems.push('name is empty');
    const kind = record.kind as UnitKind;
    if (!UNIT_KINDS.includes(kind)) problems.push(`kind "${record.kind ?? ''}" is not one of ${UNIT_KINDS.join(', ')}`);
    if (!record.province) problems.push('province is empty');
    const websites = list(record.websites);
    const hosts = new Set(list(record.hosts).map((h) => h.toLowerCase()));
    for (const site of websites) {
      try {
        const url = new URL(site);
        if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new Error();
        hosts.add(url.hostname);
      } catch {
        problems.push(`website "${site}" is not an http(s) URL`);
      }
    }
    const contactEmails = list(record.contact_emails);
    if (contactEmails.length === 0) problems.push('contact_emails is empty: findings would reach nobody');
    for (const email of contactEmails) if (!EMAIL.test(email)) problems.push(`contact e-mail "${email}" is not an address`);
    const supervisorEmail = record.supervisor_email || undefined;
    if (supervisorEmail && !EMAIL.test(supervisorEmail)) problems.push(`supervisor_email "${supervisorEmail}" is not an address`);
    if (problems.length > 0) {
      errors.push({ line, reason: problems.join('; ') });
      continue;
    }
    const unit: Unit = { id, name: record.name!, kind, province: record.province!, websites, hosts: [...hosts], contactEmails };
    if (record.district) unit.district = record.district;
    if (supervisorEmail) unit.supervisorEmail = supervisorEmail;
    units.push(unit);
  }
  return errors.length > 0 ? { units: [], errors } : { units, errors };
}

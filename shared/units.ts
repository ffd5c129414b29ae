// The registry of responsible units: who published a document, whom to tell, and which web hosts
// are theirs. Read from a CSV that PDPC staff keep (UTF-8, Thai), checked row by row: a file with
// any bad row is not imported at all, so a registry is never half updated.
import { parse } from 'csv-parse/sync';
import { UNIT_ID } from './findings-message.ts';

/** The kinds of state units, as the PDPC and the Department of Local Administration name them. */
export const UNIT_KINDS = ['อบต.', 'เทศบาลตำบล', 'เทศบาลเมือง', 'เทศบาลนคร', 'อบจ.', 'กรุงเทพมหานคร', 'เมืองพัทยา', 'ส่วนราชการ', 'รัฐวิสาหกิจ', 'องค์การมหาชน', 'หน่วยงานอื่นของรัฐ'] as const;
export type UnitKind = (typeof UNIT_KINDS)[number];

// CloudWatch dimension values must be ASCII: metrics by kind and province carry these codes.
export const UNIT_KIND_CODES: Record<UnitKind, string> = {
  'อบต.': 'sao',
  เทศบาลตำบล: 'subdistrict-municipality',
  เทศบาลเมือง: 'town-municipality',
  เทศบาลนคร: 'city-municipality',
  'อบจ.': 'pao',
  กรุงเทพมหานคร: 'bangkok',
  เมืองพัทยา: 'pattaya',
  ส่วนราชการ: 'government-agency',
  รัฐวิสาหกิจ: 'state-enterprise',
  องค์การมหาชน: 'public-organization',
  หน่วยงานอื่นของรัฐ: 'other-state-agency',
};

/** Thailand's 77 provinces (Bangkok included), by Thai name, with their ISO 3166-2:TH codes. */
export const PROVINCE_CODES: Readonly<Record<string, string>> = Object.fromEntries(
  (
    [
      [10, 'กรุงเทพมหานคร'],
      [11, 'สมุทรปราการ'],
      [12, 'นนทบุรี'],
      [13, 'ปทุมธานี'],
      [14, 'พระนครศรีอยุธยา'],
      [15, 'อ่างทอง'],
      [16, 'ลพบุรี'],
      [17, 'สิงห์บุรี'],
      [18, 'ชัยนาท'],
      [19, 'สระบุรี'],
      [20, 'ชลบุรี'],
      [21, 'ระยอง'],
      [22, 'จันทบุรี'],
      [23, 'ตราด'],
      [24, 'ฉะเชิงเทรา'],
      [25, 'ปราจีนบุรี'],
      [26, 'นครนายก'],
      [27, 'สระแก้ว'],
      [30, 'นครราชสีมา'],
      [31, 'บุรีรัมย์'],
      [32, 'สุรินทร์'],
      [33, 'ศรีสะเกษ'],
      [34, 'อุบลราชธานี'],
      [35, 'ยโสธร'],
      [36, 'ชัยภูมิ'],
      [37, 'อำนาจเจริญ'],
      [38, 'บึงกาฬ'],
      [39, 'หนองบัวลำภู'],
      [40, 'ขอนแก่น'],
      [41, 'อุดรธานี'],
      [42, 'เลย'],
      [43, 'หนองคาย'],
      [44, 'มหาสารคาม'],
      [45, 'ร้อยเอ็ด'],
      [46, 'กาฬสินธุ์'],
      [47, 'สกลนคร'],
      [48, 'นครพนม'],
      [49, 'มุกดาหาร'],
      [50, 'เชียงใหม่'],
      [51, 'ลำพูน'],
      [52, 'ลำปาง'],
      [53, 'อุตรดิตถ์'],
      [54, 'แพร่'],
      [55, 'น่าน'],
      [56, 'พะเยา'],
      [57, 'เชียงราย'],
      [58, 'แม่ฮ่องสอน'],
      [60, 'นครสวรรค์'],
      [61, 'อุทัยธานี'],
      [62, 'กำแพงเพชร'],
      [63, 'ตาก'],
      [64, 'สุโขทัย'],
      [65, 'พิษณุโลก'],
      [66, 'พิจิตร'],
      [67, 'เพชรบูรณ์'],
      [70, 'ราชบุรี'],
      [71, 'กาญจนบุรี'],
      [72, 'สุพรรณบุรี'],
      [73, 'นครปฐม'],
      [74, 'สมุทรสาคร'],
      [75, 'สมุทรสงคราม'],
      [76, 'เพชรบุรี'],
      [77, 'ประจวบคีรีขันธ์'],
      [80, 'นครศรีธรรมราช'],
      [81, 'กระบี่'],
      [82, 'พังงา'],
      [83, 'ภูเก็ต'],
      [84, 'สุราษฎร์ธานี'],
      [85, 'ระนอง'],
      [86, 'ชุมพร'],
      [90, 'สงขลา'],
      [91, 'สตูล'],
      [92, 'ตรัง'],
      [93, 'พัทลุง'],
      [94, 'ปัตตานี'],
      [95, 'ยะลา'],
      [96, 'นราธิวาส'],
    ] as const
  ).map(([code, name]) => [name, `TH-${code}`]),
);

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
  /** The data-protection coordinator the unit has appointed, when on record: an e-mail address. */
  coordinator?: string;
  /** The last crawl of its website (written by the crawler; gone when the registry is imported again). */
  crawl?: CrawlHealth;
}

/** What the last crawl of a unit's website gave. */
export interface CrawlHealth {
  at: string;
  /** Responses received: none means the website could not be crawled. */
  fetched: number;
  stored: number;
  /** Why, when nothing was fetched: the first URL's reason, long numbers masked. */
  error?: string;
}

export const UNITS_CSV_COLUMNS = ['id', 'name', 'kind', 'province', 'district', 'websites', 'hosts', 'contact_emails', 'supervisor_email', 'coordinator'] as const;
/** Columns a registry file may leave out. */
const OPTIONAL_COLUMNS: readonly string[] = ['district', 'hosts', 'supervisor_email', 'coordinator'];

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
  const missing = UNITS_CSV_COLUMNS.filter((c) => !OPTIONAL_COLUMNS.includes(c) && !header.includes(c));
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
    else if (!PROVINCE_CODES[record.province]) problems.push(`province "${record.province}" is not one of Thailand's 77 provinces (written in Thai, e.g. ชัยภูมิ)`);
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
    const coordinator = record.coordinator || undefined;
    if (coordinator && !EMAIL.test(coordinator)) problems.push(`coordinator "${coordinator}" is not an address`);
    if (problems.length > 0) {
      errors.push({ line, reason: problems.join('; ') });
      continue;
    }
    const unit: Unit = { id, name: record.name!, kind, province: record.province!, websites, hosts: [...hosts], contactEmails };
    if (record.district) unit.district = record.district;
    if (supervisorEmail) unit.supervisorEmail = supervisorEmail;
    if (coordinator) unit.coordinator = coordinator;
    units.push(unit);
  }
  return errors.length > 0 ? { units: [], errors } : { units, errors };
}

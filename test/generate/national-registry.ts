// nationalData(): Thailand's state units as the PDPC's registry would hold them, a period of
// figures and the cases it opened, consistent with one another as the pipeline writes them, for
// the dashboard's scale bench (bench/scale.bench.ts, at national size) and its browser test
// (test/local/dashboard-scale.browser.test.ts, scaled down). Seeded: the same seed and `now` give
// the same data; on another day the registry and each case (its unit, document and fate) are the
// same, the period moved to end on that day (weekends fall elsewhere, so the days' counts differ).
//
// - The registry: the kinds in the national proportions (KIND_COUNTS, scaled when fewer units are
//   asked for, each kind keeping a unit at least), Thai names, ID and host as the registry file
//   writes them, websites for most, a data-protection coordinator on record for most, the last
//   crawl of each website (some unreachable), and registryFigures() of it all.
// - Documents: crawled each day from the units' websites, more as the year goes on (the crawl
//   reaches more sites); the leak rate falls from about 31% in the first month to under 2% in the
//   last (the PDPC's first year), and masking gets better with it.
// - Cases: each leaking document opens one, `localCases` of them of local administrative
//   organisations. Findings as the scan makes them (fingerprints, masked displays, locations),
//   counts, severity and its Thai reasons as shared/cases/severity.ts gives them, and a history
//   as the notify and follow-up functions write it: opened, notified minutes later with a
//   deadline 72 hours on, escalated within the hour after it when still exposed, remediated when the
//   document went (or was published again masked).
// - Figures: per day and per month (`month#…`) of every scope (all, unit, province, kind), added
//   as the notify function adds them: documents and units once per day and once per month, the
//   exposed and masked identifiers per scan, cases opened, notified, escalated and remediated (with
//   their hours) on the day each happened; and a few checks before publishing.
// No full identifier is kept anywhere: findings carry masked displays only.
import { createHash } from 'node:crypto';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { S3Client } from '@aws-sdk/client-s3';
import type { LocalAwsOptions } from '../../local/aws-servers.ts';
import { startDashboard } from '../../local/dashboard/server.ts';
import { putItems } from '../../shared/aws/dynamodb.ts';
import { deadlineAfter } from '../../shared/cases/case.ts';
import {
  CASE_INDEXES,
  CASE_LISTING,
  type CaseEvent,
  type DailyCounter,
  METRICS_BY_DAY_INDEX,
  type MetricsItem,
  type SentEmail,
  type StoredCase,
  monthKey,
  monthOf,
  scopeKeys,
} from '../../shared/cases/model.ts';
import { type RegistryItem, registryFigures } from '../../shared/cases/registry-figures.ts';
import { addDays, thaiDay } from '../../shared/cases/report.ts';
import { caseSeverity, countPersons } from '../../shared/cases/severity.ts';
import { scanCounters } from '../../shared/cases/transitions.ts';
import { nationalIdCandidates } from '../../shared/detect/national-id.ts';
import { fingerprinter } from '../../shared/fingerprint.ts';
import type { FindingsMessage } from '../../shared/findings-message.ts';
import { displayForm, unreadableForm } from '../../shared/masking.ts';
import { type Finding, type FindingLocation, type FindingStatus, type IdentifierType, countByTypeAndStatus, isLeak } from '../../shared/types.ts';
import { PROVINCE_CODES, UNIT_KINDS, type Unit, type UnitKind } from '../../shared/units.ts';
import { drawId, drawLaser, drawMobile } from './identifiers.ts';
import { Rng } from './random.ts';

// ---------------------------------------------------------------------------------------------
// Sizes.

/**
 * The registry's proportions: local administrative organisations as Thailand counts them (76
 * PAOs, 30 city, 195 town and 2,247 subdistrict municipalities, 5,300 SAOs, Bangkok, Pattaya:
 * 7,850), and the other state units (ministries' units with schools and hospitals among them).
 */
export const KIND_COUNTS: Readonly<Record<UnitKind, number>> = {
  'อบต.': 5300,
  เทศบาลตำบล: 2247,
  เทศบาลเมือง: 195,
  เทศบาลนคร: 30,
  'อบจ.': 76,
  กรุงเทพมหานคร: 1,
  เมืองพัทยา: 1,
  ส่วนราชการ: 20_000,
  รัฐวิสาหกิจ: 52,
  องค์การมหาชน: 60,
  หน่วยงานอื่นของรัฐ: 3599,
};
export const LOCAL_KINDS: readonly UnitKind[] = ['อบต.', 'เทศบาลตำบล', 'เทศบาลเมือง', 'เทศบาลนคร', 'อบจ.', 'กรุงเทพมหานคร', 'เมืองพัทยา'];
export const isLocalKind = (kind: string): boolean => (LOCAL_KINDS as readonly string[]).includes(kind);

/** The PDPC's first year at national scale: every unit, the cases it opened (2,850 of local administrative organisations). */
export const NATIONAL = { units: 31_561, cases: 6_086, localCases: 2_850, days: 365 } as const;

export interface NationalDataOptions {
  /** Units in the registry (default 31,561): the kinds' proportions of KIND_COUNTS, each kind one at least. */
  units?: number;
  /** Cases opened in the period (default 6,086), one per leaking document. */
  cases?: number;
  /** Of those, of local administrative organisations (default 2,850 of 6,086, in proportion for other counts). */
  localCases?: number;
  /** Days of figures, ending with today (default 365). */
  days?: number;
  seed?: number;
  /** The time the data ends at (default now): today is its day in Thailand, and nothing happens after it. */
  now?: Date;
}

export interface NationalData {
  units: Unit[];
  /** Every day's and month's counters of every scope with any (all, unit#, province#, kind#). */
  metrics: MetricsItem[];
  /**
   * registryFigures() as the crawl planner counted them: `now`, and at the last count of each
   * earlier month of the period (its last day's crawl), fewer coordinators on record then.
   */
  registry: RegistryItem[];
  /** Oldest first. */
  cases: StoredCase[];
  /** The period's last day (Thailand), the day of `now`. */
  today: string;
  /** The period's days, oldest first. */
  days: string[];
  now: Date;
}

/** How many units of each kind a registry of `units` has: KIND_COUNTS scaled, each kind one at least. */
export function kindCounts(units: number): Record<UnitKind, number> {
  if (!Number.isInteger(units) || units < UNIT_KINDS.length) throw new Error(`a registry needs ${UNIT_KINDS.length} units at least (one of each kind), not ${units}`);
  const national = UNIT_KINDS.reduce((sum, kind) => sum + KIND_COUNTS[kind], 0);
  const exact = UNIT_KINDS.map((kind) => (KIND_COUNTS[kind] * units) / national);
  const counts = exact.map((x) => Math.max(1, Math.floor(x)));
  let left = units - counts.reduce((a, b) => a + b, 0);
  // The largest remainders get the units left; a kind raised to one gives back from the largest.
  const byRemainder = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
  for (let i = 0; left > 0; i++, left--) counts[byRemainder[i % counts.length]![1]]!++;
  for (; left < 0; left++) counts[counts.indexOf(Math.max(...counts))]!--;
  return Object.fromEntries(UNIT_KINDS.map((kind, i) => [kind, counts[i]!])) as Record<UnitKind, number>;
}

// ---------------------------------------------------------------------------------------------
// Names: Thai place names, and their romanised forms for IDs and hosts.

type Word = readonly [thai: string, roman: string];
const PLACE_FIRST: readonly Word[] = [
  ['บ้าน', 'ban'],
  ['หนอง', 'nong'],
  ['โนน', 'non'],
  ['ดอน', 'don'],
  ['นา', 'na'],
  ['ห้วย', 'huai'],
  ['ท่า', 'tha'],
  ['บาง', 'bang'],
  ['โคก', 'khok'],
  ['วัง', 'wang'],
  ['สระ', 'sa'],
  ['ทุ่ง', 'thung'],
  ['เขา', 'khao'],
  ['คลอง', 'khlong'],
  ['ป่า', 'pa'],
  ['แม่', 'mae'],
  ['ลำ', 'lam'],
  ['บึง', 'bueng'],
  ['ศรี', 'si'],
  ['เชียง', 'chiang'],
  ['กุด', 'kut'],
  ['หัว', 'hua'],
  ['สวน', 'suan'],
  ['ไร่', 'rai'],
  ['โพน', 'phon'],
];
const PLACE_SECOND: readonly Word[] = [
  ['ใหญ่', 'yai'],
  ['น้อย', 'noi'],
  ['แดง', 'daeng'],
  ['ขาม', 'kham'],
  ['บัว', 'bua'],
  ['โพธิ์', 'pho'],
  ['ทอง', 'thong'],
  ['หลวง', 'luang'],
  ['เหนือ', 'nuea'],
  ['ใต้', 'tai'],
  ['กลาง', 'klang'],
  ['สูง', 'sung'],
  ['ยาว', 'yao'],
  ['งาม', 'ngam'],
  ['เจริญ', 'charoen'],
  ['สำราญ', 'samran'],
  ['ไผ่', 'phai'],
  ['ม่วง', 'muang'],
  ['แก้ว', 'kaeo'],
  ['คำ', 'kham'],
  ['ทราย', 'sai'],
  ['จันทร์', 'chan'],
  ['ยาง', 'yang'],
  ['สะแก', 'sakae'],
  ['ตาล', 'tan'],
  ['เตย', 'toei'],
  ['ขี้เหล็ก', 'khilek'],
  ['มะค่า', 'makha'],
  ['กระทุ่ม', 'krathum'],
  ['เกลือ', 'kluea'],
];
const PLACE_THIRD: readonly Word[] = [
  ['พัฒนา', 'phatthana'],
  ['สามัคคี', 'samakkhi'],
  ['ศรีสุข', 'sisuk'],
  ['ทอง', 'thong'],
  ['ใหม่', 'mai'],
  ['เก่า', 'kao'],
  ['นคร', 'nakhon'],
  ['ชัย', 'chai'],
];
const DEPARTMENTS: readonly Word[] = [
  ['กรมการปกครอง', 'dopa'],
  ['กรมส่งเสริมการปกครองท้องถิ่น', 'dla'],
  ['กรมการพัฒนาชุมชน', 'cdd'],
  ['กรมบัญชีกลาง', 'cgd'],
  ['กรมสรรพากร', 'rd'],
  ['กรมการขนส่งทางบก', 'dlt'],
  ['กรมที่ดิน', 'dol'],
  ['กรมอนามัย', 'anamai'],
  ['กรมควบคุมโรค', 'ddc'],
  ['กรมการแพทย์', 'dms'],
  ['กรมการจัดหางาน', 'doe'],
  ['กรมส่งเสริมการเกษตร', 'doae'],
  ['กรมปศุสัตว์', 'dld'],
  ['กรมประมง', 'fisheries'],
  ['กรมชลประทาน', 'rid'],
  ['กรมทางหลวงชนบท', 'drr'],
];
const DIVISIONS: readonly Word[] = [
  ['กองกลาง', 'central'],
  ['กองการเจ้าหน้าที่', 'personnel'],
  ['กองคลัง', 'finance'],
  ['กองแผนงาน', 'planning'],
  ['ศูนย์เทคโนโลยีสารสนเทศ', 'ict'],
  ['กองนิติการ', 'legal'],
  ['สำนักงานเลขานุการกรม', 'secretary'],
];
/** Ministries' units outside the departments' head offices: schools and hospitals among them. */
const GOVERNMENT_OFFICES = { school: 45, hospital: 8, health: 12, district: 8, agriculture: 6, police: 9, provincial: 12 } as const;
const DISTRICT_OFFICES: Record<Exclude<keyof typeof GOVERNMENT_OFFICES, 'provincial'>, Word> = {
  school: ['โรงเรียนบ้าน', 'school'],
  hospital: ['โรงพยาบาล', 'hosp'],
  health: ['โรงพยาบาลส่งเสริมสุขภาพตำบล', 'rph'],
  district: ['ที่ว่าการอำเภอ', 'amphoe'],
  agriculture: ['สำนักงานเกษตรอำเภอ', 'agri'],
  police: ['สถานีตำรวจภูธร', 'police'],
};
const PROVINCIAL_OFFICES: readonly Word[] = [
  ['สำนักงานสาธารณสุขจังหวัด', 'ssj'],
  ['สำนักงานพัฒนาสังคมและความมั่นคงของมนุษย์จังหวัด', 'pmsdhs'],
  ['สำนักงานเกษตรจังหวัด', 'agri'],
  ['สำนักงานแรงงานจังหวัด', 'labour'],
  ['สำนักงานส่งเสริมการปกครองท้องถิ่นจังหวัด', 'local'],
  ['สำนักงานพาณิชย์จังหวัด', 'commerce'],
  ['สำนักงานคลังจังหวัด', 'treasury'],
  ['สำนักงานพัฒนาชุมชนจังหวัด', 'cdd'],
];
const OTHER_OFFICES: readonly Word[] = [
  ['ศาลจังหวัด', 'court'],
  ['สำนักงานอัยการจังหวัด', 'ago'],
  ['สำนักงานการตรวจเงินแผ่นดินจังหวัด', 'oag'],
  ['สำนักงานคณะกรรมการการเลือกตั้งประจำจังหวัด', 'ect'],
  ['สำนักงานบังคับคดีจังหวัด', 'led'],
  ['สำนักงานคุมประพฤติจังหวัด', 'probation'],
  ['สำนักงานยุติธรรมจังหวัด', 'justice'],
  ['สำนักงานสถิติจังหวัด', 'nso'],
  ['สำนักงานประกันสังคมจังหวัด', 'sso'],
];
const STATE_ENTERPRISES: readonly Word[] = [
  ['การไฟฟ้าส่วนภูมิภาค', 'pea'],
  ['การประปาส่วนภูมิภาค', 'pwa'],
  ['การไฟฟ้านครหลวง', 'mea'],
  ['การประปานครหลวง', 'mwa'],
  ['การรถไฟแห่งประเทศไทย', 'railway'],
  ['การท่าเรือแห่งประเทศไทย', 'port'],
  ['องค์การเภสัชกรรม', 'gpo'],
  ['การเคหะแห่งชาติ', 'nha'],
  ['องค์การขนส่งมวลชนกรุงเทพ', 'bmta'],
  ['ธนาคารออมสิน', 'gsb'],
  ['ธนาคารเพื่อการเกษตรและสหกรณ์การเกษตร', 'baac'],
  ['ธนาคารอาคารสงเคราะห์', 'ghb'],
  ['การยางแห่งประเทศไทย', 'raot'],
];
const PUBLIC_ORGANISATIONS: readonly Word[] = [
  ['สำนักงานพัฒนาธุรกรรมทางอิเล็กทรอนิกส์', 'etda'],
  ['สำนักงานพัฒนารัฐบาลดิจิทัล', 'dga'],
  ['สถาบันส่งเสริมการสอนวิทยาศาสตร์และเทคโนโลยี', 'ipst'],
  ['โรงพยาบาลบ้านแพ้ว', 'bphosp'],
  ['สถาบันรับรองมาตรฐานและประเมินคุณภาพการศึกษา', 'onesqa'],
  ['สำนักงานพัฒนาพิงคนคร', 'pinkanakorn'],
  ['สถาบันการแพทย์ฉุกเฉินแห่งชาติ', 'niems'],
  ['สถาบันพัฒนาองค์กรชุมชน', 'codi'],
];
const PERSON_FIRST = ['สมศรี', 'สมชาย', 'บุญมี', 'มาลี', 'ประเสริฐ', 'วันเพ็ญ', 'สุนทร', 'จันทร์เพ็ญ', 'ทองดี', 'อำนวย', 'พิมพ์ใจ', 'ศักดิ์ชัย', 'นิตยา', 'สมพร', 'บุญเรือน', 'ชัยวัฒน์'];
const PERSON_LAST = ['ใจดี', 'มีสุข', 'ทองคำ', 'ศรีสวัสดิ์', 'บุญประเสริฐ', 'แก้วมณี', 'พรหมมา', 'สุขสวัสดิ์', 'วงศ์ใหญ่', 'ชัยมงคล', 'คำแก้ว', 'ภูมิวงศ์'];

/** What kind of office a unit is, for the documents it publishes. */
type Category = 'local' | 'school' | 'health' | 'office';

/**
 * Each kind's share of units with a website in the registry and with a coordinator on record, and
 * how much a unit of the kind publishes, relative to an SAO.
 */
const KIND_PROFILES: Record<UnitKind, { website: number; coordinator: number; activity: number }> = {
  'อบต.': { website: 0.93, coordinator: 0.72, activity: 1 },
  เทศบาลตำบล: { website: 0.96, coordinator: 0.78, activity: 1.3 },
  เทศบาลเมือง: { website: 1, coordinator: 0.9, activity: 3 },
  เทศบาลนคร: { website: 1, coordinator: 1, activity: 6 },
  'อบจ.': { website: 1, coordinator: 0.95, activity: 4 },
  กรุงเทพมหานคร: { website: 1, coordinator: 1, activity: 40 },
  เมืองพัทยา: { website: 1, coordinator: 1, activity: 6 },
  ส่วนราชการ: { website: 0.85, coordinator: 0.84, activity: 0.35 },
  รัฐวิสาหกิจ: { website: 1, coordinator: 0.96, activity: 4 },
  องค์การมหาชน: { website: 1, coordinator: 0.95, activity: 2 },
  หน่วยงานอื่นของรัฐ: { website: 0.7, coordinator: 0.6, activity: 0.6 },
};
/** Why the last crawl of an unreachable website got nothing (the crawler's reasons). */
const CRAWL_ERRORS = (host: string) => [
  'no complete response within 30000 ms',
  `getaddrinfo ENOTFOUND ${host}`,
  'HTTP 503',
  'HTTP 403',
  'fetch failed: connect ECONNREFUSED',
  'certificate has expired',
];

const PDPC_EMAIL = 'eagle-eye@pdpc.or.th';
const INGEST_BUCKET = 'ingest';
const FINGERPRINT_KEY = 'national-registry-generator';

interface UnitFacts {
  unit: Unit;
  category: Category;
  /** Documents it publishes, relative to others; 0 without a website (only crawled documents here). */
  activity: number;
  /** How much more often than others its documents leak. */
  leakiness: number;
  unreachable: boolean;
  /** When in the period its coordinator was put on record, 0 (before it) to 1 (today). */
  coordinatorSince: number;
}

function registry(rng: Rng, size: number, now: Date, today: string): UnitFacts[] {
  const counts = kindCounts(size);
  const provinces = Object.keys(PROVINCE_CODES);
  const outsideBangkok = provinces.filter((p) => p !== 'กรุงเทพมหานคร');
  const provinceCode = (province: string) => PROVINCE_CODES[province]!.replace('-', '').toLowerCase();
  const taken = new Map<string, number>();
  const unique = (slug: string) => {
    const n = (taken.get(slug) ?? 0) + 1;
    taken.set(slug, n);
    return n === 1 ? slug : `${slug}${n}`;
  };
  const namesInProvince = new Set<string>();
  const place = (): Word => {
    const [a, ar] = rng.pick(PLACE_FIRST);
    const [b, br] = rng.pick(PLACE_SECOND);
    if (!rng.chance(0.3)) return [a + b, ar + br];
    const [c, cr] = rng.pick(PLACE_THIRD);
    return [a + b + c, ar + br + cr];
  };
  /** A place name not yet used for this kind of office in the province (a few tries). */
  const placeIn = (province: string, office: string): Word => {
    let name = place();
    for (let i = 0; i < 4 && namesInProvince.has(`${province}|${office}${name[0]}`); i++) name = place();
    namesInProvince.add(`${province}|${office}${name[0]}`);
    return name;
  };
  /** A provincial office's name: Bangkok is no จังหวัด. */
  const inProvince = (office: string, province: string) => (province === 'กรุงเทพมหานคร' ? `${office.replace(/จังหวัด$/, '')}${province}` : `${office}${province}`);
  const paoProvinces = rng.sample(Math.min(counts['อบจ.'], outsideBangkok.length), 0, outsideBangkok.length).map((i) => outsideBangkok[i]!);
  const crawlHour = Date.parse(`${today}T01:00:00+07:00`);
  const facts: UnitFacts[] = [];

  for (const kind of UNIT_KINDS) {
    for (let i = 0; i < counts[kind]; i++) {
      let province: string;
      let name: string;
      let id: string;
      /** Its website's host, when it has one. */
      let host: string;
      let district: string | undefined;
      let supervisor: string | undefined;
      let category: Category = 'office';
      switch (kind) {
        case 'อบต.':
        case 'เทศบาลตำบล':
        case 'เทศบาลเมือง':
        case 'เทศบาลนคร': {
          province = rng.pick(outsideBangkok);
          const prefix = kind === 'อบต.' ? 'องค์การบริหารส่วนตำบล' : kind;
          const [thai, roman] = placeIn(province, prefix);
          name = `${prefix}${thai}`;
          const slug = unique(roman);
          id = `${slug}-${kind === 'อบต.' ? 'sao' : 'mun'}`;
          host = kind === 'เทศบาลนคร' ? `www.${slug}city.go.th` : `www.${slug}.go.th`;
          district = kind === 'เทศบาลนคร' ? `เมือง${thai}` : place()[0];
          supervisor = `local-${provinceCode(province)}@dla.go.th`;
          category = 'local';
          break;
        }
        case 'อบจ.': {
          province = paoProvinces[i] ?? rng.pick(outsideBangkok);
          name = `องค์การบริหารส่วนจังหวัด${province}`;
          id = unique(`pao-${provinceCode(province)}`);
          host = `www.${id}.go.th`;
          supervisor = `local-${provinceCode(province)}@dla.go.th`;
          category = 'local';
          break;
        }
        case 'กรุงเทพมหานคร':
          [province, name, id, host, category] = ['กรุงเทพมหานคร', 'กรุงเทพมหานคร', unique('bangkok'), 'www.bangkok.go.th', 'local'];
          break;
        case 'เมืองพัทยา':
          [province, name, id, host, category] = ['ชลบุรี', 'เมืองพัทยา', unique('pattaya'), 'www.pattaya.go.th', 'local'];
          break;
        case 'ส่วนราชการ': {
          province = rng.chance(0.2) ? 'กรุงเทพมหานคร' : rng.pick(provinces);
          const office = province === 'กรุงเทพมหานคร' && rng.chance(0.5) ? 'central' : rng.weighted(GOVERNMENT_OFFICES);
          if (office === 'central') {
            // A division of a department, in Bangkok, on its department's host.
            const [department, code] = rng.pick(DEPARTMENTS);
            const [division, divisionCode] = rng.pick(DIVISIONS);
            const [thai, roman] = placeIn(province, division + department);
            name = `${division} ${department} (ส่วน${thai})`;
            id = unique(`${code}-${divisionCode}-${roman}`);
            host = `${id.slice(code.length + 1)}.${code}.go.th`;
          } else if (office === 'provincial') {
            // The province's office, or when it is taken one of its district offices.
            const [officeName, code] = rng.pick(PROVINCIAL_OFFICES);
            const first = !namesInProvince.has(`${province}|${officeName}`);
            namesInProvince.add(`${province}|${officeName}`);
            const [thai, roman] = placeIn(province, officeName);
            name = first ? inProvince(officeName, province) : `${officeName.replace(/จังหวัด$/, 'อำเภอ')}${thai}`;
            id = unique(first ? `${code}-${provinceCode(province)}` : `${code}-${roman}`);
            host = `www.${id}.go.th`;
            if (!first) district = thai;
          } else {
            const [prefix, code] = DISTRICT_OFFICES[office];
            const [thai, roman] = placeIn(province, prefix);
            name = `${prefix}${thai}`;
            id = unique(`${code}-${roman}`);
            host = `www.${id.replace('-', '')}.${office === 'school' ? 'ac.th' : 'go.th'}`;
            district = office === 'district' || office === 'agriculture' || office === 'hospital' ? thai : place()[0];
          }
          if (office === 'school') {
            category = 'school';
            supervisor = `spm-${provinceCode(province)}@obec.go.th`;
          } else if (office === 'hospital' || office === 'health') {
            category = 'health';
            supervisor = `ssj-${provinceCode(province)}@moph.go.th`;
          }
          break;
        }
        case 'รัฐวิสาหกิจ':
        case 'องค์การมหาชน': {
          const list = kind === 'รัฐวิสาหกิจ' ? STATE_ENTERPRISES : PUBLIC_ORGANISATIONS;
          const [base, code] = list[i % list.length]!;
          const round = Math.floor(i / list.length);
          province = round === 0 || rng.chance(0.3) ? 'กรุงเทพมหานคร' : rng.pick(provinces);
          name = round === 0 ? base : `${base} สำนักงานเขต ${round}`;
          id = unique(round === 0 ? code : `${code}-r${round}`);
          host = round === 0 ? `www.${code}.or.th` : `r${round}.${code}.or.th`;
          break;
        }
        case 'หน่วยงานอื่นของรัฐ': {
          province = rng.chance(0.3) ? 'กรุงเทพมหานคร' : rng.pick(provinces);
          const [office, code] = rng.pick(OTHER_OFFICES);
          const [thai, roman] = placeIn(province, office);
          // One office per province; the others are its branches.
          const first = !namesInProvince.has(`${province}|${office}`);
          namesInProvince.add(`${province}|${office}`);
          name = first ? inProvince(office, province) : `${inProvince(office, province)} สาขา${thai}`;
          id = unique(first ? `${code}-${provinceCode(province)}` : `${code}-${provinceCode(province)}-${roman}`);
          host = `www.${id}.go.th`;
          if (!first) district = thai;
          break;
        }
      }
      const hasWebsite = rng.chance(KIND_PROFILES[kind].website);
      const mailDomain = hasWebsite ? host.replace(/^www\./, '') : 'mail.go.th';
      const mailbox = (box: string) => (hasWebsite ? `${box}@${mailDomain}` : `${box}.${id}@${mailDomain}`);
      const unit: Unit = {
        id,
        name,
        kind,
        province,
        websites: hasWebsite ? [`https://${host}/`] : [],
        hosts: hasWebsite ? [host] : [],
        contactEmails: rng.chance(0.4) ? [mailbox('saraban'), mailbox('dpo')] : [mailbox('saraban')],
      };
      if (district) unit.district = district;
      if (supervisor) unit.supervisorEmail = supervisor;
      if (rng.chance(KIND_PROFILES[kind].coordinator)) unit.coordinator = mailbox('coordinator');
      // The last crawl: this morning's, from 01:00 (the schedule's hour), before `now`.
      const unreachable = hasWebsite && rng.chance(category === 'local' ? 0.07 : 0.05);
      if (hasWebsite) {
        const at = Math.min(crawlHour + rng.int(1, 300) * 60_000, now.getTime() - 60_000);
        unit.crawl = unreachable
          ? { at: new Date(at).toISOString(), fetched: 0, stored: 0, error: rng.pick(CRAWL_ERRORS(host)) }
          : (() => {
              const fetched = rng.int(4, 300);
              return { at: new Date(at).toISOString(), fetched, stored: rng.int(0, Math.min(fetched, 12)) };
            })();
      }
      // Two in three coordinators were on record before the period; the others came during it.
      const coordinatorSince = rng.chance(2 / 3) ? 0 : rng.float();
      facts.push({ unit, category, activity: hasWebsite ? KIND_PROFILES[kind].activity * exponential(rng) : 0, leakiness: exponential(rng), unreachable, coordinatorSince });
    }
  }
  return facts;
}

/** Mean 1, a long tail: a few units publish (or leak) far more than most. */
const exponential = (rng: Rng): number => -Math.log(1 - rng.float() * 0.9999);

// ---------------------------------------------------------------------------------------------
// The documents of the period, and their leak rate.

/** The leak rate of the first month the dashboard's trend shows (the PDPC's first, about 31%), and of the last (under 2%). */
const FIRST_RATE = 0.31;
const LAST_RATE = 0.015;
/** Months the dashboard's trend shows. */
const TREND_MONTHS = 12;

/**
 * Each day's documents and the cases among them: documents grow threefold over the period as the
 * crawl reaches more sites (a third as many at weekends); the leak rate falls month by month,
 * exponentially, from FIRST_RATE in the first month of the dashboard's trend (or of the period,
 * when shorter) to LAST_RATE in this month.
 */
function dailyPlan(days: readonly string[], cases: number, rng: Rng): Array<{ documents: number; cases: number }> {
  const last = days.length - 1;
  const trend = [...new Set(days.map(monthOf))].slice(-TREND_MONTHS);
  const rate = (day: string) => {
    const m = trend.indexOf(monthOf(day));
    if (trend.length === 1) return LAST_RATE;
    return m <= 0 ? FIRST_RATE : FIRST_RATE * (LAST_RATE / FIRST_RATE) ** (m / (trend.length - 1));
  };
  const documents = days.map((day, i) => {
    const weekday = new Date(`${day}T00:00:00Z`).getUTCDay();
    return (1 + (2 * i) / Math.max(1, last)) * (weekday === 0 || weekday === 6 ? 0.35 : 1);
  });
  const leaking = documents.map((d, i) => d * rate(days[i]!));
  const perDocument = cases / leaking.reduce((a, b) => a + b, 0);
  const casesPerDay = allocate(cases, leaking);
  // Today has a case at least: the month just begun shows a leak rate.
  if (cases > 0 && casesPerDay[last] === 0) {
    casesPerDay[casesPerDay.indexOf(Math.max(...casesPerDay))]!--;
    casesPerDay[last] = 1;
  }
  return days.map((_, i) => {
    const expected = documents[i]! * perDocument * (0.9 + 0.2 * rng.float());
    return { documents: Math.max(casesPerDay[i]! + 1, Math.round(expected)), cases: casesPerDay[i]! };
  });
}

/** `total` split in proportion to the weights, in whole numbers adding up to it. */
function allocate(total: number, weights: readonly number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  let acc = 0;
  let given = 0;
  return weights.map((w) => {
    acc += w;
    const upTo = Math.round((acc / sum) * total);
    const n = upTo - given;
    given = upTo;
    return n;
  });
}

/** Picks indexes in proportion to their weights (a cumulative table, searched by halves). */
class Picker {
  private readonly cumulative: number[] = [];
  private readonly indexes: number[] = [];
  constructor(weights: ReadonlyArray<[index: number, weight: number]>) {
    let sum = 0;
    for (const [index, weight] of weights) {
      if (weight <= 0) continue;
      sum += weight;
      this.cumulative.push(sum);
      this.indexes.push(index);
    }
    if (this.indexes.length === 0) throw new Error('nothing to pick from');
  }
  pick(rng: Rng): number {
    const r = rng.float() * this.cumulative.at(-1)!;
    let [lo, hi] = [0, this.cumulative.length - 1];
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.cumulative[mid]! > r) hi = mid;
      else lo = mid + 1;
    }
    return this.indexes[lo]!;
  }
}

// ---------------------------------------------------------------------------------------------
// A leaking document: what the scan finds in it.

type Profile = 'list' | 'ids' | 'winner' | 'form' | 'committee' | 'contacts';
const DOCUMENTS: Record<Category, ReadonlyArray<readonly [name: string, profile: Profile, weight: number]>> = {
  local: [
    ['ประกาศรายชื่อผู้มีสิทธิรับเงินเบี้ยยังชีพผู้สูงอายุ', 'list', 20],
    ['บัญชีรายชื่อผู้มีสิทธิรับเงินเบี้ยความพิการ', 'list', 10],
    ['ประกาศรายชื่อผู้ได้รับความช่วยเหลือผู้ประสบอุทกภัย', 'list', 8],
    ['ประกาศผู้ชนะการเสนอราคา', 'winner', 15],
    ['แบบคำร้องขอรับเงินอุดหนุนเพื่อการเลี้ยงดูเด็กแรกเกิด', 'form', 7],
    ['คำสั่งแต่งตั้งคณะกรรมการตรวจรับพัสดุ', 'committee', 10],
    ['รายงานผลการจ่ายเงินอุดหนุน', 'ids', 10],
    ['รายงานการประชุมสภา', 'contacts', 20],
  ],
  school: [
    ['ประกาศรายชื่อนักเรียนที่ได้รับทุนการศึกษา', 'list', 30],
    ['ประกาศรายชื่อผู้มีสิทธิสอบคัดเลือกเข้าศึกษาต่อ', 'list', 20],
    ['ประกาศผู้ชนะการเสนอราคา', 'winner', 15],
    ['คำสั่งแต่งตั้งคณะกรรมการดำเนินการสอบ', 'committee', 15],
    ['รายงานการจ่ายเงินปัจจัยพื้นฐานนักเรียนยากจน', 'ids', 10],
    ['ทำเนียบผู้ปกครองเครือข่าย', 'contacts', 20],
  ],
  health: [
    ['รายชื่อผู้มารับวัคซีน', 'list', 30],
    ['ประกาศรายชื่อผู้ผ่านการคัดเลือกเป็นลูกจ้างชั่วคราว', 'list', 20],
    ['ประกาศผู้ชนะการเสนอราคา', 'winner', 20],
    ['รายงานผลการตรวจคัดกรองสุขภาพ', 'ids', 10],
    ['ทะเบียนอาสาสมัครสาธารณสุขประจำหมู่บ้าน', 'contacts', 30],
  ],
  office: [
    ['ประกาศรายชื่อผู้ผ่านการคัดเลือก', 'list', 30],
    ['ประกาศผู้ชนะการเสนอราคา', 'winner', 25],
    ['คำสั่งแต่งตั้งคณะกรรมการ', 'committee', 15],
    ['แบบคำขอรับบริการ', 'form', 8],
    ['รายงานผลการเบิกจ่ายเงินสวัสดิการ', 'ids', 10],
    ['ทะเบียนผู้มาติดต่อราชการ', 'contacts', 22],
  ],
};

interface LeakingDocument {
  name: string;
  format: 'pdf' | 'xlsx' | 'docx';
  /** Every finding: leaks, correctly masked ones, regions OCR could not read. */
  findings: Finding[];
}

/** How the document's national IDs are written: in full, with too few digits hidden, or some masked and some not. */
type Masking = 'none' | 'short' | 'mixed';

function leakingDocument(rng: Rng, category: Category, fingerprint: (type: IdentifierType, normalized: string) => string): LeakingDocument {
  const kinds = DOCUMENTS[category];
  const [name, profile] = kinds[Number(rng.weighted(Object.fromEntries(kinds.map(([, , weight], i) => [i, weight]))))]!;
  const format = profile === 'list' && rng.chance(0.3) ? 'xlsx' : profile === 'form' && rng.chance(0.4) ? 'docx' : 'pdf';
  const findings: Finding[] = [];
  const persons = profile === 'list' ? (rng.chance(0.6) ? rng.int(3, 12) : rng.int(13, 40)) : profile === 'committee' || profile === 'ids' ? rng.int(2, 9) : profile === 'contacts' ? rng.int(1, 4) : 1;
  const masking: Masking = profile === 'list' || profile === 'committee' || profile === 'ids' ? rng.weighted({ none: 55, short: 25, mixed: 20 }) : 'none';
  // The digits a 'short' mask hides, at the end: the check digit alone gives itself back.
  const hidden = Number(rng.weighted({ 1: 20, 2: 40, 3: 40 }));
  const withPhones = profile === 'contacts' || (profile === 'list' && rng.chance(0.3)) || ((profile === 'winner' || profile === 'form') && rng.chance(0.65));
  const withAddress = profile === 'winner' || profile === 'form' || (profile === 'list' && rng.chance(0.5));
  const scanned = format === 'pdf' && rng.chance(0.25);
  const where = (row: number, column: string): FindingLocation => {
    const person = `${rng.pick(['นาย', 'นาง', 'นางสาว'])}${rng.pick(PERSON_FIRST)} ${rng.pick(PERSON_LAST)}`;
    const excerpt = `${row + 1} ${person} …${withAddress ? ` ${rng.int(1, 299)} หมู่ ${rng.int(1, 15)}` : ''}`;
    if (format === 'xlsx') return { sheet: 'รายชื่อ', cell: `${column}${row + 2}`, excerpt };
    if (format === 'docx') return { line: 12 + row, excerpt };
    return { page: 1 + Math.floor(row / 25), line: 6 + (row % 25), excerpt };
  };
  const finding = (type: IdentifierType, normalized: string, status: FindingStatus, location: FindingLocation, extra: Partial<Finding> = {}): Finding => {
    const display = displayForm(type, normalized);
    return {
      type,
      status,
      fingerprint: fingerprint(type, normalized),
      display,
      location: { ...location, excerpt: location.excerpt.replace('…', display) },
      confidence: rng.int(90, 99) / 100,
      ...extra,
    };
  };
  for (let row = 0; row < persons; row++) {
    // A report of payments lists IDs and amounts, no names.
    const beside: Finding['beside'] = profile === 'ids' ? undefined : withAddress ? ['name', 'address'] : ['name'];
    if (profile !== 'contacts') {
      const id = drawId(rng).digits;
      const masked = masking === 'mixed' && row > 0 && rng.chance(0.6);
      const normalized = masked ? id.slice(0, 9) + 'XXXX' : masking === 'short' ? id.slice(0, 13 - hidden) + 'X'.repeat(hidden) : id;
      const status: FindingStatus = masked ? 'masked' : masking === 'short' ? 'insufficient' : 'unmasked';
      const extra: Partial<Finding> = { ...(status === 'unmasked' ? { checksumValid: true } : { candidates: nationalIdCandidates(normalized) }), ...(beside && status !== 'masked' && { beside }) };
      findings.push(finding('national_id', normalized, status, where(row, 'C'), extra));
      if (profile === 'form') {
        const laser = drawLaser(rng);
        findings.push(finding('laser_code', `${laser.letters}${laser.digits}`, 'unmasked', where(row, 'D'), beside && { beside }));
      }
    }
    if (withPhones) {
      const phone = drawMobile(rng).digits;
      findings.push(finding('phone', phone, 'unmasked', where(row, 'E'), profile === 'contacts' || !beside ? {} : { beside }));
    }
  }
  // A scan: a number or two OCR could not read, listed apart.
  if (scanned && rng.chance(0.4)) {
    for (let i = rng.int(1, 2); i > 0; i--) {
      const page = rng.int(1, 1 + Math.floor(persons / 25));
      const line = rng.int(6, 30);
      findings.push({
        type: 'national_id',
        status: 'unreadable',
        fingerprint: fingerprint('national_id', `unreadable:p${page}:l${line}:c40`),
        display: unreadableForm('0-0000-00000-00-0'),
        location: { page, line, column: 40, excerpt: `เลขประจำตัวประชาชน ${unreadableForm('0-0000-00000-00-0')}` },
        confidence: 0.5,
      });
    }
  }
  return { name, format, findings };
}

/** What a non-leaking document adds to the figures: masked lists now and then, a region OCR could not read. */
function cleanDocumentCounts(rng: Rng, t: number): Partial<Record<DailyCounter, number>> {
  const masked = rng.chance(0.12 + 0.13 * t) ? rng.int(3, 30) : 0;
  const unreadable = rng.chance(0.02) ? rng.int(1, 3) : 0;
  return { ...(masked && { MaskedIdentifiers: masked }), ...(unreadable && { UnreadableFindings: unreadable }) };
}

/** What a scan adds to its day's figures besides documents and units (exposed, masked, unreadable), as the notify function counts them. */
function scanFigures(counts: FindingsMessage['counts']): Partial<Record<DailyCounter, number>> {
  const { DocumentsScanned: _documents, DocumentsWithLeaks: _leaking, ...rest } = scanCounters({ counts } as FindingsMessage);
  return Object.fromEntries(Object.entries(rest).filter(([, n]) => n)) as Partial<Record<DailyCounter, number>>;
}

// ---------------------------------------------------------------------------------------------
// What happened to each case, as the notify and follow-up functions write it.

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
// The functions' reasons (shared/cases/transitions.ts, shared/cases/follow-up.ts).
const OPENED = 'พบข้อมูลส่วนบุคคลที่ไม่ได้ปิดบัง';
const NOTIFIED = 'แจ้งหน่วยงานทางอีเมลแล้ว';
const ESCALATED = 'ยังเปิดเผยอยู่หลังครบกำหนด แจ้งหน่วยงานกำกับดูแลและ สคส. แล้ว';
const RESCANNED = 'สแกนเอกสารฉบับใหม่แล้วไม่พบข้อมูลที่เปิดเผย';
const REMEDIATED: Record<string, number> = {
  'นำเอกสารออกจากเว็บไซต์แล้ว (HTTP 404)': 50,
  'นำเอกสารออกจากเว็บไซต์แล้ว (HTTP 410)': 5,
  ที่อยู่เดิมไม่ได้เผยแพร่เอกสารแล้ว: 15,
  [RESCANNED]: 30,
};

/** Midnight in Thailand starting a day. */
const thaiMidnight = (day: string): number => Date.parse(`${day}T00:00:00+07:00`);

/**
 * A time on a Thailand day, from `from` to `to` hours; on today, squeezed into the part of the day
 * before `now`, so that nothing happens after it.
 */
function timeOn(day: string, rng: Rng, now: number, from: number, to: number): number {
  const midnight = thaiMidnight(day);
  const offset = (from + rng.float() * (to - from)) * HOUR_MS;
  const latest = now - 60_000;
  if (midnight + offset <= latest) return midnight + offset;
  return midnight + Math.max(0, latest - midnight) * (offset / DAY_MS);
}

const hoursBetween = (from: number, to: number): number => Math.round(((to - from) / HOUR_MS) * 10) / 10;

/** An SES message ID, made from what it names. */
const messageId = (of: string): string => `0100${createHash('sha256').update(of).digest('hex').slice(0, 12)}-${createHash('md5').update(of).digest('hex').slice(0, 8)}-000000`;

// ---------------------------------------------------------------------------------------------
// The figures, as the notify function adds them up.

class Figures {
  readonly items = new Map<string, MetricsItem>();
  private readonly counted = new Set<string>();

  /** Adds counters to the unit's scopes, on the day and in its month (or one of them). */
  add(unit: Unit, day: string, counters: Partial<Record<DailyCounter, number>>, periods: 'day' | 'month' | 'both' = 'both', hours: number[] = []): void {
    for (const scope of scopeKeys({ unitId: unit.id, province: unit.province, kind: unit.kind })) {
      if (periods !== 'month') this.addTo(scope, day, counters, hours);
      if (periods !== 'day') this.addTo(scope, monthKey(monthOf(day)), counters, hours);
    }
  }

  /**
   * A scanned document: its document and its unit counted once a day and once a month (found
   * leaking the same), its identifiers on every scan.
   */
  scan(unit: Unit, day: string, document: string, leaking: boolean, counters: Partial<Record<DailyCounter, number>>): void {
    for (const [period, periods] of [
      [day, 'day'],
      [monthOf(day), 'month'],
    ] as const) {
      const once = (subject: string) => {
        const key = `${subject} ${period}`;
        if (this.counted.has(key)) return false;
        this.counted.add(key);
        return true;
      };
      const firstTime = (subject: string) => ({ checked: once(subject), leaked: leaking && once(`${subject} leaking`) });
      const ofDocument = firstTime(`document ${document}`);
      const ofUnit = firstTime(`unit ${unit.id}`);
      this.add(unit, day, { DocumentsScanned: +ofDocument.checked, DocumentsWithLeaks: +ofDocument.leaked, UnitsChecked: +ofUnit.checked, UnitsWithLeaks: +ofUnit.leaked }, periods);
    }
    this.add(unit, day, counters);
  }

  private addTo(scope: string, period: string, counters: Partial<Record<DailyCounter, number>>, hours: number[]): void {
    const key = `${scope} ${period}`;
    let item = this.items.get(key);
    if (!item) this.items.set(key, (item = { scope, day: period }));
    for (const [name, value] of Object.entries(counters) as Array<[DailyCounter, number]>) if (value) item[name] = (item[name] ?? 0) + value;
    if (hours.length > 0) item.RemediationHours = [...(item.RemediationHours ?? []), ...hours];
  }
}

// ---------------------------------------------------------------------------------------------
// All of it.

export function nationalData(options: NationalDataOptions = {}): NationalData {
  const size = options.units ?? NATIONAL.units;
  const caseCount = options.cases ?? NATIONAL.cases;
  const localCases = options.localCases ?? Math.round((caseCount * NATIONAL.localCases) / NATIONAL.cases);
  const dayCount = options.days ?? NATIONAL.days;
  const now = options.now ?? new Date();
  if (localCases > caseCount) throw new Error(`localCases (${localCases}) is more than cases (${caseCount})`);
  if (!Number.isInteger(dayCount) || dayCount < 1) throw new Error(`days must be a whole number, 1 or more, not ${dayCount}`);
  // Streams of chance of their own: the registry; the plan; each day's documents; each case (its
  // unit, document and fate), so that a case is the same whichever day the data ends on.
  const seed = options.seed ?? 20_561;
  const stream = (purpose: number, n: number) => new Rng((Math.imul(seed ^ 0x9e3779b9, 31) + Math.imul(purpose, 1_000_003) + Math.imul(n, 2_654_435_761 >>> 0)) >>> 0);
  const planRng = stream(2, 0);
  const fingerprint = fingerprinter(FINGERPRINT_KEY);
  const today = thaiDay(now);
  const nowMs = now.getTime();
  const days = Array.from({ length: dayCount }, (_, i) => addDays(today, i - dayCount + 1));

  const facts = registry(stream(1, 0), size, now, today);
  const units = facts.map((f) => f.unit);
  const withWebsite = facts.map((f, i) => [i, f] as const).filter(([, f]) => f.activity > 0);
  const published = new Picker(withWebsite.map(([i, f]) => [i, f.activity]));
  const leaky = (local: boolean) => new Picker(withWebsite.filter(([, f]) => isLocalKind(f.unit.kind) === local).map(([i, f]) => [i, f.activity * f.leakiness]));
  const [localLeaks, otherLeaks] = [leaky(true), leaky(false)];
  const clerks = new Picker(facts.map((f, i) => [i, f.unit.coordinator ? f.activity + 0.2 : 0]));
  /** A unit to pick, reachable on the last day (an unreachable site's crawl got nothing today). */
  const pickUnit = (picker: Picker, day: number, rng: Rng) => {
    let i = picker.pick(rng);
    for (let tries = 0; day === days.length - 1 && facts[i]!.unreachable && tries < 20; tries++) i = picker.pick(rng);
    return i;
  };

  // Exactly `localCases` of the cases are local administrative organisations', in an order of chance.
  const localFlags = Array.from({ length: caseCount }, (_, i) => i < localCases);
  for (let i = localFlags.length - 1; i > 0; i--) {
    const j = planRng.int(0, i);
    [localFlags[i], localFlags[j]] = [localFlags[j]!, localFlags[i]!];
  }

  const figures = new Figures();
  const cases: StoredCase[] = [];
  const plan = dailyPlan(days, caseCount, planRng);
  const last = days.length - 1;
  /** How far into the period a day is, 0 to 1. */
  const progress = (i: number) => (last === 0 ? 1 : i / last);
  let documentNumber = 0;

  for (const [d, day] of days.entries()) {
    const { documents, cases: leakingToday } = plan[d]!;
    // The documents the crawl found leaking: a case each.
    for (let n = 0; n < leakingToday; n++) {
      const k = cases.length;
      const caseRng = stream(4, k);
      cases.push(openCase(k, facts[pickUnit(localFlags[k] ? localLeaks : otherLeaks, d, caseRng)]!, day, caseRng));
    }
    // And the others.
    const rng = stream(3, d);
    for (let n = leakingToday; n < documents; n++) {
      const f = facts[pickUnit(published, d, rng)]!;
      figures.scan(f.unit, day, `d${documentNumber++}`, false, cleanDocumentCounts(rng, progress(d)));
    }
    // Drafts clerks checked before publishing: a few a day, fewer found leaking as the year goes on.
    const checks = Math.max(1, Math.round((size / 2000) * (0.6 + 1.4 * progress(d)) * (documents / Math.max(1, plan[last]!.documents)) * 0.6));
    for (let n = 0; n < checks; n++) {
      const f = facts[clerks.pick(rng)]!;
      const leaked = rng.chance(0.4 - 0.2 * progress(d));
      figures.add(f.unit, day, { ChecksRun: 1, ChecksWithLeaks: +leaked, ChecksMasked: +(leaked && rng.chance(0.85)) });
    }
  }

  /** A case the crawl's document opens on `day`, and everything that happened to it until now. */
  function openCase(k: number, f: UnitFacts, day: string, rng: Rng): StoredCase {
    const { unit } = f;
    const document = leakingDocument(rng, f.category, fingerprint);
    const leaks = document.findings.filter(isLeak);
    const counts = { byTypeAndStatus: countByTypeAndStatus(document.findings), leaks: leaks.length, persons: countPersons(leaks) };
    const { severity, reasons } = caseSeverity(leaks);
    // The crawl runs from 01:00; a document is scanned within hours (now and then, later in the day).
    const opened = rng.chance(0.85) ? timeOn(day, rng, nowMs, 1.1, 7) : timeOn(day, rng, nowMs, 8.5, 17);
    const openedAt = new Date(opened).toISOString();
    const caseId = `case-${k.toString().padStart(5, '0')}`;
    const host = unit.hosts[0]!;
    const [year, month] = day.split('-') as [string, string];
    const file = `${document.name}${rng.chance(0.5) ? ` ปีงบประมาณ ${Number(year) + 543 + (Number(month) >= 10 ? 1 : 0)}` : ''}.${document.format}`;
    const sourceUrl = rng.chance(0.3)
      ? // A CMS that names uploads by their time: a long number in the address, masked where it is shown.
        new URL(`https://${host}/news/doc_download/a_${Math.floor(opened / 1000) - rng.int(3600, 30 * 86_400)}_${k}.${document.format}`).href
      : new URL(`https://${host}/uploads/${Number(year) + 543}/${month}/${encodeURIComponent(file)}`).href;
    const sha = createHash('sha256').update(sourceUrl).digest('hex');
    const scanned = opened - rng.int(5, 90) * 1000;

    const history: CaseEvent[] = [{ state: 'open', at: openedAt, reason: OPENED }];
    const emails: SentEmail[] = [];
    const stored: StoredCase = {
      caseId,
      unitId: unit.id,
      unitName: unit.name,
      kind: unit.kind,
      province: unit.province,
      listing: CASE_LISTING,
      documentId: sourceUrl,
      document: { bucket: INGEST_BUCKET, key: `crawled/${unit.id}/${sha}.${document.format}`, unitId: unit.id, origin: 'crawl', sourceUrl, etag: `"${sha.slice(0, 32)}"`, format: document.format },
      findings: leaks,
      unreadable: document.findings.filter((x) => x.status === 'unreadable'),
      counts,
      severity,
      severityReasons: reasons,
      state: 'open',
      openedAt,
      history,
      emails,
      scannedAt: new Date(scanned).toISOString(),
      version: 1,
    };
    const dayOf = (at: number) => thaiDay(new Date(at));
    figures.scan(unit, day, caseId, true, scanFigures({ ...counts, pagesOcred: 0 }));
    figures.add(unit, day, { CasesOpened: 1 });

    // Told minutes later, unless the notice could not be sent (the PDPC sees it open).
    const notified = opened + rng.int(2, 20) * 60_000;
    const stuck = rng.chance(0.015);
    // What the unit does: takes the document down (or publishes it masked) in time, late, or not at all.
    // Units learn: more take it down in time as the period goes on.
    const learned = progress(days.indexOf(day));
    const fate = rng.weighted({ inTime: 50 + 25 * learned, late: 30 - 12 * learned, never: 20 - 13 * learned });
    const deadline = Date.parse(deadlineAfter(new Date(notified)));
    const remediated = fate === 'inTime' ? opened + (4 + 64 * rng.float() ** 1.5) * HOUR_MS : fate === 'late' ? deadline + HOUR_MS + rng.float() ** 2 * 40 * DAY_MS : Infinity;
    const escalated = deadline + rng.int(1, 59) * 60_000;
    const reason = rng.weighted(REMEDIATED);
    if (stuck || notified > nowMs) return stored;

    const notice: SentEmail = {
      kind: 'notice',
      messageId: messageId(`${caseId} notice`),
      at: new Date(notified).toISOString(),
      to: unit.contactEmails,
      cc: unit.supervisorEmail ? [unit.supervisorEmail] : [],
    };
    const move = (state: StoredCase['state'], at: number, why: string) => {
      history.push({ state, at: new Date(at).toISOString(), reason: why });
      stored.state = state;
      stored.version++;
    };
    move('notified', notified, NOTIFIED);
    emails.push(notice);
    stored.deadline = new Date(deadline).toISOString();
    figures.add(unit, dayOf(notified), { CasesNotified: 1 });
    if (fate !== 'inTime' && escalated <= nowMs) {
      move('escalated', escalated, ESCALATED);
      emails.push({
        kind: 'escalation',
        messageId: messageId(`${caseId} escalation`),
        at: new Date(escalated).toISOString(),
        to: [...(unit.supervisorEmail ? [unit.supervisorEmail] : []), PDPC_EMAIL],
        cc: unit.contactEmails,
      });
      figures.add(unit, dayOf(escalated), { CasesEscalated: 1 });
    }
    if (remediated <= nowMs) {
      move('remediated', remediated, reason);
      const hours = hoursBetween(opened, remediated);
      figures.add(unit, dayOf(remediated), { CasesRemediated: 1 }, 'both', [hours]);
      if (reason === RESCANNED) {
        // Published again, masked: the new version is a scan of the same document.
        stored.scannedAt = new Date(remediated - 60_000).toISOString();
        const masked = leaks.filter((x) => x.type !== 'phone').length;
        figures.scan(unit, dayOf(remediated), caseId, false, masked ? { MaskedIdentifiers: masked } : {});
      }
    }
    return stored;
  }

  // The registry as the planner counted it with each month's last crawl, and now.
  const registryItems = [...new Set(days.map(monthOf))].flatMap((month) => {
    if (month === monthOf(today)) return registryFigures(units, now);
    const lastDay = days.filter((day) => monthOf(day) === month).at(-1)!;
    const then = progress(days.indexOf(lastDay));
    const countedAt = new Date(`${lastDay}T01:00:00+07:00`);
    return registryFigures(facts.map(({ unit, coordinatorSince }) => (unit.coordinator && coordinatorSince > then ? { ...unit, coordinator: undefined } : unit)) as Unit[], countedAt);
  });
  return { units, metrics: [...figures.items.values()], registry: registryItems, cases, today, days, now };
}

// ---------------------------------------------------------------------------------------------
// Loading it into the local stack's tables.

/** The tables and indexes the data goes into, as startLocalAws takes them (the stack's names). */
export const NATIONAL_TABLES = {
  tables: { units: ['id'], cases: ['caseId'], metrics: ['scope', 'day'] },
  indexes: { cases: CASE_INDEXES, metrics: { [METRICS_BY_DAY_INDEX]: ['day', 'scope'] } },
} satisfies Pick<LocalAwsOptions, 'tables' | 'indexes'>;

/** Puts the units, the figures (the registry's with them) and the cases, `lanes` batches at a time. */
export async function loadNationalData(
  db: DynamoDBDocumentClient,
  data: Pick<NationalData, 'units' | 'metrics' | 'registry' | 'cases'>,
  tables: { units: string; metrics: string; cases: string } = { units: 'units', metrics: 'metrics', cases: 'cases' },
  lanes = 8,
): Promise<void> {
  const load = async (table: string, items: readonly object[]) => {
    const size = Math.ceil(items.length / lanes);
    await Promise.all(Array.from({ length: lanes }, (_, i) => putItems(db, table, items.slice(i * size, (i + 1) * size))));
  };
  await load(tables.units, data.units);
  await load(tables.metrics, [...data.metrics, ...data.registry]);
  await load(tables.cases, data.cases);
}

/** The local dashboard over the loaded data, with nothing to crawl, follow up or mail: what the bench measures and the browser test drives. */
export const nationalDashboard = (db: DynamoDBDocumentClient, s3: S3Client) =>
  startDashboard({
    port: 0,
    db,
    tables: { cases: 'cases', metrics: 'metrics', units: 'units' },
    s3,
    bucket: 'none',
    mailboxUrl: 'http://127.0.0.1:1/',
    runCrawl: async () => ({}),
    runFollowUp: async () => ({}),
  });

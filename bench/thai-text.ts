// Generated Thai text shaped like what agencies publish, for benchmarks. Deterministic.
//
// Two kinds of documents:
// - ordinary publications (announcements, minutes, budget and procurement notices): prose with
//   the numbers that look like identifiers but are not (dates, amounts, office and fax numbers,
//   company tax IDs, product barcodes, long references);
// - lists of persons (allowance, relief, scholarship lists): a header row and rows with national
//   IDs and phones in every written form, partly masked, partly insufficiently masked.
// `listShare` is the share of bytes in lists: the density of identifiers follows from it.
import { nationalIdCheckDigit } from '../shared/detect/national-id.ts';
import { seededRandom } from '../tools/random.ts';

const WORDS =
  'ประกาศ องค์การบริหารส่วนตำบล เทศบาล เรื่อง บัญชีรายชื่อ ผู้สูงอายุ เบี้ยยังชีพ ประจำปีงบประมาณ ได้ดำเนินการ ตรวจสอบคุณสมบัติ เรียบร้อยแล้ว จึงประกาศ ให้ทราบโดยทั่วกัน ตามระเบียบกระทรวงมหาดไทย ว่าด้วย หลักเกณฑ์ การจ่ายเงิน และที่แก้ไขเพิ่มเติม ผู้มีสิทธิ ยื่นคำคัดค้าน ภายใน วัน นับแต่วันประกาศ สมาชิกสภา ที่ประชุม รับทราบ มติ อนุมัติ โครงการ ก่อสร้าง ถนน คอนกรีต หมู่ที่ ตำบล อำเภอ จังหวัด'.split(
    ' ',
  );
const NAMES = 'นางสมศรี ใจดี|นายบุญมี ศรีสุข|นางสาวมาลี วงศ์ทอง|นายสมบัติ แก้วมณี|นางทองใบ พรหมมา|นายประสิทธิ์ คำดี'.split('|');

export function generateThaiText(targetBytes: number, listShare: number, seed = 42): string {
  const rand = seededRandom(seed);
  const pick = <T>(a: readonly T[]): T => a[Math.floor(rand() * a.length)]!;
  const digits = (n: number) => Array.from({ length: n }, () => Math.floor(rand() * 10)).join('');
  const thai = (s: string) => s.replace(/\d/g, (d) => String.fromCharCode(0x0e50 + Number(d)));
  const dashed = (v: string) => `${v[0]}-${v.slice(1, 5)}-${v.slice(5, 10)}-${v.slice(10, 12)}-${v[12]}`;
  const id = () => {
    const first12 = `${1 + Math.floor(rand() * 8)}${pick(['10', '30', '34', '50', '65', '90'])}${digits(9)}`;
    return first12 + nationalIdCheckDigit(first12);
  };
  const writtenId = (v: string): string =>
    pick([
      () => v,
      () => dashed(v),
      () => thai(dashed(v)),
      () => v.split('').join(' '),
      () => `XXXX${v.slice(4)}`,
      () => `x-xxxx-${v.slice(5, 10)}-${v.slice(10, 12)}-${v[12]}`,
      () => `${v.slice(0, 10)}xxx`,
    ])();
  const phone = () => {
    const v = pick(['08', '09', '06']) + digits(8);
    return pick([() => `${v.slice(0, 3)}-${v.slice(3, 6)}-${v.slice(6)}`, () => v, () => `${v.slice(0, 6)}XXXX`, () => `${v.slice(0, 7)}xxx`, () => thai(v), () => '-'])();
  };
  const prose = () => Array.from({ length: 8 + Math.floor(rand() * 20) }, () => pick(WORDS)).join(rand() < 0.5 ? ' ' : '');
  const decoy = () =>
    pick([
      () => `เลขประจำตัวผู้เสียภาษี 0${digits(12)}`,
      () => `บาร์โค้ด 885${digits(10)}`,
      () => `เลขที่อ้างอิง ${digits(16)}`,
      () => `จำนวนเงิน ${digits(3)},${digits(3)}.00 บาท`,
      () => `วันที่ ${1 + Math.floor(rand() * 28)} มกราคม ${thai('2568')}`,
      () => `สอบถามได้ที่ โทร. 0-${digits(4)}-${digits(4)} โทรสาร 0-${digits(4)}-${digits(4)} ในวันและเวลาราชการ`,
      () => `ที่ มท ${thai('0810')}.${digits(1)}/ว ${digits(4)} ลงวันที่ ${digits(1)} มีนาคม ${thai('2568')}`,
    ])();
  const publication = (): string[] => Array.from({ length: 10 + Math.floor(rand() * 40) }, () => (rand() < 0.7 ? prose() : `${prose()} ${decoy()}`));
  const list = (): string[] => {
    const rows = [`ประกาศ${prose()}`, 'ลำดับ | ชื่อ - สกุล | เลขประจำตัวประชาชน | บ้านเลขที่ | หมู่ที่ | โทรศัพท์ | จำนวนเงิน (บาท)', '-'.repeat(60)];
    const n = 20 + Math.floor(rand() * 180);
    for (let i = 1; i <= n; i++) rows.push(`${i} | ${pick(NAMES)} | ${writtenId(id())} | ${Math.floor(rand() * 300)} | ${1 + Math.floor(rand() * 15)} | ${phone()} | 600.00`);
    rows.push(`รวมทั้งสิ้น ${n} ราย`, '');
    return rows;
  };

  const parts: string[] = [];
  let size = 0;
  let listBytes = 0;
  while (size < targetBytes) {
    // Keep the share of list bytes where it was asked to be.
    const lines = listShare > 0 && listBytes <= listShare * size ? list() : publication();
    const bytes = lines.reduce((sum, l) => sum + Buffer.byteLength(l) + 1, 0);
    if (lines[1]?.includes('เลขประจำตัวประชาชน')) listBytes += bytes;
    parts.push(...lines);
    size += bytes;
  }
  return parts.join('\n');
}

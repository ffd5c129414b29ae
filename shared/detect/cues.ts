// Words around a number that say what it is. Thai has no spaces between words, so cues are
// substrings, not \b-delimited words. Each cue belongs to one kind; the detector looks for the
// kind nearest to the number (a label right before a number describes it, an earlier one in the
// same line usually describes something else).

import { foldThai } from '../thai.ts';

export type CueKind =
  | 'idLabel' // the number is a national ID
  | 'taxLabel' // a tax ID: a person's national ID if it starts with 1–8, a company's if with 0
  | 'notPersonalNumber' // product codes, references, accounts, budget codes, serials
  | 'juristic' // a company or other juristic person
  | 'office' // the agency's own office, fax, department or hotline
  | 'personal' // a person: the applicant, a relative, a named person
  | 'personalPhone' // a person's own line: mobile, home (a phone label and whose it is at once)
  | 'recipient' // a party of the document (winner, recipient, address): a person or a company
  | 'phoneLabel' // "telephone": says it is a phone, not whose
  | 'bank' // bank account numbers look like phone numbers
  | 'laserLabel'; // the code on the back of the ID card

const NOT_PLACE = '(?<!(?:ตำบล|อำเภอ|จังหวัด|บ้าน|หมู่บ้าน|ต\\.|อ\\.|จ\\.) ?)';

const CUES: Record<CueKind, string[]> = {
  idLabel: [
    'เลขประจำตัวประชาชน',
    'เลขบัตรประชาชน',
    'เลขที่บัตรประชาชน',
    'บัตรประจำตัวประชาชน',
    'บัตรประชาชน',
    'เลขบัตรประจำตัว',
    'เลขประจำตัว ?13 ?หลัก',
    'เลข ?13 ?หลัก',
    'ผู้ถือบัตร',
    'ประจำตัวประชาชน',
    'เลขบัตร',
    // "identification number" alone, as table headers split over lines leave it; not a
    // taxpayer's, student's, patient's or employee's number.
    'เลขประจำตัว(?! ?(?:ผู้เสียภาษี|นักเรียน|นักศึกษา|ผู้ป่วย|ข้าราชการ|พนักงาน|ลูกจ้าง|สมาชิก|ผู้ประกันตน))',
    'เลขที่บัตร',
    'เลข ?ปชช',
    'รหัส ?ปชช',
    'ปชช\\.',
    'citizen ?id',
    'national ?id',
    'id ?card',
    'personal ?id',
    'thai ?id',
    '\\bid ?(?:no\\b\\.?|number|#)',
    'identification ?(?:no\\b\\.?|number|#)',
    '\\bpid\\b',
    '\\bt?nin\\b',
  ],
  taxLabel: ['ผู้เสียภาษี', 'tax ?id', '\\btaxpayer\\b'],
  notPersonalNumber: [
    'บาร์โค้ด',
    'บาร์โค๊ด',
    'barcode',
    '\\bean\\b',
    '\\bgtin\\b',
    'รหัสสินค้า',
    'สินค้า',
    'เลขที่ใบ',
    'ใบแจ้งหนี้',
    'ใบเสร็จ',
    'ใบส่งของ',
    'ใบกำกับ',
    'ใบสั่ง',
    'อ้างอิง',
    'ref\\b',
    '\\breference\\b',
    'เลขที่โครงการ',
    'โครงการเลขที่',
    'เลขคุม',
    'สัญญาเลขที่',
    'เลขที่สัญญา',
    'e[-\\u2010\\u2011]?gp',
    'รหัสบัญชี',
    'รหัสงบประมาณ',
    'รหัสแผน',
    'แผนงาน',
    'งบประมาณรหัส',
    'เลขที่เช็ค',
    'เช็ค',
    '\\bbatch\\b',
    'ล็อต',
    'lot\\b',
    'ครุภัณฑ์',
    '\\bserial\\b',
    's/n',
    'หมายเลขเครื่อง',
    'รหัสเครื่อง',
    'เลขเครื่อง',
    'ผู้ใช้ไฟ',
    'ผู้ใช้น้ำ',
    'รหัสลูกค้า',
    '\\bcustomer\\b',
    'เลขที่ผู้ใช้',
    'เลขที่หนังสือ',
    '\\binvoice\\b',
    '\\border\\b',
    'รหัสไปรษณีย์',
    'พัสดุ',
    '\\btracking\\b',
    // Numbers an office gives a request or an application: often a year then a sequence.
    'เลขที่รับ',
    'เลขรับ',
    'รับเรื่องเลขที่',
    'เลขที่คำขอ',
    'คำขอเลขที่',
    'เลขที่คำร้อง',
    'คำร้องเลขที่',
    'เลขที่ใบสมัคร',
    'application ?no',
    '\\breceipt\\b',
  ],
  juristic: ['บริษัท', 'บจก', 'บมจ', 'หจก', 'ห้างหุ้นส่วน', 'จำกัด', 'นิติบุคคล', 'สหกรณ์', 'มูลนิธิ', 'สมาคม', 'co\\.?,? ?ltd', '\\bcompany\\b', '\\blimited\\b', 'corporation'],
  office: [
    'สำนักงาน',
    'โทรสาร',
    'แฟกซ์',
    'แฟ็กซ์',
    '\\bfax\\b',
    'ในวันและเวลาราชการ',
    'เวลาราชการ',
    'ติดต่อหน่วยงาน',
    'หน่วยงาน',
    'สายด่วน',
    'hotline',
    'call ?center',
    'ศูนย์บริการ',
    'ศูนย์ดำรงธรรม',
    'กองคลัง',
    'กองช่าง',
    'กองการศึกษา',
    'กองสวัสดิการ',
    'กองสาธารณสุข',
    'สำนักปลัด',
    'งานธุรการ',
    'งานพัสดุ',
    'ติดต่อสอบถาม',
    'สอบถามรายละเอียด',
    'สอบถามเพิ่มเติม',
    'องค์การบริหารส่วน',
    'เทศบาล',
    'อบต\\.',
    'อบจ\\.',
    'ที่ทำการ',
    '\\boffice\\b',
    'ต่อ ?[0-9๐-๙]',
    'ext\\.?',
  ],
  personal: [
    'ส่วนตัว',
    'ที่บ้าน',
    'ผู้ร้อง',
    'ผู้ขอ',
    'ผู้ยื่น',
    'ผู้สมัคร',
    'ผู้ปกครอง',
    'ผู้ประสานงาน',
    'ผู้ติดต่อ',
    'ผู้แจ้ง',
    // Council members and officers are persons even when their title names the agency.
    '(?:สมาชิก|รองประธาน|ประธาน|เลขานุการ)สภา ?(?:เทศบาล(?:ตำบล|เมือง|นคร)?|องค์การบริหารส่วน(?:ตำบล|จังหวัด)|อบต\\.?|อบจ\\.?)?',
    'ญาติ',
    'บิดา',
    'มารดา',
    // Name titles, but not inside place names (ตำบลนางรอง, อำเภอนายายอาม) or the mayor's title.
    `${NOT_PLACE}(?:นางสาว|นาง(?!าน)|นาย(?!ก ?(?:เทศมนตรี|องค์การ|อบ|สมาคม|รัฐมนตรี)))`,
    'เด็กชาย',
    'เด็กหญิง',
    'ด\\.ช\\.',
    'ด\\.ญ\\.',
    '\\bmr\\b\\.?',
    '\\bmrs\\b\\.?',
    '\\bms\\b\\.?',
    '\\bmiss\\b',
  ],
  personalPhone: ['มือถือ', 'โทรศัพท์บ้าน', 'เบอร์บ้าน', 'โทร\\.? ?บ้าน', '\\bmobile\\b', '\\bcell\\b', '\\bhome\\b'],
  recipient: ['ที่อยู่', 'บ้านเลขที่', 'ผู้ได้รับ', 'ผู้รับ', 'ผู้มีสิทธิ', 'ผู้ชนะ', 'ผู้เสนอราคา', 'ผู้ขาย', 'ผู้รับจ้าง'],
  phoneLabel: ['โทรศัพท์', 'โทร\\.?', 'เบอร์', 'หมายเลขติดต่อ', '\\btel\\b\\.?', '\\bphone\\b', '\\btelephone\\b', 'line ?id'],
  bank: ['บัญชี', 'ธนาคาร', 'ธ\\.ก\\.ส', 'พร้อมเพย์', 'promptpay', '\\baccount\\b', 'a/c'],
  laserLabel: ['เลเซอร์', '\\blaser\\b', 'หลังบัตร', 'รหัสหลังบัตร'],
};

const KINDS = Object.keys(CUES) as CueKind[];

/**
 * Thai letters the OCR page engine reads one for another, as their glyphs differ by a loop, a
 * notch or a tail (เลขที่คำขอ read as เสขที่ดำขอ, ประชาชน as ประธาชน). In OCR text each is
 * matched as the first of its group, in the cues as in the text.
 */
const OCR_LOOKALIKES = ['คดต', 'ลส', 'ขยช', 'ธร', 'บป', 'ผพฟฝ', 'ถภ'];
const OCR_LETTER = new Map(OCR_LOOKALIKES.flatMap((group) => [...group].map((letter) => [letter, group[0]!] as const)));
const OCR_LETTERS = new RegExp(`[${OCR_LOOKALIKES.join('')}]`, 'g');
const foldOcr = (folded: string): string => folded.replace(OCR_LETTERS, (letter) => OCR_LETTER.get(letter)!);

// Cues are matched on folded text (no tone marks, no spaces between Thai letters), so the
// patterns are folded the same way.
// One alternation with a named group per kind; longer alternatives first so that
// "เลขประจำตัวประชาชน" wins over "บัตรประชาชน" at the same place.
const cueExpression = (fold: (pattern: string) => string): RegExp =>
  new RegExp(
    KINDS.map(
      (kind) =>
        `(?<${kind}>${CUES[kind]
          .map(fold)
          .sort((a, b) => b.length - a.length)
          .join('|')})`,
    ).join('|'),
    'gi',
  );
const CUE_RE = cueExpression(foldThai);
const OCR_CUE_RE = cueExpression((pattern) => foldOcr(foldThai(pattern)));

export interface Cue {
  kind: CueKind;
  /** Offset of the cue's end within the searched text. */
  end: number;
}

/** Every cue in `text`, in order; in text read by OCR (`ocr`), whichever lookalike letters it was read with. */
export function findCues(raw: string, ocr = false): Cue[] {
  const text = ocr ? foldOcr(foldThai(raw)) : foldThai(raw);
  const expression = ocr ? OCR_CUE_RE : CUE_RE;
  const cues: Cue[] = [];
  expression.lastIndex = 0;
  for (let m = expression.exec(text); m; m = expression.exec(text)) {
    const groups = m.groups!;
    const kind = KINDS.find((k) => groups[k] !== undefined)!;
    cues.push({ kind, end: m.index + m[0].length });
  }
  return cues;
}

/** The last cue of one of `kinds` in `text` (the one nearest to a number that follows it). */
export function nearestCue(cues: readonly Cue[], kinds: readonly CueKind[]): CueKind | undefined {
  for (let i = cues.length - 1; i >= 0; i--) if (kinds.includes(cues[i]!.kind)) return cues[i]!.kind;
  return undefined;
}

export const hasCue = (cues: readonly Cue[], kind: CueKind): boolean => cues.some((c) => c.kind === kind);

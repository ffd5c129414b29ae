// Numbers that look like identifiers but are not personal data, each with what says so: a
// company, a barcode, a reference label, a bank, the agency's own office; and plain dates,
// money, postal codes and document references.
import { nationalIdCheckDigit } from '../../shared/detect/national-id.ts';
import type { Ctx, Part, Piece } from './model.ts';
import type { Rng } from './random.ts';
import { type Place, bank, company, month } from './vocabulary.ts';

const thai = (s: string) => s.replace(/\d/g, (d) => String.fromCharCode(0x0e50 + Number(d)));
const group = (digits: string, sizes: number[], sep: string) => {
  const out: string[] = [];
  let at = 0;
  for (const n of sizes) out.push(digits.slice(at, (at += n)));
  return out.join(sep);
};

function eanCheck(first12: string): number {
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(first12[i]) * (i % 2 ? 3 : 1);
  return (10 - (sum % 10)) % 10;
}

/** A decoy number as written, labelled with its kind. */
const decoy = (kind: string, text: string, extra: string[] = []): Piece => ({
  text,
  decoy: { kind, value: text.replace(/[๐-๙]/g, (d) => String(d.charCodeAt(0) - 0x0e50)).replace(/\D/g, ''), tags: [`decoy:${kind}`, ...extra] },
});

export const companyTaxId = (rng: Rng): Part[] => {
  const first12 = '0' + rng.digits(11);
  const id = first12 + nationalIdCheckDigit(first12);
  const text = rng.chance(0.5) ? id : group(id, [1, 4, 5, 2, 1], '-');
  return [`${company(rng)} ${rng.pick(['เลขประจำตัวผู้เสียภาษี', 'เลขทะเบียนนิติบุคคล', 'Tax ID'])} `, decoy('company-tax-id', text)];
};

export const ean13 = (rng: Rng): Part[] => {
  const first12 = '885' + rng.digits(9);
  return [`${rng.pick(['บาร์โค้ด', 'รหัสสินค้า', 'Barcode', 'EAN'])} `, decoy('ean13', first12 + eanCheck(first12))];
};

/** Order, invoice, project and other reference numbers, some shaped like IDs or phones. */
export const reference = (rng: Rng): Part[] => {
  const label = rng.pick(['เลขที่ใบสั่งซื้อ', 'เลขที่อ้างอิง', 'ใบแจ้งหนี้เลขที่', 'เลขที่โครงการ', 'เลขคุมสัญญา', 'e-GP เลขที่', 'Ref.', 'Order No.', 'เลขที่สัญญา']);
  const shape = rng.pick(['egp', 'phone-like', 'id-like', 'short']);
  const first12 = String(rng.int(1, 8)) + rng.digits(11);
  const digits =
    shape === 'egp'
      ? `6${rng.int(5, 8)}0${rng.digits(8)}`
      : shape === 'phone-like'
        ? `0${rng.pick(['8', '9', '6'])}${rng.digits(8)}`
        : shape === 'id-like'
          ? first12 + nationalIdCheckDigit(first12)
          : rng.digits(rng.int(6, 9));
  return [`${label} `, decoy('reference', digits, [`reference:${shape}`])];
};

export const bankAccount = (rng: Rng): Part[] => {
  const digits = rng.digits(10);
  const text = rng.chance(0.7) ? group(digits, [3, 1, 5, 1], '-') : digits;
  return [`${bank(rng)} ${rng.pick(['บัญชีเลขที่', 'เลขที่บัญชี', 'สาขา ชื่อบัญชี เลขที่บัญชี'])} `, decoy('bank-account', text)];
};

export const date = (rng: Rng): Part => {
  const d = rng.int(1, 28);
  const y = rng.int(2560, 2569);
  const text = rng.pick([`${d} ${month(rng)} ${y}`, thai(`${d} ${month(rng)} ${y}`), `${d}/${rng.int(1, 12)}/${y}`, `${y - 543}-0${rng.int(1, 9)}-${String(d).padStart(2, '0')}`]);
  return decoy('date', text);
};

export const money = (rng: Rng): Part => {
  const n = rng.int(1_000, 9_999_999);
  const text = `${n.toLocaleString('en-US')}.${rng.pick(['00', '50'])} บาท`;
  return decoy('money', rng.chance(0.2) ? thai(text) : text);
};

export const postal = (place: Place): Piece => decoy('postal-code', place.postal);

/** The agency's own numbers: office, fax, office hours. */
export const officePhone = (rng: Rng, place: Place): Part[] => {
  const digits = place.area + rng.digits(9 - place.area.length);
  const text = rng.pick([group(digits, [1, 4, 4], '-'), group(digits, [3, 3, 3], '-'), group(digits, [place.area.length, 9 - place.area.length], ' '), digits]);
  const label = rng.pick(['โทรศัพท์สำนักงาน', 'โทรสาร', 'ติดต่อสอบถามได้ในวันและเวลาราชการ โทร.', 'สำนักปลัด โทร.', 'กองคลัง โทรศัพท์', 'Fax']);
  return [`${label} `, decoy('office-phone', rng.chance(0.2) ? thai(text) : text)];
};

export const docReference = (rng: Rng): Part => {
  const text = rng.pick([`ที่ มท ${thai(`0810.${rng.int(1, 9)}`)}/ว ${thai(String(rng.int(100, 9999)))}`, `ที่ ขก ${thai(`7${rng.digits(4)}`)}/${thai(String(rng.int(100, 999)))}`]);
  return decoy('document-reference', text);
};

/** 14 to 18 digits: receipt and transaction numbers hold 13-digit windows that are not IDs. */
export const longReference = (rng: Rng): Part[] => [rng.pick(['เลขที่รับ ', 'รหัสอ้างอิงการชำระ ', 'Transaction ', '']), decoy('long-reference', String(rng.int(1, 9)) + rng.digits(rng.int(13, 17)))];

/** A company's own number is not personal data. */
export const companyPhone = (rng: Rng): Part[] => {
  const digits = rng.chance(0.5) ? '02' + rng.digits(7) : '08' + rng.digits(8);
  return [`${company(rng)} โทร. `, decoy('company-phone', group(digits, digits.length === 9 ? [2, 3, 4] : [3, 3, 4], '-'))];
};

/** An application number, far below a "copy of the ID card" line: not the ID. */
export const applicationNumber = (rng: Rng): Part[] => {
  const digits = `${rng.int(2560, 2569)}${rng.digits(9)}`;
  return [rng.pick(['เลขที่คำขอ ', 'เลขที่รับเรื่อง ', 'คำขอเลขที่ ']), decoy('application-number', digits)];
};

/** A few decoys of any kind, for a footer or a paragraph. */
export function anyDecoys(ctx: Ctx, place: Place, n: number): string[] {
  const makers: Array<() => Part[]> = [
    () => companyTaxId(ctx.rng),
    () => ean13(ctx.rng),
    () => reference(ctx.rng),
    () => bankAccount(ctx.rng),
    () => ['ลงวันที่ ', date(ctx.rng)],
    () => ['เป็นเงิน ', money(ctx.rng)],
    () => ['รหัสไปรษณีย์ ', postal(place)],
    () => officePhone(ctx.rng, place),
    () => [docReference(ctx.rng)],
    () => longReference(ctx.rng),
    () => companyPhone(ctx.rng),
  ];
  return Array.from({ length: n }, () => ctx.line(ctx.rng.pick(makers)()));
}

import { describe, expect, it } from 'vitest';
import { isValidNationalId, nationalIdCheckDigit, hasPersonalIdShape } from '../../shared/detect/national-id.ts';
import { dashed, detect, key, keys, toFullWidthDigits, toThaiDigits, withCheckDigit, withWrongCheckDigit } from '../helpers.ts';

const ID = withCheckDigit('110170020703'); // 1101700207030
const ID2 = withCheckDigit('367140350776');

describe('national ID check digit', () => {
  it('follows (11 − Σ dᵢ·(14−i) mod 11) mod 10', () => {
    expect(nationalIdCheckDigit('110170020703')).toBe(0);
    expect(isValidNationalId('1101700207030')).toBe(true);
    expect(isValidNationalId('1101700207031')).toBe(false);
    expect(isValidNationalId('110170020703')).toBe(false);
  });

  it('checks the type digit and the province code of visible digits', () => {
    expect(hasPersonalIdShape('1101700207030')).toBe(true);
    expect(hasPersonalIdShape('1881700207030')).toBe(false); // 88 is no province
    expect(hasPersonalIdShape('9101700207030')).toBe(false);
    expect(hasPersonalIdShape('X8X1700207030')).toBe(true);
  });
});

describe('national IDs in text', () => {
  const unmasked = key('national_id', 'unmasked', ID);

  it.each([
    ['plain', `รายชื่อ ${ID} รับเงิน`],
    ['dashed', `รายชื่อ ${dashed(ID)} รับเงิน`],
    ['spaced groups', `รายชื่อ ${dashed(ID).replace(/-/g, ' ')} รับเงิน`],
    ['dotted groups', `รายชื่อ ${dashed(ID).replace(/-/g, '.')} รับเงิน`],
    ['one digit per box', `เลขประจำตัวประชาชน ${ID.split('').join(' ')}`],
    ['boxes with group gaps', `เลขประจำตัวประชาชน ${dashed(ID).split('').join(' ')}`],
    ['Thai digits', `ผู้ร้อง ${toThaiDigits(dashed(ID))} บ้านเลขที่ ๒๑`],
    ['full-width digits', `ผู้ร้อง ${toFullWidthDigits(ID)}`],
    ['zero-width spaces inside', `ผู้ร้อง ${ID.slice(0, 5)}\u200B${ID.slice(5)}`],
    ['no-break spaces between groups', `ผู้ร้อง ${dashed(ID).replace(/-/g, '\u00A0')}`],
    ['glued to Thai letters', `เลขที่${ID}โทร`],
    ['label on the line above', `เลขประจำตัวประชาชน\n${ID}`],
  ])('finds an unmasked ID: %s', (_, text) => {
    expect(keys(detect(text))).toEqual([unmasked]);
  });

  it('gives checksumValid and a display with at most 4 digits', () => {
    const [f] = detect(`เลขประจำตัวประชาชน ${dashed(ID)}`);
    expect(f!.checksumValid).toBe(true);
    expect(f!.display).toBe('X-XXXX-XXXX7-03-0');
    expect(f!.display.replace(/\D/g, '').length).toBeLessThanOrEqual(4);
    expect(f!.confidence).toBeGreaterThan(0.9);
  });

  it('reports a failed check digit under an explicit ID label, with lower confidence', () => {
    const typo = withWrongCheckDigit('110170020703');
    const [f] = detect(`เลขประจำตัวประชาชน ${dashed(typo)}`);
    expect(f).toMatchObject({ type: 'national_id', status: 'unmasked', checksumValid: false });
    expect(f!.confidence).toBeLessThan(0.7);
    expect(detect([{ text: typo, location: { cell: 'C2' }, header: 'เลขบัตรประชาชน' }])).toHaveLength(1);
  });

  it('ignores a failed check digit without an ID label (reference and bill numbers)', () => {
    expect(detect(`ใบแจ้งหนี้เลขที่ ${withWrongCheckDigit('172070794737')}`)).toEqual([]);
    expect(detect(`รหัส ${withWrongCheckDigit('280084176893')} แผนงานเคหะ`)).toEqual([]);
  });

  it('never takes a 13-digit window inside a longer number', () => {
    expect(detect(`อ้างอิงธนาคาร 9${ID}`)).toEqual([]);
    expect(detect(`หมายเลขครุภัณฑ์ ${ID}4417`)).toEqual([]);
  });

  it('rejects EAN-13 product codes by context, even when the check digit passes', () => {
    // 8 then 90: a valid province code, so only the context tells.
    const ean = withCheckDigit('890123456789');
    expect(isValidNationalId(ean)).toBe(true);
    expect(detect(`บาร์โค้ด ${ean} ซองน้ำตาล`)).toEqual([]);
    expect(detect([{ text: ean, location: { cell: 'B2' }, header: 'บาร์โค้ด (EAN-13)' }])).toEqual([]);
  });

  it('rejects Thai EAN-13 codes (GS1 prefix 885) without an ID label', () => {
    const ean = withCheckDigit('885819463397');
    expect(detect(`${ean} ซองน้ำตาล A4`)).toEqual([]);
    expect(detect(`เลขประจำตัวประชาชน ${ean}`)).toHaveLength(1);
  });

  it('treats 0-prefixed numbers as juristic tax IDs unless a personal-ID label says otherwise', () => {
    const tax = withCheckDigit('010553600012');
    expect(detect(`บริษัท ก จำกัด เลขประจำตัวผู้เสียภาษี ${tax}`)).toEqual([]);
    expect(detect(`เลขทะเบียน ${tax}`)).toEqual([]);
    const stateless = withCheckDigit('038890012345');
    const [f] = detect(`นายหม่อง (บุคคลไม่มีสถานะ) เลขประจำตัวประชาชน ${stateless}`);
    expect(f).toMatchObject({ type: 'national_id', status: 'unmasked' });
    expect(f!.confidence).toBeLessThanOrEqual(0.6);
    expect(detect(`บริษัท ข จำกัด เลขประจำตัวประชาชน ${stateless}`)).toEqual([]);
  });

  it("counts a person's tax ID (type 1–8) as their national ID", () => {
    expect(keys(detect(`ผู้ชนะ นางสาวศิริรัตน์ (เลขประจำตัวผู้เสียภาษี ${dashed(ID2)})`))).toEqual([key('national_id', 'unmasked', ID2)]);
  });

  it('needs a known grouping or a label for separated digits', () => {
    // 3+3+4+3: a phone followed by an amount, not an ID
    expect(detect(`โทร 081 234 5678 800 บาท`).map((f) => f.type)).toEqual(['phone']);
  });

  it('finds several IDs in one cluster of boxes and numbers', () => {
    const text = `${ID} ${ID2}`;
    expect(keys(detect(text)).sort()).toEqual([key('national_id', 'unmasked', ID), key('national_id', 'unmasked', ID2)].sort());
  });
});

describe('hostile text', () => {
  it('reads a million-digit run and a hundred thousand boxes without failing', () => {
    expect(detect('1'.repeat(1_000_000))).toEqual([]);
    expect(() => detect(`เลขประจำตัวประชาชน ${'1 '.repeat(100_000)}`)).not.toThrow();
  });
});

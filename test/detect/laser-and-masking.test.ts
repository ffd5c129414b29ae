import { describe, expect, it } from 'vitest';
import { maskStatus, displayForm } from '../../shared/masking.ts';
import { dashed, detect, key, keys, withCheckDigit } from '../helpers.ts';

const ID = withCheckDigit('351170594123');

describe('laser codes', () => {
  it.each([
    ['standard', 'เลขหลังบัตร JT0-1234567-89'],
    ['spaced', 'เลขหลังบัตร JT0 1234567 89'],
    ['plain', 'Laser ID JT0123456789'],
  ])('finds a laser code: %s', (_, text) => {
    expect(keys(detect(text))).toEqual([key('laser_code', 'unmasked', 'JT0123456789')]);
  });

  it('masks by the hidden digits, letters aside', () => {
    expect(keys(detect('หลังบัตร JT0-xxxxxxx-89'))).toEqual([key('laser_code', 'masked', 'JT0XXXXXXX89')]);
    expect(keys(detect('หลังบัตร JT0-12345xx-89'))).toEqual([key('laser_code', 'insufficient', 'JT012345XX89')]);
  });

  it('does not read the digits of a laser code as a phone', () => {
    expect(detect('ME0-8123456-78').map((f) => f.type)).toEqual(['laser_code']);
  });

  // The Thai page engine reads a "Laser code" column header as Thai letters: in OCR text two
  // capitals set apart from ten digits are a code without it, in every grouping a code is written in.
  const ocr = (text: string) => detect([{ text, location: { page: 1 }, ocr: true }]);
  it.each(['EF 8816042157', 'RZ-31 93629775', 'CJ 0-5969442-65', 'KK 06 59734340', 'JM-8 9 1 0 2 4 3 9 9 4', 'JM8 9 1 0 2 4 3 9 9 4'])(
    'finds an unlabelled laser code with its letters or digits apart in OCR text: %s',
    (code) => {
      expect(ocr(`6 นางสาวสมชาย ศรีสวัสดิ์ ${code}`).map((f) => f.type)).toEqual(['laser_code']);
    },
  );

  it('takes letters apart from ten digits as a code in OCR text only, and never an abbreviation of "number"', () => {
    expect(detect('6 นางสาวสมชาย ศรีสวัสดิ์ EF 8816042157').map((f) => f.type)).toEqual([]);
    expect(detect('6 นางสาวสมชาย ศรีสวัสดิ์ JM 8 9 1 0 2 4 3 9 9 4').map((f) => f.type)).toEqual([]);
    expect(ocr('นาย ก NO 0812345678').map((f) => f.type)).toEqual(['phone']);
    expect(ocr('นาย ก NO 8 9 1 0 2 4 3 9 9 4').map((f) => f.type)).toEqual([]);
  });
});

describe('masking status (the X4 rule)', () => {
  it('counts hidden positions: 0 unmasked, 1–3 insufficient, 4+ masked', () => {
    expect(maskStatus('national_id', '1234567890123')).toBe('unmasked');
    expect(maskStatus('national_id', '123456789012X')).toBe('insufficient');
    expect(maskStatus('national_id', '1234567890XXX')).toBe('insufficient');
    expect(maskStatus('national_id', '123456789XXXX')).toBe('masked');
  });

  it.each(['X', 'x', '*', '●', '•', '＊', 'Ｘ', '×', '#'])('accepts %s as a mask character', (ch) => {
    const masked = ch.repeat(4) + ID.slice(4);
    expect(keys(detect(`เลขประจำตัวประชาชน ${masked}`))).toEqual([key('national_id', 'masked', 'XXXX' + ID.slice(4))]);
  });

  it.each([
    ['first 4 hidden', `XXXX${ID.slice(4)}`, 'masked', `XXXX${ID.slice(4)}`],
    ['last 4 hidden', `${ID.slice(0, 9)}XXXX`, 'masked', `${ID.slice(0, 9)}XXXX`],
    ['last 3 hidden', `${ID.slice(0, 10)}xxx`, 'insufficient', `${ID.slice(0, 10)}XXX`],
    ['dashed, last digit hidden', dashed(ID).slice(0, -1) + 'x', 'insufficient', ID.slice(0, 12) + 'X'],
    ['dashed, first 5 hidden', 'x-xxxx' + dashed(ID).slice(6), 'masked', 'XXXXX' + ID.slice(5)],
  ])('classifies an ID with %s', (_, text, status, normalized) => {
    expect(keys(detect(`ผู้รับเงิน ${text}`))).toEqual([key('national_id', status, normalized)]);
  });

  it('classifies masked phones', () => {
    expect(keys(detect('โทร 081-234-XXXX'))).toEqual([key('phone', 'masked', '081234XXXX')]);
    expect(keys(detect('โทร 081-2345-6xx'))).toEqual([key('phone', 'insufficient', '08123456XX')]);
    expect(keys(detect('โทร 06 3xxx x418'))).toEqual([key('phone', 'masked', '063XXXX418')]);
  });

  it('shows at most the last 4 positions in the display form', () => {
    expect(displayForm('national_id', ID)).toBe(`X-XXXX-XXXX${ID.slice(9, 10)}-${ID.slice(10, 12)}-${ID[12]}`);
    expect(displayForm('phone', '0812345678')).toBe('XXX-XXX-5678');
    expect(displayForm('phone', '021234567')).toBe('XX-XXX-4567');
    expect(displayForm('laser_code', 'JT0123456789')).toBe('XXX-XXXXX67-89');
  });
});

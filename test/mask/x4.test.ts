import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PHONE_PLAN } from '../../shared/detect/written-forms.ts';
import { CHAR_CLASS, DIGIT } from '../../shared/detect/characters.ts';
import { type KeepSide, maskX4 } from '../../shared/mask/x4.ts';
import { dashed, detect, toThaiDigits, withCheckDigit } from '../helpers.ts';

const isDigit = (ch: string): boolean => CHAR_CLASS[ch.charCodeAt(0)] === DIGIT;
const digits = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((d) => d.join(''));
const keepSide = fc.constantFrom<KeepSide>('first', 'last');

// Writings of an identifier: ASCII or Thai digits, grouped or not, some positions already masked.
const idWriting = fc
  .tuple(fc.integer({ min: 1, max: 8 }), fc.constantFrom('10', '30', '50', '90'), digits(9), fc.boolean(), fc.boolean(), fc.array(fc.nat(12), { maxLength: 3 }))
  .map(([type, province, rest, grouped, thai, maskedAt]) => {
    let id = [...withCheckDigit(`${type}${province}${rest}`)].map((d, i) => (maskedAt.includes(i) ? 'X' : d)).join('');
    if (grouped) id = dashed(id);
    return thai ? toThaiDigits(id) : id;
  });
// Mobile prefixes of the numbering plan (written-forms.ts), the rest random.
const phoneWriting = fc.tuple(fc.constantFrom(...PHONE_PLAN.mobile), digits(8), fc.boolean()).map(([p, rest, grouped]) => {
  const phone = (p + rest).slice(0, 10);
  return grouped ? `${phone.slice(0, 3)}-${phone.slice(3, 6)}-${phone.slice(6)}` : phone;
});
const laserWriting = fc.tuple(digits(10), fc.boolean()).map(([d, grouped]) => (grouped ? `${d[0]}-${d.slice(1, 8)}-${d.slice(8)}` : d));

/** Only digits changed, each into X; everything else (length, separators, other digits) as it was. */
function expectDigitForDigit(original: string, masked: string): void {
  expect(masked.length).toBe(original.length);
  for (let i = 0; i < original.length; i++) {
    if (masked[i] !== original[i]) {
      expect(isDigit(original[i]!)).toBe(true);
      expect(masked[i]).toBe('X');
    }
  }
}

describe('maskX4', () => {
  it('hides the first 4 digits by default (keep last) and the last 4 with keep first', () => {
    expect(maskX4('national_id', '1234567890123', 'last')).toBe('XXXX567890123');
    expect(maskX4('national_id', '1234567890123', 'first')).toBe('123456789XXXX');
    expect(maskX4('national_id', '1-2345-67890-12-3', 'last')).toBe('X-XXX5-67890-12-3');
    expect(maskX4('phone', '081-234-5678', 'first')).toBe('081-234-XXXX');
    expect(maskX4('national_id', '๑๒๓๔๕๖๗๘๙๐๑๒๓', 'last')).toBe('XXXX๕๖๗๘๙๐๑๒๓');
  });

  it('completes an insufficient mask on the hidden side, counting the positions already hidden', () => {
    expect(maskX4('national_id', '1234567890XXX', 'last')).toBe('X234567890XXX');
    expect(maskX4('phone', '0812345XXX', 'first')).toBe('081234XXXX');
    expect(maskX4('national_id', 'XXXXXXXXX0123', 'last')).toBe('XXXXXXXXX0123');
  });

  it('national IDs: detected as masked after masking, only digits changed', () => {
    fc.assert(
      fc.property(idWriting, keepSide, (id, keep) => {
        const masked = maskX4('national_id', id, keep);
        expectDigitForDigit(id, masked);
        expect([...masked].filter((ch) => /[๐-๙]/.test(ch)).length > 0).toBe(/[๐-๙]/.test(id));
        expect(detect(`เลขประจำตัวประชาชน ${masked}`).map((f) => f.status)).toEqual(['masked']);
      }),
    );
  });

  it('phones: detected as masked after masking, only digits changed', () => {
    fc.assert(
      fc.property(phoneWriting, keepSide, (phone, keep) => {
        const masked = maskX4('phone', phone, keep);
        expectDigitForDigit(phone, masked);
        expect(detect(`นายสมชาย โทร ${masked}`).map((f) => f.status)).toEqual(['masked']);
      }),
    );
  });

  it('laser codes: the letters stay, 4 digits hidden', () => {
    fc.assert(
      fc.property(laserWriting, keepSide, (code, keep) => {
        const masked = maskX4('laser_code', code, keep);
        expectDigitForDigit(code, masked);
        const findings = detect(`เลขหลังบัตร JT${masked}`);
        expect(findings.map((f) => [f.type, f.status])).toEqual([['laser_code', 'masked']]);
      }),
    );
  });
});

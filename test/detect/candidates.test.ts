// How many full national IDs a masked one leaves (shared/detect/national-id.ts), against a brute
// force over every digit the masked positions could hold.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isValidNationalId, nationalIdCandidates } from '../../shared/detect/national-id.ts';
import { detect, withCheckDigit } from '../helpers.ts';

/** Every filling of the X positions that is a valid ID (a masked first digit: persons' 1–8 only). */
function bruteForce(pattern: string): number {
  const masked = [...pattern].flatMap((ch, i) => (ch === 'X' ? [i] : []));
  let count = 0;
  for (let n = 0; n < 10 ** masked.length; n++) {
    const digits = [...pattern];
    masked.forEach((position, j) => (digits[position] = String(Math.floor(n / 10 ** j) % 10)));
    const id = digits.join('');
    if (isValidNationalId(id) && !(pattern[0] === 'X' && (id[0] === '0' || id[0] === '9'))) count++;
  }
  return count;
}

const mask = (id: string, positions: Iterable<number>): string => {
  const hidden = new Set(positions);
  return [...id].map((ch, i) => (hidden.has(i) ? 'X' : ch)).join('');
};

const anyDigits = fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 13, maxLength: 13 }).map((a) => a.join(''));
const validId = fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 11, maxLength: 11 }).chain((rest) => fc.integer({ min: 1, max: 8 }).map((type) => withCheckDigit(`${type}${rest.join('')}`)));
const positions = (max: number) => fc.uniqueArray(fc.integer({ min: 0, max: 12 }), { minLength: max, maxLength: max });

describe('nationalIdCandidates', () => {
  it('agrees with brute force for 0 to 4 masked positions, valid IDs or any digits', () => {
    for (const k of [0, 1, 2, 3, 4]) {
      fc.assert(
        fc.property(fc.oneof(validId, anyDigits), positions(k), (id, hidden) => {
          const pattern = mask(id, hidden);
          expect(nationalIdCandidates(pattern)).toBe(bruteForce(pattern));
        }),
        { numRuns: k === 4 ? 40 : 150 },
      );
    }
  });

  it('is 1 or 0 with every digit visible: whether the check digit holds', () => {
    expect(nationalIdCandidates('1101700207030')).toBe(1);
    expect(nationalIdCandidates('1101700207031')).toBe(0);
  });

  it('gives one masked digit back, except the third (weight 11 ≡ 0) and, when the check digit is 1, maybe two', () => {
    fc.assert(
      fc.property(validId, fc.integer({ min: 0, max: 12 }), (id, position) => {
        const n = nationalIdCandidates(mask(id, [position]));
        if (position === 2) expect(n).toBe(10);
        else if (id[12] === '1') expect([1, 2]).toContain(n);
        else expect(n).toBe(1);
      }),
      { numRuns: 500 },
    );
    // Sums ≡ 0 and ≡ 10 (mod 11) both give check digit 1: here 3 and 8 both fit the fifth digit.
    expect(nationalIdCandidates('3101X00120091')).toBe(2);
    expect(nationalIdCandidates(mask(withCheckDigit('310140012345'), [4]))).toBe(1);
  });

  it('leaves 7 to 20 numbers for two masked digits, more than 10 when the third or the check digit 1 is involved', () => {
    fc.assert(
      fc.property(validId, positions(2), (id, hidden) => {
        const n = nationalIdCandidates(mask(id, hidden));
        expect(n).toBeGreaterThanOrEqual(7);
        expect(n).toBeLessThanOrEqual(20);
      }),
      { numRuns: 500 },
    );
    expect(nationalIdCandidates(mask('3101400120041', [2, 5]))).toBe(20);
  });

  it('counts any mask in a bounded number of steps, and refuses what is not 13 digits and X', () => {
    expect(nationalIdCandidates('XXXXXXXXXXXXX')).toBe(8 * 10 ** 11);
    // Every filling of the first 12 has exactly one check digit.
    const byCheckDigit = [...'0123456789'].map((c) => nationalIdCandidates(`XXXXXXXXXXXX${c}`));
    expect(byCheckDigit.reduce((a, b) => a + b, 0)).toBe(8 * 10 ** 11);
    expect(() => nationalIdCandidates('12345')).toThrow();
    expect(() => nationalIdCandidates('1101700207O30')).toThrow();
  });
});

describe('candidates on findings', () => {
  const ID = withCheckDigit('310140012345');

  it('are set on every national ID finding: 1 for a full valid ID, the count for a masked one', () => {
    expect(detect(`เลขประจำตัวประชาชน ${ID}`)[0]).toMatchObject({ status: 'unmasked', candidates: 1 });
    const oneHidden = detect(`เลขประจำตัวประชาชน ${ID.slice(0, 4)}X${ID.slice(5)}`)[0]!;
    expect(oneHidden).toMatchObject({ status: 'insufficient', candidates: 1 });
    expect(detect(`เลขประจำตัวประชาชน ${ID.slice(0, 11)}XX`)[0]).toMatchObject({ status: 'insufficient', candidates: 10 });
    expect(detect(`เลขประจำตัวประชาชน XXXX${ID.slice(4)}`)[0]).toMatchObject({ status: 'masked', candidates: nationalIdCandidates(`XXXX${ID.slice(4)}`) });
    expect(detect('มือถือ 081-234-5678')[0]!.candidates).toBeUndefined();
  });
});

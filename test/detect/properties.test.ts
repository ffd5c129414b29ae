// Property-based tests: valid identifiers written in any grouping, digit system and mask
// pattern are found with the right status and fingerprint, and never shown in full.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { maskStatus } from '../../shared/masking.ts';
import { PHONE_PLAN } from '../../shared/detect/written-forms.ts';
import { detect, fp, withCheckDigit } from '../helpers.ts';

const PROVINCES = [...Array(18).keys()]
  .map((i) => 10 + i)
  .concat(
    [...Array(20).keys()].map((i) => 30 + i),
    [50, 51, 52, 53, 54, 55, 56, 57, 58, 60, 61, 62, 63, 64, 65, 66, 67, 70, 71, 72, 73, 74, 75, 76, 77, 80, 81, 82, 83, 84, 85, 86, 90, 91, 92, 93, 94, 95, 96],
  );
const MASK_CHARS = ['X', 'x', '*', '●', '•', '＊'];
const digitsOf = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((a) => a.join(''));

const validId = fc
  .tuple(fc.integer({ min: 1, max: 8 }), fc.constantFrom(...PROVINCES), digitsOf(9))
  .map(([type, province, rest]) => withCheckDigit(`${type}${province}${rest}`))
  .filter((id) => !id.startsWith('885'));

// Mobile and VoIP prefixes of the numbering plan (written-forms.ts), the rest random.
const mobile = fc.constantFrom(...PHONE_PLAN.mobile, ...PHONE_PLAN.voip).chain((p) => digitsOf(10 - p.length).map((rest) => p + rest));

type DigitSystem = 'ascii' | 'thai' | 'fullwidth';
const digitSystem = fc.constantFrom<DigitSystem>('ascii', 'thai', 'fullwidth');
const inSystem = (s: string, system: DigitSystem): string => (system === 'ascii' ? s : s.replace(/\d/g, (d) => String.fromCharCode((system === 'thai' ? 0x0e50 : 0xff10) + Number(d))));

/** Positions to hide, as a boolean per position, with at most `max` hidden. */
const maskPattern = (length: number, max: number, from = 0) => fc.uniqueArray(fc.integer({ min: from, max: length - 1 }), { maxLength: max }).map((hidden) => new Set(hidden));

function render(value: string, hidden: Set<number>, maskChar: string, system: DigitSystem, groups: number[], separator: string, zeroWidthAt: number | null): string {
  const chars = [...value].map((d, i) => (hidden.has(i) ? maskChar : inSystem(d, system)));
  const parts: string[] = [];
  let at = 0;
  for (const size of groups) {
    parts.push(chars.slice(at, at + size).join(''));
    at += size;
  }
  let text = parts.join(separator);
  if (zeroWidthAt !== null) text = text.slice(0, zeroWidthAt) + '\u200B' + text.slice(zeroWidthAt);
  return text;
}

const ID_GROUPINGS = [[13], [1, 4, 5, 2, 1], Array(13).fill(1) as number[]];
const MOBILE_GROUPINGS = [[10], [3, 3, 4], [3, 7], [2, 4, 4], Array(10).fill(1) as number[]];
const SEPARATORS = ['-', ' ', '.', '\u00A0', ' - '];

const normalizedOf = (value: string, hidden: Set<number>): string => [...value].map((d, i) => (hidden.has(i) ? 'X' : d)).join('');

/** No digit sequence of the value, in any digit system, appears in what the engine returns. */
function expectNoFullValue(findings: ReturnType<typeof detect>, value: string): void {
  const out = JSON.stringify(findings)
    .normalize('NFKC')
    .replace(/[\u0E50-\u0E59]/g, (d) => String(d.charCodeAt(0) - 0x0e50));
  expect(out.replace(/\D/g, ' ')).not.toContain(value);
  expect(out).not.toContain(value);
}

describe('properties', () => {
  it('finds every national ID in any grouping, digit system and mask pattern', () => {
    fc.assert(
      fc.property(
        validId,
        maskPattern(13, 12),
        fc.constantFrom(...MASK_CHARS),
        digitSystem,
        fc.constantFrom(...ID_GROUPINGS),
        fc.constantFrom(...SEPARATORS),
        fc.option(fc.integer({ min: 1, max: 11 }), { nil: null }),
        fc.constantFrom('เลขประจำตัวประชาชน ', 'ผู้รับเงิน นางสมศรี ใจดี ', 'เลขที่', 'เลขบัตรประชาชน:'),
        fc.constantFrom('', ' บ้านเลขที่ 5', 'โทร', ' |'),
        (id, hidden, maskChar, system, groups, separator, zw, before, after) => {
          const sep = groups.length === 13 ? ' ' : separator;
          const text = before + render(id, hidden, maskChar, system, groups, sep, zw) + after;
          const normalized = normalizedOf(id, hidden);
          const found = detect(text);
          expect(found.map((f) => [f.type, f.status, f.fingerprint])).toEqual([['national_id', maskStatus('national_id', normalized), fp('national_id', normalized)]]);
          expect(found[0]!.display.replace(/\D/g, '').length).toBeLessThanOrEqual(4);
          expectNoFullValue(found, id);
        },
      ),
      { numRuns: 600 },
    );
  });

  it('finds every mobile number in any grouping, digit system, +66 form and mask pattern', () => {
    fc.assert(
      fc.property(
        mobile,
        maskPattern(10, 8, 2),
        fc.constantFrom(...MASK_CHARS),
        digitSystem,
        fc.constantFrom(...MOBILE_GROUPINGS),
        fc.constantFrom('-', ' ', '\u00A0'),
        fc.boolean(),
        fc.constantFrom('มือถือ ', 'นางสมศรี ใจดี โทร. ', 'ผู้ร้อง โทร', 'เบอร์โทรศัพท์: '),
        (phone, hidden, maskChar, system, groups, separator, international, before) => {
          const body = render(phone, hidden, maskChar, system, groups, separator, null);
          // +66 replaces the leading 0: "+66 81 234 5678"
          const text = international ? `${before}+66 ${render(phone.slice(1), new Set([...hidden].map((i) => i - 1)), maskChar, system, [2, 3, 4], separator, null)}` : before + body;
          const normalized = normalizedOf(phone, hidden);
          const found = detect(text);
          expect(found.map((f) => [f.type, f.status, f.fingerprint])).toEqual([['phone', maskStatus('phone', normalized), fp('phone', normalized)]]);
          expectNoFullValue(found, phone);
        },
      ),
      { numRuns: 600 },
    );
  });

  it('never reports a 13-digit number whose check digit fails when no ID label is near', () => {
    fc.assert(
      fc.property(validId, fc.integer({ min: 1, max: 9 }), (id, delta) => {
        const typo = id.slice(0, 12) + ((Number(id[12]) + delta) % 10);
        expect(detect(`เลขที่ใบส่งของ ${typo} วันที่ 5`)).toEqual([]);
      }),
      { numRuns: 200 },
    );
  });
});

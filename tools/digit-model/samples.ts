// Random text lines of the kind the number model reads: identifiers in every grouping, digit
// system and mask, with the other numbers that sit beside them in agency lists (dates, amounts,
// house numbers). Deterministic for a seed, so the training set can be rebuilt exactly.
import { nationalIdCheckDigit } from '../../shared/detect/national-id.ts';
import type { Random } from '../random.ts';

export const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const int = (random: Random, low: number, high: number): number => low + Math.floor(random() * (high - low + 1));
const digits = (random: Random, n: number): string => Array.from({ length: n }, () => String(int(random, 0, 9))).join('');

/** Characters agencies mask digits with (the X4 rule says X; bullets and stars are common). */
export const MASKS = ['X', 'X', 'X', 'x', '*', '●', '●', '•', '#', '×'] as const;
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** Replaces a run of positions of a digit string by one mask character. */
function mask(random: Random, value: string): string {
  const n = value.length;
  const length = pick(random, [1, 2, 3, 4, 4, 4, 5, 6, n - 4, n]);
  const start = pick(random, [0, n - length, int(random, 0, n - length)]);
  const char = pick(random, MASKS);
  return value.slice(0, start) + char.repeat(length) + value.slice(start + length);
}

/** Splits a value into groups of the given sizes, joined by a separator. */
function group(value: string, sizes: readonly number[], separator: string): string {
  const parts: string[] = [];
  let at = 0;
  for (const size of sizes) {
    parts.push(value.slice(at, at + size));
    at += size;
  }
  if (at < value.length) parts.push(value.slice(at));
  return parts.filter(Boolean).join(separator);
}

const SEPARATORS = ['-', '-', ' ', '  ', '', '.'] as const;

function nationalId(random: Random): string {
  const twelve = String(int(random, 1, 8)) + digits(random, 11);
  let value = twelve + nationalIdCheckDigit(twelve);
  if (random() < 0.45) value = mask(random, value);
  if (random() < 0.12) return [...value].join(pick(random, [' ', '  ']));
  return group(value, random() < 0.8 ? [1, 4, 5, 2, 1] : [13], pick(random, SEPARATORS));
}

function phone(random: Random): string {
  let value = random() < 0.75 ? '0' + pick(random, ['6', '8', '9']) + digits(random, 8) : '0' + pick(random, ['2', '3', '4', '5', '7']) + digits(random, 7);
  if (random() < 0.4) value = mask(random, value);
  if (random() < 0.1) return `+66 ${group(value.slice(1), [value.length === 10 ? 2 : 1, 3, 4], ' ')}`;
  const sizes = value.length === 10 ? pick(random, [[3, 3, 4], [3, 7], [2, 4, 4], [3, 4, 3]]) : pick(random, [[2, 3, 4], [3, 3, 3], [2, 7]]);
  return group(value, sizes, pick(random, SEPARATORS));
}

function laserCode(random: Random): string {
  let value = digits(random, 10);
  if (random() < 0.3) value = mask(random, value);
  const letters = pick(random, [...LETTERS]) + pick(random, [...LETTERS]);
  return letters + group(value, pick(random, [[1, 7, 2], [10]]), pick(random, ['-', ' ', '']));
}

const thaiYear = (random: Random): string => String(int(random, 2470, 2570));

function otherNumber(random: Random): string {
  switch (int(random, 0, 7)) {
    case 0:
      return `${int(random, 1, 31)}/${String(int(random, 1, 12)).padStart(2, '0')}/${thaiYear(random)}`;
    case 1:
      return `${int(random, 1, 99)},${digits(random, 3)}.${pick(random, ['00', '00', digits(random, 2)])}`;
    case 2:
      return `${int(random, 100, 999)}.00`;
    case 3:
      return `${int(random, 1, 300)}/${int(random, 1, 20)}`;
    case 4:
      return String(int(random, 1, 120));
    case 5:
      return thaiYear(random);
    case 6:
      return `(${int(random, 1, 99)})`;
    default:
      return `${int(random, 10, 99)}:${digits(random, 2)}`;
  }
}

/** Arabic digits, Thai digits, or (rarely) both in one line, as typed in agency documents. */
function inDigitSystem(random: Random, text: string): string {
  const thai = random() < 0.5;
  const mixed = random() < 0.1;
  return text.replace(/\d/g, (d) => ((mixed ? random() < 0.5 : thai) ? String.fromCharCode(0x0e50 + Number(d)) : d));
}

/** One line: one to four numbers, an identifier among them most of the time. */
export function sampleLine(random: Random): string {
  const parts: string[] = [];
  const count = pick(random, [1, 1, 1, 2, 2, 3]);
  for (let i = 0; i < count; i++) {
    const r = random();
    parts.push(r < 0.4 ? nationalId(random) : r < 0.65 ? phone(random) : r < 0.75 ? laserCode(random) : otherNumber(random));
  }
  return inDigitSystem(random, parts.join(pick(random, [' ', '  ', '   '])));
}

// Random text lines of the kind the number model reads: identifiers in every grouping, digit
// system and mask, with the other numbers that sit beside them in agency lists (dates, amounts,
// house numbers). Deterministic for a seed, so the training set can be rebuilt exactly.
//
// A line is drawn with the characters a document holds (en dashes, thin spaces, ◯, ＊); the model
// is taught to read it as `groundTruth` says, one output for characters that look alike.
import { nationalIdCheckDigit } from '../../shared/detect/national-id.ts';
import { MASK_CHARACTERS, SEPARATORS } from '../../shared/detect/written-forms.ts';
import type { Random } from '../random.ts';

export const pick = <T>(random: Random, items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
const int = (random: Random, low: number, high: number): number => low + Math.floor(random() * (high - low + 1));
const digits = (random: Random, n: number): string => Array.from({ length: n }, () => String(int(random, 0, 9))).join('');

/** One of the keys, each as likely as its weight says. */
export function pickWeighted(random: Random, weights: Readonly<Record<string, number>>): string {
  const entries = Object.entries(weights);
  let r = random() * entries.reduce((sum, [, w]) => sum + w, 0);
  for (const [key, weight] of entries) if ((r -= weight) < 0) return key;
  return entries.at(-1)![0];
}

/**
 * Characters agencies mask digits with, as often as they are seen: X (the X4 rule), bullets,
 * stars, hollow circles (○○○○ on Thai forms), the multiplication sign, hash, squares. Every mask
 * character the detector knows is drawn (checked below).
 */
const MASK_WEIGHTS: Readonly<Record<string, number>> = {
  X: 6,
  x: 2,
  '\uFF38': 0.5,
  '\uFF58': 0.3,
  '*': 3,
  '\uFF0A': 0.5,
  '\u2217': 0.3,
  '\u204E': 0.3,
  '\u2731': 0.3,
  '\u25CF': 3,
  '\u2022': 2,
  '\u26AB': 0.3,
  '\u2B24': 0.3,
  '\u25CB': 3,
  '\u25EF': 2,
  '\u00D7': 1.5,
  '\u2715': 0.7,
  '\u2716': 0.3,
  '#': 1,
  '\u25A0': 1,
  '\u25A1': 1.5,
};
const unweighted = [...MASK_CHARACTERS].filter((c) => !(c in MASK_WEIGHTS));
if (unweighted.length > 0) throw new Error(`mask characters with no weight: ${unweighted.join(' ')}`);

/**
 * What the model outputs for a character that looks like another: one class for the forms of a
 * mask (◯ is ○ drawn larger, ✕ and ✖ are ×, the asterisks are *, full-width X is X, the large
 * bullets are ●), hyphen for every dash and dot for every small dot (OCR readings are split
 * into groups at `-`, `.` and spaces), one space for a gap of any width.
 */
const READ_AS: Readonly<Record<string, string>> = {
  '\u25EF': '\u25CB',
  '\u26AB': '\u25CF',
  '\u2B24': '\u25CF',
  '\u2715': '\u00D7',
  '\u2716': '\u00D7',
  '\uFF0A': '*',
  '\u2217': '*',
  '\u204E': '*',
  '\u2731': '*',
  '\uFF38': 'X',
  '\uFF58': 'x',
  '\u2010': '-',
  '\u2011': '-',
  '\u2012': '-',
  '\u2013': '-',
  '\u2014': '-',
  '\u2212': '-',
  '\uFE63': '-',
  '\uFF0D': '-',
  '\uFF08': '(',
  '\uFF09': ')',
  '\u00B7': '.',
  '\u2027': '.',
  '\u2219': '.',
  '\u22C5': '.',
};

/** A Thai letter, vowel or tone mark (no digit): the model reads no word, only what numbers are made of. */
export const THAI_LETTER = /[\u0E01-\u0E4E]/u;
const THAI_LETTERS = new RegExp(THAI_LETTER.source, 'gu');

/** The line as the model is taught to read it. */
export const groundTruth = (text: string): string =>
  [...text.replace(THAI_LETTERS, '')]
    .map((c) => READ_AS[c] ?? c)
    .join('')
    .replace(/\s+/gu, ' ')
    .trim();

/** Replaces a run of positions of a digit string by one mask character. */
function mask(random: Random, value: string): string {
  const n = value.length;
  const length = pick(random, [1, 2, 3, 4, 4, 4, 5, 6, n - 4, n]);
  const start = pick(random, [0, n - length, int(random, 0, n - length)]);
  const char = pickWeighted(random, MASK_WEIGHTS);
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

/**
 * Between digit groups: every separator the detector knows (hyphens and dashes, dots and the dot
 * operators PDF fonts map them to, spaces of every width), spaced dashes and dots, nothing. Their
 * weights: the common ones most.
 */
const SEPARATOR_WEIGHTS: Readonly<Record<string, number>> = {
  '-': 6,
  '\u2013': 1.5,
  '\u2014': 0.5,
  ' - ': 0.3,
  '\u2010': 0.2,
  '\u2011': 0.3,
  '\u2012': 0.2,
  '\u2212': 0.3,
  '\uFE63': 0.1,
  '\uFF0D': 0.2,
  ' ': 5,
  '  ': 1.5,
  '\u00A0': 0.5,
  '\u202F': 0.2,
  '\u205F': 0.1,
  '\u3000': 0.1,
  ...Object.fromEntries(Array.from({ length: 11 }, (_, i) => [String.fromCharCode(0x2000 + i), 0.15])),
  '.': 1,
  ' . ': 0.2,
  '\u00B7': 0.5,
  '\u2027': 0.2,
  '\u2219': 0.2,
  '\u22C5': 0.3,
  '': 3,
};
// Brackets are drawn around area codes (phone), not between groups.
const undrawn = [...SEPARATORS].filter((c) => !/[()\uFF08\uFF09]/.test(c) && !Object.keys(SEPARATOR_WEIGHTS).some((k) => k.includes(c)));
if (undrawn.length > 0) throw new Error(`separators with no weight: ${undrawn.map((c) => `U+${c.codePointAt(0)!.toString(16)}`).join(' ')}`);
const separator = (random: Random): string => pickWeighted(random, SEPARATOR_WEIGHTS);

function nationalId(random: Random): string {
  const twelve = String(int(random, 1, 8)) + digits(random, 11);
  let value = twelve + nationalIdCheckDigit(twelve);
  if (random() < 0.45) value = mask(random, value);
  if (random() < 0.12) return [...value].join(pick(random, [' ', '  ', '\u2009']));
  return group(value, random() < 0.8 ? [1, 4, 5, 2, 1] : [13], separator(random));
}

/** How a number is written with the country code for its leading 0: `+66 81…`, `+66 (0) 81…`, `(+66) 81…`, `0066 81…`. */
const INTERNATIONAL = ['+66 ', '+66-', '+66', '+66 (0) ', '+66 (0)', '(+66) ', '0066 ', '0066-'];

/**
 * Mobile and land-line numbers: `08 1234 5678`, `081 234 5678`, `081-234-5678`, an area code in
 * brackets `(02) 123 4567`, `(081) 234-5678`, and with the country code.
 */
function phone(random: Random): string {
  let value = random() < 0.75 ? '0' + pick(random, ['6', '8', '9']) + digits(random, 8) : '0' + pick(random, ['2', '3', '4', '5', '7']) + digits(random, 7);
  if (random() < 0.4) value = mask(random, value);
  const sep = separator(random);
  const mobile = value.length === 10;
  if (random() < 0.15) return pick(random, INTERNATIONAL) + group(value.slice(1), [mobile ? 2 : 1, 3, 4], sep || ' ');
  if (random() < 0.12) {
    const area = mobile ? 3 : pick(random, [2, 3]);
    const [open, close] = random() < 0.9 ? ['(', ')'] : ['\uFF08', '\uFF09'];
    return `${open}${value.slice(0, area)}${close}${pick(random, [' ', '', '\u00A0'])}${group(value.slice(area), [3], sep)}`;
  }
  const sizes = mobile
    ? pick(random, [[3, 3, 4], [3, 7], [2, 4, 4], [3, 4, 3], [2, 2, 2, 4], [4, 6], [6, 4], [10]])
    : pick(random, [
        [2, 3, 4],
        [3, 3, 3],
        [2, 7],
        [1, 4, 4],
        [4, 5],
        [3, 6],
      ]);
  return group(value, sizes, sep);
}

const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

function laserCode(random: Random): string {
  let value = digits(random, 10);
  if (random() < 0.3) value = mask(random, value);
  const letters = pick(random, [...LETTERS]) + pick(random, [...LETTERS]);
  return letters + group(value, pick(random, [[1, 7, 2], [10]]), pick(random, ['-', '-', '\u2013', ' ', '']));
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

const thaiDigit = (d: string): string => String.fromCharCode(0x0e50 + Number(d));

/** The text's digits in Thai, all (`thai`), none, or each at random (`mixed`). */
const inDigitSystem = (random: Random, text: string, system: 'ascii' | 'thai' | 'mixed'): string =>
  text.replace(/\d/g, (d) => (system === 'thai' || (system === 'mixed' && random() < 0.5) ? thaiDigit(d) : d));

/** An identifier most of the time, else one of the other numbers agency lists hold. */
function anyNumber(random: Random): string {
  const kind = random();
  return kind < 0.4 ? nationalId(random) : kind < 0.65 ? phone(random) : kind < 0.75 ? laserCode(random) : otherNumber(random);
}

/**
 * One line: one to four numbers, an identifier among them most of the time; Arabic or Thai
 * digits, as typed in agency documents, rarely both (one number in each, or mixed within one).
 */
export function sampleLine(random: Random): string {
  const count = pick(random, [1, 1, 1, 2, 2, 3]);
  const r = random();
  const lineSystem = random() < 0.5 ? 'thai' : 'ascii';
  const parts: string[] = [];
  for (let i = 0; i < count; i++) {
    const system = r < 0.02 ? 'mixed' : r < 0.08 ? (random() < 0.5 ? 'thai' : 'ascii') : lineSystem;
    parts.push(inDigitSystem(random, anyNumber(random), system));
  }
  return parts.join(pick(random, [' ', '  ', '   ']));
}

/** A Thai word, at times abbreviated as forms do (ต. for ตำบล, จ. for จังหวัด) or followed by a colon. */
function thaiWord(random: Random, words: readonly string[]): string {
  const word = pick(random, words);
  const r = random();
  return r < 0.1 ? `${word[0]}.` : r < 0.15 ? `${word}:` : word;
}

/** One to three Thai words unspaced, as Thai is written. */
export const thaiPhrase = (random: Random, words: readonly string[]): string => Array.from({ length: pick(random, [1, 1, 2, 3]) }, () => thaiWord(random, words)).join('');

/**
 * A line of Thai words, with a number before, among or after them most of the time: what the
 * page engine hands over as a word may be a label, a name or a place, with or without the number
 * beside it. The model reads the number and nothing of the words (groundTruth leaves them out).
 */
export function sampleThaiLine(random: Random, words: readonly string[]): string {
  const parts = Array.from({ length: pick(random, [1, 1, 2, 3]) }, () => thaiPhrase(random, words));
  if (random() < 0.7) parts.splice(int(random, 0, parts.length), 0, inDigitSystem(random, anyNumber(random), random() < 0.5 ? 'thai' : 'ascii'));
  return parts.join(pick(random, [' ', ' ', '  ', '']));
}

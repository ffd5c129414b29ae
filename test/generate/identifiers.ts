// Identifiers and the forms they are written in, drawn from the detector's written-forms model
// (shared/detect/written-forms.ts), so that a form added there is generated here. Each rendered
// identifier carries its label and the tags of the form it was written in.
import { isProvinceCode, nationalIdCheckDigit } from '../../shared/detect/national-id.ts';
import {
  DIGIT_SYSTEMS,
  type DigitSystem,
  ID_GROUPINGS,
  INTERNATIONAL_PREFIXES,
  LANDLINE_GROUPINGS,
  LASER_GROUPINGS,
  MASK_CHARACTERS,
  LASER_CODE,
  MAX_GAP,
  MOBILE_GROUPINGS,
  PHONE_PLAN,
  SEPARATORS,
  ZERO_WIDTH,
} from '../../shared/detect/written-forms.ts';
import type { IdentifierType, MaskStatus } from '../../shared/types.ts';
import { type Ctx, type Piece, SPACED_END, SPACED_START } from './model.ts';
import type { Rng } from './random.ts';

export type Kind = 'id' | 'mobile' | 'landline' | 'laser';

export interface Value {
  kind: Kind;
  /** ASCII digits; phones in national form. */
  digits: string;
  letters?: string;
  checksumValid?: boolean;
}

const TYPE: Record<Kind, IdentifierType> = { id: 'national_id', mobile: 'phone', landline: 'phone', laser: 'laser_code' };

const PROVINCES = Array.from({ length: 90 }, (_, i) => 10 + i).filter(isProvinceCode);

/** A person's ID: type digit 1–8, a province code, the check digit (or a typo of it). */
export function drawId(rng: Rng, typo = false): Value {
  const first12 = String(rng.int(1, 8)) + String(rng.pick(PROVINCES)) + rng.digits(9);
  const check = nationalIdCheckDigit(first12);
  const digit = typo ? (check + rng.int(1, 9)) % 10 : check;
  return { kind: 'id', digits: first12 + digit, checksumValid: !typo };
}

const fill = (rng: Rng, prefix: string, length: number) => prefix + rng.digits(length - prefix.length);
// Prefixes weighted roughly as numbers are in use: most mobiles are 08x/09x, most landlines 02.
const MOBILE_COMMON = PHONE_PLAN.mobile.filter((p) => p.length === 2);
const MOBILE_RARE = [...PHONE_PLAN.mobile.filter((p) => p.length > 2), ...PHONE_PLAN.voip];
const LANDLINE_PROVINCIAL = PHONE_PLAN.landline.filter((p) => p !== '02' && !p.startsWith('01'));
const LANDLINE_RARE = PHONE_PLAN.landline.filter((p) => p.startsWith('01'));
export const drawMobile = (rng: Rng): Value => ({ kind: 'mobile', digits: fill(rng, rng.pick(rng.chance(0.8) ? MOBILE_COMMON : MOBILE_RARE), 10) });
export function drawLandline(rng: Rng): Value {
  const group = rng.weighted({ bangkok: 40, provincial: 55, rare: 5 });
  return { kind: 'landline', digits: fill(rng, group === 'bangkok' ? '02' : rng.pick(group === 'provincial' ? LANDLINE_PROVINCIAL : LANDLINE_RARE), 9) };
}
export function drawLaser(rng: Rng): Value {
  const letter = () => String.fromCharCode(65 + rng.int(0, 25));
  return { kind: 'laser', letters: letter() + letter(), digits: rng.digits(10) };
}

export interface RenderOptions {
  /** An explicit label stands right before it: unusual groupings and wide gaps are then fair. */
  explicit?: boolean;
  mask?: 'none' | 'insufficient' | 'masked' | 'any';
  /** It may wrap onto the next line. */
  mayBreak?: boolean;
  /** Never spaced one character per box (table cells stored as numbers…). */
  plain?: boolean;
  extraTags?: string[];
}

/** Named separators for tags; the rest by code point. */
const SEPARATOR_NAMES: Record<string, string> = {
  ' ': 'space',
  '-': 'hyphen',
  '.': 'dot',
  '\u00A0': 'nbsp',
  '\u2013': 'en-dash',
  '\u2014': 'em-dash',
  '\u2212': 'minus',
  '\u2010': 'hyphen-u2010',
  '\u2011': 'nb-hyphen',
  '\u3000': 'ideographic-space',
  '\u202F': 'narrow-nbsp',
  '\u2009': 'thin-space',
  '\u00B7': 'middle-dot',
};
const codePoint = (ch: string) => 'U+' + ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
const sepName = (s: string) => [...s].map((ch) => SEPARATOR_NAMES[ch] ?? codePoint(ch)).join('+');
/** Separators between groups; brackets belong to area codes only. */
const GROUP_SEPARATORS = [...SEPARATORS].filter((ch) => !'()\uFF08\uFF09'.includes(ch));

function maskPositions(rng: Rng, kind: Kind, length: number, mask: RenderOptions['mask']): Set<number> {
  const status = mask === 'any' || mask === undefined ? rng.weighted({ none: 70, insufficient: 12, masked: 18 }) : mask;
  if (status === 'none') return new Set();
  // Phones keep their prefix visible (an international form drops the leading 0).
  const from = kind === 'mobile' || kind === 'landline' ? 2 : 0;
  const at = (...ix: number[]) => new Set(ix);
  if (status === 'insufficient') {
    const n = rng.int(1, 3);
    return rng.chance(0.6) ? at(...Array.from({ length: n }, (_, i) => length - 1 - i)) : new Set(rng.sample(n, from, length));
  }
  const n = rng.int(4, Math.min(9, length - from));
  switch (rng.int(0, 3)) {
    case 0:
      return at(...Array.from({ length: n }, (_, i) => length - 1 - i)); // 012345678XXXX
    case 1:
      return at(...Array.from({ length: n }, (_, i) => from + i)); // XXXX234567890
    case 2:
      return at(...Array.from({ length: 4 }, (_, i) => Math.floor(length / 2) - 2 + i)); // middle
    default:
      return new Set(rng.sample(n, from, length));
  }
}

const statusOf = (masked: number): MaskStatus => (masked === 0 ? 'unmasked' : masked <= 3 ? 'insufficient' : 'masked');

const sizes = (groups: readonly number[]) => groups.join('-');

/** A grouping of `length` positions that is none of the usual ones (only under a label). */
function unusualGrouping(rng: Rng, length: number, usual: readonly (readonly number[])[]): number[] {
  for (;;) {
    const cut = rng.sample(2, 1, length);
    const g = [cut[0]!, cut[1]! - cut[0]!, length - cut[1]!];
    if (!usual.some((u) => u.join() === g.join())) return g;
  }
}

/** Writes an identifier in one form; returns it with its label. */
export function render(ctx: Ctx, value: Value, options: RenderOptions = {}): Piece {
  const { rng } = ctx;
  const tags: string[] = [`type:${value.kind}`, ...(options.extraTags ?? [])];
  const length = value.digits.length;
  const hidden = value.checksumValid === false ? new Set<number>() : maskPositions(rng, value.kind, length, options.mask);
  const normalized = [...value.digits].map((d, i) => (hidden.has(i) ? 'X' : d)).join('');
  const status = statusOf(hidden.size);
  tags.push(`status:${status}`);
  if (value.checksumValid === false) tags.push('checksum:invalid');

  const drawn = rng.weighted({ ascii: 78, thai: 15, fullwidth: 7 });
  const system: DigitSystem = ctx.canWrite(String.fromCharCode(DIGIT_SYSTEMS[drawn])) ? drawn : 'ascii';
  if (system !== 'ascii') tags.push(`digits:${system}`);
  const maskChar = rng.pick(ctx.writable([...MASK_CHARACTERS]));
  if (hidden.size) tags.push(`mask:${maskChar}`);
  const position = (d: string, i: number) => (hidden.has(i) ? maskChar : String.fromCharCode(DIGIT_SYSTEMS[system] + Number(d)));
  const chars = [...value.digits].map(position);

  // Where the written number starts within the national form (international phones drop the 0).
  let prefix = '';
  let start = 0;
  let groups: number[];
  let lettersJoined = false;
  const phone = value.kind === 'mobile' || value.kind === 'landline';
  const style = phone ? rng.weighted({ national: 78, international: 12, bracketed: 10 }) : 'national';
  if (style === 'international') {
    const intl = rng.pick(INTERNATIONAL_PREFIXES);
    prefix = inDigits(intl, system) + (intl.endsWith('-') || rng.chance(0.25) ? '' : ' ');
    start = 1;
    groups = rng.pick(value.kind === 'mobile' ? [[9], [2, 3, 4], [2, 7], [2, 4, 3]] : [[8], [1, 3, 4], [1, 7], [2, 3, 3]]);
    tags.push(`phone:international(${intl})`, `${value.kind}:intl:${sizes(groups)}`);
  } else if (style === 'bracketed') {
    const area = value.kind === 'mobile' ? 3 : value.digits.startsWith('02') ? 2 : 3;
    const rest = length - area;
    groups = [area, ...rng.pick(value.kind === 'mobile' ? [[3, 4], [7]] : rest === 7 ? [[3, 4], [7]] : [[3, 3], [6]])];
    tags.push('phone:bracketed', `${value.kind}:(${sizes(groups)})`);
  } else {
    const usual = value.kind === 'id' ? ID_GROUPINGS : value.kind === 'mobile' ? MOBILE_GROUPINGS : value.kind === 'landline' ? LANDLINE_GROUPINGS : LASER_GROUPINGS;
    const form = rng.weighted({ usual: 88, boxes: options.plain ? 0 : 6, unusual: options.explicit && value.kind !== 'laser' ? 6 : 0 });
    groups = form === 'boxes' ? Array(length).fill(1) : form === 'unusual' ? unusualGrouping(rng, length, usual) : [...rng.pick(usual)];
    tags.push(`${value.kind}:${form === 'boxes' ? 'boxes' : form === 'unusual' ? 'unusual' : sizes(groups)}`);
    // A laser grouping of 12 counts the letters in its first group (`JT1-1234567-89`).
    if (value.kind === 'laser' && groups.reduce((a, b) => a + b, 0) === length + LASER_CODE.letters) {
      groups[0]! -= LASER_CODE.letters;
      lettersJoined = true;
    }
  }

  // Separators: one kind per number, sometimes padded with spaces; wide gaps only after a label.
  // Boxes are spaced, not dotted or dashed.
  const boxes = groups.every((g) => g === 1);
  const sepChar = boxes ? rng.pick(ctx.writable([' ', ' ', ' ', '\u00A0', '\u2002'])) : rng.chance(0.75) ? rng.pick(ctx.writable(['-', '-', ' ', ' ', '.'])) : rng.pick(ctx.writable(GROUP_SEPARATORS));
  let sep = sepChar !== ' ' && rng.chance(0.1) ? ` ${sepChar} ` : sepChar;
  if (options.explicit && groups.length > 1 && rng.chance(0.06)) {
    sep = ' '.repeat(rng.int(3, MAX_GAP));
    tags.push('gap:wide');
  }
  if (groups.length > 1 && style !== 'bracketed') tags.push(`sep:${sepName(sep)}`);

  const parts: string[] = [];
  let at = start;
  for (const size of groups) {
    parts.push(chars.slice(at, at + size).join(''));
    at += size;
  }
  let text: string;
  if (style === 'bracketed') {
    const [open, close] = rng.chance(0.1) && ctx.canWrite('\uFF08') ? ['\uFF08', '\uFF09'] : ['(', ')'];
    text = `${open}${parts[0]}${close}${rng.pick([' ', ' ', ''])}${parts.slice(1).join(sep)}`;
  } else {
    // Break the line after a separator, as a wrapped cell or a narrow column does.
    // …between groups, with at least 3 positions on each side (`1-1020-` / `30405-06-1`).
    const cuts = parts.flatMap((_, i) => (i > 0 && groups.slice(0, i).reduce((a, b) => a + b, 0) >= 3 && groups.slice(i).reduce((a, b) => a + b, 0) >= 3 ? [i] : []));
    const breakAt = options.mayBreak && cuts.length && rng.chance(0.1) ? rng.pick(cuts) : 0;
    if (breakAt) tags.push('break:line');
    text = parts.map((p, i) => (i === 0 ? p : (i === breakAt ? sep.trimEnd() + '\n' : sep) + p)).join('');
    if (value.kind === 'laser') {
      const gap = lettersJoined || groups[0] === 0 ? '' : rng.pick(['', '', '', ' ', '-']);
      if (gap) tags.push(`laser:after-letters:${sepName(gap)}`);
      text = value.letters + gap + text;
    }
    text = prefix + text;
  }
  if (rng.chance(0.07) && ctx.canWrite('\u200B')) {
    const zw = rng.pick(ctx.writable([...ZERO_WIDTH]));
    const cut = rng.int(1, text.length - 1);
    text = text.slice(0, cut) + zw + text.slice(cut);
    tags.push(`zw:${codePoint(zw)}`);
  }
  if (ctx.format === 'pdf' && !options.plain && !text.includes('\n') && rng.chance(0.1)) {
    text = SPACED_START + text + SPACED_END;
    tags.push('pdf:letter-spaced');
  }
  const label = {
    type: TYPE[value.kind],
    value: (value.letters ?? '') + normalized,
    status,
    ...(value.kind === 'id' ? { checksum_valid: value.checksumValid !== false } : {}),
    tags,
  };
  return { text, finding: label };
}

/** Converts ASCII digits to the given system. */
export const inDigits = (s: string, system: DigitSystem): string => s.replace(/\d/g, (d) => String.fromCharCode(DIGIT_SYSTEMS[system] + Number(d)));

/** An identifier after one of its labels: `เลขบัตรประชาชน : 1-2345-…`, padded or glued. */
export function labelled(ctx: Ctx, value: Value, labels: readonly string[], options: RenderOptions = {}): Piece[] {
  const { rng } = ctx;
  const label = rng.pick(labels);
  const wide = rng.chance(0.06);
  // A laser code's letters glued to a label's letters cannot be told apart: never glued.
  const gap = wide ? ' '.repeat(rng.int(4, 12)) : rng.pick([' ', ' ', ': ', ' : ', value.kind === 'laser' ? ' ' : '', ' ']);
  const piece = render(ctx, value, { explicit: true, ...options, extraTags: [`label:${label}`, ...(wide ? ['gap:label-wide'] : []), ...(options.extraTags ?? [])] });
  return [{ text: label + gap }, piece];
}

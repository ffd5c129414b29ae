// The written-forms model: every way of writing an identifier that the detector accepts, in one
// place. The character scan (characters.ts) builds its classes from it, the detector (detect.ts)
// judges groupings and phone prefixes by it, and the test-document generator (test/generate/)
// draws its forms from it, so that a form added here is generated and measured in every format.
//
// A number is a sequence of positions (digits or mask characters) split into groups by runs of
// separators. Which groupings, digit systems, masks and separators Thai documents use is below.

/** Digit systems: the code point of zero; the ten digits follow it. */
export const DIGIT_SYSTEMS = {
  ascii: 0x30,
  /** Thai ๐–๙, common in official letters and announcements. */
  thai: 0x0e50,
  /** Full-width ０–９, from East Asian input methods and some PDF fonts. */
  fullwidth: 0xff10,
} as const;
export type DigitSystem = keyof typeof DIGIT_SYSTEMS;

/**
 * Characters that hide a digit: X and x (ASCII and full-width), asterisks, bullets and circles
 * (filled and hollow, as Thai forms print ○○○○), the multiplication sign, hash, and the
 * ballot-box-like squares some templates use.
 */
export const MASK_CHARACTERS = 'Xx\uFF38\uFF58*\uFF0A\u2217\u204E\u2731\u25CF\u2022\u25CB\u25EF\u26AB\u2B24\u00D7#\u25A0\u25A1\u2715\u2716';

/**
 * Characters between digit groups: spaces of every width (no-break, thin, figure, ideographic),
 * hyphens and dashes of every kind (the minus sign included, which PDF fonts map dashes to),
 * dots and middle dots (and the dot operators PDF fonts map them to), not slashes (dates), and
 * brackets around an area code: `(063) 720-1818`.
 */
export const SEPARATORS =
  ' \u00A0\u202F\u205F\u3000-\u2010\u2011\u2012\u2013\u2014\u2212\uFE63\uFF0D.\u00B7\u2027\u2219\u22C5()\uFF08\uFF09' + Array.from({ length: 11 }, (_, i) => String.fromCharCode(0x2000 + i)).join('');

const DASHES = '\\-\\u2010-\\u2014\\u2212\\uFE63\\uFF0D';
/** The hyphens and dashes among the separators. */
export const DASH = new RegExp(`[${DASHES}]`);
/** Separators that mark where a group ends (dashes and dots), so a number broken there at a line end goes on. */
export const GROUP_MARK = new RegExp(`[${DASHES}.\\u00B7\\u2027\\u2219\\u22C5]`);

/** Invisible characters that may sit anywhere inside a number and never count as a gap. */
export const ZERO_WIDTH = '\u200B\u200C\u200D\u2060\uFEFF\u00AD';

/**
 * Most separator characters between two positions of one number. Wide gaps are kept by people
 * who pad a number after a label (`3   451  000  50     5414`); a window that spans a gap wider
 * than usual counts only under an explicit label (its grouping is not one of the usual ones).
 */
export const MAX_GAP = 6;

/**
 * A line break inside a number: a line that ends in the middle of an identifier continues on the
 * next one (a wrapped table cell, a narrow column, `1-1020-` then `30405-06-1`). A window that
 * spans a break is taken only when its structure is strong: an ID whose check digit holds, a phone
 * broken at a dash.
 */
export const LINE_BREAKS = '\n\r\f\v\u2028\u2029';

/**
 * National ID groupings (sizes of the digit groups). 1-4-5-2-1 is the card's own; 1-2-1-3-5-1 the
 * Revenue Department's (`1-40-9-900-07433-0`); the others are how forms and spreadsheets split
 * it. One digit per box (13 groups of 1) is accepted too. Any other grouping counts only under an
 * explicit ID label.
 */
export const ID_GROUPINGS: readonly (readonly number[])[] = [[13], [1, 4, 5, 2, 1], [1, 2, 1, 3, 5, 1], [1, 12], [1, 4, 5, 3], [1, 4, 8], [4, 4, 5]];

/** Mobile groupings (10 positions in national form). */
export const MOBILE_GROUPINGS: readonly (readonly number[])[] = [[10], [3, 3, 4], [3, 7], [2, 4, 4], [3, 4, 3], [4, 3, 3], [2, 8], [4, 6], [2, 3, 5], [6, 4], [3, 3, 2, 2], [2, 2, 2, 4]];

/** Landline groupings (9 positions in national form). */
export const LANDLINE_GROUPINGS: readonly (readonly number[])[] = [[9], [2, 3, 4], [1, 4, 4], [3, 6], [3, 3, 3], [2, 7], [1, 8], [4, 5], [2, 4, 3], [5, 4]];

/** Laser code digit groupings after the two letters (`JT1-1234567-89`, `JT 1 1234567 89`). */
export const LASER_GROUPINGS: readonly (readonly number[])[] = [[1, 7, 2], [3, 7, 2], [10], [1, 9], [3, 5, 2], [2, 8], [4, 4, 2]];

export const groupingKey = (groups: readonly number[]): string => groups.join(',');
const keys = (groupings: readonly (readonly number[])[]): ReadonlySet<string> => new Set(groupings.map(groupingKey));
export const ID_GROUPING_KEYS = keys(ID_GROUPINGS);
export const MOBILE_GROUPING_KEYS = keys(MOBILE_GROUPINGS);
export const LANDLINE_GROUPING_KEYS = keys(LANDLINE_GROUPINGS);
export const LASER_GROUPING_KEYS = keys(LASER_GROUPINGS);

/** One digit (or mask) per box, as forms and letter-spaced PDFs print numbers. */
export const isBoxes = (grouping: string): boolean => /^1(,1)+$/.test(grouping);

/**
 * Thailand's national numbering plan for the numbers a person can be reached at, in national form
 * (leading 0). Source: the NBTC numbering plan as kept in Google's libphonenumber metadata for
 * region TH (PhoneNumberMetadata.xml: fixedLine `(?:1[0689]|2\d|3[2-9]|4[2-5]|5[2-6]|7[3-7])\d{6}`,
 * mobile `67(?:1[0-8]|2[4-7])\d{5}|(?:14|6[1-6]|[89]\d)\d{7}`, voip `6[08]\d{7}`).
 * Mobile and VoIP numbers have 10 positions, landlines 9. Prefixes the plan does not assign
 * (067x outside 0671x/0672x, 069, landline area codes 030–031, 040–041, 046–051, 057–072, 078–079)
 * are not phones.
 */
export const PHONE_PLAN = {
  mobile: ['014', '061', '062', '063', '064', '065', '066', ...range(6710, 6718), ...range(6724, 6727), '08', '09'],
  voip: ['060', '068'],
  landline: ['010', '016', '018', '019', '02', ...range(32, 39), ...range(42, 45), ...range(52, 56), ...range(73, 77)],
} as const;

function range(from: number, to: number): string[] {
  return Array.from({ length: to - from + 1 }, (_, i) => '0' + String(from + i));
}

export type PhoneKind = 'mobile' | 'landline';

/**
 * Whether a national-form value (ASCII digits, X for masked positions) is a number the plan
 * assigns: 'mobile' (mobile or VoIP, 10 positions) or 'landline' (9). A masked position matches
 * any digit.
 */
export function phoneKind(value: string): PhoneKind | undefined {
  if (value.length === 10 && TEN_POSITION_PREFIXES.some((prefix) => fits(value, prefix))) return 'mobile';
  if (value.length === 9 && PHONE_PLAN.landline.some((prefix) => fits(value, prefix))) return 'landline';
  return undefined;
}

const TEN_POSITION_PREFIXES: readonly string[] = [...PHONE_PLAN.mobile, ...PHONE_PLAN.voip];

function fits(value: string, prefix: string): boolean {
  for (let i = 0; i < prefix.length; i++) if (value[i] !== 'X' && value[i] !== prefix[i]) return false;
  return true;
}

/**
 * How the country code is written before a number: `+66 81 …`, `+66 (0) 81 …`, `(+66) 81 …`,
 * `0066 81 …`. The national 0 may stay in brackets after the code.
 */
export const INTERNATIONAL_PREFIXES = ['+66', '+66 (0)', '(+66)', '0066', '+66-'] as const;

/** Laser codes (the back of the ID card): two capital Latin letters, then 10 digits. */
export const LASER_CODE = { letters: 2, digits: 10 } as const;

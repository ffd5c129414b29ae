// Character classes of numbers as Thai documents write them: ASCII, Thai (๐–๙) and full-width
// digits, the many characters used to mask a digit, and the separators that PDF, OCR and
// people put between digits (spaces, no-break and zero-width spaces, dashes, dots).

const DIGITS = '0-9\u0E50-\u0E59\uFF10-\uFF19';
// X, x (ASCII and full-width), asterisks, bullets and circles, the multiplication sign, hash.
const MASKS = 'Xx\uFF38\uFF58*\uFF0A\u2217\u204E\u2731\u25CF\u2022\u25CB\u25EF\u26AB\u2B24\u00D7#';
// Spaces (incl. no-break, thin, ideographic), zero-width characters, dashes and dots.
const SEPARATORS = ' \u00A0\u2000-\u200D\u202F\u205F\u2060\u3000\uFEFF\\-\u2010\u2011\u2012\u2013.\u00B7';

/** One "position" of a number: a digit or a mask character. */
export const POSITION_CLASS = `[${DIGITS}${MASKS}]`;
export const SEPARATOR_CLASS = `[${SEPARATORS}]`;
/** At most 3 separators between two positions: wider gaps are layout, not grouping. */
export const CLUSTER_SOURCE = `${POSITION_CLASS}(?:${SEPARATOR_CLASS}{0,3}${POSITION_CLASS})*`;

const MASK_SET = new Set(Array.from('Xx\uFF38\uFF58*\uFF0A\u2217\u204E\u2731\u25CF\u2022\u25CB\u25EF\u26AB\u2B24\u00D7#'));

/** ASCII digit for any digit system, 'X' for a mask character, '' for anything else. */
export function positionChar(ch: string): string {
  const c = ch.charCodeAt(0);
  if (c >= 0x30 && c <= 0x39) return ch;
  if (c >= 0x0e50 && c <= 0x0e59) return String.fromCharCode(c - 0x0e50 + 0x30);
  if (c >= 0xff10 && c <= 0xff19) return String.fromCharCode(c - 0xff10 + 0x30);
  return MASK_SET.has(ch) ? 'X' : '';
}

export const isDigitChar = (ch: string): boolean => {
  const p = positionChar(ch);
  return p !== '' && p !== 'X';
};

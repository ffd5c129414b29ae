// The X4 rule applied to an identifier as it is written: 4 of its positions hidden by 'X'
// (IdentifierTypeSpec.maskedAt).
// Only digits change, one character for one, so the grouping (dashes, spaces), the length and
// the digit system of the digits left (Thai ๐–๙ stay Thai) are those of the original.
import { CHAR_CLASS, DIGIT, MASK } from '../detect/characters.ts';
import { IDENTIFIER_TYPES, type IdentifierType } from '../identifier-types.ts';

/** Which end of the number stays readable: `last` hides the first 4 digits (XXXX567890123). */
export type KeepSide = 'first' | 'last';

/**
 * The identifier (its digits, without a laser code's letters) with as many hidden positions as its
 * type asks for: positions already masked (X, *, •) count, and further digits are hidden from the
 * side that is not kept.
 */
export function maskX4(type: IdentifierType, original: string, keep: KeepSide): string {
  const { maskedAt } = IDENTIFIER_TYPES[type];
  const chars = [...original];
  let hidden = chars.filter((ch) => CHAR_CLASS[ch.charCodeAt(0)] === MASK).length;
  const order = chars.map((_, i) => i);
  if (keep === 'first') order.reverse();
  for (const i of order) {
    if (hidden >= maskedAt) break;
    if (CHAR_CLASS[chars[i]!.charCodeAt(0)] === DIGIT) {
      chars[i] = 'X';
      hidden++;
    }
  }
  return chars.join('');
}

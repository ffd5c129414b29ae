// Text that remembers where each character came from (an offset in a file, a glyph on a page),
// so that a number found in the text can be masked in the document itself.
import { CHAR_CLASS, DIGIT } from '../detect/characters.ts';

/** Marks a character the reader made (a line break for a tag, a decoded entity): it cannot be rewritten. */
export const MADE = -1;

export interface SourcedText {
  text: string;
  /** Per UTF-16 unit of text: its index in the source, or MADE. */
  origins: number[];
}

export const madeText = (text: string): SourcedText => ({ text, origins: new Array<number>(text.length).fill(MADE) });

const isDigit = (text: string, i: number): boolean => CHAR_CLASS[text.charCodeAt(i)] === DIGIT;

/**
 * The text after a rewrite that keeps every digit (Thai normalisation, whitespace folding): its
 * digits keep their origins, paired in order; other characters are MADE. Only digits are ever
 * masked, so that is all a mask needs.
 */
export function rewritten(before: SourcedText, text: string): SourcedText {
  const digitOrigins = before.origins.filter((_, i) => isDigit(before.text, i));
  const origins = new Array<number>(text.length).fill(MADE);
  let next = 0;
  for (let i = 0; i < text.length; i++) if (isDigit(text, i)) origins[i] = digitOrigins[next++] ?? MADE;
  if (next !== digitOrigins.length) throw new Error('a rewrite changed the digits of the text');
  return { text, origins };
}

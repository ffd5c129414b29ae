// Thai text as PDF fonts and OCR give it back: SARA AM split into NIKHAHIT + SARA AA, glyph
// variants in the Private Use Area (Windows Thai fonts shift tone marks and drop the tails of
// ฐ and ญ there). Normalized, so that labels and numbers read as they were typed.

// Private Use Area glyphs of the Windows/Mac Thai fonts: consonants without their lower part,
// and tone marks and vowels shifted left or down. Each maps to the character it draws.
const PUA: Record<number, string> = {
  63232: 'ฐ',
  63233: 'ญ',
  63234: 'ํ',
  63235: '่',
  63236: '้',
  63237: '๊',
  63238: '๋',
  63239: '์',
  63240: 'ํ',
  63241: '่',
  63242: '่',
  63243: '้',
  63244: '๊',
  63245: '๋',
  63246: '์',
  63247: 'ญ',
  63248: 'ั',
  63249: 'ํ',
  63250: '็',
  63251: '่',
  63252: '้',
  63253: '๊',
  63254: '๋',
  63255: '์',
  63256: 'ุ',
  63257: 'ู',
  63258: 'ฺ',
};

export function normalizeThai(text: string): string {
  return text.replace(/[\uF700-\uF71A]/g, (ch) => PUA[ch.charCodeAt(0)] ?? '').replace(/\u0E4D\u0E32/g, '\u0E33');
}

/**
 * normalizeThai, and where each character of the result is in `text` (a SARA AM at its
 * NIKHAHIT): for text whose every character may have to be found again on the page (OCR'd scans,
 * whose unread glyphs are covered). Slower than normalizeThai, so only used there.
 */
export function normalizeThaiSourced(text: string): { text: string; origins: number[] } {
  const chars: string[] = [];
  const origins: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const ch = code >= 0xf700 && code <= 0xf71a ? (PUA[code] ?? '') : text[i]!;
    if (ch === '') continue;
    if (ch === '\u0E32' && chars.at(-1) === '\u0E4D') chars[chars.length - 1] = '\u0E33';
    else {
      chars.push(ch);
      origins.push(i);
    }
  }
  return { text: chars.join(''), origins };
}

/**
 * A form of Thai text for matching words, tolerant of what extraction loses or adds: tone marks
 * and other diacritics dropped, SARA AM unified, and spaces between Thai letters removed (PDF
 * text often comes letter-spaced). Offsets change, order does not.
 */
export function foldThai(text: string): string {
  return normalizeThai(text)
    .replace(/[\u0E47-\u0E4C\u0E4E]/g, '')
    .replace(/(?<=[\u0E01-\u0E4F]) +(?=[\u0E01-\u0E4F])/g, '');
}

// Thai text as PDF fonts and OCR give it back: SARA AM split into NIKHAHIT + SARA AA, glyph
// variants in the Private Use Area (Windows Thai fonts shift tone marks and drop the tails of
// ฐ and ญ there). Normalized, so that labels and numbers read as they were typed.

// Private Use Area glyphs of the Windows/Mac Thai fonts: consonants without their lower part,
// and tone marks and vowels shifted left or down. Each maps to the character it draws.
const PUA: Record<number, string> = {
  0xf700: 'ฐ', 0xf701: 'ญ', 0xf702: 'ํ', 0xf703: '่', 0xf704: '้', 0xf705: '๊', 0xf706: '๋', 0xf707: '์',
  0xf708: 'ํ', 0xf709: '่', 0xf70a: '่', 0xf70b: '้', 0xf70c: '๊', 0xf70d: '๋', 0xf70e: '์', 0xf70f: 'ญ',
  0xf710: 'ั', 0xf711: 'ํ', 0xf712: '็', 0xf713: '่', 0xf714: '้', 0xf715: '๊', 0xf716: '๋', 0xf717: '์',
  0xf718: 'ุ', 0xf719: 'ู', 0xf71a: 'ฺ',
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

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ocrPageText, ocrText } from '../../shared/extract/scanned.ts';
import { normalizeThai, normalizeThaiSourced } from '../../shared/thai.ts';
import { detect, key, keys, withCheckDigit, withWrongCheckDigit } from '../helpers.ts';

const ID = withCheckDigit('321010279100');

describe('OCR text', () => {
  it('reads a run of Thai ones as the mask bullets OCR mistook them for', () => {
    const text = ocrText('มือถือ ๐๘๑-๑๓๗-๑๑๑๑');
    expect(keys(detect([{ text, location: {}, ocr: true }]))).toEqual([key('phone', 'masked', '081137XXXX')]);
  });

  it('reads a Thai one touching bullets as a bullet only where no digit touches it from the other side', () => {
    // ●-●●●6-09157-50-5 with its first bullet read as ๑: masked.
    expect(ocrText('๑-●●●๖-๐๙๑๕๗-๕๐-๕')).toBe('●-●●●๖-๐๙๑๕๗-๕๐-๕');
    expect(ocrText('๑●●●')).toBe('●●●●');
    // ๓-๒๒๐๙-๐๘๘๗๗-๑●-●: the last three digits masked, the ๑ before them a digit.
    expect(ocrText('๓-๒๒๐๙-๐๘๘๗๗-๑●-●')).toBe('๓-๒๒๐๙-๐๘๘๗๗-๑●-●');
    expect(ocrText('●●●●๑๒๓')).toBe('●●●●๑๒๓');
  });

  it('does not report IDs whose check digit fails in OCR text: they are misreads', () => {
    const typo = withWrongCheckDigit('321010279100');
    expect(detect([{ text: `เลขประจำตัวประชาชน ${typo}`, location: {}, ocr: true }])).toEqual([]);
    expect(detect([{ text: `เลขประจำตัวประชาชน ${typo}`, location: {} }])).toHaveLength(1);
    expect(detect([{ text: `เลขประจำตัวประชาชน ${ID}`, location: {}, ocr: true }])).toHaveLength(1);
  });
});

describe('OCR text traced back to the lines read', () => {
  const thai = fc.string({ unit: fc.constantFrom('ก', 'ํ', 'า', '\uF70A', '\uF700', '1', '๒', ' ', '?', '-', '\uF702') });

  it('normalises as normalizeThai does, each character from its place in the text read', () => {
    fc.assert(
      fc.property(thai, (text) => {
        const { text: normalized, origins } = normalizeThaiSourced(text);
        expect(normalized).toBe(normalizeThai(text));
        expect(origins).toHaveLength(normalized.length);
        // The same character, or the NIKHAHIT of a SARA AM, or the font-private glyph it draws.
        origins.forEach((o, i) => expect(text[o] === normalized[i] || (normalized[i] === 'ำ' && text[o] === 'ํ') || text.charCodeAt(o) >= 0xf700).toBe(true));
      }),
    );
  });

  it('places a span OCR could not read on the page text, past a SARA AM the normalisation merged', () => {
    const lines = [{ text: 'จํานวน 12', confidence: 90 }, { text: 'ประจํา ??-????', confidence: 50, unreadable: [{ start: 7, end: 14 }] }];
    const { text, unreadable } = ocrPageText(lines);
    expect(text).toBe('จำนวน 12\nประจำ ??-????');
    expect(unreadable.map((u) => text.slice(u.start, u.end))).toEqual(['??-????']);
  });
});

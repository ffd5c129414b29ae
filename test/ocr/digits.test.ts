import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { betterReading, classifyGlyph, readNumberSpan } from '../../shared/ocr/digits.ts';
import { type GrayImage, components, estimateSkew } from '../../shared/ocr/glyphs.ts';
import { ocrText } from '../../shared/extract/scanned.ts';
import { dashed, detect, key, keys, withCheckDigit, withWrongCheckDigit } from '../helpers.ts';

const ID = withCheckDigit('321010279100');

/** A white page with black rectangles. */
function page(width: number, height: number, rects: Array<[number, number, number, number]>): GrayImage {
  const gray = new Uint8Array(width * height).fill(255);
  for (const [x, y, w, h] of rects) for (let yy = y; yy < y + h; yy++) gray.fill(0, yy * width + x, yy * width + x + w);
  return { width, height, gray };
}

describe('glyph reading of numbers', () => {
  it('classifies each template as its own label', () => {
    const { templates } = JSON.parse(readFileSync(join(import.meta.dirname, '../../shared/ocr/digit-templates.json'), 'utf8')) as { templates: Array<{ label: string; char: string; f: string }> };
    const thaiDigits = templates.filter((t) => /[๐-๙]/.test(t.char));
    const right = thaiDigits.filter((t) => classifyGlyph(Float32Array.from(Buffer.from(t.f, 'base64'), (v) => v / 255)).label === t.label);
    expect(right.length / thaiDigits.length).toBeGreaterThan(0.97);
  });

  it('erases table rules before splitting glyphs, so glyphs touching a border stay apart', () => {
    // Two blobs standing on a long horizontal rule.
    const image = page(200, 40, [[10, 30, 180, 2], [30, 10, 12, 21], [80, 10, 12, 21]]);
    const box = { x0: 0, y0: 0, x1: 200, y1: 40 };
    expect(components(image, box, 128).components).toHaveLength(1);
    expect(components(image, box, 128, 60).components).toHaveLength(2);
  });

  it('reads separators from the shapes and gaps between glyphs', () => {
    // Blob, dash, blob, wide gap, blob.
    const image = page(220, 40, [[10, 8, 14, 22], [30, 18, 10, 3], [46, 8, 14, 22], [120, 8, 14, 22]]);
    const reading = readNumberSpan(image, { x0: 5, y0: 6, x1: 140, y1: 32 });
    expect(reading?.text).toMatch(/^\S-\S \S$/);
  });

  it('takes the glyph reading only where it makes more valid IDs', () => {
    const misread = ID.slice(0, 5) + '3' + ID.slice(6);
    expect(betterReading(dashed(misread), dashed(ID))).toBe(dashed(ID));
    expect(betterReading(dashed(ID), dashed(misread))).toBe(dashed(ID));
    expect(betterReading('12 ราย', '12 3X')).toBe('12 ราย');
    // Signs no number has are Tesseract's readings of mask characters.
    expect(betterReading('%<-(%02-08801-92-9', 'X-XX02-08801-92-9')).toBe('X-XX02-08801-92-9');
  });
});

describe('skew', () => {
  it('finds the angle at which rows of text line up', () => {
    for (const degrees of [-1.6, 0, 1.2]) {
      // Dashed "text lines" drawn at the angle, as rows of a tilted scan.
      const width = 800;
      const height = 600;
      const gray = new Uint8Array(width * height).fill(255);
      const tan = Math.tan((degrees * Math.PI) / 180);
      for (let row = 60; row < 560; row += 40)
        for (let x = 20; x < 780; x++) if (x % 12 < 8) for (let t = 0; t < 4; t++) gray[Math.round(row + t + x * tan) * width + x] = 0;
      expect(Math.abs(estimateSkew({ width, height, gray }, 128) - degrees)).toBeLessThanOrEqual(0.2);
    }
  });
});

describe('OCR text', () => {
  it('reads a run of Thai ones as the mask bullets OCR mistook them for', () => {
    const text = ocrText('มือถือ ๐๘๑-๑๓๗-๑๑๑๑');
    expect(keys(detect([{ text, location: {}, ocr: true }]))).toEqual([key('phone', 'masked', '081137XXXX')]);
  });

  it('does not report IDs whose check digit fails in OCR text: they are misreads', () => {
    const typo = withWrongCheckDigit('321010279100');
    expect(detect([{ text: `เลขประจำตัวประชาชน ${typo}`, location: {}, ocr: true }])).toEqual([]);
    expect(detect([{ text: `เลขประจำตัวประชาชน ${typo}`, location: {} }])).toHaveLength(1);
    expect(detect([{ text: `เลขประจำตัวประชาชน ${ID}`, location: {}, ocr: true }])).toHaveLength(1);
  });
});

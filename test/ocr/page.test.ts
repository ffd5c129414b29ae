import { describe, expect, it } from 'vitest';
import { type GrayImage, estimateSkew, ruleBetween } from '../../shared/ocr/page.ts';

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

describe('table rules between words', () => {
  // Two 20 px tall "words" 40 px apart on a white row, with or without a rule between them.
  function row(rule: 'none' | 'border' | 'stroke'): GrayImage {
    const width = 120;
    const height = 60;
    const gray = new Uint8Array(width * height).fill(255);
    const draw = (x0: number, x1: number, y0: number, y1: number) => {
      for (let y = y0; y < y1; y++) gray.fill(0, y * width + x0, y * width + x1);
    };
    draw(10, 30, 20, 40);
    draw(70, 90, 20, 40);
    if (rule === 'border') draw(50, 52, 0, 60);
    // A glyph's stroke: as tall as the words, no taller.
    if (rule === 'stroke') draw(50, 52, 20, 40);
    return { width, height, gray };
  }
  const left = { x0: 10, y0: 20, x1: 30, y1: 40 };
  const right = { x0: 70, y0: 20, x1: 90, y1: 40 };

  it('finds a column border that runs past the text, not a stroke as tall as it', () => {
    expect(ruleBetween(row('border'), left, right)).toBe(true);
    expect(ruleBetween(row('stroke'), left, right)).toBe(false);
    expect(ruleBetween(row('none'), left, right)).toBe(false);
  });
});

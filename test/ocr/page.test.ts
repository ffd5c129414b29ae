import { describe, expect, it } from 'vitest';
import { type GrayImage, estimateSkew, inkExtent, ruleBetween, unreadInk } from '../../shared/ocr/page.ts';

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

/** A white image with black rectangles [x0, x1, y0, y1]. */
function image(width: number, height: number, rects: Array<[number, number, number, number]>): GrayImage {
  const gray = new Uint8Array(width * height).fill(255);
  for (const [x0, x1, y0, y1] of rects) for (let y = y0; y < y1; y++) gray.fill(0, y * width + x0, y * width + x1);
  return { width, height, gray };
}

describe('the ink of a line', () => {
  it('fits a box that took in a table row border to the text between the borders', () => {
    // Row borders at 10 and 50, column borders at 0 and 199, "digits" from 22 to 38.
    const glyphs = Array.from({ length: 10 }, (_, i): [number, number, number, number] => [10 + i * 18, 22 + i * 18, 22, 38]);
    const cell = image(200, 60, [[0, 200, 10, 12], [0, 200, 50, 52], [0, 2, 0, 60], [198, 200, 0, 60], ...glyphs]);
    expect(inkExtent(cell, { x0: 5, y0: 11, x1: 195, y1: 51 }, 10)).toEqual({ x0: 5, y0: 22, x1: 195, y1: 38 });
  });

  it('grows a box that cut the tops and bottoms of glyphs, within its reach', () => {
    const line = image(100, 60, [[10, 90, 20, 40]]);
    expect(inkExtent(line, { x0: 10, y0: 25, x1: 90, y1: 35 }, 8)).toEqual({ x0: 10, y0: 20, x1: 90, y1: 40 });
    expect(inkExtent(line, { x0: 10, y0: 25, x1: 90, y1: 35 }, 2)).toEqual({ x0: 10, y0: 23, x1: 90, y1: 37 });
  });
});

describe('ink no word was read in', () => {
  it('finds text beside the words of a row, joined across small gaps, and not rules or specks', () => {
    const row = image(400, 40, [
      [10, 60, 10, 30], // a word the engine read
      [100, 110, 12, 30], [114, 124, 12, 30], [128, 138, 12, 30], [150, 160, 12, 30], // unread digits
      [250, 252, 0, 40], // a column rule
      [300, 303, 18, 21], // a speck
    ]);
    expect(unreadInk(row, { x0: 0, y0: 10, x1: 400, y1: 30 }, [{ x0: 10, y0: 10, x1: 60, y1: 30 }], { joinGap: 20, minWidth: 40 })).toEqual([
      { x0: 100, y0: 10, x1: 160, y1: 30 },
    ]);
  });
});

import { describe, expect, it } from 'vitest';
import { type GrayImage, boxRows, estimateSkew, forPageEngine, inkExtent, ruleBetween, unreadInk, widenToInk, withoutRules } from '../../shared/ocr/page.ts';

describe('skew', () => {
  it('finds the angle at which rows of text line up', () => {
    for (const degrees of [-1.6, 0, 1.2]) {
      // Dashed "text lines" drawn at the angle, as rows of a tilted scan.
      const width = 800;
      const height = 600;
      const gray = new Uint8Array(width * height).fill(255);
      const tan = Math.tan((degrees * Math.PI) / 180);
      for (let row = 60; row < 560; row += 40) for (let x = 20; x < 780; x++) if (x % 12 < 8) for (let t = 0; t < 4; t++) gray[Math.round(row + t + x * tan) * width + x] = 0;
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
function image(width: number, height: number, rects: Array<[number, number, number, number]>, paper = 255): GrayImage {
  const gray = new Uint8Array(width * height).fill(paper);
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
      [100, 110, 12, 30],
      [114, 124, 12, 30],
      [128, 138, 12, 30],
      [150, 160, 12, 30], // unread digits
      [250, 252, 0, 40], // a column rule
      [300, 303, 18, 21], // a speck
    ]);
    expect(unreadInk(row, { x0: 0, y0: 10, x1: 400, y1: 30 }, [{ x0: 10, y0: 10, x1: 60, y1: 30 }], { joinGap: 20, minWidth: 40 })).toEqual([{ x0: 100, y0: 10, x1: 160, y1: 30 }]);
  });
});

const at = ({ width, gray }: GrayImage, x: number, y: number): number => gray[y * width + x]!;

describe('rules painted out for the page engine', () => {
  it('paints long rules in the colour of the paper and leaves the strokes of glyphs, on white and grey paper', () => {
    for (const paper of [255, 205]) {
      // A 600 × 900 page: a table's row border and column border, a glyph and a stem as tall as a line.
      const page = withoutRules(
        image(
          600,
          900,
          [
            [20, 580, 100, 103],
            [300, 302, 50, 850],
            [40, 65, 200, 225],
            [80, 84, 200, 225],
          ],
          paper,
        ),
      );
      expect([at(page, 200, 101), at(page, 301, 400)]).toEqual([paper, paper]);
      expect([at(page, 50, 210), at(page, 82, 210)]).toEqual([0, 0]);
    }
  });
});

describe('the page as the page engine reads it', () => {
  it('makes the faint noise of a scan paper and keeps ink, grey ink included, on white and grey paper', () => {
    for (const paper of [255, 205]) {
      const page = image(600, 900, [[40, 65, 200, 225]], paper);
      // Noise a little darker than the paper on every fourth pixel; a grey stroke at 70% of the paper.
      for (let i = 0; i < page.gray.length; i += 4) if (page.gray[i] === paper) page.gray[i] = Math.round(paper * 0.9);
      for (let y = 300; y < 320; y++) page.gray.fill(Math.round(paper * 0.7), y * 600 + 100, y * 600 + 104);
      const plain = forPageEngine(page);
      // Paper comes out white whatever its grey; ink keeps its share of the paper's brightness.
      expect(at(plain, 500, 800)).toBe(255);
      expect(at(plain, 50, 210)).toBe(0);
      expect(Math.abs(at(plain, 102, 310) - 0.7 * 255)).toBeLessThan(3);
    }
  });

  it('makes dense grey speckle and tiny specks paper, and keeps small dark marks and faint strokes with a darker core', () => {
    const page = image(600, 900, [[100, 103, 400, 403]]);
    // Speckle on a sixth of the pixels at 82–86% of the paper, never darker: noise, not ink.
    let seed = 7;
    const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    for (let i = 0; i < page.gray.length; i++) if (page.gray[i] === 255 && random() < 1 / 6) page.gray[i] = 209 + Math.floor(random() * 10);
    // Darker specks of a pixel or two, at 60% of the paper: too small and too light for a glyph's dot.
    for (let x = 20; x < 580; x += 40) {
      for (let y = 149; y <= 151; y++) page.gray.fill(255, y * 600 + x - 1, y * 600 + x + 3);
      page.gray.fill(153, 150 * 600 + x, 150 * 600 + x + 1 + (x % 80 === 20 ? 1 : 0));
    }
    // A faint stroke: 84% at its edges, 72% at its core (a blurred thin glyph).
    for (let y = 500; y < 520; y++) page.gray.set([214, 184, 214], y * 600 + 300);
    const plain = forPageEngine(page);
    const dark = (x0: number, x1: number, y0: number, y1: number) => {
      let count = 0;
      for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) if (at(plain, x, y) < 230) count++;
      return count;
    };
    expect(dark(0, 600, 0, 300)).toBe(0);
    expect(at(plain, 101, 401)).toBe(0);
    expect(dark(300, 303, 500, 520)).toBe(60);
  });

  it('evens out uneven light: ink on the dim side is as dark against its paper as on the bright side', () => {
    // Paper from 140 on the left to 255 on the right; glyphs at half the paper's brightness there.
    const [width, height] = [900, 600];
    const gray = new Uint8Array(width * height);
    const paperAt = (x: number) => Math.round(140 + (115 * x) / (width - 1));
    for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) gray[y * width + x] = paperAt(x);
    for (const x0 of [60, 820]) for (let y = 300; y < 320; y++) for (let x = x0; x < x0 + 20; x++) gray[y * width + x] = Math.round(paperAt(x) / 2);
    const plain = forPageEngine({ width, height, gray });
    for (const x of [30, 450, 870]) expect(at(plain, x, 100)).toBeGreaterThanOrEqual(250);
    for (const x of [70, 830]) expect(Math.abs(at(plain, x, 310) - 128)).toBeLessThan(12);
  });
});

describe('rows of ID boxes', () => {
  // Boxes 30 px wide, edges at y 10 and 46, "digits" 18–38 (the page engine's band), in groups
  // 1-4-5-2-1 with a 20 px dash between groups.
  function boxedId(): GrayImage {
    const rects: Array<[number, number, number, number]> = [];
    let x = 20;
    for (const group of [1, 4, 5, 2, 1]) {
      rects.push([x, x + group * 30 + 2, 10, 12], [x, x + group * 30 + 2, 46, 48]);
      for (let box = 0; box <= group; box++) rects.push([x + box * 30, x + box * 30 + 2, 10, 48]);
      for (let box = 0; box < group; box++) rects.push([x + box * 30 + 10, x + box * 30 + 22, 18, 38]);
      x += group * 30 + 22;
      rects.push([x - 16, x - 6, 28, 30]);
    }
    return image(x + 20, 60, rects);
  }
  const band = (width: number) => ({ x0: 0, x1: width, y0: 18, y1: 38 });

  it('finds a row of boxes, joined across the dashes between its groups, from edge to edge', () => {
    const row = boxedId();
    expect(boxRows(row, band(row.width))).toEqual([{ x0: 20, y0: 11, x1: row.width - 40, y1: 47 }]);
  });

  it('finds none in a table row (cells wider than boxes) or in text without edges above and below it', () => {
    const tableRow = image(600, 60, [
      [0, 600, 10, 12],
      [0, 600, 46, 48],
      [0, 2, 10, 48],
      [200, 202, 10, 48],
      [400, 402, 10, 48],
      [598, 600, 10, 48],
      [20, 30, 18, 38],
      [40, 50, 18, 38],
    ]);
    expect(boxRows(tableRow, band(600))).toEqual([]);
    // Digits with strokes along their tops and bottoms (7, 5, 2) inside the band.
    const digits = image(
      600,
      60,
      Array.from({ length: 13 }, (_, i): [number, number, number, number][] => [
        [20 + i * 30, 40 + i * 30, 18, 20],
        [20 + i * 30, 40 + i * 30, 36, 38],
        [38 + i * 30, 40 + i * 30, 18, 38],
      ]).flat(),
    );
    expect(boxRows(digits, band(600))).toEqual([]);
  });
});

describe('a number span widened to the ink around it', () => {
  // Glyphs 10 px wide with 4 px gaps from x 100 to 254, 20 px high; the engine's span starts at 156.
  const glyphs = Array.from({ length: 12 }, (_, i): [number, number, number, number] => [100 + i * 14, 110 + i * 14, 20, 40]);
  const span = { x0: 156, y0: 20, x1: 264, y1: 40 };
  const limits = { maxGap: 12, maxWiden: 100 };

  it('takes in the glyphs the engine left out at its ends', () => {
    expect(widenToInk(image(400, 60, glyphs), span, limits, [])).toEqual({ ...span, x0: 100, x1: 264 });
  });

  it('stops at a rule, at a word of the row, at a wide gap, and after maxWiden columns', () => {
    expect(widenToInk(image(400, 60, [...glyphs, [125, 127, 0, 60]]), span, limits, []).x0).toBe(128);
    expect(widenToInk(image(400, 60, glyphs), span, limits, [{ x0: 90, y0: 20, x1: 130, y1: 40 }]).x0).toBe(130);
    expect(widenToInk(image(400, 60, [...glyphs, [40, 80, 20, 40]]), span, limits, []).x0).toBe(100);
    expect(widenToInk(image(400, 60, glyphs), span, { ...limits, maxWiden: 30 }, []).x0).toBe(128);
  });
});

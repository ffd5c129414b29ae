// Where OCR'd characters are drawn: glyphs found in a number span's ink, paired with the number
// model's reading; symbol boxes through a row's pieces; boxes turned back off a straightened page;
// and the OCR text's digits traced to the characters the engine read.
import { describe, expect, it } from 'vitest';
import { ocrPageText } from '../../shared/extract/scanned.ts';
import { type Box, type OcrWord, readingBoxes, rowLine, rowPieces, shareBox } from '../../shared/ocr/layout.ts';
import { type GrayImage, glyphBoxes, unskewBox } from '../../shared/ocr/page.ts';

/** A white image with black rectangles [x0, x1, y0, y1]. */
function image(width: number, height: number, rects: Array<[number, number, number, number]>): GrayImage {
  const gray = new Uint8Array(width * height).fill(255);
  for (const [x0, x1, y0, y1] of rects) for (let y = y0; y < y1; y++) gray.fill(0, y * width + x0, y * width + x1);
  return { width, height, gray };
}

const box = (x0: number, x1: number, y0 = 10, y1 = 30): Box => ({ x0, y0, x1, y1 });
const spans = (boxes: ReadonlyArray<Box | undefined>) => boxes.map((b) => b && [b.x0, b.x1]);

describe('glyphs in the ink of a number span', () => {
  it('splits the ink at blank columns, each glyph as tall as the span', () => {
    // "1-23" at 20 px: digits 12 px wide, a dash 6 px wide and 3 px tall.
    const ink = image(100, 40, [
      [10, 22, 10, 30],
      [25, 31, 19, 22],
      [34, 46, 10, 30],
      [49, 61, 12, 30],
    ]);
    expect(glyphBoxes(ink, box(10, 61))).toEqual([box(10, 22), box(25, 31), box(34, 46), box(49, 61)]);
  });

  it('joins a sliver a blurred stroke broke off to its glyph, and leaves out specks', () => {
    // A 12 px digit whose right stroke is 2 px apart by one blank column; a one-pixel speck.
    const ink = image(100, 40, [
      [10, 19, 10, 30],
      [20, 22, 10, 30],
      [30, 31, 15, 16],
      [40, 52, 10, 30],
    ]);
    expect(glyphBoxes(ink, box(10, 52))).toEqual([box(10, 22), box(40, 52)]);
  });

  it('ignores a table rule across the span, and follows a glyph the box cut to where its ink ends, short of a rule', () => {
    const ink = image(100, 40, [
      [0, 100, 10, 11],
      [4, 6, 0, 40],
      [6, 18, 10, 30],
      [22, 34, 10, 30],
    ]);
    expect(glyphBoxes(ink, box(10, 34))).toEqual([box(6, 18), box(22, 34)]);
  });

  it('tells faint glyphs apart at a lighter threshold', () => {
    const ink = image(100, 40, [
      [10, 22, 10, 30],
      [24, 36, 10, 30],
    ]);
    for (let y = 10; y < 30; y++) ink.gray.fill(150, y * 100 + 16, y * 100 + 18);
    expect(glyphBoxes(ink, box(10, 36))).toHaveLength(3);
    expect(glyphBoxes(ink, box(10, 36), 160)).toEqual([box(10, 22), box(24, 36)]);
  });
});

describe('boxes of a number reading', () => {
  const glyphs = [box(0, 10), box(14, 24), box(28, 38), box(50, 60), box(64, 74)];

  it('pairs the glyphs in order with the characters that are not spaces', () => {
    expect(spans(readingBoxes('12 345', [glyphs], box(0, 74)))).toEqual([[0, 10], [14, 24], undefined, [28, 38], [50, 60], [64, 74]]);
  });

  it('takes the first segmentation with as many glyphs as the reading has characters', () => {
    const merged = [box(0, 24), ...glyphs.slice(2)];
    expect(spans(readingBoxes('12345', [merged, glyphs], box(0, 74)))).toEqual(spans(glyphs));
  });

  it("does not trust a count that matches by accident: two glyphs run together and a rule's sliver", () => {
    // "X-XX12": the two Xs touch (one 24 px segment); a 2 px sliver of a table rule at the end.
    const segments = [box(0, 12), box(14, 18), box(20, 44), box(46, 58), box(60, 72), box(80, 82)];
    expect(spans(readingBoxes('X-XX12', [segments], box(0, 82)))).toEqual([
      [0, 12],
      [14, 18],
      [20, 32],
      [32, 44],
      [46, 58],
      [60, 72],
    ]);
  });

  it('pairs group by group where only the groups and the clusters of glyphs agree', () => {
    // "123 45" over glyph clusters [0..45] and [60..84]; the first cluster has a glyph too many.
    const extra = [box(0, 10), box(14, 24), box(26, 33), box(35, 45), box(60, 70), box(74, 84)];
    expect(spans(readingBoxes('123 45', [extra], box(0, 84)))).toEqual([[0, 15], [15, 30], [30, 45], undefined, [60, 70], [74, 84]]);
  });

  it('shares the ink box out otherwise, a dash narrower than a digit', () => {
    const boxes = readingBoxes('1-2', [[box(0, 5)]], box(0, 26));
    expect(spans(boxes)).toEqual([
      [0, 10],
      [10, 16],
      [16, 26],
    ]);
    expect(spans(shareBox('1 2', box(0, 26)))).toEqual([[0, 10], undefined, [16, 26]]);
  });
});

describe('boxes of a row', () => {
  /** A word of one symbol per character, each `w` pixels wide, starting at x. */
  function word(text: string, x: number, w = 10): OcrWord {
    const symbols = [...text].map((ch, i) => ({ text: ch, bbox: { x0: x + i * w, y0: 0, x1: x + (i + 1) * w, y1: 20 } }));
    return { text, bbox: { x0: x, y0: 0, x1: x + text.length * w, y1: 20 }, symbols, confidence: 90 };
  }

  it("gives each character of the line its symbol's box, and spaces none", () => {
    const { text, boxes } = rowLine(rowPieces([word('นาง', 0), word('๑๒', 100), word('๓๔', 130)]));
    expect(text).toBe('นาง ๑๒ ๓๔');
    expect(boxes).toHaveLength(text.length);
    expect(boxes.map((b, i) => (b ? `${text[i]}@${b.x0}` : ' ')).join('')).toBe('น@0า@10ง@20 ๑@100๒@110 ๓@130๔@140');
  });
});

describe('boxes on a straightened page', () => {
  it('turns a box back about the page centre: the page was turned by -skew', () => {
    const page = { width: 200, height: 100 };
    expect(unskewBox(box(10, 20), 0, page.width, page.height)).toEqual(box(10, 20));
    // A quarter turn maps the point 50 px right of the centre (100, 50) to 50 px below it.
    const turned = unskewBox({ x0: 150, y0: 50, x1: 150, y1: 50 }, 90, page.width, page.height);
    expect([turned.x0, turned.y0, turned.x1, turned.y1].map((v) => Math.round(v))).toEqual([100, 100, 100, 100]);
  });
});

describe('OCR text traced to the characters read', () => {
  it('points each digit of the text detection reads at the same digit of the lines joined by line breaks', () => {
    // A tone mark in the Private Use Area, NIKHAHIT + SARA AA (one SARA AM), Thai ones read as bullets.
    const lines = [
      { text: 'เลขที่ ๑๒ ก\uF70Bอง', confidence: 90 },
      { text: 'จ\u0E4D\u0E32นวน 3 ๑๑๑๑', confidence: 90 },
    ];
    const joined = lines.map((l) => l.text).join('\n');
    const { text, origins } = ocrPageText(lines);
    expect(text).toBe('เลขที่ ๑๒ ก้อง\nจำนวน 3 ●●●●');
    expect(origins).toHaveLength(text.length);
    for (const [i, ch] of [...text].entries()) if (/[0-9๐-๙]/.test(ch)) expect(joined[origins[i]!]).toBe(ch);
  });
});

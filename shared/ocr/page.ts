// A page image made ready for reading: decoded, straightened when scanned askew, and kept as a
// canvas so that spans of it can be cut out and read again.
import { type Canvas, type Image, createCanvas, loadImage } from '@napi-rs/canvas';
import { PNG } from 'pngjs';
import { type ImageLimits, type Pixels, decodeImage } from '../extract/images.ts';
import { DEFAULT_LIMITS } from '../extract/index.ts';
import { type Box, median } from './layout.ts';

export interface GrayImage {
  width: number;
  height: number;
  /** One byte per pixel, 0 black … 255 white, row by row. */
  gray: Uint8Array;
}

export interface PreparedPage {
  /**
   * What the page engine reads: the page as PNG that leakscan wrote, straightened if it was askew,
   * in grey, made plain for it (forPageEngine).
   */
  bytes: Buffer;
  /** The same page, for cutting out spans. */
  canvas: Canvas;
  gray: GrayImage;
  /** Degrees the page was turned to straighten it (0: as given); see unskewBox. */
  skew: number;
}

/** Resampling blurs thin Thai strokes: only skews that move rows off their lines are undone. */
const MIN_SKEW_DEGREES = 0.8;

/**
 * The page decoded by the checked decoders (extract/images.ts), on white paper. The engine reads
 * PNG written from it, never the bytes given: its own decoder dies on hostile files.
 */
export async function preparePage(bytes: Uint8Array, limits: ImageLimits = DEFAULT_LIMITS): Promise<PreparedPage> {
  const page = onPaper(await decodeImage(bytes, limits));
  const { width, height } = page;
  const gray = toGray(page.data, width, height);
  const skew = estimateSkew(gray, 128);
  if (Math.abs(skew) < MIN_SKEW_DEGREES) return { bytes: encodeGray(forPageEngine(gray)), canvas: canvasOf(page), gray, skew: 0 };
  // Turned as an image decoded from the PNG (a grey scan stays grey): Skia resamples grey images,
  // RGBA ones and canvases a little differently, and the number model's cuts were tuned on the first.
  const straight = turned(await loadImage(encodePng(page)), skew);
  const { data } = straight.getContext('2d').getImageData(0, 0, width, height);
  const straightGray = toGray(data, width, height);
  return { bytes: encodeGray(forPageEngine(straightGray)), canvas: straight, gray: straightGray, skew };
}

/**
 * Lighter than this share of the paper's brightness is paper: the faint grey noise of a scan,
 * which on blank paper makes the page engine's sparse-text layout analysis take minutes (a
 * generated form's speckled blank half page: over 100 s; with its noise made paper, 1.3 s).
 */
const PAPER_NOISE = 0.88;

/**
 * A patch of ink none of whose pixels is darker than this share of the paper's brightness is a
 * speckle of scan noise: a glyph's strokes, dots and tone marks have dark cores. Dense grey
 * speckle the page engine binarises as ink; it then finds no text on a clean page (a generated
 * report: 4 characters read; with the speckles made paper, 875).
 */
const SPECKLE_CORE = 0.8;

/** A patch of at most this many pixels with no core darker than half the paper is a speck too: a glyph's dot is larger or darker. */
const SPECK_PIXELS = 3;

/** The page as the page engine reads it: evenly lit (evenlyLit), rules painted out (withoutRules), noise made paper (withoutNoise). */
export function forPageEngine(image: GrayImage): GrayImage {
  const even = evenlyLit(image);
  const paper = paperLevel(even);
  return withoutNoise(withoutRules(even, paper), paper);
}

/**
 * The page with its noise painted in the paper's colour: pixels lighter than PAPER_NOISE of the
 * paper, and each 8-connected patch of darker pixels that has no core darker than SPECKLE_CORE,
 * or is a speck (SPECK_PIXELS).
 */
export function withoutNoise(image: GrayImage, paper = paperLevel(image)): GrayImage {
  const { width, height } = image;
  const gray = new Uint8Array(image.gray);
  const [noise, core] = [paper * PAPER_NOISE, paper * SPECKLE_CORE];
  const ink = (i: number): boolean => gray[i]! < noise;
  // 1: seen; the patch being filled is listed in `patch` and painted when it has no core.
  const seen = new Uint8Array(gray.length);
  const patch = new Int32Array(gray.length);
  for (let start = 0; start < gray.length; start++) {
    if (seen[start] || !ink(start)) continue;
    seen[start] = 1;
    patch[0] = start;
    let [filled, length, darkest] = [0, 1, 255];
    while (filled < length) {
      const p = patch[filled++]!;
      darkest = Math.min(darkest, gray[p]!);
      const [x, y] = [p % width, (p / width) | 0];
      for (let dy = -1; dy <= 1; dy++) {
        if (y + dy < 0 || y + dy >= height) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const q = p + dy * width + dx;
          if (x + dx < 0 || x + dx >= width || seen[q] || !ink(q)) continue;
          seen[q] = 1;
          patch[length++] = q;
        }
      }
    }
    if (darkest >= core || (length <= SPECK_PIXELS && darkest >= paper / 2)) for (let k = 0; k < length; k++) gray[patch[k]!] = paper;
  }
  for (let i = 0; i < gray.length; i++) if (gray[i]! >= noise) gray[i] = paper;
  return { width, height, gray };
}

/** The side of the squares the paper's brightness is measured in: this share of the page's longer side, several lines of text. */
const PAPER_SQUARE = 1 / 30;

/**
 * The paper's brightness in a square: the level this share of its pixels is darker than. With up
 * to half the square ink, that is between the median and the upper quartile of its paper, which
 * scan noise spreads.
 */
const PAPER_SHARE = 0.75;

/**
 * The page as if evenly lit: each pixel divided by the paper's brightness around it, so that
 * paper is white everywhere. Scans and photos are lit unevenly (a page's grey left half, its
 * faded right columns); the page engine and every threshold here take one level for the page.
 * The paper's brightness is measured in squares of several lines (PAPER_SHARE), each taken as
 * the median of it and its neighbours (a square filled by a dark stamp or a bar of masks is not
 * paper), and interpolated between the squares' centres.
 */
export function evenlyLit(image: GrayImage): GrayImage {
  const { width, height, gray } = image;
  const side = Math.max(8, Math.round(Math.max(width, height) * PAPER_SQUARE));
  const [columns, rows] = [Math.ceil(width / side), Math.ceil(height / side)];
  const measured = new Float32Array(columns * rows);
  const counts = new Uint32Array(256);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < columns; c++) {
      counts.fill(0);
      const [x1, y1] = [Math.min(width, (c + 1) * side), Math.min(height, (r + 1) * side)];
      for (let y = r * side; y < y1; y++) for (let x = c * side; x < x1; x++) counts[gray[y * width + x]!]!++;
      const wanted = PAPER_SHARE * (x1 - c * side) * (y1 - r * side);
      let [level, seen] = [0, counts[0]!];
      while (seen < wanted && level < 255) seen += counts[++level]!;
      measured[r * columns + c] = level;
    }
  }
  const paper = new Float32Array(columns * rows);
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < columns; c++) {
      const around: number[] = [];
      for (let dr = -1; dr <= 1; dr++) for (let dc = -1; dc <= 1; dc++) if (r + dr >= 0 && r + dr < rows && c + dc >= 0 && c + dc < columns) around.push(measured[(r + dr) * columns + c + dc]!);
      paper[r * columns + c] = Math.max(1, median(around));
    }
  }
  // Bilinear between the squares' centres; at the edges the nearest centre.
  const at = (position: number, cells: number): [number, number, number] => {
    const f = Math.min(cells - 1, Math.max(0, position / side - 0.5));
    const i = Math.min(cells - 2, Math.floor(f));
    return cells === 1 ? [0, 0, 0] : [i, i + 1, f - i];
  };
  // Each column's squares and weight, worked out once rather than for every pixel of it.
  const across = Array.from({ length: width }, (_, x) => at(x, columns));
  const out = new Uint8Array(gray.length);
  for (let y = 0; y < height; y++) {
    const [r0, r1, fy] = at(y, rows);
    for (let x = 0; x < width; x++) {
      const [c0, c1, fx] = across[x]!;
      const top = paper[r0 * columns + c0]! * (1 - fx) + paper[r0 * columns + c1]! * fx;
      const bottom = paper[r1 * columns + c0]! * (1 - fx) + paper[r1 * columns + c1]! * fx;
      out[y * width + x] = Math.min(255, Math.round((255 * gray[y * width + x]!) / (top * (1 - fy) + bottom * fy)));
    }
  }
  return { width, height, gray: out };
}

/**
 * Ink, for finding rules: darker than this share of the paper's brightness. Lighter than the mid-grey
 * glyphs are told at, as the grey halo of a blurred rule is part of it; relative, as paper may be grey.
 */
const RULE_INK = 0.78;

/**
 * The page with its long straight rules painted over in the paper's colour: table borders, the
 * edges of rows of ID boxes, underlines and lines struck through text. They make the page engine's
 * layout analysis merge a ruled table's cells into noise or drop the table. A rule is a run of ink
 * at least a twelfth of the page wide, or a thirtieth of its longer side tall (a strip cut from a
 * page is not tall): longer than any stroke of a glyph.
 */
export function withoutRules(image: GrayImage, paper = paperLevel(image)): GrayImage {
  const { width, height, gray } = image;
  const ink = paper * RULE_INK;
  const out = new Uint8Array(gray);
  const paint = (length: number, minRun: number, at: (i: number) => number): void =>
    longRuns(
      length,
      (i) => gray[at(i)]! < ink,
      minRun,
      (start, end) => {
        for (let k = start; k < end; k++) out[at(k)] = paper;
      },
    );
  for (let y = 0; y < height; y++) paint(width, Math.round(width / 12), (x) => y * width + x);
  for (let x = 0; x < width; x++) paint(height, Math.round(Math.max(width, height) / 30), (y) => y * width + x);
  return { width, height, gray: out };
}

/** Calls `found` with [start, end) of each run of positions in [0, length) that are `dark`, at least `minRun` long. */
function longRuns(length: number, dark: (i: number) => boolean, minRun: number, found: (start: number, end: number) => void): void {
  for (let i = 0; i < length; ) {
    if (!dark(i)) {
      i++;
      continue;
    }
    let end = i;
    while (end < length && dark(end)) end++;
    if (end - i >= minRun) found(i, end);
    i = end;
  }
}

/** The paper's brightness: the commonest grey level of the page (most of a page is paper). */
function paperLevel({ gray }: GrayImage): number {
  const counts = new Uint32Array(256);
  for (const value of gray) counts[value]!++;
  return counts.indexOf(Math.max(...counts));
}

/** A grey image as PNG. */
function encodeGray({ width, height, gray }: GrayImage): Buffer {
  const data = new Uint8ClampedArray(width * height * 4);
  for (let i = 0, p = 0; i < gray.length; i++, p += 4) {
    data[p] = data[p + 1] = data[p + 2] = gray[i]!;
    data[p + 3] = 255;
  }
  return encodePng({ width, height, data });
}

/** The pixels laid on white paper: transparency blended away (scans have none, and come back as they are). */
function onPaper(pixels: Pixels): Pixels {
  const { data } = pixels;
  let opaque = true;
  for (let p = 3; p < data.length && opaque; p += 4) opaque = data[p] === 255;
  if (opaque) return pixels;
  const paper = new Uint8ClampedArray(data.length);
  for (let p = 0; p < data.length; p += 4) {
    const alpha = data[p + 3]! / 255;
    for (let c = 0; c < 3; c++) paper[p + c] = data[p + c]! * alpha + 255 * (1 - alpha);
    paper[p + 3] = 255;
  }
  return { ...pixels, data: paper };
}

/** The image turned by `degrees` about its centre, on white paper of its size. */
function turned(image: Image, degrees: number): Canvas {
  const canvas = createCanvas(image.width, image.height);
  const context = canvas.getContext('2d');
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, image.width, image.height);
  context.translate(image.width / 2, image.height / 2);
  context.rotate((-degrees * Math.PI) / 180);
  context.drawImage(image, -image.width / 2, -image.height / 2);
  return canvas;
}

/** Pixels on a canvas of their size. */
export function canvasOf({ width, height, data }: Pixels): Canvas {
  const canvas = createCanvas(width, height);
  const context = canvas.getContext('2d');
  const image = context.createImageData(width, height);
  image.data.set(data);
  context.putImageData(image, 0, 0);
  return canvas;
}

/**
 * Pixels as PNG, what OCR engines are given: 8-bit grey where every pixel is an opaque grey, as
 * scanners write scans (and as the engines were tuned on), else RGBA.
 */
export function encodePng({ width, height, data }: Pixels): Buffer {
  const png = new PNG({ width, height });
  png.data = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  return PNG.sync.write(png, { colorType: isOpaqueGrey(data) ? 0 : 6 });
}

export const isOpaqueGrey = (data: Uint8Array | Uint8ClampedArray): boolean => {
  for (let p = 0; p < data.length; p += 4) if (data[p] !== data[p + 1] || data[p] !== data[p + 2] || data[p + 3] !== 255) return false;
  return true;
};

/**
 * A box of the page preparePage straightened by `skew` degrees (about its centre), where it lies
 * on the page as given: the upright box around its corners turned back.
 */
export function unskewBox(box: Box, skew: number, width: number, height: number): Box {
  if (skew === 0) return box;
  const turn = (skew * Math.PI) / 180;
  const [cx, cy] = [width / 2, height / 2];
  const corners = [
    [box.x0, box.y0],
    [box.x1, box.y0],
    [box.x0, box.y1],
    [box.x1, box.y1],
  ].map(([x, y]) => {
    const [dx, dy] = [x! - cx, y! - cy];
    return [cx + dx * Math.cos(turn) - dy * Math.sin(turn), cy + dx * Math.sin(turn) + dy * Math.cos(turn)] as const;
  });
  const xs = corners.map(([x]) => x);
  const ys = corners.map(([, y]) => y);
  return { x0: Math.min(...xs), y0: Math.min(...ys), x1: Math.max(...xs), y1: Math.max(...ys) };
}

/**
 * The glyphs in a span of a line, left to right: runs of columns with ink (pixels darker than
 * `threshold`) in the box, split at blank columns, as tall as the span. A glyph the box cuts at
 * either end is followed out to where its ink ends (OCR boxes may cut a glyph's outer stroke).
 * Table rules are not glyphs; specks too small to be a sign are noise; and a fragment that a
 * blurred stroke broke off (a pixel apart) joins its glyph.
 */
export function glyphBoxes(image: GrayImage, box: Box, threshold = 128): Box[] {
  const x0 = Math.max(0, Math.round(box.x0));
  const x1 = Math.min(image.width, Math.round(box.x1));
  const y0 = Math.max(0, Math.round(box.y0));
  const y1 = Math.min(image.height, Math.round(box.y1));
  const lineHeight = y1 - y0;
  const dark = (x: number, y: number): boolean => image.gray[y * image.width + x]! < threshold;
  const darkIn = (x: number, from: number, to: number): number => {
    let count = 0;
    for (let y = Math.max(0, from); y < Math.min(image.height, to); y++) if (dark(x, y)) count++;
    return count;
  };
  const rows = glyphRows(image, { x0, y0, x1, y1 }, dark);
  const ink = (x: number): number => (x < 0 || x >= image.width ? 0 : rows.filter((y) => dark(x, y)).length);
  const runs: Array<Box & { ink: number }> = [];
  for (let x = x0; x < x1; x++) {
    const [inked, last] = [ink(x), runs.at(-1)];
    if (inked > 0 && last?.x1 === x) Object.assign(last, { x1: x + 1, ink: last.ink + inked });
    else if (inked > 0) runs.push({ x0: x, y0, x1: x + 1, y1, ink: inked });
  }
  // Out to where the ink ends, but not along a rule: a column dark from above the span to below it.
  const reach = Math.round(lineHeight * 0.3);
  const outward = (x: number, edge: number): boolean => ink(x) > 0 && darkIn(x, y0 - reach, y1 + reach) < 0.9 * (lineHeight + 2 * reach) && Math.abs(x - edge) < lineHeight;
  const [first, last] = [runs[0], runs.at(-1)];
  if (first?.x0 === x0) while (outward(first.x0 - 1, x0)) first.x0--;
  if (last?.x1 === x1) while (outward(last.x1, x1)) last.x1++;
  return joinFragments(
    runs.filter((r) => r.ink >= Math.max(2, (lineHeight * lineHeight) / 100)),
    lineHeight,
  );
}

/** The rows of a span that glyphs are in: a table's rule is dark across it and on past it, a glyph's stroke is not. */
function glyphRows(image: GrayImage, span: Box, dark: (x: number, y: number) => boolean): number[] {
  const reach = span.y1 - span.y0;
  const [left, right] = [Math.max(0, span.x0 - reach), Math.min(image.width, span.x1 + reach)];
  const rows: number[] = [];
  for (let y = span.y0; y < span.y1; y++) {
    let count = 0;
    for (let x = left; x < right; x++) if (dark(x, y)) count++;
    if (count < 0.85 * (right - left)) rows.push(y);
  }
  return rows;
}

/** Runs of ink with the narrow fragments a pixel apart joined, as long as the glyph stays no wider than a glyph is. */
function joinFragments(runs: readonly Box[], lineHeight: number): Box[] {
  const width = (b: Box): number => b.x1 - b.x0;
  const glyphs: Box[] = [];
  for (const { x0, y0, x1, y1 } of runs) {
    const previous = glyphs.at(-1);
    const fragment = previous && x0 - previous.x1 <= 1 && Math.min(x1 - x0, width(previous)) < 0.35 * lineHeight && x1 - previous.x0 <= 0.8 * lineHeight;
    if (fragment) previous.x1 = x1;
    else glyphs.push({ x0, y0, x1, y1 });
  }
  return glyphs;
}

/**
 * Whether a vertical rule (a table's column border, the side of an ID box) stands between two
 * boxes of a row: a column of pixels between them that is dark from above their common height to
 * below it (the stroke of a glyph is no taller than the glyph).
 */
export function ruleBetween(image: GrayImage, left: Box, right: Box): boolean {
  const top = Math.max(left.y0, right.y0);
  const bottom = Math.min(left.y1, right.y1);
  if (bottom - top < 4) return false;
  for (let x = Math.max(0, Math.round(left.x1)); x < Math.min(image.width, Math.round(right.x0)); x++) if (isRuleColumn(image, x, top, bottom)) return true;
  return false;
}

/** Pixels darker than `threshold` (mid-grey) in column x from row `from` up to `to` (within the image). */
function darkInColumn(image: GrayImage, x: number, from: number, to: number, threshold = 128): number {
  let dark = 0;
  for (let y = Math.max(0, Math.round(from)); y < Math.min(image.height, Math.round(to)); y++) if (image.gray[y * image.width + x]! < threshold) dark++;
  return dark;
}

/**
 * Whether column x is a vertical rule across a line from y0 to y1: dark from a third of the line's
 * height above it to as far below (within the image). A glyph's stroke is no taller than the glyph.
 */
function isRuleColumn(image: GrayImage, x: number, y0: number, y1: number): boolean {
  const reach = (y1 - y0) * 0.3;
  const [from, to] = [Math.max(0, Math.round(y0 - reach)), Math.min(image.height, Math.round(y1 + reach))];
  return darkInColumn(image, x, from, to) >= 0.9 * (to - from);
}

/**
 * The box fitted to the ink of its line: the band of rows holding ink (beyond vertical rules)
 * that overlaps it most, looked for up to `reach` pixels above and below it. OCR boxes often cut
 * the tops and bottoms of glyphs, and may take in a table's borders or part of the next line,
 * which are set apart from the line by blank rows.
 */
export function inkExtent(image: GrayImage, box: Box, reach: number): Box {
  const x0 = Math.max(0, Math.round(box.x0));
  const x1 = Math.min(image.width, Math.round(box.x1));
  const top = Math.max(0, Math.round(box.y0 - reach));
  const bottom = Math.min(image.height, Math.round(box.y1 + reach));
  const counts: number[] = [];
  for (let y = top; y < bottom; y++) {
    let count = 0;
    for (let x = x0; x < x1; x++) if (image.gray[y * image.width + x]! < 128) count++;
    counts.push(count);
  }
  // What every row has is vertical rules (a table's borders, the sides of boxes), not the line,
  // unless it is most of the row: then the line fills the box.
  const rules = Math.min(...counts) < 0.2 * (x1 - x0) ? Math.min(...counts) : 0;
  const inked = (y: number): boolean => counts[y - top]! > rules;
  // Faint strokes of a small glyph may leave a row or two blank inside it.
  const gap = Math.max(2, 0.1 * (box.y1 - box.y0));
  let best: Box = box;
  let bestOverlap = 0;
  for (let y = top; y < bottom; ) {
    if (!inked(y)) {
      y++;
      continue;
    }
    const start = y;
    let end = y;
    for (let blank = 0; y < bottom && blank <= gap; y++) {
      if (inked(y)) {
        end = y + 1;
        blank = 0;
      } else blank++;
    }
    const overlap = Math.min(end, box.y1) - Math.max(start, box.y0);
    if (overlap > bestOverlap) {
      best = { ...box, y0: start, y1: end };
      bestOverlap = overlap;
    }
    y = end;
  }
  return best;
}

/**
 * A number span widened to the ink that goes on at either end of it: the page engine's symbols
 * may leave out a blurred dash or digit (1-5365 read as 1 and 365), which splits the number and
 * drops what it missed. Ink closer than `maxGap` columns is followed for up to `maxWiden` columns,
 * never across a rule or into `walls` (the words of the row): a rule along the row (a table's
 * border) would otherwise be followed across the page.
 */
export function widenToInk(image: GrayImage, box: Box, { maxGap, maxWiden }: { maxGap: number; maxWiden: number }, walls: readonly Box[]): Box {
  const walled = (x: number): boolean => walls.some((w) => x >= w.x0 && x < w.x1);
  const follow = (from: number, step: 1 | -1): number => {
    let end = from;
    for (let x = from + step, gap = 0; x >= 0 && x < image.width && gap <= maxGap && Math.abs(x - from) <= maxWiden; x += step) {
      if (walled(x) || isRuleColumn(image, x, box.y0, box.y1)) break;
      if (darkInColumn(image, x, box.y0, box.y1) > 0) [end, gap] = [x, 0];
      else gap++;
    }
    return end;
  };
  return { ...box, x0: follow(Math.round(box.x0), -1), x1: follow(Math.round(box.x1) - 1, 1) + 1 };
}

/**
 * Stretches of ink in a row's band that no word box covers: text the page engine saw no word in
 * (a number in a typewriter font on a form line, for one). Ink closer than `joinGap` pixels makes
 * one stretch; vertical rules and stretches narrower than `minWidth` are left out.
 */
export function unreadInk(image: GrayImage, band: Box, covered: readonly Box[], { joinGap, minWidth }: { joinGap: number; minWidth: number }): Box[] {
  const y0 = Math.max(0, Math.round(band.y0));
  const y1 = Math.min(image.height, Math.round(band.y1));
  const free = (x: number): boolean => !covered.some((b) => x >= b.x0 - 1 && x <= b.x1 + 1);
  // A column dark from above the band to below it is a rule, not text.
  const inked = (x: number): boolean => darkInColumn(image, x, y0, y1) > 0 && !isRuleColumn(image, x, y0, y1);
  const stretches: Box[] = [];
  let current: Box | undefined;
  for (let x = Math.max(0, Math.round(band.x0)); x < Math.min(image.width, Math.round(band.x1)); x++) {
    if (!free(x)) current = undefined;
    if (!free(x) || !inked(x)) continue;
    if (current && x - current.x1 <= joinGap) current.x1 = x + 1;
    else stretches.push((current = { x0: x, y0, x1: x + 1, y1 }));
  }
  return stretches.filter((b) => b.x1 - b.x0 >= minWidth);
}

/** Ink of box edges: lighter than mid-grey, as the thin edges of boxes fade in blurred scans. */
const BOX_INK = 160;

/**
 * Rows of boxes in a line's band, as forms print an ID one digit per box: stretches under a box's
 * top edge and over its bottom edge (horizontal ink above and below the line's glyphs, at least a
 * line high long) with box sides standing between them no further apart than 1.5 box heights,
 * joined across the dashes between groups of boxes. Thai text has no such pair of edges, and a
 * table's cells are wider than boxes. The page engine's band may be only the glyphs' cores: the
 * edges are looked for up to 1.5 band heights away, and measured against the boxes' own height.
 * Each row is returned as the box from its top edge to its bottom edge.
 */
export function boxRows(image: GrayImage, band: Box, minBoxes = 5): Box[] {
  const h = band.y1 - band.y0;
  const top = Math.max(0, Math.round(band.y0 - 1.5 * h));
  const bottom = Math.min(image.height, Math.round(band.y1 + 1.5 * h));
  const { width, gray } = image;
  const dark = (x: number, y: number): boolean => gray[y * width + x]! < BOX_INK;
  // Rows of each column where a horizontal edge (a run of ink at least a line high) passes.
  const edges: number[][] = Array.from({ length: width }, () => []);
  for (let y = top; y < bottom; y++)
    longRuns(
      width,
      (x) => dark(x, y),
      h,
      (start, end) => {
        for (let x = start; x < end; x++) edges[x]!.push(y);
      },
    );
  // The nearest edges above and below the line's glyphs in a column, if any (a glyph's own
  // strokes lie within the band).
  const between = (x: number): [number, number] | undefined => {
    const above = edges[x]!.filter((y) => y < band.y0 + 0.1 * h);
    const below = edges[x]!.filter((y) => y > band.y1 - 0.1 * h);
    return above.length > 0 && below.length > 0 ? [Math.max(...above), Math.min(...below)] : undefined;
  };
  const isSide = (x: number, [y0, y1]: [number, number]): boolean => darkInColumn(image, x, y0, y1 + 1, BOX_INK) >= 0.9 * (y1 - y0 + 1);
  const rows: Array<Box & { sides: number[]; heights: number[] }> = [];
  for (let x = 0; x < width; x++) {
    const span = between(x);
    if (!span) continue;
    const row = rows.at(-1);
    const current = row && x - row.x1 <= 1.5 * median(row.heights) ? row : (rows.push({ x0: x, x1: x, y0: span[0], y1: span[1], sides: [], heights: [] }), rows.at(-1)!);
    current.x1 = x + 1;
    current.y0 = Math.min(current.y0, span[0]);
    current.y1 = Math.max(current.y1, span[1] + 1);
    current.heights.push(span[1] - span[0]);
    // A side is counted once however thick it is drawn: by its last column.
    if (isSide(x, span)) {
      if (current.sides.at(-1) === x - 1) current.sides[current.sides.length - 1] = x;
      else current.sides.push(x);
    }
  }
  const isBoxRow = ({ sides, heights }: (typeof rows)[number]): boolean => {
    const boxHeight = median(heights);
    return sides.length > minBoxes && sides.every((x, i) => i === 0 || x - sides[i - 1]! <= 1.5 * boxHeight);
  };
  return rows.filter(isBoxRow).map(({ x0, y0, x1, y1 }) => ({ x0, y0, x1, y1 }));
}

/** Canvases being encoded, held until their encoder is done (see encodeCanvas). */
const encoding: Canvas[] = [];

/**
 * A canvas encoded as PNG or JPEG, the canvas held until the encoder is done: @napi-rs/canvas
 * before 1.0 encodes on a worker thread without holding the canvas, and frees its pixels under
 * the encoder if it is collected meanwhile (a segfault; Brooooooklyn/canvas#1312).
 */
export async function encodeCanvas(canvas: Canvas, format: 'png' | 'jpeg', quality?: number): Promise<Buffer> {
  encoding.push(canvas);
  try {
    return await (format === 'png' ? canvas.encode('png') : canvas.encode('jpeg', quality));
  } finally {
    encoding.splice(encoding.indexOf(canvas), 1);
  }
}

/** Pixels around a span that resampling it reads. */
const SMOOTHING_REACH = 4;

/**
 * A span of the page, widened by `pad` pixels on every side (within the page), scaled smoothly to
 * `height` pixels tall (its width in proportion), in grey. Drawn from a copy of the span and its
 * surroundings (which smoothing samples), never from the page canvas itself: Skia snapshots the
 * whole source canvas for each draw, a page's worth of native memory per span that the
 * collector frees only later (2.7 GB held over a 10-page scan).
 */
export function spanGray(canvas: Canvas, box: Box, pad: { x: number; y: number }, height: number): GrayImage {
  const x0 = Math.max(0, Math.floor(box.x0 - pad.x));
  const y0 = Math.max(0, Math.floor(box.y0 - pad.y));
  const x1 = Math.max(x0 + 1, Math.min(canvas.width, Math.ceil(box.x1 + pad.x)));
  const y1 = Math.max(y0 + 1, Math.min(canvas.height, Math.ceil(box.y1 + pad.y)));
  const [sx0, sy0] = [Math.max(0, x0 - SMOOTHING_REACH), Math.max(0, y0 - SMOOTHING_REACH)];
  const [sx1, sy1] = [Math.min(canvas.width, x1 + SMOOTHING_REACH), Math.min(canvas.height, y1 + SMOOTHING_REACH)];
  const around = createCanvas(sx1 - sx0, sy1 - sy0);
  around.getContext('2d').putImageData(canvas.getContext('2d').getImageData(sx0, sy0, sx1 - sx0, sy1 - sy0), 0, 0);
  const span = createCanvas(Math.max(1, Math.round(((x1 - x0) * height) / (y1 - y0))), height);
  const context = span.getContext('2d');
  context.imageSmoothingQuality = 'high';
  context.drawImage(around, x0 - sx0, y0 - sy0, x1 - x0, y1 - y0, 0, 0, span.width, span.height);
  return toGray(context.getImageData(0, 0, span.width, span.height).data, span.width, span.height);
}

export function toGray(rgba: Uint8Array | Uint8ClampedArray, width: number, height: number): GrayImage {
  const gray = new Uint8Array(width * height);
  for (let i = 0, p = 0; i < gray.length; i++, p += 4) gray[i] = (rgba[p]! * 299 + rgba[p + 1]! * 587 + rgba[p + 2]! * 114) / 1000;
  return { width, height, gray };
}

/**
 * The skew of a scanned page, in degrees: the angle at which rows of text line up best, i.e. the
 * horizontal projection of ink is most uneven (text lines and the gaps between them sharpest).
 */
export function estimateSkew(image: GrayImage, threshold: number, maxDegrees = 3, stepDegrees = 0.2): number {
  // A reduced copy: skew is a property of the whole page, not of details.
  const factor = Math.max(1, Math.floor(image.width / 800));
  const w = Math.floor(image.width / factor);
  const h = Math.floor(image.height / factor);
  const ink: number[] = [];
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) if (image.gray[y * factor * image.width + x * factor]! <= threshold) ink.push(x, y);
  let best = 0;
  let bestScore = -1;
  for (let deg = -maxDegrees; deg <= maxDegrees + 1e-9; deg += stepDegrees) {
    const tan = Math.tan((deg * Math.PI) / 180);
    const rows = new Float64Array(h * 2);
    for (let i = 0; i < ink.length; i += 2) {
      const y = Math.round(ink[i + 1]! - ink[i]! * tan) + (h >> 1);
      if (y >= 0 && y < rows.length) rows[y]!++;
    }
    let score = 0;
    for (let y = 1; y < rows.length; y++) score += (rows[y]! - rows[y - 1]!) ** 2;
    if (score > bestScore) {
      bestScore = score;
      best = deg;
    }
  }
  return Math.round(best * 100) / 100;
}

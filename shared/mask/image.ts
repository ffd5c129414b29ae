// Scanned images (PNG, JPEG, TIFF pages) masked where OCR read the digits: each hidden digit's
// box is painted over in the colour of the paper around it and an X drawn in its place. The page
// is read as the scanner reads it (the same OCR engine, the same text), so that what is masked is
// what the scanner found; the rest of the image keeps its pixels (a JPEG is encoded again). PDF
// pages without a text layer are read the same way (readScannedPage).
import type { Canvas, SKRSContext2D } from '@napi-rs/canvas';
import UTIF from 'utif2';
import { ScanError } from '../errors.ts';
import { type DocumentFormat, detectFormat } from '../extract/format.ts';
import { type ImageLimits, decodeImage } from '../extract/images.ts';
import { imagePages, ocrPageText } from '../extract/scanned.ts';
import type { OcrEngine, OcrLine } from '../ocr/engine.ts';
import type { Box } from '../ocr/layout.ts';
import { canvasOf, encodeCanvas, isOpaqueGrey } from '../ocr/page.ts';
import type { MaskableDocument, MaskingContext } from './document.ts';
import type { MaskPlan } from './plan.ts';
import type { SourcedBlock } from './sourced.ts';

/** The source of a page's text (a PDF page's glyphs, a scan's character boxes). */
export const pageSource = (page: number): string => `page:${page}`;

/** JPEG quality a masked page is encoded at: close to what scanners write, without visible loss. */
const JPEG_QUALITY = 92;

interface ReadPage {
  image: Uint8Array;
  /** Per character of the page's lines joined by line breaks (the origins of its block): where it is drawn. */
  boxes: Array<Box | undefined>;
}

/** Image formats written back as they came. */
const WRITABLE: ReadonlySet<DocumentFormat> = new Set(['png', 'jpeg', 'tiff']);

export async function maskableImage(bytes: Uint8Array, { ocr, limits }: MaskingContext): Promise<MaskableDocument> {
  const format = detectFormat(bytes);
  if (!WRITABLE.has(format)) throw new ScanError('unsupported_format', `masking ${format} images is not supported (supported: ${[...WRITABLE].join(', ')})`);
  const pages = imagePages(bytes, format, limits);
  const read: ReadPage[] = [];
  const blocks: SourcedBlock[] = [];
  for (const [i, page] of pages.entries()) {
    const image = await page();
    const scan = await readScannedPage(ocr, image, i + 1);
    blocks.push(scan.block);
    read.push({ image, boxes: scan.boxes });
  }
  return {
    blocks,
    write: async (plan) => {
      const masked = new Map<number, Canvas>();
      for (const [i, page] of read.entries()) {
        const hidden = positionsToHide(page.boxes, plan, i + 1);
        if (hidden.length > 0) masked.set(i, maskedPage(await pageCanvas(page.image, limits), hidden));
      }
      if (masked.size === 0) return bytes;
      return encodeImage(format, await Promise.all(read.map(async (page, i) => masked.get(i) ?? (await pageCanvas(page.image, limits)))));
    },
  };
}

/** A scanned page read by OCR as the scanner reads it, with where each character is drawn. */
export async function readScannedPage(ocr: OcrEngine | undefined, image: Uint8Array, page: number): Promise<{ block: SourcedBlock; boxes: Array<Box | undefined> }> {
  if (!ocr) throw new ScanError('ocr_unavailable', `page ${page} is a scan and no OCR engine is configured`);
  const { lines } = await ocr.recognize(image);
  const boxes = pageBoxes(lines);
  if (!boxes) throw new ScanError('ocr_unavailable', `the OCR engine (${ocr.name}) gives no positions of the characters it reads: a scan cannot be masked with it`);
  return { block: { ...ocrPageText(lines), source: pageSource(page), location: { page }, ocr: true }, boxes };
}

/** Where the digits the plan hides on a page are, by their origins; refused if OCR placed one nowhere. */
export function positionsToHide<T>(positions: ReadonlyArray<T | undefined>, plan: MaskPlan, page: number): T[] {
  const hidden = [...(plan.hide.get(pageSource(page)) ?? [])].map((o) => positions[o]);
  if (hidden.some((p) => p === undefined)) throw new ScanError('unreadable', `OCR gave no position for a digit to hide on page ${page}: it cannot be masked safely`);
  return hidden as T[];
}

/**
 * Where each character of a page's lines joined by line breaks is drawn (line breaks nowhere),
 * aligned with the origins of ocrPageText; undefined if a line has no positions.
 */
export function pageBoxes(lines: readonly OcrLine[]): Array<Box | undefined> | undefined {
  if (lines.some((line) => !line.boxes)) return undefined;
  return lines.flatMap((line, i) => (i > 0 ? [undefined, ...line.boxes!] : line.boxes!));
}

/** A page as read (PNG that leakscan wrote) on a canvas, decoded as image documents are. */
const pageCanvas = async (image: Uint8Array, limits: ImageLimits): Promise<Canvas> => canvasOf(await decodeImage(image, limits));

/**
 * The page with every box covered in the colour of the paper around it (sampled before any is
 * painted) and an X drawn in it; X's last, so that no cover falls on a neighbour's X.
 */
function maskedPage(canvas: Canvas, boxes: readonly Box[]): Canvas {
  const context = canvas.getContext('2d');
  const pixels = context.getImageData(0, 0, canvas.width, canvas.height);
  const covers = boxes.map((box) => coverOf(box, canvas.width, canvas.height));
  for (const cover of covers) {
    const [r, g, b] = paperColour(pixels, cover);
    context.fillStyle = `rgb(${r}, ${g}, ${b})`;
    context.fillRect(cover.x0, cover.y0, cover.x1 - cover.x0, cover.y1 - cover.y0);
  }
  for (const box of boxes) drawX(context, box);
  return canvas;
}

/**
 * Where the X that replaces a digit is drawn: as tall as the digit's box, as wide as a digit is
 * (half to three quarters of its height), centred on the box.
 */
export function xBox(box: Box): Box {
  const height = box.y1 - box.y0;
  const width = Math.min(Math.max(box.x1 - box.x0, height * 0.5), height * 0.75);
  const x0 = (box.x0 + box.x1 - width) / 2;
  return { x0, y0: box.y0, x1: x0 + width, y1: box.y1 };
}

/**
 * What is painted over a digit: its box and its X's, grown by a margin (the faint edges of the
 * strokes lie outside the ink OCR finds), in whole pixels within the page.
 */
export function coverOf(box: Box, width: number, height: number): Box {
  const x = xBox(box);
  const margin = Math.max(2, Math.round((box.y1 - box.y0) * 0.15));
  return {
    x0: Math.max(0, Math.floor(Math.min(box.x0, x.x0) - margin)),
    y0: Math.max(0, Math.floor(box.y0 - margin)),
    x1: Math.min(width, Math.ceil(Math.max(box.x1, x.x1) + margin)),
    y1: Math.min(height, Math.ceil(box.y1 + margin)),
  };
}

interface Rgba {
  width: number;
  height: number;
  data: Uint8Array | Uint8ClampedArray;
}

/**
 * The colour of the paper around a box: of the colours on its border (to 16 levels a channel),
 * the lightest that a sixth of the border has, averaged; ink and table rules are darker or rarer.
 */
export function paperColour(image: Rgba, box: Box): [number, number, number] {
  const groups = new Map<number, { count: number; sum: [number, number, number] }>();
  const add = (x: number, y: number): void => {
    const p = (y * image.width + x) * 4;
    const [r, g, b] = [image.data[p]!, image.data[p + 1]!, image.data[p + 2]!];
    const key = ((r >> 4) << 8) | ((g >> 4) << 4) | (b >> 4);
    const group = groups.get(key) ?? { count: 0, sum: [0, 0, 0] };
    group.count++;
    group.sum = [group.sum[0] + r, group.sum[1] + g, group.sum[2] + b];
    groups.set(key, group);
  };
  for (let x = box.x0; x < box.x1; x++) [box.y0, box.y1 - 1].forEach((y) => add(x, y));
  for (let y = box.y0 + 1; y < box.y1 - 1; y++) [box.x0, box.x1 - 1].forEach((x) => add(x, y));
  const all = [...groups.values()];
  const total = all.reduce((n, g) => n + g.count, 0);
  const common = all.filter((g) => g.count * 6 >= total);
  const candidates = common.length > 0 ? common : all;
  const lightness = (g: (typeof all)[number]): number => (g.sum[0] * 299 + g.sum[1] * 587 + g.sum[2] * 114) / g.count;
  const paper = candidates.reduce((best, g) => (lightness(g) > lightness(best) ? g : best));
  return paper.sum.map((v) => Math.round(v / paper.count)) as [number, number, number];
}

/** A black X in strokes, where xBox says: no font is needed, and OCR reads it as an X. */
function drawX(context: SKRSContext2D, box: Box): void {
  const { x0, y0, x1, y1 } = xBox(box);
  context.strokeStyle = '#000000';
  context.lineWidth = Math.max(1, (y1 - y0) / 8);
  context.beginPath();
  context.moveTo(x0, y0);
  context.lineTo(x1, y1);
  context.moveTo(x1, y0);
  context.lineTo(x0, y1);
  context.stroke();
}

/** The pages encoded as the document was: PNG and JPEG one page, TIFF every page (uncompressed). */
async function encodeImage(format: DocumentFormat, pages: readonly Canvas[]): Promise<Uint8Array> {
  if (format === 'png') return encodeCanvas(pages[0]!, 'png');
  if (format === 'jpeg') return encodeCanvas(pages[0]!, 'jpeg', JPEG_QUALITY);
  return encodeTiff(pages.map((page) => page.getContext('2d').getImageData(0, 0, page.width, page.height)));
}

/**
 * A multi-page TIFF of the pages, uncompressed: the image directories first, then each page's
 * strip of samples.
 */
export function encodeTiff(pages: readonly Rgba[]): Uint8Array {
  const strips = pages.map(tiffStrip);
  const ifds = strips.map((s) => s.tags as unknown as UTIF.IFD);
  // The directories' size does not depend on the strip offsets written in them.
  let end = UTIF.encode(ifds).byteLength;
  const offsets = strips.map((strip) => {
    strip.tags.t273 = [end];
    end += strip.samples.length;
    return end - strip.samples.length;
  });
  const out = new Uint8Array(end);
  out.set(new Uint8Array(UTIF.encode(ifds)));
  strips.forEach((strip, i) => out.set(strip.samples, offsets[i]));
  // The encoder writes its directories into a buffer of fixed size, and cuts off what does not fit.
  if (UTIF.decode(out.buffer).length !== pages.length) throw new ScanError('too_many_pages', `a TIFF of ${pages.length} pages is too long to write back`);
  return out;
}

/** A page as TIFF tags and samples: one grey byte a pixel where every pixel is an opaque grey (scans, faxes), else RGBA. */
function tiffStrip({ width, height, data }: Rgba): { tags: Record<string, number[]>; samples: Uint8Array } {
  const grey = isOpaqueGrey(data);
  const samples = grey ? Uint8Array.from({ length: width * height }, (_, i) => data[i * 4]!) : new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  const colour = grey ? { t258: [8], t262: [1], t277: [1] } : { t258: [8, 8, 8, 8], t262: [2], t277: [4], t338: [2] };
  // Tags in ascending order, as TIFF requires; the strip's offset (273) is set once all are known.
  const tags = {
    t256: [width],
    t257: [height],
    t258: colour.t258,
    t259: [1],
    t262: colour.t262,
    t273: [0],
    t277: colour.t277,
    t278: [height],
    t279: [samples.length],
    t284: [1],
    ...(colour.t338 ? { t338: colour.t338 } : {}),
  };
  return { tags, samples };
}

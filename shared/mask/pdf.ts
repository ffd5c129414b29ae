// Masking PDFs through MuPDF (the maintained engine behind its redaction tools). In a text layer
// each hidden digit is redacted, so its glyph is gone from the content stream and other text keeps
// its place, and an X in a standard font is drawn where it was; a black box over text that can
// still be copied would only look masked. On a scanned page the digit's pixels are removed from
// the page image and an X stroked there. Pages are read as the scanner reads them.
import type * as MuPdf from 'mupdf';
import { ScanError } from '../errors.ts';
import type { ExtractionLimits } from '../extract/index.ts';
import { CHAR_CLASS, DIGIT, positionChar } from '../detect/characters.ts';
import { MADE } from '../extract/origins.ts';
import { isTextLayer, layoutPage, openPdf, pageItems, type PlacedText } from '../extract/pdf.ts';
import { DEFAULT_OCR_DPI, renderScan } from '../extract/scanned.ts';
import type { Box } from '../ocr/layout.ts';
import { pageSource, positionsToHide, readScannedPage } from './image.ts';
import type { MaskableDocument, MaskingContext } from './document.ts';
import type { MaskPlan } from './plan.ts';
import type { SourcedBlock } from './sourced.ts';

/** A glyph as MuPDF places it, in MuPDF's page space (y down); for a scanned page, a character OCR read. */
interface Glyph {
  /** The character; '' for a character OCR read in the page's image. */
  char: string;
  origin: MuPdf.Point;
  size: number;
  quad: MuPdf.Quad;
  /** Drawn over an image: a scan with a text layer (OCR'd), whose pixels show the digit too. */
  overImage: boolean;
}

// MuPDF is a 10 MB WebAssembly module: loaded when a PDF is masked, not when leakscan starts.
const loadMuPdf = async (): Promise<typeof MuPdf> => {
  const mupdf = await import('mupdf');
  // Its warnings (fonts, marked content) are about rendering, and would fill the CLI's output.
  mupdf.setLog(null);
  return mupdf;
};

/**
 * The pages' text exactly as the scanner reads it: text layers (pdfjs, laid out by layoutPage)
 * with their digits paired with the glyphs MuPDF finds at their places, and pages without one as
 * the OCR engine reads their rendering, each character with its box. A masker reading its own
 * text could miss what the scanner flags.
 */
export async function maskablePdf(bytes: Uint8Array, { limits, ocr }: MaskingContext): Promise<MaskableDocument> {
  const mupdf = await loadMuPdf();
  const doc = openMuPdf(mupdf, bytes, limits);
  const reader = await openPdf(bytes);
  // Per page, by origin: the glyph (or the scanned character's box) a character of the text is.
  const marks: Array<Array<Glyph | undefined>> = [];
  const blocks: SourcedBlock[] = [];
  try {
    for (let n = 1; n <= doc.countPages(); n++) {
      const page = doc.loadPage(n - 1);
      const glyphs = glyphsOf(page);
      const laid = layoutPage(placeDigits(await pageItems(await reader.getPage(n)), glyphs.map(userSpace(mupdf, page))));
      if (isTextLayer(laid.text)) {
        blocks.push({ ...laid, source: pageSource(n), location: { page: n } });
        marks.push(glyphs);
      } else {
        // A page without a text layer, rendered and read as the scanner does.
        const { image, toPdf } = await renderScan(reader, n, DEFAULT_OCR_DPI, limits.maxImagePixels);
        const scan = await readScannedPage(ocr, image, n);
        blocks.push(scan.block);
        const pageSpace = page.getTransform();
        const toPage = (x: number, y: number): MuPdf.Point => transform(pageSpace, toPdf(x, y));
        marks.push(scan.boxes.map((box) => box && scannedGlyph(box, toPage)));
      }
      page.destroy();
    }
  } finally {
    doc.destroy();
    await reader.destroy();
  }
  return { blocks, write: (plan) => writeMasked(mupdf, bytes, marks, plan) };
}

/** A character OCR read, as a glyph to hide: its box (a little larger: OCR boxes are tight) over the image. */
function scannedGlyph(box: Box, toPage: (x: number, y: number) => MuPdf.Point): Glyph {
  const pad = (box.y1 - box.y0) * 0.12;
  const [x0, y0, x1, y1] = [box.x0 - pad, box.y0 - pad, box.x1 + pad, box.y1 + pad];
  const [ul, ur, ll, lr] = [toPage(x0, y0), toPage(x1, y0), toPage(x0, y1), toPage(x1, y1)];
  return { char: '', origin: ll, size: Math.hypot(ul[0] - ll[0], ul[1] - ll[1]), quad: [...ul, ...ur, ...ll, ...lr], overImage: true };
}

const transform = ([a, b, c, d, e, f]: MuPdf.Matrix, [x, y]: MuPdf.Point): MuPdf.Point => [a * x + c * y + e, b * x + d * y + f];

function openMuPdf(mupdf: typeof MuPdf, bytes: Uint8Array, limits: ExtractionLimits): MuPdf.PDFDocument {
  let doc: MuPdf.PDFDocument;
  try {
    doc = new mupdf.PDFDocument(bytes);
  } catch (err) {
    throw new ScanError('corrupt', `the PDF cannot be read: ${(err as Error).message}`);
  }
  if (doc.needsPassword()) throw new ScanError('encrypted', 'the PDF is protected by a password');
  if (doc.countPages() > limits.maxPages) throw new ScanError('too_many_pages', `the PDF has ${doc.countPages()} pages; the limit is ${limits.maxPages}`);
  return doc;
}

function glyphsOf(page: MuPdf.PDFPage): Glyph[] {
  const glyphs: Glyph[] = [];
  const images: MuPdf.Rect[] = [];
  const text = page.toStructuredText('preserve-whitespace,preserve-images');
  text.walk({
    onImageBlock: (bbox) => void images.push(bbox),
    onChar: (char, origin, _font, size, quad) => void glyphs.push({ char, origin, size, quad, overImage: false }),
  });
  text.destroy();
  for (const glyph of glyphs) {
    const [x0, y0, x1, y1] = bounds(glyph.quad);
    glyph.overImage = images.some(([ix0, iy0, ix1, iy1]) => x0 < ix1 && ix0 < x1 && y0 < iy1 && iy0 < y1);
  }
  return glyphs;
}

const bounds = (quad: MuPdf.Quad): MuPdf.Rect => {
  const xs = [quad[0], quad[2], quad[4], quad[6]];
  const ys = [quad[1], quad[3], quad[5], quad[7]];
  return [Math.min(...xs), Math.min(...ys), Math.max(...xs), Math.max(...ys)];
};

/** A glyph's character and baseline origin in PDF user space, where pdfjs places text. */
export interface PlacedGlyph {
  char: string;
  x: number;
  y: number;
}

const userSpace = (mupdf: typeof MuPdf, page: MuPdf.PDFPage) => {
  const toUser = mupdf.Matrix.invert(page.getTransform());
  return ({ char, origin }: Glyph): PlacedGlyph => {
    const [x, y] = transform(toUser, origin);
    return { char, x, y };
  };
};

const isDigit = (ch: string): boolean => CHAR_CLASS[ch.charCodeAt(0)] === DIGIT;

/**
 * Text items with each digit's origin set to the glyph that draws it: the digit glyphs on the
 * item's baseline and within its width, paired in order when they spell the item's digits (or
 * contain them once, when a neighbour's digits fall inside the window). Unpaired digits stay
 * MADE, so that a number holding one is reported as unmaskable rather than masked wrongly.
 */
export function placeDigits(items: readonly PlacedText[], glyphs: readonly PlacedGlyph[]): Array<PlacedText & { origins: number[] }> {
  const free = new Set(glyphs.flatMap((g, i) => (isDigit(g.char) ? [i] : [])));
  return items.map((item) => {
    const digits = [...item.str].flatMap((ch, i) => (isDigit(ch) ? [{ i, ch: positionChar(ch) }] : []));
    const origins = new Array<number>(item.str.length).fill(MADE);
    if (digits.length === 0) return { ...item, origins };
    const [ux, uy] = item.direction;
    const tolerance = item.height * 0.5;
    const window = [...free]
      .map((index) => {
        const dx = glyphs[index]!.x - item.x;
        const dy = glyphs[index]!.y - item.y;
        return { index, along: dx * ux + dy * uy, across: Math.abs(dy * ux - dx * uy) };
      })
      .filter(({ along, across }) => across <= tolerance && along >= -tolerance && along <= item.width + tolerance)
      .sort((p, q) => p.along - q.along);
    const spelled = window.map(({ index }) => positionChar(glyphs[index]!.char)).join('');
    const wanted = digits.map((d) => d.ch).join('');
    const at = spelled.indexOf(wanted);
    if (at < 0 || (spelled.length !== wanted.length && spelled.indexOf(wanted, at + 1) >= 0)) return { ...item, origins };
    digits.forEach(({ i }, k) => {
      const { index } = window[at + k]!;
      origins[i] = index;
      free.delete(index);
    });
    return { ...item, origins };
  });
}

function writeMasked(mupdf: typeof MuPdf, bytes: Uint8Array, pages: ReadonlyArray<ReadonlyArray<Glyph | undefined>>, plan: MaskPlan): Uint8Array {
  const { REDACT_IMAGE_NONE, REDACT_IMAGE_PIXELS, REDACT_LINE_ART_NONE, REDACT_TEXT_REMOVE, REDACT_TEXT_NONE } = mupdf.PDFPage;
  const doc = new mupdf.PDFDocument(bytes);
  try {
    pages.forEach((glyphs, i) => {
      const glyphsToHide = positionsToHide(glyphs, plan, i + 1);
      if (glyphsToHide.length === 0) return;
      const page = doc.loadPage(i);
      const redact = (rects: MuPdf.Rect[], image: number, text: number) => {
        for (const rect of rects) page.createAnnotation('Redact').setRect(rect);
        page.applyRedactions(false, image, REDACT_LINE_ART_NONE, text);
      };
      const text = glyphsToHide.filter((g) => g.char !== '');
      if (text.length > 0)
        redact(
          text.map((g) => glyphCore(g.quad)),
          REDACT_IMAGE_NONE,
          REDACT_TEXT_REMOVE,
        );
      // A digit over a scan (a page OCR read, or a text layer over a scanned image) is in the
      // image's pixels: those are blanked over its whole box (touching a neighbour's pixels at
      // most, never its text).
      const pixels = glyphsToHide.filter((g) => g.overImage);
      if (pixels.length > 0)
        redact(
          pixels.map((g) => bounds(g.quad)),
          REDACT_IMAGE_PIXELS,
          REDACT_TEXT_NONE,
        );
      drawMarks(mupdf, doc, page, glyphsToHide);
      page.destroy();
    });
    // Rewritten whole, unused objects dropped: the old content streams and earlier revisions
    // (incremental updates) would still hold the digits.
    return doc.saveToBuffer('garbage=compact,compress').asUint8Array().slice();
  } finally {
    doc.destroy();
  }
}

/**
 * The middle of a glyph's box: what a redaction of its text covers. MuPDF removes the glyphs a
 * redaction touches, and neighbours may overlap a glyph's full box (kerning, tall Thai line boxes).
 */
function glyphCore(quad: MuPdf.Quad): MuPdf.Rect {
  const [x0, y0, x1, y1] = bounds(quad);
  const [dx, dy] = [(x1 - x0) * 0.35, (y1 - y0) * 0.35];
  return [x0 + dx, y0 + dy, x1 - dx, y1 - dy];
}

const MARK_FONT = 'LeakscanMask';
/** Helvetica's X: advance 667/1000 em. It is stretched to the advance of the digit it replaces. */
const X_ADVANCE = 0.667;

/**
 * An X on each hidden glyph: in Helvetica on a text glyph's baseline, as wide as the glyph and as
 * tall as its text; stroked over a scanned character's box.
 */
function drawMarks(mupdf: typeof MuPdf, doc: MuPdf.PDFDocument, page: MuPdf.PDFPage, glyphs: readonly Glyph[]): void {
  const pageObject = page.getObject();
  if (glyphs.some((g) => g.char !== '')) {
    let resources = pageObject.getInheritable('Resources');
    if (resources.isNull()) pageObject.put('Resources', (resources = doc.newDictionary()));
    let fonts = resources.get('Font');
    if (fonts.isNull()) resources.put('Font', (fonts = doc.newDictionary()));
    if (fonts.get(MARK_FONT).isNull()) fonts.put(MARK_FONT, doc.addSimpleFont(new mupdf.Font('Helvetica'), 'Latin'));
  }
  // Glyph positions are in MuPDF's page space; the content stream draws in PDF user space.
  const toUser = mupdf.Matrix.invert(page.getTransform());
  const point = (x: number, y: number): MuPdf.Point => transform(toUser, [x, y]);
  const marks = glyphs.map(({ char, origin, size, quad }) => {
    const [o, ul, ur, ll] = [point(...origin), point(quad[0], quad[1]), point(quad[2], quad[3]), point(quad[4], quad[5])];
    if (char === '') return strokedX(ul, ur, ll);
    const along = [ur[0] - ul[0], ur[1] - ul[1]];
    const advance = Math.hypot(along[0]!, along[1]!);
    const up = [ul[0] - ll[0], ul[1] - ll[1]];
    const upLength = Math.hypot(up[0]!, up[1]!) || 1;
    const stretch = advance / (X_ADVANCE * size);
    const matrix = [(along[0]! / (advance || 1)) * size * stretch, (along[1]! / (advance || 1)) * size * stretch, (up[0]! / upLength) * size, (up[1]! / upLength) * size, o[0], o[1]];
    return `BT /${MARK_FONT} 1 Tf ${matrix.map(pdfNumber).join(' ')} Tm (X) Tj ET`;
  });
  // The page's own content is wrapped in q … Q: it may leave the graphics state changed.
  const contents = pageObject.get('Contents');
  const streams = doc.newArray();
  streams.push(doc.addStream('q\n', {}));
  if (contents.isArray()) contents.forEach((stream) => streams.push(stream));
  else if (!contents.isNull()) streams.push(contents);
  streams.push(doc.addStream(`\nQ\nq 0 g 0 Tr\n${marks.join('\n')}\nQ\n`, {}));
  pageObject.put('Contents', streams);
}

/**
 * An X stroked over a scanned character, from its baseline to its top: lines, not text, so that the
 * page stays a scan to the scanner (text would make enough Xs a "text layer" it reads instead of
 * OCR'ing the page).
 */
function strokedX(topLeft: MuPdf.Point, topRight: MuPdf.Point, bottomLeft: MuPdf.Point): string {
  // The box is padded around the character: the X spans its middle 70%.
  const at = (u: number, v: number): string => {
    const x = bottomLeft[0] + u * (topRight[0] - topLeft[0]) + v * (topLeft[0] - bottomLeft[0]);
    const y = bottomLeft[1] + u * (topRight[1] - topLeft[1]) + v * (topLeft[1] - bottomLeft[1]);
    return `${pdfNumber(x)} ${pdfNumber(y)}`;
  };
  const height = Math.hypot(topLeft[0] - bottomLeft[0], topLeft[1] - bottomLeft[1]);
  return `${pdfNumber(height / 9)} w 0 G ${at(0.15, 0.15)} m ${at(0.85, 0.85)} l S ${at(0.15, 0.85)} m ${at(0.85, 0.15)} l S`;
}

const pdfNumber = (n: number): string => (Math.abs(n) < 1e-6 ? '0' : n.toFixed(4).replace(/\.?0+$/, ''));

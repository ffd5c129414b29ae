// PDF through pdfjs: the text layer page by page, laid out as lines (items sorted by position,
// wide gaps as tabs so that tables keep their columns), and pages without a usable text layer
// handed to OCR as images.
import { getDocument, type PDFDocumentProxy, type PDFPageProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { TextItem } from 'pdfjs-dist/types/src/display/api.js';
import { ScanError, parserMessage } from '../errors.ts';
import type { TextBlock } from '../types.ts';
import { isPositionCode } from '../detect/characters.ts';
import { normalizeThai } from '../thai.ts';
import { madeText, rewritten, type SourcedText } from './origins.ts';

export interface PdfPage {
  page: number;
  /** Text-layer lines, or undefined when the page has no usable text layer. */
  text: string | undefined;
}

export interface PdfOptions {
  maxPages: number;
}

/** Fewer visible characters than this on a page means a scan (maybe with a stray header). */
const MIN_TEXT_CHARS = 20;

export async function openPdf(bytes: Uint8Array): Promise<PDFDocumentProxy> {
  // pdfjs takes ownership of (and detaches) the buffer it is given: hand it a copy.
  const task = getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, disableFontFace: true, useSystemFonts: false, verbosity: 0 });
  try {
    return await task.promise;
  } catch (err) {
    const name = (err as { name?: string }).name;
    if (name === 'PasswordException') throw new ScanError('encrypted', 'the PDF is protected by a password');
    throw new ScanError('corrupt', `the PDF cannot be read: ${parserMessage(err)}`);
  }
}

export async function pdfPages(doc: PDFDocumentProxy, options: PdfOptions): Promise<PdfPage[]> {
  if (doc.numPages > options.maxPages) {
    throw new ScanError('too_many_pages', `the PDF has ${doc.numPages} pages; the limit is ${options.maxPages}`);
  }
  const pages: PdfPage[] = [];
  for (let n = 1; n <= doc.numPages; n++) {
    const page = await doc.getPage(n);
    const text = await pageText(page);
    pages.push({ page: n, text: isTextLayer(text) ? text : undefined });
    page.cleanup();
  }
  return pages;
}

export const pageBlocks = (pages: readonly PdfPage[]): TextBlock[] =>
  pages.filter((p) => p.text !== undefined).map((p) => ({ text: p.text!, location: { page: p.page } }));

/** Whether a page's text is a usable text layer, not a scan with a stray header. */
export const isTextLayer = (text: string): boolean => text.replace(/\s/g, '').length >= MIN_TEXT_CHARS;

/** Text placed on a page: baseline at (x, y), y upwards as in PDF user space. */
export interface PlacedText {
  str: string;
  x: number;
  y: number;
  width: number;
  height: number;
  /** Unit vector of the baseline: (1, 0) for upright text. */
  direction: [number, number];
  /** Where each character of `str` came from; all MADE when absent. */
  origins?: number[];
}

const pageText = async (page: PDFPageProxy): Promise<string> => layoutPage(await pageItems(page)).text;

/** The page's text items as pdfjs places them. */
export async function pageItems(page: PDFPageProxy): Promise<PlacedText[]> {
  const content = await page.getTextContent();
  const items: PlacedText[] = [];
  for (const raw of content.items) {
    const item = raw as TextItem;
    if (!('str' in item) || item.str === '') continue;
    const [a, b, , d, x, y] = item.transform as number[];
    const scale = Math.hypot(a!, b!);
    items.push({ str: item.str, x: x!, y: y!, width: item.width, height: Math.abs(item.height || d || scale) || 10, direction: scale > 0 ? [a! / scale, b! / scale] : [1, 0] });
  }
  return items;
}

/**
 * Placed text as lines, top to bottom: items whose baselines are within half a line height share
 * a line. The masker lays out the same items, their digits paired with the glyphs that draw them,
 * so that it reads what the scanner reads.
 */
export function layoutPage(items: readonly PlacedText[]): SourcedText {
  const sorted = [...items].sort((p, q) => q.y - p.y || p.x - q.x);
  const lines: PlacedText[][] = [];
  for (const item of sorted) {
    const line = lines.at(-1);
    if (line && Math.abs(line[0]!.y - item.y) <= line[0]!.height * 0.5) line.push(item);
    else lines.push([item]);
  }
  const out = { text: '', origins: [] as number[] };
  lines.forEach((line, i) => {
    const laid = layoutLine(line);
    if (i > 0) append(out, madeText('\n'));
    append(out, laid);
  });
  return out;
}

const append = (to: SourcedText, part: SourcedText): void => {
  to.text += part.text;
  to.origins.push(...part.origins);
};

/**
 * Joins a line's items: touching items directly (Thai words come split into many items), small
 * gaps as a space, and column-wide gaps as a tab, so that a table row reads as cells. A gap
 * between two single digits stays a space: those are digits in boxes.
 */
function layoutLine(items: PlacedText[]): SourcedText {
  items.sort((p, q) => p.x - q.x);
  const out = { text: '', origins: [] as number[] };
  let end = -Infinity;
  for (const item of items) {
    const gap = item.x - end;
    const h = item.height;
    if (out.text !== '' && gap > h * 0.15) {
      const boxes = isPositionCode(out.text.charCodeAt(out.text.length - 1)) && isPositionCode(item.str.charCodeAt(0)) && gap < h * 3;
      append(out, madeText(gap > h * 1.5 && !boxes ? '\t' : ' '));
    }
    append(out, item.origins ? { text: item.str, origins: item.origins } : madeText(item.str));
    end = Math.max(end, item.x + item.width);
  }
  return rewritten(out, normalizeThai(out.text.replace(/[ \t]*\t[ \t]*/g, '\t')));
}

// Pages without text: scanned PDF pages and images, read by an OCR engine. Only pages with no
// usable text layer are OCR'd (OCR is the expensive part); the rest keep their text layer.
import { createCanvas } from '@napi-rs/canvas';
import { OPS, type PDFDocumentProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { ScanError } from '../errors.ts';
import type { OcrEngine, OcrLine, OcrResult } from '../ocr/engine.ts';
import { columnHeaders as columnHeadersOf } from '../ocr/layout.ts';
import { encodePng } from '../ocr/page.ts';
import { positionsIn } from '../detect/characters.ts';
import { IDENTIFIER_TYPES, IDENTIFIER_TYPE_NAMES, type IdentifierType } from '../identifier-types.ts';
import { normalizeThai, normalizeThaiSourced } from '../thai.ts';
import type { TextBlock, TextRange } from '../types.ts';
import type { DocumentFormat } from './format.ts';
import { decodedPages } from './images.ts';
import type { ExtractionLimits } from './index.ts';
import type { SourcedText } from './origins.ts';
import { openPdf, pageBlocks, pdfPages } from './pdf.ts';

/**
 * Highest resolution pages are rendered at for OCR. A page that is a scanned image is rendered at
 * the image's own resolution when that is lower: resampling a 150 dpi scan to 300 dpi blurs thin
 * Thai strokes (dev corpus scanned PDFs, leak recall: 26% at 300 dpi, 39% at 200, 65% at 150).
 */
export const DEFAULT_OCR_DPI = 300;

export interface ScanningOptions {
  limits: ExtractionLimits;
  ocr: OcrEngine | undefined;
  dpi: number;
}

export interface ScannedExtraction {
  blocks: TextBlock[];
  pagesOcred: number;
  partialError?: ScanError;
}

export async function pdfBlocks(bytes: Uint8Array, { limits, ocr, dpi }: ScanningOptions): Promise<ScannedExtraction> {
  const doc = await openPdf(bytes);
  try {
    const pages = await pdfPages(doc, { maxPages: limits.maxPages });
    const blocks = pageBlocks(pages);
    const scanned = pages.filter((p) => p.text === undefined).map((p) => p.page);
    if (scanned.length === 0) return { blocks, pagesOcred: 0 };
    if (!ocr) {
      const which = scanned.length === pages.length ? 'no page has a text layer' : `page${scanned.length > 1 ? 's' : ''} ${scanned.join(', ')} ${scanned.length > 1 ? 'have' : 'has'} no text layer`;
      return { blocks, pagesOcred: 0, partialError: new ScanError('ocr_unavailable', `${which} and no OCR engine is configured`) };
    }
    // Engines that read whole PDFs (Textract's asynchronous API) take multi-page scans at once.
    const whole = ocr.recognizePdf && scanned.length > 1 ? await ocr.recognizePdf(bytes) : undefined;
    for (const page of scanned) {
      const result = whole ? whole[page - 1] : await ocr.recognize((await renderScan(doc, page, dpi, limits.maxImagePixels)).image);
      if (result) blocks.push(ocrBlock(result, page));
    }
    return { blocks: blocks.sort((a, b) => (a.location.page ?? 0) - (b.location.page ?? 0)), pagesOcred: scanned.length };
  } finally {
    await doc.destroy();
  }
}

export async function ocrBlocks(bytes: Uint8Array, format: DocumentFormat, { limits, ocr }: ScanningOptions): Promise<ScannedExtraction> {
  const pages = imagePages(bytes, format, limits);
  if (!ocr) throw new ScanError('ocr_unavailable', 'the document is an image and no OCR engine is configured');
  const blocks: TextBlock[] = [];
  for (const [i, page] of pages.entries()) blocks.push(ocrBlock(await ocr.recognize(await page()), i + 1));
  return { blocks, pagesOcred: pages.length };
}

/** A page of an image document, decoded when read: PNG that leakscan wrote from the decoded pixels. */
export type PageImage = () => Promise<Uint8Array>;

/** The pages of an image document (a TIFF may hold several), sizes checked against the limits. */
export const imagePages = (bytes: Uint8Array, format: DocumentFormat, limits: ExtractionLimits): PageImage[] => decodedPages(bytes, format, limits).map((page) => async () => encodePng(await page()));

/**
 * The resolution a page without text is rendered at: its scanned image's own (the largest image
 * drawn on it, in dots per inch of the page), at most `maxDpi`; `maxDpi` for pages of shapes.
 */
async function scanDpi(doc: PDFDocumentProxy, pageNumber: number, maxDpi: number): Promise<number> {
  const page = await doc.getPage(pageNumber);
  const { fnArray, argsArray } = await page.getOperatorList();
  const { width, height } = page.getViewport({ scale: 1 });
  let largest = 0;
  fnArray.forEach((fn, i) => {
    // An image drawn by reference has its size in the arguments; one drawn inline, in its data.
    const args = argsArray[i];
    if (fn === OPS.paintImageXObject) largest = Math.max(largest, args[1], args[2]);
    if (fn === OPS.paintInlineImageXObject) largest = Math.max(largest, args[0]?.width ?? 0, args[0]?.height ?? 0);
  });
  // Pages are in points (1/72 inch); a rotated page swaps the image's sides.
  return largest > 0 ? Math.min(maxDpi, (largest / Math.max(width, height)) * 72) : maxDpi;
}

/** A page rendered for OCR, and where a pixel of it is on the page, in PDF user space. */
export interface RenderedPage {
  image: Uint8Array;
  toPdf: (x: number, y: number) => [number, number];
}

/** A page without text rendered as OCR reads it: at its scan's resolution (see scanDpi), at most `maxDpi`. */
export const renderScan = async (doc: PDFDocumentProxy, pageNumber: number, maxDpi: number, maxPixels: number): Promise<RenderedPage> =>
  renderPage(doc, pageNumber, await scanDpi(doc, pageNumber, maxDpi), maxPixels);

/** A page rendered to PNG (grey for a grey scan) at `dpi`, or lower if that would exceed the pixel limit. */
export async function renderPage(doc: PDFDocumentProxy, pageNumber: number, dpi: number, maxPixels: number): Promise<RenderedPage> {
  const page = await doc.getPage(pageNumber);
  try {
    const base = page.getViewport({ scale: 1 });
    const scale = Math.min(dpi / 72, Math.sqrt(maxPixels / (base.width * base.height)));
    const viewport = page.getViewport({ scale });
    const canvas = createCanvas(Math.ceil(viewport.width), Math.ceil(viewport.height));
    const context = canvas.getContext('2d');
    context.fillStyle = '#ffffff';
    context.fillRect(0, 0, canvas.width, canvas.height);
    // pdfjs draws on any canvas with the standard 2D API; @napi-rs/canvas provides one.
    await page.render({ canvasContext: context, viewport, canvas } as unknown as Parameters<typeof page.render>[0]).promise;
    const image = encodePng(context.getImageData(0, 0, canvas.width, canvas.height));
    return { image, toPdf: (x, y) => viewport.convertToPdfPoint(x, y) as [number, number] };
  } finally {
    page.cleanup();
  }
}

function ocrBlock(result: OcrResult, page: number): TextBlock {
  const { text, unreadable, sureReadings, columnHeaders } = ocrPageText(result.lines);
  return {
    text,
    location: { page },
    ocr: true,
    ...(unreadable.length > 0 ? { unreadable } : {}),
    ...(sureReadings.length > 0 ? { sureReadings } : {}),
    ...(columnHeaders.length > 0 ? { columnHeaders } : {}),
  };
}

/**
 * A page's OCR lines as detection reads them (ocrText of the lines, one to a line), each
 * character with its index in the lines' text joined by line breaks (every character, not only
 * digits: the glyphs of a region OCR could not read are covered too), the spans it could not read
 * and those it read surely, and the column headers of its numbers.
 */
export function ocrPageText(lines: readonly OcrLine[]): SourcedText & Required<Pick<TextBlock, 'unreadable' | 'sureReadings' | 'columnHeaders'>> {
  const read = lines.map((l) => l.text).join('\n');
  const normalized = normalizeThaiSourced(read);
  const text = unmaskedBullets(normalized.text);
  // Where each offset of the lines' text is in the normalized text (a merged SARA AM's second half at the first).
  const at = new Array<number>(read.length + 1).fill(text.length);
  for (let i = normalized.origins.length - 1; i >= 0; i--) for (let o = normalized.origins[i]!; o < (normalized.origins[i + 1] ?? read.length); o++) at[o] = i;
  const lineStarts: number[] = [];
  lines.reduce((start, line) => (lineStarts.push(start), start + line.text.length + 1), 0);
  const placed = (i: number, range: TextRange): TextRange => ({ start: at[lineStarts[i]! + range.start]!, end: at[lineStarts[i]! + range.end]! });
  const unreadable = lines.flatMap((line, i) =>
    (line.unreadable ?? []).map((range) => {
      const { start, end } = placed(i, range);
      return { start, end, type: unreadableType(text.slice(start, end)) };
    }),
  );
  const sureReadings = lines.flatMap((line, i) => (line.sure ?? []).map((range) => placed(i, range)));
  const columnHeaders = columnHeadersOf(lines).map(({ start, end, header }) => ({ start: at[start]!, end: at[end]!, header: normalizeThai(header) }));
  return { text, origins: normalized.origins, unreadable, sureReadings, columnHeaders };
}

/** OCR text as detection reads it: Thai normalised (normalizeThai) and mask bullets that OCR read as digits undone. */
export const ocrText = (text: string): string => unmaskedBullets(normalizeThai(text));

// The types an unread span may be told as: by their capitals (a laser code's two), else by how
// many positions they hold, shortest first.
const LETTERED_TYPES = IDENTIFIER_TYPE_NAMES.filter((type) => IDENTIFIER_TYPES[type].letters > 0).map((type) => ({ type, capitals: new RegExp(`[A-Z]{${IDENTIFIER_TYPES[type].letters}}`) }));
const TYPES_BY_LENGTH = IDENTIFIER_TYPE_NAMES.filter((type) => IDENTIFIER_TYPES[type].letters === 0).sort((a, b) => IDENTIFIER_TYPES[a].digits - IDENTIFIER_TYPES[b].digits);

/** What an unread span most likely is: a type whose capitals it shows, else the shortest that holds its positions (up to 10 a phone, more an ID). */
function unreadableType(text: string): IdentifierType {
  const lettered = LETTERED_TYPES.find(({ capitals }) => capitals.test(text));
  if (lettered) return lettered.type;
  const positions = positionsIn(text);
  return TYPES_BY_LENGTH.find((type) => positions <= IDENTIFIER_TYPES[type].digits) ?? TYPES_BY_LENGTH.at(-1)!;
}

/**
 * What OCR makes of mask bullets (●●●●), undone inside numbers: a run of three or more Thai ones
 * (๑๑๑๑) is far likelier bullets than digits, and so are letters and signs Tesseract reads
 * bullets as (e, @, ®, ©) and a Thai one next to bullets, in a token that holds digits. Read as
 * digits, masked numbers would be false leaks. Each character is replaced by one: offsets stay.
 */
function unmaskedBullets(text: string): string {
  return text
    .replace(/๑{3,}/g, (run) => '●'.repeat(run.length))
    .replace(/\S*[0-9\u0E50-\u0E59]\S*/g, (token) => {
      const bullets = token.replace(/[e@®©]/g, '●');
      if ((bullets.match(/●/g) ?? []).length < 2) return token;
      // A Thai one touching the bullets (directly or across a dash) on a side where no digit
      // touches it is one of them, and so on along the run: ๑-●●●๖ is a bullet, ๗๗-๑●-● a digit.
      let out = bullets;
      const bulletOne = /(?<![0-9\u0E50-\u0E59]-?)๑(?=-?●)|(?<=●-?)๑(?!-?[0-9\u0E50-\u0E59])/g;
      for (let previous = ''; previous !== out; ) [previous, out] = [out, out.replace(bulletOne, '●')];
      return out;
    });
}

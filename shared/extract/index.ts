// One entry point from a document's bytes to the text blocks the detector reads, whatever the
// format. Limits guard against oversized and hostile files; failures are ScanErrors with a code.
import { ScanError } from '../errors.ts';
import type { OcrEngine } from '../ocr/engine.ts';
import type { TextBlock } from '../types.ts';
import { decodeText } from './encoding.ts';
import { type DocumentFormat, isImageFormat } from './format.ts';
import { DEFAULT_LIMITS, type ExtractionLimits } from './limits.ts';

export { DEFAULT_LIMITS, type ExtractionLimits } from './limits.ts';

export interface ExtractionOptions {
  limits?: Partial<ExtractionLimits>;
  /** Reads scanned pages and images; without one they are reported as ocr_unavailable. */
  ocr?: OcrEngine;
  /** Highest resolution scanned PDF pages are rendered at for OCR (default 300); see DEFAULT_OCR_DPI. */
  ocrDpi?: number;
}

export interface ExtractedDocument {
  format: DocumentFormat;
  blocks: TextBlock[];
  /** Links found in web pages, for the crawler. */
  links: string[];
  /** Pages (or images) read by OCR. */
  pagesOcred: number;
  /** Set when part of the document could not be read but the rest was: the findings stand. */
  partialError?: ScanError;
}

export async function extractDocument(bytes: Uint8Array, format: DocumentFormat, options: ExtractionOptions = {}): Promise<ExtractedDocument> {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  if (bytes.length > limits.maxBytes) {
    throw new ScanError('too_large', `the document is ${bytes.length} bytes; the limit is ${limits.maxBytes}`);
  }
  // Time and memory are bounded by the worker process a document is read in (shared/isolation).
  return extract(bytes, format, limits, options);
}

/**
 * Each reader is loaded when a document needs it: a scan worker (and the command line) starts in a
 * fraction of the time, and a directory of CSV files never loads the PDF and image libraries.
 */
async function extract(bytes: Uint8Array, format: DocumentFormat, limits: ExtractionLimits, options: ExtractionOptions): Promise<ExtractedDocument> {
  const done = (blocks: TextBlock[], links: string[] = []): ExtractedDocument => ({ format, blocks, links, pagesOcred: 0 });
  const scanned = async () => {
    const reader = await import('./scanned.ts');
    return { reader, scanning: { limits, ocr: options.ocr, dpi: options.ocrDpi ?? reader.DEFAULT_OCR_DPI } };
  };
  switch (format) {
    case 'empty':
      throw new ScanError('corrupt', 'the file is empty (0 bytes)');
    case 'txt':
      return done([{ text: decodeText(bytes), location: {} }]);
    case 'csv':
      return done((await import('./csv.ts')).csvBlocks(decodeText(bytes)));
    case 'html': {
      const { blocks, links } = (await import('./html.ts')).htmlBlocks(decodeText(bytes));
      return done(blocks, links);
    }
    case 'docx':
      return done((await import('./docx.ts')).docxBlocks(bytes, limits));
    case 'xlsx':
      // SheetJS inflates the package itself: checked first.
      (await import('./zip.ts')).checkZip(bytes, limits);
      return done((await import('./spreadsheet.ts')).spreadsheetBlocks(bytes));
    case 'ods':
      return done((await import('./ods.ts')).odsBlocks(bytes, limits));
    case 'xls':
      return done((await import('./spreadsheet.ts')).spreadsheetBlocks(bytes));
    case 'doc':
      return done(await (await import('./doc.ts')).docBlocks(bytes));
    case 'encrypted-office':
      throw new ScanError('encrypted', 'the Office document is protected by a password');
    case 'pdf': {
      const { reader, scanning } = await scanned();
      return { format, links: [], ...(await reader.pdfBlocks(bytes, scanning)) };
    }
    default:
      if (isImageFormat(format)) {
        const { reader, scanning } = await scanned();
        return { format, links: [], ...(await reader.ocrBlocks(bytes, format, scanning)) };
      }
      // Not read, but a password-protected one is reported as such.
      if (format === 'odt') (await import('./ods.ts')).readOdfEntries(bytes, () => false, limits);
      throw new ScanError('unsupported_format', `${format} documents are not read by leakscan`);
  }
}

export { type DocumentFormat, detectFormat } from './format.ts';

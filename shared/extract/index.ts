// One entry point from a document's bytes to the text blocks the detector reads, whatever the
// format. Limits guard against oversized and hostile files; failures are ScanErrors with a code.
import { ScanError } from '../errors.ts';
import type { OcrEngine } from '../ocr/engine.ts';
import type { TextBlock } from '../types.ts';
import { csvBlocks } from './csv.ts';
import { docBlocks } from './doc.ts';
import { docxBlocks } from './docx.ts';
import { decodeText } from './encoding.ts';
import { type DocumentFormat, isImageFormat } from './format.ts';
import { htmlBlocks } from './html.ts';
import { DEFAULT_OCR_DPI, ocrBlocks, pdfBlocks } from './scanned.ts';
import { spreadsheetBlocks } from './spreadsheet.ts';
import { checkZip } from './zip.ts';

export interface ExtractionLimits {
  /** Largest document read, in bytes. */
  maxBytes: number;
  /** Most pages read from a PDF. */
  maxPages: number;
  /** Most bytes a compressed container (DOCX, XLSX, ODS) may inflate to: zip bombs. */
  maxDecompressedBytes: number;
  /** Most files in a compressed container. */
  maxZipEntries: number;
  /** Largest image (or rendered page) given to OCR, in pixels. */
  maxImagePixels: number;
  /** Longest time spent on one document, in milliseconds. */
  timeoutMs: number;
}

export const DEFAULT_LIMITS: ExtractionLimits = {
  maxBytes: 50 * 1024 * 1024,
  maxPages: 500,
  maxDecompressedBytes: 200 * 1024 * 1024,
  maxZipEntries: 10_000,
  maxImagePixels: 40_000_000,
  timeoutMs: 120_000,
};

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
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new ScanError('timeout', `reading the document took longer than ${limits.timeoutMs} ms`)), limits.timeoutMs);
  });
  try {
    return await Promise.race([extract(bytes, format, limits, options), timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function extract(bytes: Uint8Array, format: DocumentFormat, limits: ExtractionLimits, options: ExtractionOptions): Promise<ExtractedDocument> {
  const scanning = { limits, ocr: options.ocr, dpi: options.ocrDpi ?? DEFAULT_OCR_DPI };
  const done = (blocks: TextBlock[], links: string[] = []): ExtractedDocument => ({ format, blocks, links, pagesOcred: 0 });
  switch (format) {
    case 'empty':
      throw new ScanError('corrupt', 'the file is empty (0 bytes)');
    case 'txt':
      return done([{ text: decodeText(bytes), location: {} }]);
    case 'csv':
      return done(csvBlocks(decodeText(bytes)));
    case 'html': {
      const { blocks, links } = htmlBlocks(decodeText(bytes));
      return done(blocks, links);
    }
    case 'docx':
      checkZip(bytes, { maxDecompressedBytes: limits.maxDecompressedBytes, maxEntries: limits.maxZipEntries });
      return done(docxBlocks(bytes));
    case 'xlsx':
    case 'ods':
      checkZip(bytes, { maxDecompressedBytes: limits.maxDecompressedBytes, maxEntries: limits.maxZipEntries });
      return done(spreadsheetBlocks(bytes));
    case 'xls':
      return done(spreadsheetBlocks(bytes));
    case 'doc':
      return done(await docBlocks(bytes));
    case 'encrypted-office':
      throw new ScanError('encrypted', 'the Office document is protected by a password');
    case 'pdf':
      return { format, links: [], ...(await pdfBlocks(bytes, scanning)) };
    default:
      if (isImageFormat(format)) return { format, links: [], ...(await ocrBlocks(bytes, format, scanning)) };
      throw new ScanError('unsupported_format', `${format} documents are not read by leakscan`);
  }
}

export { type DocumentFormat, detectFormat } from './format.ts';

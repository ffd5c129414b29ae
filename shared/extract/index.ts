// One entry point from a document's bytes to the text blocks the detector reads.
import { ScanError } from '../errors.ts';
import type { TextBlock } from '../types.ts';
import { csvBlocks } from './csv.ts';
import { decodeText } from './encoding.ts';
import { type DocumentFormat, SUPPORTED_FORMATS } from './format.ts';
import { htmlBlocks } from './html.ts';

export interface ExtractionLimits {
  /** Largest document read, in bytes. */
  maxBytes: number;
}

export const DEFAULT_LIMITS: ExtractionLimits = {
  maxBytes: 50 * 1024 * 1024,
};

export interface ExtractedDocument {
  format: DocumentFormat;
  blocks: TextBlock[];
  /** Links found in web pages, for the crawler. */
  links: string[];
}

export function extractDocument(bytes: Uint8Array, format: DocumentFormat, limits: ExtractionLimits = DEFAULT_LIMITS): ExtractedDocument {
  if (bytes.length > limits.maxBytes) {
    throw new ScanError('too_large', `the document is ${bytes.length} bytes; the limit is ${limits.maxBytes}`);
  }
  if (format === 'empty') throw new ScanError('corrupt', 'the file is empty (0 bytes)');
  if (!SUPPORTED_FORMATS.has(format)) {
    throw new ScanError('unsupported_format', `${format} documents are not read by this version of leakscan`);
  }
  const text = decodeText(bytes);
  switch (format) {
    case 'csv':
      return { format, blocks: csvBlocks(text), links: [] };
    case 'html':
      return { format, ...htmlBlocks(text) };
    default:
      return { format, blocks: [{ text, location: {} }], links: [] };
  }
}

export { type DocumentFormat, detectFormat } from './format.ts';

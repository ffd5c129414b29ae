// The format of a document, from its bytes: agencies upload mislabeled files (a PDF named
// .doc, a web page saved as .xls). The name only separates kinds of plain text (CSV or TXT).
import { extname } from 'node:path';

export type DocumentFormat =
  | 'txt'
  | 'csv'
  | 'html'
  | 'pdf'
  | 'docx'
  | 'xlsx'
  | 'ods'
  | 'odt'
  | 'zip'
  | 'doc'
  | 'xls'
  | 'ole'
  | 'encrypted-office'
  | 'png'
  | 'jpeg'
  | 'tiff'
  | 'gif'
  | 'webp'
  | 'bmp'
  | 'binary'
  | 'empty';

const startsWith = (bytes: Uint8Array, ...sig: number[]): boolean => sig.every((b, i) => bytes[i] === b);

export function detectFormat(bytes: Uint8Array, name = ''): DocumentFormat {
  const ext = extname(name).slice(1).toLowerCase();
  if (bytes.length === 0) return 'empty';
  if (startsWith(bytes, 0x25, 0x50, 0x44, 0x46)) return 'pdf';
  if (startsWith(bytes, 0x50, 0x4b, 0x03, 0x04)) return zipFormat(bytes, ext);
  if (startsWith(bytes, 0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1)) return oleFormat(bytes);
  if (startsWith(bytes, 0x89, 0x50, 0x4e, 0x47)) return 'png';
  if (startsWith(bytes, 0xff, 0xd8, 0xff)) return 'jpeg';
  if (startsWith(bytes, 0x49, 0x49, 0x2a, 0x00) || startsWith(bytes, 0x4d, 0x4d, 0x00, 0x2a)) return 'tiff';
  if (startsWith(bytes, 0x47, 0x49, 0x46, 0x38)) return 'gif';
  if (startsWith(bytes, 0x42, 0x4d)) return 'bmp';
  if (startsWith(bytes, 0x52, 0x49, 0x46, 0x46) && bytes[8] === 0x57 && bytes[9] === 0x45) return 'webp';
  return textFormat(bytes, ext);
}

function zipFormat(bytes: Uint8Array, ext: string): DocumentFormat {
  // OOXML and OpenDocument packages name their kind in the first entries.
  const head = Buffer.from(bytes.subarray(0, Math.min(bytes.length, 64 * 1024))).toString('latin1');
  if (head.includes('application/vnd.oasis.opendocument.spreadsheet')) return 'ods';
  if (head.includes('application/vnd.oasis.opendocument.text')) return 'odt';
  if (head.includes('word/')) return 'docx';
  if (head.includes('xl/')) return 'xlsx';
  return ext === 'docx' || ext === 'xlsx' || ext === 'ods' || ext === 'odt' ? ext : 'zip';
}

/** Compound files (Office 97–2003, and password-protected OOXML) name their streams in UTF-16. */
function oleFormat(bytes: Uint8Array): DocumentFormat {
  const has = (name: string): boolean => Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).includes(Buffer.from(name, 'utf16le'));
  if (has('EncryptedPackage')) return 'encrypted-office';
  if (has('WordDocument')) return 'doc';
  if (has('Workbook') || has('Book')) return 'xls';
  return 'ole';
}

function textFormat(bytes: Uint8Array, ext: string): DocumentFormat {
  const head = bytes.subarray(0, 8192);
  const utf16 = (head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff);
  if (!utf16 && head.includes(0)) return 'binary';
  const text = utf16 ? '' : Buffer.from(head).toString('latin1');
  if (/^\s*(?:<\?xml[^>]*>\s*)?(?:<!--[\s\S]*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b/i.test(text.replace(/^\uFEFF|^\xEF\xBB\xBF/, ''))) return 'html';
  if (ext === 'html' || ext === 'htm') return /<[a-z!]/i.test(text) ? 'html' : 'txt';
  if (ext === 'csv' || ext === 'tsv') return 'csv';
  return 'txt';
}

const IMAGE_FORMATS: ReadonlySet<DocumentFormat> = new Set(['png', 'jpeg', 'tiff', 'gif', 'webp', 'bmp']);

export const isImageFormat = (format: DocumentFormat): boolean => IMAGE_FORMATS.has(format);

// Legacy Word 97–2003 documents (.doc) through word-extractor: body, headers, footers,
// footnotes, endnotes, comments and text boxes.
import * as XLSX from '@e965/xlsx';
import WordExtractor from 'word-extractor';
import { ScanError, readingError } from '../errors.ts';
import type { TextBlock } from '../types.ts';

/** FibBase's flags (16 bits at 0x0A of the WordDocument stream): fEncrypted, set by RC4, RC4 CryptoAPI and XOR obfuscation. */
const FIB_FLAGS = 0x0a;
const F_ENCRYPTED = 0x0100;

/**
 * Whether Word encrypted the document. word-extractor does not look: it reads the encrypted
 * stream as text, or fails and the document looks damaged.
 */
function isEncrypted(bytes: Uint8Array): boolean {
  const stream = XLSX.CFB.find(XLSX.CFB.read(bytes, { type: 'array' }), 'WordDocument');
  const fib = stream?.content as Uint8Array | undefined;
  return !!fib && fib.length > FIB_FLAGS + 1 && ((fib[FIB_FLAGS]! | (fib[FIB_FLAGS + 1]! << 8)) & F_ENCRYPTED) !== 0;
}

export async function docBlocks(bytes: Uint8Array): Promise<TextBlock[]> {
  let doc: Awaited<ReturnType<WordExtractor['extract']>>;
  try {
    if (isEncrypted(bytes)) throw new ScanError('encrypted', 'the Word document is protected by a password');
    doc = await new WordExtractor().extract(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch (err) {
    throw readingError(err, 'the Word document');
  }
  const parts: Array<[string | undefined, string]> = [
    [undefined, doc.getBody()],
    ['header', doc.getHeaders({ includeFooters: false })],
    ['footer', doc.getFooters()],
    ['footnotes', doc.getFootnotes()],
    ['endnotes', doc.getEndnotes()],
    ['comments', doc.getAnnotations()],
    ['text box', doc.getTextboxes({ includeHeadersAndFooters: true, includeBody: true })],
  ];
  // Word's cell and row marks come out as tabs and line breaks: the text-table reader of the
  // detector takes it from there.
  return parts.filter(([, text]) => text.trim() !== '').map(([part, text]) => ({ text: text.replace(/\r\n?/g, '\n'), location: part ? { part } : {} }));
}

// Legacy Word 97–2003 documents (.doc) through word-extractor: body, headers, footers,
// footnotes, endnotes, comments and text boxes.
import WordExtractor from 'word-extractor';
import { ScanError, parserMessage } from '../errors.ts';
import type { TextBlock } from '../types.ts';

export async function docBlocks(bytes: Uint8Array): Promise<TextBlock[]> {
  let doc: Awaited<ReturnType<WordExtractor['extract']>>;
  try {
    doc = await new WordExtractor().extract(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  } catch (err) {
    const message = (err as Error).message ?? String(err);
    if (/encrypt|password/i.test(message)) throw new ScanError('encrypted', 'the Word document is protected by a password');
    throw new ScanError('corrupt', `the Word document cannot be read: ${parserMessage(err)}`);
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
  return parts
    .filter(([, text]) => text.trim() !== '')
    .map(([part, text]) => ({ text: text.replace(/\r\n?/g, '\n'), location: part ? { part } : {} }));
}

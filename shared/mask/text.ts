// Plain text and CSV: decoded as the scanner decodes them (shared/extract/encoding.ts) and
// written back in the same encoding, with the same byte order mark.
import iconv from 'iconv-lite';
import { ScanError } from '../errors.ts';
import { decodeText, textEncoding } from '../extract/encoding.ts';
import type { MaskableDocument } from './document.ts';
import { type SourcedBlock, type SourcedRow, SourcedTextBuilder, flowBlock, hideAt, identityOrigins, sourcedTableBlocks } from './sourced.ts';
import { sniffDelimiter } from '../extract/csv.ts';

/** The one source of a text document: its decoded text. */
export const TEXT_SOURCE = 'text';

export function textDocument(bytes: Uint8Array, toBlocks: (text: string) => SourcedBlock[]): MaskableDocument {
  const encoding = textEncoding(bytes);
  const text = decodeText(bytes, encoding);
  const bom = bytes.subarray(0, encoding.bomLength);
  const encode = (t: string): Uint8Array => new Uint8Array(Buffer.concat([bom, iconv.encode(t, encoding.name)]));
  // Bytes the encoding does not define would come back as other bytes: refused, not altered.
  if (!Buffer.from(encode(text)).equals(Buffer.from(bytes))) {
    throw new ScanError('corrupt', `the text holds bytes that are not valid ${encoding.name}: it cannot be written back unchanged`);
  }
  return { blocks: toBlocks(text), write: (plan) => encode(hideAt(text, plan.hide.get(TEXT_SOURCE) ?? [])) };
}

export const maskableTxt = (bytes: Uint8Array): MaskableDocument => textDocument(bytes, (text) => [flowBlock({ text, origins: identityOrigins(text) }, TEXT_SOURCE, {})]);

export const maskableCsv = (bytes: Uint8Array): MaskableDocument => textDocument(bytes, (text) => sourcedTableBlocks(csvRows(text), () => TEXT_SOURCE));

/**
 * Records as csv-parse reads them (quotes, doubled quotes, relaxed quotes, empty lines skipped),
 * each cell with the offsets of its characters; rows numbered by the line they end on.
 */
function csvRows(text: string): SourcedRow[] {
  const delimiter = sniffDelimiter(text);
  const rows: SourcedRow[] = [];
  let line = 1;
  let i = 0;
  const atRecordEnd = (): boolean => i >= text.length || text[i] === '\n' || (text[i] === '\r' && text[i + 1] === '\n');
  while (i < text.length) {
    const cells: SourcedTextBuilder[] = [];
    for (;;) {
      const cell = new SourcedTextBuilder();
      if (text[i] === '"') {
        i++;
        for (; i < text.length; i++) {
          if (text[i] === '"' && text[i + 1] === '"') cell.raw('"', i++);
          else if (text[i] === '"') break;
          else {
            if (text[i] === '\n') line++;
            cell.raw(text[i]!, i);
          }
        }
        i++;
      }
      // Unquoted text, or what follows a closing quote (relax_quotes keeps it).
      for (; i < text.length && text[i] !== delimiter && !atRecordEnd(); i++) cell.raw(text[i]!, i);
      cells.push(cell);
      if (text[i] === delimiter) i++;
      else break;
    }
    const empty = cells.length === 1 && cells[0]!.text === '';
    if (!empty) rows.push({ cells, rowNumber: line, location: {} });
    i += text[i] === '\r' ? 2 : 1;
    line++;
  }
  return rows;
}

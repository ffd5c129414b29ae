import { maskLongNumbers } from './masking.ts';

// Why a document could not be scanned. Each code is stable: reports, metrics and the
// unscannable-document records key on it.
export type ScanErrorCode = 'unsupported_format' | 'encrypted' | 'corrupt' | 'too_large' | 'too_many_pages' | 'timeout' | 'crashed' | 'ocr_unavailable' | 'unreadable';

export class ScanError extends Error {
  constructor(
    readonly code: ScanErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'ScanError';
  }
}

/**
 * A parser's message about a document, fit to report: parsers may quote the input they choke
 * on, so numbers are masked as in excerpts, and the length is bounded.
 */
export function parserMessage(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return maskLongNumbers(message.slice(0, 200));
}

/** What the engine says when a reader asks for more than it can have: an array, buffer or string too long, or a stack too deep. */
const OUT_OF_ROOM = /invalid (?:typed )?array(?: buffer)? length|allocation failed|invalid string length|maximum call stack|cannot create a buffer larger/i;

/** The engine refused an allocation: the document is too large for the memory it may use, not damaged. */
export const isOutOfRoom = (err: unknown): err is RangeError => err instanceof RangeError && OUT_OF_ROOM.test(err.message);

/**
 * A reader's failure as the ScanError it stands for: a ScanError as it is; running out of room
 * is the document's size, not damage (a truncated file's reads out of range are damage); a parser
 * that names a password met an encrypted document.
 */
export function readingError(err: unknown, document: string): ScanError {
  if (err instanceof ScanError) return err;
  const message = err instanceof Error ? err.message : String(err);
  if (isOutOfRoom(err)) return new ScanError('too_large', `${document} is too large to read (${parserMessage(err)})`);
  if (/password|encrypt/i.test(message)) return new ScanError('encrypted', `${document} is protected by a password`);
  return new ScanError('corrupt', `${document} cannot be read: ${parserMessage(err)}`);
}

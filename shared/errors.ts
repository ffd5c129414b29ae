import { maskLongNumbers } from './masking.ts';

// Why a document could not be scanned. Each code is stable: reports, metrics and the
// unscannable-document records key on it.
export type ScanErrorCode =
  | 'unsupported_format'
  | 'encrypted'
  | 'corrupt'
  | 'too_large'
  | 'too_many_pages'
  | 'timeout'
  | 'ocr_unavailable'
  | 'unreadable';

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

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

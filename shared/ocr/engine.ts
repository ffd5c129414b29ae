// OCR engines behind one interface: Tesseract (Thai, with leakscan's number model; runs anywhere, the default) and
// Amazon Textract (no Thai script: for Latin-script documents and digits, when configured).
import type { TextRange } from '../types.ts';
import type { Box } from './layout.ts';

export interface OcrLine {
  text: string;
  /** 0..100 */
  confidence: number;
  /**
   * Per UTF-16 unit of text: where the character is drawn, in pixels of the image given
   * (undefined for a space, or where the engine cannot tell). Absent if the engine gives no positions.
   */
  boxes?: Array<Box | undefined>;
  /** Spans of text that look like an identifier but could not be read with confidence: check them by eye. */
  unreadable?: TextRange[];
  /** Spans of number text every reading agreed on, each character sure: a failed check digit there is the document's, not a misread. */
  sure?: TextRange[];
}

export interface OcrResult {
  lines: OcrLine[];
}

export interface OcrEngine {
  readonly name: string;
  /** Reads one page image (PNG or JPEG bytes; TIFF pages arrive as PNG). */
  recognize(image: Uint8Array): Promise<OcrResult>;
  /** Reads a whole multi-page PDF where the engine can do so itself (Textract's async API). */
  recognizePdf?(pdf: Uint8Array): Promise<OcrResult[]>;
  close(): Promise<void>;
}

/**
 * Thrown by an engine that started an asynchronous job instead of reading now (Textract on a
 * stored multi-page PDF): the document is read when the job's completion arrives (SNS → SQS → the
 * scan function). Not a failure of the document. Here, not in the adapter, so that the core
 * knows a deferred result without loading any AWS client.
 */
export class OcrJobStarted extends Error {
  constructor(readonly jobId: string) {
    super(`OCR job ${jobId} started`);
    this.name = 'OcrJobStarted';
  }
}

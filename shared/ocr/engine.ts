// OCR engines behind one interface: Tesseract (Thai, with leakscan's number model; runs anywhere, the default) and
// Amazon Textract (no Thai script: for Latin-script documents and digits, when configured).

export interface OcrLine {
  text: string;
  /** 0..100 */
  confidence: number;
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

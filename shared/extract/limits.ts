// What a document may make the extractors do, apart from the extractors themselves: the check API
// and the CLI refuse a file over the limit before anything reads it.
export interface ExtractionLimits {
  /** Largest document read, in bytes. */
  maxBytes: number;
  /** Most pages read from a PDF. */
  maxPages: number;
  /** Most bytes a compressed container (DOCX, XLSX, ODS) may inflate to: zip bombs. */
  maxDecompressedBytes: number;
  /** Most files in a compressed container. */
  maxZipEntries: number;
  /** Largest image (or rendered page) given to OCR, in pixels. */
  maxImagePixels: number;
}

export const DEFAULT_LIMITS: ExtractionLimits = {
  maxBytes: 50 * 1024 * 1024,
  maxPages: 500,
  maxDecompressedBytes: 200 * 1024 * 1024,
  maxZipEntries: 10_000,
  maxImagePixels: 40_000_000,
};

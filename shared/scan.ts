// Scanning one document: extraction, then detection, with every failure turned into a
// recorded error instead of an exception, so that one bad file never stops a batch.
import { detectSpans, unreadableFindings } from './detect/detect.ts';
import { ScanError, type ScanErrorCode, isOutOfRoom, parserMessage } from './errors.ts';
import { type DocumentFormat, type ExtractionOptions, detectFormat, extractDocument } from './extract/index.ts';
import type { Fingerprinter } from './fingerprint.ts';
import { OcrJobStarted } from './ocr/engine.ts';
import { type Finding, type StatusCounts, countByTypeAndStatus, countOfStatus, isLeak } from './types.ts';

export interface ScanOptions {
  fingerprint: Fingerprinter;
  extraction?: ExtractionOptions;
}

export interface DocumentResult {
  path: string;
  format: DocumentFormat | 'unknown';
  status: 'scanned' | 'error';
  error?: { code: ScanErrorCode; message: string };
  /** Findings, also of a document that could be read only in part (then status is error). */
  findings: Finding[];
  /** Pages or images read by OCR (not part of the JSON report contract: metrics use it). */
  pagesOcred?: number;
}

export async function scanDocument(path: string, bytes: Uint8Array, options: ScanOptions): Promise<DocumentResult> {
  const format = detectFormat(bytes, path);
  try {
    const extracted = await extractDocument(bytes, format, options.extraction);
    const found = detectSpans(extracted.blocks, options);
    const findings = [...found.map((f) => f.finding), ...unreadableFindings(extracted.blocks, found, options)];
    const result: DocumentResult = { path, format, status: 'scanned', findings };
    if (extracted.pagesOcred) result.pagesOcred = extracted.pagesOcred;
    if (extracted.partialError) {
      result.status = 'error';
      result.error = describeError(extracted.partialError);
    }
    return result;
  } catch (err) {
    // A document whose OCR was handed to an asynchronous job is read when the job is done.
    if (err instanceof OcrJobStarted) throw err;
    return { ...unscannable(path, err), format };
  }
}

/** A document that could not be read at all, whatever stopped it: its path and why. */
export const unscannable = (path: string, err: unknown): DocumentResult => ({ path, format: 'unknown', status: 'error', error: describeError(err), findings: [] });

export function describeError(err: unknown): { code: ScanErrorCode; message: string } {
  if (err instanceof ScanError) return { code: err.code, message: err.message };
  // Where V8 throws rather than ends the worker (Node 24 on an ArrayBuffer past the worker's memory).
  if (isOutOfRoom(err)) return { code: 'too_large', message: `the document is too large to read in the memory a document may use (${parserMessage(err)})` };
  return { code: 'corrupt', message: `the document could not be parsed: ${parserMessage(err)}` };
}

export interface ScanSummary {
  documents: number;
  scanned: number;
  errors: number;
  documentsWithLeaks: number;
  /** Occurrences of each type and status. */
  findings: StatusCounts;
  leaks: number;
  /** Regions OCR could not read (not leaks): a person must check them. */
  unreadable: number;
  /** Distinct identifiers (by fingerprint) exposed unmasked or insufficiently masked. */
  distinctLeakedIdentifiers: number;
  errorsByCode: Partial<Record<ScanErrorCode, number>>;
  pagesOcred: number;
}

export function summarize(documents: readonly DocumentResult[]): ScanSummary {
  const findings = countByTypeAndStatus(documents.flatMap((d) => d.findings));
  const summary: ScanSummary = {
    documents: documents.length,
    scanned: 0,
    errors: 0,
    documentsWithLeaks: 0,
    findings,
    leaks: 0,
    unreadable: countOfStatus(findings, 'unreadable'),
    distinctLeakedIdentifiers: 0,
    errorsByCode: {},
    pagesOcred: 0,
  };
  const leaked = new Set<string>();
  for (const doc of documents) {
    if (doc.status === 'error') {
      summary.errors++;
      const code = doc.error!.code;
      summary.errorsByCode[code] = (summary.errorsByCode[code] ?? 0) + 1;
    } else {
      summary.scanned++;
    }
    summary.pagesOcred += doc.pagesOcred ?? 0;
    // A document read only in part still exposes what was read.
    let docLeaks = 0;
    for (const f of doc.findings) {
      if (isLeak(f)) {
        docLeaks++;
        leaked.add(f.fingerprint);
      }
    }
    summary.leaks += docLeaks;
    if (docLeaks > 0) summary.documentsWithLeaks++;
  }
  summary.distinctLeakedIdentifiers = leaked.size;
  return summary;
}

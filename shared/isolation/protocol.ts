// What the scan pool and its worker processes say to each other over Node's IPC channel
// (advanced serialization: a document's bytes travel as bytes, not as JSON). A worker reads one
// document at a time and the channel keeps order: an answer needs no document ID.
import { ScanError, type ScanErrorCode } from '../errors.ts';
import type { ExtractionLimits } from '../extract/index.ts';
import { OcrJobStarted, type OcrResult } from '../ocr/engine.ts';
import type { KeepSide } from '../mask/x4.ts';
import type { DocumentResult } from '../scan.ts';

/** A document by its path (the worker reads it, so the pool never holds it) or by its bytes. */
export type DocumentSource = { path: string } | { bytes: Uint8Array };

/** The OCR engine a worker runs itself: engines that decode images belong inside the sandbox. */
export type WorkerOcr = 'tesseract' | 'none';

/** The pool's engine, when the worker is to use it: what it can read. */
export interface RemoteOcr {
  readsPdfs: boolean;
}

export type PoolMessage =
  | { type: 'init'; fingerprintKey: string; ocr: WorkerOcr }
  | { type: 'scan'; name: string; source: DocumentSource; limits: Partial<ExtractionLimits>; remoteOcr?: RemoteOcr; maskLeaks?: KeepSide }
  | { type: 'ocr-answer'; call: number; result?: OcrResult | OcrResult[]; error?: WireError };

export type WorkerMessage =
  | { type: 'ready' }
  | { type: 'done'; result: ScannedDocument; final?: true }
  | { type: 'ocr-job-started'; jobId: string }
  | { type: 'ocr-call'; call: number; method: 'recognize' | 'recognizePdf'; image: Uint8Array };

/** A document's X4-masked copy, made after a scan that found leaks: scanned again and found clean, or why there is none. */
export type MaskedBytes = { ok: true; bytes: Uint8Array } | { ok: false; reason: string };

/** A document's result, with its masked copy when one was asked for and it leaks. */
export type ScannedDocument = DocumentResult & { maskedCopy?: MaskedBytes };

/** An error as it crosses the channel: the kinds callers tell apart keep their kind. */
export interface WireError {
  name: string;
  message: string;
  code?: ScanErrorCode;
  jobId?: string;
}

export function toWire(err: unknown): WireError {
  if (err instanceof ScanError) return { name: err.name, message: err.message, code: err.code };
  if (err instanceof OcrJobStarted) return { name: err.name, message: err.message, jobId: err.jobId };
  return { name: err instanceof Error ? err.name : 'Error', message: err instanceof Error ? err.message : String(err) };
}

export function fromWire(wire: WireError): Error {
  if (wire.code) return new ScanError(wire.code, wire.message);
  if (wire.jobId) return new OcrJobStarted(wire.jobId);
  return Object.assign(new Error(wire.message), { name: wire.name });
}

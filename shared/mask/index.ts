// Masking a document: read it into blocks that know their origins, plan the X4 masks of every
// leak, write it back; again on the result (masking can make a window that reads as a new
// leak, e.g. a phone-sized part of a grouped ID), until nothing is left to mask.
import { randomBytes } from 'node:crypto';
import { ScanError } from '../errors.ts';
import { isImageFormat } from '../extract/format.ts';
import { DEFAULT_LIMITS, type DocumentFormat, detectFormat } from '../extract/index.ts';
import { fingerprinter } from '../fingerprint.ts';
import { describeError, scanDocument } from '../scan.ts';
import { isLeak } from '../types.ts';
import { checkZip } from '../extract/zip.ts';
import type { MaskableReader, MaskingContext } from './document.ts';
import type { OcrEngine } from '../ocr/engine.ts';
import type { KeepSide } from './x4.ts';
import { maskableDocx } from './docx.ts';
import { maskableHtml } from './html.ts';
import { maskablePdf } from './pdf.ts';
import { type MaskChange, type MaskOptions, planMasks } from './plan.ts';
import { maskableCsv, maskableTxt } from './text.ts';
import { maskableXlsx } from './xlsx.ts';

export type { KeepSide } from './x4.ts';
export type { MaskOptions } from './plan.ts';

const zipped = (read: MaskableReader): MaskableReader => (bytes, context) => {
  checkZip(bytes, { maxDecompressedBytes: context.limits.maxDecompressedBytes, maxEntries: context.limits.maxZipEntries });
  return read(bytes, context);
};

const READERS: Partial<Record<DocumentFormat, MaskableReader>> = {
  txt: maskableTxt,
  csv: maskableCsv,
  html: maskableHtml,
  docx: zipped(maskableDocx),
  xlsx: zipped(maskableXlsx),
  pdf: maskablePdf,
};

export const MASKABLE_FORMATS = Object.keys(READERS) as DocumentFormat[];
export const isMaskable = (format: DocumentFormat): boolean => READERS[format] !== undefined;

export type MaskedIdentifier = Omit<MaskChange, 'block'>;

export interface MaskResult {
  bytes: Uint8Array;
  changes: MaskedIdentifier[];
  /** Leaks that could not be mapped back to the file: the output still holds them. */
  unmappable: MaskedIdentifier[];
}

const MAX_ROUNDS = 3;

export async function maskDocument(bytes: Uint8Array, format: DocumentFormat, options: MaskOptions, context: MaskingContext = { ocr: undefined, limits: DEFAULT_LIMITS }): Promise<MaskResult> {
  const read = READERS[format];
  if (!read) throw new ScanError('unsupported_format', `masking ${format} documents is not supported`);
  const result: MaskResult = { bytes, changes: [], unmappable: [] };
  const withoutBlock = ({ type, location, display }: MaskChange): MaskedIdentifier => ({ type, location, display });
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const doc = await read(result.bytes, context);
    const plan = planMasks(doc.blocks, options);
    result.unmappable = plan.unmappable.map(withoutBlock);
    if (plan.changes.length === 0) break;
    result.changes.push(...plan.changes.map(withoutBlock));
    result.bytes = await doc.write(plan);
  }
  return result;
}

/** A masked copy that was scanned again and found clean, or why there is none. */
export type VerifiedMask =
  | { ok: true; format: DocumentFormat; bytes: Uint8Array; changes: MaskedIdentifier[] }
  | { ok: false; format: DocumentFormat; reason: string; identifiers: MaskedIdentifier[] };

/**
 * Masks a document and scans the copy again: a copy is given only when no leak is left in it,
 * never one that looks masked but is not. The name only tells kinds of plain text apart.
 */
export async function maskVerified(bytes: Uint8Array, name: string, keep: KeepSide, ocr?: OcrEngine): Promise<VerifiedMask> {
  const format = detectFormat(bytes, name);
  const refuse = (reason: string, identifiers: MaskedIdentifier[] = []): VerifiedMask => ({ ok: false, format, reason, identifiers });
  if (isImageFormat(format)) return refuse(`masking scanned images is not supported yet (${format})`);
  if (!isMaskable(format)) return refuse(`masking ${format} documents is not supported (supported: ${MASKABLE_FORMATS.join(', ')})`);
  // Fingerprints never leave here: a throwaway key, not the installation's.
  const fingerprint = fingerprinter(randomBytes(32).toString('hex'));
  let masked: MaskResult;
  try {
    masked = await maskDocument(bytes, format, { keep, fingerprint }, { ocr, limits: DEFAULT_LIMITS });
  } catch (err) {
    return refuse(describeError(err).message);
  }
  if (masked.unmappable.length > 0) return refuse(`${masked.unmappable.length} identifier(s) cannot be masked in place (digits written as character references)`, masked.unmappable);
  const rescan = await scanDocument(name, masked.bytes, { fingerprint, extraction: { ocr } });
  if (rescan.status === 'error') return refuse(`the masked copy cannot be read back (${rescan.error?.message})`);
  const left = rescan.findings.filter(isLeak);
  if (left.length > 0) return refuse(`the masked copy still exposes ${left.length} identifier(s)`, left.map(({ type, display, location }) => ({ type, display, location })));
  return { ok: true, format, bytes: masked.bytes, changes: masked.changes };
}

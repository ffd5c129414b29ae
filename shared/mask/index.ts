// Masking a document: read it into blocks that know their origins, plan the X4 masks of every
// leak, write it back, and scan the copy as `leakscan scan` would; again while the scanner finds
// leaks that can be masked.
import { randomBytes } from 'node:crypto';
import { ScanError } from '../errors.ts';
import { DEFAULT_LIMITS, type DocumentFormat, detectFormat } from '../extract/index.ts';
import { fingerprinter } from '../fingerprint.ts';
import { describeError, scanDocument } from '../scan.ts';
import { isLeak } from '../types.ts';
import type { MaskableReader, MaskingContext } from './document.ts';
import type { OcrEngine } from '../ocr/engine.ts';
import type { KeepSide } from './x4.ts';
import { maskableDocx } from './docx.ts';
import { maskableHtml } from './html.ts';
import { maskableImage } from './image.ts';
import { maskablePdf } from './pdf.ts';
import { type MaskChange, type MaskOptions, planMasks } from './plan.ts';
import { maskableCsv, maskableTxt } from './text.ts';
import { maskableXlsx } from './xlsx.ts';

export type { KeepSide } from './x4.ts';
export type { MaskOptions } from './plan.ts';

const READERS: Partial<Record<DocumentFormat, MaskableReader>> = {
  txt: maskableTxt,
  csv: maskableCsv,
  html: maskableHtml,
  docx: maskableDocx,
  xlsx: maskableXlsx,
  pdf: maskablePdf,
  png: maskableImage,
  jpeg: maskableImage,
  tiff: maskableImage,
};

const MASKABLE_FORMATS = Object.keys(READERS) as DocumentFormat[];
export const isMaskable = (format: DocumentFormat): boolean => READERS[format] !== undefined;

export type MaskedIdentifier = Omit<MaskChange, 'block'>;

export interface MaskResult {
  format: DocumentFormat;
  bytes: Uint8Array;
  changes: MaskedIdentifier[];
  /** Leaks that could not be mapped back to the file: the output still holds them. */
  unmappable: MaskedIdentifier[];
  /** Leaks the scanner still finds in the output. */
  left: MaskedIdentifier[];
  /** Regions covered without being read (OCR could not read them): a person must check the copy. */
  coveredUnread: number;
  /**
   * Some of the document was read by OCR: the copy covers what OCR found or could not read, and
   * OCR misses numbers a person sees (README, scanned documents): a person must check the copy.
   */
  readByOcr: boolean;
}

const MAX_ROUNDS = 3;
const withoutBlock = ({ type, location, display }: MaskChange): MaskedIdentifier => ({ type, location, display });

/**
 * Masks a document round by round, each copy scanned as `leakscan scan` reads it, until the
 * scanner finds no leak or nothing more can be masked (masking can make a window that reads as a
 * new leak, e.g. a phone-sized part of a grouped ID). The name only tells kinds of plain text apart.
 */
export async function maskDocument(bytes: Uint8Array, name: string, options: MaskOptions, context: MaskingContext = { ocr: undefined, limits: DEFAULT_LIMITS }): Promise<MaskResult> {
  const format = detectFormat(bytes, name);
  const read = READERS[format];
  if (!read) throw new ScanError('unsupported_format', `masking ${format} documents is not supported (supported: ${MASKABLE_FORMATS.join(', ')})`);
  const result: MaskResult = { format, bytes, changes: [], unmappable: [], left: [], coveredUnread: 0, readByOcr: false };
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const doc = await read(result.bytes, context);
    result.readByOcr ||= doc.blocks.some((block) => block.ocr === true);
    const plan = planMasks(doc.blocks, options);
    result.unmappable = plan.unmappable.map(withoutBlock);
    result.changes = result.changes.concat(plan.changes.map(withoutBlock));
    result.coveredUnread += plan.coveredUnread;
    if (plan.hide.size > 0) result.bytes = await doc.write(plan);
    const rescan = await scanDocument(name, result.bytes, { fingerprint: options.fingerprint, extraction: { ocr: context.ocr, limits: context.limits } });
    if (rescan.error) throw new ScanError(rescan.error.code, `the masked copy cannot be read back (${rescan.error.message})`);
    result.left = rescan.findings.filter(isLeak).map(({ type, display, location }) => ({ type, display, location }));
    if (result.left.length === 0 || plan.hide.size === 0) break;
  }
  return result;
}

/** A masked copy that was scanned again and found clean, or why there is none. */
export type VerifiedMask =
  | ({ ok: true } & Pick<MaskResult, 'format' | 'bytes' | 'changes' | 'coveredUnread' | 'readByOcr'>)
  | { ok: false; format: DocumentFormat; reason: string; identifiers: MaskedIdentifier[] };

/** A masked copy only when the scanner finds no leak left in it: never one that looks masked but is not. */
export async function maskVerified(bytes: Uint8Array, name: string, keep: KeepSide, ocr?: OcrEngine): Promise<VerifiedMask> {
  const format = detectFormat(bytes, name);
  const refuse = (reason: string, identifiers: MaskedIdentifier[] = []): VerifiedMask => ({ ok: false, format, reason, identifiers });
  // Fingerprints never leave here: a throwaway key, not the installation's.
  const fingerprint = fingerprinter(randomBytes(32).toString('hex'));
  let masked: MaskResult;
  try {
    masked = await maskDocument(bytes, name, { keep, fingerprint }, { ocr, limits: DEFAULT_LIMITS });
  } catch (err) {
    return refuse(describeError(err).message);
  }
  if (masked.unmappable.length > 0) return refuse(`${masked.unmappable.length} identifier(s) cannot be masked in place (digits written as character references)`, masked.unmappable);
  if (masked.left.length > 0) return refuse(`the masked copy still exposes ${masked.left.length} identifier(s)`, masked.left);
  return { ok: true, format, bytes: masked.bytes, changes: masked.changes, coveredUnread: masked.coveredUnread, readByOcr: masked.readByOcr };
}

// Masking in tests: mask a document, scan the copy as `leakscan scan` would, and compare texts.
import { createHash } from 'node:crypto';
import { expect } from 'vitest';
import { DEFAULT_LIMITS } from '../../shared/extract/index.ts';
import { type KeepSide, type MaskResult, maskDocument } from '../../shared/mask/index.ts';
import type { OcrEngine, OcrResult } from '../../shared/ocr/engine.ts';
import { scanDocument } from '../../shared/scan.ts';
import { isLeak } from '../../shared/types.ts';
import { fingerprint } from '../helpers.ts';

export interface Masked extends MaskResult {
  /** Leaks the scanner still finds in the masked copy, as "type display". */
  leaksLeft: string[];
  leaksBefore: number;
}

/** Scans a document, masks it (scans and images read by `ocr`) and reports what the scanner finds left. */
export async function maskAndRescan(bytes: Uint8Array, name: string, keep: KeepSide = 'last', ocr?: OcrEngine): Promise<Masked> {
  const before = await scanDocument(name, bytes, { fingerprint, extraction: { ocr } });
  expect(before.error).toBeUndefined();
  const result = await maskDocument(bytes, name, { keep, fingerprint }, { ocr, limits: DEFAULT_LIMITS });
  return { ...result, leaksBefore: before.findings.filter(isLeak).length, leaksLeft: result.left.map((f) => `${f.type} ${f.display}`) };
}

/** An OCR engine that reads each image once: masking reads the page the scanner has just read. */
export function readOnce(engine: OcrEngine): OcrEngine {
  const read = new Map<string, Promise<OcrResult>>();
  return {
    name: engine.name,
    recognize: (image) => {
      const key = createHash('sha256').update(image).digest('hex');
      if (!read.has(key)) read.set(key, engine.recognize(image));
      return read.get(key)!;
    },
    close: () => engine.close(),
  };
}

const DIGIT = /[0-9\u0E50-\u0E59\uFF10-\uFF19]/;

/** The masked text differs from the original only where a digit became X; returns how many did. */
export function expectOnlyDigitsMasked(original: string, masked: string): number {
  expect(masked.length).toBe(original.length);
  let changed = 0;
  for (let i = 0; i < original.length; i++) {
    if (masked[i] === original[i]) continue;
    expect(`${original[i]}→${masked[i]} at ${i}`).toMatch(new RegExp(`^${DIGIT.source}→X at`));
    changed++;
  }
  return changed;
}

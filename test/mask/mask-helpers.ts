// Masking in tests: mask a document, scan the copy as `leakscan scan` would, and compare texts.
import { expect } from 'vitest';
import { type KeepSide, type MaskResult, maskDocument } from '../../shared/mask/index.ts';
import { scanDocument } from '../../shared/scan.ts';
import { isLeak } from '../../shared/types.ts';
import { fingerprint } from '../helpers.ts';

export interface Masked extends MaskResult {
  /** Leaks the scanner still finds in the masked copy, as "type status". */
  leaksLeft: string[];
  leaksBefore: number;
}

export async function maskAndRescan(bytes: Uint8Array, name: string, keep: KeepSide = 'last'): Promise<Masked> {
  const before = await scanDocument(name, bytes, { fingerprint });
  const result = await maskDocument(bytes, name, { keep, fingerprint });
  return { ...result, leaksBefore: before.findings.filter(isLeak).length, leaksLeft: result.left.map((f) => `${f.type} ${f.display}`) };
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

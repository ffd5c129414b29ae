// The hostile suite's documents: the crafted ones, and the real broken files of public test
// corpora kept beside the project (../shared/hostile, listed with their origin, licence and
// expected outcomes in ORIGINS.md) when they are there.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { DocumentResult } from '../../shared/scan.ts';
import { type ExpectedOutcome, craftedHostileFiles } from './crafted.ts';

export const REAL_HOSTILE_DIR = resolve(import.meta.dirname, '../../../shared/hostile');

export interface HostileFile {
  name: string;
  bytes: Uint8Array;
  expected: ExpectedOutcome[];
  origin: 'crafted' | 'real';
}

/** The real files ORIGINS.md lists, with the outcomes its last column allows; none where they are absent. */
export function realHostileFiles(): HostileFile[] {
  if (!existsSync(REAL_HOSTILE_DIR)) return [];
  const origins = readFileSync(join(import.meta.dirname, 'ORIGINS.md'), 'utf8');
  return [...origins.matchAll(/^\| ([\w.-]+\/[^ |]+) \| \d+ \|.*\| ((?:`\w+`(?:, )?)+) \|$/gm)].map(([, name, expected]) => ({
    name: name!,
    bytes: readFileSync(join(REAL_HOSTILE_DIR, name!)),
    expected: [...expected!.matchAll(/`(\w+)`/g)].map((m) => m[1] as ExpectedOutcome),
    origin: 'real',
  }));
}

export async function hostileFiles(): Promise<HostileFile[]> {
  const crafted = (await craftedHostileFiles()).map(({ name, bytes, expected }): HostileFile => ({ name: `crafted/${name}`, bytes, expected, origin: 'crafted' }));
  return [...crafted, ...realHostileFiles()];
}

/** What a scan came to: scanned, or the code it could not be scanned for. */
export const outcomeOf = (result: DocumentResult): ExpectedOutcome => (result.status === 'scanned' ? 'scanned' : result.error!.code);

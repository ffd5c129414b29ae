// `leakscan mask <input> -o <output>`: writes an X4-masked copy of a document in its own format,
// made and scanned again in memory (shared/mask maskVerified): only a copy with no leak left is
// written, never an output that looks masked but is not.
import { existsSync, realpathSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { type KeepSide, type MaskedIdentifier, maskVerified } from '../shared/mask/index.ts';
import { createOcrEngine } from '../shared/ocr/index.ts';
import { describeLocation } from '../shared/report/location.ts';
import type { BlockLocation, IdentifierType } from '../shared/types.ts';

export interface MaskCommandOptions {
  output: string;
  keep: KeepSide;
  force: boolean;
  ocr: 'tesseract' | 'none';
}

const fail = (message: string): number => {
  process.stderr.write(`leakscan: ${message}\n`);
  return 2;
};

/** Exit codes: 0 the masked copy is written, 2 nothing is written (and why is printed). */
export async function maskCommand(input: string, options: MaskCommandOptions): Promise<number> {
  const { output, keep, force } = options;
  if (samePath(input, output)) return fail(`refusing to overwrite the input ${input}: give another --output`);
  if (existsSync(output) && !force) return fail(`${output} exists; use --force to replace it`);
  const ocr = createOcrEngine(options.ocr);
  const verified = await maskVerified(await readFile(input), input, keep, ocr).finally(() => ocr?.close());
  if (!verified.ok) return fail(`${input}: ${verified.reason}; nothing was written\n${lines(verified.identifiers)}`.trimEnd());
  await writeFile(output, verified.bytes, { flag: force ? 'w' : 'wx' });
  const { changes, format, coveredUnread, readByOcr } = verified;
  const summary = changes.length === 0 ? 'nothing to mask' : `masked ${changes.length} identifier(s): ${countsOf(changes)}`;
  const unread = coveredUnread > 0 ? `covered ${coveredUnread} region(s) that could not be read: check the copy by eye\n` : '';
  process.stdout.write(`${input} → ${output} (${format}, keep ${keep}): ${summary}\n${lines(changes)}${unread}${readByOcr ? OCR_CAUTION : ''}`);
  return 0;
}

/** A scan's copy is only as clean as OCR's reading of it: the clerk must not take it as checked. */
const OCR_CAUTION = 'read by OCR: the copy covers only the numbers OCR found or could not read, and OCR misses some on scans: check every page by eye before publishing\n';

function samePath(a: string, b: string): boolean {
  const real = (p: string): string => (existsSync(p) ? realpathSync(p) : resolve(p));
  return real(a) === real(b);
}

function countsOf(items: ReadonlyArray<{ type: IdentifierType }>): string {
  const counts = new Map<IdentifierType, number>();
  for (const { type } of items) counts.set(type, (counts.get(type) ?? 0) + 1);
  return [...counts].map(([type, n]) => `${n} ${type}`).join(', ');
}

/** One line per identifier: type, masked display, where. Never the original digits. */
const lines = (items: ReadonlyArray<Pick<MaskedIdentifier, 'type' | 'display' | 'location'>>): string =>
  items.map((c) => `  ${c.type.padEnd(11)} ${c.display.padEnd(18)} ${where(c.location)}\n`).join('');

const where = (location: BlockLocation): string => (location.part ? `${location.part}, ` : '') + describeLocation(location);

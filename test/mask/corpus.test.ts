// Every dev corpus document of a format masking supports, masked: the scanner finds no leak
// left. Text formats are masked both ways; scans (read by OCR, seconds a page) keep the last
// digits only, the rule's default. Skipped where the corpus (../shared) is absent.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { detectFormat } from '../../shared/extract/index.ts';
import { isMaskable } from '../../shared/mask/index.ts';
import { TesseractEngine } from '../../shared/ocr/tesseract.ts';
import { maskAndRescan, readOnce } from './mask-helpers.ts';

const CORPUS = resolve(import.meta.dirname, '../../../shared/corpus/dev');
const LABELS = resolve(CORPUS, 'labels.json');
const SCANNED = new Set(['pdf-image', 'png-image', 'jpg-image']);

function maskableDocuments(): Array<[string, boolean]> {
  if (!existsSync(LABELS)) return [];
  const labels = JSON.parse(readFileSync(LABELS, 'utf8')) as { documents: Record<string, { format: string }> };
  return Object.entries(labels.documents)
    .filter(([name]) => existsSync(resolve(CORPUS, name)) && isMaskable(detectFormat(readFileSync(resolve(CORPUS, name)), name)))
    .map(([name, { format }]) => [name, SCANNED.has(format)]);
}

const documents = maskableDocuments();

describe.skipIf(documents.length === 0)('masking the dev corpus', () => {
  const tesseract = new TesseractEngine();
  const ocr = readOnce(tesseract);
  afterAll(() => tesseract.close());

  it.each(documents)(
    '%s: no leak left (scanned: %s)',
    async (name, scanned) => {
      const bytes = readFileSync(resolve(CORPUS, name));
      for (const keep of scanned ? (['last'] as const) : (['last', 'first'] as const)) {
        const masked = await maskAndRescan(bytes, name, keep, ocr);
        expect(masked.unmappable).toEqual([]);
        expect(masked.leaksLeft, keep).toEqual([]);
        expect(masked.changes.length).toBeGreaterThanOrEqual(masked.leaksBefore);
      }
    },
    120_000,
  );
});

// Every dev corpus document of a format masking supports, masked both ways: the scanner finds
// no leak left. Skipped where the corpus (../shared) is absent.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { detectFormat } from '../../shared/extract/index.ts';
import { isMaskable } from '../../shared/mask/index.ts';
import { maskAndRescan } from './mask-helpers.ts';

const CORPUS = resolve(import.meta.dirname, '../../../shared/corpus/dev');
const LABELS = resolve(CORPUS, 'labels.json');

function maskableDocuments(): string[] {
  if (!existsSync(LABELS)) return [];
  const labels = JSON.parse(readFileSync(LABELS, 'utf8')) as { documents: Record<string, unknown> };
  return Object.keys(labels.documents).filter((name) => {
    const path = resolve(CORPUS, name);
    return existsSync(path) && isMaskable(detectFormat(readFileSync(path), name));
  });
}

const documents = maskableDocuments();

describe.skipIf(documents.length === 0)('masking the dev corpus', () => {
  it.each(documents)('%s: no leak left, whichever side is kept', async (name) => {
    const bytes = readFileSync(resolve(CORPUS, name));
    for (const keep of ['last', 'first'] as const) {
      const masked = await maskAndRescan(bytes, name, keep);
      expect(masked.unmappable).toEqual([]);
      expect(masked.leaksLeft, keep).toEqual([]);
      expect(masked.changes.length).toBeGreaterThanOrEqual(masked.leaksBefore);
    }
  });
});

// Word documents: the blocks the scanner reads (shared/extract/docx.ts keeps each character's
// offset in its part's XML), and the copies Word keeps for older readers, so that a masked digit
// is rewritten inside its own <w:t> and every run keeps its formatting.
import { strFromU8, strToU8, zipSync } from 'fflate';
import { readZipEntries } from '../extract/zip.ts';
import { docxPartBlocks, docxPartOrder, isDocxTextPart } from '../extract/docx.ts';
import { TableBudget } from '../extract/table.ts';
import type { MaskableDocument, MaskingContext } from './document.ts';
import { hideAt } from './sourced.ts';

export function maskableDocx(bytes: Uint8Array, context: MaskingContext): MaskableDocument {
  const entries = Object.fromEntries(readZipEntries(bytes, () => true, context.limits));
  const parts = new Map(
    Object.keys(entries)
      .filter(isDocxTextPart)
      .sort(docxPartOrder)
      .map((n) => [n, strFromU8(entries[n]!)]),
  );
  const reading = { alternates: true, tables: new TableBudget() };
  return {
    blocks: [...parts].flatMap(([name, xml]) => docxPartBlocks(name, xml, reading).map(({ entry, ...block }) => ({ ...block, source: entry }))),
    write: (plan) => {
      const out = { ...entries };
      for (const [name, offsets] of plan.hide) out[name] = strToU8(hideAt(parts.get(name)!, offsets));
      return zipSync(out);
    },
  };
}

// Word documents: the blocks the scanner reads (shared/extract/docx.ts keeps each character's
// offset in its part's XML), and the copies Word keeps for older readers, so that a masked digit
// is rewritten inside its own <w:t> and every run keeps its formatting.
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { ScanError, parserMessage } from '../errors.ts';
import { docxPartBlocks, docxPartOrder, isDocxTextPart } from '../extract/docx.ts';
import type { MaskableDocument } from './document.ts';
import { hideAt } from './sourced.ts';

export function maskableDocx(bytes: Uint8Array): MaskableDocument {
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes);
  } catch (err) {
    throw new ScanError('corrupt', `the archive cannot be read: ${parserMessage(err)}`);
  }
  const parts = new Map(Object.keys(entries).filter(isDocxTextPart).sort(docxPartOrder).map((n) => [n, strFromU8(entries[n]!)]));
  return {
    blocks: [...parts].flatMap(([name, xml]) => docxPartBlocks(name, xml, { alternates: true }).map(({ entry, ...block }) => ({ ...block, source: entry }))),
    write: (plan) => {
      const out = { ...entries };
      for (const [name, offsets] of plan.hide) out[name] = strToU8(hideAt(parts.get(name)!, offsets));
      return zipSync(out);
    },
  };
}

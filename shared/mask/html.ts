// Web pages: the blocks the scanner reads (shared/extract/html.ts keeps each character's offset
// in the page), so only characters of text are rewritten, never markup. A digit written as a
// character reference (&#49;) cannot be masked in place: reported.
import { htmlBlocks } from '../extract/html.ts';
import type { MaskableDocument } from './document.ts';
import { TEXT_SOURCE, textDocument } from './text.ts';

export const maskableHtml = (bytes: Uint8Array): MaskableDocument => textDocument(bytes, (html) => htmlBlocks(html).blocks.map((block) => ({ ...block, source: TEXT_SOURCE })));

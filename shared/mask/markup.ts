// Raw text of HTML and XML (entities not decoded) as the detector reads it: entities decoded,
// each decoded character marked MADE since the file does not hold it as such.
import { SourcedTextBuilder } from './sourced.ts';

const ENTITY = /&(?:#(\d+)|#x([0-9a-f]+)|(nbsp|amp|lt|gt|quot|apos));/gi;
const NAMED: Record<string, string> = { nbsp: '\u00A0', amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Appends raw markup text found at `offset` in the source. */
export function appendMarkupText(out: SourcedTextBuilder, raw: string, offset: number, collapse: boolean): void {
  let at = 0;
  for (const m of raw.matchAll(ENTITY)) {
    out.raw(raw.slice(at, m.index), offset + at, collapse);
    const code = m[3] ? 0 : Number.parseInt(m[1] ?? m[2]!, m[1] ? 10 : 16);
    const decoded = m[3] ? NAMED[m[3].toLowerCase()]! : code <= 0x10ffff ? String.fromCodePoint(code) : '\uFFFD';
    out.made(decoded);
    at = m.index + m[0].length;
  }
  out.raw(raw.slice(at), offset + at, collapse);
}

// Raw text of HTML and XML (character references not decoded), decoded as a parser would, each
// character keeping its offset in the file; decoded references are MADE (the file does not hold
// them as such), so a digit written as &#49; is reported rather than masked.
import { decodeHTML, decodeXML } from 'entities';
import type { SourcedTextBuilder } from './origins.ts';

const DIALECTS = {
  // Numeric, named with a semicolon, and the legacy named ones HTML also reads without.
  html: { pattern: /&(?:#\d+;?|#x[0-9a-f]+;?|[a-z][a-z0-9]*;|[a-z]+)/gi, decode: decodeHTML },
  xml: { pattern: /&(?:#\d+|#x[0-9a-f]+|[a-z]+);/gi, decode: decodeXML },
};

export type MarkupDialect = keyof typeof DIALECTS;

/** Appends raw markup text found at `offset` in the source, its references decoded. */
export function appendMarkupText(out: SourcedTextBuilder, raw: string, offset: number, dialect: MarkupDialect): SourcedTextBuilder {
  const { pattern, decode } = DIALECTS[dialect];
  let at = 0;
  for (const m of raw.matchAll(pattern)) {
    const value = decode(m[0]);
    if (value === m[0]) continue;
    out.raw(raw.slice(at, m.index), offset + at).made(value);
    at = m.index + m[0].length;
  }
  return out.raw(raw.slice(at), offset + at);
}

// Web pages: text (in flows between block elements, tables cell by cell), attribute values,
// comments and scripts, read from the raw page so that only characters of text are rewritten,
// never markup. A digit written as an entity (&#49;) cannot be masked in place: reported.
import type { ChildNode, Element } from 'domhandler';
import { parseDocument } from 'htmlparser2';
import type { MaskableDocument } from './document.ts';
import { appendMarkupText } from './markup.ts';
import { type SourcedBlock, type SourcedRow, type SourcedText, SourcedTextBuilder, flowBlock, sourcedBoxes, sourcedTableBlocks, trimSourced } from './sourced.ts';
import { TEXT_SOURCE, textDocument } from './text.ts';
import { elementChildren, ownRows } from '../extract/html.ts';

// Elements inside a line of text; any other element ends the flow of text around it.
const INLINE = new Set(['a', 'abbr', 'b', 'bdi', 'bdo', 'big', 'cite', 'code', 'data', 'del', 'dfn', 'em', 'font', 'i', 'ins', 'kbd', 'label', 'mark', 'q', 's', 'samp', 'small', 'span', 'strike', 'strong', 'sub', 'sup', 'time', 'tt', 'u', 'var', 'wbr']);
const SKIPPED = new Set(['style', 'svg', 'math', 'template']);

export const maskableHtml = (bytes: Uint8Array): MaskableDocument => textDocument(bytes, htmlBlocksWithOrigins);

function htmlBlocksWithOrigins(html: string): SourcedBlock[] {
  const blocks: SourcedBlock[] = [];
  let flow = new SourcedTextBuilder();
  const lineOf = lineCounter(html);
  const push = (text: SourcedText, at: number | null): void => {
    const trimmed = trimSourced(text);
    if (trimmed.text) blocks.push(flowBlock(trimmed, TEXT_SOURCE, { line: lineOf(at ?? 0) }));
  };
  const flush = (): void => {
    push(flow, firstOrigin(flow));
    flow = new SourcedTextBuilder();
  };
  const text = (raw: string, at: number | null, into: SourcedTextBuilder): void => {
    // The parser gives the raw text (entities not decoded) and where it starts; checked, not trusted.
    if (at !== null && html.startsWith(raw, at)) appendMarkupText(into, raw, at, true);
    else into.made(raw);
  };

  const attributes = (el: Element): void => {
    const tagEnd = el.children[0]?.startIndex ?? el.endIndex ?? el.startIndex ?? 0;
    const tag = html.slice(el.startIndex ?? 0, tagEnd);
    for (const [name, value] of Object.entries(el.attribs)) {
      if (!/\d/.test(value)) continue;
      const attr = new SourcedTextBuilder();
      const m = new RegExp(`\\s${name.replace(/[^\w-]/g, '\\$&')}\\s*=\\s*["']?`, 'i').exec(tag);
      text(value, m ? (el.startIndex ?? 0) + m.index + m[0].length : null, attr);
      push(attr, el.startIndex);
    }
  };

  const walk = (node: ChildNode): void => {
    if (node.type === 'text') return text(node.data, node.startIndex, flow);
    if (node.type === 'comment') {
      const comment = new SourcedTextBuilder();
      text(node.data, node.startIndex === null ? null : node.startIndex + '<!--'.length, comment);
      return push(comment, node.startIndex);
    }
    if (node.type === 'cdata' || node.type === 'root') return node.children.forEach(walk);
    if (node.type !== 'tag' && node.type !== 'script' && node.type !== 'style') return;
    const el = node as Element;
    const name = el.name.toLowerCase();
    attributes(el);
    if (SKIPPED.has(name)) return;
    if (name === 'script') {
      const script = new SourcedTextBuilder();
      el.children.forEach((c) => c.type === 'text' && text(c.data, c.startIndex, script));
      return push(script, el.startIndex);
    }
    if (name === 'br') return void flow.made('\n');
    if (name === 'table') {
      const rows = tableRows(el);
      const boxes = sourcedBoxes(rows.flatMap((r) => r.cells));
      if (boxes) return void flow.made(' ').append(boxes).made(' ');
      flush();
      return void blocks.push(...sourcedTableBlocks(rows, () => TEXT_SOURCE));
    }
    const inline = INLINE.has(name);
    if (!inline) flush();
    el.children.forEach(walk);
    if (!inline) flush();
  };

  /** A cell's text: its text nodes, lines at breaks and block elements, nested tables as text. */
  const cellText = (cell: Element): SourcedText => {
    const out = new SourcedTextBuilder();
    const visit = (node: ChildNode): void => {
      if (node.type === 'text') return text(node.data, node.startIndex, out);
      if (node.type !== 'tag') return;
      const el = node as Element;
      attributes(el);
      if (SKIPPED.has(el.name)) return;
      if (el.name === 'br') return void out.made('\n');
      const block = !INLINE.has(el.name);
      if (block) out.made('\n');
      el.children.forEach(visit);
      if (block) out.made('\n');
    };
    cell.children.forEach(visit);
    return trimSourced(out);
  };

  const tableRows = (table: Element): SourcedRow[] =>
    ownRows(table).map((row, i) => {
      attributes(row);
      const cells: SourcedText[] = [];
      for (const cell of elementChildren(row).filter((c) => c.name === 'td' || c.name === 'th')) {
        attributes(cell);
        cells.push(cellText(cell));
        // A cell spanning n columns fills n columns, so later cells stay under their headers.
        const span = Math.min(Number(cell.attribs.colspan) || 1, 1000);
        for (let k = 1; k < span; k++) cells.push({ text: '', origins: [] });
      }
      return { cells, rowNumber: i + 1, location: { line: lineOf(row.startIndex ?? 0) } };
    });

  parseDocument(html, { withStartIndices: true, withEndIndices: true, decodeEntities: false }).children.forEach(walk);
  flush();
  return blocks;
}

const firstOrigin = (t: SourcedText): number => t.origins.find((o) => o >= 0) ?? 0;

function lineCounter(text: string): (offset: number) => number {
  const starts = [0];
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
}

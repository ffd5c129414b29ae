// Word documents: a paragraph's text is split across runs (<w:r><w:t>) of different formatting.
// Paragraphs are read as the concatenation of their <w:t> texts, each character keeping its
// offset in the part's XML, so that a masked digit is rewritten inside its own <w:t> and every
// run keeps its properties. Body, tables, headers, footers, notes, comments, text boxes (and
// the copies Word keeps for older readers, which are masked too).
import type { ChildNode, Element } from 'domhandler';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { parseDocument } from 'htmlparser2';
import { ScanError, parserMessage } from '../errors.ts';
import type { MaskableDocument } from './document.ts';
import { appendMarkupText } from '../extract/markup.ts';
import { type SourcedBlock, type SourcedRow, type SourcedText, SourcedTextBuilder, flowBlock, hideAt, joinSourced, sourcedBoxes, sourcedTableBlocks, trimSourced } from './sourced.ts';

const TEXT_PARTS = /^word\/(?:document|header\d*|footer\d*|footnotes|endnotes|comments)\.xml$/;
const partName = (name: string): string | undefined => /^word\/(header|footer|footnotes|endnotes|comments)/.exec(name)?.[1];

export function maskableDocx(bytes: Uint8Array): MaskableDocument {
  let entries: Record<string, Uint8Array>;
  try {
    entries = unzipSync(bytes);
  } catch (err) {
    throw new ScanError('corrupt', `the archive cannot be read: ${parserMessage(err)}`);
  }
  const parts = new Map(Object.keys(entries).filter((n) => TEXT_PARTS.test(n)).map((n) => [n, strFromU8(entries[n]!)]));
  return {
    blocks: [...parts].flatMap(([name, xml]) => partBlocks(name, xml)),
    write: (plan) => {
      const out = { ...entries };
      for (const [name, offsets] of plan.hide) out[name] = strToU8(hideAt(parts.get(name)!, offsets));
      return zipSync(out);
    },
  };
}

const elements = (nodes: ChildNode[]): Element[] => nodes.filter((n): n is Element => n.type === 'tag');

function partBlocks(name: string, xml: string): SourcedBlock[] {
  const part = partName(name);
  const blocks: SourcedBlock[] = [];
  let flow: SourcedText[] = [];
  let paragraphs = 0;
  let flowStart = 1;
  // Text boxes and alternate content: read after the paragraph that anchors them, as their own flows.
  const later: Element[] = [];
  const location = (line: number) => (part ? { part, line } : { line });

  const flush = (): void => {
    const text = joinSourced(flow, '\n');
    if (text.text.trim()) blocks.push(flowBlock(text, name, location(flowStart)));
    flow = [];
    flowStart = paragraphs + 1;
  };

  /** A paragraph's text: <w:t> characters with their offsets, tabs and breaks as made characters. */
  const paragraphText = (p: Element): SourcedText => {
    const out = new SourcedTextBuilder();
    const visit = (nodes: ChildNode[]): void => {
      for (const el of elements(nodes)) {
        switch (el.name) {
          case 'w:t':
          case 'w:delText':
            for (const c of el.children) if (c.type === 'text') appendText(out, xml, c.data, c.startIndex);
            break;
          case 'w:tab':
            out.made('\t');
            break;
          case 'w:br':
          case 'w:cr':
            out.made('\n');
            break;
          case 'w:noBreakHyphen':
            out.made('-');
            break;
          case 'w:txbxContent':
          case 'mc:Fallback':
            later.push(el);
            break;
          case 'w:instrText':
          case 'w:pPr':
            break;
          default:
            visit(el.children);
        }
      }
    };
    visit(p.children);
    return out;
  };

  const cellText = (tc: Element): SourcedText => {
    const lines: SourcedText[] = [];
    for (const el of elements(tc.children)) {
      if (el.name === 'w:p') lines.push(paragraphText(el));
      else if (el.name === 'w:tbl') lines.push(...rowsOf(el).flatMap((r) => r.cells));
    }
    return trimSourced(joinSourced(lines, '\n'));
  };

  const rowsOf = (tbl: Element): SourcedRow[] =>
    elements(tbl.children)
      .filter((r) => r.name === 'w:tr')
      .map((tr, i) => ({
        cells: elements(tr.children).filter((c) => c.name === 'w:tc').flatMap((tc) => {
          const span = Number(elements(tc.children).find((c) => c.name === 'w:tcPr')?.children.find((c): c is Element => c.type === 'tag' && c.name === 'w:gridSpan')?.attribs['w:val']) || 1;
          return [cellText(tc), ...Array.from({ length: Math.min(span, 64) - 1 }, () => ({ text: '', origins: [] }))];
        }),
        rowNumber: i + 1,
        location: location(paragraphs + 1),
      }));

  const walk = (nodes: ChildNode[]): void => {
    for (const el of elements(nodes)) {
      if (el.name === 'w:p') {
        paragraphs++;
        flow.push(paragraphText(el));
      } else if (el.name === 'w:tbl') {
        const rows = rowsOf(el);
        // A row of one-digit boxes is a number written in a form: it stays in the flow.
        const boxes = rows.map((r) => sourcedBoxes(r.cells));
        if (rows.length > 0 && boxes.every(Boolean)) {
          flow.push(joinSourced(boxes as SourcedText[], ' '));
          paragraphs++;
          continue;
        }
        flush();
        blocks.push(...sourcedTableBlocks(rows, () => name));
        paragraphs += rows.length;
        flowStart = paragraphs + 1;
      } else {
        walk(el.children);
      }
    }
  };

  walk(parseDocument(xml, { xmlMode: true, withStartIndices: true, decodeEntities: false }).children);
  flush();
  // Each text box or alternate copy may anchor more: read until none is left.
  for (let box = later.shift(); box; box = later.shift()) {
    walk(box.children);
    flush();
  }
  return blocks;
}

function appendText(out: SourcedTextBuilder, xml: string, raw: string, at: number | null): void {
  // The parser gives the raw text and where it starts; checked, not trusted.
  if (at !== null && xml.startsWith(raw, at)) appendMarkupText(out, raw, at, 'xml');
  else out.made(raw);
}

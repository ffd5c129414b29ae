// XLSX workbooks, masked in their XML so that everything else (styles, widths, hidden sheets,
// rows and columns, formulas of other cells) stays byte for byte as it was. Text cells are
// masked where their text is: the shared string table (every cell sharing the string gets the
// same mask) or the cell's inline string. A number cannot hold an X: a masked number cell is
// rewritten as an inline string cell, its style kept, and a phone stored as a number gets back
// the leading zero it lost. So is a masked formula result, without its formula, which would
// compute the identifier again.
import type { ChildNode, Element } from 'domhandler';
import { strFromU8, strToU8, zipSync } from 'fflate';
import { parseDocument } from 'htmlparser2';
import { readZipEntries } from '../extract/zip.ts';
import { IDENTIFIER_TYPES } from '../identifier-types.ts';
import type { MaskableDocument, MaskingContext } from './document.ts';
import { appendMarkupText } from '../extract/markup.ts';
import { TableBudget } from '../extract/table.ts';
import { type SourcedBlock, type SourcedRow, type SourcedText, SourcedTextBuilder, flowBlock, hideAt, identityOrigins, sourced, sourcedTableBlocks } from './sourced.ts';

const SHARED_STRINGS = 'xl/sharedStrings.xml';
/** Source of a number or formula cell: it is rewritten whole, not digit by digit. */
const WHOLE_CELL = 'whole-cell:';

interface WholeCell {
  number: boolean;
  part: string;
  /** The <c> element in the part's XML: [start, end). */
  start: number;
  end: number;
  ref: string;
  style: string | undefined;
  text: string;
}

const elements = (nodes: ChildNode[]): Element[] => nodes.filter((n): n is Element => n.type === 'tag');
const parseXml = (xml: string) => parseDocument(xml, { xmlMode: true, withStartIndices: true, withEndIndices: true, decodeEntities: false });

export function maskableXlsx(bytes: Uint8Array, context: MaskingContext): MaskableDocument {
  const entries = Object.fromEntries(readZipEntries(bytes, () => true, context.limits));
  const xml = new Map<string, string>();
  const read = (name: string): string | undefined => {
    if (!xml.has(name) && entries[name]) xml.set(name, strFromU8(entries[name]));
    return xml.get(name);
  };
  const shared = sharedStrings(read(SHARED_STRINGS));
  const wholeCells = new Map<string, WholeCell>();
  const budget = new TableBudget();
  const blocks = worksheets(read).flatMap(({ name, part }) => {
    const rows = sheetRows(part, read(part) ?? '', shared, wholeCells, budget);
    const cells = sourcedTableBlocks(
      rows.map((r) => r.row),
      (i, c) => rows[i]!.sources[c] ?? part,
    );
    const comments = commentParts(part, read).flatMap((comments) => commentBlocks(comments, read(comments) ?? ''));
    return [...cells, ...comments].map((b) => ({ ...b, location: { ...b.location, sheet: name } }));
  });
  return {
    blocks,
    write: (plan) => {
      const out = { ...entries };
      const edited = new Map<string, string>();
      for (const [source, offsets] of plan.hide) {
        if (!source.startsWith(WHOLE_CELL)) edited.set(source, hideAt(edited.get(source) ?? read(source)!, offsets));
      }
      // Whole cells last, from the end of each part: the digit masks kept every offset.
      const cells = [...plan.hide.keys()].filter((s) => s.startsWith(WHOLE_CELL)).map((s) => ({ source: s, cell: wholeCells.get(s)! }));
      cells.sort((a, b) => b.cell.start - a.cell.start);
      for (const { source, cell } of cells) {
        const lostZero = cell.number && plan.changes.some((c) => c.block.source === source && IDENTIFIER_TYPES[c.type].leadingZero);
        const text = (lostZero ? '0' : '') + hideAt(cell.text, plan.hide.get(source)!);
        const xmlOfPart = edited.get(cell.part) ?? read(cell.part)!;
        edited.set(cell.part, xmlOfPart.slice(0, cell.start) + inlineStringCell(cell, text) + xmlOfPart.slice(cell.end));
      }
      for (const [name, text] of edited) out[name] = strToU8(text);
      return zipSync(out);
    },
  };
}

/** The parts holding a sheet's cell comments: notes and threaded comments, named in the sheet's relationships. */
function commentParts(sheetPart: string, read: (name: string) => string | undefined): string[] {
  const rels = read(sheetPart.replace(/([^/]+)$/, '_rels/$1.rels')) ?? '';
  const parts: string[] = [];
  const visit = (nodes: ChildNode[]): void => {
    for (const el of elements(nodes)) {
      if (el.name === 'Relationship' && /\/(?:comments|threadedComment)$/.test(el.attribs.Type ?? '')) {
        parts.push(new URL(el.attribs.Target ?? '', `file:///${sheetPart}`).pathname.slice(1));
      } else visit(el.children);
    }
  };
  visit(parseXml(rels).children);
  return parts;
}

/** Cell comments: shown only on hover, and kept in every copy of the file. */
function commentBlocks(part: string, xml: string): SourcedBlock[] {
  const blocks: SourcedBlock[] = [];
  const visit = (nodes: ChildNode[]): void => {
    for (const el of elements(nodes)) {
      const body = el.name === 'comment' || el.name === 'threadedComment' ? elements(el.children).find((c) => c.name === 'text') : undefined;
      if (!body) {
        visit(el.children);
        continue;
      }
      // A note's text is in rich text runs (<r><t>); a threaded comment's is the element's own.
      const text = el.name === 'comment' ? textOf(body, xml, new SourcedTextBuilder()) : ownText(body, xml, new SourcedTextBuilder());
      if (text.text.trim()) blocks.push(flowBlock(text, part, { cell: el.attribs.ref, hidden: 'cell-comment' }));
    }
  };
  visit(parseXml(xml).children);
  return blocks;
}

const inlineStringCell = (cell: WholeCell, text: string): string =>
  `<c r="${cell.ref}"${cell.style === undefined ? '' : ` s="${cell.style}"`} t="inlineStr"><is><t xml:space="preserve">${escapeXml(text)}</t></is></c>`;

const escapeXml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Sheets in workbook order, with their names and parts. */
function worksheets(read: (name: string) => string | undefined): Array<{ name: string; part: string }> {
  const targets = new Map<string, string>();
  for (const rel of elements(parseXml(read('xl/_rels/workbook.xml.rels') ?? '').children).flatMap((r) => elements(r.children))) {
    const target = rel.attribs.Target ?? '';
    targets.set(rel.attribs.Id ?? '', target.startsWith('/') ? target.slice(1) : `xl/${target}`);
  }
  const sheets: Array<{ name: string; part: string }> = [];
  const visit = (nodes: ChildNode[]): void => {
    for (const el of elements(nodes)) {
      if (el.name === 'sheet') {
        const part = targets.get(el.attribs['r:id'] ?? '');
        if (part) sheets.push({ name: decodeXml(el.attribs.name ?? ''), part });
      } else visit(el.children);
    }
  };
  visit(parseXml(read('xl/workbook.xml') ?? '').children);
  return sheets;
}

const decodeXml = (s: string): string => {
  const out = new SourcedTextBuilder();
  appendMarkupText(out, s, 0, 'xml');
  return out.text;
};

/** The text of <t> elements under an element (rich text runs), not of phonetic guides (<rPh>). */
function textOf(el: Element, xml: string, out: SourcedTextBuilder): SourcedTextBuilder {
  for (const child of elements(el.children)) {
    if (child.name === 't') ownText(child, xml, out);
    else if (child.name !== 'rPh' && child.name !== 'phoneticPr') textOf(child, xml, out);
  }
  return out;
}

/** An element's own text, with its offsets in the XML (checked, not trusted). */
function ownText(el: Element, xml: string, out: SourcedTextBuilder): SourcedTextBuilder {
  for (const child of el.children) {
    if (child.type !== 'text') continue;
    if (child.startIndex !== null && xml.startsWith(child.data, child.startIndex)) appendMarkupText(out, child.data, child.startIndex, 'xml');
    else out.made(child.data);
  }
  return out;
}

function sharedStrings(xml: string | undefined): SourcedText[] {
  if (!xml) return [];
  const items: SourcedText[] = [];
  const visit = (nodes: ChildNode[]): void => {
    for (const el of elements(nodes)) {
      if (el.name === 'si') items.push(textOf(el, xml, new SourcedTextBuilder()));
      else visit(el.children);
    }
  };
  visit(parseXml(xml).children);
  return items;
}

/** "C12" → [11, 2] */
function cellPosition(ref: string): [number, number] | undefined {
  const m = /^([A-Z]+)(\d+)$/.exec(ref);
  if (!m) return undefined;
  let col = 0;
  for (const ch of m[1]!) col = col * 26 + ch.charCodeAt(0) - 64;
  return [Number(m[2]) - 1, col - 1];
}

interface SheetRow {
  row: SourcedRow;
  /** Source of each cell's text. */
  sources: string[];
}

/** Rows of a sheet's cells, each cell read as the scanner reads it (numbers with all their digits). */
function sheetRows(part: string, xml: string, shared: SourcedText[], wholeCells: Map<string, WholeCell>, budget: TableBudget): SheetRow[] {
  const rows = new Map<number, SheetRow>();
  const visit = (nodes: ChildNode[]): void => {
    for (const el of elements(nodes)) {
      if (el.name !== 'c') {
        visit(el.children);
        continue;
      }
      const ref = el.attribs.r ?? '';
      const at = cellPosition(ref);
      if (!at) continue;
      const [r, c] = at;
      const { text, source } = cellText(el, part, xml, shared, wholeCells);
      let row = rows.get(r);
      if (!row) rows.set(r, (row = { row: { cells: [], rowNumber: r + 1, location: {} }, sources: [] }));
      budget.spend(Math.max(0, c + 1 - row.row.cells.length), text.text.length);
      while (row.row.cells.length < c) row.row.cells.push(sourced('', []));
      row.row.cells[c] = text;
      row.sources[c] = source;
    }
  };
  visit(parseXml(xml).children);
  return [...rows.values()].sort((a, b) => a.row.rowNumber - b.row.rowNumber);
}

function cellText(el: Element, part: string, xml: string, shared: SourcedText[], wholeCells: Map<string, WholeCell>): { text: SourcedText; source: string } {
  const type = el.attribs.t ?? 'n';
  const value = elements(el.children).find((c) => c.name === 'v');
  const valueText = value ? decodeXml(value.children.map((c) => (c.type === 'text' ? c.data : '')).join('')) : '';
  const whole = (text: string, number: boolean) => {
    const source = `${WHOLE_CELL}${part}!${el.attribs.r}`;
    wholeCells.set(source, { number, part, start: el.startIndex!, end: el.endIndex! + 1, ref: el.attribs.r!, style: el.attribs.s, text });
    return { text: sourced(text, identityOrigins(text)), source };
  };
  switch (type) {
    case 's':
      return { text: shared[Number(valueText)] ?? sourced('', []), source: SHARED_STRINGS };
    case 'inlineStr':
      return { text: textOf(el, xml, new SourcedTextBuilder()), source: part };
    case 'str':
      return whole(valueText, false);
    case 'n': {
      const n = Number(valueText);
      if (valueText === '' || !Number.isFinite(n)) return { text: sourced('', []), source: part };
      return whole(Number.isInteger(n) && Math.abs(n) < 1e21 ? n.toFixed(0) : String(n), true);
    }
    default:
      // Booleans, errors, dates as ISO text (rare): nothing an identifier hides in.
      return { text: sourced('', []), source: part };
  }
}

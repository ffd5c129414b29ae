// Word documents (DOCX): the body, tables cell by cell, headers, footers, footnotes, endnotes,
// comments and text boxes, read from the package's XML parts. Text a reader does not see
// (hidden runs, deleted tracked changes) is extracted too, and marked hidden. The XML is parsed
// raw so that each character keeps its offset in its part: the masker rewrites a digit inside
// its own <w:t>, and every run keeps its formatting.
import type { ChildNode, Element } from 'domhandler';
import { parseDocument } from 'htmlparser2';
import type { BlockLocation, TextBlock } from '../types.ts';
import { readingError } from '../errors.ts';
import { appendMarkupText } from './markup.ts';
import { SPANNED, type SourcedRow, type SourcedText, SourcedTextBuilder, joinSourced, sourcedBoxes, sourcedTableBlocks, trimSourced } from './origins.ts';
import { TableBudget } from './table.ts';
import { type ZipLimits, readZipEntries } from './zip.ts';

// In reading order: what is printed above the body, the body, its notes, what is below it.
const PARTS: ReadonlyArray<readonly [RegExp, string | undefined]> = [
  [/^word\/header\d*\.xml$/, 'header'],
  [/^word\/document\.xml$/, undefined],
  [/^word\/footnotes\.xml$/, 'footnotes'],
  [/^word\/endnotes\.xml$/, 'endnotes'],
  [/^word\/footer\d*\.xml$/, 'footer'],
  [/^word\/comments\.xml$/, 'comments'],
];

const partIndex = (name: string): number => PARTS.findIndex(([re]) => re.test(name));
export const isDocxTextPart = (name: string): boolean => partIndex(name) >= 0;

/** A block of a part, with the offset in the part's XML of each of its characters. */
export interface DocxBlock extends TextBlock, SourcedText {
  /** The package entry (word/document.xml, word/header1.xml …) the text is in. */
  entry: string;
}

export function docxBlocks(bytes: Uint8Array, limits: ZipLimits): DocxBlock[] {
  const entries = readZipEntries(bytes, isDocxTextPart, limits);
  const decoder = new TextDecoder();
  const reading: DocxReading = { alternates: false, tables: new TableBudget() };
  return [...entries.keys()].sort(docxPartOrder).flatMap((name) => docxPartBlocks(name, decoder.decode(entries.get(name)!), reading));
}

export interface DocxReading {
  /**
   * Also read the copies Word keeps for older readers (mc:Fallback): the scanner reads content
   * once; a masked copy must hide the digits in both.
   */
  alternates: boolean;
  /** What the document's tables may hold, over all its parts. */
  tables: TableBudget;
}

/** The blocks of one text part, in reading order of the package when parts are sorted by docxPartOrder. */
export function docxPartBlocks(entry: string, xml: string, reading: DocxReading): DocxBlock[] {
  try {
    const nodes = parseDocument(xml, { xmlMode: true, withStartIndices: true, decodeEntities: false }).children;
    return new PartReader(entry, xml, reading).read(nodes).map((block) => ({ ...block, entry }));
  } catch (err) {
    throw readingError(err, 'the Word document');
  }
}

/** Sorts package entries into reading order. */
export const docxPartOrder = (a: string, b: string): number => partIndex(a) - partIndex(b) || a.localeCompare(b, 'en', { numeric: true });

const elements = (nodes: ChildNode[]): Element[] => nodes.filter((n): n is Element => n.type === 'tag');
const child = (el: Element, name: string): Element | undefined => elements(el.children).find((c) => c.name === name);
const isOn = (el: Element | undefined): boolean => !!el && !['0', 'false', 'off'].includes(el.attribs['w:val'] ?? '');

/** Reads one XML part into blocks: flowing paragraphs as one text, tables as cells. */
class PartReader {
  private readonly blocks: Array<TextBlock & SourcedText> = [];
  private readonly part: string | undefined;
  private flow: SourcedText[] = [];
  private flowStart = 1;
  private paragraphs = 0;
  private hidden: Array<{ text: SourcedText; paragraph: number; reason: string }> = [];

  constructor(
    entry: string,
    private readonly xml: string,
    private readonly reading: DocxReading,
  ) {
    this.part = PARTS[partIndex(entry)]?.[1];
  }

  read(nodes: ChildNode[]): Array<TextBlock & SourcedText> {
    this.walk(nodes, undefined);
    this.flush();
    for (const h of this.hidden) this.blocks.push({ ...h.text, location: this.location({ line: h.paragraph, hidden: h.reason }) });
    return this.blocks;
  }

  private location(extra: BlockLocation): BlockLocation {
    return this.part ? { part: this.part, ...extra } : extra;
  }

  /** Whether an element is one that holds content read elsewhere, or not at all. */
  private skips(el: Element): boolean {
    return el.name === 'mc:Fallback' && !this.reading.alternates;
  }

  private walk(nodes: ChildNode[], textBox: string | undefined): void {
    for (const el of elements(nodes)) {
      if (this.skips(el)) continue;
      if (el.name === 'w:p') this.paragraph(el, textBox);
      else if (el.name === 'w:tbl') this.table(el, textBox);
      else this.walk(el.children, textBox);
    }
  }

  private paragraph(p: Element, textBox: string | undefined): void {
    this.paragraphs++;
    const visible = new SourcedTextBuilder();
    const hiddenTexts = new Map<string, SourcedTextBuilder>();
    const boxes: Element[] = [];
    const visit = (nodes: ChildNode[], hidden: string | undefined): void => {
      for (const el of elements(nodes)) {
        if (el.name === 'w:r') {
          const props = child(el, 'w:rPr');
          const runHidden = hidden ?? (props && (isOn(child(props, 'w:vanish')) || isOn(child(props, 'w:webHidden'))) ? 'docx-hidden-text' : undefined);
          const text = this.runText(el, boxes);
          if (!runHidden) visible.append(text);
          else (hiddenTexts.get(runHidden) ?? hiddenTexts.set(runHidden, new SourcedTextBuilder()).get(runHidden)!).append(text);
        } else if (el.name === 'w:del') visit(el.children, 'docx-deleted-text');
        else if (el.name === 'w:pPr' || this.skips(el)) continue;
        else visit(el.children, hidden);
      }
    };
    visit(p.children, undefined);
    if (textBox) {
      if (visible.text.trim()) this.blocks.push({ ...visible, location: this.location({ part: textBox, line: this.paragraphs }) });
    } else {
      this.flow.push(visible);
    }
    for (const [reason, text] of hiddenTexts) if (text.text.trim()) this.hidden.push({ text, paragraph: this.paragraphs, reason });
    // Text boxes anchored in this paragraph: their own paragraphs, marked as text boxes.
    for (const box of boxes) this.walk(box.children, 'text box');
  }

  private table(tbl: Element, textBox: string | undefined): void {
    const rows: SourcedText[][] = elements(tbl.children)
      .filter((r) => r.name === 'w:tr')
      .map((tr) =>
        elements(tr.children)
          .filter((c) => c.name === 'w:tc')
          .flatMap((tc) => {
            const span = Math.min(Math.max(1, Number(child(child(tc, 'w:tcPr') ?? tc, 'w:gridSpan')?.attribs['w:val']) || 1), 64);
            this.reading.tables.spend(span);
            return [this.cellText(tc), ...new Array<SourcedText>(span - 1).fill(SPANNED)];
          }),
      );
    // A row of one-digit boxes is a number written in a form: keep it in the flow.
    const boxes = rows.map(sourcedBoxes);
    if (rows.length > 0 && boxes.every(Boolean)) {
      this.flow.push(joinSourced(boxes as SourcedText[], ' '));
      this.paragraphs++;
      return;
    }
    this.flush();
    const first = this.paragraphs + 1;
    const tableRows: SourcedRow[] = rows.map((cells, i) => ({ cells, rowNumber: i + 1, location: this.location(textBox ? { part: textBox, line: first } : { line: first }) }));
    for (const { cellAt: _cellAt, ...block } of sourcedTableBlocks(tableRows)) this.blocks.push(block);
    this.paragraphs += rows.length;
    this.flowStart = this.paragraphs + 1;
  }

  private flush(): void {
    const text = joinSourced(this.flow, '\n');
    if (text.text.trim()) this.blocks.push({ ...text, location: this.location({ line: this.flowStart }) });
    this.flow = [];
    this.flowStart = this.paragraphs + 1;
  }

  /** A run's text: w:t, tabs, breaks; text boxes (and alternates, when read) are collected for later. */
  private runText(run: Element, boxes: Element[]): SourcedText {
    const out = new SourcedTextBuilder();
    const visit = (nodes: ChildNode[]): void => {
      for (const el of elements(nodes)) {
        switch (el.name) {
          case 'w:t':
          case 'w:delText':
            for (const c of el.children) if (c.type === 'text') this.rawText(out, c.data, c.startIndex);
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
            boxes.push(el);
            break;
          case 'mc:Fallback':
            if (!this.skips(el)) boxes.push(el);
            break;
          case 'w:instrText':
            break;
          default:
            visit(el.children);
        }
      }
    };
    visit(run.children);
    return out;
  }

  /** Raw XML text the parser found at `at` (checked, not trusted), references decoded. */
  private rawText(out: SourcedTextBuilder, raw: string, at: number | null): void {
    if (at !== null && this.xml.startsWith(raw, at)) appendMarkupText(out, raw, at, 'xml');
    else out.made(raw);
  }

  /** A table cell's paragraphs, one per line; nested tables' cells as lines. */
  private cellText(tc: Element): SourcedText {
    const lines: SourcedText[] = [];
    for (const el of elements(tc.children)) {
      if (el.name === 'w:p') lines.push(this.runsOf(el));
      else if (el.name === 'w:tbl') for (const r of elements(el.children)) for (const c of elements(r.children)) lines.push(this.cellText(c));
    }
    return trimSourced(joinSourced(lines, '\n'));
  }

  /** A paragraph's runs, hidden or not (a cell is one text); text boxes in cells are not read. */
  private runsOf(p: Element): SourcedText {
    const out = new SourcedTextBuilder();
    const visit = (nodes: ChildNode[]): void => {
      for (const el of elements(nodes)) {
        if (el.name === 'w:r') out.append(this.runText(el, []));
        else if (el.name !== 'w:pPr' && !this.skips(el)) visit(el.children);
      }
    };
    visit(p.children);
    return out;
  }
}

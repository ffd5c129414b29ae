// Word documents (DOCX): the body, tables cell by cell, headers, footers, footnotes, endnotes,
// comments and text boxes, read from the package's XML parts. Text a reader does not see
// (hidden runs, deleted tracked changes) is extracted too, and marked hidden.
import type { ChildNode, Element } from 'domhandler';
import { parseDocument } from 'htmlparser2';
import type { BlockLocation, TextBlock } from '../types.ts';
import { boxText, tableBlocks, type TableRow } from './table.ts';
import { readZipEntries } from './zip.ts';

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
const partOf = (name: string): string | undefined => PARTS[partIndex(name)]?.[1];

export function docxBlocks(bytes: Uint8Array): TextBlock[] {
  const entries = readZipEntries(bytes, (name) => partIndex(name) >= 0);
  const names = [...entries.keys()].sort((a, b) => partIndex(a) - partIndex(b) || a.localeCompare(b, 'en', { numeric: true }));
  const decoder = new TextDecoder();
  return names.flatMap((name) => {
    const xml = decoder.decode(entries.get(name)!);
    const part = partOf(name);
    return new PartReader(part).read(parseDocument(xml, { xmlMode: true }).children);
  });
}

const elements = (nodes: ChildNode[]): Element[] => nodes.filter((n): n is Element => n.type === 'tag');
const child = (el: Element, name: string): Element | undefined => elements(el.children).find((c) => c.name === name);
const isOn = (el: Element | undefined): boolean => !!el && !['0', 'false', 'off'].includes(el.attribs['w:val'] ?? '');

/** Reads one XML part into blocks: flowing paragraphs as one text, tables as cells. */
class PartReader {
  private readonly blocks: TextBlock[] = [];
  private flow: string[] = [];
  private flowStart = 1;
  private paragraphs = 0;
  private hidden: Array<{ text: string; paragraph: number; reason: string }> = [];

  constructor(private readonly part: string | undefined) {}

  read(nodes: ChildNode[]): TextBlock[] {
    this.walk(nodes, undefined);
    this.flush();
    for (const h of this.hidden) this.blocks.push({ text: h.text, location: this.location({ line: h.paragraph, hidden: h.reason }) });
    return this.blocks;
  }

  private location(extra: BlockLocation): BlockLocation {
    return this.part ? { part: this.part, ...extra } : extra;
  }

  private walk(nodes: ChildNode[], textBox: string | undefined): void {
    for (const el of elements(nodes)) {
      switch (el.name) {
        case 'w:p':
          this.paragraph(el, textBox);
          break;
        case 'w:tbl':
          this.table(el, textBox);
          break;
        case 'mc:Fallback':
          // The same content as mc:Choice, for older readers: read once.
          break;
        default:
          this.walk(el.children, textBox);
      }
    }
  }

  private paragraph(p: Element, textBox: string | undefined): void {
    this.paragraphs++;
    let visible = '';
    const hiddenTexts = new Map<string, string>();
    const boxes: Element[] = [];
    const visit = (nodes: ChildNode[], hidden: string | undefined): void => {
      for (const el of elements(nodes)) {
        if (el.name === 'w:r') {
          const props = child(el, 'w:rPr');
          const runHidden = hidden ?? (props && (isOn(child(props, 'w:vanish')) || isOn(child(props, 'w:webHidden'))) ? 'docx-hidden-text' : undefined);
          const text = runText(el, boxes);
          if (runHidden) hiddenTexts.set(runHidden, (hiddenTexts.get(runHidden) ?? '') + text);
          else visible += text;
        } else if (el.name === 'w:del') visit(el.children, 'docx-deleted-text');
        else if (el.name === 'mc:Fallback' || el.name === 'w:pPr') continue;
        else visit(el.children, hidden);
      }
    };
    visit(p.children, undefined);
    if (textBox) {
      if (visible.trim()) this.blocks.push({ text: visible, location: this.location({ part: textBox, line: this.paragraphs }) });
    } else {
      this.flow.push(visible);
    }
    for (const [reason, text] of hiddenTexts) if (text.trim()) this.hidden.push({ text, paragraph: this.paragraphs, reason });
    // Text boxes anchored in this paragraph: their own paragraphs, marked as text boxes.
    for (const box of boxes) this.walk(box.children, 'text box');
  }

  private table(tbl: Element, textBox: string | undefined): void {
    const rows: string[][] = elements(tbl.children)
      .filter((r) => r.name === 'w:tr')
      .map((tr) => elements(tr.children).filter((c) => c.name === 'w:tc').flatMap((tc) => {
        const text = cellText(tc);
        const span = Number(child(child(tc, 'w:tcPr') ?? tc, 'w:gridSpan')?.attribs['w:val']) || 1;
        return [text, ...Array<string>(Math.min(span, 64) - 1).fill('')];
      }));
    // A row of one-digit boxes is a number written in a form: keep it in the flow.
    const boxes = rows.map(boxText);
    if (rows.length > 0 && boxes.every(Boolean)) {
      this.flow.push(boxes.join(' '));
      this.paragraphs++;
      return;
    }
    this.flush();
    const first = this.paragraphs + 1;
    const tableRows: TableRow[] = rows.map((cells, i) => ({ cells, rowNumber: i + 1, location: this.location(textBox ? { part: textBox, line: first } : { line: first }) }));
    this.blocks.push(...tableBlocks(tableRows));
    this.paragraphs += rows.length;
    this.flowStart = this.paragraphs + 1;
  }

  private flush(): void {
    const text = this.flow.join('\n');
    if (text.trim()) this.blocks.push({ text, location: this.location({ line: this.flowStart }) });
    this.flow = [];
    this.flowStart = this.paragraphs + 1;
  }
}

/** A run's text: w:t, tabs, breaks; text boxes inside it are collected for later. */
function runText(run: Element, boxes: Element[]): string {
  let out = '';
  const visit = (nodes: ChildNode[]): void => {
    for (const el of elements(nodes)) {
      switch (el.name) {
        case 'w:t':
        case 'w:delText':
          out += el.children.map((c) => (c.type === 'text' ? c.data : '')).join('');
          break;
        case 'w:tab':
          out += '\t';
          break;
        case 'w:br':
        case 'w:cr':
          out += '\n';
          break;
        case 'w:noBreakHyphen':
          out += '-';
          break;
        case 'w:txbxContent':
          boxes.push(el);
          break;
        case 'mc:Fallback':
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

/** A table cell's paragraphs, one per line. */
function cellText(tc: Element): string {
  const lines: string[] = [];
  for (const el of elements(tc.children)) {
    if (el.name === 'w:p') lines.push(runsOf(el));
    else if (el.name === 'w:tbl') lines.push(...elements(el.children).flatMap((r) => elements(r.children).map(cellText)));
  }
  return lines.join('\n').trim();
}

const runsOf = (p: Element): string => {
  const boxes: Element[] = [];
  let text = '';
  const visit = (nodes: ChildNode[]): void => {
    for (const el of elements(nodes)) {
      if (el.name === 'w:r') text += runText(el, boxes);
      else if (el.name !== 'w:pPr' && el.name !== 'mc:Fallback') visit(el.children);
    }
  };
  visit(p.children);
  return text;
};

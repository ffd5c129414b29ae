// Text PDFs as agencies' word processors make them: Thai text in an embedded font (Garuda,
// Identity-H with a ToUnicode map), one text item per run, tables as items at column positions,
// wrapped cells on the next line in their column, and letter-spaced numbers drawn one character
// per item at a wider pitch.
import * as mupdf from 'mupdf';
import { existsSync, readFileSync } from 'node:fs';
import { THAI_FONT } from '../extract/fixtures.ts';
import { ZERO_WIDTH } from '../../shared/detect/written-forms.ts';
import type { Block } from './model.ts';
import { SPACED_END, SPACED_START } from './model.ts';

/** Why PDFs cannot be generated here, or undefined when they can. */
export const pdfUnavailable: string | undefined = existsSync(THAI_FONT) ? undefined : `the Thai font ${THAI_FONT} is missing (Debian package fonts-tlwg-garuda-ttf)`;

let font: mupdf.Font | undefined;
const thaiFont = () => (font ??= new mupdf.Font('Garuda', readFileSync(THAI_FONT)));

/** Characters the font draws (zero-width characters do not survive a PDF text layer). */
export function pdfCanWrite(ch: string): boolean {
  if (ch === SPACED_START || ch === SPACED_END || ch === '\n') return true;
  return !ZERO_WIDTH.includes(ch) && thaiFont().encodeCharacter(ch.codePointAt(0)!) !== 0;
}

const SIZE = 10;
const LEADING = 15;
const MARGIN = 40;

interface Item {
  text: string;
  x: number;
}
type Line = Item[];

const advance = (s: string) => [...s].reduce((w, ch) => w + thaiFont().advanceGlyph(thaiFont().encodeCharacter(ch.codePointAt(0)!), 0) * SIZE, 0);

/** A text as items: plain runs as one item, letter-spaced numbers one character per item; and where it ends. */
function run(text: string, x: number): { items: Item[]; end: number } {
  const out: Item[] = [];
  const parts = text.split(new RegExp(`(${SPACED_START}[^${SPACED_END}]*${SPACED_END})`));
  for (const part of parts) {
    if (part.startsWith(SPACED_START)) {
      for (const ch of part.slice(1, -1)) {
        if (ch !== ' ') out.push({ text: ch, x });
        x += advance(ch) + SIZE * 0.45;
      }
    } else if (part) {
      out.push({ text: part, x });
      x += advance(part);
    }
  }
  return { items: out, end: x };
}
const items = (text: string, x: number): Item[] => run(text, x).items;
// The width a cell takes as drawn, its letter-spaced characters at their wider pitch (a column
// sized for fewer would let a long spaced number run into the next cell: no table does that).
const textWidth = (text: string) => run(text, 0).end;

function layout(blocks: readonly Block[]): { lines: Line[]; width: number } {
  const lines: Line[] = [];
  let width = 595;
  const text = (t: string) => t.split('\n').forEach((l) => lines.push(items(l, MARGIN)));
  for (const b of blocks) {
    if (b.kind === 'heading' || b.kind === 'para') text(b.text);
    else if (b.kind === 'list') b.items.forEach(text);
    else if (b.kind === 'boxes') {
      text(b.label);
      lines.push(b.cells.map((c, i) => ({ text: c, x: MARGIN + i * SIZE * 1.6 })));
    } else {
      const all = [b.header, ...b.rows.map((r) => r.map((c) => c.text))];
      const widths = b.header.map((_, i) => Math.max(...all.flatMap((r) => (r[i] ?? '').split('\n').map(textWidth))) + SIZE * 2);
      const xs = widths.map((_, i) => MARGIN + widths.slice(0, i).reduce((a, w) => a + w, 0));
      width = Math.max(width, xs.at(-1)! + widths.at(-1)! + MARGIN);
      for (const row of all) {
        const split = row.map((c) => c.split('\n'));
        const height = Math.max(...split.map((s) => s.length));
        for (let k = 0; k < height; k++) lines.push(split.flatMap((s, i) => (s[k] ? items(s[k]!, xs[i]!) : [])));
      }
    }
  }
  // The page is as wide as its longest line: a producer keeps what it draws on the page (pdfjs,
  // like a viewer, drops glyphs beyond the page's edge).
  const right = (line: Line) => (line.length ? line.at(-1)!.x + advance(line.at(-1)!.text) + MARGIN : 0);
  width = Math.max(width, ...lines.map(right));
  return { lines, width };
}

export function pdfFile(blocks: readonly Block[]): Uint8Array {
  const f = thaiFont();
  const doc = new mupdf.PDFDocument();
  const resources = { Font: { F1: doc.addFont(f) } };
  const glyphs = (s: string) => [...s].map((ch) => f.encodeCharacter(ch.codePointAt(0)!).toString(16).padStart(4, '0')).join('');
  const { lines, width } = layout(blocks);
  const perPage = Math.floor((842 - 2 * MARGIN) / LEADING);
  for (let first = 0; first < lines.length; first += perPage) {
    const content = lines
      .slice(first, first + perPage)
      .flatMap((line, i) => line.map((item) => `BT /F1 ${SIZE} Tf ${item.x.toFixed(2)} ${842 - MARGIN - i * LEADING} Td <${glyphs(item.text)}> Tj ET`));
    doc.insertPage(-1, doc.addPage([0, 0, Math.ceil(width), 842], 0, resources, content.join('\n')));
  }
  return doc.saveToBuffer('compress').asUint8Array().slice();
}

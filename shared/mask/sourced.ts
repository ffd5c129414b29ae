// Text as the detector reads it, with where each character sits in the file it came from, so
// that a span found in the text can be masked in the file itself and nowhere else.
import { boxText, tableBlocks, type TableRow } from '../extract/table.ts';
import { MADE, type SourcedText } from '../extract/origins.ts';
import type { BlockLocation, TextBlock } from '../types.ts';

export { MADE, type SourcedText } from '../extract/origins.ts';

/** A block for detection that knows its source: a string of the file (a part, a cell) named by `source`. */
export interface SourcedBlock extends TextBlock, SourcedText {
  source: string;
}

const WHITESPACE = /[ \t\r\n\f]/;

/** Builds a SourcedText character by character. */
export class SourcedTextBuilder implements SourcedText {
  text = '';
  origins: number[] = [];

  /** Raw text starting at `offset` in the source; whitespace runs collapse to one space, as HTML shows them. */
  raw(raw: string, offset: number, collapse = false): this {
    for (let i = 0; i < raw.length; i++) {
      if (collapse && WHITESPACE.test(raw[i]!)) {
        if (this.text.endsWith(' ')) continue;
        this.push(' ', offset + i);
      } else {
        this.push(raw[i]!, offset + i);
      }
    }
    return this;
  }

  made(text: string): this {
    for (const ch of text) this.push(ch, MADE);
    return this;
  }

  append(other: SourcedText): this {
    this.text += other.text;
    this.origins.push(...other.origins);
    return this;
  }

  private push(ch: string, origin: number): void {
    this.text += ch;
    this.origins.push(origin);
  }
}

/** Text that is its own source. */
export const identityOrigins = (text: string): number[] => Array.from({ length: text.length }, (_, i) => i);

export const sourced = (text: string, origins: number[]): SourcedText => ({ text, origins });

export function trimSourced(t: SourcedText): SourcedText {
  const start = t.text.length - t.text.trimStart().length;
  const end = t.text.trimEnd().length;
  return end <= start ? sourced('', []) : sourced(t.text.slice(start, end), t.origins.slice(start, end));
}

export function joinSourced(parts: readonly SourcedText[], separator: string): SourcedText {
  const out = new SourcedTextBuilder();
  parts.forEach((p, i) => (i > 0 ? out.made(separator) : out).append(p));
  return out;
}

/** A row of one-digit boxes (see boxText) as the number it draws, keeping each digit's origin. */
export function sourcedBoxes(cells: readonly SourcedText[]): SourcedText | undefined {
  if (boxText(cells.map((c) => c.text)) === undefined) return undefined;
  return joinSourced(cells.map((c) => (c.text ? c : sourced('-', [MADE]))), ' ');
}

export interface SourcedRow extends Omit<TableRow, 'cells'> {
  cells: SourcedText[];
}

/** tableBlocks (headers and rows as the scanner sees them) over cells that keep their origins. */
export function sourcedTableBlocks(rows: readonly SourcedRow[], source: (row: number, cell: number) => string): SourcedBlock[] {
  const blocks = tableBlocks(rows.map((r) => ({ ...r, cells: r.cells.map((c) => c.text) })));
  // tableBlocks yields the non-empty cells in row order: the same walk pairs each with its cell.
  const cells = rows.flatMap((r, ri) => r.cells.map((c, ci) => ({ c, at: source(ri, ci) })).filter(({ c }) => c.text.trim() !== ''));
  return blocks.map((block, i) => ({ ...block, ...cells[i]!.c, source: cells[i]!.at }));
}

export function flowBlock(text: SourcedText, source: string, location: BlockLocation): SourcedBlock {
  return { text: text.text, origins: text.origins, source, location };
}

/** The source with the characters at the given offsets replaced by X (digits: one unit for one). */
export function hideAt(source: string, offsets: Iterable<number>): string {
  const chars = source.split('');
  for (const o of offsets) chars[o] = 'X';
  return chars.join('');
}

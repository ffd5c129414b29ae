// Text that remembers where each character came from (an offset in a file, a glyph on a page),
// so that a number found in the text can be masked in the document itself. Readers of formats
// leakscan can rewrite build their text this way; the scanner reads only the text.
import { CHAR_CLASS, DIGIT } from '../detect/characters.ts';
import type { TextBlock } from '../types.ts';
import { boxText, tableBlocks, type TableRow } from './table.ts';

/** Marks a character the reader made (a line break for a tag, a decoded entity): it cannot be rewritten. */
export const MADE = -1;

export interface SourcedText {
  text: string;
  /** Per UTF-16 unit of text: its index in the source, or MADE. */
  origins: number[];
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
    appendSourced(this, other);
    return this;
  }

  private push(ch: string, origin: number): void {
    this.text += ch;
    this.origins.push(origin);
  }
}

/** Appends `part` to `to`, origins one by one: a part can be longer than an argument list may be. */
export function appendSourced(to: SourcedText, part: SourcedText): void {
  to.text += part.text;
  for (const origin of part.origins) to.origins.push(origin);
}

export const sourced = (text: string, origins: number[]): SourcedText => ({ text, origins });

export const madeText = (text: string): SourcedText => sourced(text, new Array<number>(text.length).fill(MADE));

/** The cells a spanning cell covers: one shared empty text, so that a wide span costs a slot per column, no more. */
export const SPANNED: SourcedText = Object.freeze(madeText(''));

/** Text that is its own source. */
export const identityOrigins = (text: string): number[] => Array.from({ length: text.length }, (_, i) => i);

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

const isDigit = (text: string, i: number): boolean => CHAR_CLASS[text.charCodeAt(i)] === DIGIT;

/**
 * The text after a rewrite that keeps every digit (Thai normalisation, whitespace folding): its
 * digits keep their origins, paired in order; other characters are MADE. Only digits are ever
 * masked, so that is all a mask needs.
 */
export function rewritten(before: SourcedText, text: string): SourcedText {
  const digitOrigins = before.origins.filter((_, i) => isDigit(before.text, i));
  const origins = new Array<number>(text.length).fill(MADE);
  let next = 0;
  for (let i = 0; i < text.length; i++) if (isDigit(text, i)) origins[i] = digitOrigins[next++] ?? MADE;
  if (next !== digitOrigins.length) throw new Error('a rewrite changed the digits of the text');
  return { text, origins };
}

/** A row of one-digit boxes (see boxText) as the number it draws, keeping each digit's origin. */
export function sourcedBoxes(cells: readonly SourcedText[]): SourcedText | undefined {
  if (boxText(cells.map((c) => c.text)) === undefined) return undefined;
  return joinSourced(
    cells.map((c) => (c.text ? c : madeText('-'))),
    ' ',
  );
}

export interface SourcedRow extends Omit<TableRow, 'cells'> {
  cells: SourcedText[];
}

export interface SourcedCellBlock extends TextBlock, SourcedText {
  /** Row and column (indices into the rows given) of the cell the block is. */
  cellAt: [number, number];
}

/** tableBlocks (headers and rows as the scanner sees them) over cells that keep their origins. */
export function sourcedTableBlocks(rows: readonly SourcedRow[]): SourcedCellBlock[] {
  const blocks = tableBlocks(rows.map((r) => ({ ...r, cells: r.cells.map((c) => c.text) })));
  // tableBlocks yields the non-empty cells in row order: the same walk pairs each with its cell.
  const cells = rows.flatMap((r, ri) => r.cells.flatMap((c, ci) => (c.text.trim() !== '' ? [{ c, at: [ri, ci] as [number, number] }] : [])));
  return blocks.map((block, i) => ({ ...block, ...cells[i]!.c, cellAt: cells[i]!.at }));
}

// Plain text (TXT files, PDF text layers) often carries tables as lines of cells separated by
// tabs or pipes, or padded with spaces into aligned columns (reports printed by older systems). A
// number's column header says what it is, so find the header line of the table a line belongs
// to: the top line of the contiguous run of delimited (or aligned) lines above it.

import { GROUP_MARK } from './written-forms.ts';

const RULE_LINE = /^[\s\-=_+|:.]*$/;
const LONG_NUMBER = /[0-9\u0E50-\u0E59\uFF10-\uFF19]{5}/;
const MAX_WALK = 5000;

export type CellDelimiter = '\t' | '|';
/** Columns padded with spaces: cells are apart by two spaces or more. */
export type TableKind = CellDelimiter | 'aligned';

/** Cells of an aligned row: where each starts, in display columns, and its text. */
export interface AlignedCell {
  column: number;
  text: string;
}

const CELL = /\S+(?: \S+)*/g;
/** Thai vowel and tone marks above and below a letter, and zero-width characters, take no column. */
const NO_WIDTH = /[\u0E31\u0E34-\u0E3A\u0E47-\u0E4E\u200B-\u200D\u2060\uFEFF\u00AD]/g;

/** Columns a text takes in a monospaced layout. */
export const displayWidth = (text: string): number => text.replace(NO_WIDTH, '').length;

/** The cells of a line padded into columns; fewer than 3 means it is no table row. */
export function alignedCells(line: string): AlignedCell[] {
  const cells: AlignedCell[] = [];
  for (const m of line.matchAll(CELL)) cells.push({ column: displayWidth(line.slice(0, m.index)), text: m[0] });
  return cells;
}

/** Longer lines are prose (or hostile), not rows of a table printed on a page. */
const MAX_ROW_CHARS = 1000;

/** At least three cells apart by two spaces or more (checked cheaply first: prose has no double spaces). */
const isAlignedRow = (line: string): boolean => {
  if (line.length > MAX_ROW_CHARS || line.includes('\t') || line.includes('|')) return false;
  const gap = line.indexOf('  ', line.search(/\S/));
  return gap >= 0 && line.indexOf('  ', line.slice(gap).search(/\S/) + gap) >= 0 && alignedCells(line).length >= 3;
};

/** The cell delimiter of text[from, to), if the line is a table row. */
export function delimiterOf(text: string, from = 0, to = text.length): CellDelimiter | undefined {
  // A bounded loop: indexOf would run on past `to`, to the end of a long document.
  let pipe = false;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x09) return '\t';
    if (c === 0x7c) pipe = true;
  }
  return pipe ? '|' : undefined;
}

interface HeaderRun {
  delimiter: TableKind;
  /** Offset of the header line. */
  top: number;
  /** Offset of the last line known to belong to the same table. */
  verified: number;
  header: string | undefined;
}

/** Finds header cells for lines of one text; remembers the last table, since candidates come in order. */
export class TextTableHeaders {
  private run: HeaderRun | undefined;

  constructor(private readonly text: string) {}

  headerCells(lineStart: number, delimiter: CellDelimiter): string[] | undefined {
    const header = this.headerLine(lineStart, delimiter);
    return header === undefined ? undefined : header.split(delimiter);
  }

  /** The header cell above a number that starts at a display column (computed when needed) of an aligned row. */
  alignedHeaderCell(lineStart: number, column: () => number): string | undefined {
    if (!isAlignedRow(this.line(lineStart))) return undefined;
    const header = this.headerLine(lineStart, 'aligned');
    if (header === undefined) return undefined;
    // Left-aligned columns: the header starts where its column starts.
    const at = column();
    return alignedCells(header).findLast((cell) => cell.column <= at)?.text;
  }

  private headerLine(lineStart: number, delimiter: TableKind): string | undefined {
    const inTable = (line: string): boolean => (delimiter === 'aligned' ? isAlignedRow(line) || isWrappedCellLine(line) : line.includes(delimiter));
    const { text } = this;
    let top = lineStart;
    for (let steps = 0; top > 0 && steps < MAX_WALK; steps++) {
      const prevStart = text.lastIndexOf('\n', top - 2) + 1;
      const run = this.run;
      if (run && run.delimiter === delimiter && prevStart >= run.top && prevStart <= run.verified) {
        run.verified = lineStart;
        return run.header;
      }
      const prev = text.slice(prevStart, top - 1);
      if (inTable(prev)) top = prevStart;
      else if (prev.length > 0 && RULE_LINE.test(prev)) top = prevStart;
      else break;
    }
    // A rule line may have been the last step; the header is the first delimited line from `top`.
    while (top < lineStart && !inTable(this.line(top))) top = this.lineEnd(top) + 1;
    const headerLine = this.line(top);
    const header = top < lineStart && !LONG_NUMBER.test(headerLine) ? headerLine : undefined;
    this.run = { delimiter, top, verified: lineStart, header };
    return header;
  }

  private lineEnd(start: number): number {
    const end = this.text.indexOf('\n', start);
    return end < 0 ? this.text.length : end;
  }

  /** The line at `start`, read no further than a row can be long. */
  private line(start: number): string {
    const chunk = this.text.slice(start, start + MAX_ROW_CHARS + 1);
    const end = chunk.indexOf('\n');
    return end < 0 ? chunk : chunk.slice(0, end);
  }
}

interface Cell {
  /** Offsets of the cell's text, trimmed. */
  start: number;
  end: number;
  /** Display column where the cell starts (aligned rows), or its index (delimited rows). */
  at: number;
}

/**
 * Wrapped cells of text tables: a row whose first cell is empty continues the row above it
 * (`| 11 | … | 1 8 4 2 2 7 8 8 9 0 |` then `|  |  | 8 2 5 |`). A number that ends a cell (a dash or
 * dot may follow it) and the number that starts the same column's cell on the continuing row may
 * be one number. Given the offset of a number's last position, the offset of the first position
 * below it; or, `upwards`, given its first position, the last position above it; else -1.
 */
export function cellContinuation(text: string, at: number, upwards: boolean, isPosition: (code: number) => boolean): number {
  if (!(upwards ? startsCell(text, at) && startsContinuationRow(text, at) : endsCellAboveRow(text, at))) return -1;
  const line = lineAround(text, at);
  const row = line && tableRow(text, line.start, line.end);
  const cell = row?.cells.find((c) => c.start <= at && at < c.end);
  if (!row || !cell) return -1;
  const other = upwards ? (line.start > 0 ? lineAround(text, line.start - 1) : undefined) : line.end < text.length ? lineAround(text, line.end + 1) : undefined;
  const otherRow = other && tableRow(text, other.start, other.end);
  if (!otherRow || otherRow.kind !== row.kind || !(upwards ? row : otherRow).continues) return -1;
  const sameColumn = otherRow.cells.find((c) => (row.kind === 'aligned' ? Math.abs(c.at - cell.at) <= 1 : c.at === cell.at));
  const [above, below] = upwards ? [sameColumn, cell] : [cell, sameColumn];
  if (!above || !below) return -1;
  // A dash or dot (spaced or not) may end the cell above or start the cell below.
  let last = above.end - 1;
  while (last > above.start && (GROUP_MARK.test(text[last]!) || text[last] === ' ')) last--;
  let first = below.start;
  while (first < below.end - 1 && (GROUP_MARK.test(text[first]!) || text[first] === ' ')) first++;
  if (last < above.start || !isPosition(text.charCodeAt(last)) || !isPosition(text.charCodeAt(first))) return -1;
  // The number asked about must end (start) its cell.
  if (upwards ? first !== at : last !== at) return -1;
  return upwards ? last : first;
}

/** Cheap first look: a continuation row begins with blanks, or with an empty first cell. */
function startsContinuationRow(text: string, at: number): boolean {
  let start = at;
  while (start > 0 && text.charCodeAt(start - 1) !== NEWLINE) if (at - --start > MAX_ROW_CHARS) return false;
  return CONTINUATION_START.test(text.slice(start, start + 8));
}

const NEWLINE = 0x0a;

const CONTINUATION_START = /^(?: {2}|\t|[ \t]*\|[ \t]*\|)/;

/** Cheap first look: the number starts its cell (after a delimiter, the line's start or a column gap). */
function startsCell(text: string, first: number): boolean {
  let i = first - 1;
  if (GROUP_MARK.test(text[i] ?? '')) i--;
  while (text[i] === ' ' && text[i - 1] !== ' ') i--;
  const c = text[i];
  return i < 0 || c === '\t' || c === '|' || c === '\n' || (c === ' ' && text[i - 1] === ' ');
}

/** Cheap first look: the number ends its cell, and the next line may continue the row. */
function endsCellAboveRow(text: string, last: number): boolean {
  let i = last + 1;
  if (GROUP_MARK.test(text[i] ?? '')) i++;
  while (text[i] === ' ') i++;
  const c = text[i];
  if (c !== '\t' && c !== '|' && c !== '\n' && !(text[i - 1] === ' ' && text[i - 2] === ' ')) return false;
  for (let end = i; end < text.length && end - i <= MAX_ROW_CHARS; end++) if (text.charCodeAt(end) === NEWLINE) return startsContinuationRow(text, end + 1);
  return false;
}

/** The line around an offset, when it is short enough to be a table row. */
function lineAround(text: string, at: number): { start: number; end: number } | undefined {
  const from = Math.max(0, at - MAX_ROW_CHARS - 1);
  const newline = text.slice(from, at).lastIndexOf('\n');
  if (newline < 0 && from > 0) return undefined;
  const before = newline < 0 ? -1 : from + newline;
  const after = text.slice(at, at + MAX_ROW_CHARS + 1).indexOf('\n');
  const end = after < 0 ? Math.min(text.length, at + MAX_ROW_CHARS + 1) : at + after;
  return end - before - 1 > MAX_ROW_CHARS ? undefined : { start: before + 1, end };
}

interface Row {
  cells: Cell[];
  kind: TableKind;
  /** The row's first cell is empty: it goes on with the row above. */
  continues: boolean;
}

/** The indented line of a padded table's wrapped cells: a few short pieces under their columns. */
function isWrappedCellLine(line: string): boolean {
  if (!/^ {2,}\S/.test(line) || line.length > MAX_ROW_CHARS) return false;
  const cells = alignedCells(line);
  return cells.length <= 3 && cells.every((cell) => cell.text.length <= WRAPPED_CELL_CHARS);
}

/** The most a piece of a wrapped cell holds: a cell of a table is narrow. */
const WRAPPED_CELL_CHARS = 30;

function tableRow(text: string, start: number, end: number): Row | undefined {
  const line = text.slice(start, end);
  const indented = /^ {2,}\S/.test(line);
  const kind: TableKind | undefined = line.includes('\t') ? '\t' : line.includes('|') ? '|' : indented || isAlignedRow(line) ? 'aligned' : undefined;
  if (!kind) return undefined;
  const cells: Cell[] = [];
  if (kind === 'aligned') {
    for (const m of line.matchAll(CELL)) cells.push({ start: start + m.index, end: start + m.index + m[0].length, at: displayWidth(line.slice(0, m.index)) });
    return { cells, kind, continues: indented };
  }
  const raw = line.split(kind);
  let from = start;
  raw.forEach((part, i) => {
    const body = part.trim();
    const lead = part.length - part.trimStart().length;
    if (body) cells.push({ start: from + lead, end: from + lead + body.length, at: i });
    from += part.length + 1;
  });
  const firstCell = kind === '|' && line.trimStart().startsWith('|') ? 1 : 0;
  return { cells, kind, continues: cells.length > 0 && raw[firstCell]!.trim() === '' };
}

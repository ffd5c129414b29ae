// Tables from any format (CSV, HTML, later spreadsheets) become one block per cell, carrying the
// column header and the rest of the row: what a column holds is the best hint of what a number is.
import { type ClusterSpan, nextCluster, positionChar } from '../detect/characters.ts';
import { type CueKind, findCues } from '../detect/cues.ts';
import { ScanError } from '../errors.ts';
import type { BlockLocation, TextBlock } from '../types.ts';

const LONG_DIGITS = /[0-9\u0E50-\u0E59\uFF10-\uFF19]{5}/;
/** The fewest positions of an identifier (a landline): a header names columns, it holds none. */
const IDENTIFIER_POSITIONS = 9;
const LETTER = /\p{L}/u;

/** A1-style column name: 0 → A, 25 → Z, 26 → AA. */
export function columnName(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26)) name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

/**
 * Forms draw an ID as a row of boxes, one digit per cell. Such cells are one number, not a
 * table: joined with spaces, empty cells (the gaps between digit groups) as a dash. Undefined
 * when the cells are not boxes.
 */
export function boxText(cells: readonly string[]): string | undefined {
  const filled = cells.filter((t) => t !== '');
  if (filled.length < 4 || !filled.every((t) => t.length === 1 && positionChar(t) !== '')) return undefined;
  return cells.map((t) => t || '-').join(' ');
}

/**
 * A header row names its columns: several non-empty cells with words and no long numbers, read as
 * the detector reads them (a number in boxes, masked or spaced out is still a number: a row of
 * data, not a header).
 */
export function isHeaderRow(cells: readonly string[]): boolean {
  const filled = cells.filter((c) => c.trim() !== '');
  return filled.length >= 2 && !filled.some(isNumber) && filled.filter((c) => LETTER.test(c)).length >= filled.length / 2;
}

const LABEL_KINDS = new Set<CueKind>(['idLabel', 'taxLabel', 'phoneLabel', 'personalPhone', 'laserLabel']);
const isIdentifierLabel = (cell: string): boolean => findCues(cell).some((cue) => LABEL_KINDS.has(cue.kind));

const NUMBER_SPAN: ClusterSpan = { start: 0, end: 0, positions: 0 };
/** Whether a cell holds a number as long as an identifier, however it is written. */
const isNumber = (cell: string): boolean => LONG_DIGITS.test(cell) || nextCluster(cell, 0, NUMBER_SPAN, IDENTIFIER_POSITIONS);

/** A row whose cells after its leading label cells are one-digit boxes, as one block. */
function boxRow(row: TableRow, rowAbove: string): TextBlock | undefined {
  const first = row.cells.findIndex((c) => c.length === 1 && positionChar(c) !== '');
  const text = first < 0 ? undefined : boxText(row.cells.slice(first));
  if (text === undefined) return undefined;
  const label =
    row.cells
      .slice(0, first)
      .filter((c) => c.trim() !== '')
      .join(' ') || rowAbove;
  return { text, location: { ...row.location, cell: `${columnName(first)}${row.rowNumber}` }, row: label, header: label };
}

/**
 * Most cells one document's tables may hold, each row counted up to its last cell (the empty
 * cells before it are held too): a quarter of a million rows of twenty columns.
 */
export const MAX_TABLE_CELLS = 5_000_000;
/**
 * Most characters their rows may hold: a cell can repeat text the file holds once (a shared
 * string, a repeated cell), and each row's text is made from its cells.
 */
export const MAX_TABLE_CHARACTERS = 100_000_000;

/** Counts the cells (and their characters) a reader is about to hold, and refuses the document before it holds too many. */
export class TableBudget {
  private cells = 0;
  private characters = 0;

  spend(cells: number, characters = 0): void {
    this.cells += cells;
    this.characters += characters;
    if (this.cells > MAX_TABLE_CELLS) throw new ScanError('too_large', `the document's tables hold more than ${MAX_TABLE_CELLS} cells`);
    if (this.characters > MAX_TABLE_CHARACTERS) throw new ScanError('too_large', `the document's tables hold more than ${MAX_TABLE_CHARACTERS} characters`);
  }
}

/** The characters of some texts, together. */
export const characters = (texts: readonly string[]): number => texts.reduce((n, t) => n + t.length, 0);

export interface TableRow {
  cells: string[];
  /** Location of the row (line in the source, sheet, hidden reason); cells add their reference. */
  location: BlockLocation;
  /** 1-based row number used in cell references. */
  rowNumber: number;
  /** Which cells are hidden, and why (hidden columns in spreadsheets). */
  hiddenCells?: ReadonlyMap<number, string>;
}

export interface TableOptions {
  /**
   * Read a row of one-digit cells (a form's boxes, in a spreadsheet) as one number, labelled by
   * the cells before it or the row above. Off where each block must stay one cell (masking).
   */
  boxRows?: boolean;
}

/** One block per non-empty cell; the header is the last header-like row seen above. */
export function tableBlocks(rows: Iterable<TableRow>, options: TableOptions = {}): TextBlock[] {
  const blocks: TextBlock[] = [];
  let header: string[] | undefined;
  let previousRowText = '';
  let labelAbove: string | undefined;
  for (const row of rows) {
    if (isHeaderRow(row.cells)) header = row.cells;
    const filled = row.cells.filter((c) => c.trim() !== '');
    const rowText = filled.join(' | ');
    const boxes = options.boxRows ? boxRow(row, previousRowText) : undefined;
    previousRowText = rowText;
    // A form's label for an identifier, alone on its row, names the value alone on the row below.
    const label = filled.length === 1 ? labelAbove : undefined;
    labelAbove = filled.length === 1 && !isNumber(filled[0]!) && isIdentifierLabel(filled[0]!) ? filled[0] : undefined;
    if (boxes) {
      blocks.push(boxes);
      continue;
    }
    row.cells.forEach((text, col) => {
      if (text.trim() === '') return;
      const location: BlockLocation = { ...row.location, cell: `${columnName(col)}${row.rowNumber}` };
      const hidden = row.hiddenCells?.get(col);
      if (hidden && !location.hidden) location.hidden = hidden;
      const block: TextBlock = { text, location, row: rowText };
      const columnHeader = (header && header !== row.cells ? header[col] : undefined) || label;
      if (columnHeader) block.header = columnHeader;
      blocks.push(block);
    });
  }
  return blocks;
}

// Tables from any format (CSV, HTML, later spreadsheets) become one block per cell, carrying the
// column header and the rest of the row: what a column holds is the best hint of what a number is.
import { positionChar } from '../detect/characters.ts';
import type { BlockLocation, TextBlock } from '../types.ts';

const LONG_NUMBER = /[0-9\u0E50-\u0E59\uFF10-\uFF19]{5}/;
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

/** A header row names its columns: several non-empty cells with words and no long numbers. */
export function isHeaderRow(cells: readonly string[]): boolean {
  const filled = cells.filter((c) => c.trim() !== '');
  return filled.length >= 2 && filled.every((c) => !LONG_NUMBER.test(c)) && filled.filter((c) => LETTER.test(c)).length >= filled.length / 2;
}

export interface TableRow {
  cells: string[];
  /** Location of the row (line in the source, sheet, hidden reason); cells add their reference. */
  location: BlockLocation;
  /** 1-based row number used in cell references. */
  rowNumber: number;
  /** Which cells are hidden, and why (hidden columns in spreadsheets). */
  hiddenCells?: ReadonlyMap<number, string>;
}

/** One block per non-empty cell; the header is the last header-like row seen above. */
export function tableBlocks(rows: Iterable<TableRow>): TextBlock[] {
  const blocks: TextBlock[] = [];
  let header: string[] | undefined;
  for (const row of rows) {
    if (isHeaderRow(row.cells)) header = row.cells;
    const rowText = row.cells.filter((c) => c.trim() !== '').join(' | ');
    row.cells.forEach((text, col) => {
      if (text.trim() === '') return;
      const location: BlockLocation = { ...row.location, cell: `${columnName(col)}${row.rowNumber}` };
      const hidden = row.hiddenCells?.get(col);
      if (hidden && !location.hidden) location.hidden = hidden;
      const block: TextBlock = { text, location, row: rowText };
      const label = header && header !== row.cells ? header[col] : undefined;
      if (label) block.header = label;
      blocks.push(block);
    });
  }
  return blocks;
}

// Spreadsheets (XLSX, XLS) through SheetJS: every sheet, every cell with its reference,
// numbers with all their digits (a 13-digit ID stored as a number shows as 1.23457E+12 but the
// file holds every digit), and hidden sheets, rows and columns, which anyone who downloads the
// file can unhide. SheetJS keeps a sheet as sparse rows of sparse cells: only the cells that
// exist are visited, whatever dimension the sheet declares.
import * as XLSX from '@e965/xlsx';
import type { TextBlock } from '../types.ts';
import { readingError } from '../errors.ts';
import { TableBudget, characters, tableBlocks, type TableRow } from './table.ts';

export function spreadsheetBlocks(bytes: Uint8Array): TextBlock[] {
  try {
    // cellStyles: row and column properties, where hidden rows and columns are recorded.
    const workbook = XLSX.read(bytes, { type: 'array', dense: true, cellStyles: true, cellFormula: false, cellHTML: false, cellNF: false, cellDates: false });
    const budget = new TableBudget();
    return workbook.SheetNames.flatMap((name, index) => {
      const sheet = workbook.Sheets[name];
      if (!sheet) return [];
      const state = workbook.Workbook?.Sheets?.[index]?.Hidden;
      const sheetHidden = state === 1 ? 'hidden-sheet' : state === 2 ? 'very-hidden-sheet' : undefined;
      return tableBlocks(sheetRows(sheet, name, sheetHidden, budget), { boxRows: true });
    });
  } catch (err) {
    throw readingError(err, 'the spreadsheet');
  }
}

/** The indices of a sparse array's elements, in order, without visiting its holes. */
const present = (array: readonly unknown[]): number[] => Object.keys(array).map(Number);

function* sheetRows(sheet: XLSX.WorkSheet, name: string, sheetHidden: string | undefined, budget: TableBudget): Generator<TableRow> {
  const data = (sheet['!data'] ?? []) as Array<Array<XLSX.CellObject | undefined> | undefined>;
  const rowInfo = sheet['!rows'] ?? [];
  const colInfo = sheet['!cols'] ?? [];
  const hiddenCells = new Map<number, string>();
  colInfo.forEach((col, c) => col?.hidden && hiddenCells.set(c, 'hidden-column'));
  for (const r of present(data)) {
    const row = data[r];
    if (!row) continue;
    const columns = present(row);
    const texts = columns.map((c) => cellText(row[c]));
    // Comments sit on cells but are not shown until hovered: read them as their own cells.
    const notes = columns
      .flatMap((c) => row[c]?.c ?? [])
      .map((note) => note.t ?? '')
      .filter(Boolean);
    const hidden = sheetHidden ?? (rowInfo[r]?.hidden ? 'hidden-row' : undefined);
    const last = texts.findLastIndex((t) => t !== '');
    const width = last < 0 ? 0 : columns[last]! + 1;
    budget.spend(width + notes.length, characters(texts) + characters(notes));
    const cells = new Array<string>(width).fill('');
    columns.forEach((c, i) => c < width && (cells[c] = texts[i]!));
    yield { cells, rowNumber: r + 1, location: hidden ? { sheet: name, hidden } : { sheet: name }, hiddenCells };
    if (notes.length) yield { cells: notes, rowNumber: r + 1, location: { sheet: name, hidden: 'cell-comment' } };
  }
}

/** A cell as its full value: numbers as all their digits, never in scientific notation. */
function cellText(cell: XLSX.CellObject | undefined): string {
  if (!cell || cell.v === undefined || cell.v === null) return '';
  if (cell.t === 'n' && typeof cell.v === 'number') return numberText(cell.v);
  if (cell.t === 'b') return '';
  if (cell.t === 'e') return '';
  return String(cell.v);
}

/** A number with all its digits, as the file holds it. */
export function numberText(v: number): string {
  if (Number.isInteger(v)) return Math.abs(v) < 1e21 ? v.toFixed(0) : String(v);
  return String(v);
}

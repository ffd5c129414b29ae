// Spreadsheets (XLSX, XLS, ODS) through SheetJS: every sheet, every cell with its reference,
// numbers with all their digits (a 13-digit ID stored as a number shows as 1.23457E+12 but the
// file holds every digit), and hidden sheets, rows and columns, which anyone who downloads the
// file can unhide.
import * as XLSX from '@e965/xlsx';
import { ScanError, parserMessage } from '../errors.ts';
import type { TextBlock } from '../types.ts';
import { tableBlocks, type TableRow } from './table.ts';

export function spreadsheetBlocks(bytes: Uint8Array): TextBlock[] {
  let workbook: XLSX.WorkBook;
  try {
    // cellStyles: row and column properties, where hidden rows and columns are recorded.
    workbook = XLSX.read(bytes, { type: 'array', dense: true, cellStyles: true, cellFormula: false, cellHTML: false, cellNF: false, cellDates: false });
  } catch (err) {
    const message = (err as Error).message ?? String(err);
    if (/password|encrypt/i.test(message)) throw new ScanError('encrypted', 'the spreadsheet is protected by a password');
    throw new ScanError('corrupt', `the spreadsheet cannot be read: ${parserMessage(err)}`);
  }
  const blocks: TextBlock[] = [];
  workbook.SheetNames.forEach((name, index) => {
    const sheet = workbook.Sheets[name];
    if (!sheet) return;
    const state = workbook.Workbook?.Sheets?.[index]?.Hidden;
    const sheetHidden = state === 1 ? 'hidden-sheet' : state === 2 ? 'very-hidden-sheet' : undefined;
    blocks.push(...tableBlocks(sheetRows(sheet, name, sheetHidden), { boxRows: true }));
  });
  return blocks;
}

function* sheetRows(sheet: XLSX.WorkSheet, name: string, sheetHidden: string | undefined): Generator<TableRow> {
  const data = (sheet['!data'] ?? []) as Array<Array<XLSX.CellObject | undefined> | undefined>;
  const rowInfo = sheet['!rows'] ?? [];
  const colInfo = sheet['!cols'] ?? [];
  const hiddenCells = new Map<number, string>();
  colInfo.forEach((col, c) => col?.hidden && hiddenCells.set(c, 'hidden-column'));
  for (let r = 0; r < data.length; r++) {
    const row = data[r];
    if (!row) continue;
    const cells = Array.from(row, cellText);
    // Comments sit on cells but are not shown until hovered: read them as their own cells.
    const notes = row.flatMap((cell) => (cell?.c ?? []).map((note) => note.t ?? '')).filter(Boolean);
    const hidden = sheetHidden ?? (rowInfo[r]?.hidden ? 'hidden-row' : undefined);
    const location = hidden ? { sheet: name, hidden } : { sheet: name };
    yield { cells, rowNumber: r + 1, location, hiddenCells };
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

function numberText(v: number): string {
  if (Number.isInteger(v)) return Math.abs(v) < 1e21 ? v.toFixed(0) : String(v);
  return String(v);
}

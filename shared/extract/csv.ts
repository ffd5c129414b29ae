import { parse } from 'csv-parse/sync';
import type { TextBlock } from '../types.ts';
import { readingError } from '../errors.ts';
import { tableBlocks, type TableRow } from './table.ts';

/**
 * The delimiter of the table: comma, semicolon (European Excel) or tab, whichever splits the most
 * of the first lines into the same number of cells. Counting all occurrences would let a title
 * line full of amounts (`1,234,567.00`) outvote the tabs of the table below it.
 */
export function sniffDelimiter(text: string): string {
  const lines = text.slice(0, 16384).split('\n').slice(0, 30);
  const score = (delimiter: string): number => {
    const counts = new Map<number, number>();
    for (const line of lines) {
      const n = line.replace(/"[^"]*"/g, '').split(delimiter).length - 1;
      if (n > 0) counts.set(n, (counts.get(n) ?? 0) + 1);
    }
    // The most lines that agree on one count, then the larger count.
    return [...counts].reduce((best, [n, lines]) => Math.max(best, lines * 1000 + Math.min(n, 999)), 0);
  };
  return [',', ';', '\t'].reduce((best, d) => (score(d) > score(best) ? d : best));
}

export function csvBlocks(text: string): TextBlock[] {
  try {
    return tableBlocks(csvRows(text), { boxRows: true });
  } catch (err) {
    throw readingError(err, 'the CSV file');
  }
}

function csvRows(text: string): TableRow[] {
  const records = parse(text, {
    delimiter: sniffDelimiter(text),
    bom: true,
    info: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
  }) as unknown as Array<{ record: string[]; info: { lines: number } }>;
  // Row numbers follow the file's lines, as a spreadsheet program shows them.
  return records.map(({ record, info }) => ({ cells: record, rowNumber: info.lines, location: {} }));
}

import { parse } from 'csv-parse/sync';
import type { TextBlock } from '../types.ts';
import { tableBlocks, type TableRow } from './table.ts';

/** The delimiter used most in the first lines: comma, semicolon (European Excel) or tab. */
export function sniffDelimiter(text: string): string {
  const sample = text.slice(0, 8192).split('\n').slice(0, 10).join('\n');
  const counts = [',', ';', '\t'].map((d) => [d, sample.split(d).length] as const);
  return counts.reduce((a, b) => (b[1] > a[1] ? b : a))[0];
}

export function csvBlocks(text: string): TextBlock[] {
  const records = parse(text, {
    delimiter: sniffDelimiter(text),
    bom: true,
    info: true,
    relax_column_count: true,
    relax_quotes: true,
    skip_empty_lines: true,
  }) as unknown as Array<{ record: string[]; info: { lines: number } }>;
  // Row numbers follow the file's lines, as a spreadsheet program shows them.
  const rows: TableRow[] = records.map(({ record, info }) => ({ cells: record, rowNumber: info.lines, location: {} }));
  return tableBlocks(rows);
}

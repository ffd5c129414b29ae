// Aligned columns for terminal tables with Thai text, padded by what a terminal shows
// (shared/report/columns.ts).
import stringWidth from 'string-width';
import { padCell } from '../shared/report/columns.ts';

/** The lines (header first), columns two spaces apart; numeric columns may be right-aligned. */
export function alignColumns(lines: readonly string[][], rightAligned: (column: number) => boolean = () => false): string {
  const widths = lines[0]!.map((_, i) => Math.max(...lines.map((cells) => stringWidth(cells[i] ?? ''))));
  const pad = (cell: string, i: number) => padCell(cell, widths[i]!, rightAligned(i));
  return lines.map((cells) => cells.map(pad).join('  ').trimEnd() + '\n').join('');
}

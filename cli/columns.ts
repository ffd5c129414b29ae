// Aligned columns for terminal tables with Thai text: combining marks take no column, so cells
// are padded by what a terminal shows, not by their length.
const displayWidth = (text: string): number => text.replace(/[\u0E31\u0E34-\u0E3A\u0E47-\u0E4E]/g, '').length;

/** The lines (header first), columns two spaces apart; numeric columns may be right-aligned. */
export function alignColumns(lines: readonly string[][], rightAligned: (column: number) => boolean = () => false): string {
  const widths = lines[0]!.map((_, i) => Math.max(...lines.map((cells) => displayWidth(cells[i] ?? ''))));
  const pad = (cell: string, i: number) => {
    const padding = ' '.repeat(widths[i]! - displayWidth(cell));
    return rightAligned(i) ? padding + cell : cell + padding;
  };
  return lines.map((cells) => cells.map(pad).join('  ').trimEnd() + '\n').join('');
}

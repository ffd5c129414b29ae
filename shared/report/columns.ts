// Cells of terminal tables, padded by the columns a terminal shows them in (string-width: Thai
// combining marks take none, wide characters two), not by their length in UTF-16 units.
import stringWidth from 'string-width';

/** The cell with spaces after it (before it, right-aligned) up to `width` columns; a wider cell as it is. */
export function padCell(cell: string, width: number, rightAligned = false): string {
  const padding = ' '.repeat(Math.max(0, width - stringWidth(cell)));
  return rightAligned ? padding + cell : cell + padding;
}

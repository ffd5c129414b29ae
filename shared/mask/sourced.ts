// Text as the detector reads it, with where each character sits in the file it came from, so
// that a span found in the text can be masked in the file itself and nowhere else.
import { type SourcedRow, type SourcedText, sourcedTableBlocks as cellBlocks } from '../extract/origins.ts';
import type { BlockLocation, TextBlock } from '../types.ts';

export {
  MADE,
  type SourcedRow,
  type SourcedText,
  SourcedTextBuilder,
  identityOrigins,
  joinSourced,
  sourced,
  sourcedBoxes,
  trimSourced,
} from '../extract/origins.ts';

/** A block for detection that knows its source: a string of the file (a part, a cell) named by `source`. */
export interface SourcedBlock extends TextBlock, SourcedText {
  source: string;
}

/** Table blocks whose cells keep their origins, each in the source `source(row, cell)` names. */
export const sourcedTableBlocks = (rows: readonly SourcedRow[], source: (row: number, cell: number) => string): SourcedBlock[] =>
  cellBlocks(rows).map(({ cellAt: [row, cell], ...block }) => ({ ...block, source: source(row, cell) }));

export function flowBlock(text: SourcedText, source: string, location: BlockLocation): SourcedBlock {
  return { text: text.text, origins: text.origins, source, location };
}

/** The source with the characters at the given offsets replaced by X (digits: one unit for one). */
export function hideAt(source: string, offsets: Iterable<number>): string {
  const chars = source.split('');
  for (const o of offsets) chars[o] = 'X';
  return chars.join('');
}

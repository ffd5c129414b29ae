// Plain text (TXT files, PDF text layers) often carries tables as lines of cells separated by
// tabs or pipes. A number's column header says what it is, so find the header line of the table
// a line belongs to: the top line of the contiguous run of delimited lines above it.

const RULE_LINE = /^[\s\-=_+|:.]*$/;
const LONG_NUMBER = /[0-9\u0E50-\u0E59\uFF10-\uFF19]{5}/;
const MAX_WALK = 5000;

export type CellDelimiter = '\t' | '|';

/** The cell delimiter of text[from, to), if the line is a table row. */
export function delimiterOf(text: string, from = 0, to = text.length): CellDelimiter | undefined {
  // A bounded loop: indexOf would run on past `to`, to the end of a long document.
  let pipe = false;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x09) return '\t';
    if (c === 0x7c) pipe = true;
  }
  return pipe ? '|' : undefined;
}

interface HeaderRun {
  delimiter: CellDelimiter;
  /** Offset of the header line. */
  top: number;
  /** Offset of the last line known to belong to the same table. */
  verified: number;
  cells: string[] | undefined;
}

/** Finds header cells for lines of one text; remembers the last table, since candidates come in order. */
export class TextTableHeaders {
  private run: HeaderRun | undefined;

  constructor(private readonly text: string) {}

  headerCells(lineStart: number, delimiter: CellDelimiter): string[] | undefined {
    const { text } = this;
    let top = lineStart;
    for (let steps = 0; top > 0 && steps < MAX_WALK; steps++) {
      const prevStart = text.lastIndexOf('\n', top - 2) + 1;
      const run = this.run;
      if (run && run.delimiter === delimiter && prevStart >= run.top && prevStart <= run.verified) {
        run.verified = lineStart;
        return run.cells;
      }
      const prev = text.slice(prevStart, top - 1);
      if (prev.includes(delimiter)) top = prevStart;
      else if (prev.length > 0 && RULE_LINE.test(prev)) top = prevStart;
      else break;
    }
    // A rule line may have been the last step; the header is the first delimited line from `top`.
    while (top < lineStart && !this.line(top).includes(delimiter)) top = this.lineEnd(top) + 1;
    const headerLine = this.line(top);
    const cells = top < lineStart && !LONG_NUMBER.test(headerLine) ? headerLine.split(delimiter) : undefined;
    this.run = { delimiter, top, verified: lineStart, cells };
    return cells;
  }

  private lineEnd(start: number): number {
    const end = this.text.indexOf('\n', start);
    return end < 0 ? this.text.length : end;
  }

  private line(start: number): string {
    return this.text.slice(start, this.lineEnd(start));
  }
}

// OpenDocument spreadsheets (ODS), read from content.xml by an XML walk rather than through
// SheetJS: ODS writes a run of like cells (or rows) as one element with a repeat count, so that
// an 800-byte file can declare every cell of a 1,048,576 × 16,384 sheet, and SheetJS sets every
// repeated cell. Here an empty run only moves the position; a run with content is held cell by
// cell, within the document's cell budget. Hidden sheets, rows and columns and cell comments are
// read as in XLSX. Elements and attributes are known by their local names, as SheetJS knows them.
import { Parser } from 'htmlparser2';
import { ScanError, readingError } from '../errors.ts';
import type { BlockLocation, TextBlock } from '../types.ts';
import { numberText } from './spreadsheet.ts';
import { TableBudget, characters, tableBlocks, type TableRow } from './table.ts';
import { type ZipLimits, readZipEntries } from './zip.ts';

const MANIFEST = 'META-INF/manifest.xml';
const CONTENT = 'content.xml';
/** Columns past the last a spreadsheet program has (XFD) cannot be shown or hidden. */
const MAX_COLUMNS = 16_384;
/** Spaces an element (<text:s text:c="…"/>) stands for, at most: a run wider than a line separates no better. */
const MAX_SPACES = 256;
/** Elements that stand for a character of a paragraph. */
const CHARACTERS = new Map([
  ['tab', '\t'],
  ['line-break', '\n'],
]);
/** Value types whose value is a number in office:value, whatever the cell shows. */
const NUMERIC = new Set(['float', 'percentage', 'currency']);

const localName = (name: string): string => name.slice(name.indexOf(':') + 1);
const localAttributes = (attribs: Record<string, string>): Record<string, string> => Object.fromEntries(Object.entries(attribs).map(([name, value]) => [localName(name), value]));
/** A repeat count: at least one; a huge one is taken at its word and bounded where it costs. */
const repeatCount = (value: string | undefined): number => Math.max(1, Math.floor(Number(value)) || 1);
const isHidden = (visibility: string | undefined): boolean => visibility === 'collapse' || visibility === 'filter';

/** Walks an XML text, element by element, with local names. */
function walkXml(xml: string, handler: { open?(name: string, attrs: Record<string, string>): void; close?(name: string): void; text?(text: string): void }): void {
  new Parser(
    {
      onopentag: (name, attribs) => handler.open?.(localName(name), localAttributes(attribs)),
      onclosetag: (name) => handler.close?.(localName(name)),
      ontext: (text) => handler.text?.(text),
    },
    { xmlMode: true },
  ).end(xml);
}

/**
 * The named entries of an OpenDocument package (ODS, ODT), refused when its manifest says the
 * package is encrypted: the parts themselves are then unreadable bytes.
 */
export function readOdfEntries(bytes: Uint8Array, wanted: (name: string) => boolean, limits: ZipLimits): Map<string, Uint8Array> {
  const manifest = readZipEntries(bytes, (name) => name === MANIFEST, limits).get(MANIFEST);
  let encrypted = false;
  if (manifest) walkXml(new TextDecoder().decode(manifest), { open: (name) => void (encrypted ||= name === 'encryption-data') });
  if (encrypted) throw new ScanError('encrypted', 'the OpenDocument file is protected by a password');
  return readZipEntries(bytes, wanted, limits);
}

export function odsBlocks(bytes: Uint8Array, limits: ZipLimits): TextBlock[] {
  const content = readOdfEntries(bytes, (name) => name === CONTENT, limits).get(CONTENT);
  if (!content) throw new ScanError('corrupt', 'the spreadsheet has no content.xml');
  try {
    const reader = new ContentReader();
    walkXml(new TextDecoder().decode(content), reader);
    return reader.sheets.flatMap((rows) => tableBlocks(rows, { boxRows: true }));
  } catch (err) {
    throw readingError(err, 'the spreadsheet');
  }
}

interface Sheet {
  name: string;
  hidden: boolean;
  rows: TableRow[];
  hiddenColumns: Map<number, string>;
  /** Columns declared so far, and rows read so far. */
  columns: number;
  rowCount: number;
}

/** A run of cells: its first column, how many columns it repeats over, its text and comments. */
interface CellRun {
  column: number;
  repeat: number;
  text: string;
  notes: string[];
}

interface Row {
  repeat: number;
  hidden: boolean;
  runs: CellRun[];
  columns: number;
}

interface Cell {
  repeat: number;
  /** The number a numeric cell holds, with all its digits (it may show fewer). */
  number: string | undefined;
  /** The text a cell states in an attribute, instead of in paragraphs. */
  stated: string | undefined;
  paragraphs: string[];
  notes: string[];
}

/** content.xml, element by element, into each sheet's rows. */
class ContentReader {
  readonly sheets: TableRow[][] = [];
  private readonly budget = new TableBudget();
  private readonly hiddenTableStyles = new Set<string>();
  private style: string | undefined;
  private sheet: Sheet | undefined;
  private row: Row | undefined;
  private cell: Cell | undefined;
  /** The paragraphs of the comment being read, in a cell. */
  private note: string[] | undefined;
  /** The paragraph being read (paragraphs nest: a note's body in a paragraph), and how deep. */
  private paragraph = '';
  private depth = 0;

  open(name: string, attrs: Record<string, string>): void {
    switch (name) {
      case 'style':
        this.style = attrs.family === 'table' ? attrs.name : undefined;
        break;
      case 'table-properties':
        if (this.style !== undefined && attrs.display === 'false') this.hiddenTableStyles.add(this.style);
        break;
      case 'table':
        this.sheet = { name: attrs.name ?? '', hidden: this.hiddenTableStyles.has(attrs['style-name'] ?? ''), rows: [], hiddenColumns: new Map(), columns: 0, rowCount: 0 };
        break;
      case 'table-column':
        if (this.sheet) this.declareColumns(this.sheet, repeatCount(attrs['number-columns-repeated']), isHidden(attrs.visibility));
        break;
      case 'table-row':
        this.row = { repeat: repeatCount(attrs['number-rows-repeated']), hidden: isHidden(attrs.visibility), runs: [], columns: 0 };
        break;
      case 'table-cell':
      case 'covered-table-cell':
        this.cell = {
          repeat: repeatCount(attrs['number-columns-repeated']),
          number: NUMERIC.has(attrs['value-type'] ?? '') ? attrs.value : undefined,
          stated: attrs['string-value'],
          paragraphs: [],
          notes: [],
        };
        break;
      case 'annotation':
        if (this.cell) this.note = [];
        break;
      case 'p':
      case 'h':
        if (this.depth++ === 0) this.paragraph = '';
        break;
      case 's':
        this.text(' '.repeat(Math.min(repeatCount(attrs.c), MAX_SPACES)));
        break;
      default:
        this.text(CHARACTERS.get(name) ?? '');
    }
  }

  close(name: string): void {
    switch (name) {
      case 'table':
        if (this.sheet) this.sheets.push(this.sheet.rows);
        this.sheet = undefined;
        break;
      case 'table-row':
        if (this.sheet && this.row) this.endRow(this.sheet, this.row);
        this.row = undefined;
        break;
      case 'table-cell':
      case 'covered-table-cell':
        if (this.row && this.cell) this.endCell(this.row, this.cell);
        this.cell = undefined;
        break;
      case 'annotation':
        if (this.cell && this.note) this.cell.notes.push(this.note.join('\n'));
        this.note = undefined;
        break;
      case 'p':
      case 'h':
        if (--this.depth === 0 && this.cell) (this.note ?? this.cell.paragraphs).push(this.paragraph);
        break;
    }
  }

  text(text: string): void {
    // A comment's author and date are beside its paragraphs, not in them.
    if (this.depth > 0) this.paragraph += text;
  }

  private declareColumns(sheet: Sheet, repeat: number, hidden: boolean): void {
    if (hidden) for (let c = sheet.columns; c < Math.min(sheet.columns + repeat, MAX_COLUMNS); c++) sheet.hiddenColumns.set(c, 'hidden-column');
    sheet.columns += repeat;
  }

  private endCell(row: Row, cell: Cell): void {
    const number = Number(cell.number);
    const text = cell.number !== undefined && Number.isFinite(number) ? numberText(number) : (cell.stated ?? cell.paragraphs.join('\n'));
    if (text.trim() !== '' || cell.notes.length > 0) row.runs.push({ column: row.columns, repeat: cell.repeat, text, notes: cell.notes });
    row.columns += cell.repeat;
  }

  /** The row's cells, once for each row it repeats over; an empty run of rows only moves on. */
  private endRow(sheet: Sheet, row: Row): void {
    const first = sheet.rowCount;
    sheet.rowCount += row.repeat;
    const filled = row.runs.filter((run) => run.text.trim() !== '');
    const notes = row.runs.flatMap((run) => run.notes);
    if (filled.length === 0 && notes.length === 0) return;
    const last = filled.at(-1);
    const width = last ? last.column + last.repeat : 0;
    // Counted before anything is held: a repeat count can be anything the file says.
    const text = filled.reduce((n, run) => n + run.text.length * run.repeat, characters(notes));
    this.budget.spend((width + notes.length) * row.repeat, text * row.repeat);
    const cells = new Array<string>(width).fill('');
    for (const run of filled) cells.fill(run.text, run.column, run.column + run.repeat);
    const hidden = sheet.hidden ? 'hidden-sheet' : row.hidden ? 'hidden-row' : undefined;
    const location: BlockLocation = hidden ? { sheet: sheet.name, hidden } : { sheet: sheet.name };
    for (let r = first + 1; r <= sheet.rowCount; r++) {
      sheet.rows.push({ cells, rowNumber: r, location, hiddenCells: sheet.hiddenColumns });
      // Comments sit on cells but are not shown until hovered: read them as their own cells.
      if (notes.length) sheet.rows.push({ cells: notes, rowNumber: r, location: { sheet: sheet.name, hidden: 'cell-comment' } });
    }
  }
}

// PDF through pdfjs: the text layer page by page, laid out as lines (items sorted by position,
// wide gaps as tabs so that tables keep their columns), and pages without a usable text layer
// handed to OCR as images.
import { getDocument, type PDFDocumentProxy, type PDFPageProxy } from 'pdfjs-dist/legacy/build/pdf.mjs';
import type { TextItem } from 'pdfjs-dist/types/src/display/api.js';
import { ScanError, readingError } from '../errors.ts';
import type { TextBlock } from '../types.ts';
import { isPositionCode } from '../detect/characters.ts';
import { normalizeThai } from '../thai.ts';
import { appendSourced, madeText, rewritten, type SourcedText } from './origins.ts';

export interface PdfPage {
  page: number;
  /** Text-layer lines, or undefined when the page has no usable text layer. */
  text: string | undefined;
}

export interface PdfOptions {
  maxPages: number;
}

/** Fewer visible characters than this on a page means a scan (maybe with a stray header). */
const MIN_TEXT_CHARS = 20;

export async function openPdf(bytes: Uint8Array): Promise<PDFDocumentProxy> {
  // pdfjs takes ownership of (and detaches) the buffer it is given: hand it a copy.
  const task = getDocument({ data: new Uint8Array(bytes), isEvalSupported: false, disableFontFace: true, useSystemFonts: false, verbosity: 0 });
  try {
    return await task.promise;
  } catch (err) {
    const name = (err as { name?: string }).name;
    if (name === 'PasswordException') throw new ScanError('encrypted', 'the PDF is protected by a password');
    throw readingError(err, 'the PDF');
  }
}

export async function pdfPages(doc: PDFDocumentProxy, options: PdfOptions): Promise<PdfPage[]> {
  if (doc.numPages > options.maxPages) {
    throw new ScanError('too_many_pages', `the PDF has ${doc.numPages} pages; the limit is ${options.maxPages}`);
  }
  const pages: PdfPage[] = [];
  try {
    for (let n = 1; n <= doc.numPages; n++) {
      const page = await doc.getPage(n);
      const text = await pageText(page);
      pages.push({ page: n, text: isTextLayer(text) ? text : undefined });
      page.cleanup();
    }
  } catch (err) {
    throw readingError(err, 'the PDF');
  }
  return pages;
}

export const pageBlocks = (pages: readonly PdfPage[]): TextBlock[] => pages.filter((p) => p.text !== undefined).map((p) => ({ text: p.text!, location: { page: p.page } }));

/** Whether a page's text is a usable text layer, not a scan with a stray header. */
export const isTextLayer = (text: string): boolean => text.replace(/\s/g, '').length >= MIN_TEXT_CHARS;

/** Text placed on a page: baseline at (x, y), y upwards as in PDF user space. */
export interface PlacedText {
  str: string;
  x: number;
  y: number;
  width: number;
  height: number;
  /** Unit vector of the baseline: (1, 0) for upright text. */
  direction: [number, number];
  /** Where each character of `str` came from; all MADE when absent. */
  origins?: number[];
}

const pageText = async (page: PDFPageProxy): Promise<string> => layoutPage(await pageItems(page)).text;

/** The page's text items as pdfjs places them. */
export async function pageItems(page: PDFPageProxy): Promise<PlacedText[]> {
  const content = await page.getTextContent();
  const items: PlacedText[] = [];
  for (const raw of content.items) {
    const item = raw as TextItem;
    if (!('str' in item) || item.str === '') continue;
    const [a, b, , d, x, y] = item.transform as number[];
    const scale = Math.hypot(a!, b!);
    items.push({ str: item.str, x: x!, y: y!, width: item.width, height: Math.abs(item.height || d || scale) || 10, direction: scale > 0 ? [a! / scale, b! / scale] : [1, 0] });
  }
  return items;
}

/** An item in its direction's frame: `along` the baseline, `up` across it (y for upright text). */
interface Placed {
  item: PlacedText;
  along: number;
  up: number;
  end: number;
  h: number;
  /** Internal gap of the letter-spaced run the item is in; undefined outside one. */
  spacing?: number;
  run?: number;
}

// Layout, in units of the text's height (its font size): gaps up to JOIN are touching items
// (Thai words come split into many); wider ones are a space, or a column break (tab) beyond what
// the items' own spacing explains by WORD_GAP (NUMBER_GAP between two numbers: more than three
// spaces is no grouping of one number but two cells).
const JOIN = 0.15;
const WORD_GAP = 1.5;
const NUMBER_GAP = 1;
/** Single characters at a constant gap (within RUN_TOLERANCE) up to RUN_GAP are one letter-spaced word or boxed number. */
const RUN_GAP = 2.5;
const RUN_TOLERANCE = 0.1;
const RUN_MIN = 3;
/** Lines whose baselines are closer than this share a row when their items sit side by side (a cell centred beside a wrapped one). */
const ROW_OVERLAP = 0.85;
/** Directions within this angle of a page axis (skewed scans) are read along that axis. */
const AXIS_TOLERANCE = 0.2;

/**
 * Placed text as lines, top to bottom in each text direction (upright text first): items whose
 * baselines are within half a line height share a line. The masker lays out the same items,
 * their digits paired with the glyphs that draw them, so that it reads what the scanner reads.
 */
export function layoutPage(items: readonly PlacedText[]): SourcedText {
  const frames = new Map<number, Placed[]>();
  for (const item of items) {
    if (item.str.trim() === '') continue; // pdfjs's made-up spaces: gaps are measured, not read
    const angle = Math.atan2(item.direction[1], item.direction[0]);
    const axis = Math.round(angle / (Math.PI / 2));
    const key = Math.abs(angle - axis * (Math.PI / 2)) < AXIS_TOLERANCE ? (((axis % 4) + 4) % 4) * 90 : Math.round((angle * 180) / Math.PI / 5) * 5 + 1000;
    const a = key < 1000 ? (key * Math.PI) / 180 : ((key - 1000) * Math.PI) / 180;
    const [ux, uy] = [Math.cos(a), Math.sin(a)];
    const along = item.x * ux + item.y * uy;
    const placed = { item, along, up: item.y * ux - item.x * uy, end: along + item.width, h: item.height };
    const frame = frames.get(key);
    if (frame) frame.push(placed);
    else frames.set(key, [placed]);
  }
  const lines = [...frames.entries()].sort(([p], [q]) => p - q).flatMap(([, placed]) => joinWrapped(columnBreaks(frameLines(placed).map(lineCells))));
  const out = { text: '', origins: [] as number[] };
  lines.forEach((line, i) => {
    if (i > 0) appendSourced(out, madeText('\n'));
    appendSourced(out, rowText(line));
  });
  return out;
}

/** A table cell (or a whole line of prose): its text and where it lies along the line. */
interface Cell {
  text: SourcedText;
  start: number;
  end: number;
}

/** A line as cells, with its baseline and height. */
interface CellLine {
  cells: Cell[];
  up: number;
  h: number;
}

/**
 * A line as lineCells reads it: its parts, and between each two a break: a column break, or
 * (soft) a wide gap between two numbers' digits that is a column only where the table has one.
 */
interface PartLine extends CellLine {
  /** breaks[i] lies between cells[i] and cells[i + 1]: undefined for a column break, else the spaces the gap reads as. */
  breaks: Array<number | undefined>;
  /** Whether the soft break is as wide as the next or the last one, a short group between: a number's grouping. */
  repeated: boolean[];
}

/** A gap between digits up to this (in heights) may be a number's grouping: five spaces of a wide font, a space and an em space beside it. */
const GROUP_GAP = 1.8;
/** Up to this when the number's next gap is as wide (within GAP_TOLERANCE, as drawn): a grouping repeats, a column seldom does (a letter-spaced number's gap holds its spacing more than once). */
const REPEATED_GAP = 3.2;
const GAP_TOLERANCE = 0.2;
/** The advance of a space, in heights (0.25–0.35 em in text fonts): a gap read as spaces is this many, up to MAX_SPACES. */
const SPACE_ADVANCE = 0.3;
const MAX_SPACES = 6;
/** Lines on each side that can show a column, and how far (baseline to baseline, in heights) they may lie. */
const COLUMN_LINES = 2;
const COLUMN_REACH = 5;
/** A part starting (or ending) within this of a cell's start (or end) on a line near it is in that cell's column. */
const ALIGN_TOLERANCE = 0.1;

/**
 * The lines' soft breaks resolved: a wide gap between digits is a column (a tab) where a line
 * near it has a column break there, a cell starting where the part after the gap starts or
 * ending where the part before it ends (a table's columns line up over its rows; a number's
 * groups line up with no column); else it is the number's own gap, read as spaces (as many as
 * it is wide), so that a number written with wide gaps in prose or in a cell reads whole. Soft
 * breaks found to be columns count in turn, so that a column known on one row (a header, a row
 * with a name beside its numbers) carries over the rows of a table of numbers only. Soft breaks
 * alone make a column only where the lines on both sides of it (two lines at least) have one
 * there too, and not when the gap repeats the one beside it (a column of numbers drawn with the
 * same gaps lines up row by row): numbers' groups on a near line can line up by chance, seldom
 * on both.
 */
function columnBreaks(lines: PartLine[]): CellLine[] {
  const columns = lines.map((line) => line.breaks.map((b) => b === undefined));
  const neighbours = lines.map((line, i) => {
    const near: number[] = [];
    for (const step of [-1, 1]) {
      for (let j = i + step, from = line; j >= 0 && j < lines.length && Math.abs(j - i) <= COLUMN_LINES; j += step) {
        if (Math.abs(lines[j]!.up - from.up) > COLUMN_REACH * Math.max(from.h, lines[j]!.h)) break;
        near.push(j);
        from = lines[j]!;
      }
    }
    return near;
  });
  // Whether line j has a column break (or any break, when not `known`) before its cell starting at `start`, or after its cell ending at `end`.
  const shows = (j: number, start: number, end: number, tolerance: number, known = true) =>
    lines[j]!.cells.some(
      (c, k) =>
        (k > 0 && (columns[j]![k - 1] || !known) && Math.abs(c.start - start) <= tolerance) || (k < lines[j]!.cells.length - 1 && (columns[j]![k] || !known) && Math.abs(c.end - end) <= tolerance),
    );
  // A table of numbers only: a break that every line beside it has too, and at least two lines near.
  const everywhere = (i: number, start: number, end: number, tolerance: number) => {
    const showing = neighbours[i]!.filter((j) => shows(j, start, end, tolerance, false));
    return showing.length >= 2 && neighbours[i]!.every((j) => Math.abs(j - i) > 1 || showing.includes(j));
  };
  for (let changed = true; changed; ) {
    changed = false;
    lines.forEach((line, i) => {
      line.breaks.forEach((_, k) => {
        if (columns[i]![k]) return;
        const tolerance = ALIGN_TOLERANCE * line.h;
        const [start, end] = [line.cells[k + 1]!.start, line.cells[k]!.end];
        if (neighbours[i]!.some((j) => shows(j, start, end, tolerance)) || (!line.repeated[k] && everywhere(i, start, end, tolerance))) {
          columns[i]![k] = true;
          changed = true;
        }
      });
    });
  }
  return lines.map((line, i) => {
    const cells: Cell[] = [];
    line.cells.forEach((cell, k) => {
      if (k === 0 || columns[i]![k - 1]) {
        cells.push({ ...cell });
        return;
      }
      const last = cells.at(-1)!;
      const text = { text: '', origins: [] as number[] };
      appendSourced(text, last.text);
      appendSourced(text, madeText(' '.repeat(line.breaks[k - 1]!)));
      appendSourced(text, cell.text);
      cells[cells.length - 1] = { text, start: last.start, end: Math.max(last.end, cell.end) };
    });
    return { cells, up: line.up, h: line.h };
  });
}

/** Lines closer than this (baseline to baseline, in heights) can be one row's wrapped lines. */
const WRAP_PITCH = 2;

/**
 * Table rows with their wrapped cells made whole. A line that has cells only under some of the
 * columns of the row just above it (not under its first column), each under one of the row's
 * cells, holds what those cells wrapped onto their next line: it is appended to them, so that
 * a number wrapped in its cell reads whole, in its column, on its row's line. A line of such
 * cells just above a row (cells aligned to the bottom) goes before them when it is closer to
 * that row than to the one above it.
 */
function joinWrapped(lines: CellLine[]): CellLine[] {
  const pitch = (a: CellLine, b: CellLine) => Math.abs(a.up - b.up) / Math.max(a.h, b.h);
  const columnsOf = (row: CellLine, part: CellLine): number[] | undefined => {
    if (row.cells.length < 2 || part.cells.length >= row.cells.length) return undefined;
    const columns = part.cells.map((c) => {
      const under = row.cells.flatMap((r, j) => (c.start < r.end && r.start < c.end ? [j] : []));
      return under.length === 1 ? under[0]! : -1;
    });
    const distinct = columns.every((j, k) => j > 0 && (k === 0 || j > columns[k - 1]!));
    return distinct ? columns : undefined;
  };
  const merge = (row: CellLine, part: CellLine, columns: number[], after: boolean): CellLine => {
    const cells = row.cells.map((c) => ({ ...c }));
    columns.forEach((j, k) => {
      const [first, second] = after ? [cells[j]!.text, part.cells[k]!.text] : [part.cells[k]!.text, cells[j]!.text];
      const joined = { text: '', origins: [] as number[] };
      appendSourced(joined, first);
      appendSourced(joined, madeText(wrapJoin(first.text, second.text)));
      appendSourced(joined, second);
      cells[j] = { text: joined, start: Math.min(cells[j]!.start, part.cells[k]!.start), end: Math.max(cells[j]!.end, part.cells[k]!.end) };
    });
    // The row's baseline stays its own: a further wrapped line is measured from the last one.
    return { cells, up: after ? part.up : row.up, h: row.h };
  };
  const out: CellLine[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const above = out.at(-1);
    const below = lines[i + 1];
    const up = above && pitch(above, line) <= WRAP_PITCH ? columnsOf(above, line) : undefined;
    const down = below && pitch(line, below) <= WRAP_PITCH ? columnsOf(below, line) : undefined;
    if (up && (!down || pitch(above!, line) <= pitch(line, below!))) out[out.length - 1] = merge(above!, line, up, true);
    else if (down) {
      lines[i + 1] = { ...merge(below!, line, down, false), up: below!.up };
    } else out.push(line);
  }
  return out;
}

/**
 * What joins the two lines of a wrapped cell: nothing after a dash or a dot (the writer's group
 * separator, where the line was broken) or between Thai letters (no spaces between words), else
 * the space the wrap took.
 */
function wrapJoin(first: string, second: string): string {
  const a = first.at(-1) ?? '';
  const b = second[0] ?? '';
  if (/[-\u2010-\u2014\u2212\uFE63\uFF0D.\u00B7\u2027\u2219\u22C5/]/.test(a)) return '';
  if (/[\u0E00-\u0E7F]/.test(a) && /[\u0E00-\u0E7F]/.test(b) && !/[\u0E50-\u0E59]/.test(a + b)) return '';
  return ' ';
}

const rowText = (line: CellLine): SourcedText => {
  const out = { text: '', origins: [] as number[] };
  line.cells.forEach((c, i) => {
    if (i > 0) appendSourced(out, madeText('\t'));
    appendSourced(out, c.text);
  });
  return rewritten(out, normalizeThai(out.text.replace(/[ \t]*\t[ \t]*/g, '\t')));
};

/** One direction's items as lines, top to bottom. */
function frameLines(placed: Placed[]): Placed[][] {
  placed.sort((p, q) => q.up - p.up || p.along - q.along);
  const lines: Placed[][] = [];
  for (const p of placed) {
    const line = lines.at(-1);
    if (line && line[0]!.up - p.up <= line[0]!.h * 0.5) line.push(p);
    else lines.push([p]);
  }
  // A table row whose cells are centred beside a wrapped cell has its short cells half a line
  // down: they join the row's first line, so that the wrapped cell's next line follows it.
  const rows: Placed[][] = [];
  for (const line of lines) {
    const row = rows.at(-1);
    const sideBySide = row && row[0]!.up - line[0]!.up < ROW_OVERLAP * Math.max(row[0]!.h, line[0]!.h) && !line.some((p) => row.some((q) => p.along < q.end && q.along < p.end));
    if (sideBySide) for (const p of line) row.push(p);
    else rows.push(line);
  }
  return rows;
}

/** One character with its marks (Thai sara am included): what a letter-spaced item holds. */
const SINGLE = /^\S[\p{M}\u0E33]*$/u;
const isLetter = (ch: string | undefined): boolean => ch !== undefined && /[\p{L}\p{M}]/u.test(ch);

/**
 * Joins a line's items by the gaps between them: touching items directly, small gaps as a space,
 * column-wide gaps as a tab, so that a table row reads as cells. Single characters at a constant
 * gap are one letter-spaced word (letters joined) or number (one space between digits, as in
 * boxes), and only a gap clearly wider than their own spacing ends them. The line comes back
 * as its cells (what the tabs would separate), for rowText to join.
 */
function lineCells(line: Placed[]): PartLine {
  line.sort((p, q) => p.along - q.along);
  markRuns(line);
  for (const p of line) p.spacing ??= trackedSpacing(p);
  const cells: Cell[] = [];
  // Each break's gap beyond the spacing and height, when it lies between digits.
  const gaps: Array<{ gap: number; raw: number; h: number } | undefined> = [];
  let out = { text: '', origins: [] as number[] };
  let end = -Infinity;
  let start = line[0]?.along ?? 0;
  let last: Placed | undefined;
  const close = () => void cells.push({ text: out, start, end });
  for (const p of line) {
    const gap = p.along - end;
    const h = Math.max(p.h, last?.h ?? 0);
    const before = out.text.at(-1);
    if (last && p.run !== undefined && p.run === last.run) {
      if (!(isLetter(before) && isLetter(p.item.str[0]))) appendSourced(out, madeText(' '));
    } else if (last && gap > h * JOIN) {
      const numbers = isPositionCode(out.text.charCodeAt(out.text.length - 1)) && isPositionCode(p.item.str.charCodeAt(0));
      const expected = Math.max(last.spacing ?? 0, p.spacing ?? 0);
      if (gap > expected + h * (numbers ? NUMBER_GAP : WORD_GAP) && !(numbers && spacedWordGap(last, p, gap))) {
        gaps.push(numbers ? { gap: gap - expected, raw: gap, h } : undefined);
        close();
        out = { text: '', origins: [] };
        start = p.along;
      } else appendSourced(out, madeText(' '));
    }
    appendSourced(out, untracked(p.item));
    end = Math.max(end, p.end);
    last = p;
  }
  if (line.length > 0) close();
  // A gap between digits can be a number's own: one no wider than a grouping, or one as wide as
  // the number's next gap with a short group of digits between them.
  const group = (c: Cell | undefined) => c !== undefined && /^\S(?: ?\S){0,7}$/u.test(c.text.text);
  const repeated = gaps.map((g, k) => {
    // Drawn gaps compared: a group of one in a letter-spaced number has no spacing of its own to take off.
    const like = (o: { raw: number } | undefined) => g !== undefined && o !== undefined && Math.abs(o.raw - g.raw) <= GAP_TOLERANCE * g.h;
    return g !== undefined && g.gap <= REPEATED_GAP * g.h && ((like(gaps[k - 1]) && group(cells[k])) || (like(gaps[k + 1]) && group(cells[k + 1])));
  });
  const breaks = gaps.map((g, k) => {
    if (!g || (g.gap > GROUP_GAP * g.h && !repeated[k])) return undefined;
    return Math.min(MAX_SPACES, Math.max(1, Math.round(g.gap / (SPACE_ADVANCE * g.h))));
  });
  return { cells, breaks, repeated, up: line[0]?.up ?? 0, h: line.reduce((h, p) => Math.max(h, p.h), 0) };
}

/** The widest space character, in heights (fonts draw a space 0.2–0.35 em, a digit about 0.55). */
const SPACE_WIDTH = 0.6;

/**
 * Whether a gap between two letter-spaced parts of a number at one spacing is the space between
 * its groups drawn at that spacing (the spacing, a space, the spacing again), not a column: a
 * single character (a group of one) takes the spacing of its neighbour.
 */
function spacedWordGap(last: Placed, p: Placed, gap: number): boolean {
  const [a, b] = [last.spacing, p.spacing];
  if (a === undefined && b === undefined) return false;
  // The side without a spacing of its own ends (or starts) with a single character: a group of one, or the last of an item pdfjs began with a label.
  const single = a === undefined ? /(?:^|\s)\S\p{M}*$/u.test(last.item.str) : /^\S\p{M}*(?:\s|$)/u.test(p.item.str);
  const similar = a !== undefined && b !== undefined ? Math.abs(a - b) <= RUN_TOLERANCE * Math.max(last.h, p.h) : single;
  return similar && gap <= 2 * Math.max(a ?? 0, b ?? 0) + SPACE_WIDTH * Math.max(last.h, p.h);
}

/** An item pdfjs wrote from letter-spaced characters: single characters, a space between each. */
const TRACKED_ITEM = /^\S\p{M}*(?: \S\p{M}*)+$/u;
/** About the advance of a digit or a capital (0.5–0.7 em in text fonts), in units of the height. */
const GLYPH_WIDTH = 0.55;

/**
 * The spacing inside an item that pdfjs wrote from letter-spaced characters (it puts a space in
 * for a gap between about 0.1 and 0.6 em, and starts a new item beyond): what its width leaves
 * beside its glyphs. The gap after such an item is measured against it, as after a run.
 */
function trackedSpacing(p: Placed): number | undefined {
  if (!TRACKED_ITEM.test(p.item.str)) return undefined;
  const n = p.item.str.split(' ').length;
  return Math.max(0, (p.item.width - n * GLYPH_WIDTH * p.h) / (n - 1));
}

/**
 * Marks the line's letter-spaced runs: at least RUN_MIN single characters at a constant pitch or
 * gap; then shorter ones at the spacing of a run on the line (boxes grouped 1-4-5-2-1).
 */
function markRuns(line: Placed[]): void {
  // Character spacing follows every character, zero-width marks too: the gap per character.
  const gapAt = (i: number) => (line[i]!.along - line[i - 1]!.end) / [...line[i - 1]!.item.str].length;
  const pitchAt = (i: number) => line[i]!.along - line[i - 1]!.along;
  const spacings: Array<{ gap: number; pitch: number }> = [];
  const mark = (min: number, known: boolean) => {
    for (let from = 0; from < line.length; ) {
      let to = from + 1;
      if (line[from]!.run === undefined && SINGLE.test(line[from]!.item.str) && to < line.length) {
        const h = line[from]!.h;
        const first = { gap: gapAt(to), pitch: pitchAt(to) };
        const like = (s: { gap: number; pitch: number }, i: number) => {
          const tolerance = RUN_TOLERANCE * Math.max(h, line[i]!.h);
          return Math.abs(gapAt(i) - s.gap) <= tolerance || Math.abs(pitchAt(i) - s.pitch) <= tolerance;
        };
        const spacing = known ? spacings.find((s) => like(s, to)) : first;
        if (spacing && first.gap > h * JOIN && first.gap <= h * RUN_GAP) {
          while (to < line.length && line[to]!.run === undefined && SINGLE.test(line[to]!.item.str) && like(spacing, to)) to++;
        }
        if (to - from >= min) {
          const gap = line.slice(from + 1, to).reduce((widest, p, k) => Math.max(widest, p.along - line[from + k]!.end), -Infinity);
          for (let i = from; i < to; i++) Object.assign(line[i]!, { run: from, spacing: gap });
          if (!known) spacings.push(first);
        } else to = from + 1;
      }
      from = to;
    }
  };
  mark(RUN_MIN, false);
  if (spacings.length > 0) mark(2, true);
}

/**
 * An item's text without the spaces pdfjs puts between letters it finds tracked apart (character
 * spacing): a letter-spaced word. Spaces next to digits stay, so the number reads as boxes.
 */
function untracked(item: PlacedText): SourcedText {
  const text: SourcedText = item.origins ? { text: item.str, origins: item.origins } : madeText(item.str);
  if (!/^\S\p{M}*(?: \S\p{M}*){2,}$/u.test(item.str)) return text;
  return rewritten(text, item.str.replace(/(\p{L}\p{M}*) (?=\p{L})/gu, '$1'));
}

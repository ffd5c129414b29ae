// From the words an OCR engine found on a page to lines of text as a reader sees them: rows across
// the whole page (a table row stays one line, so a number keeps its name and column beside it),
// and within each row the spans that hold numbers, which the number model reads again.
import { isPositionCode, positionChar, positionsIn } from '../detect/characters.ts';
import { ID_LENGTH, isIdGrouping } from '../detect/detect.ts';
import { isValidNationalId } from '../detect/national-id.ts';
import type { ColumnHeader, TextRange } from '../types.ts';

export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

export interface OcrSymbol {
  text: string;
  bbox: Box;
}

export interface OcrWord {
  text: string;
  bbox: Box;
  symbols: OcrSymbol[];
  /** 0..100 */
  confidence: number;
}

const height = (b: Box): number => b.y1 - b.y0;
const verticalOverlap = (a: Box, b: Box): number => Math.min(a.y1, b.y1) - Math.max(a.y0, b.y0);
const union = (boxes: readonly Box[]): Box => ({
  x0: Math.min(...boxes.map((b) => b.x0)),
  y0: Math.min(...boxes.map((b) => b.y0)),
  x1: Math.max(...boxes.map((b) => b.x1)),
  y1: Math.max(...boxes.map((b) => b.y1)),
});

/**
 * How much of the smaller height a word must share with a row's last word to join its row. Less
 * than half: the engine's box for a word with a tone mark (ช้) may sit half its height above the
 * line, and such a word on a row of its own made a second, false row over the first.
 */
const ROW_OVERLAP = 0.4;

/**
 * Words grouped into rows, top to bottom, each left to right. A word joins the row whose last
 * word it overlaps most in height (by ROW_OVERLAP of the smaller height), so a row may drift
 * across a slightly skewed page; a word that overlaps none starts a row.
 */
export function pageRows(words: readonly OcrWord[]): OcrWord[][] {
  const rows: OcrWord[][] = [];
  for (const word of [...words].sort((a, b) => a.bbox.x0 - b.bbox.x0)) {
    let best: OcrWord[] | undefined;
    let bestOverlap = 0;
    for (const row of rows) {
      const last = row.at(-1)!;
      const overlap = verticalOverlap(last.bbox, word.bbox);
      const smaller = Math.min(height(last.bbox), height(word.bbox));
      // A word that starts under the row's last word is on another line, unless the two lie level:
      // the engine's boxes for one line may overlap (a box that took in the next word).
      if (last.bbox.x1 > word.bbox.x0 + height(word.bbox) && overlap < 0.8 * smaller) continue;
      if (overlap >= ROW_OVERLAP * smaller && overlap > bestOverlap) {
        best = row;
        bestOverlap = overlap;
      }
    }
    if (best) best.push(word);
    else rows.push([word]);
  }
  const middle = (row: OcrWord[]): number => row.reduce((sum, w) => sum + (w.bbox.y0 + w.bbox.y1) / 2, 0) / row.length;
  return rows.sort((a, b) => middle(a) - middle(b));
}

/** A part of a row: text the page engine read, or a span that holds a number. */
export interface RowPiece {
  text: string;
  bbox: Box;
  number: boolean;
  /** Touches the piece before it (Thai words are not spaced, and OCR words may be single letters). */
  glued: boolean;
  /** Per UTF-16 unit of text: where the character is drawn (undefined for a space). */
  boxes: Array<Box | undefined>;
  /** A number span that looks like an identifier but was not read with confidence (isUnreadable). */
  unreadable?: boolean;
  /** A number span read alike by every cut, each character sure (Reading.sure). */
  sure?: boolean;
}

const DIGIT = /[0-9\u0E50-\u0E59]/;
const MARKS = /[\u0E31\u0E34-\u0E3A\u0E47-\u0E4E]/gu;
/** Masks, separators, and the signs OCR reads mask bullets and box borders as. */
const NUMBER_SIGN = /^[Xx*●•#×\-–./,:()|[\]!@®©%]+$/u;
/**
 * What Thai OCR reads misshapen digits as: Thai letters (๙ as ส, ๗ as ต or ๆ, ๐ as อ, ๑ as ฒ,
 * ๗ as ญ, ๓ as ฆ) and Latin ones (๐ as o or O, ๑ as l).
 */
const DIGIT_LOOKALIKE = /^[สตอๆฒญฆoOlIe]+$/u;

type SymbolKind = 'digit' | 'sign' | 'lookalike' | 'letter';

function kindOf(symbol: OcrSymbol): SymbolKind | undefined {
  const text = symbol.text.replace(MARKS, '');
  if (text === '') return undefined;
  if (DIGIT.test(text)) return 'digit';
  if (NUMBER_SIGN.test(text)) return 'sign';
  return DIGIT_LOOKALIKE.test(text) ? 'lookalike' : 'letter';
}

/** Where two boxes of a row are apart (a table rule between them): their text is never joined. */
export type Separated = (left: Box, right: Box) => boolean;

/**
 * A row split into pieces of text and number spans. Symbols closer than a quarter of the line's
 * height make one token, as print spaces words wider (Thai OCR words may be single letters). A
 * token is a number when it holds a digit and digits, number signs and digit look-alikes make at
 * least half of it, once Thai words at its ends are set apart (ศักดิ์๓๒๑๐). Neighbouring number
 * tokens (the groups of an ID), and tokens of look-alikes and signs beside them (a digit misread
 * as a letter), join into one span unless a table rule stands between them.
 */
export function rowPieces(row: readonly OcrWord[], separated: Separated = () => false): RowPiece[] {
  const lineHeight = median(row.map((w) => height(w.bbox)));
  const symbols = row.flatMap((w) => (w.symbols.length > 0 ? w.symbols.map((s) => ({ text: s.text, bbox: { ...s.bbox, y0: w.bbox.y0, y1: w.bbox.y1 } })) : [{ text: w.text, bbox: w.bbox }]));
  const tokens: OcrSymbol[][] = [];
  for (const symbol of symbols) {
    const token = tokens.at(-1);
    if (token && symbol.bbox.x0 - token.at(-1)!.bbox.x1 < lineHeight * 0.25) token.push(symbol);
    else tokens.push([symbol]);
  }
  const parts = tokens.flatMap(tokenPieces);
  const near = (a: Piece, b: Piece): boolean => b.bbox.x0 - a.bbox.x1 < lineHeight * 1.2 && !separated(a.bbox, b.bbox);
  // Look-alike tokens beside a number, on either side, are part of it.
  for (let changed = true; changed; ) {
    changed = false;
    parts.forEach((part, i) => {
      if (part.number || !part.numberish) return;
      const left = parts[i - 1];
      const right = parts[i + 1];
      if ((left?.number && near(left, part)) || (right?.number && near(part, right))) changed = part.number = true;
    });
  }
  const pieces: Piece[] = [];
  for (const part of parts) {
    const previous = pieces.at(-1);
    if (previous?.number && part.number && (part.glued || near(previous, part))) {
      previous.text += part.glued ? part.text : ` ${part.text}`;
      previous.boxes = [...previous.boxes, ...(part.glued ? [] : [undefined]), ...part.boxes];
      previous.bbox = union([previous.bbox, part.bbox]);
      previous.band = [...previous.band, ...part.band];
    } else pieces.push(part);
  }
  // A number is cut out at the height most of its symbols have: an OCR word box may take in a
  // second line.
  return pieces.map(({ text, bbox, number, glued, band, boxes }) => ({
    text,
    number,
    glued,
    boxes,
    bbox: number ? { ...bbox, y0: median(band.map((b) => b.y0)), y1: median(band.map((b) => b.y1)) } : bbox,
  }));
}

/** A piece while a row is split: whether it could be part of a number, and its symbols' boxes. */
interface Piece extends RowPiece {
  numberish: boolean;
  band: Box[];
}

/** A token as one piece, or its Thai words and the number between them. */
function tokenPieces(token: OcrSymbol[]): Piece[] {
  const kinds = token.map(kindOf);
  const piece = (from: number, to: number, number: boolean, glued: boolean): Piece => {
    const symbols = token.slice(from, to);
    const counted = kinds.slice(from, to).filter((k) => k !== undefined);
    return {
      text: symbols.map((s) => s.text).join(''),
      bbox: union(symbols.map((s) => s.bbox)),
      number,
      glued,
      // Marks alone (a vowel or tone mark with no letter to sit on) are a dot or a speck the page
      // engine took for one: beside a number, part of it.
      numberish: counted.every((k) => k === 'sign' || k === 'lookalike'),
      band: symbols.map((s) => s.bbox),
      boxes: symbols.flatMap((s) => shareBox(s.text, s.bbox)),
    };
  };
  const firstDigit = kinds.indexOf('digit');
  if (firstDigit < 0) return [piece(0, token.length, false, false)];
  // A word at an end: the symbols before the first digit (after the last), if two or more are
  // letters that are not digit look-alikes.
  const lastDigit = kinds.lastIndexOf('digit');
  const letters = (from: number, to: number) => kinds.slice(from, to).filter((k) => k === 'letter').length;
  const start = letters(0, firstDigit) >= 2 ? firstDigit : 0;
  const end = letters(lastDigit + 1, token.length) >= 2 ? lastDigit + 1 : token.length;
  const counted = kinds.slice(start, end).filter((k) => k !== undefined);
  const number = counted.filter((k) => k !== 'letter').length * 2 >= counted.length;
  const spans: Array<[number, number, boolean]> = [
    [0, start, false],
    [start, end, number],
    [end, token.length, false],
  ];
  return spans.filter(([from, to]) => to > from).map(([from, to, isNumber], i) => piece(from, to, isNumber, i > 0));
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

/**
 * The row as a line of text, with the readings of its number spans in their places, where each
 * character is drawn, and where the spans that could not be read, and those read surely, are in the text.
 */
export function rowLine(pieces: readonly RowPiece[]): { text: string; boxes: Array<Box | undefined>; unreadable: TextRange[]; sure: TextRange[] } {
  const spaced = (p: RowPiece, i: number): boolean => i > 0 && !p.glued;
  let text = '';
  const [unreadable, sure]: TextRange[][] = [[], []];
  pieces.forEach((p, i) => {
    if (spaced(p, i)) text += ' ';
    const range = { start: text.length, end: text.length + p.text.length };
    if (p.unreadable) unreadable.push(range);
    if (p.sure) sure.push(range);
    text += p.text;
  });
  return { text, boxes: pieces.flatMap((p, i) => [...(spaced(p, i) ? [undefined] : []), ...p.boxes]), unreadable, sure };
}

/** The fewest positions of an identifier (a landline's 9 digits): shorter numbers are dates, amounts, house numbers. */
const MIN_IDENTIFIER_POSITIONS = 9;
/** Below this confidence (0..100) in its least certain character, a reading is a guess. */
export const MIN_READING_CONFIDENCE = 60;

/**
 * Whether a number span that looks like an identifier could not be read: the model read (almost)
 * nothing where there is a run of glyphs as long as an identifier; or it read as many positions
 * as one has but was unsure of a character; or it read a number grouped as IDs are (four or more
 * groups joined by dashes or dots) that is not one: too few or too many digits, or a check digit
 * that fails. Glyph counts are rough (a Thai digit's loops may come apart in a faint scan), so
 * they only tell a span read as nothing from one read as something.
 */
export function isUnreadable(reading: { text: string; confidence: number }, glyphs: number): boolean {
  const held = positionsIn(reading.text);
  if (held < 4) return glyphs >= MIN_IDENTIFIER_POSITIONS;
  if (reading.confidence < MIN_READING_CONFIDENCE) return held >= MIN_IDENTIFIER_POSITIONS;
  return [
    ...[...reading.text]
      .map((ch) => (isPositionCode(ch.charCodeAt(0)) ? positionChar(ch) : ch))
      .join('')
      .matchAll(ID_LIKE),
  ].some(([run]) => {
    const digits = run.replace(/[^0-9X]/gu, '');
    return digits.length !== 13 || (/^\d{13}$/u.test(digits) && !isValidNationalId(digits));
  });
}

/** Four or more groups of digits or masks joined by dashes or dots: written as an ID is. */
const ID_LIKE = /[0-9X]+(?:[-\u2013.][0-9X]+){3,}/gu;

/** Lengths identifiers have, in positions: landline, mobile, laser code digits and letters, national ID. */
const IDENTIFIER_POSITIONS = new Set([9, 10, 12, 13]);
/**
 * The most space between a number's line and its continuation's, in heights of its digits: Thai
 * lines are set for tall vowels and tone marks, so the next line's digits begin some 1.5 to 2
 * digit heights below the last line's.
 */
const WRAP_GAP = 2.5;
/** Only positions and the spaces, dashes and dots between them: part of a number, not a label read with a digit in it ("Tel." as "TQ1."). */
const onlyNumber = (text: string): boolean => positionsIn(text) === text.replace(/[\s\-\u2013.]/gu, '').length;
const ENDS_SEPARATED = /[-\u2013.]$/u;
const STARTS_SEPARATED = /^[-\u2013.]/u;

/**
 * Numbers wrapped onto the next line joined into one, as a reader reads them: a cell's number
 * that goes on under itself in a narrow column, or a sentence's number cut at the end of a line
 * and going on at the start of the next. A span and its continuation are joined when the break
 * falls at a separator or together (and not apart) they hold as many positions as an identifier.
 * Rows are top to bottom; the continuation leaves its row.
 */
export function joinContinuedNumbers(rows: RowPiece[][]): void {
  for (let r = 0; r + 1 < rows.length; r++) {
    const [row, next] = [rows[r]!, rows[r + 1]!];
    for (const [i, piece] of row.entries()) {
      if (!piece.number) continue;
      const h = height(piece.bbox);
      const below = next.findIndex(
        (q, j) =>
          q.number &&
          q.bbox.y0 - piece.bbox.y1 < WRAP_GAP * h &&
          q.bbox.y0 > piece.bbox.y0 + 0.5 * h &&
          ((q.bbox.x0 < piece.bbox.x1 && q.bbox.x1 > piece.bbox.x0 - h && q.bbox.x0 > piece.bbox.x0 - 2 * h) || (i === row.length - 1 && j === 0)),
      );
      const continuation = next[below];
      if (!continuation || !continues(piece.text, continuation.text)) continue;
      // The break kept as a line break: the detector reads the groups on either side of it as written.
      piece.text += `\n${continuation.text}`;
      piece.boxes = [...piece.boxes, undefined, ...continuation.boxes];
      piece.bbox = union([piece.bbox, continuation.bbox]);
      piece.unreadable = piece.unreadable || continuation.unreadable;
      piece.sure = piece.sure && continuation.sure;
      next.splice(below, 1);
    }
  }
}

function continues(first: string, second: string): boolean {
  if (!onlyNumber(first) || !onlyNumber(second)) return false;
  const [a, b] = [positionsIn(first), positionsIn(second)];
  if (ENDS_SEPARATED.test(first.trim()) || STARTS_SEPARATED.test(second.trim())) return a + b <= ID_LENGTH;
  return IDENTIFIER_POSITIONS.has(a + b) && !IDENTIFIER_POSITIONS.has(a) && !IDENTIFIER_POSITIONS.has(b);
}

/** How wide a character is drawn, against a digit's width: separators are narrower, marks above and below take none. */
function characterWidth(ch: string): number {
  if (ch.replace(MARKS, '') === '') return 0;
  if (/[.,:]/.test(ch)) return 0.4;
  return /[\s\-–/|()]/.test(ch) ? 0.6 : 1;
}

/**
 * A box shared out among the characters drawn in it, left to right, each as wide as it is
 * usually drawn (a space's share is the gap; it gets no box): where an engine gives only the
 * box of several characters.
 */
export function shareBox(text: string, box: Box): Array<Box | undefined> {
  const widths = text.split('').map(characterWidth);
  const scale = (box.x1 - box.x0) / (widths.reduce((a, b) => a + b, 0) || 1);
  let x = box.x0;
  return text.split('').map((ch, i) => {
    const x0 = x;
    x += widths[i]! * scale;
    return /\s/.test(ch) ? undefined : { ...box, x0, x1: x };
  });
}

/**
 * Where the characters of a number span's reading are drawn (the number model reads a cut-out
 * span whole, without positions), from the glyphs found in its ink, segmented in one or more ways
 * (see glyphBoxes): paired in order with the characters that are not spaces, by the first
 * segmentation that has as many; else group by group, the reading's groups (between spaces)
 * against the glyphs' clusters (between wide gaps), where there are as many of those; else the
 * ink box shared out among the characters.
 */
export function readingBoxes(reading: string, segmentations: ReadonlyArray<readonly Box[]>, ink: Box): Array<Box | undefined> {
  // As segmented, then with run-together glyphs split and slivers (a rule's, a speck's) dropped.
  for (const glyphs of [...segmentations, ...segmentations.map(repaired)]) {
    const paired = pairGlyphs(reading, glyphs);
    if (paired && plausible(reading, paired)) return paired;
  }
  const parts = reading.match(/\s+|\S+/g) ?? [];
  const groups = parts.filter((p) => /\S/.test(p));
  const clusters = segmentations.map((glyphs) => glyphClusters(glyphs, (ink.y1 - ink.y0) * SPACE_GAP)).find((c) => c.length === groups.length);
  if (groups.length < 2 || !clusters) return shareBox(reading, ink);
  let next = 0;
  return parts.flatMap((part) => {
    if (/\s/.test(part)) return Array.from(part, () => undefined);
    const cluster = clusters[next++]!;
    return pairGlyphs(part, cluster) ?? shareBox(part, union(cluster));
  });
}

/** Digits and mask signs, about as wide as each other in any font. */
const DIGIT_WIDE = /[0-9\u0E50-\u0E59Xx*●•#]/u;
/** How far a digit's glyph may be from the median digit width, as a share of it. */
const [NARROWEST, WIDEST] = [0.4, 1.6];

/** Whether glyphs paired with a reading are digit-sized where it has digits (not two run together, not a sliver). */
function plausible(reading: string, boxes: ReadonlyArray<Box | undefined>): boolean {
  const widths = reading.split('').flatMap((ch, i) => (DIGIT_WIDE.test(ch) && boxes[i] ? [boxes[i].x1 - boxes[i].x0] : []));
  const typical = median(widths);
  return widths.every((w) => w >= NARROWEST * typical && w <= WIDEST * typical);
}

/** Glyphs run together split into as many as their width holds, and slivers dropped, by the median glyph width. */
function repaired(glyphs: readonly Box[]): Box[] {
  const typical = median(glyphs.map((g) => g.x1 - g.x0));
  return glyphs.flatMap((g) => {
    const width = g.x1 - g.x0;
    if (width < 0.3 * typical) return [];
    const n = width > WIDEST * typical ? Math.round(width / typical) : 1;
    return Array.from({ length: n }, (_, i) => ({ ...g, x0: g.x0 + (width * i) / n, x1: g.x0 + (width * (i + 1)) / n }));
  });
}

/** A gap between glyphs wider than this share of the line's height is a space. */
const SPACE_GAP = 0.4;

/** The glyphs paired in order with the characters that are not spaces, if there are as many. */
function pairGlyphs(reading: string, glyphs: readonly Box[]): Array<Box | undefined> | undefined {
  if (glyphs.length === 0 || reading.replace(/\s/g, '').length !== glyphs.length) return undefined;
  let next = 0;
  return reading.split('').map((ch) => (/\s/.test(ch) ? undefined : glyphs[next++]));
}

/** Glyphs split where they are further apart than `gap`. */
function glyphClusters(glyphs: readonly Box[], gap: number): Box[][] {
  const clusters: Box[][] = [];
  let previous: Box | undefined;
  for (const glyph of glyphs) {
    if (previous && glyph.x0 - previous.x1 <= gap) clusters.at(-1)!.push(glyph);
    else clusters.push([glyph]);
    previous = glyph;
  }
  return clusters;
}

/**
 * The number model's reading with the letters it confuses with digits read as digits (O as 0, l
 * as 1) in groups that hold digits; the two capitals that open a laser code stay letters.
 */
export function numberText(reading: string): string {
  return reading
    .trim()
    .split(/\s+/)
    .map((group) => {
      if (!DIGIT.test(group)) return group;
      const [, prefix = '', rest = group] = /^([A-Z]{2})(?=[0-9\u0E50-\u0E59])(.*)$/u.exec(group) ?? [];
      return prefix + rest.replace(/[Oo]/g, '0').replace(/[lI|]/g, '1');
    })
    .join(' ');
}

/**
 * The 13-digit numbers of a reading: runs of whole digit groups (split at spaces, dashes and
 * dots, alone or together: OCR spaces signs apart) that make 13 digits, as the detection engine
 * takes them. Each run comes as its groups and separators, with the groups each number spans.
 */
function idRuns(reading: string) {
  const ascii = reading.replace(/[\u0E50-\u0E59\uFF10-\uFF19]/g, positionChar);
  return [...ascii.matchAll(/\d+(?:[ \-.]+\d+)*/g)].map((match) => {
    // Groups at even places, separators between them; Thai digits map one to one onto ASCII ones.
    const parts = reading.slice(match.index, match.index + match[0].length).split(/([ \-.]+)/);
    const groups = match[0].split(/[ \-.]+/);
    const ids: Array<{ from: number; to: number; digits: string; close: boolean; valid: boolean }> = [];
    for (let i = 0; i < groups.length; i++) {
      let digits = '';
      let j = i;
      for (; j < groups.length && digits.length < 13; j++) digits += groups[j];
      if (digits.length !== 13) continue;
      // The grouping must be one IDs are written in, as read or once OCR's spaces are closed
      // (the reading is then closed, below).
      const sizes = [groups[i]!.length];
      for (let k = i + 1; k < j; k++) {
        if (/^\s+$/.test(parts[2 * k - 1]!)) sizes[sizes.length - 1]! += groups[k]!.length;
        else sizes.push(groups[k]!.length);
      }
      const close = !isIdGrouping(
        groups
          .slice(i, j)
          .map((g) => g.length)
          .join(','),
      );
      ids.push({ from: i, to: j - 1, digits, close, valid: isValidNationalId(digits) && (!close || isIdGrouping(sizes.join(','))) });
    }
    return { index: match.index, length: match[0].length, parts, ids };
  });
}

/** The digits (ASCII) of each ID in a reading whose check digit holds. */
export const validIds = (reading: string): string[] => idRuns(reading).flatMap((run) => run.ids.filter((id) => id.valid).map((id) => id.digits));

/** How many 13-digit numbers of a reading have a check digit that holds, and how many fail. */
export function idChecks(reading: string): { valid: number; failed: number } {
  const ids = idRuns(reading).flatMap((run) => run.ids);
  return { valid: ids.filter((id) => id.valid).length, failed: ids.filter((id) => !id.valid).length };
}

/**
 * Of several readings of one span, the first with the most IDs whose check digit holds; where none
 * holds one, the readings the number model nearly made (`alternatives`) too: a digit it hesitated
 * over, a dash or a space it dropped (measured by tools/digit-model/evaluate.ts).
 */
export function byCheckDigit(readings: readonly string[], alternatives: readonly string[]): string {
  return mostValidIds(readings.some((r) => idChecks(r).valid > 0) ? readings : [...readings, ...alternatives]);
}

/**
 * Of several readings of one span, the first with the most IDs whose check digit holds, with the
 * spaces taken out of those IDs whose grouping only holds without them: a valid check digit shows
 * those spaces are OCR's (a narrow 1 spaced from its neighbours), not the document's.
 */
export function mostValidIds(readings: readonly string[]): string {
  const best = readings.reduce((chosen, reading) => (idChecks(reading).valid > idChecks(chosen).valid ? reading : chosen));
  let closed = best;
  for (const { index, length, parts, ids } of idRuns(best).reverse()) {
    let closedTo = -1;
    for (const { from, to, close, valid } of ids) {
      // Of two valid numbers that share digit groups, the first is the one read.
      if (!valid || from <= closedTo) continue;
      closedTo = to;
      if (close) for (let group = from; group < to; group++) parts[2 * group + 1] = parts[2 * group + 1]!.replace(/\s+/g, '');
    }
    closed = closed.slice(0, index) + parts.join('') + closed.slice(index + length);
  }
  return closed;
}

/** Rows of a column walked up to its header: a long list's page. */
const MAX_COLUMN_ROWS = 60;

/**
 * The column header over each number on a page read by OCR. OCR gives lines, not cells: the
 * header of a table's column is found where its cells are, straight above the number, past the
 * numbers of the other rows, as the first text set apart as a cell (a cell gap on both sides).
 * Only a column of numbers (another row's number above or below) has one: a title or a line of
 * prose above a number heads nothing. A landline under "เบอร์โทรศัพท์" in a list of people is
 * theirs; the Thai page engine's rows carry no cells to say so. Offsets are in the lines' text
 * joined by line breaks.
 */
export function columnHeaders(lines: readonly OcrTextLine[]): ColumnHeader[] {
  const starts: number[] = [];
  lines.reduce((start, line) => (starts.push(start), start + line.text.length + 1), 0);
  const numbers = lines.map(numbersOf);
  const headers: ColumnHeader[] = [];
  for (const [i, row] of numbers.entries()) {
    for (const { from, to, span } of row) {
      const header = headerAbove(lines, numbers, i, span);
      if (header) headers.push({ start: starts[i]! + from, end: starts[i]! + to, header });
    }
  }
  return headers;
}

/** An OCR line's text, and where its characters are drawn. */
type OcrTextLine = { text: string; boxes?: ReadonlyArray<Box | undefined> };

/** Cells of one row are further apart than this, in heights of their line; the groups of a number are closer. */
const CELL_GAP = 1.2;

const cellGap = (boxes: ReadonlyArray<Box | undefined>): number => CELL_GAP * median(boxes.flatMap((b) => (b ? [height(b)] : [])));

/** The numbers of a line, each with where it is drawn. */
function numbersOf({ text, boxes }: OcrTextLine): Array<{ from: number; to: number; span: Box }> {
  if (!boxes) return [];
  const gap = cellGap(boxes);
  const space = (left: number, right: number): number => (boxes[left] && boxes[right] ? boxes[right].x0 - boxes[left].x1 : 0);
  const runs = numberRuns(text, (left, right) => space(left, right) > gap).flatMap((run) => oneNumberEach(text, run, space));
  return runs.flatMap(([from, to]) => {
    const drawn = boxes.slice(from, to).filter((b): b is Box => b !== undefined);
    return drawn.length > 0 ? [{ from, to, span: union(drawn) }] : [];
  });
}

/**
 * [start, end) of each run of words that are mostly positions (digits and masks) and hold four or
 * more of them together: OCR joins a row's cells with single spaces, as it joins an ID's groups,
 * so a run also ends where its words are a cell gap apart (`apart`).
 */
function numberRuns(text: string, apart: (left: number, right: number) => boolean): Array<[number, number]> {
  const runs: Array<[number, number]> = [];
  let run: [number, number, number] | undefined;
  const close = () => {
    if (run && run[2] >= 4) runs.push([run[0], run[1]]);
    run = undefined;
  };
  for (const m of text.matchAll(/\S+/g)) {
    const held = positionsIn(m[0]);
    const numberish = held > 0 && held * 2 >= m[0].length;
    if (run && (!numberish || apart(run[1] - 1, m.index))) close();
    if (numberish) run = run ? [run[0], m.index + m[0].length, run[2] + held] : [m.index, m.index + m[0].length, held];
  }
  close();
  return runs;
}

/**
 * A run of more positions than an ID has split at its widest space, and its parts likewise: it
 * holds the numbers of neighbouring cells set closer than a cell gap (a bank account, then a
 * phone), and each has its own column header.
 */
function oneNumberEach(text: string, [from, to]: [number, number], space: (left: number, right: number) => number): Array<[number, number]> {
  if (positionsIn(text.slice(from, to)) <= ID_LENGTH) return [[from, to]];
  let widest: number | undefined;
  for (let k = from + 1; k < to - 1; k++) if (/\s/.test(text[k]!) && (widest === undefined || space(k - 1, k + 1) > space(widest - 1, widest + 1))) widest = k;
  return widest === undefined ? [[from, to]] : [...oneNumberEach(text, [from, widest], space), ...oneNumberEach(text, [widest + 1, to], space)];
}

const overlaps = (a: Box, b: Box): boolean => a.x0 < b.x1 && a.x1 > b.x0;

/** Cells of a table's header row. */
const MIN_HEADER_CELLS = 3;

/** Lines below a number looked at for another row's number in its column. */
const ROWS_BELOW = 4;

function headerAbove(lines: readonly OcrTextLine[], numbers: ReadonlyArray<ReadonlyArray<{ span: Box }>>, index: number, span: Box): string | undefined {
  let column = numbers.slice(index + 1, index + 1 + ROWS_BELOW).some((row) => row.some((n) => overlaps(n.span, span)));
  for (let j = index - 1; j >= Math.max(0, index - MAX_COLUMN_ROWS); j--) {
    const { text, boxes } = lines[j]!;
    if (!boxes) return undefined;
    if (numbers[j]!.some((n) => overlaps(n.span, span))) {
      column = true;
      continue;
    }
    // The glyphs over the number, with those closer than a cell gap to them; signs alone are what is left of a rule.
    const drawn = [...text].flatMap((ch, k) => (boxes[k] && /[\p{L}\p{M}\p{N}]/u.test(ch) ? [k] : []));
    const over = drawn.filter((k) => overlaps(boxes[k]!, span));
    if (over.length === 0) continue;
    const gap = cellGap(boxes);
    let [first, last] = [drawn.indexOf(over[0]!), drawn.indexOf(over.at(-1)!)];
    while (first > 0 && boxes[drawn[first]!]!.x0 - boxes[drawn[first - 1]!]!.x1 < gap) first--;
    while (last < drawn.length - 1 && boxes[drawn[last + 1]!]!.x0 - boxes[drawn[last]!]!.x1 < gap) last++;
    const cell = text.slice(drawn[first]!, drawn[last]! + 1);
    // Digits without words are part of another row's number.
    if (!/\p{L}{2}/u.test(cell.replace(/[A-Z]{2}/g, ''))) {
      column ||= /\p{N}/u.test(cell);
      continue;
    }
    // A header row has cells; a title or a date line above a table is one stretch of text.
    let cells = 1;
    for (let k = 1; k < drawn.length; k++) if (boxes[drawn[k]!]!.x0 - boxes[drawn[k - 1]!]!.x1 > gap) cells++;
    // Text running on far across the column is prose, not a header.
    const wide = boxes[drawn[last]!]!.x1 - boxes[drawn[first]!]!.x0 > 3 * (span.x1 - span.x0) + 8 * gap;
    return column && cells >= MIN_HEADER_CELLS && !wide ? cell : undefined;
  }
  return undefined;
}

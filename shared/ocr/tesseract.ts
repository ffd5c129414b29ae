// Tesseract (tesseract.js: WebAssembly, no native binary, so it runs in Lambda as it runs here)
// with the Thai model read from the registry package that ships it finds the page's words; leakscan's
// own number model (number-model.ts, committed beside this file) reads the numbers among them:
// nothing is downloaded at run time.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { type Block, OEM, PSM, type Word, createWorker, type Worker } from 'tesseract.js';
import { LASER_CODE } from '../detect/written-forms.ts';
import type { OcrEngine, OcrLine, OcrResult } from './engine.ts';
import { type Box, type OcrWord, type RowPiece, byCheckDigit, idChecks, isUnreadable, joinContinuedNumbers, median, numberText, pageRows, readingBoxes, rowLine, rowPieces } from './layout.ts';
import { MODEL_HEIGHT, NumberModel, type Reading, SPAN_MARGIN, spanMargin } from './number-model.ts';
import { type GrayImage, type PreparedPage, boxRows, glyphBoxes, inkExtent, preparePage, ruleBetween, spanGray, unreadInk, unskewBox, widenToInk } from './page.ts';

const require = createRequire(import.meta.url);

/** Stands for a glyph OCR could not read. */
const UNREAD_GLYPH = '?';

/**
 * Where the Thai LSTM "best_int" model (accurate, in integer form for speed) is: $LEAKSCAN_TESSDATA
 * where the deployment put it (the Lambda bundle), else the registry package that ships it.
 */
export const thaiModelDirectory = (): string => process.env.LEAKSCAN_TESSDATA ?? join(dirname(require.resolve('@tesseract.js-data/tha/package.json')), '4.0.0_best_int');

/** Reads the number span whose glyphs' ink is `ink` (on the straightened page), given the page engine's reading of it. */
export type NumberReader = (ink: Box, engineReading: string) => Promise<Reading>;

export interface TesseractOptions {
  /** Wraps the reading of number spans: tests blind it where they want a span unread. */
  numberReader?: (read: NumberReader) => NumberReader;
}

export class TesseractEngine implements OcrEngine {
  readonly name = 'tesseract';
  private workers: Promise<{ page: Worker; numbers: NumberModel }> | undefined;

  constructor(private readonly options: TesseractOptions = {}) {}

  private start(): Promise<{ page: Worker; numbers: NumberModel }> {
    return (this.workers ??= (async () => {
      // A failed job rejects its call; without a handler tesseract.js also throws it where nothing
      // catches it, which ends the process ('Error attempting to read image').
      const [page, numbers] = await Promise.all([createWorker('tha', OEM.LSTM_ONLY, { cacheMethod: 'none', errorHandler: () => {}, langPath: thaiModelDirectory(), gzip: true }), NumberModel.load()]);
      // Sparse text: agency lists are tables, whose cells the block layout analysis merges or drops.
      await page.setParameters({ tessedit_pageseg_mode: PSM.SPARSE_TEXT, debug_file: '/dev/null' });
      return { page, numbers };
    })());
  }

  /**
   * The page read by the Thai model, regrouped into rows across the page, and every span of a row
   * that holds a number read again by the number model: the Thai model reads Thai words well but
   * confuses Thai digits, mask bullets and digits in boxes. Rows of ID boxes found from their
   * edges and sides are number spans whatever the Thai model read there, and a span takes in the
   * ink its symbols left out at its ends (readPiece).
   */
  async recognize(image: Uint8Array): Promise<OcrResult> {
    const workers = await this.start();
    const model: SpanReader = async (span) => {
      const { text, confidence, alternatives } = await workers.numbers.read(span);
      return { text: numberText(text), confidence, ...(alternatives && { alternatives: alternatives.map(numberText) }) };
    };
    const spanReader: NumberReader = (ink, engineReading) => readNumber(model, page, ink, engineReading);
    const readSpanNumber = this.options.numberReader?.(spanReader) ?? spanReader;
    const page = await preparePage(image);
    const { data } = await workers.page.recognize(page.bytes, {}, { blocks: true, text: true });
    const words: OcrWord[] = wordsOf(data.blocks).filter((w) => w.text.trim() !== '');
    const rows: Array<{ pieces: RowPiece[]; confidence: number }> = [];
    for (const row of pageRows(words)) {
      const band = rowBand(page, row);
      const pieces = withBoxRows(
        rowPieces(row, (left, right) => ruleBetween(page.gray, left, right)),
        boxRows(page.gray, band),
      );
      for (const [index, piece] of pieces.entries()) {
        if (!piece.number) continue;
        const { ink, reading } = await readPiece(pieces, index, page, readSpanNumber);
        piece.bbox = ink;
        const glyphSets = glyphsAt(page, ink);
        const glyphs = glyphSets[0]!;
        piece.unreadable = isUnreadable(reading, glyphs.length);
        if (reading.sure) piece.sure = true;
        // A span read as nothing is its glyphs, each a sign that is no digit: what to cover and check.
        const blank = reading.text.trim() === '';
        piece.text = blank ? UNREAD_GLYPH.repeat(glyphs.length) : reading.text;
        piece.boxes = blank ? glyphs : readingBoxes(piece.text, glyphSets, ink);
      }
      pieces.push(...(await unreadNumbers(model, page, row, band)));
      // A letter prefix read into its number, and number pieces a widened span took in, are left empty.
      pieces.splice(0, pieces.length, ...pieces.filter((p) => p.number || p.text !== ''));
      rows.push({ pieces: pieces.sort((a, b) => a.bbox.x0 - b.bbox.x0), confidence: row.reduce((sum, w) => sum + w.confidence, 0) / row.length });
    }
    joinContinuedNumbers(rows.map((r) => r.pieces));
    const lines: OcrLine[] = rows.map(({ pieces, confidence }) => {
      const { text, boxes, unreadable, sure } = rowLine(pieces);
      // Where the characters are on the image given: the engines read the straightened page.
      const onImage = boxes.map((b) => b && unskewBox(b, page.skew, page.gray.width, page.gray.height));
      return { text, confidence, boxes: onImage, ...(unreadable.length > 0 ? { unreadable } : {}), ...(sure.length > 0 ? { sure } : {}) };
    });
    return { lines };
  }

  async close(): Promise<void> {
    const workers = this.workers;
    this.workers = undefined;
    if (workers) {
      const { page, numbers } = await workers;
      await Promise.all([page.terminate(), numbers.close()]);
    }
  }
}

/**
 * The margins a number span is cut out with, in heights of its ink. The first reads best on the
 * whole; the others are tried while the reading holds 13 digits whose check digit fails and none
 * whose check digit holds, since a misread digit almost never leaves it valid and another cut
 * often reads it right.
 */
const CUTS = [SPAN_MARGIN, { x: 0.5, y: 0.35 }, { x: 0.15, y: 0.08 }];
type Cut = (typeof CUTS)[number];

/** The ink of a number span's glyphs: OCR word boxes may cut their tops and bottoms. */
const numberInk = (page: PreparedPage, box: Box): Box => inkExtent(page.gray, box, (box.y1 - box.y0) * 0.5);

/** Ink levels glyphs are told apart at: mid-grey first; the faint strokes of blurred scans fall apart there. */
const GLYPH_THRESHOLDS = [128, 160, 192];

/**
 * A number span's glyphs at each ink level, mid-grey first: what its reading's characters are
 * placed on (readingBoxes; the model reads a span whole, without positions) and counted by.
 */
const glyphsAt = (page: PreparedPage, ink: Box): Box[][] => GLYPH_THRESHOLDS.map((t) => glyphBoxes(page.gray, ink, t));

/**
 * A number span read by the number model, from the ink of its glyphs; the page engine's own
 * reading is kept where it makes more valid IDs (it is then as sure as the model's best cut), and
 * where no reading makes one, the model's alternatives are tried (byCheckDigit).
 */
async function readNumber(read: SpanReader, page: PreparedPage, ink: Box, engineReading: string): Promise<Reading> {
  const readings: Reading[] = [];
  for (const cut of CUTS) {
    readings.push(await readSpan(read, page, ink, cut));
    const { valid, failed } = idChecks(readings.at(-1)!.text);
    if (valid > 0 || failed === 0) break;
  }
  const text = byCheckDigit(
    [...readings.map((r) => r.text), engineReading],
    readings.flatMap((r) => r.alternatives ?? []),
  );
  const same = (r: Reading): boolean => r.text.replace(/\s/g, '') === text.replace(/\s/g, '');
  // A check digit that fails in every cut, read alike and surely, is the document's typo.
  const sure = readings.length === CUTS.length && readings.every((r) => same(r) && r.confidence >= SURE_CONFIDENCE);
  return { text, confidence: (readings.find(same) ?? readings[0]!).confidence, ...(sure ? { sure } : {}) };
}

/** The least confidence (0..100) of every character of every cut for a reading to be sure. */
const SURE_CONFIDENCE = 90;

/**
 * A row's number piece read where its ink is. The page engine's symbols may leave out a blurred
 * dash or digit, so the span is widened to the ink that goes on at its ends, taking in the number
 * pieces it reaches; then the two capitals of a laser code before it are taken in when they are
 * there. Widened only into ink apart from other numbers, it keeps its own reading where that
 * holds a valid ID: the widening may take in the last glyph of a label. Pieces taken in are left
 * empty.
 */
async function readPiece(pieces: RowPiece[], index: number, page: PreparedPage, readSpanNumber: NumberReader): Promise<{ ink: Box; reading: Reading }> {
  const piece = pieces[index]!;
  const lineHeight = piece.bbox.y1 - piece.bbox.y0;
  const tight = numberInk(page, piece.bbox);
  const words = pieces.filter((p) => !p.number).map((p) => p.bbox);
  let ink = widenToInk(page.gray, tight, { maxGap: 0.6 * lineHeight, maxWiden: 2 * lineHeight }, words);
  const reached = pieces.filter((other) => other !== piece && other.number && other.bbox.x0 <= ink.x1 && other.bbox.x1 >= ink.x0);
  for (const other of reached) {
    ink = { ...ink, x0: Math.min(ink.x0, other.bbox.x0), x1: Math.max(ink.x1, other.bbox.x1) };
    Object.assign(other, { number: false, text: '' });
  }
  let reading: Reading | undefined;
  if (reached.length === 0 && (ink.x0 !== tight.x0 || ink.x1 !== tight.x1)) {
    const first = await readSpanNumber(tight, piece.text);
    if (idChecks(first.text).valid > 0) [ink, reading] = [tight, first];
  }
  reading ??= await readSpanNumber(ink, piece.text);
  const prefixed = await withLetterPrefix(readSpanNumber, page, pieces[index - 1], ink);
  if (!prefixed) return { ink, reading };
  pieces[index - 1]!.text = '';
  return prefixed;
}

/** How wide, in heights of the number's ink, a laser code's letters are: two capitals, and a digit the page engine took for a letter with them. */
const PREFIX_WIDTH = 3;
/** A laser code's two capitals, then its digits: all that reading a word with the number after it may add. */
const LASER_PREFIX = new RegExp(`^[A-Z]{${LASER_CODE.letters}}[^A-Z]*$`);

/**
 * A number read together with the short word just before it, when that word is the two Latin
 * capitals that begin a laser code: the Thai page engine reads them as Thai letters (CJ as ฉป),
 * which leaves the code's digits looking like a phone number. Undefined where the word is not
 * close, short (PREFIX_WIDTH) and read by the number model as two capitals.
 */
async function withLetterPrefix(readSpanNumber: NumberReader, page: PreparedPage, word: RowPiece | undefined, ink: Box): Promise<{ ink: Box; reading: Reading } | undefined> {
  const lineHeight = ink.y1 - ink.y0;
  if (!word || word.number || word.text.trim() === '') return undefined;
  const { bbox } = word;
  if (ink.x0 - bbox.x1 > lineHeight || bbox.x1 - bbox.x0 > PREFIX_WIDTH * lineHeight || ruleBetween(page.gray, bbox, ink)) return undefined;
  const joined = { ...ink, x0: Math.min(bbox.x0, ink.x0) };
  const reading = await readSpanNumber(joined, '');
  return LASER_PREFIX.test(reading.text.trim()) ? { ink: joined, reading } : undefined;
}

/** The number model's reading of a span cut out as `cut` says. */
const readSpan = (read: SpanReader, page: PreparedPage, ink: Box, cut: Cut): Promise<Reading> => read(spanGray(page.canvas, ink, spanMargin(ink, cut), MODEL_HEIGHT));

/** The number model's reading of a span cut out of the page and scaled to its input height. */
type SpanReader = (span: GrayImage) => Promise<Reading>;

/** The words of a recognition's blocks. */
const wordsOf = (blocks: Block[] | null): Word[] => (blocks ?? []).flatMap((b) => b.paragraphs.flatMap((p) => p.lines.flatMap((l) => l.words)));

/** The band across the page at the height most of a row's words have. */
const rowBand = (page: PreparedPage, row: readonly OcrWord[]): Box => ({ x0: 0, x1: page.gray.width, y0: median(row.map((w) => w.bbox.y0)), y1: median(row.map((w) => w.bbox.y1)) });

/**
 * A row's pieces with each row of boxes made one number span in place of what the page engine
 * read there: it reads boxed digits as Thai letters and box sides as signs, and the sides split
 * the digits into pieces of one.
 */
function withBoxRows(pieces: RowPiece[], rows: readonly Box[]): RowPiece[] {
  if (rows.length === 0) return pieces;
  const inside = (piece: RowPiece): boolean => rows.some((r) => Math.min(r.x1, piece.bbox.x1) - Math.max(r.x0, piece.bbox.x0) > 0.5 * (piece.bbox.x1 - piece.bbox.x0));
  const spans = rows.map((bbox): RowPiece => ({ text: '', bbox, number: true, glued: false, boxes: [] }));
  return [...pieces.filter((p) => !inside(p)), ...spans].sort((a, b) => a.bbox.x0 - b.bbox.x0);
}

/**
 * Numbers in a row that the page engine found no word in: stretches of unread ink in the row's
 * band (rowBand), read by the number model. A stretch is kept when two cuts of it read the same
 * digits, mostly digits: Thai words the page engine missed read as unstable strings of digits and
 * signs.
 */
async function unreadNumbers(read: SpanReader, page: PreparedPage, row: readonly OcrWord[], band: Box): Promise<RowPiece[]> {
  const lineHeight = band.y1 - band.y0;
  const pieces: RowPiece[] = [];
  for (const stretch of unreadInk(
    page.gray,
    band,
    row.map((w) => w.bbox),
    { joinGap: lineHeight, minWidth: 2 * lineHeight },
  )) {
    const ink = inkExtent(page.gray, stretch, lineHeight * 0.5);
    // The second cut only for what the first read as a number: most stretches are Thai words.
    const first = await readSpan(read, page, ink, CUTS[0]!);
    const signs = first.text.replace(/\s/g, '');
    const digits = signs.replace(/[^0-9\u0E50-\u0E59]/g, '');
    if (digits.length < 4 || digits.length * 2 < signs.length) continue;
    const second = await readSpan(read, page, ink, CUTS[1]!);
    if (digits === second.text.replace(/[^0-9\u0E50-\u0E59]/g, '')) {
      const glyphSets = glyphsAt(page, ink);
      pieces.push({ text: first.text, bbox: ink, number: true, glued: false, boxes: readingBoxes(first.text, glyphSets, ink), unreadable: isUnreadable(first, glyphSets[0]!.length) });
    }
  }
  return pieces;
}

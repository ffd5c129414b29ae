// Tesseract (tesseract.js: WebAssembly, no native binary, so it runs in Lambda as it runs here)
// with the Thai model read from the registry package that ships it, and leakscan's own
// number model (tools/digit-model) committed beside this file: nothing is downloaded at run time.
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { OEM, PSM, createWorker, type Worker } from 'tesseract.js';
import type { OcrEngine, OcrResult } from './engine.ts';
import { type OcrWord, idChecks, mostValidIds, numberText, pageRows, rowPieces, rowText } from './layout.ts';
import { type PreparedPage, cropPng, inkExtent, preparePage, ruleBetween } from './page.ts';

const require = createRequire(import.meta.url);

const NUMBER_MODEL = 'leakscan_num';
/** Where the number model is: $LEAKSCAN_NUMBER_MODEL_DIR in a bundle, else beside this file. */
const numberModelDirectory = (): string => process.env.LEAKSCAN_NUMBER_MODEL_DIR ?? fileURLToPath(new URL('./models/', import.meta.url));

/**
 * Where the Thai LSTM "best_int" model (accurate, in integer form for speed) is: $LEAKSCAN_TESSDATA
 * where the deployment put it (the Lambda bundle), else the registry package that ships it.
 */
const thaiModelDirectory = (): string =>
  process.env.LEAKSCAN_TESSDATA ?? join(dirname(require.resolve('@tesseract.js-data/tha/package.json')), '4.0.0_best_int');

export class TesseractEngine implements OcrEngine {
  readonly name = 'tesseract';
  private workers: Promise<{ page: Worker; numbers: Worker }> | undefined;

  private start(): Promise<{ page: Worker; numbers: Worker }> {
    return (this.workers ??= (async () => {
      const [page, numbers] = await Promise.all([
        createWorker('tha', OEM.LSTM_ONLY, { langPath: thaiModelDirectory(), cacheMethod: 'none', gzip: true }),
        createWorker(NUMBER_MODEL, OEM.LSTM_ONLY, { langPath: numberModelDirectory(), cacheMethod: 'none', gzip: false }),
      ]);
      // Sparse text: agency lists are tables, whose cells the block layout analysis merges or drops.
      await page.setParameters({ tessedit_pageseg_mode: PSM.SPARSE_TEXT, debug_file: '/dev/null' });
      // The number model reads cut-out spans as single lines, as it was trained.
      await numbers.setParameters({ tessedit_pageseg_mode: PSM.RAW_LINE, debug_file: '/dev/null' });
      return { page, numbers };
    })());
  }

  /**
   * The page read by the Thai model, regrouped into rows across the page, and every span of a row
   * that holds a number read again by the number model: the Thai model reads Thai words well but
   * confuses Thai digits, mask bullets and digits in boxes.
   */
  async recognize(image: Uint8Array): Promise<OcrResult> {
    const workers = await this.start();
    const page = await preparePage(Buffer.from(image.buffer, image.byteOffset, image.byteLength));
    const { data } = await workers.page.recognize(page.bytes, {}, { blocks: true, text: true });
    const words: OcrWord[] = (data.blocks ?? []).flatMap((b) => b.paragraphs.flatMap((p) => p.lines.flatMap((l) => l.words))).filter((w) => w.text.trim() !== '');
    const lines = [];
    for (const row of pageRows(words)) {
      const { gray } = page;
      const pieces = rowPieces(row, gray && ((left, right) => ruleBetween(gray, left, right)));
      for (const piece of pieces) if (piece.number && page.canvas) piece.text = await readNumber(workers.numbers, page, piece.bbox, piece.text);
      lines.push({ text: rowText(pieces), confidence: row.reduce((sum, w) => sum + w.confidence, 0) / row.length });
    }
    return { lines };
  }

  async close(): Promise<void> {
    const workers = this.workers;
    this.workers = undefined;
    if (workers) await Promise.all(Object.values(await workers).map((w) => w.terminate()));
  }
}

/**
 * Margins (in heights of the ink) a number span is cut out with: the first as the number model
 * was trained; the others are tried while the reading holds 13 digits whose check digit fails and
 * none whose check digit holds, since a misread digit almost never leaves it valid and another cut
 * often reads it right.
 */
const MARGINS = [
  { x: 0.3, y: 0.2 },
  { x: 0.5, y: 0.35 },
  { x: 0.15, y: 0.08 },
];

/**
 * A number span read by the number model, from the ink of its glyphs (OCR word boxes may cut
 * their tops and bottoms); the page engine's own reading is kept where it makes more valid IDs.
 */
async function readNumber(worker: Worker, page: PreparedPage, box: OcrWord['bbox'], engineReading: string): Promise<string> {
  const height = box.y1 - box.y0;
  const ink = page.gray ? inkExtent(page.gray, box, height * 0.5) : box;
  const inkHeight = ink.y1 - ink.y0;
  const readings: string[] = [];
  for (const margin of MARGINS) {
    const png = await cropPng(page.canvas!, ink, { x: Math.round(inkHeight * margin.x), y: Math.round(inkHeight * margin.y) });
    readings.push(numberText((await worker.recognize(png)).data.text));
    const { valid, failed } = idChecks(readings.at(-1)!);
    if (valid > 0 || failed === 0) break;
  }
  return mostValidIds([...readings, engineReading]);
}

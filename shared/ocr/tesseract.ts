// Tesseract (tesseract.js: WebAssembly, no native binary, so it runs in Lambda as it runs here)
// with Thai and English models read from the registry packages that ship them: nothing is
// downloaded at run time.
import { copyFile, mkdir, rename, stat } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { loadImage, createCanvas } from '@napi-rs/canvas';
import { OEM, PSM, createWorker, type Line, type Word, type Worker } from 'tesseract.js';
import type { OcrEngine, OcrResult } from './engine.ts';
import { betterReading, readNumberSpan } from './digits.ts';
import { type GrayImage, estimateSkew, toGray } from './glyphs.ts';

const require = createRequire(import.meta.url);

const LANGUAGES = ['tha', 'eng'] as const;

/**
 * A directory with the LSTM "best_int" models (accurate, in integer form for speed) of every
 * language: $LEAKSCAN_TESSDATA where the deployment put them (the Lambda bundle), else gathered
 * once from the registry packages that ship them, since Tesseract reads all from one directory.
 */
async function languageDirectory(): Promise<string> {
  if (process.env.LEAKSCAN_TESSDATA) return process.env.LEAKSCAN_TESSDATA;
  const dir = join(tmpdir(), 'leakscan-tessdata-4.0.0_best_int');
  await mkdir(dir, { recursive: true });
  for (const lang of LANGUAGES) {
    const target = join(dir, `${lang}.traineddata.gz`);
    const source = join(dirname(require.resolve(`@tesseract.js-data/${lang}/package.json`)), '4.0.0_best_int', `${lang}.traineddata.gz`);
    const [have, want] = await Promise.all([stat(target).catch(() => undefined), stat(source)]);
    if (have?.size === want.size) continue;
    // Copied aside and renamed: another process may be reading the same directory.
    const partial = `${target}.${process.pid}.partial`;
    await copyFile(source, partial);
    await rename(partial, target);
  }
  return dir;
}

export class TesseractEngine implements OcrEngine {
  readonly name = 'tesseract';
  private worker: Promise<Worker> | undefined;

  private start(): Promise<Worker> {
    return (this.worker ??= (async () => {
      const langPath = await languageDirectory();
      const worker = await createWorker([...LANGUAGES], OEM.LSTM_ONLY, { langPath, cacheMethod: 'none', gzip: true });
      // Sparse text: agency lists are tables, whose cells the block layout analysis merges or drops
      // (measured on the dev scans: leak recall 37.5% sparse, 35.9% single column, 34.4% auto).
      await worker.setParameters({ tessedit_pageseg_mode: PSM.SPARSE_TEXT, preserve_interword_spaces: '1', debug_file: '/dev/null' });
      return worker;
    })());
  }

  async recognize(image: Uint8Array): Promise<OcrResult> {
    const worker = await this.start();
    const page = await preparePage(Buffer.from(image.buffer, image.byteOffset, image.byteLength));
    const { data } = await worker.recognize(page.bytes, {}, { blocks: true, text: true });
    const gray = page.gray;
    const lines = (data.blocks ?? []).flatMap((b) => b.paragraphs.flatMap((p) => p.lines));
    return { lines: lines.map((l) => ({ text: gray ? lineText(l, gray) : l.text.replace(/\n$/, ''), confidence: l.confidence })) };
  }

  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    if (worker) await (await worker).terminate();
  }
}

/**
 * The page as Tesseract will read it, straightened when scanned askew (a row of a table drifts
 * across lines at more than about a degree), and in gray levels for the digit pass. Formats the
 * decoder lacks (TIFF) go to Tesseract as they are, without either.
 */
async function preparePage(bytes: Buffer): Promise<{ bytes: Buffer; gray?: GrayImage }> {
  let image: Awaited<ReturnType<typeof loadImage>>;
  try {
    image = await loadImage(bytes);
  } catch {
    return { bytes };
  }
  const draw = (degrees: number) => {
    const canvas = createCanvas(image.width, image.height);
    const context = canvas.getContext('2d');
    context.fillStyle = '#ffffff';
    context.fillRect(0, 0, image.width, image.height);
    context.translate(image.width / 2, image.height / 2);
    context.rotate((-degrees * Math.PI) / 180);
    context.drawImage(image, -image.width / 2, -image.height / 2);
    return { canvas, gray: toGray(context.getImageData(0, 0, image.width, image.height).data, image.width, image.height) };
  };
  const { gray } = draw(0);
  const skew = estimateSkew(gray, 128);
  if (Math.abs(skew) < MIN_SKEW_DEGREES) return { bytes, gray };
  const straight = draw(skew);
  return { bytes: await straight.canvas.encode('png'), gray: straight.gray };
}

/** Resampling blurs thin Thai strokes: only skews that move rows off their lines are undone. */
const MIN_SKEW_DEGREES = 0.8;

const DIGIT = /[0-9\u0E50-\u0E59]/;
// Tokens Tesseract makes of digits it misreads: short, without a Thai consonant.
const MISREAD_DIGITS = /^[^\u0E01-\u0E2E]{1,4}$/;

/**
 * A line rebuilt from its words, spaced by the gaps between them, with every run of number
 * words re-read glyph by glyph (digits.ts): Tesseract's Thai model confuses Thai digits.
 */
function lineText(line: Line, gray: GrayImage): string {
  const words = line.words.filter((w) => w.text.trim() !== '');
  const height = line.bbox.y1 - line.bbox.y0;
  let text = '';
  let previous: Word | undefined;
  for (let i = 0; i < words.length; ) {
    let j = i;
    if (DIGIT.test(words[i]!.text)) {
      // Extend over number words, the odd tokens between them, and a short token right after
      // the last (a digit Tesseract read as a letter: ๙ as ส, ๗ as ต).
      while (j + 1 < words.length && (DIGIT.test(words[j + 1]!.text) || MISREAD_DIGITS.test(words[j + 1]!.text) || closeShortToken(words[j]!, words[j + 1]!, height))) j++;
      while (j > i && !DIGIT.test(words[j]!.text) && !closeShortToken(words[j - 1]!, words[j]!, height)) j--;
    }
    const first = words[i]!;
    const last = words[j]!;
    if (previous && first.bbox.x0 - previous.bbox.x1 > height * 0.3) text += ' ';
    const tesseract = words.slice(i, j + 1).map((w) => w.text).join('');
    const reading = i === j && !DIGIT.test(first.text) ? undefined : readNumberSpan(gray, { x0: first.bbox.x0, y0: line.bbox.y0, x1: last.bbox.x1, y1: line.bbox.y1 });
    text += reading && reading.distance < MAX_GLYPH_DISTANCE ? betterReading(tesseract, reading.text) : tesseract;
    previous = last;
    i = j + 1;
  }
  return text;
}

// Letters Tesseract's Thai model reads Thai digits as (๙ as ส, ๗ as ต, ๐ as อ, ๗ as ๆ).
const DIGIT_LOOKALIKES = /^[สตอๆ]+$/;

/** A token of digit look-alike letters (marks aside) right next to a number word. */
function closeShortToken(before: Word, token: Word, lineHeight: number): boolean {
  const letters = withoutMarks(token.text);
  const near = token.bbox.x0 - before.bbox.x1 < lineHeight * 0.5;
  return near && letters.length <= 2 && DIGIT_LOOKALIKES.test(letters) && (DIGIT.test(before.text) || DIGIT_LOOKALIKES.test(withoutMarks(before.text)));
}

const withoutMarks = (text: string): string => text.replace(/[\u0E31\u0E34-\u0E3A\u0E47-\u0E4E]/g, '');

/** Mean template distance above which a span is not taken to be a number (calibrated on renderings). */
const MAX_GLYPH_DISTANCE = 0.4;

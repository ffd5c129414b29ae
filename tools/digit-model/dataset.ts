// The number model's training and evaluation lines, as the reader hands them to it: grey, scaled to
// the model's input height by the reader's own code (spanGray). Two sources, both generated:
// - lines rendered one by one (render.ts: every font, grouping, mask and degradation; a quarter of
//   them Thai words with or without a number, in which the model must read no digit), and
// - identifiers cut out of whole generated scanned pages (test/generate/scan.ts: forms, tables,
//   stamps, phone photos, JPEG), where they are drawn with what surrounds them on a real page.
// The dev corpus is never read.
//
//   node --import tsx tools/digit-model/dataset.ts --out /tmp/lines-train [--lines 60000] [--pages 300] [--seed 11]
//
// Writes OUT-rendered.bin and OUT-pages.bin, record after record: width (u16 LE), text length in bytes (u16 LE), the text (UTF-8, as the
// model should read it), then the pixels (height × width bytes, row by row, 0 black).
import { execFile } from 'node:child_process';
import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { promisify } from 'node:util';
import { parseArgs } from 'node:util';
import { type GrayImage, preparePage, spanGray, unskewBox } from '../../shared/ocr/page.ts';
import { MODEL_HEIGHT, spanMargin } from '../../shared/ocr/number-model.ts';
import type { Box } from '../../shared/ocr/layout.ts';
import { generateScan } from '../../test/generate/index.ts';
import { seededRandom } from '../random.ts';
import { discoverFonts, renderSample } from './render.ts';
import { groundTruth } from './samples.ts';
import { thaiWords } from './thai-words.ts';

const { values } = parseArgs({
  options: {
    out: { type: 'string' },
    lines: { type: 'string', default: '60000' },
    pages: { type: 'string', default: '300' },
    seed: { type: 'string', default: '11' },
    // Internal: writes lines [from, to) and pages [from, to) of the set under --out (one process per core).
    part: { type: 'string' },
  },
});
if (!values.out) throw new Error('--out FILE is required');
const seed = Number(values.seed);

/** Writes a line record. */
function record(file: number, text: string, image: GrayImage): void {
  const bytes = Buffer.from(text, 'utf8');
  const head = Buffer.alloc(4);
  head.writeUInt16LE(image.width, 0);
  head.writeUInt16LE(bytes.length, 2);
  writeSync(file, head);
  writeSync(file, bytes);
  writeSync(file, image.gray);
}

/** Text drawn as the model should read it: invisible format characters (joiners, soft hyphens) left out. */
const readable = (text: string): string => groundTruth(text.replace(/\p{Cf}/gu, ''));

/** The most a region's top edge may rise or fall across it once the page is straightened. */
const MAX_TILT = 0.01;

/** Where a point of the page as given is once preparePage has straightened it by `skew` degrees. */
const straightened = ([x, y]: readonly number[], skew: number, width: number, height: number): [number, number] => {
  const { x0, y0 } = unskewBox({ x0: x!, y0: y!, x1: x!, y1: y! }, -skew, width, height);
  return [x0, y0];
};

async function pageLines(file: number, index: number): Promise<void> {
  const format = index % 2 === 0 ? 'png' : 'jpeg';
  const doc = generateScan(seed * 100_003 + index, format);
  // Straightened as the reader straightens it: what the model sees at run time.
  const page = await preparePage(doc.bytes);
  const { width, height } = page.gray;
  // A form's row of boxes is one line: its boxes' regions joined, their characters in order.
  const lines = new Map<string, { box: Box; text: string; tilted: boolean }>();
  for (const region of doc.regions) {
    const corners = region.corners.map((c) => straightened(c, page.skew, width, height));
    const [[ax, ay], [bx, by]] = corners as [[number, number], [number, number]];
    const tilted = Math.abs(by - ay) > MAX_TILT * Math.abs(bx - ax);
    const box = { x0: Math.min(...corners.map((c) => c[0])), y0: Math.min(...corners.map((c) => c[1])), x1: Math.max(...corners.map((c) => c[0])), y1: Math.max(...corners.map((c) => c[1])) };
    const key = `${region.finding}:${region.page}:${Math.round(box.y0 / 8)}`;
    const line = lines.get(key);
    if (!line) lines.set(key, { box, text: region.text, tilted });
    else
      lines.set(key, {
        box: { x0: Math.min(line.box.x0, box.x0), y0: Math.min(line.box.y0, box.y0), x1: Math.max(line.box.x1, box.x1), y1: Math.max(line.box.y1, box.y1) },
        text: line.text + region.text,
        tilted: line.tilted || tilted,
      });
  }
  for (const { box, text, tilted } of lines.values()) {
    const label = readable(text);
    if (tilted || label === '' || box.y1 - box.y0 < 4) continue;
    record(file, label, spanGray(page.canvas, box, spanMargin(box), MODEL_HEIGHT));
  }
}

/** The two files of a set, or of one process's part of it. */
const files = (out: string) => ({ rendered: `${out}-rendered.bin`, pages: `${out}-pages.bin` });

async function writePart(out: string, [lineFrom, lineTo, pageFrom, pageTo]: number[]): Promise<void> {
  const fonts = discoverFonts();
  const words = thaiWords();
  const rendered = openSync(files(out).rendered, 'w');
  for (let i = lineFrom!; i < lineTo!; i++) {
    // A stream per line: any part of the set is rebuilt alike, however it is split.
    const { text, image } = await renderSample(seededRandom(seed * 1_000_003 + i), fonts, words);
    const whole = { x0: 0, y0: 0, x1: image.width, y1: image.height };
    record(rendered, text, spanGray(image.canvas, whole, { x: 0, y: 0 }, MODEL_HEIGHT));
  }
  closeSync(rendered);
  const pages = openSync(files(out).pages, 'w');
  for (let i = pageFrom!; i < pageTo!; i++) await pageLines(pages, i);
  closeSync(pages);
}

if (values.part) {
  await writePart(values.out, values.part.split(',').map(Number));
} else {
  const [lines, pages] = [Number(values.lines), Number(values.pages)];
  // Drawing pages leaves native memory behind in the canvas library that no collection frees
  // (about 60 MB a page): a process draws at most this many, two at a time (one per core).
  const PAGES_PER_PROCESS = 100;
  const CORES = 2;
  const parts = Math.max(CORES, Math.ceil(pages / PAGES_PER_PROCESS));
  const run = promisify(execFile);
  const split = (n: number, k: number) => [Math.floor((n * k) / parts), Math.floor((n * (k + 1)) / parts)];
  const queue = Array.from({ length: parts }, (_, k) => k);
  // A part that fails ends the others: nothing is left writing.
  const abort = new AbortController();
  await Promise.all(
    Array.from({ length: CORES }, async () => {
      for (let k = queue.shift(); k !== undefined; k = queue.shift()) {
        const part = ['--import', 'tsx', import.meta.filename, '--out', `${values.out}.${k}`, '--seed', String(seed), '--part', [...split(lines, k), ...split(pages, k)].join(',')];
        await run(process.execPath, part, { maxBuffer: 1 << 24, signal: abort.signal }).catch((error: unknown) => (abort.abort(), Promise.reject(error)));
      }
    }),
  );
  for (const source of ['rendered', 'pages'] as const) {
    const file = openSync(files(values.out)[source], 'w');
    for (let k = 0; k < parts; k++) {
      writeSync(file, readFileSync(files(`${values.out}.${k}`)[source]));
      rmSync(files(`${values.out}.${k}`)[source]);
    }
    closeSync(file);
  }
  console.log(`${files(values.out).rendered}: ${lines} rendered lines; ${files(values.out).pages}: the identifiers of ${pages} generated pages; ${MODEL_HEIGHT} px high`);
}

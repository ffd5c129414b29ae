// Trains leakscan's number model: a small Tesseract LSTM that reads digits (Thai and Arabic),
// mask characters, separators and the capitals of laser codes, trained from scratch on lines
// rendered in the free Thai fonts found on the machine (render.ts). Tesseract's Thai model reads
// Thai words well but confuses Thai digits (๓/๗, ๔/๕/๘, ๐/๖), and its published models are
// integer-only, so they cannot be fine-tuned; a model for numbers alone is small and trains on
// two cores.
//
//   apt-get install tesseract-ocr fonts-thai-tlwg fonts-noto-core fonts-sipa-arundina fonts-dejavu-core
//   OMP_THREAD_LIMIT=1 nice -n 15 node --import tsx tools/digit-model/train.ts [--pages 700] [--iterations 200000] [--work DIR] [--skip-render]
//
// OMP_THREAD_LIMIT is the threads training takes (2 unless set). evaluate.ts measures a model on
// lines rendered with another seed.
//
// Writes shared/ocr/models/leakscan_num.traineddata (committed: nothing trains or downloads at
// run time). Rendering is deterministic for a seed; training adds Tesseract's own randomness.
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { parseArgs } from 'node:util';
import { createCanvas } from '@napi-rs/canvas';
import { type Fonts, discoverFonts, renderSample } from './render.ts';
import { type Random, seededRandom } from '../random.ts';

const run = promisify(execFile);
const { values } = parseArgs({
  options: {
    pages: { type: 'string', default: '700' },
    'lines-per-page': { type: 'string', default: '32' },
    iterations: { type: 'string', default: '200000' },
    work: { type: 'string', default: '/tmp/leakscan-num-model' },
    seed: { type: 'string', default: '2567' },
    'skip-render': { type: 'boolean', default: false },
    // Internal: renders pages [from, to) and exits (the parent runs one such process per core).
    'render-range': { type: 'string' },
  },
});
const LANG = 'leakscan_num';
const work = values.work!;
const OUTPUT = join(import.meta.dirname, '../../shared/ocr/models', `${LANG}.traineddata`);
// Input height 36 as Tesseract's own models; two LSTM layers are enough for one script of digits.
const netSpec = (outputs: number) => `[1,36,0,1 Ct3,3,16 Mp3,3 Lfys48 Lfx96 Lrx96 Lfx128 O1c${outputs}]`;

/**
 * A page of lines, each rendered and degraded on its own, and its box file: every character of a
 * line gets the line's box and a tab ends the line, which is how Tesseract's LSTM trainer takes
 * line-level ground truth.
 */
async function renderPage(random: Random, fonts: Fonts, lines: number, base: string): Promise<void> {
  const rendered = [];
  for (let i = 0; i < lines; i++) rendered.push(await renderSample(random, fonts));
  const gap = 12;
  const width = Math.max(...rendered.map((r) => r.image.width)) + 2 * gap;
  const height = rendered.reduce((h, r) => h + r.image.height + gap, gap);
  const page = createCanvas(width, height);
  const ctx = page.getContext('2d');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, width, height);
  const box: string[] = [];
  let y = gap;
  for (const { text, image } of rendered) {
    ctx.drawImage(image.canvas, 0, 0, image.width, image.height, gap, y, image.width, image.height);
    // Box coordinates count from the bottom left.
    const [left, bottom, right, top] = [gap, height - (y + image.height), gap + image.width, height - y];
    for (const char of text) box.push(`${char} ${left} ${bottom} ${right} ${top} 0`);
    box.push(`\t ${right} ${bottom} ${right + 1} ${top} 0`);
    y += image.height + gap;
  }
  writeFileSync(`${base}.png`, await page.encode('png'));
  writeFileSync(`${base}.box`, box.join('\n') + '\n');
  writeFileSync(`${base}.gt.txt`, rendered.map((r) => r.text).join('\n') + '\n');
}

/**
 * Renders pages in a process of their own; a renderer that crashes (the canvas library segfaults
 * now and then, at no page in particular) is started again and goes on where it stopped.
 */
async function renderRange(range: string, attempts = 5): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await run(process.execPath, [...process.execArgv, import.meta.filename, ...process.argv.slice(2), '--render-range', range], { maxBuffer: 1 << 26 });
      return;
    } catch (error) {
      if (attempt === attempts) throw error;
      console.log(`rendering pages ${range} failed (${(error as { signal?: string }).signal ?? (error as Error).message}), again`);
    }
  }
}

/** Runs a command on each item, two at a time (the machine's cores). */
async function eachInParallel<T>(items: T[], task: (item: T) => Promise<unknown>, concurrency = 2): Promise<void> {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < items.length) await task(items[next++]!);
  }));
}

/**
 * Thai digits are written as Arabic digits are, in numbers whose groups spaces separate; in the
 * Thai script (as the character database has them) Tesseract takes each for a word of an unspaced
 * script and outputs them one by one, spaced. Marked Common, they keep the spaces the model reads.
 */
async function markThaiDigitsCommon(model: string): Promise<void> {
  const prefix = join(work, 'unpacked.');
  await run('combine_tessdata', ['-u', model, prefix]);
  const unicharset = `${prefix}lstm-unicharset`;
  writeFileSync(unicharset, readFileSync(unicharset, 'utf8').replace(/^([\u0E50-\u0E59] .*) Thai /gmu, '$1 Common '));
  await run('combine_tessdata', ['-o', model, unicharset]);
}

async function main(): Promise<void> {
  const pagesDir = join(work, 'pages');
  mkdirSync(pagesDir, { recursive: true });
  const bases = Array.from({ length: Number(values.pages) }, (_, i) => join(pagesDir, `train-${String(i).padStart(5, '0')}`));
  if (values['render-range']) {
    // Each page has its own seed, so that any process can render any page and get the same.
    const [from, to] = values['render-range'].split(':').map(Number) as [number, number];
    const fonts = discoverFonts();
    for (let i = from; i < to; i++) {
      // A page is done when its last file is written: a range started again goes on from there.
      if (!existsSync(`${bases[i]}.gt.txt`)) await renderPage(seededRandom(Number(values.seed) * 100_003 + i), fonts, Number(values['lines-per-page']), bases[i]!);
    }
    return;
  }
  if (!values['skip-render']) {
    const half = Math.ceil(bases.length / 2);
    await Promise.all([`0:${half}`, `${half}:${bases.length}`].map((range) => renderRange(range)));
    console.log(`rendered ${bases.length} pages`);
    const unread = bases.filter((base) => !existsSync(`${base}.lstmf`));
    await eachInParallel(unread, (base) => run('tesseract', [`${base}.png`, base, '--psm', '6', 'lstm.train'], { env: { ...process.env, OMP_THREAD_LIMIT: '1' } }));
  }
  writeFileSync(join(work, 'train.txt'), bases.filter((b) => existsSync(`${b}.lstmf`)).map((b) => `${b}.lstmf`).join('\n') + '\n');

  await run('unicharset_extractor', ['--norm_mode', '1', '--output_unicharset', join(work, 'unicharset'), ...bases.map((b) => `${b}.box`)], { maxBuffer: 1 << 26 });
  // The recoder's table of Chinese radicals: none here, but the tool reads the file.
  writeFileSync(join(work, 'radical-stroke.txt'), '# none\n');
  await run('combine_lang_model', ['--input_unicharset', join(work, 'unicharset'), '--script_dir', work, '--output_dir', work, '--lang', LANG, '--pass_through_recoder']);
  const checkpoints = join(work, 'checkpoints');
  mkdirSync(checkpoints, { recursive: true });
  const starter = join(work, LANG, `${LANG}.traineddata`);
  const best = join(checkpoints, `${LANG}_checkpoint`);
  // A work directory that holds a checkpoint goes on from it, up to --iterations in all (with
  // --skip-render: the pages must be the same).
  const resume = existsSync(best);
  const training = run('lstmtraining', [
    '--traineddata', starter,
    ...(resume ? ['--continue_from', best] : ['--net_spec', netSpec(Number(readFileSync(join(work, 'unicharset'), 'utf8').split('\n')[0]))]),
    '--model_output', join(checkpoints, LANG),
    '--learning_rate', '0.002',
    // No evaluation list: its checks run beside training and slowed it threefold on two cores.
    '--train_listfile', join(work, 'train.txt'),
    '--max_iterations', String(values.iterations),
    '--target_error_rate', '0.002',
  ], { maxBuffer: 1 << 28, env: { ...process.env, OMP_THREAD_LIMIT: process.env.OMP_THREAD_LIMIT ?? '2' } });
  training.child.stderr?.pipe(process.stderr);
  await training;
  const float = join(work, `${LANG}.float.traineddata`);
  await run('lstmtraining', ['--stop_training', '--continue_from', best, '--traineddata', starter, '--model_output', float]);
  mkdirSync(join(OUTPUT, '..'), { recursive: true });
  const model = join(work, `${LANG}.traineddata`);
  await run('lstmtraining', ['--stop_training', '--convert_to_int', '--continue_from', best, '--traineddata', starter, '--model_output', model]);
  await markThaiDigitsCommon(model);
  copyFileSync(model, OUTPUT);
  console.log(`wrote ${OUTPUT}`);
}

await main();

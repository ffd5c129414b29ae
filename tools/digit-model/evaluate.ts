// Measures a number model on held-out lines: rendered as the training lines are (render.ts) but
// with another seed, and read as shared/ocr/tesseract.ts reads number spans (tesseract.js, LSTM
// only, one raw line, numberText after).
//
//   node --import tsx tools/digit-model/evaluate.ts --render 1500 [--seed 7919] [--set /tmp/numeval]
//   node --import tsx tools/digit-model/evaluate.ts [--model shared/ocr/models/leakscan_num.traineddata] [--set /tmp/numeval] [--json FILE]
//
// The first writes the set (NNNNN.png and NNNNN.gt.txt, the line as the model should read it);
// the second reports character error rate, line accuracy, how hollow-circle masks and Thai digits
// are read, and each character's accuracy.
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { OEM, PSM, createWorker } from 'tesseract.js';
import { numberText } from '../../shared/ocr/layout.ts';
import { seededRandom } from '../random.ts';
import { discoverFonts, renderSample } from './render.ts';

const { values } = parseArgs({
  options: {
    set: { type: 'string', default: '/tmp/numeval' },
    model: { type: 'string', default: join(import.meta.dirname, '../../shared/ocr/models/leakscan_num.traineddata') },
    render: { type: 'string' },
    // Not the training seed (train.ts: 2567), so no line of the set is a training line.
    seed: { type: 'string', default: '7919' },
    json: { type: 'string' },
  },
});

const HOLLOW = '\u25CB';
const isThaiDigit = (c: string): boolean => c >= '\u0E50' && c <= '\u0E59';
/** What a mask read as a digit looks like: a digit, or the letter O. */
const isDigitLike = (c: string): boolean => /^[0-9\u0E50-\u0E59Oo]$/u.test(c);

async function renderSet(dir: string, lines: number, seed: number): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const fonts = discoverFonts();
  for (let i = 0; i < lines; i++) {
    // Each line has its own seed, as each training page has.
    const { text, image } = await renderSample(seededRandom(seed * 100_003 + i), fonts);
    const base = join(dir, String(i).padStart(5, '0'));
    writeFileSync(`${base}.png`, await image.canvas.encode('png'));
    writeFileSync(`${base}.gt.txt`, `${text}\n`);
  }
  console.log(`wrote ${lines} lines to ${dir}`);
}

/** The characters of the truth, each with what the reading has in its place ('' where it has nothing), and the edit distance. */
function align(truth: string[], read: string[]): { pairs: Array<[string, string]>; distance: number } {
  const d = Array.from({ length: truth.length + 1 }, (_, i) => Array.from({ length: read.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= truth.length; i++) {
    for (let j = 1; j <= read.length; j++) d[i]![j] = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + Number(truth[i - 1] !== read[j - 1]));
  }
  const pairs: Array<[string, string]> = [];
  for (let i = truth.length, j = read.length; i > 0; ) {
    if (j > 0 && d[i]![j] === d[i - 1]![j - 1]! + Number(truth[i - 1] !== read[j - 1])) pairs.push([truth[--i]!, read[--j]!]);
    else if (d[i]![j] === d[i - 1]![j]! + 1) pairs.push([truth[--i]!, '']);
    else j--;
  }
  return { pairs: pairs.reverse(), distance: d[truth.length]![read.length]! };
}

const percent = (n: number, of: number): string => (of === 0 ? '-' : `${((100 * n) / of).toFixed(2)}%`);

async function evaluate(dir: string, model: string): Promise<void> {
  const modelPath = resolve(model);
  const worker = await createWorker(basename(modelPath).replace(/\.traineddata$/, ''), OEM.LSTM_ONLY, {
    langPath: dirname(modelPath),
    gzip: false,
    cacheMethod: 'none',
    errorHandler: () => {},
  });
  await worker.setParameters({ tessedit_pageseg_mode: PSM.RAW_LINE, debug_file: '/dev/null' });
  const files = readdirSync(dir).filter((f) => f.endsWith('.gt.txt')).sort();
  let chars = 0;
  let errors = 0;
  let exact = 0;
  const hollow = { total: 0, asHollow: 0, asDigit: 0 };
  const thai = { total: 0, right: 0 };
  const perChar = new Map<string, { total: number; right: number; as: Map<string, number> }>();
  const lines = [];
  const started = Date.now();
  for (const file of files) {
    const truth = readFileSync(join(dir, file), 'utf8').trim();
    const { data } = await worker.recognize(join(dir, file.replace(/\.gt\.txt$/, '.png')));
    const read = numberText(data.text);
    const { pairs, distance } = align([...truth], [...read]);
    chars += [...truth].length;
    errors += distance;
    if (read === truth) exact++;
    for (const [t, r] of pairs) {
      const stats = perChar.get(t) ?? { total: 0, right: 0, as: new Map<string, number>() };
      perChar.set(t, stats);
      stats.total++;
      if (t === r) stats.right++;
      else stats.as.set(r, (stats.as.get(r) ?? 0) + 1);
      if (t === HOLLOW) {
        hollow.total++;
        if (r === HOLLOW) hollow.asHollow++;
        if (isDigitLike(r)) hollow.asDigit++;
      }
      if (isThaiDigit(t)) {
        thai.total++;
        if (t === r) thai.right++;
      }
    }
    lines.push({ file, truth, read, distance });
  }
  await worker.terminate();
  console.log(`model ${modelPath}\nset ${dir}: ${files.length} lines, ${chars} characters, read in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  console.log(`character error rate ${percent(errors, chars)} (${errors} edits)`);
  console.log(`lines read exactly ${percent(exact, files.length)} (${exact})`);
  console.log(`hollow-circle masks (○, ◯): ${hollow.total}; read as ○ ${hollow.asHollow} (${percent(hollow.asHollow, hollow.total)}), as digits or O ${hollow.asDigit} (${percent(hollow.asDigit, hollow.total)})`);
  console.log(`Thai digits: ${thai.total}; read right ${thai.right} (${percent(thai.right, thai.total)})`);
  console.log('per character (truth: read right / total, most frequent misreadings; "" = dropped):');
  for (const [char, s] of [...perChar].sort((a, b) => b[1].total - a[1].total)) {
    const wrong = [...s.as].sort((a, b) => b[1] - a[1]).slice(0, 4).map(([r, n]) => `${JSON.stringify(r)}×${n}`).join(' ');
    console.log(`  ${JSON.stringify(char)} ${s.right}/${s.total} ${percent(s.right, s.total)} ${wrong}`);
  }
  if (values.json) writeFileSync(values.json, JSON.stringify({ model: modelPath, chars, errors, exact, hollow, thai, lines }, null, 1));
}

if (values.render) await renderSet(values.set!, Number(values.render), Number(values.seed));
else await evaluate(values.set!, values.model!);

// Measures a number model on held-out lines (dataset.ts, another seed than training's), read as
// the reader reads number spans (NumberModel.read, numberText after).
//
//   node --import tsx tools/digit-model/evaluate.ts [--model shared/ocr/models] [--thai-words 100] /tmp/eval-rendered.bin /tmp/eval-pages.bin
//
// Reports, per file: character error rate; lines read exactly; lines whose digits and masks are
// read exactly (what detection depends on: separators and spacing aside, any mask character for
// another); the confidence of lines read wrong against lines read right; and the IDs whose check
// digit holds read exactly, as read and with the check digit choosing among the model's
// alternatives (byCheckDigit), with the IDs read that the line does not hold. With --thai-words N,
// also how many of N lines of Thai words alone it reads four digits or more in (seeds 777 000 on,
// numbersReadInThaiWords).
import { distance } from 'fastest-levenshtein';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { MASK_CHARACTERS } from '../../shared/detect/written-forms.ts';
import { numberText } from '../../shared/ocr/layout.ts';
import { MODEL_HEIGHT, NumberModel, readPositions } from '../../shared/ocr/number-model.ts';
import { CheckDigitTally } from './check-digit-tally.ts';
import { numbersReadInThaiWords } from './thai-words.ts';

const { values, positionals } = parseArgs({
  options: {
    model: { type: 'string', default: join(import.meta.dirname, '../../shared/ocr/models') },
    // Also renders this many lines of Thai words alone (no number) and counts those read as a number.
    'thai-words': { type: 'string', default: '0' },
  },
  allowPositionals: true,
});

/** The lines of a set: what the model should read, and the pixels it reads. */
function* lines(path: string) {
  const data = readFileSync(path);
  for (let offset = 0; offset + 4 <= data.length; ) {
    const [width, length] = [data.readUInt16LE(offset), data.readUInt16LE(offset + 2)];
    // A set still being written: its last record is not whole.
    if (offset + 4 + length + width * MODEL_HEIGHT > data.length) return;
    const text = data.subarray(offset + 4, offset + 4 + length).toString('utf8');
    offset += 4 + length;
    yield { text, span: { width, height: MODEL_HEIGHT, gray: new Uint8Array(data.subarray(offset, offset + width * MODEL_HEIGHT)) } };
    offset += width * MODEL_HEIGHT;
  }
}

/** Digits and mask characters, in order, every mask character as one (detection counts them alike): separators and spaces aside. */
const positions = (text: string): string => [...readPositions(text)].map((c) => (MASK_CHARACTERS.includes(c) ? 'X' : c)).join('');
const median = (values: number[]): number => values.sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;
const percent = (n: number, of: number): string => `${((100 * n) / Math.max(1, of)).toFixed(2)}%`;

const model = await NumberModel.load(values.model);
for (const path of positionals) {
  let [count, errors, characters, exact, positionsExact] = [0, 0, 0, 0, 0];
  const [right, wrong]: number[][] = [[], []];
  const ids = new CheckDigitTally();
  for (const { text, span } of lines(path)) {
    const reading = await model.read(span);
    const read = numberText(reading.text);
    count++;
    errors += distance(read, text);
    characters += [...text].length;
    if (read === text) exact++;
    const same = positions(read) === positions(text);
    if (same) positionsExact++;
    (same ? right : wrong).push(reading.confidence);
    ids.add(text, reading);
  }
  console.log(
    `${path}: ${count} lines; character error ${percent(errors, characters)}; read exactly ${percent(exact, count)}; ` +
      `digits and masks exactly ${percent(positionsExact, count)}; median confidence ${median(right)} where they are, ${median(wrong)} where not`,
  );
  console.log(
    `  ${ids.truth} IDs whose check digit holds: read ${ids.read} (${ids.wrongRead} IDs read that the line does not hold); ` +
      `with the check digit choosing among the model's alternatives ${ids.chosen} (${ids.wrongChosen})`,
  );
}
const thaiLines = Number(values['thai-words']);
if (thaiLines > 0) console.log(`${thaiLines} lines of Thai words: ${await numbersReadInThaiWords(model, thaiLines)} read with four digits or more`);
await model.close();

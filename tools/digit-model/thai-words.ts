// Thai words for the lines the number model must read no digit in: the page engine's own
// dictionary (Tesseract's Thai word list, unpacked with Debian's tesseract training tools),
// which none of our document generators chose its words from.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { MODEL_HEIGHT, type NumberModel } from '../../shared/ocr/number-model.ts';
import { spanGray } from '../../shared/ocr/page.ts';
import { thaiModelDirectory } from '../../shared/ocr/tesseract.ts';
import { seededRandom } from '../random.ts';
import { discoverFonts, renderLine } from './render.ts';
import { THAI_LETTER, thaiPhrase } from './samples.ts';

/** Thai letters, vowels and tone marks only: no digit, no Latin letter. */
const THAI_WORD = new RegExp(`^${THAI_LETTER.source}+$`, 'u');

export function thaiWords(): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'leakscan-words-'));
  try {
    writeFileSync(join(dir, 'tha.traineddata'), gunzipSync(readFileSync(join(thaiModelDirectory(), 'tha.traineddata.gz'))));
    const run = (command: string, args: string[]) => execFileSync(command, args, { cwd: dir, stdio: 'ignore' });
    run('combine_tessdata', ['-u', 'tha.traineddata', 'tha.']);
    run('dawg2wordlist', ['tha.lstm-unicharset', 'tha.lstm-word-dawg', 'words.txt']);
    return readFileSync(join(dir, 'words.txt'), 'utf8')
      .split('\n')
      .filter((w) => THAI_WORD.test(w));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * How many of `count` lines of Thai words alone (drawn from seed 777 000 on) the model reads four
 * digits or more in: a number where there is none.
 */
export async function numbersReadInThaiWords(model: NumberModel, count: number): Promise<number> {
  const [fonts, words] = [discoverFonts(), thaiWords()];
  let numbers = 0;
  for (let i = 0; i < count; i++) {
    const random = seededRandom(777_000 + i);
    const image = renderLine(random, thaiPhrase(random, words), fonts);
    const reading = await model.read(spanGray(image.canvas, { x0: 0, y0: 0, x1: image.width, y1: image.height }, { x: 0, y: 0 }, MODEL_HEIGHT));
    if (reading.text.replace(/[^0-9\u0E50-\u0E59]/g, '').length >= 4) numbers++;
  }
  return numbers;
}

// Tesseract with the Thai model from the registry package and leakscan's number model, on a
// scanned page of the dev corpus when it is beside the project.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TesseractEngine } from '../../shared/ocr/tesseract.ts';

const CORPUS = resolve(import.meta.dirname, '../../../shared/corpus/dev');
const PAGE = resolve(CORPUS, '010-elderly-allowance.png');

describe.skipIf(!existsSync(PAGE))('Tesseract OCR engine', () => {
  const engine = new TesseractEngine();
  afterAll(() => engine.close());

  it('reads Thai text and the numbers of a scanned list offline, a table row to a line', async () => {
    const { lines } = await engine.recognize(readFileSync(PAGE));
    // Thai is not spaced between words: OCR's spacing of it is of no consequence.
    const unspaced = (text: string) => text.replace(/\s+/g, '');
    const text = unspaced(lines.map((l) => l.text).join('\n'));
    expect(text).toContain('ประกาศองค์การบริหารส่วน');
    expect(text).toMatch(/เลขประจ[ําำ]+ตัวประชาชน/);
    expect(lines.every((l) => l.confidence >= 0 && l.confidence <= 100)).toBe(true);
    // The IDs of the list (scan_sources.json holds the text the page was printed from), each on
    // the line of the person it belongs to.
    const { documents } = JSON.parse(readFileSync(resolve(CORPUS, 'scan_sources.json'), 'utf8')) as { documents: Record<string, { text: string }> };
    const ids = [...documents['010-elderly-allowance.png']!.text.matchAll(/(นา[งย]\S*)\s+\S+\s+([๐-๙] [๐-๙]{4} [๐-๙]{5} [๐-๙]{2} [๐-๙])/g)];
    const read = ids.filter(([, name, id]) => lines.some((l) => l.text.includes(id!) && unspaced(l.text).includes(name!.slice(0, 3))));
    expect(read.length).toBeGreaterThanOrEqual(6);
  }, 120_000);
});

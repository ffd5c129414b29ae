// Tesseract with the Thai model from the registry package and leakscan's number model: on a
// scanned page of the dev corpus when it is beside the project, and on generated scans by form.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { fingerprinter } from '../../shared/fingerprint.ts';
import { TesseractEngine } from '../../shared/ocr/tesseract.ts';
import { scanDocument } from '../../shared/scan.ts';
import { generateScan, scanUnavailable } from '../generate/index.ts';
import { SCORE_KEY } from '../generate/score.ts';

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

/**
 * Labelled leaks found, and all labelled, over the first `count` generated single-page scans
 * (PNG) from seed 70 000 that hold a leak in `tag`'s form.
 */
async function leaksFound(engine: TesseractEngine, tag: string, count: number): Promise<{ found: number; labelled: number }> {
  const fingerprint = fingerprinter(SCORE_KEY);
  let [found, labelled] = [0, 0];
  for (let seed = 70_000, taken = 0; taken < count; seed++) {
    const doc = generateScan(seed, 'png');
    const leaks = doc.labels.findings.filter((f) => f.tags.includes(tag) && (f.status === 'unmasked' || f.status === 'insufficient'));
    if (leaks.length === 0) continue;
    taken++;
    const result = await scanDocument(doc.name, doc.bytes, { fingerprint, extraction: { ocr: engine } });
    const reported = new Set(result.findings.map((f) => `${f.type}|${f.status}|${f.fingerprint}`));
    labelled += leaks.length;
    found += leaks.filter((f) => reported.has(`${f.type}|${f.status}|${fingerprint(f.type, f.value)}`)).length;
  }
  return { found, labelled };
}

describe.skipIf(scanUnavailable !== undefined)('Tesseract OCR engine on generated scans', () => {
  const engine = new TesseractEngine();
  afterAll(() => engine.close());

  it('reads the identifiers of ruled tables, which the page engine drops or garbles when it sees their borders', async () => {
    const { found, labelled } = await leaksFound(engine, 'layout:table-ruled', 3);
    // 31 of 38 (the page engine reading the page with its borders found 23).
    expect(found / labelled).toBeGreaterThanOrEqual(0.75);
  }, 300_000);

  it('reports an ID whose check digit the document got wrong when every reading of it agrees', async () => {
    const { found, labelled } = await leaksFound(engine, 'checksum:invalid', 4);
    // 2 of the first 4 (labelled is 4); OCR text reported none before readings were checked for agreement.
    expect(labelled).toBe(4);
    expect(found).toBeGreaterThanOrEqual(2);
  }, 300_000);
});

// Tesseract with the Thai and English models from the registry packages, on a scanned page of
// the dev corpus when it is beside the project.
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TesseractEngine } from '../../shared/ocr/tesseract.ts';

const PAGE = resolve(import.meta.dirname, '../../../shared/corpus/dev/010-elderly-allowance.png');

describe.skipIf(!existsSync(PAGE))('Tesseract OCR engine', () => {
  const engine = new TesseractEngine();
  afterAll(() => engine.close());

  it('reads Thai text offline, line by line with confidences', async () => {
    const { lines } = await engine.recognize(readFileSync(PAGE));
    const text = lines.map((l) => l.text).join('\n');
    expect(text).toContain('ประกาศองค์การบริหารส่วน');
    expect(text).toMatch(/เลขประจ[ําำ]+ตัวประชาชน/);
    expect(lines.every((l) => l.confidence >= 0 && l.confidence <= 100)).toBe(true);
  }, 60_000);
});

// Bad and hostile input: each is recorded with a code and a plain message, and never stops a
// batch.
import { describe, expect, it } from 'vitest';
import { type ExtractionLimits, detectFormat } from '../../shared/extract/index.ts';
import type { OcrEngine } from '../../shared/ocr/engine.ts';
import { scanDocument, summarize } from '../../shared/scan.ts';
import { dashed, fingerprint, withCheckDigit } from '../helpers.ts';
import { docx, docxXml, encryptedOffice, encryptedPdf, pdf, pngHeader, workbook, zipBomb } from './fixtures.ts';

const ID = withCheckDigit('110170020703');

const scan = (name: string, bytes: Uint8Array, limits: Partial<ExtractionLimits> = {}, ocr?: OcrEngine) => scanDocument(name, bytes, { fingerprint, extraction: { limits, ...(ocr ? { ocr } : {}) } });

const neverAnswers: OcrEngine = { name: 'stuck', recognize: () => new Promise(() => {}), close: async () => {} };

describe('bad and hostile documents', () => {
  it('a truncated PDF is corrupt', async () => {
    const bytes = await pdf([[`Citizen ID: ${dashed(ID)}`]]);
    expect((await scan('cut.pdf', bytes.subarray(0, 200))).error?.code).toBe('corrupt');
  });

  it('a password-protected PDF is encrypted', async () => {
    const result = await scan('secret.pdf', encryptedPdf(await pdf([['hello']])));
    expect(result.error).toEqual({ code: 'encrypted', message: 'the PDF is protected by a password' });
  });

  it('password-protected Word and Excel files are encrypted, whatever their name', async () => {
    for (const name of ['secret.docx', 'secret.xlsx', 'secret.doc']) {
      const result = await scan(name, encryptedOffice());
      expect(result).toMatchObject({ status: 'error', format: 'encrypted-office', error: { code: 'encrypted' } });
    }
  });

  it('a zip bomb named .xlsx is refused by what it inflates to', async () => {
    const bomb = zipBomb(20 * 1024 * 1024);
    expect(bomb.length).toBeLessThan(100 * 1024);
    const result = await scan('list.xlsx', bomb, { maxDecompressedBytes: 5 * 1024 * 1024 });
    expect(result.error?.code).toBe('too_large');
    expect(result.error?.message).toMatch(/inflates to more than 5242880 bytes/);
  });

  it('a real workbook under the same limit passes', async () => {
    const result = await scan('list.xlsx', workbook([{ name: 'a', rows: [['เลขประจำตัวประชาชน'], [ID]] }], 'xlsx'), { maxDecompressedBytes: 5 * 1024 * 1024 });
    expect(result).toMatchObject({ status: 'scanned', findings: [{ type: 'national_id' }] });
  });

  it('a 0-byte file is corrupt', async () => {
    expect((await scan('empty.pdf', new Uint8Array(0))).error).toEqual({ code: 'corrupt', message: 'the file is empty (0 bytes)' });
  });

  it('a .png that is really text is read as text', async () => {
    const result = await scan('scan.png', new TextEncoder().encode(`เลขประจำตัวประชาชน ${ID}`));
    expect(result).toMatchObject({ format: 'txt', status: 'scanned', findings: [{ type: 'national_id' }] });
  });

  it('an image too large to decode is refused before decoding', async () => {
    const result = await scan('huge.png', pngHeader(100_000, 100_000), {}, neverAnswers);
    expect(result.error).toEqual({ code: 'too_large', message: 'the image is 100000×100000 pixels; the limit is 40000000 pixels' });
  });

  it('a PDF with too many pages is refused', async () => {
    const result = await scan('big.pdf', await pdf([['a'], ['b'], ['c']]), { maxPages: 2 });
    expect(result.error).toEqual({ code: 'too_many_pages', message: 'the PDF has 3 pages; the limit is 2' });
  });

  it('a document over the byte limit is refused', async () => {
    const result = await scan('big.txt', new Uint8Array(2048).fill(0x41), { maxBytes: 1024 });
    expect(result.error?.code).toBe('too_large');
  });

  it('an image without an OCR engine is ocr_unavailable', async () => {
    const png = Buffer.from(await (await import('@napi-rs/canvas')).createCanvas(40, 20).encode('png'));
    expect((await scan('scan.png', png)).error?.code).toBe('ocr_unavailable');
  });

  it('formats leakscan does not read are unsupported, and the batch goes on', async () => {
    const plainZip = zipBomb(10);
    const results = await Promise.all([
      scan('archive.zip', Buffer.concat([Buffer.from(plainZip.subarray(0, 4)), Buffer.from('not really')])),
      scan('ok.docx', docx({ body: docxXml.para(docxXml.run(`เลขประจำตัวประชาชน ${ID}`)) })),
    ]);
    expect(detectFormat(plainZip.subarray(0, 4), 'archive.zip')).toBe('zip');
    expect(results[0]!.error?.code).toBe('unsupported_format');
    expect(summarize(results)).toMatchObject({ documents: 2, scanned: 1, errors: 1, documentsWithLeaks: 1 });
  });
});

describe('error messages', () => {
  it('mask the numbers a parser quotes from the document', async () => {
    const { parserMessage } = await import('../../shared/errors.ts');
    expect(parserMessage(new Error(`Invalid record at "${dashed(ID)}" line 3`))).toBe('Invalid record at "X-XXXX-XXXXX-XX-X" line 3');
  });
});

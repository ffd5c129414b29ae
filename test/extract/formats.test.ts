// Every format read through the one extraction module, from documents built here.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { detectFormat, extractDocument } from '../../shared/extract/index.ts';
import type { OcrEngine, OcrResult } from '../../shared/ocr/engine.ts';
import { scanDocument } from '../../shared/scan.ts';
import { dashed, detect, fingerprint, withCheckDigit } from '../helpers.ts';
import { docx, docxTextBox, docxXml, pdf, workbook } from './fixtures.ts';

const ID = withCheckDigit('110170020703');
const ID2 = withCheckDigit('350100512346');
const ID3 = withCheckDigit('361200098765');
const { run, para, row, table } = docxXml;

const extract = (bytes: Uint8Array, name: string, ocr?: OcrEngine) => extractDocument(bytes, detectFormat(bytes, name), { ocr });
const found = async (bytes: Uint8Array, name: string, ocr?: OcrEngine) => detect((await extract(bytes, name, ocr)).blocks);

/** An OCR engine that records what it was given and answers with fixed lines. */
class FakeOcr implements OcrEngine {
  readonly name = 'fake';
  readonly images: Uint8Array[] = [];
  constructor(private readonly lines: string[]) {}
  async recognize(image: Uint8Array): Promise<OcrResult> {
    this.images.push(image);
    return { lines: this.lines.map((text) => ({ text, confidence: 90 })) };
  }
  async close(): Promise<void> {}
}

describe('DOCX', () => {
  const document = docx({
    body: [
      // A number split across runs with different formatting still reads as one.
      para(run('เลขประจำตัวประชาชน '), run(dashed(ID).slice(0, 6), '<w:b/>'), run(dashed(ID).slice(6))),
      table(row('ชื่อ', 'เลขประจำตัวประชาชน', 'โทรศัพท์'), row('นางสมศรี', dashed(ID2), '081-234-5678')),
      para(run('หมายเหตุ '), run(`ผู้ร้อง ${ID3}`, '<w:vanish/>')),
      docxTextBox('มือถือ 089-765-4321'),
    ].join(''),
    header: para(run('ผู้ประสานงาน นายสมชาย โทร 062-222-3333')),
    footer: para(run(`เลขบัตรประชาชน ${'X'.repeat(4)}${ID.slice(4)}`)),
  });

  it('reads the body, tables, headers, footers and text boxes, with where each was', async () => {
    const findings = await found(document, 'minutes.docx');
    const where = findings.map((f) => `${f.type}:${f.status}:${f.location.part ?? 'body'}:${f.location.cell ?? ''}:${f.location.hidden ?? ''}`);
    expect(where).toEqual([
      'phone:unmasked:header::',
      'national_id:unmasked:body::',
      'national_id:unmasked:body:B2:',
      'phone:unmasked:body:C2:',
      'phone:unmasked:text box::',
      'national_id:unmasked:body::docx-hidden-text',
      'national_id:masked:footer::',
    ]);
  });

  it('detects the format from the bytes, whatever the name', () => {
    expect(detectFormat(document, 'list.pdf')).toBe('docx');
  });
});

describe('spreadsheets (XLSX, ODS, XLS)', () => {
  const sheets = [
    {
      name: 'รายชื่อ',
      rows: [
        ['ลำดับ', 'ชื่อ', 'เลขประจำตัวประชาชน', 'เบอร์โทรศัพท์', 'หมายเหตุ'],
        [1, 'นางสมศรี', Number(ID), 812345678, ''],
        [2, 'นายสมชาย', `XXXX${ID2.slice(4)}`, '', ''],
        [3, 'นางมาลี', Number(ID3), '', ''],
      ],
      hiddenRows: [3],
      hiddenColumns: [4],
    },
    { name: 'ข้อมูลเดิม', rows: [['เลขบัตรประชาชน'], [ID2]], hidden: true },
  ];

  // What survives a round trip through SheetJS (its writers make these fixtures): hidden rows
  // only in XLSX, hidden sheets in XLSX and XLS.
  const hiddenWritten = { xlsx: { row: true, sheet: true }, ods: { row: false, sheet: false }, xls: { row: false, sheet: true } };

  it.each(['xlsx', 'ods', 'xls'] as const)('%s: every sheet, numbers with all their digits, hidden parts marked', async (bookType) => {
    const bytes = workbook(sheets, bookType);
    expect(detectFormat(bytes, `list.${bookType}`)).toBe(bookType);
    const findings = await found(bytes, `list.${bookType}`);
    const summary = findings.map((f) => [
      f.type,
      f.status,
      f.fingerprint === fingerprint(f.type, f.type === 'phone' ? '0812345678' : f.status === 'masked' ? `XXXX${ID2.slice(4)}` : ''),
      f.location.sheet,
      f.location.cell,
      f.location.hidden ?? '',
    ]);
    expect(summary.map(([type, status, , sheet, cell, hidden]) => [type, status, sheet, cell, hidden])).toEqual([
      ['national_id', 'unmasked', 'รายชื่อ', 'C2', ''],
      ['phone', 'unmasked', 'รายชื่อ', 'D2', ''],
      ['national_id', 'masked', 'รายชื่อ', 'C3', ''],
      ['national_id', 'unmasked', 'รายชื่อ', 'C4', hiddenWritten[bookType].row ? 'hidden-row' : ''],
      ['national_id', 'unmasked', 'ข้อมูลเดิม', 'A2', hiddenWritten[bookType].sheet ? 'hidden-sheet' : ''],
    ]);
    // The phone lost its leading zero as a number; the fingerprint is of the real number.
    expect(summary[1]![2]).toBe(true);
    expect(findings[0]!.fingerprint).toBe(fingerprint('national_id', ID));
  });
});

describe('PDF', () => {
  it('reads the text layer per page and sends only pages without one to OCR', async () => {
    const bytes = await pdf([[`Citizen ID: ${dashed(ID)}`, 'Mobile: 081-234-5678'], null]);
    const ocr = new FakeOcr([`เลขประจำตัวประชาชน ${dashed(ID2)}`]);
    const doc = await extract(bytes, 'list.pdf', ocr);
    expect(doc.pagesOcred).toBe(1);
    expect(ocr.images).toHaveLength(1);
    expect(Buffer.from(ocr.images[0]!.subarray(1, 4)).toString('latin1')).toBe('PNG');
    const findings = detect(doc.blocks);
    expect(findings.map((f) => [f.type, f.location.page])).toEqual([
      ['national_id', 1],
      ['phone', 1],
      ['national_id', 2],
    ]);
    expect(findings[0]!.location.line).toBe(1);
  });

  it('renders a scanned page at its own resolution, never above 300 dpi: resampling blurs strokes', async () => {
    const ocr = new FakeOcr([]);
    await extract(await pdf([{ scanDpi: 150 }, { scanDpi: 400 }, null]), 'scan.pdf', ocr);
    const { loadImage } = await import('@napi-rs/canvas');
    const widths = await Promise.all(ocr.images.map(async (image) => (await loadImage(Buffer.from(image))).width));
    // 595 points are 8.26 inches: 1240 pixels at 150 dpi, 2480 at 300.
    expect(widths).toEqual([1240, 2480, 2480]);
  }, 30_000);

  it('keeps what the text layer gave when no OCR engine is configured, and says what it missed', async () => {
    const bytes = await pdf([[`Citizen ID: ${dashed(ID)}`], null, null]);
    const result = await scanDocument('list.pdf', bytes, { fingerprint, extraction: {} });
    expect(result.status).toBe('error');
    expect(result.error).toEqual({ code: 'ocr_unavailable', message: 'pages 2, 3 have no text layer and no OCR engine is configured' });
    expect(result.findings).toHaveLength(1);
  });
});

describe('images', () => {
  it('sends images to OCR and reports its text with the page', async () => {
    const png = Buffer.from(await (await import('@napi-rs/canvas')).createCanvas(40, 20).encode('png'));
    const ocr = new FakeOcr(['มือถือ 089-765-4321']);
    const findings = await found(png, 'scan.jpg', ocr);
    expect(findings.map((f) => [f.type, f.location.page])).toEqual([['phone', 1]]);
    // The engine reads the image as leakscan decoded it, never the bytes given.
    expect(PNG.sync.read(Buffer.from(ocr.images[0]!))).toMatchObject({ width: 40, height: 20 });
  });

  it('reads every page of a TIFF, CCITT Group 4 as scanners and faxes write it', async () => {
    // Made once with ImageMagick: a 60×30 page with a black square, and a blank 50×25 page.
    const tiff = readFileSync(join(import.meta.dirname, '../fixtures/scans/two-pages-g4.tif'));
    const ocr = new FakeOcr(['มือถือ 089-765-4321']);
    const findings = await found(tiff, 'scan.tif', ocr);
    expect(findings.map((f) => f.location.page)).toEqual([1, 2]);
    const { loadImage } = await import('@napi-rs/canvas');
    const pages = await Promise.all(ocr.images.map((image) => loadImage(Buffer.from(image))));
    expect(pages.map((p) => [p.width, p.height])).toEqual([
      [60, 30],
      [50, 25],
    ]);
  });

  it('checks the size of every TIFF page before decoding any', async () => {
    const tiff = readFileSync(join(import.meta.dirname, '../fixtures/scans/two-pages-g4.tif'));
    const result = extractDocument(tiff, 'tiff', { ocr: new FakeOcr([]), limits: { maxImagePixels: 1000 } });
    await expect(result).rejects.toMatchObject({ code: 'too_large' });
    await expect(extractDocument(tiff, 'tiff', { ocr: new FakeOcr([]), limits: { maxPages: 1 } })).rejects.toMatchObject({ code: 'too_many_pages' });
  });
});

describe('DOC (Word 97–2003)', () => {
  // A fixture made once with LibreOffice (`soffice --convert-to 'doc:MS Word 97'`) from a page
  // with a paragraph and a table; no library here writes the binary Word format.
  const bytes = readFileSync(join(import.meta.dirname, '../fixtures/legacy/minutes.doc'));

  it('reads the body and tables of a binary Word document', async () => {
    expect(detectFormat(bytes, 'minutes.pdf')).toBe('doc');
    const findings = await found(bytes, 'minutes.doc');
    expect(findings.map((f) => [f.type, f.status, f.fingerprint])).toEqual([
      ['national_id', 'unmasked', fingerprint('national_id', '1101700207030')],
      ['phone', 'unmasked', fingerprint('phone', '0812345678')],
      ['national_id', 'unmasked', fingerprint('national_id', '3501005123462')],
    ]);
  });
});

// Masking PDFs with a text layer: the hidden digits' glyphs are gone from the file (no text
// extraction finds them), an X is drawn in each place, and every other glyph stays where it was.
import * as mupdf from 'mupdf';
import { GlobalFonts, createCanvas } from '@napi-rs/canvas';
import { afterAll, describe, expect, it } from 'vitest';
import { openPdf, pdfPages } from '../../shared/extract/pdf.ts';
import { maskVerified } from '../../shared/mask/index.ts';
import { type PlacedGlyph, placeDigits } from '../../shared/mask/pdf.ts';
import { MADE } from '../../shared/mask/sourced.ts';
import { encodeCanvas } from '../../shared/ocr/page.ts';
import { TesseractEngine } from '../../shared/ocr/tesseract.ts';
import { scanDocument } from '../../shared/scan.ts';
import { isLeak } from '../../shared/types.ts';
import { dashed, fingerprint, toThaiDigits, withCheckDigit } from '../helpers.ts';
import { THAI_FONT, encryptedPdf, hasThaiFont, pdf, thaiPdf } from '../extract/fixtures.ts';

const ID1 = withCheckDigit('350846563212');
const ID2 = withCheckDigit('110203040506');
const spaced = (id: string) => `${id[0]} ${id.slice(1, 5)} ${id.slice(5, 10)} ${id.slice(10, 12)} ${id[12]}`;

/** What the scanner reads of a PDF: its pages' text. */
async function scannerText(bytes: Uint8Array): Promise<string> {
  const doc = await openPdf(bytes);
  try {
    return (await pdfPages(doc, { maxPages: 10 })).map((p) => p.text ?? '').join('\f');
  } finally {
    await doc.destroy();
  }
}

interface PageGlyph {
  char: string;
  x: number;
  y: number;
}

/** Every glyph MuPDF finds on each page, at its origin: what any copy-and-paste would give. */
function glyphs(bytes: Uint8Array): PageGlyph[][] {
  const doc = new mupdf.PDFDocument(bytes);
  const pages: PageGlyph[][] = [];
  for (let i = 0; i < doc.countPages(); i++) {
    const page: PageGlyph[] = [];
    doc
      .loadPage(i)
      .toStructuredText('preserve-whitespace')
      .walk({ onChar: (char, [x, y]) => void (char !== ' ' && page.push({ char, x, y })) });
    pages.push(page);
  }
  return pages;
}

/**
 * The PDF's text diff, glyph by glyph: the places (glyph origins, to 0.05 pt) on each page that
 * now show other glyphs, as "old→new", top to bottom, left to right; every place must still
 * show a glyph, and no glyph may appear elsewhere. Thai marks share their letter's place.
 */
function glyphDiff(before: Uint8Array, after: Uint8Array): string[][] {
  const places = (page: PageGlyph[]) => {
    const list: Array<{ x: number; y: number; chars: string[] }> = [];
    for (const g of page) {
      const place = list.find((p) => Math.abs(p.x - g.x) < 0.05 && Math.abs(p.y - g.y) < 0.05);
      if (place) place.chars.push(g.char);
      else list.push({ x: g.x, y: g.y, chars: [g.char] });
    }
    return list.map((p) => ({ ...p, text: p.chars.sort().join('') }));
  };
  const afterPages = glyphs(after);
  return glyphs(before).map((page, i) => {
    const [was, now] = [places(page), places(afterPages[i]!)];
    const at = (list: typeof now, p: { x: number; y: number }) => list.find((q) => Math.abs(p.x - q.x) < 0.05 && Math.abs(p.y - q.y) < 0.05);
    expect(now.filter((p) => !at(was, p))).toEqual([]);
    expect(was.filter((p) => !at(now, p))).toEqual([]);
    return was
      .filter((p) => at(now, p)!.text !== p.text)
      .sort((p, q) => p.y - q.y || p.x - q.x)
      .map((p) => `${p.text}→${at(now, p)!.text}`);
  });
}

const hidden = (digits: string) => [...digits].map((d) => `${d}→X`);

async function masked(bytes: Uint8Array, keep: 'last' | 'first' = 'last') {
  const result = await maskVerified(bytes, 'list.pdf', keep);
  if (!result.ok) throw new Error(result.reason);
  // A PDF with a text layer is read without OCR: nothing to check by eye.
  expect(result.readByOcr).toBe(false);
  return result;
}

describe.skipIf(!hasThaiFont)('masking a Thai PDF (embedded font, glyph IDs)', () => {
  const thaiId = toThaiDigits(spaced(ID1));
  const original = thaiPdf([
    ['ประกาศรายชื่อผู้มีสิทธิรับเงินเบี้ยยังชีพผู้สูงอายุ', `๑ นางสาวสมศรี ใจดี เลขประจำตัวประชาชน ${thaiId} โทร 081-234-5678`, `๒ นายสมชาย ทองดี เลขประจำตัวประชาชน ${dashed(ID2)}`, 'รวมทั้งสิ้น ๒ ราย'],
  ]);

  it('replaces the first 4 digits of each identifier by X in place, and nothing else', async () => {
    const result = await masked(original);
    expect(result.changes.map((c) => c.type)).toEqual(['national_id', 'phone', 'national_id']);
    const thai = toThaiDigits(ID1);
    expect(glyphDiff(original, result.bytes)).toEqual([[...hidden(thai.slice(0, 4)), ...hidden('0812'), ...hidden(ID2.slice(0, 4))]]);
  });

  it('removes the hidden digits from the file: no text extraction finds them', async () => {
    const result = await masked(original);
    const [page] = glyphs(result.bytes);
    const digits = page!
      .map((g) => g.char)
      .join('')
      .replace(/[^0-9๐-๙X]/g, '');
    expect(digits).not.toContain(toThaiDigits(ID1).slice(0, 5));
    expect(digits).toContain(toThaiDigits(ID1).slice(4));
    expect(digits).not.toContain(ID2.slice(0, 5));
    const scanner = await scannerText(result.bytes);
    expect(scanner.replace(/[^0-9๐-๙]/g, '')).not.toMatch(new RegExp(`${ID2.slice(0, 4)}|${toThaiDigits(ID1).slice(0, 4)}|0812`));
  });

  it('hides the last 4 digits when the first are kept', async () => {
    const result = await masked(original, 'first');
    expect(glyphDiff(original, result.bytes)).toEqual([[...hidden(toThaiDigits(ID1).slice(9)), ...hidden('5678'), ...hidden(ID2.slice(9))]]);
  });
});

describe('masking a PDF in a standard font (single-byte codes)', () => {
  it('masks the ID and the phone in place; the copy scans clean', async () => {
    const original = await pdf([[`Citizen ID: ${dashed(ID1)}`, 'Mobile: 081-234-5678', 'Total: 1,250.00']]);
    const result = await masked(original);
    expect(result.changes.map((c) => c.type)).toEqual(['national_id', 'phone']);
    expect(glyphDiff(original, result.bytes)).toEqual([[...hidden(ID1.slice(0, 4)), ...hidden('0812')]]);
  });

  it('blanks the pixels of a digit under an OCR text layer, and draws the X visibly', async () => {
    const line = `Citizen ID: ${dashed(ID1)}`;
    const original = scanWithTextLayer(line);
    const result = await masked(original);
    expect(glyphDiff(original, result.bytes)).toEqual([hidden(ID1.slice(0, 4))]);
    // The page as it prints: the scanned digits' pixels differ, those of the rest do not.
    const [before, after] = [original, result.bytes].map((b) => new mupdf.PDFDocument(b).loadPage(0).toPixmap(mupdf.Matrix.identity, mupdf.ColorSpace.DeviceGray, false));
    const changedColumns = new Set<number>();
    const [pb, pa] = [before!.getPixels(), after!.getPixels()];
    for (let i = 0; i < pb.length; i++) if (pb[i] !== pa[i]) changedColumns.add(i % before!.getWidth());
    const textLeft = 50 + 12 * 0.6 * 12;
    expect(Math.min(...changedColumns)).toBeGreaterThanOrEqual(textLeft - 3);
    expect(Math.max(...changedColumns)).toBeLessThan(textLeft + 5 * 0.6 * 12 + 3);
  });

  it('refuses an encrypted PDF and a page with no text layer, saying why', async () => {
    const locked = await maskVerified(encryptedPdf(await pdf([[`Citizen ID: ${dashed(ID1)}`]])), 'locked.pdf', 'last');
    expect(locked).toMatchObject({ ok: false, reason: expect.stringMatching(/password/) });
    const scanned = await maskVerified(await pdf([[`Citizen ID: ${dashed(ID1)}`], { scanDpi: 100 }]), 'scan.pdf', 'last');
    expect(scanned).toMatchObject({ ok: false, reason: expect.stringMatching(/page 2/) });
  });
});

/**
 * A scan with an OCR text layer, as scanners make them: the page is an image showing the line
 * (in a monospaced font, 0.6 em a character), with the same line as invisible text over it.
 */
function scanWithTextLayer(line: string): Uint8Array {
  const doc = new mupdf.PDFDocument();
  const pixels = new mupdf.Pixmap(mupdf.ColorSpace.DeviceRGB, [0, 0, 595, 842], false);
  pixels.clear(255);
  const page = new mupdf.PDFDocument();
  const font = new mupdf.Font('Courier');
  const draw = `BT /F1 12 Tf 50 780 Td (${line}) Tj ET`;
  page.insertPage(-1, page.addPage([0, 0, 595, 842], 0, { Font: { F1: page.addSimpleFont(font) } }, draw));
  const image = page.loadPage(0).toPixmap(mupdf.Matrix.identity, mupdf.ColorSpace.DeviceRGB, false);
  const resources = { Font: { F1: doc.addSimpleFont(font) }, XObject: { Scan: doc.addImage(new mupdf.Image(image)) } };
  doc.insertPage(-1, doc.addPage([0, 0, 595, 842], 0, resources, `q 595 0 0 842 0 0 cm /Scan Do Q BT 3 Tr ${draw.slice(3)}`));
  return doc.saveToBuffer('compress').asUint8Array().slice();
}

describe.skipIf(!hasThaiFont)('masking a scanned PDF page (no text layer) with Tesseract', () => {
  const tesseract = new TesseractEngine();
  afterAll(() => tesseract.close());

  /** A page that is one image at 150 dpi: a list row printed and scanned. */
  async function scannedPdf(lines: string[]): Promise<Uint8Array> {
    GlobalFonts.registerFromPath(THAI_FONT, 'Garuda');
    const canvas = createCanvas(1240, 1754);
    const context = canvas.getContext('2d');
    context.fillStyle = '#ffffff';
    context.fillRect(0, 0, canvas.width, canvas.height);
    context.fillStyle = '#000000';
    context.font = '30px Garuda';
    lines.forEach((line, i) => context.fillText(line, 100, 200 + i * 60));
    const doc = new mupdf.PDFDocument();
    const image = doc.addImage(new mupdf.Image(await encodeCanvas(canvas, 'png')));
    doc.insertPage(-1, doc.addPage([0, 0, 595, 842], 0, { XObject: { Scan: image } }, 'q 595 0 0 842 0 0 cm /Scan Do Q'));
    return doc.saveToBuffer('compress').asUint8Array().slice();
  }

  it('paints over the digits in the image and strokes an X on each: the page stays a scan, and OCR finds no leak', async () => {
    const original = await scannedPdf([`นางสมศรี ใจดี เลขประจำตัวประชาชน ${spaced(ID1)}`, 'โทรศัพท์มือถือ 081-234-5678 บ้านเลขที่ ๑๒/๓']);
    const scan = (bytes: Uint8Array) => scanDocument('scan.pdf', bytes, { fingerprint, extraction: { ocr: tesseract } });
    expect((await scan(original)).findings.filter(isLeak).map((f) => f.type)).toEqual(['national_id', 'phone']);
    const result = await maskVerified(original, 'scan.pdf', 'last', tesseract);
    if (!result.ok) throw new Error(result.reason);
    expect(result.changes.map((c) => [c.type, c.location.page])).toEqual([
      ['national_id', 1],
      ['phone', 1],
    ]);
    // No text was added: the scanner still reads the page by OCR, and reads the masks.
    expect(await scannerText(result.bytes)).toBe('');
    const rescan = await scan(result.bytes);
    // Every digit of both numbers is covered (a scan's numbers are masked whole): no digit is left to read.
    expect(rescan.findings.filter(isLeak)).toEqual([]);
    expect(rescan.findings.filter((f) => /\d/.test(f.display))).toEqual([]);
    // Only pixels on the two numbers' line heights changed, right of the words before them.
    const pixels = (bytes: Uint8Array) => new mupdf.PDFDocument(bytes).loadPage(0).toPixmap(mupdf.Matrix.scale(150 / 72, 150 / 72), mupdf.ColorSpace.DeviceGray, false);
    const [before, after] = [pixels(original), pixels(result.bytes)];
    const [pb, pa, width] = [before.getPixels(), after.getPixels(), before.getWidth()];
    const rows = new Set<number>();
    for (let i = 0; i < pb.length; i++) if (Math.abs(pb[i]! - pa[i]!) > 8) rows.add(Math.floor(i / width));
    expect(rows.size).toBeGreaterThan(0);
    expect([...rows].every((y) => (y > 160 && y < 215) || (y > 220 && y < 275))).toBe(true);
  }, 120_000);
});

describe('placeDigits: the glyph that draws each digit of a text item', () => {
  const item = { str: 'ID 1 2345', x: 100, y: 700, width: 60, height: 10, direction: [1, 0] as [number, number] };
  const glyph = (char: string, x: number, y = 700): PlacedGlyph => ({ char, x, y });

  it('pairs the item digits with the digit glyphs on its baseline, in order', () => {
    const glyphs = [glyph('I', 100), glyph('1', 118), glyph('2', 128), glyph('3', 134), glyph('4', 140), glyph('5', 146), glyph('9', 130, 680)];
    const [placed] = placeDigits([item], glyphs);
    expect(placed!.origins).toEqual([MADE, MADE, MADE, 1, MADE, 2, 3, 4, 5]);
  });

  it('leaves digits unpaired when the glyphs there spell another number, or it twice', () => {
    expect(placeDigits([item], [glyph('1', 118), glyph('2', 128), glyph('3', 134), glyph('4', 140), glyph('6', 146)])[0]!.origins.every((o) => o === MADE)).toBe(true);
    const twice = [glyph('1', 101), glyph('2', 104), glyph('3', 107), glyph('4', 110), glyph('5', 113), glyph('1', 140), glyph('2', 143), glyph('3', 146), glyph('4', 149), glyph('5', 152)];
    expect(placeDigits([item], twice)[0]!.origins.every((o) => o === MADE)).toBe(true);
  });

  it('follows rotated text along its baseline', () => {
    const up = { ...item, x: 50, y: 100, direction: [0, 1] as [number, number] };
    const glyphs = ['1', '2', '3', '4', '5'].map((d, i) => glyph(d, 50, 118 + i * 6));
    expect(placeDigits([up], glyphs)[0]!.origins).toEqual([MADE, MADE, MADE, 0, MADE, 1, 2, 3, 4]);
  });
});

// Masking scanned images (PNG, JPEG, TIFF pages): the digits OCR read are painted over where they
// are drawn, with Tesseract as the scanner runs it, and the scanner finds no leak in the copy.
// Images are drawn here in a Thai font (the dev corpus scans are masked in corpus.test.ts).
import { type Canvas, GlobalFonts, createCanvas, loadImage } from '@napi-rs/canvas';
import UTIF from 'utif2';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, detectFormat } from '../../shared/extract/index.ts';
import { coverOf, encodeTiff, maskableImage, pageBoxes, paperColour } from '../../shared/mask/image.ts';
import { maskVerified } from '../../shared/mask/index.ts';
import { planMasks } from '../../shared/mask/plan.ts';
import type { OcrEngine, OcrResult } from '../../shared/ocr/engine.ts';
import { encodeCanvas, preparePage } from '../../shared/ocr/page.ts';
import { TesseractEngine } from '../../shared/ocr/tesseract.ts';
import { scanDocument } from '../../shared/scan.ts';
import { isLeak } from '../../shared/types.ts';
import { THAI_FONT, hasThaiFont } from '../extract/fixtures.ts';
import { fingerprint, withCheckDigit } from '../helpers.ts';
import { readOnce } from './mask-helpers.ts';

const ID = withCheckDigit('310050123456');
const SPACED_ID = `${ID[0]} ${ID.slice(1, 5)} ${ID.slice(5, 10)} ${ID.slice(10, 12)} ${ID[12]}`;
const PHONE = '081-234-5678';
const PAPER = [244, 241, 234];

if (hasThaiFont) GlobalFonts.registerFromPath(THAI_FONT, 'Garuda');

/** A scanned-looking page: lines of Thai text with numbers, black on off-white paper. */
function page(lines: string[]): Canvas {
  const canvas = createCanvas(900, 60 + lines.length * 56);
  const context = canvas.getContext('2d');
  context.fillStyle = `rgb(${PAPER.join(',')})`;
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.fillStyle = '#000000';
  context.font = '30px Garuda';
  lines.forEach((line, i) => context.fillText(line, 30, 70 + i * 56));
  return canvas;
}

const pixelsOf = async (bytes: Uint8Array) => {
  const picture = await loadImage(Buffer.from(bytes));
  const canvas = createCanvas(picture.width, picture.height);
  canvas.getContext('2d').drawImage(picture, 0, 0);
  return canvas.getContext('2d').getImageData(0, 0, picture.width, picture.height);
};

describe('painting over digits', () => {
  it('takes the colour of the paper around a box: the lightest colour common on its border, not ink or specks', () => {
    const width = 20;
    const data = new Uint8ClampedArray(width * 10 * 4);
    for (let p = 0; p < width * 10; p++) {
      const x = p % width;
      // Paper, with ink crossing the border at x 5..8 and a white speck at x 12.
      const [r, g, b] = x >= 5 && x < 9 ? [20, 20, 20] : x === 12 ? [255, 255, 255] : [231, 226, 219];
      data.set([r, g, b, 255], p * 4);
    }
    expect(paperColour({ width, height: 10, data }, { x0: 0, y0: 0, x1: 20, y1: 10 })).toEqual([231, 226, 219]);
  });

  it('covers a box with a margin, and the X, within the page', () => {
    expect(coverOf({ x0: 10, y0: 10, x1: 22, y1: 30 }, 100, 100)).toEqual({ x0: 7, y0: 7, x1: 25, y1: 33 });
    // A narrow digit (1) gets an X as wide as half its height.
    expect(coverOf({ x0: 1, y0: 1, x1: 4, y1: 21 }, 100, 100)).toEqual({ x0: 0, y0: 0, x1: 11, y1: 24 });
  });

  it('writes TIFF pages back with their pixels: grey pages as 8-bit grey, others as RGBA', () => {
    const grey = { width: 3, height: 2, data: Uint8ClampedArray.from([0, 0, 0, 255, 90, 90, 90, 255, 255, 255, 255, 255, 10, 10, 10, 255, 20, 20, 20, 255, 30, 30, 30, 255]) };
    const colour = { width: 1, height: 2, data: Uint8ClampedArray.from([200, 10, 10, 255, 0, 0, 255, 128]) };
    const tiff = encodeTiff([grey, colour]);
    const ifds = UTIF.decode(tiff.buffer as ArrayBuffer);
    expect(ifds.map((ifd) => ifd.t262)).toEqual([[1], [2]]);
    for (const [i, ifd] of ifds.entries()) {
      UTIF.decodeImage(tiff.buffer as ArrayBuffer, ifd);
      expect([...UTIF.toRGBA8(ifd)]).toEqual([...[grey, colour][i]!.data]);
    }
  });
});

describe('refusing what cannot be masked', () => {
  const png = () => encodeCanvas(page([`เลขประจำตัวประชาชน ${SPACED_ID}`]), 'png');
  const engine = (lines: OcrResult['lines']): OcrEngine => ({ name: 'fake', recognize: async () => ({ lines }), close: async () => {} });

  it('writes back PNG, JPEG and TIFF only', async () => {
    const gif = createCanvas(40, 20).encodeSync('gif');
    await expect(maskableImage(gif, { ocr: engine([]), limits: DEFAULT_LIMITS })).rejects.toMatchObject({ code: 'unsupported_format' });
  });

  it('needs an OCR engine, and one that gives positions', async () => {
    await expect(maskableImage(await png(), { ocr: undefined, limits: DEFAULT_LIMITS })).rejects.toMatchObject({ code: 'ocr_unavailable' });
    const positionless = engine([{ text: `เลขประจำตัวประชาชน ${SPACED_ID}`, confidence: 90 }]);
    await expect(maskableImage(await png(), { ocr: positionless, limits: DEFAULT_LIMITS })).rejects.toThrow(/gives no positions/);
  });

  it('refuses to write a page where a digit to hide has no position', async () => {
    const text = `เลขประจำตัวประชาชน ${SPACED_ID}`;
    const doc = await maskableImage(await png(), { ocr: engine([{ text, confidence: 90, boxes: Array.from(text, () => undefined) }]), limits: DEFAULT_LIMITS });
    const plan = planMasks(doc.blocks, { keep: 'last', fingerprint });
    expect(plan.changes).toHaveLength(1);
    await expect(Promise.resolve().then(() => doc.write(plan))).rejects.toThrow(/cannot be masked safely/);
  });

  it('writes no copy the scanner still reads a leak in (an engine that reads the same text whatever the image shows)', async () => {
    const text = `เลขประจำตัวประชาชน ${SPACED_ID}`;
    const boxes = Array.from(text, (_, i) => ({ x0: 10 + i * 12, y0: 20, x1: 20 + i * 12, y1: 40 }));
    const stuck = engine([{ text, confidence: 90, boxes }]);
    const verified = await maskVerified(await png(), 'form.png', 'last', stuck);
    expect(verified).toMatchObject({ ok: false, reason: 'the masked copy still exposes 1 identifier(s)', identifiers: [{ type: 'national_id' }] });
  });
});

describe.skipIf(!hasThaiFont)('masking scanned images with Tesseract', () => {
  const tesseract = new TesseractEngine();
  const ocr = readOnce(tesseract);
  afterAll(() => tesseract.close());

  const leaks = async (bytes: Uint8Array, name: string) => {
    const result = await scanDocument(name, bytes, { fingerprint, extraction: { ocr } });
    expect(result.error).toBeUndefined();
    return result.findings.filter(isLeak);
  };

  /** One round of masking, as maskDocument runs it: read, plan, write. */
  async function mask(bytes: Uint8Array) {
    const doc = await maskableImage(bytes, { ocr, limits: DEFAULT_LIMITS });
    const plan = planMasks(doc.blocks, { keep: 'last', fingerprint });
    return { doc, plan, bytes: await doc.write(plan) };
  }

  const lines = [`นางสมศรี ใจดี เลขประจำตัวประชาชน ${SPACED_ID}`, `โทรศัพท์มือถือ ${PHONE} บ้านเลขที่ ๑๒/๓`];

  it('hides the ID and the phone in a PNG, leaving every pixel outside the painted boxes as it was', async () => {
    const png = await encodeCanvas(page(lines), 'png');
    expect((await leaks(png, 'list.png')).map((f) => f.type).sort()).toEqual(['national_id', 'phone']);
    const { doc, plan, bytes } = await mask(png);
    expect(detectFormat(bytes)).toBe('png');
    expect(await leaks(bytes, 'list.png')).toEqual([]);
    // Every digit of each, where OCR found them: on a scan a number is covered whole (13 + 10).
    const hidden = [...plan.hide.get(doc.blocks[0]!.source)!];
    expect(hidden).toHaveLength(23);
    const [before, after] = await Promise.all([pixelsOf(png), pixelsOf(bytes)]);
    const boxes = pageBoxes((await ocr.recognize(png)).lines)!;
    const covers = hidden.map((o) => coverOf(boxes[o]!, before.width, before.height));
    let changed = 0;
    for (let p = 0; p < before.data.length; p += 4) {
      if ([0, 1, 2, 3].every((c) => before.data[p + c] === after.data[p + c])) continue;
      const [x, y] = [(p / 4) % before.width, Math.floor(p / 4 / before.width)];
      expect(
        covers.some((c) => x >= c.x0 && x < c.x1 && y >= c.y0 && y < c.y1),
        `pixel ${x},${y}`,
      ).toBe(true);
      changed++;
    }
    expect(changed).toBeGreaterThan(0);
  }, 60_000);

  it('masks a page scanned askew, which OCR read straightened', async () => {
    const level = page(lines);
    const askew = createCanvas(level.width, level.height + 40);
    const context = askew.getContext('2d');
    context.fillStyle = `rgb(${PAPER.join(',')})`;
    context.fillRect(0, 0, askew.width, askew.height);
    context.translate(askew.width / 2, askew.height / 2);
    context.rotate((1.5 * Math.PI) / 180);
    context.drawImage(level, -level.width / 2, -level.height / 2);
    const png = await encodeCanvas(askew, 'png');
    expect(Math.abs((await preparePage(png)).skew)).toBeGreaterThan(1);
    expect(await leaks(png, 'askew.png')).toHaveLength(2);
    expect(await leaks((await mask(png)).bytes, 'askew.png')).toEqual([]);
  }, 60_000);

  it('keeps a JPEG a JPEG', async () => {
    const jpeg = await encodeCanvas(page(lines), 'jpeg', 95);
    expect(await leaks(jpeg, 'list.jpg')).toHaveLength(2);
    const verified = await maskVerified(jpeg, 'list.jpg', 'last', ocr);
    if (!verified.ok) throw new Error(verified.reason);
    expect(verified.changes.map((c) => c.type).sort()).toEqual(['national_id', 'phone']);
    expect(verified.readByOcr).toBe(true);
    expect(detectFormat(verified.bytes)).toBe('jpeg');
  }, 60_000);

  it('keeps a 2-page TIFF a 2-page TIFF, the page without leaks pixel for pixel', async () => {
    const pages = [page(lines), page(['ประกาศ ณ วันที่ ๒๓ ตุลาคม ๒๕๖๖'])].map((p) => p.getContext('2d').getImageData(0, 0, p.width, p.height));
    const tiff = encodeTiff(pages);
    expect(await leaks(tiff, 'fax.tif')).toHaveLength(2);
    const verified = await maskVerified(tiff, 'fax.tif', 'first', ocr);
    if (!verified.ok) throw new Error(verified.reason);
    const { bytes } = verified;
    expect(detectFormat(bytes)).toBe('tiff');
    const ifds = UTIF.decode(bytes.buffer as ArrayBuffer);
    expect(ifds.map((ifd) => [ifd.t256, ifd.t257])).toEqual(pages.map((p) => [[p.width], [p.height]]));
    UTIF.decodeImage(bytes.buffer as ArrayBuffer, ifds[1]!);
    expect(Buffer.from(UTIF.toRGBA8(ifds[1]!)).equals(Buffer.from(pages[1]!.data))).toBe(true);
  }, 60_000);
});

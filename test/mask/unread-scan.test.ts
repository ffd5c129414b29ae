// A scan whose numbers OCR cannot read is still masked: the number model is blinded for one
// region of a page (it reads nothing there), the scanner reports the region `unreadable`, and the
// masked copy covers it whole. The pixels are compared: the digits' ink there is gone, and the
// unblinded engine reads no digit in the copy's region.
import { type Canvas, GlobalFonts, createCanvas } from '@napi-rs/canvas';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS } from '../../shared/extract/index.ts';
import { decodeImage } from '../../shared/extract/images.ts';
import { maskDocument } from '../../shared/mask/index.ts';
import type { Box } from '../../shared/ocr/layout.ts';
import { encodeCanvas, toGray } from '../../shared/ocr/page.ts';
import { TesseractEngine } from '../../shared/ocr/tesseract.ts';
import { scanDocument } from '../../shared/scan.ts';
import { isLeak } from '../../shared/types.ts';
import { THAI_FONT, hasThaiFont } from '../extract/fixtures.ts';
import { fingerprint, withCheckDigit } from '../helpers.ts';

if (hasThaiFont) GlobalFonts.registerFromPath(THAI_FONT, 'Garuda');

const IDS = [withCheckDigit('310050123456'), withCheckDigit('170990054321'), withCheckDigit('540110098765')];
const grouped = (id: string): string => `${id[0]}-${id.slice(1, 5)}-${id.slice(5, 10)}-${id.slice(10, 12)}-${id[12]}`;
const LABEL = 'เลขประจำตัวประชาชน ';
const [LEFT, TOP, PITCH, SIZE] = [40, 80, 70, 32];

/** A list of three people's IDs, and where each ID is drawn. */
function page(): { canvas: Canvas; regions: Box[] } {
  const canvas = createCanvas(1100, TOP + IDS.length * PITCH + 40);
  const context = canvas.getContext('2d');
  context.fillStyle = '#f4f1ea';
  context.fillRect(0, 0, canvas.width, canvas.height);
  context.fillStyle = '#000000';
  context.font = `${SIZE}px Garuda`;
  const regions = IDS.map((id, i) => {
    const baseline = TOP + i * PITCH;
    const x0 = LEFT + context.measureText(`${i + 1}. ${LABEL}`).width;
    context.fillText(`${i + 1}. ${LABEL}${grouped(id)}`, LEFT, baseline);
    return { x0, y0: baseline - SIZE, x1: x0 + context.measureText(grouped(id)).width, y1: baseline + SIZE * 0.3 };
  });
  return { canvas, regions };
}

const overlaps = (a: Box, b: Box): boolean => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;

describe.skipIf(!hasThaiFont)('a scan region OCR cannot read', () => {
  const { canvas, regions } = page();
  const blinded = regions[1]!;
  // OCR reads nothing where the second ID is: as if it were too faint or smudged to read.
  const blind = new TesseractEngine({ numberReader: (read) => async (ink, engineReading) => (overlaps(ink, blinded) ? { text: '', confidence: 0 } : read(ink, engineReading)) });
  const sighted = new TesseractEngine();
  afterAll(async () => Promise.all([blind.close(), sighted.close()]));

  it('is reported unreadable, with no digit shown, beside the leaks that were read', async () => {
    const png = await encodeCanvas(canvas, 'png');
    const result = await scanDocument('list.png', png, { fingerprint, extraction: { ocr: blind } });
    expect(result.findings.filter(isLeak)).toHaveLength(2);
    const unreadable = result.findings.filter((f) => f.status === 'unreadable');
    expect(unreadable).toHaveLength(1);
    expect(unreadable[0]!.display).not.toMatch(/[0-9]/);
    expect(JSON.stringify(result)).not.toContain(IDS[1]!.slice(-4));
  }, 120_000);

  it('is covered whole in the masked copy: its ink is gone and OCR reads no digit there', async () => {
    const png = await encodeCanvas(canvas, 'png');
    const masked = await maskDocument(png, 'list.png', { keep: 'last', fingerprint }, { ocr: blind, limits: DEFAULT_LIMITS });
    expect(masked.coveredUnread).toBe(1);
    expect(masked.changes).toHaveLength(2);

    const [before, after] = await Promise.all(
      [png, masked.bytes].map(async (bytes) => {
        const pixels = await decodeImage(bytes, DEFAULT_LIMITS);
        return toGray(pixels.data, pixels.width, pixels.height);
      }),
    );
    for (const region of regions) {
      let [ink, kept] = [0, 0];
      for (let y = Math.round(region.y0); y < region.y1; y++) {
        for (let x = Math.round(region.x0); x < region.x1; x++) {
          const p = y * before!.width + x;
          if (before!.gray[p]! >= 128) continue;
          ink++;
          if (after!.gray[p]! < 128) kept++;
        }
      }
      // Every region is masked (two read, one not); what is still dark is the X's drawn over them.
      expect(ink).toBeGreaterThan(500);
      expect(kept / ink).toBeLessThan(0.6);
    }

    const rescan = await sighted.recognize(masked.bytes);
    const inRegion = rescan.lines.flatMap((line) => [...line.text].filter((_, i) => line.boxes?.[i] && overlaps(line.boxes[i]!, blinded)));
    expect(inRegion.join('')).not.toMatch(/[0-9\u0E50-\u0E59]/);
  }, 180_000);
});

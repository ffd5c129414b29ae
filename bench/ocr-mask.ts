// bench:ocr --mask: a generated scan masked as `leakscan mask` masks it (maskDocument, keeping the
// last digits), then each labelled leak's region checked in the copy: how much of the original's
// ink there is still dark, and whether OCR still reads a digit there.
import { readFile } from 'node:fs/promises';
import { type Pixels, decodeImage } from '../shared/extract/images.ts';
import { DEFAULT_LIMITS } from '../shared/extract/index.ts';
import { openPdf } from '../shared/extract/pdf.ts';
import { renderPage } from '../shared/extract/scanned.ts';
import { fingerprinter } from '../shared/fingerprint.ts';
import { type MaskResult, maskDocument } from '../shared/mask/index.ts';
import type { OcrEngine, OcrLine } from '../shared/ocr/engine.ts';
import { describeError } from '../shared/scan.ts';
import { isLeak } from '../shared/types.ts';
import type { Point, Region, ScannedDocument } from '../test/generate/index.ts';
import type { LabeledFinding } from '../test/generate/model.ts';
import { SCORE_KEY } from '../test/generate/score.ts';

/** Grey levels below this are ink. */
const DARK = 128;
/** A region is covered when at most this share of the original's ink in it is still dark in the copy (and OCR reads no digit in it). */
export const MAX_INK_LEFT = 0.6;
const DIGIT = /[0-9\u0E50-\u0E59]/;

/** Covered, or not: too much of its ink is left, or OCR reads a digit in it; or masking made no copy. */
export type RegionResult = 'covered' | 'ink-left' | 'digit-read' | 'no-copy';

export interface RegionCheck {
  finding: LabeledFinding;
  region: Region;
  result: RegionResult;
  /** In the copy: the original's ink pixels in the region, how many of them are still dark, the digits OCR reads there (read only if the ink is gone). */
  ink?: number;
  stillDark?: number;
  digits?: string;
}

export interface MaskCheck {
  document: string;
  /** Why `leakscan mask` would write no copy. */
  refused?: string;
  /** Leaks the scan of the copy still finds. */
  left: number;
  /** The labelled leaks' regions. */
  regions: RegionCheck[];
}

const fingerprint = fingerprinter(SCORE_KEY);

/** Masks the document at `path` (generated as `doc`) and checks every labelled leak's region in the copy. */
export async function checkMask(doc: ScannedDocument, path: string, ocr: OcrEngine): Promise<MaskCheck> {
  const leaks = doc.regions.map((region) => ({ finding: doc.labels.findings[region.finding]!, region })).filter(({ finding }) => isLeak(finding));
  const original = await readFile(path);
  let masked: MaskResult;
  try {
    masked = await maskDocument(original, doc.name, { keep: 'last', fingerprint }, { ocr, limits: DEFAULT_LIMITS });
  } catch (err) {
    return { document: doc.name, refused: describeError(err).message, left: 0, regions: leaks.map((l) => ({ ...l, result: 'no-copy' })) };
  }
  const regions: RegionCheck[] = [];
  for (const page of new Set(leaks.map((l) => l.region.page))) {
    const [before, after] = await Promise.all([pageImage(original, doc, page), pageImage(masked.bytes, doc, page)]);
    if (before.pixels.width !== after.pixels.width || before.pixels.height !== after.pixels.height) throw new Error(`${doc.name} page ${page}: the copy's size differs from the original's`);
    const onPage = leaks.filter((l) => l.region.page === page).map((l) => ({ ...l, ...inkLeft(before.pixels, after.pixels, l.region.corners) }));
    // OCR only when some region's ink is gone enough for a reading to decide it.
    const lines = onPage.some((l) => l.stillDark <= MAX_INK_LEFT * l.ink) ? (await ocr.recognize(after.image)).lines : [];
    for (const { finding, region, ink, stillDark } of onPage) {
      const digits = digitsIn(lines, region.corners);
      const result = stillDark > MAX_INK_LEFT * ink ? 'ink-left' : digits ? 'digit-read' : 'covered';
      regions.push({ finding, region, result, ink, stillDark, digits });
    }
  }
  // As maskVerified refuses.
  const refused = masked.unmappable.length ? 'leaks cannot be masked in place' : masked.left.length ? 'the scan of the copy still finds a leak' : undefined;
  return { document: doc.name, ...(refused && { refused }), left: masked.left.length, regions };
}

/** A page as image bytes for OCR and its pixels: an image itself, a PDF's page rendered at its scan's resolution (the regions' pixels). */
async function pageImage(bytes: Uint8Array, doc: ScannedDocument, page: number): Promise<{ image: Uint8Array; pixels: Pixels }> {
  if (doc.format !== 'pdf-image') return { image: bytes, pixels: await decodeImage(bytes, DEFAULT_LIMITS) };
  const pdf = await openPdf(bytes);
  try {
    const { image } = await renderPage(pdf, page, doc.dpi, DEFAULT_LIMITS.maxImagePixels);
    return { image, pixels: await decodeImage(image, DEFAULT_LIMITS) };
  } finally {
    await pdf.destroy();
  }
}

/** Whether a point is inside a convex polygon: on the same side of every edge. */
function inside(corners: readonly Point[], [x, y]: Point): boolean {
  const sides = corners.map(([x0, y0], i) => {
    const [x1, y1] = corners[(i + 1) % corners.length]!;
    return Math.sign((x1 - x0) * (y - y0) - (y1 - y0) * (x - x0));
  });
  return sides.every((s) => s >= 0) || sides.every((s) => s <= 0);
}

const gray = ({ width, data }: Pixels, x: number, y: number): number => {
  const p = (y * width + x) * 4;
  return 0.299 * data[p]! + 0.587 * data[p + 1]! + 0.114 * data[p + 2]!;
};

/** The original's ink pixels in the region (pixel centres inside it), and how many of them are still dark in the copy. */
function inkLeft(before: Pixels, after: Pixels, corners: readonly Point[]): { ink: number; stillDark: number } {
  const [xs, ys] = [corners.map((c) => c[0]), corners.map((c) => c[1])];
  let [ink, stillDark] = [0, 0];
  for (let y = Math.max(0, Math.floor(Math.min(...ys))); y < Math.min(before.height, Math.ceil(Math.max(...ys))); y++) {
    for (let x = Math.max(0, Math.floor(Math.min(...xs))); x < Math.min(before.width, Math.ceil(Math.max(...xs))); x++) {
      if (gray(before, x, y) >= DARK || !inside(corners, [x + 0.5, y + 0.5])) continue;
      ink++;
      if (gray(after, x, y) < DARK) stillDark++;
    }
  }
  return { ink, stillDark };
}

/** The digits OCR read whose boxes' centres are in the region. */
function digitsIn(lines: readonly OcrLine[], corners: readonly Point[]): string {
  return (
    lines
      // Boxes are per UTF-16 unit.
      .flatMap((line) =>
        line.text.split('').filter((ch, i) => {
          const box = line.boxes?.[i];
          return DIGIT.test(ch) && box !== undefined && inside(corners, [(box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2]);
        }),
      )
      .join('')
  );
}

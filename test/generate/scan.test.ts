// The generator of scanned documents (./scan.ts), without OCR: the same seed gives the same
// bytes, each format is what it claims to be, image-only PDFs have no text, lists are labelled,
// every rendering choice bench:ocr reports on is made across a few dozen documents, and every
// labelled finding is placed on its page image.
import * as mupdf from 'mupdf';
import { describe, expect, it } from 'vitest';
import { detectFormat } from '../../shared/extract/format.ts';
import { type Pixels, decodeImage } from '../../shared/extract/images.ts';
import { DEFAULT_LIMITS } from '../../shared/extract/index.ts';
import { SCAN_FORMATS, type ScanFormat, type ScannedDocument, generateScan, scanUnavailable } from './index.ts';

const DETECTED: Record<ScanFormat, string> = { png: 'png', jpeg: 'jpeg', 'pdf-image': 'pdf' };
const LIST_KINDS = /-(allowance|relief|scholarship|report)\./;

/** Tags bench:ocr reports on: these, and some beginning with each of the prefixes. */
const PREFIXES = ['font:', 'dpi:', 'scan:jpeg-q'];
const TAGS = [
  'scan:skew',
  'scan:blur',
  'scan:noise',
  'scan:stamp',
  'scan:line-through',
  'scan:uneven-ink',
  'scan:tint',
  'layout:boxes',
  'layout:table-ruled',
  'layout:table-unruled',
  'orientation:landscape',
  'photo:low-res',
  'fill:handwritten',
];

// Generating a page takes about a second: one corpus for all tests.
let corpus: ScannedDocument[] | undefined;
const documents = () => (corpus ??= Array.from({ length: 10 }, (_, i) => SCAN_FORMATS.map((f) => generateScan(100 + i, f))).flat());

/** The images of a document's pages: an image's own, a PDF's embedded ones. */
async function pageImages(doc: ScannedDocument): Promise<Pixels[]> {
  if (doc.format !== 'pdf-image') return [await decodeImage(doc.bytes, DEFAULT_LIMITS)];
  const pdf = mupdf.Document.openDocument(doc.bytes, 'application/pdf');
  const images: Uint8Array[] = [];
  for (let i = 0; i < doc.pages; i++)
    pdf
      .loadPage(i)
      .toStructuredText('preserve-images')
      .walk({ onImageBlock: (_bbox, _matrix, image) => void images.push(image.toPixmap().asPNG()) });
  return Promise.all(images.map((png) => decodeImage(png, DEFAULT_LIMITS)));
}

/** The grey of each pixel of an image. */
function grays({ data }: Pixels): Uint8Array {
  const gray = new Uint8Array(data.length / 4);
  for (let i = 0; i < gray.length; i++) gray[i] = 0.299 * data[i * 4]! + 0.587 * data[i * 4 + 1]! + 0.114 * data[i * 4 + 2]!;
  return gray;
}

/** The median of grey levels, by their histogram. */
function median(gray: Uint8Array): number {
  const counts = new Array<number>(256).fill(0);
  for (const g of gray) counts[g]!++;
  let level = 0;
  for (let below = counts[0]!; below * 2 < gray.length; below += counts[++level]!);
  return level;
}

/** The mean grey of the pixels in a box. */
function meanIn(gray: Uint8Array, width: number, box: { x0: number; y0: number; x1: number; y1: number }): number {
  let [sum, n] = [0, 0];
  for (let y = Math.floor(box.y0); y < Math.ceil(box.y1); y++) for (let x = Math.floor(box.x0); x < Math.ceil(box.x1); x++, n++) sum += gray[y * width + x]!;
  return sum / n;
}

describe.skipIf(scanUnavailable)(`generated scans${scanUnavailable ? `: skipped, ${scanUnavailable}` : ''}`, () => {
  it.each(SCAN_FORMATS)('gives the same %s bytes and labels for the same seed', { timeout: 60_000 }, (format) => {
    const a = generateScan(7, format);
    const b = generateScan(7, format);
    expect(Buffer.from(a.bytes).equals(Buffer.from(b.bytes))).toBe(true);
    expect(a.labels).toEqual(b.labels);
    expect(a.regions).toEqual(b.regions);
    expect(Buffer.from(generateScan(8, format).bytes).equals(Buffer.from(a.bytes))).toBe(false);
  });

  it('writes each format as leakscan detects it', () => {
    for (const doc of documents()) expect(detectFormat(doc.bytes, doc.name), doc.name).toBe(DETECTED[doc.format as ScanFormat]);
  }, 120_000);

  it('makes image-only PDFs: every page one image, no text', () => {
    for (const doc of documents().filter((d) => d.format === 'pdf-image')) {
      const pdf = mupdf.Document.openDocument(doc.bytes, 'application/pdf');
      expect(pdf.countPages(), doc.name).toBe(doc.pages);
      for (let i = 0; i < doc.pages; i++) {
        const found = { images: 0, chars: 0 };
        pdf
          .loadPage(i)
          .toStructuredText('preserve-images')
          .walk({ onImageBlock: () => found.images++, onChar: () => found.chars++ });
        expect(found, `${doc.name} page ${i + 1}`).toEqual({ images: 1, chars: 0 });
      }
    }
  }, 120_000);

  it('labels the identifiers of lists, each with the font and resolution it was drawn in', () => {
    const lists = documents().filter((d) => LIST_KINDS.test(d.name));
    expect(lists.length).toBeGreaterThan(5);
    for (const doc of lists) expect(doc.labels.findings.length, doc.name).toBeGreaterThan(0);
    for (const f of documents().flatMap((d) => d.labels.findings)) {
      expect(f.tags.some((t) => t.startsWith('font:')) && f.tags.some((t) => t.startsWith('dpi:')), f.tags.join(' ')).toBe(true);
    }
  }, 120_000);

  it('makes every rendering choice the benchmark reports on', () => {
    const seen = new Set(documents().flatMap((d) => d.labels.findings.flatMap((f) => f.tags)));
    expect(TAGS.filter((t) => !seen.has(t))).toEqual([]);
    expect(PREFIXES.filter((p) => ![...seen].some((t) => t.startsWith(p)))).toEqual([]);
    for (const format of SCAN_FORMATS) expect(seen.has(`format:${format}`)).toBe(true);
  }, 120_000);

  it('places every drawn labelled finding on its page image, darker than the paper', async () => {
    for (const doc of documents()) {
      const images = await pageImages(doc);
      // A4 either way round at the resolution given.
      for (const { width, height } of images) expect(Math.abs(Math.min(width, height) - (595 * doc.dpi) / 72), doc.name).toBeLessThan(2);
      expect(new Set(doc.regions.map((r) => r.finding)), doc.name).toEqual(new Set(doc.labels.findings.keys()));
      const pages = images.map((image) => {
        const gray = grays(image);
        // Mostly paper: its median is the paper's grey (faint scans have no ink darker than mid-grey).
        return { ...image, gray, paper: median(gray) };
      });
      for (const r of doc.regions) {
        const page = pages[r.page - 1]!;
        const { x0, y0, x1, y1 } = r.box;
        const where = `${doc.name} ${JSON.stringify(r)}`;
        expect(0 <= x0 && x0 < x1 && x1 <= page.width && 0 <= y0 && y0 < y1 && y1 <= page.height, where).toBe(true);
        expect(meanIn(page.gray, page.width, r.box), where).toBeLessThan(page.paper);
      }
    }
  }, 120_000);
});

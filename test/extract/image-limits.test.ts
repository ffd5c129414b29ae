// Hostile images made in code, after the files that crashed or exhausted leakscan (libpng's
// crashers, Pillow's decompression bomb and bad bit count, a TIFF of no page, an arithmetic-coded
// JPEG): each ends in its error code before any OCR engine is called, and what an engine is given
// is only ever PNG that leakscan wrote from pixels it decoded.
import { type Canvas, createCanvas } from '@napi-rs/canvas';
import { crc32, deflateSync } from 'node:zlib';
import { GifWriter } from 'omggif';
import { PNG } from 'pngjs';
import UTIF from 'utif2';
import { describe, expect, it } from 'vitest';
import type { ScanErrorCode } from '../../shared/errors.ts';
import type { OcrEngine, OcrResult } from '../../shared/ocr/engine.ts';
import { preparePage } from '../../shared/ocr/page.ts';
import { scanDocument } from '../../shared/scan.ts';
import { fingerprint } from '../helpers.ts';
import { pngHeader } from './fixtures.ts';

/** An OCR engine that reads nothing and keeps every image it is given. */
class RecordingOcr implements OcrEngine {
  readonly name = 'recording';
  readonly images: Uint8Array[] = [];
  async recognize(image: Uint8Array): Promise<OcrResult> {
    this.images.push(image);
    return { lines: [] };
  }
  async close(): Promise<void> {}
}

/** The document scanned with the recording engine, and what the engine was given: as is, and decoded as PNG. */
async function scan(name: string, bytes: Uint8Array) {
  const ocr = new RecordingOcr();
  const result = await scanDocument(name, bytes, { fingerprint, extraction: { ocr } });
  return { result, images: ocr.images, given: ocr.images.map((image) => PNG.sync.read(Buffer.from(image))) };
}

/** A 40×20 white page with a black 10×10 square at its top left. */
function page(): Canvas {
  const canvas = createCanvas(40, 20);
  const context = canvas.getContext('2d');
  context.fillStyle = '#ffffff';
  context.fillRect(0, 0, 40, 20);
  context.fillStyle = '#000000';
  context.fillRect(0, 0, 10, 10);
  return canvas;
}

const pageRgba = (): Uint8ClampedArray => page().getContext('2d').getImageData(0, 0, 40, 20).data;

/** The page as a GIF: palette white and black. */
function pageGif(): Uint8Array {
  const rgba = pageRgba();
  const buffer = new Uint8Array(4096);
  const gif = new GifWriter(buffer, 40, 20, { palette: [0xffffff, 0x000000] });
  gif.addFrame(
    0,
    0,
    40,
    20,
    Array.from({ length: 40 * 20 }, (_, i) => (rgba[i * 4]! < 128 ? 1 : 0)),
  );
  return buffer.subarray(0, gif.end());
}

/** A BMP of a 40-byte header (width, height, bits a pixel, compression) and the pixel rows given. */
function bmp(width: number, height: number, bits: number, compression: number, rows: Uint8Array): Uint8Array {
  const b = Buffer.alloc(54 + rows.length);
  b.write('BM', 0, 'latin1');
  b.writeUInt32LE(b.length, 2);
  b.writeUInt32LE(54, 10);
  [40, width, height].forEach((value, i) => b.writeInt32LE(value, 14 + 4 * i));
  b.writeUInt16LE(1, 26);
  b.writeUInt16LE(bits, 28);
  b.writeUInt32LE(compression, 30);
  b.writeUInt32LE(rows.length, 34);
  b.set(rows, 54);
  return b;
}

/** The page as a 24-bit BMP: rows bottom-up, blue-green-red (a row of 40 pixels needs no padding). */
function pageBmp(): Uint8Array {
  const rgba = pageRgba();
  const rows = Uint8Array.from({ length: 40 * 20 * 3 }, (_, i) => {
    const [pixel, channel] = [Math.floor(i / 3), i % 3];
    const [row, x] = [19 - Math.floor(pixel / 40), pixel % 40];
    return rgba[(row * 40 + x) * 4 + 2 - channel]!;
  });
  return bmp(40, 20, 24, 0, rows);
}

const encodings: Record<string, () => Uint8Array | Promise<Uint8Array>> = {
  png: () => page().encode('png'),
  jpeg: () => page().encode('jpeg', 92),
  webp: () => page().encode('webp', 100),
  gif: pageGif,
  bmp: pageBmp,
  tiff: () => new Uint8Array(UTIF.encodeImage(new Uint8Array(pageRgba().buffer), 40, 20)),
};

describe('images the OCR engine is given', () => {
  it.each(Object.keys(encodings))('%s: PNG that leakscan wrote, with the page’s pixels', async (format) => {
    const { result, given } = await scan(`page.${format}`, await encodings[format]!());
    expect(result).toMatchObject({ status: 'scanned', format });
    expect(given.map((png) => [png.width, png.height])).toEqual([[40, 20]]);
    const red = (x: number, y: number): number => given[0]!.data[(y * 40 + x) * 4]!;
    expect([red(2, 2) < 64, red(35, 15) > 192]).toEqual([true, true]);
  });

  it('Tesseract reads PNG written from the decoded page, not the bytes given, and nothing it cannot decode', async () => {
    const prepared = await preparePage(await encodings.jpeg!());
    expect(PNG.sync.read(prepared.bytes)).toMatchObject({ width: 40, height: 20 });
    await expect(preparePage(truncatedPng())).rejects.toMatchObject({ code: 'corrupt' });
  });

  it('a PNG whose only fault is a bad ancillary chunk is read, and the engine is not given the chunk', async () => {
    // A chunk the decoder skips (zTXt) with a wrong CRC: libpng only warns; the pixels are whole.
    const { result, images } = await scan('ztxt.png', pngWith(pngChunk('zTXt', Buffer.from('Comment\0\0x'), { badCrc: true })));
    expect(result.status).toBe('scanned');
    expect(images.map((image) => Buffer.from(image).includes('zTXt'))).toEqual([false]);
  });
});

/** A PNG chunk: length, type, data and CRC (made wrong on request). */
function pngChunk(type: string, data: Uint8Array, { badCrc = false } = {}): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE((crc32(body) ^ (badCrc ? 1 : 0)) >>> 0);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  return Buffer.concat([length, body, crc]);
}

/** A real PNG of the page with `chunk` after its header (IHDR ends at byte 33). */
const pngWith = (chunk: Uint8Array): Buffer => {
  const png = page().toBuffer('image/png');
  return Buffer.concat([png.subarray(0, 33), chunk, png.subarray(33)]);
};

/** An iCCP chunk that says it is 2 GB long, as libpng's huge_iCCP_chunk.png does. */
const hugeIccp = (): Buffer => {
  const chunk = pngChunk('iCCP', Buffer.from('profile\0\0'));
  chunk.writeUInt32BE(0x7fffffff, 0);
  return chunk;
};

/** An interlaced 1×1 grey PNG whose image data inflates to 16 MB: pngjs would inflate it all. */
const interlacedBombPng = (): Buffer => {
  const header = Buffer.from(pngHeader(1, 1));
  header[25] = 0;
  header[28] = 1;
  header.writeUInt32BE(crc32(header.subarray(12, 29)), 29);
  return Buffer.concat([header, pngChunk('IDAT', deflateSync(Buffer.alloc(16 * 1024 * 1024))), pngChunk('IEND', new Uint8Array(0))]);
};

function truncatedPng(): Uint8Array {
  const png = page().toBuffer('image/png');
  return png.subarray(0, png.length - 20);
}

/** A GIF whose screen is 32×32 and whose one frame says it is 65535×65535 (Pillow's decompression_bomb.gif, whole). */
const bombGif = (): Uint8Array =>
  Uint8Array.from([...Buffer.from('GIF89a', 'latin1'), ...[32, 0, 32, 0, 0x80, 0, 0], ...[0, 0, 0, 255, 255, 255], ...[0x2c, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0], ...[2, 2, 0x4c, 0x01, 0], 0x3b]);

type TiffEntry = [tag: number, type: number, count: number, value: number];

/** A little-endian TIFF of one directory (at byte 8): its entries, and the offset of the next directory. */
function tiff(entries: TiffEntry[], next = 0): Uint8Array {
  const b = Buffer.alloc(8 + 2 + entries.length * 12 + 4);
  b.write('II*\0', 0, 'latin1');
  b.writeUInt32LE(8, 4);
  b.writeUInt16LE(entries.length, 8);
  entries.forEach(([tag, type, count, value], i) => {
    b.writeUInt16LE(tag, 10 + i * 12);
    b.writeUInt16LE(type, 12 + i * 12);
    b.writeUInt32LE(count, 14 + i * 12);
    b.writeUInt32LE(value, 18 + i * 12);
  });
  b.writeUInt32LE(next, 10 + entries.length * 12);
  return b;
}

const [SHORT, LONG] = [3, 4];
const orientation: TiffEntry = [274, SHORT, 1, 1];

async function truncatedJpeg(): Promise<Uint8Array> {
  const jpeg = await page().encode('jpeg', 92);
  return jpeg.subarray(0, jpeg.indexOf(Buffer.from([0xff, 0xda])) + 20);
}

/** A JPEG of the page with its frame header (SOF0) changed. */
async function jpegWithFrame(change: (jpeg: Buffer, sof: number) => void): Promise<Uint8Array> {
  const jpeg = Buffer.from(await page().encode('jpeg', 92));
  change(jpeg, jpeg.indexOf(Buffer.from([0xff, 0xc0])));
  return jpeg;
}

const hostile: Array<[string, string, () => Uint8Array | Promise<Uint8Array>, ScanErrorCode, RegExp]> = [
  ['a PNG declaring 100000×100000 pixels', 'huge.png', () => pngHeader(100_000, 100_000), 'too_large', /the image is 100000×100000 pixels; the limit is 40000000/],
  ['a PNG with an iCCP chunk declaring 2 GB', 'iccp.png', () => pngWith(hugeIccp()), 'corrupt', /the PNG image cannot be decoded/],
  ['an interlaced PNG whose data inflates to 16 MB', 'bomb.png', interlacedBombPng, 'too_large', /image data inflates to more than 1028 bytes/],
  ['a truncated PNG', 'cut.png', truncatedPng, 'corrupt', /the PNG image cannot be decoded/],
  ['a GIF of a 32×32 screen and a 65535×65535 frame', 'bomb.gif', bombGif, 'too_large', /frame 1 of the GIF is 65535×65535 pixels/],
  ['a TIFF whose only directory holds no image', 'empty.tif', () => tiff([orientation]), 'corrupt', /the TIFF file holds no image/],
  ['a TIFF whose directory links to itself', 'loop.tif', () => tiff([orientation], 8), 'corrupt', /reached twice/],
  [
    'a TIFF declaring a billion strip offsets',
    'counts.tif',
    () =>
      tiff([
        [256, SHORT, 1, 10],
        [257, SHORT, 1, 10],
        [273, LONG, 1e9, 8],
      ]),
    'corrupt',
    /past the end of the file/,
  ],
  [
    'a TIFF declaring 100000×100000 pixels',
    'huge.tif',
    () =>
      tiff([
        [256, LONG, 1, 100_000],
        [257, LONG, 1, 100_000],
      ]),
    'too_large',
    /page 1 of the TIFF is 100000×100000/,
  ],
  [
    'a TIFF declaring 65535 samples a pixel',
    'samples.tif',
    () =>
      tiff([
        [256, SHORT, 1, 10],
        [257, SHORT, 1, 8],
        [258, SHORT, 1, 16],
        [277, SHORT, 1, 65535],
      ]),
    'corrupt',
    /1048560 bits a pixel/,
  ],
  ['a BMP of 30000 bits a pixel (Pillow’s badbitcount.bmp)', 'bits.bmp', () => bmp(127, 64, 30000, 0, new Uint8Array(64)), 'corrupt', /declares 30000 bits a pixel/],
  ['a BMP holding a JPEG', 'jpeg.bmp', () => bmp(4, 4, 24, 4, new Uint8Array(64)), 'unsupported_format', /compression 4/],
  ['a JPEG cut in its scan', 'cut.jpg', truncatedJpeg, 'corrupt', /the JPEG image cannot be decoded/],
  ['an arithmetic-coded JPEG (SOF9)', 'ari.jpg', () => jpegWithFrame((jpeg, sof) => (jpeg[sof + 1] = 0xc9)), 'unsupported_format', /uses arithmetic coding/],
  ['a lossless JPEG (SOF3)', 'lossless.jpg', () => jpegWithFrame((jpeg, sof) => (jpeg[sof + 1] = 0xc3)), 'unsupported_format', /uses lossless coding/],
  ['a 12-bit JPEG', 'twelve.jpg', () => jpegWithFrame((jpeg, sof) => (jpeg[sof + 4] = 12)), 'unsupported_format', /uses 12-bit samples/],
];

describe('hostile images', () => {
  it.each(hostile)('%s ends in its error, and the engine is given nothing', async (_, name, make, code, message) => {
    const { result, given } = await scan(name, await make());
    expect(result.error?.code).toBe(code);
    expect(result.error?.message).toMatch(message);
    expect(given).toEqual([]);
  });
});

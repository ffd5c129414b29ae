// Image documents decoded so that no file can take the process down. The size of every page (each
// GIF frame, each TIFF directory) is checked against the pixel limit before anything is decoded.
// PNG, JPEG, GIF and TIFF are decoded in JavaScript, which throws where the canvas's native
// decoders crashed (libpng's crashers) or aborted (Skia allocating a GIF bomb's frame); BMP and
// WebP, for which no sound JavaScript decoder exists, go to the canvas once their headers are
// checked (the BMP headers that crashed it are refused). OCR engines then read only PNG that
// leakscan wrote from the pixels (encodePng in ocr/page.ts).
import { createCanvas, loadImage } from '@napi-rs/canvas';
import { imageSize } from 'image-size';
import jpeg from 'jpeg-js';
import { inflateSync } from 'node:zlib';
import { GifReader } from 'omggif';
import { PNG } from 'pngjs';
import UTIF from 'utif2';
import { ScanError, parserMessage } from '../errors.ts';
import { type DocumentFormat, detectFormat } from './format.ts';
import type { ExtractionLimits } from './index.ts';

export type ImageLimits = Pick<ExtractionLimits, 'maxImagePixels' | 'maxPages'>;

/** Decoded pixels: four bytes (RGBA) a pixel, row by row. */
export interface Pixels {
  width: number;
  height: number;
  data: Uint8Array | Uint8ClampedArray;
}

/** A page of an image document, its size checked, decoded when read. */
export type DecodedPage = () => Promise<Pixels>;

interface Size {
  width: number;
  height: number;
}

/** The pages of an image document (a TIFF may hold several), every size checked before any is decoded. */
export function decodedPages(bytes: Uint8Array, format: DocumentFormat, limits: ImageLimits): DecodedPage[] {
  switch (format) {
    case 'png':
      return [pngPage(bytes, limits)];
    case 'jpeg':
      return [jpegPage(bytes, limits)];
    case 'gif':
      return [gifPage(bytes, limits)];
    case 'tiff':
      return tiffPages(bytes, limits);
    case 'bmp':
      return [bmpPage(bytes, limits)];
    case 'webp':
      return [
        checkedCanvasPage(
          bytes,
          'WebP',
          read('WebP', () => headerSize(bytes)),
          limits,
        ),
      ];
    default:
      throw new ScanError('unsupported_format', `${format} is not an image format leakscan reads`);
  }
}

/** The first page of an image, whatever its format, decoded as an image document's are. */
export const decodeImage = (bytes: Uint8Array, limits: ImageLimits): Promise<Pixels> => decodedPages(bytes, detectFormat(bytes), limits)[0]!();

function checkPixels({ width, height }: Size, limits: ImageLimits, subject = 'the image'): void {
  if (!(width > 0 && height > 0)) throw new ScanError('corrupt', `${subject} has no size`);
  if (width * height > limits.maxImagePixels) {
    throw new ScanError('too_large', `${subject} is ${width}×${height} pixels; the limit is ${limits.maxImagePixels} pixels`);
  }
}

/** What a parser throws about a document, as the document's corruption. */
const corrupt = (what: string, err: unknown): ScanError => (err instanceof ScanError ? err : new ScanError('corrupt', `${what}: ${parserMessage(err)}`));

/** A header read, or the image is corrupt. */
function read<T>(format: string, header: () => T): T {
  try {
    return header();
  } catch (err) {
    throw corrupt(`the ${format} image cannot be read`, err);
  }
}

/** A page decoded when read; what the decoder throws makes the image corrupt. */
const decoded =
  (format: string, decode: () => Pixels | Promise<Pixels>): DecodedPage =>
  async () => {
    try {
      return await decode();
    } catch (err) {
      throw corrupt(`the ${format} image cannot be decoded`, err);
    }
  };

const headerSize = (bytes: Uint8Array): Size => {
  const { width = 0, height = 0 } = imageSize(bytes);
  return { width, height };
};

const dataView = (bytes: Uint8Array): DataView => new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);

function pngPage(bytes: Uint8Array, limits: ImageLimits): DecodedPage {
  checkPixels(
    read('PNG', () => headerSize(bytes)),
    limits,
  );
  // IHDR's interlace method.
  if (bytes[28] === 1) checkInterlacedPng(bytes);
  // pngjs checks every chunk's length and every CRC but ancillary ones, and gives 8-bit RGBA whatever the PNG's depth.
  return decoded('PNG', () => PNG.sync.read(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)));
}

/** Samples a pixel, by PNG colour type (grey, RGB, palette, grey and alpha, RGBA). */
const PNG_SAMPLES: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

/**
 * pngjs inflates a PNG's image data up to what the header's size takes, but an interlaced PNG's
 * without bound (a few kilobytes of a deflated run fill gigabytes): it is inflated here first, to
 * twice what its rows take at most (Adam7's seven passes take a little more than the rows).
 */
function checkInterlacedPng(bytes: Uint8Array): void {
  const view = dataView(bytes);
  const [width, height, depth, colour] = [view.getUint32(16), view.getUint32(20), bytes[24]!, bytes[25]!];
  const rows = height * (Math.ceil((width * depth * (PNG_SAMPLES[colour] ?? 4)) / 8) + 1);
  const data: Uint8Array[] = [];
  // Chunks: length, type, data, CRC.
  for (let at = 8; at + 8 <= bytes.length; at += 12 + view.getUint32(at)) {
    if (Buffer.from(bytes.subarray(at + 4, at + 8)).toString('latin1') === 'IDAT') data.push(bytes.subarray(at + 8, at + 8 + view.getUint32(at)));
  }
  try {
    inflateSync(Buffer.concat(data), { maxOutputLength: 2 * rows + 1024 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw new ScanError('too_large', `the PNG's image data inflates to more than ${2 * rows + 1024} bytes`);
    throw corrupt('the PNG image cannot be decoded', err);
  }
}

/** A JPEG's frame header (SOFn): the coding process (n), the sample precision and the size. */
interface JpegFrame extends Size {
  process: number;
  precision: number;
}

/** The frame header: the segments before it are skipped by their lengths. */
function jpegFrame(bytes: Uint8Array): JpegFrame {
  const view = dataView(bytes);
  for (let at = 2; at + 4 <= bytes.length; ) {
    if (bytes[at] !== 0xff) throw new Error(`no marker at byte ${at}`);
    const marker = bytes[at + 1]!;
    // SOF0 to SOF15, but for DHT (C4), JPG (C8) and DAC (CC), which share the range.
    if (marker >= 0xc0 && marker <= 0xcf && ![0xc4, 0xc8, 0xcc].includes(marker)) {
      return { process: marker - 0xc0, precision: view.getUint8(at + 4), height: view.getUint16(at + 5), width: view.getUint16(at + 7) };
    }
    at += marker === 0xff ? 1 : 2 + view.getUint16(at + 2);
  }
  throw new Error('no frame header');
}

/** What a JPEG uses that the decoder does not read (it reads 8-bit baseline, extended and progressive Huffman coding). */
function unreadJpegFeatures({ process, precision }: JpegFrame): string[] {
  const features = [(process & 3) === 3 && 'lossless coding', process & 4 && 'hierarchical coding', process & 8 && 'arithmetic coding', precision !== 8 && `${precision}-bit samples`];
  return features.filter((feature): feature is string => typeof feature === 'string');
}

function jpegPage(bytes: Uint8Array, limits: ImageLimits): DecodedPage {
  const frame = read('JPEG', () => jpegFrame(bytes));
  const unread = unreadJpegFeatures(frame);
  if (unread.length > 0) throw new ScanError('unsupported_format', `the JPEG image uses ${unread.join(' and ')}, which leakscan does not decode`);
  checkPixels(frame, limits);
  return decoded('JPEG', () =>
    jpeg.decode(bytes, {
      useTArray: true,
      formatAsRGBA: true,
      maxResolutionInMP: limits.maxImagePixels / 1e6,
      // The decoder's own accounting: RGBA out, and per component 16-bit coefficients and 8-bit samples.
      maxMemoryUsageInMB: Math.ceil((limits.maxImagePixels * 16) / 2 ** 20),
    }),
  );
}

function gifPage(bytes: Uint8Array, limits: ImageLimits): DecodedPage {
  // The reader finds every frame's descriptor, without decoding any.
  const gif = read('GIF', () => new GifReader(bytes));
  checkPixels(gif, limits);
  const frames = Array.from({ length: gif.numFrames() }, (_, i) => gif.frameInfo(i));
  frames.forEach((frame, i) => checkPixels(frame, limits, `frame ${i + 1} of the GIF`));
  const first = frames[0];
  if (!first) throw new ScanError('corrupt', 'the GIF holds no image');
  if (first.x + first.width > gif.width || first.y + first.height > gif.height) throw new ScanError('corrupt', 'the first frame of the GIF lies outside its screen');
  return decoded('GIF', () => {
    // White where the frame is transparent or does not reach: the paper.
    const data = new Uint8Array(gif.width * gif.height * 4).fill(255);
    gif.decodeAndBlitFrameRGBA(0, data);
    return { width: gif.width, height: gif.height, data };
  });
}

/** utif2 takes options its declarations leave out: maker notes unread (TIFFs inside values, not checked below). */
const tiffDirectories = UTIF.decode as (buffer: ArrayBuffer, options: { parseMN: boolean; debug: boolean }) => UTIF.IFD[];

/** The most bits a TIFF pixel takes (four 32-bit samples): more makes the decoder allocate without bound. */
const MAX_TIFF_BITS_PER_PIXEL = 128;

/**
 * The pages of a TIFF (multi-page fax and scanner output, often CCITT-compressed), sizes checked
 * before any is decoded, each decoded when read.
 */
function tiffPages(bytes: Uint8Array, limits: ImageLimits): DecodedPage[] {
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const ifds = read('TIFF', () => {
    checkTiffDirectories(bytes);
    // Image directories with a size are pages; others hold only metadata (EXIF, GPS).
    return tiffDirectories(buffer, { parseMN: false, debug: false }).filter((ifd) => ifd.t256 !== undefined && ifd.t257 !== undefined);
  });
  if (ifds.length === 0) throw new ScanError('corrupt', 'the TIFF file holds no image');
  if (ifds.length > limits.maxPages) throw new ScanError('too_many_pages', `the TIFF has ${ifds.length} pages; the limit is ${limits.maxPages}`);
  ifds.forEach((ifd, i) => {
    const tag = (name: string) => Number((ifd[name] as number[] | undefined)?.[0] ?? 1);
    checkPixels({ width: tag('t256'), height: tag('t257') }, limits, `page ${i + 1} of the TIFF`);
    // As the decoder counts: bits of the first sample times samples.
    const bits = tag('t258') * tag('t277');
    if (bits > MAX_TIFF_BITS_PER_PIXEL) throw new ScanError('corrupt', `page ${i + 1} of the TIFF declares ${bits} bits a pixel`);
  });
  return ifds.map((ifd) =>
    decoded('TIFF', () => {
      UTIF.decodeImage(buffer, ifd);
      return { width: ifd.width, height: ifd.height, data: UTIF.toRGBA8(ifd) };
    }),
  );
}

/** Bytes a value of each TIFF field type takes, by the type's number (1 BYTE … 13 IFD). */
const TIFF_TYPE_BYTES: Record<number, number> = { 1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8, 13: 4 };

/** Tags whose values utif2 reads as offsets of further directories (sub-images, EXIF, GPS, Fuji's). */
const DIRECTORY_TAGS = new Set([330, 34665, 34853, 61440]);

/** The DNG private data tag, whose first four bytes utif2 reads as the offset of a directory. */
const DNG_PRIVATE_DATA = 50740;

/**
 * Checks the directories of a TIFF before utif2 reads them: it follows every link between them and
 * reads as many values as a tag declares, so links that loop or lead past the end of the file, and
 * counts past its end, make it loop or allocate without end (a 97 KB file declaring no page took
 * 5.5 GB). Every directory utif2 would read is reached once, every tag's values lie in the file,
 * and all of them together are no more than twice the file (values do not overlap in a TIFF that
 * is not made to hurt). Throws where a check fails.
 */
function checkTiffDirectories(bytes: Uint8Array): void {
  const view = dataView(bytes);
  const little = bytes[0] === 0x49;
  const reached = new Set<number>();
  let valueBytes = 0;
  /** The offsets of the directories a tag links to, as utif2 reads them. */
  const links = (tag: number, type: number, count: number, offset: number): number[] => {
    if (DIRECTORY_TAGS.has(tag)) {
      if (type !== 3 && type !== 4 && type !== 13) throw new Error(`tag ${tag} links directories by values of type ${type}`);
      return Array.from({ length: count }, (_, i) => (type === 3 ? view.getUint16(offset + 2 * i, little) : view.getUint32(offset + 4 * i, little)));
    }
    if (tag !== DNG_PRIVATE_DATA) return [];
    if (type !== 1 && type !== 7) throw new Error(`tag ${tag} holds values of type ${type}`);
    // Followed where it leads to what could be a directory's entry count.
    const target = count >= 4 ? view.getUint32(offset, little) : bytes.length;
    return target + 2 <= bytes.length && view.getUint16(target, little) < 300 ? [target] : [];
  };
  /** Checks the directory at `at` and those it links to; gives the offset of the next in the chain. */
  const check = (at: number): number => {
    if (reached.has(at)) throw new Error(`the directory at byte ${at} is reached twice`);
    reached.add(at);
    const entries = view.getUint16(at, little);
    for (let entry = at + 2; entry < at + 2 + entries * 12; entry += 12) {
      const [tag, type, count] = [view.getUint16(entry, little), view.getUint16(entry + 2, little), view.getUint32(entry + 4, little)];
      const size = count * (TIFF_TYPE_BYTES[type] ?? 0);
      const offset = size <= 4 ? entry + 8 : view.getUint32(entry + 8, little);
      valueBytes += size;
      if (offset + size > bytes.length || valueBytes > 2 * bytes.length) throw new Error(`tag ${tag} declares ${count} values past the end of the file`);
      for (const link of links(tag, type, count, offset)) check(link);
    }
    return view.getUint32(at + 2 + entries * 12, little);
  };
  // utif2 ends the chain of pages at a directory whose first tag is of no TIFF type.
  const ends = (at: number): boolean => view.getUint16(at, little) > 0 && TIFF_TYPE_BYTES[view.getUint16(at + 4, little)] === undefined;
  for (let at = view.getUint32(4, little); at !== 0 && !ends(at); ) at = check(at);
}

/**
 * Encodings the canvas decodes BMPs in, by compression (0 none, 1 RLE8, 2 RLE4, 3 and 6 bit
 * fields): bits a pixel. It crashes on others (Pillow's badbitcount.bmp).
 */
const BMP_ENCODINGS: Record<number, readonly number[]> = { 0: [1, 4, 8, 16, 24, 32], 1: [8], 2: [4], 3: [16, 32], 6: [16, 32] };

/** Bits a pixel that BMP defines. */
const BMP_DEPTHS = new Set([1, 2, 4, 8, 16, 24, 32, 64]);

/** Sizes of the BMP info headers (OS/2 1.x and 2.x, Windows 3 to 5). */
const BMP_HEADER_SIZES = new Set([12, 16, 40, 52, 56, 64, 108, 124]);

function bmpHeader(bytes: Uint8Array): Size & { headerSize: number; bits: number; compression: number } {
  const view = dataView(bytes);
  const headerSize = view.getUint32(14, true);
  // OS/2 1.x headers have 16-bit sizes and no compression; later ones, 32-bit sizes (negative height: top-down).
  return headerSize === 12
    ? { headerSize, width: view.getUint16(18, true), height: view.getUint16(20, true), bits: view.getUint16(24, true), compression: 0 }
    : { headerSize, width: view.getInt32(18, true), height: Math.abs(view.getInt32(22, true)), bits: view.getUint16(28, true), compression: view.getUint32(30, true) };
}

function bmpPage(bytes: Uint8Array, limits: ImageLimits): DecodedPage {
  const header = read('BMP', () => bmpHeader(bytes));
  if (!BMP_HEADER_SIZES.has(header.headerSize)) throw new ScanError('corrupt', `the BMP image has a header of ${header.headerSize} bytes`);
  if (!BMP_DEPTHS.has(header.bits)) throw new ScanError('corrupt', `the BMP image declares ${header.bits} bits a pixel`);
  if (!BMP_ENCODINGS[header.compression]?.includes(header.bits)) {
    throw new ScanError('unsupported_format', `the BMP image is in compression ${header.compression} at ${header.bits} bits a pixel, which leakscan does not decode`);
  }
  return checkedCanvasPage(bytes, 'BMP', header, limits);
}

/** A page the canvas decodes, once its header's size is checked. */
function checkedCanvasPage(bytes: Uint8Array, format: string, size: Size, limits: ImageLimits): DecodedPage {
  checkPixels(size, limits);
  return decoded(format, async () => {
    const image = await loadImage(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
    const context = createCanvas(image.width, image.height).getContext('2d');
    context.drawImage(image, 0, 0);
    return context.getImageData(0, 0, image.width, image.height);
  });
}

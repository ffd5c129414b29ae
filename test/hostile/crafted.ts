// Hostile and oversized documents built in code: bombs, lying headers, loops, truncations and
// merely large files. A scan of each must end in a report (a result, or an error with one of the
// expected codes), never a hang or a crash. All but the encrypted PDF are deterministic; all are
// built in well under 5 s.
import { createCanvas } from '@napi-rs/canvas';
import { strToU8, zipSync, zlibSync } from 'fflate';
import * as mupdf from 'mupdf';
import { truncate, writeFile } from 'node:fs/promises';
import { crc32 } from 'node:zlib';
import { PNG } from 'pngjs';
import type { ScanErrorCode } from '../../shared/errors.ts';
import type { DocumentFormat } from '../../shared/extract/format.ts';

export type ExpectedOutcome = ScanErrorCode | 'scanned';

export interface CraftedFile {
  name: string;
  format: DocumentFormat;
  why: string;
  bytes: Uint8Array;
  /** Every outcome that counts as handled: error codes, or 'scanned'. */
  expected: ExpectedOutcome[];
}

const MiB = 1024 * 1024;

export async function craftedHostileFiles(): Promise<CraftedFile[]> {
  return Promise.all([
    zipBombDocx(),
    overlappingZipBombDocx(),
    repeatedCellsOds(),
    fullDimensionXlsx(),
    hugeDimensionsPng(),
    hugeChunkPng(),
    truncatedPng(),
    hugeFrameGif(),
    tiffWithoutEntries(),
    hugeDimensionsTiff(),
    badBitCountBmp(),
    truncatedJpeg(),
    arithmeticJpeg(),
    cyclicPageTreePdf(),
    xrefLoopPdf(),
    truncatedPdf(),
    encryptedPdf(),
    deeplyNestedHtml(),
    randomBytes(),
  ]);
}

/** A file of the given size that takes no disk space (one hole), for size-limit tests. */
export async function sparseFile(path: string, bytes: number): Promise<void> {
  await writeFile(path, new Uint8Array(0));
  await truncate(path, bytes);
}

// ZIP containers -----------------------------------------------------------------------------

function zipBombDocx(): CraftedFile {
  const size = 300 * MiB;
  const document = { name: 'word/document.xml', data: deflatedZeros(size), size, crc: crc32OfZeros(size) };
  return {
    name: 'zip-bomb.docx',
    format: 'docx',
    why: 'one entry of a few hundred KB that inflates to 300 MiB of zeros',
    bytes: zipArchive([document], [{ ...document, localIndex: 0 }]),
    expected: ['too_large'],
  };
}

function overlappingZipBombDocx(): CraftedFile {
  // After David Fifield's "A better zip bomb" (full overlap): one local file, and a central
  // directory whose entries all point at it, so each named part inflates the same block again.
  const size = MiB;
  const kernel = { name: 'word/document.xml', data: deflatedZeros(size), size, crc: crc32OfZeros(size) };
  const names = ['word/document.xml', ...Array.from({ length: 299 }, (_, i) => `word/header${i + 1}.xml`)];
  return {
    name: 'overlapping-entries-bomb.docx',
    format: 'docx',
    why: '300 central-directory entries share one local entry of 1 MiB: 300 MiB inflated, while a pass over the local entries sees 1 MiB (strict readers call it invalid)',
    bytes: zipArchive(
      [kernel],
      names.map((name) => ({ ...kernel, name, localIndex: 0 })),
    ),
    expected: ['too_large', 'corrupt'],
  };
}

function repeatedCellsOds(): CraftedFile {
  const content =
    '<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="Sheet1">' +
    '<table:table-row table:number-rows-repeated="1048576"><table:table-cell table:number-columns-repeated="16384" office:value-type="string"><text:p>repeated</text:p></table:table-cell></table:table-row>' +
    '</table:table></office:spreadsheet></office:body></office:document-content>';
  const manifest =
    '<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/><manifest:file-entry manifest:full-path="styles.xml" manifest:media-type="text/xml"/></manifest:manifest>';
  const styles = '<?xml version="1.0" encoding="UTF-8"?><office:document-styles xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" office:version="1.2"/>';
  return {
    name: 'repeated-cells.ods',
    format: 'ods',
    why: 'about 1 KB declaring 1,048,576 rows × 16,384 columns of one text cell (17 billion cells)',
    // OpenDocument wants the mimetype entry first and stored, so that it can be sniffed.
    bytes: zipSync(
      {
        mimetype: [strToU8('application/vnd.oasis.opendocument.spreadsheet'), { level: 0 }],
        'META-INF/manifest.xml': strToU8(manifest),
        'content.xml': strToU8(content),
        // Readers (SheetJS among them) refuse a package without styles.xml before reaching content.xml.
        'styles.xml': strToU8(styles),
      },
      { level: 9, mtime: FIXED_TIME },
    ),
    expected: ['too_large', 'timeout'],
  };
}

function fullDimensionXlsx(): CraftedFile {
  const rows = `<row r="1">${inlineCell('A1', 'first cell')}</row><row r="1048576">${inlineCell('XFD1048576', 'last cell')}</row>`;
  return {
    name: 'full-dimension.xlsx',
    format: 'xlsx',
    why: 'a sheet whose dimension is the whole grid, A1:XFD1048576, holding two cells: a reader that walks the range walks 17 billion cells',
    bytes: xlsxPackage('A1:XFD1048576', rows),
    expected: ['scanned', 'too_large'],
  };
}

const inlineCell = (ref: string, text: string): string => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;

/** A workbook of one sheet, written part by part (SheetJS takes seconds over a large sheet). */
function xlsxPackage(dimension: string, rows: string): Uint8Array {
  const sheet = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="${SPREADSHEET_NS}"><dimension ref="${dimension}"/><sheetData>${rows}</sheetData></worksheet>`;
  return zipSync(
    {
      '[Content_Types].xml': strToU8(
        `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>`,
      ),
      '_rels/.rels': strToU8(relationships('officeDocument', 'xl/workbook.xml')),
      'xl/workbook.xml': strToU8(
        `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><workbook xmlns="${SPREADSHEET_NS}" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>`,
      ),
      'xl/_rels/workbook.xml.rels': strToU8(relationships('worksheet', 'worksheets/sheet1.xml')),
      'xl/worksheets/sheet1.xml': strToU8(sheet),
    },
    { level: 1, mtime: FIXED_TIME },
  );
}

const SPREADSHEET_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const FIXED_TIME = new Date(2024, 0, 1);

const relationships = (type: string, target: string): string =>
  `<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/${type}" Target="${target}"/></Relationships>`;

interface ZipFile {
  name: string;
  /** Raw DEFLATE data. */
  data: Uint8Array;
  /** Inflated size and CRC-32. */
  size: number;
  crc: number;
}

/**
 * A ZIP of deflated local files and a central directory written separately, so that directory
 * entries may point at any local file, several at the same one.
 */
function zipArchive(local: ZipFile[], directory: Array<ZipFile & { localIndex: number }>): Uint8Array {
  const parts: Buffer[] = [];
  const offsets: number[] = [];
  let offset = 0;
  const add = (part: Buffer) => {
    parts.push(part);
    offset += part.length;
  };
  for (const file of local) {
    offsets.push(offset);
    add(zipHeader(file, 'local'));
    add(Buffer.from(file.data));
  }
  const directoryStart = offset;
  for (const entry of directory) add(zipHeader(entry, 'central', offsets[entry.localIndex]));
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(directory.length, 8);
  end.writeUInt16LE(directory.length, 10);
  end.writeUInt32LE(offset - directoryStart, 12);
  end.writeUInt32LE(directoryStart, 16);
  add(end);
  return Buffer.concat(parts);
}

/** A local file header, or a central directory header pointing at the local one at `localOffset`. */
function zipHeader(file: ZipFile, kind: 'local' | 'central', localOffset = 0): Buffer {
  const name = Buffer.from(file.name, 'latin1');
  const central = kind === 'central';
  const header = Buffer.alloc((central ? 46 : 30) + name.length);
  // The central header has "version made by" before the fields both share.
  const at = central ? 6 : 4;
  header.writeUInt32LE(central ? 0x02014b50 : 0x04034b50, 0);
  if (central) header.writeUInt16LE(20, 4);
  header.writeUInt16LE(20, at); // version needed: DEFLATE
  header.writeUInt16LE(8, at + 4); // method: DEFLATE
  header.writeUInt16LE(DOS_DATE_2024_01_01, at + 8);
  header.writeUInt32LE(file.crc, at + 10);
  header.writeUInt32LE(file.data.length, at + 14);
  header.writeUInt32LE(file.size, at + 18);
  header.writeUInt16LE(name.length, at + 22);
  if (central) header.writeUInt32LE(localOffset, 42);
  name.copy(header, central ? 46 : 30);
  return header;
}

const DOS_DATE_2024_01_01 = ((2024 - 1980) << 9) | (1 << 5) | 1;

/**
 * `size` zeros as one DEFLATE block, written directly: compressing 300 MiB takes seconds, writing
 * the block takes milliseconds. The block's codes give <length 258, distance 1> one bit and its
 * distance one bit, so each 258 bytes cost 2 bits (about 1:1000, the format's limit); those
 * codes are both 0, so the bulk of the block is zero bytes.
 */
function deflatedZeros(size: number): Uint8Array {
  const repeats = Math.floor((size - 1) / 258);
  const literals = size - 1 - repeats * 258;
  const out = new BitWriter(Math.ceil((2 * repeats + 2 * literals + 128) / 8));
  out.bits(1, 1); // final block
  out.bits(2, 2); // dynamic Huffman codes
  out.bits(286 - 257, 5); // literal/length codes 0..285
  out.bits(1 - 1, 5); // one distance code
  out.bits(18 - 4, 4); // code-length code lengths given, in the order below
  // In RFC 1951's order 16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1:
  // symbol 18 (a run of zeros) gets 1 bit (code 0), lengths 1 and 2 get 2 bits (10, 11).
  for (const length of [0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2, 0, 2]) out.bits(length, 3);
  const lengthTwo = () => out.code(0b11, 2);
  const lengthOne = () => out.code(0b10, 2);
  const unusedRun = (n: number) => {
    out.code(0, 1);
    out.bits(n - 11, 7);
  };
  // Literal/length code lengths: byte 0 → 2, 1..255 unused, end of block → 2, 257..284 unused,
  // 285 (length 258) → 1; then the one distance code → 1. Codes: 285 = 0, byte 0 = 10, end = 11.
  lengthTwo();
  unusedRun(138);
  unusedRun(117);
  lengthTwo();
  unusedRun(28);
  lengthOne();
  lengthOne();
  out.code(0b10, 2); // one zero byte, then copies of the 258 before
  out.skip(2 * repeats); // each copy: length code 0, distance code 0
  for (let i = 0; i < literals; i++) out.code(0b10, 2);
  out.code(0b11, 2); // end of block
  return out.bytes();
}

/** Bits packed least significant first, as DEFLATE packs them; Huffman codes go most significant bit first. */
class BitWriter {
  private readonly buffer: Uint8Array;
  private position = 0;

  constructor(capacity: number) {
    this.buffer = new Uint8Array(capacity);
  }

  bits(value: number, count: number): void {
    for (let i = 0; i < count; i++) this.bit((value >> i) & 1);
  }

  code(code: number, length: number): void {
    for (let i = length - 1; i >= 0; i--) this.bit((code >> i) & 1);
  }

  /** Zero bits: the buffer starts zeroed. */
  skip(count: number): void {
    this.position += count;
  }

  bytes(): Uint8Array {
    return this.buffer.subarray(0, Math.ceil(this.position / 8));
  }

  private bit(value: number): void {
    if (value) this.buffer[this.position >> 3] |= 1 << (this.position & 7);
    this.position++;
  }
}

function crc32OfZeros(size: number): number {
  const zeros = new Uint8Array(Math.min(size, 4 * MiB));
  let crc = 0;
  for (let left = size; left > 0; left -= zeros.length) crc = crc32(zeros.subarray(0, Math.min(left, zeros.length)), crc);
  return crc;
}

// Images -------------------------------------------------------------------------------------

function hugeDimensionsPng(): CraftedFile {
  const width = 100_000;
  const oneRow = zlibSync(new Uint8Array(1 + 3 * width), { level: 9 });
  return {
    name: 'huge-dimensions.png',
    format: 'png',
    why: 'a PNG header declaring 100000×100000 RGB (30 GB decoded), with one row of pixels',
    bytes: png([pngChunk('IHDR', pngHeader(width, 100_000)), pngChunk('IDAT', oneRow), pngChunk('IEND', new Uint8Array(0))]),
    expected: ['too_large'],
  };
}

function hugeChunkPng(): CraftedFile {
  const real = smallPng();
  const afterHeader = 8 + 12 + 13;
  // The length field claims 2^31 - 1 bytes; after the profile's name and compression method
  // comes the rest of the real PNG.
  const length = Buffer.alloc(4);
  length.writeUInt32BE(0x7fffffff);
  return {
    name: 'huge-iccp-chunk.png',
    format: 'png',
    why: 'a real 64×64 PNG with an iCCP chunk after its header whose length field claims 2 GB',
    bytes: Buffer.concat([real.subarray(0, afterHeader), length, Buffer.from('iCCPicc\0\0', 'latin1'), real.subarray(afterHeader)]),
    expected: ['corrupt'],
  };
}

function truncatedPng(): CraftedFile {
  const real = smallPng();
  return {
    name: 'truncated.png',
    format: 'png',
    why: 'a real 64×64 PNG cut in half: the header is whole, the pixel data ends midway',
    bytes: real.subarray(0, real.length >> 1),
    expected: ['corrupt'],
  };
}

/** A 64×64 RGBA gradient, encoded by pngjs. */
function smallPng(): Buffer {
  const image = new PNG({ width: 64, height: 64 });
  for (let i = 0; i < 64 * 64; i++) image.data.set([(i * 7) & 255, (i >> 6) * 4, (i & 63) * 4, 255], i * 4);
  return PNG.sync.write(image);
}

const png = (chunks: Buffer[]): Buffer => Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), ...chunks]);

function pngChunk(type: string, data: Uint8Array): Buffer {
  const chunk = Buffer.alloc(12 + data.length);
  chunk.writeUInt32BE(data.length, 0);
  chunk.write(type, 4, 'latin1');
  chunk.set(data, 8);
  chunk.writeUInt32BE(crc32(chunk.subarray(4, 8 + data.length)), 8 + data.length);
  return chunk;
}

/** IHDR data: 8-bit RGB, no interlacing. */
function pngHeader(width: number, height: number): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8;
  header[9] = 2;
  return header;
}

function hugeFrameGif(): CraftedFile {
  const gif = Buffer.concat([
    Buffer.from('GIF89a', 'latin1'),
    Buffer.from([32, 0, 32, 0, 0x80, 0, 0]), // 32×32 screen, a global table of 2 colours
    Buffer.from([0, 0, 0, 255, 255, 255]),
    Buffer.from([0x2c, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff, 0]), // a frame at 0,0 of 65535×65535
    Buffer.from([2, 2, 0x44, 0x01, 0]), // LZW: clear, one pixel, end
    Buffer.from([0x3b]),
  ]);
  return {
    name: 'huge-frame.gif',
    format: 'gif',
    why: 'a GIF whose screen is 32×32 but whose one frame declares 65535×65535 (17 GB decoded)',
    bytes: gif,
    expected: ['too_large'],
  };
}

function tiffWithoutEntries(): CraftedFile {
  const tiff = Buffer.alloc(14);
  tiff.write('II', 0, 'latin1');
  tiff.writeUInt16LE(42, 2);
  tiff.writeUInt32LE(8, 4); // the first image directory, at 8: no entries, no next directory
  return {
    name: 'no-image-directory-entries.tif',
    format: 'tiff',
    why: 'a TIFF header pointing at an image directory with zero entries: no size, no pixels',
    bytes: tiff,
    expected: ['corrupt'],
  };
}

function hugeDimensionsTiff(): CraftedFile {
  const SHORT = 3;
  const LONG = 4;
  const entries: Array<[tag: number, type: number, value: number]> = [
    [256, LONG, 1_000_000], // width
    [257, LONG, 1_000_000], // height
    [258, SHORT, 8], // bits per sample
    [259, SHORT, 1], // no compression
    [262, SHORT, 1], // black is zero
    [273, LONG, 0], // strip offset, set below
    [277, SHORT, 1], // samples per pixel
    [278, LONG, 1_000_000], // rows per strip
    [279, LONG, 16], // strip byte count: the 16 bytes that are there
  ];
  const directoryAt = 8;
  const pixelsAt = directoryAt + 2 + entries.length * 12 + 4;
  const tiff = Buffer.alloc(pixelsAt + 16);
  tiff.write('II', 0, 'latin1');
  tiff.writeUInt16LE(42, 2);
  tiff.writeUInt32LE(directoryAt, 4);
  tiff.writeUInt16LE(entries.length, directoryAt);
  entries.forEach(([tag, type, value], i) => {
    const at = directoryAt + 2 + i * 12;
    tiff.writeUInt16LE(tag, at);
    tiff.writeUInt16LE(type, at + 2);
    tiff.writeUInt32LE(1, at + 4);
    if (type === SHORT) tiff.writeUInt16LE(value, at + 8);
    else tiff.writeUInt32LE(tag === 273 ? pixelsAt : value, at + 8);
  });
  return {
    name: 'huge-dimensions.tif',
    format: 'tiff',
    why: 'a TIFF whose image directory declares 1,000,000×1,000,000 8-bit grey (1 TB decoded), with 16 bytes of pixels',
    bytes: tiff,
    expected: ['too_large'],
  };
}

function badBitCountBmp(): CraftedFile {
  const pixels = 16 * 16 * 4;
  const bmp = Buffer.alloc(14 + 40 + pixels, 0x55);
  bmp.write('BM', 0, 'latin1');
  bmp.writeUInt32LE(bmp.length, 2);
  bmp.writeUInt32LE(0, 6);
  bmp.writeUInt32LE(14 + 40, 10);
  bmp.writeUInt32LE(40, 14); // BITMAPINFOHEADER
  bmp.writeInt32LE(16, 18);
  bmp.writeInt32LE(16, 22);
  bmp.writeUInt16LE(1, 26); // planes
  bmp.writeUInt16LE(0xffff, 28); // bits per pixel: no such depth
  bmp.fill(0, 30, 54); // no compression, default size, resolution and palette
  return {
    name: 'bad-bit-count.bmp',
    format: 'bmp',
    why: 'a 16×16 BMP whose header gives 65535 bits per pixel',
    bytes: bmp,
    expected: ['corrupt', 'unsupported_format'],
  };
}

async function truncatedJpeg(): Promise<CraftedFile> {
  const jpeg = await smallJpeg();
  const scan = jpegSegmentAt(jpeg, 0xda);
  const scanData = scan + 2 + ((jpeg[scan + 2] << 8) | jpeg[scan + 3]);
  return {
    name: 'truncated.jpg',
    format: 'jpeg',
    why: 'a real 64×48 JPEG cut halfway through its compressed pixels; decoders may fill in the rest',
    bytes: jpeg.subarray(0, scanData + ((jpeg.length - scanData) >> 1)),
    expected: ['corrupt', 'scanned'],
  };
}

async function arithmeticJpeg(): Promise<CraftedFile> {
  const jpeg = Buffer.from(await smallJpeg());
  const frame = jpegSegmentAt(jpeg, 0xc0);
  jpeg[frame + 1] = 0xc9; // baseline → arithmetic-coded sequential; the data stays Huffman-coded
  return {
    name: 'arithmetic-sof9.jpg',
    format: 'jpeg',
    why: 'a real JPEG whose frame marker says arithmetic coding (SOF9), which many decoders do not support',
    bytes: jpeg,
    expected: ['unsupported_format'],
  };
}

/** A 64×48 picture of coloured bands, as JPEG. */
async function smallJpeg(): Promise<Uint8Array> {
  const canvas = createCanvas(64, 48);
  const context = canvas.getContext('2d');
  ['#1f4e79', '#c00000', '#70ad47', '#ffc000'].forEach((colour, i) => {
    context.fillStyle = colour;
    context.fillRect(0, i * 12, 64, 12);
  });
  return canvas.encode('jpeg', 90);
}

/** Where the first segment with the marker starts, walking segments from SOI (marker bytes can occur inside tables). */
function jpegSegmentAt(jpeg: Uint8Array, marker: number): number {
  for (let at = 2; at + 4 <= jpeg.length; at += 2 + ((jpeg[at + 2] << 8) | jpeg[at + 3])) {
    if (jpeg[at] !== 0xff) break;
    if (jpeg[at + 1] === marker) return at;
  }
  throw new Error(`no 0x${marker.toString(16)} segment in the JPEG`);
}

// PDF ----------------------------------------------------------------------------------------

const PAGE_OBJECTS = [
  '<< /Type /Catalog /Pages 2 0 R >>',
  '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
  '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
  '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  pdfStream('BT /F1 14 Tf 50 780 Td (A page of text) Tj ET'),
];

function cyclicPageTreePdf(): CraftedFile {
  const objects = [PAGE_OBJECTS[0], '<< /Type /Pages /Kids [2 0 R] /Count 1 >>'];
  const { text, offsets } = pdfBody(objects);
  return {
    name: 'cyclic-page-tree.pdf',
    format: 'pdf',
    why: 'the only /Pages node lists itself as its kid: walking the tree never reaches a page',
    bytes: Buffer.from(text + pdfTail(xrefSection(offsets), `/Size ${objects.length + 1} /Root 1 0 R`, text.length), 'latin1'),
    expected: ['corrupt'],
  };
}

function xrefLoopPdf(): CraftedFile {
  const { text, offsets } = pdfBody(PAGE_OBJECTS);
  // Two cross-reference sections whose /Prev point at each other; offsets padded to a fixed width
  // so that the second section's place is known before the first trailer is written.
  const trailer = (prev: number) => `trailer\n<< /Size ${PAGE_OBJECTS.length + 1} /Root 1 0 R /Prev ${String(prev).padStart(10, '0')} >>\n`;
  const first = xrefSection(offsets);
  const firstAt = text.length;
  const secondAt = firstAt + first.length + trailer(0).length;
  const pdf = `${text}${first}${trailer(secondAt)}xref\n0 1\n0000000000 65535 f \n${trailer(firstAt)}startxref\n${secondAt}\n%%EOF\n`;
  return {
    name: 'xref-prev-loop.pdf',
    format: 'pdf',
    why: 'a one-page PDF with two cross-reference sections whose /Prev point at each other: following them never ends',
    bytes: Buffer.from(pdf, 'latin1'),
    expected: ['scanned', 'corrupt'],
  };
}

function truncatedPdf(): CraftedFile {
  const { text, offsets } = pdfBody(PAGE_OBJECTS);
  return {
    name: 'truncated.pdf',
    format: 'pdf',
    why: 'a one-page PDF cut after its catalog: no page tree, no cross-reference table, no trailer',
    bytes: Buffer.from(text.slice(0, offsets[1]), 'latin1'),
    expected: ['corrupt'],
  };
}

function encryptedPdf(): CraftedFile {
  const { text, offsets } = pdfBody(PAGE_OBJECTS);
  const plain = Buffer.from(text + pdfTail(xrefSection(offsets), `/Size ${PAGE_OBJECTS.length + 1} /Root 1 0 R`, text.length), 'latin1');
  const encrypted = new mupdf.PDFDocument(plain).saveToBuffer('encrypt=aes-256,user-password=secret,owner-password=owner');
  return {
    name: 'encrypted.pdf',
    format: 'pdf',
    why: 'a one-page PDF encrypted with AES-256 and a user password (MuPDF salts it: the bytes differ per build)',
    bytes: encrypted.asUint8Array().slice(),
    expected: ['encrypted'],
  };
}

function pdfStream(content: string): string {
  return `<< /Length ${content.length} >>\nstream\n${content}\nendstream`;
}

/** The header and numbered objects (from 1) of a PDF, with where each object starts. */
function pdfBody(objects: string[]): { text: string; offsets: number[] } {
  let text = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((object, i) => {
    offsets.push(text.length);
    text += `${i + 1} 0 obj\n${object}\nendobj\n`;
  });
  return { text, offsets };
}

const xrefSection = (offsets: number[]): string => `xref\n0 ${offsets.length + 1}\n0000000000 65535 f \n${offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('')}`;

const pdfTail = (xref: string, trailer: string, xrefAt: number): string => `${xref}trailer\n<< ${trailer} >>\nstartxref\n${xrefAt}\n%%EOF\n`;

// Valid but large (long lists: test/extract/reader-limits.test.ts counts their every ID) --------

function deeplyNestedHtml(): CraftedFile {
  const depth = 100_000;
  return {
    name: 'nested-divs-100000.html',
    format: 'html',
    why: 'a valid web page of 100,000 nested <div>: a reader that recurses over the tree overflows the stack',
    bytes: strToU8(`<!DOCTYPE html><html><body>${'<div>'.repeat(depth)}deep text${'</div>'.repeat(depth)}</body></html>`),
    expected: ['scanned'],
  };
}

function randomBytes(): CraftedFile {
  // mulberry32: the same "random" megabyte every time.
  const bytes = new Uint8Array(MiB);
  let seed = 0x5eed;
  for (let i = 0; i < bytes.length; i++) {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), seed | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    bytes[i] = (t ^ (t >>> 14)) >>> 24;
  }
  return {
    name: 'random.bin',
    format: 'binary',
    why: '1 MiB of random bytes: no format at all',
    bytes,
    expected: ['unsupported_format'],
  };
}

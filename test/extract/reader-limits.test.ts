// Readers bounded before the work, and honest about why a document cannot be read: hostile
// inputs crafted here, each refused with its code (or read in full) in little time and memory.
import * as XLSX from '@e965/xlsx';
import { strFromU8, strToU8, unzipSync, zipSync, type Zippable } from 'fflate';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as mupdf from 'mupdf';
import { describe, expect, it } from 'vitest';
import { ScanError } from '../../shared/errors.ts';
import { readingError } from '../../shared/errors.ts';
import { MAX_TABLE_CELLS } from '../../shared/extract/table.ts';
import { maskDocument } from '../../shared/mask/index.ts';
import { scanDocument } from '../../shared/scan.ts';
import { fingerprint, withCheckDigit } from '../helpers.ts';
import { docx, docxXml, pdf, workbook } from './fixtures.ts';

const ID = withCheckDigit('110170020703');
const ID2 = withCheckDigit('350100512346');
const ID3 = withCheckDigit('361200098765');
const ID_HEADER = 'เลขประจำตัวประชาชน';

const scan = (name: string, bytes: Uint8Array) => scanDocument(name, bytes, { fingerprint, extraction: {} });
const ids = (result: Awaited<ReturnType<typeof scan>>) => result.findings.filter((f) => f.type === 'national_id');
const where = (result: Awaited<ReturnType<typeof scan>>) => ids(result).map((f) => [f.location.sheet, f.location.cell, f.location.hidden ?? '']);

describe('tables of any length: no argument list is as long as the document', () => {
  const ROWS = 25_000;
  const header = ['ลำดับ', 'ชื่อ-สกุล', ID_HEADER, 'อำเภอ', 'หมายเหตุ'];
  // 125,000 cells: past the ~120,000 arguments a spread call could take.
  const rows = Array.from({ length: ROWS }, (_, i) => [String(i + 1), 'นางสมศรี ใจดี', withCheckDigit(String(110_000_000_000 + i * 7919)), 'เมือง', 'ได้รับแล้ว']);
  const html = `<html><body><table><tr>${header.map((h) => `<th>${h}</th>`).join('')}</tr>${rows.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`).join('\n')}</table></body></html>`;
  const documents: Record<string, () => Uint8Array> = {
    'list.xlsx': () => workbook([{ name: 'รายชื่อ', rows: [header, ...rows] }], 'xlsx'),
    'list.html': () => new TextEncoder().encode(html),
    'list.docx': () => docx({ body: docxXml.table(docxXml.row(...header), ...rows.map((r) => docxXml.row(...r))) }),
  };

  it.each(Object.keys(documents))(
    '%s: a 25,000-row list yields all its 25,000 IDs',
    async (name) => {
      const result = await scan(name, documents[name]!());
      expect(result.error).toBeUndefined();
      expect(ids(result)).toHaveLength(ROWS);
    },
    60_000,
  );
});

/** A zip made by fflate (no comment, no zip64), and where its central directory records are. */
function zipWithDirectory(files: Zippable): { bytes: Uint8Array; view: DataView; records: number[] } {
  const bytes = zipSync(files, { mtime: new Date(2024, 0, 1) });
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const eocd = bytes.length - 22;
  const records: number[] = [];
  for (let at = view.getUint32(eocd + 16, true), n = 0; n < view.getUint16(eocd + 10, true); n++) {
    records.push(at);
    at += 46 + view.getUint16(at + 28, true) + view.getUint16(at + 30, true) + view.getUint16(at + 32, true);
  }
  return { bytes, view, records };
}

// Offsets in a central directory record.
const CD_FLAGS = 8;
const CD_COMPRESSED = 20;
const CD_SIZE = 24;
const CD_LOCAL_HEADER = 42;
const LOCAL_FLAGS = 6;

const CONTENT_TYPES = strToU8('<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>');
const wordXml = (body: string) => strToU8(`<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>${body}</w:body></w:document>`);

describe('ZIP containers checked by their central directory, as the readers read them', () => {
  it('several entries pointing at the same data (an overlapping zip bomb) are refused before inflating', async () => {
    const body = wordXml(docxXml.para(docxXml.run('x'.repeat(1_000_000))));
    const { bytes, view, records } = zipWithDirectory({
      'word/document.xml': body,
      'word/header1.xml': strToU8('<w:hdr/>'),
      'word/header2.xml': strToU8('<w:hdr/>'),
      '[Content_Types].xml': CONTENT_TYPES,
    });
    // Every header's directory entry points at the body's local header: the body, inflated three times.
    for (const at of records.slice(1, 3)) view.setUint32(at + CD_LOCAL_HEADER, view.getUint32(records[0]! + CD_LOCAL_HEADER, true), true);
    for (const name of ['bomb.docx', 'bomb.xlsx']) {
      const result = await scan(name, bytes);
      expect(result.error).toEqual({ code: 'too_large', message: 'the document is a compressed archive and its entries overlap (a zip bomb?)' });
    }
  });

  it("an entry whose data takes in the next entry (Fifield's quoted local headers) is refused", async () => {
    const stored = (text: string): [Uint8Array, { level: 0 }] => [wordXml(docxXml.para(docxXml.run(text))), { level: 0 }];
    const { bytes, view, records } = zipWithDirectory({ 'word/document.xml': stored('เอกสาร'), 'word/header1.xml': stored(`โทร 081-234-5678`), '[Content_Types].xml': CONTENT_TYPES });
    const quoted = view.getUint32(records[1]! + CD_LOCAL_HEADER, true) + 30 + 'word/header1.xml'.length + view.getUint32(records[1]! + CD_COMPRESSED, true);
    view.setUint32(records[0]! + CD_COMPRESSED, quoted, true);
    view.setUint32(records[0]! + CD_SIZE, quoted, true);
    expect((await scan('quoted.docx', bytes)).error).toMatchObject({ code: 'too_large', message: expect.stringMatching(/entries overlap/) });
  });

  it('an entry that inflates to more than it declares is cut off at what it declares', async () => {
    const { bytes, view, records } = zipWithDirectory({ 'word/document.xml': new Uint8Array(5_000_000), '[Content_Types].xml': CONTENT_TYPES });
    view.setUint32(records[0]! + CD_SIZE, 1000, true);
    for (const name of ['liar.docx', 'liar.xlsx']) {
      expect((await scan(name, bytes)).error).toEqual({
        code: 'too_large',
        message: 'the document is a compressed archive and word/document.xml inflates to more than the 1000 bytes it declares (a zip bomb?)',
      });
    }
  });

  it('an archive that declares more than the limit is refused before anything is inflated', async () => {
    const { bytes, view, records } = zipWithDirectory({ 'word/document.xml': wordXml(''), '[Content_Types].xml': CONTENT_TYPES });
    view.setUint32(records[0]! + CD_SIZE, 0xffff_fff0, true);
    expect((await scan('huge.docx', bytes)).error).toMatchObject({ code: 'too_large', message: expect.stringMatching(/inflates to more than 209715200 bytes/) });
  });

  it('an entry with the encryption flag is encrypted, for the scanner and for the masker', async () => {
    const { bytes, view, records } = zipWithDirectory({ 'word/document.xml': wordXml(docxXml.para(docxXml.run(ID))), '[Content_Types].xml': CONTENT_TYPES });
    const local = view.getUint32(records[0]! + CD_LOCAL_HEADER, true);
    view.setUint16(records[0]! + CD_FLAGS, view.getUint16(records[0]! + CD_FLAGS, true) | 1, true);
    view.setUint16(local + LOCAL_FLAGS, view.getUint16(local + LOCAL_FLAGS, true) | 1, true);
    expect((await scan('secret.docx', bytes)).error).toEqual({ code: 'encrypted', message: 'the archive is protected by a password' });
    await expect(maskDocument(bytes, 'secret.docx', { keep: 'last', fingerprint })).rejects.toMatchObject({ code: 'encrypted' });
  });
});

const ODS_NS = [
  'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"',
  'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"',
  'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"',
  'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"',
  'xmlns:dc="http://purl.org/dc/elements/1.1/"',
].join(' ');
const MANIFEST_NS = 'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0"';

/** An OpenDocument package: its mimetype first and stored, as the format asks. */
function odf(kind: 'spreadsheet' | 'text', content: string, manifestEntries = ''): Uint8Array {
  return zipSync({
    mimetype: [strToU8(`application/vnd.oasis.opendocument.${kind}`), { level: 0 }],
    'META-INF/manifest.xml': strToU8(`<manifest:manifest ${MANIFEST_NS}>${manifestEntries}</manifest:manifest>`),
    'content.xml': strToU8(`<office:document-content ${ODS_NS}>${content}</office:document-content>`),
  });
}

const ods = (tables: string, styles = '') =>
  odf('spreadsheet', `<office:automatic-styles>${styles}</office:automatic-styles><office:body><office:spreadsheet>${tables}</office:spreadsheet></office:body>`);
const textCell = (text: string, attributes = '') => `<table:table-cell office:value-type="string"${attributes}><text:p>${text}</text:p></table:table-cell>`;

describe('spreadsheets: what a sheet declares costs nothing, what it holds is bounded', () => {
  it('an ODS declaring every cell of the largest sheet, empty, is read in no time', async () => {
    const bytes = ods(
      '<table:table table:name="S"><table:table-column table:number-columns-repeated="16384"/>' +
        `<table:table-row>${textCell(ID_HEADER)}<table:table-cell table:number-columns-repeated="16383"/></table:table-row>` +
        `<table:table-row>${textCell(ID)}<table:table-cell table:number-columns-repeated="16383"/></table:table-row>` +
        '<table:table-row table:number-rows-repeated="1048574"><table:table-cell table:number-columns-repeated="16384"/></table:table-row></table:table>',
    );
    expect(bytes.length).toBeLessThan(1200);
    const started = Date.now();
    const result = await scan('huge.ods', bytes);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(result.error).toBeUndefined();
    expect(where(result)).toEqual([['S', 'A2', '']]);
  });

  it('an ODS repeating a filled cell over every cell of the largest sheet is too large, before it is held', async () => {
    const bytes = ods(`<table:table table:name="S"><table:table-row table:number-rows-repeated="1048576">${textCell('x', ' table:number-columns-repeated="16384"')}</table:table-row></table:table>`);
    const result = await scan('repeat.ods', bytes);
    expect(result.error).toEqual({ code: 'too_large', message: `the document's tables hold more than ${MAX_TABLE_CELLS} cells` });
  });

  it('repeated filled cells and rows are read cell by cell', async () => {
    const bytes = ods(
      `<table:table table:name="S"><table:table-row>${textCell(ID_HEADER)}</table:table-row><table:table-row table:number-rows-repeated="2">${textCell(ID, ' table:number-columns-repeated="2"')}</table:table-row></table:table>`,
    );
    expect(where(await scan('repeat.ods', bytes))).toEqual([
      ['S', 'A2', ''],
      ['S', 'B2', ''],
      ['S', 'A3', ''],
      ['S', 'B3', ''],
    ]);
  });

  it('ODS hidden sheets, rows and columns and cell comments are read and marked, numbers with all their digits', async () => {
    const hiddenTable = '<style:style style:name="ta2" style:family="table"><style:table-properties table:display="false"/></style:style>';
    const note = `<office:annotation><dc:creator>สมชาย</dc:creator><dc:date>2024-01-01T10:00:00</dc:date><text:p>เลขบัตร ${ID3}</text:p></office:annotation>`;
    const bytes = ods(
      '<table:table table:name="รายชื่อ"><table:table-column/><table:table-column table:visibility="collapse"/>' +
        `<table:table-row>${textCell(ID_HEADER)}${textCell('เดิม')}</table:table-row>` +
        `<table:table-row><table:table-cell office:value-type="float" office:value="${ID}"><text:p>1.10E+12</text:p></table:table-cell>${textCell(ID2)}</table:table-row>` +
        `<table:table-row table:visibility="collapse">${textCell(ID3)}</table:table-row>` +
        `<table:table-row><table:table-cell office:value-type="string">${note}<text:p>ดูหมายเหตุ</text:p></table:table-cell></table:table-row></table:table>` +
        `<table:table table:name="เดิม" table:style-name="ta2"><table:table-row>${textCell(ID_HEADER)}</table:table-row><table:table-row>${textCell(ID2)}</table:table-row></table:table>`,
      hiddenTable,
    );
    const result = await scan('list.ods', bytes);
    expect(where(result)).toEqual([
      ['รายชื่อ', 'A2', ''],
      ['รายชื่อ', 'B2', 'hidden-column'],
      ['รายชื่อ', 'A3', 'hidden-row'],
      ['รายชื่อ', 'A4', 'cell-comment'],
      ['เดิม', 'A2', 'hidden-sheet'],
    ]);
    expect(ids(result)[0]!.fingerprint).toBe(fingerprint('national_id', ID));
  });

  /** A workbook whose first sheet gets more rows, written into its XML as Excel writes them. */
  const withRows = (rows: string, dimension: string): Uint8Array => {
    const files = unzipSync(workbook([{ name: 'S', rows: [[ID_HEADER], [ID]] }], 'xlsx'));
    const sheet = strFromU8(files['xl/worksheets/sheet1.xml']!);
    files['xl/worksheets/sheet1.xml'] = strToU8(sheet.replace(/<dimension ref="[^"]*"\/>/, `<dimension ref="${dimension}"/>`).replace('</sheetData>', `${rows}</sheetData>`));
    return zipSync(files);
  };
  const inlineCell = (ref: string, text: string) => `<c r="${ref}" t="inlineStr"><is><t>${text}</t></is></c>`;

  it('an XLSX declaring the largest sheet, with a cell in each far corner, holds two rows', async () => {
    const bytes = withRows(`<row r="1048576">${inlineCell('XFD1048576', ID2)}</row>`, 'A1:XFD1048576');
    const started = Date.now();
    const result = await scan('corners.xlsx', bytes);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(where(result)).toEqual([
      ['S', 'A2', ''],
      ['S', 'XFD1048576', ''],
    ]);
  });

  it('an XLSX of rows whose last cell is far right is too large: the empty cells before it are held', async () => {
    const rows = Array.from({ length: Math.ceil(MAX_TABLE_CELLS / 16384) + 1 }, (_, i) => `<row r="${i + 3}">${inlineCell(`XFD${i + 3}`, 'x')}</row>`).join('');
    const result = await scan('wide.xlsx', withRows(rows, 'A1:XFD400'));
    expect(result.error).toEqual({ code: 'too_large', message: `the document's tables hold more than ${MAX_TABLE_CELLS} cells` });
  });

  it('a web page of wide column spans is too large before its cells are made', async () => {
    const html = `<table>${'<tr><td colspan="1000">ชื่อ</td></tr>'.repeat(Math.ceil(MAX_TABLE_CELLS / 1000) + 1)}</table>`;
    expect((await scan('spans.html', new TextEncoder().encode(html))).error).toEqual({ code: 'too_large', message: `the document's tables hold more than ${MAX_TABLE_CELLS} cells` });
  });
});

describe('encryption is reported as encrypted, whatever the scheme', () => {
  it('a Word 97–2003 document with fEncrypted set in its FIB (RC4, RC4 CryptoAPI, XOR)', async () => {
    const cfb = XLSX.CFB.read(readFileSync(join(import.meta.dirname, '../fixtures/legacy/minutes.doc')), { type: 'buffer' });
    const fib = XLSX.CFB.find(cfb, 'WordDocument')!.content as Uint8Array;
    // FibBase's flags are 16 bits at 0x0A; fEncrypted is 0x0100, in the second byte.
    fib[0x0b]! |= 0x01;
    const bytes = new Uint8Array(XLSX.CFB.write(cfb, { type: 'array' }) as ArrayBuffer);
    expect((await scan('minutes.doc', bytes)).error).toEqual({ code: 'encrypted', message: 'the Word document is protected by a password' });
  });

  it('an Excel 97–2003 workbook with a FILEPASS record (RC4)', async () => {
    const cfb = XLSX.CFB.read(workbook([{ name: 'S', rows: [[ID_HEADER], [ID]] }], 'biff8'), { type: 'array' });
    const stream = XLSX.CFB.find(cfb, 'Workbook')!;
    const records = Buffer.from(stream.content as Uint8Array);
    // FILEPASS right after the first BOF: encryption type 1 (RC4), version 1.1, salt, verifier and
    // its hash. The sheets' stream offsets are not moved: readers stop at FILEPASS.
    const filePass = Buffer.alloc(4 + 54);
    filePass.writeUInt16LE(0x002f, 0);
    filePass.writeUInt16LE(54, 2);
    filePass.writeUInt16LE(1, 4);
    filePass.writeUInt16LE(1, 6);
    filePass.writeUInt16LE(1, 8);
    const bof = 4 + records.readUInt16LE(2);
    stream.content = Buffer.concat([records.subarray(0, bof), filePass, records.subarray(bof)]);
    const bytes = new Uint8Array(XLSX.CFB.write(cfb, { type: 'array' }) as ArrayBuffer);
    expect((await scan('list.xls', bytes)).error).toEqual({ code: 'encrypted', message: 'the spreadsheet is protected by a password' });
  });

  it('OpenDocument spreadsheets and texts whose manifest holds encryption data', async () => {
    const encryption =
      '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml" manifest:size="1024">' +
      '<manifest:encryption-data manifest:checksum-type="SHA1/1K" manifest:checksum="AAAA"><manifest:algorithm manifest:algorithm-name="Blowfish CFB" manifest:initialisation-vector="AAAA"/>' +
      '<manifest:key-derivation manifest:key-derivation-name="PBKDF2" manifest:iteration-count="1024" manifest:salt="AAAA"/></manifest:encryption-data></manifest:file-entry>';
    const encrypted = { code: 'encrypted', message: 'the OpenDocument file is protected by a password' };
    expect((await scan('list.ods', odf('spreadsheet', '\u0001garbled', encryption))).error).toEqual(encrypted);
    expect((await scan('minutes.odt', odf('text', '\u0001garbled', encryption))).error).toEqual(encrypted);
    expect((await scan('minutes.odt', odf('text', '<office:body/>'))).error?.code).toBe('unsupported_format');
  });

  it('a PDF encrypted with AES-256 and a user password', async () => {
    const doc = mupdf.PDFDocument.openDocument(await pdf([[`Citizen ID: ${ID}`]]), 'application/pdf') as mupdf.PDFDocument;
    const bytes = doc.saveToBuffer('encrypt=aes-256,user-password=secret,owner-password=owner').asUint8Array().slice();
    expect((await scan('secret.pdf', bytes)).error).toEqual({ code: 'encrypted', message: 'the PDF is protected by a password' });
  });
});

describe('reader failures as scan errors', () => {
  it.each([
    [new RangeError('Invalid array length'), 'too_large'],
    [new RangeError('Array buffer allocation failed'), 'too_large'],
    [new RangeError('Invalid string length'), 'too_large'],
    [new RangeError('Maximum call stack size exceeded'), 'too_large'],
    [new RangeError('The value of "offset" is out of range. It must be >= 0 and <= 100. Received 200'), 'corrupt'],
    [new Error('File is password-protected'), 'encrypted'],
    [new Error('Unexpected end of data'), 'corrupt'],
    [new ScanError('timeout', 'too slow'), 'timeout'],
  ] as const)('%s is %s', (err, code) => {
    expect(readingError(err, 'the spreadsheet').code).toBe(code);
  });
});

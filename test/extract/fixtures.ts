// Documents built in the tests themselves, in every format, with known identifiers.
import * as XLSX from '@e965/xlsx';
import { strToU8, zipSync } from 'fflate';
import { existsSync, readFileSync } from 'node:fs';
import { createCanvas } from '@napi-rs/canvas';
import * as mupdf from 'mupdf';
import { PDFDocument, StandardFonts } from 'pdf-lib';

const W_NS =
  'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"';

const run = (text: string, props = ''): string => `<w:r>${props ? `<w:rPr>${props}</w:rPr>` : ''}<w:t xml:space="preserve">${text}</w:t></w:r>`;
const para = (...runs: string[]): string => `<w:p>${runs.join('')}</w:p>`;
const cell = (text: string): string => `<w:tc><w:tcPr/>${para(run(text))}</w:tc>`;
const row = (...cells: string[]): string => `<w:tr>${cells.map(cell).join('')}</w:tr>`;

export interface DocxParts {
  body: string;
  header?: string;
  footer?: string;
  /** `<w:comment>` elements of word/comments.xml. */
  comments?: string;
}

export function docx(parts: DocxParts): Uint8Array {
  const files: Record<string, Uint8Array> = {
    '[Content_Types].xml': strToU8(
      '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
    ),
    'word/document.xml': strToU8(`<?xml version="1.0"?><w:document ${W_NS}><w:body>${parts.body}</w:body></w:document>`),
  };
  if (parts.header) files['word/header1.xml'] = strToU8(`<?xml version="1.0"?><w:hdr ${W_NS}>${parts.header}</w:hdr>`);
  if (parts.footer) files['word/footer1.xml'] = strToU8(`<?xml version="1.0"?><w:ftr ${W_NS}>${parts.footer}</w:ftr>`);
  if (parts.comments) files['word/comments.xml'] = strToU8(`<?xml version="1.0"?><w:comments ${W_NS}>${parts.comments}</w:comments>`);
  // A fixed time, so that the same parts give the same bytes.
  return zipSync(files, { mtime: new Date(2024, 0, 1) });
}

export const docxXml = { run, para, row, table: (...rows: string[]) => `<w:tbl>${rows.join('')}</w:tbl>` };

/** A text box as Word writes it: the drawing (mc:Choice) and a VML copy (mc:Fallback). */
export const docxTextBox = (text: string): string =>
  para(
    `<w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:drawing><wps:txbx><w:txbxContent>${para(run(text))}</w:txbxContent></wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict><w:txbxContent>${para(run(text))}</w:txbxContent></w:pict></mc:Fallback></mc:AlternateContent></w:r>`,
  );

export interface SheetSpec {
  name: string;
  rows: Array<Array<string | number>>;
  hidden?: boolean;
  hiddenRows?: number[];
  hiddenColumns?: number[];
  /** Cell comments (notes), by A1 reference. */
  comments?: Array<{ cell: string; text: string }>;
}

export function workbook(sheets: SheetSpec[], bookType: XLSX.BookType): Uint8Array {
  const wb = XLSX.utils.book_new();
  for (const spec of sheets) {
    const ws = XLSX.utils.aoa_to_sheet(spec.rows);
    // Numbers shown the way Excel shows a 13-digit ID it was given as a number.
    for (const [addr, c] of Object.entries(ws)) if (!addr.startsWith('!') && (c as XLSX.CellObject).t === 'n') (c as XLSX.CellObject).z = '0.00E+00';
    if (spec.hiddenRows) ws['!rows'] = spec.hiddenRows.reduce<XLSX.RowInfo[]>((rows, r) => ((rows[r] = { hidden: true }), rows), []);
    if (spec.hiddenColumns) ws['!cols'] = spec.hiddenColumns.reduce<XLSX.ColInfo[]>((cols, c) => ((cols[c] = { hidden: true }), cols), []);
    for (const note of spec.comments ?? []) ((ws[note.cell] ??= { t: 's', v: '' }) as XLSX.CellObject).c = [{ a: 'author', t: note.text }];
    XLSX.utils.book_append_sheet(wb, ws, spec.name);
  }
  wb.Workbook = { Sheets: sheets.map((s) => ({ name: s.name, Hidden: s.hidden ? 1 : 0 })) };
  return new Uint8Array(XLSX.write(wb, { type: 'array', bookType }) as ArrayBuffer);
}

/**
 * A PDF with one page per entry: a list of text lines, null for a page with no text (drawn
 * shapes), or a scan: an image of the given resolution across the whole page.
 */
export async function pdf(pages: Array<string[] | null | { scanDpi: number }>): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (const content of pages) {
    const page = doc.addPage([595, 842]);
    if (Array.isArray(content)) content.forEach((line, i) => page.drawText(line, { x: 50, y: 780 - i * 20, size: 12, font }));
    else if (content === null) page.drawRectangle({ x: 50, y: 600, width: 300, height: 100, borderWidth: 2 });
    else {
      const scan = createCanvas(Math.round((595 / 72) * content.scanDpi), Math.round((842 / 72) * content.scanDpi));
      const image = await doc.embedPng(await scan.encode('png'));
      page.drawImage(image, { x: 0, y: 0, width: 595, height: 842 });
    }
  }
  return doc.save({ useObjectStreams: false });
}

/** A Thai TrueType font (Debian's fonts-tlwg-garuda-ttf, which CI installs). */
export const THAI_FONT = '/usr/share/fonts/truetype/tlwg/Garuda.ttf';
export const hasThaiFont = existsSync(THAI_FONT);

/**
 * A PDF as agencies' word processors make them: Thai text in an embedded font addressed by glyph
 * IDs (Identity-H, with a ToUnicode map), one page per list of lines, 14 pt, 24 pt apart.
 */
export function thaiPdf(pages: string[][]): Uint8Array {
  const doc = new mupdf.PDFDocument();
  const font = new mupdf.Font('Garuda', readFileSync(THAI_FONT));
  const resources = { Font: { F1: doc.addFont(font) } };
  const glyphs = (line: string) => [...line].map((ch) => font.encodeCharacter(ch.codePointAt(0)!).toString(16).padStart(4, '0')).join('');
  for (const lines of pages) {
    const content = lines.map((line, i) => `BT /F1 14 Tf 50 ${780 - i * 24} Td <${glyphs(line)}> Tj ET`).join('\n');
    doc.insertPage(-1, doc.addPage([0, 0, 595, 842], 0, resources, content));
  }
  return doc.saveToBuffer('compress').asUint8Array().slice();
}

/** The same PDF with a Standard security handler whose user password is not empty. */
export function encryptedPdf(bytes: Uint8Array): Uint8Array {
  const text = Buffer.from(bytes).toString('latin1');
  const hex = (n: number) => '<' + 'ab'.repeat(n) + '>';
  const encrypted = text.replace(/trailer\s*<</, `trailer\n<<\n/Encrypt << /Filter /Standard /V 1 /R 2 /O ${hex(32)} /U ${hex(32)} /P -44 >>\n/ID [${hex(16)} ${hex(16)}]`);
  return Buffer.from(encrypted, 'latin1');
}

/** A password-protected Office file: a compound file holding an EncryptedPackage stream. */
export function encryptedOffice(): Uint8Array {
  const cfb = XLSX.CFB.utils.cfb_new();
  XLSX.CFB.utils.cfb_add(cfb, '/EncryptionInfo', Buffer.from([4, 0, 4, 0, 0x40, 0, 0, 0]));
  XLSX.CFB.utils.cfb_add(cfb, '/EncryptedPackage', Buffer.alloc(4096, 7));
  return new Uint8Array(XLSX.CFB.write(cfb, { type: 'array' }) as ArrayBuffer);
}

/** A zip bomb named like a workbook: small on disk, `inflated` bytes of zeros inside. */
export function zipBomb(inflated: number): Uint8Array {
  return zipSync({ '[Content_Types].xml': strToU8('<Types/>'), 'xl/workbook.xml': new Uint8Array(inflated) }, { level: 9 });
}

/** Only a PNG signature and header, claiming the given size. */
export function pngHeader(width: number, height: number): Uint8Array {
  const b = Buffer.alloc(33);
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]).copy(b, 0);
  b.writeUInt32BE(13, 8);
  b.write('IHDR', 12, 'latin1');
  b.writeUInt32BE(width, 16);
  b.writeUInt32BE(height, 20);
  b[24] = 8;
  b[25] = 2;
  return b;
}

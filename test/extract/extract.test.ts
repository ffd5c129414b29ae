import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { extractDocument as extractWithFormat } from '../../shared/extract/index.ts';
import { detectFormat } from '../../shared/extract/format.ts';
import type { ExtractionLimits } from '../../shared/extract/index.ts';

const extractDocument = (bytes: Uint8Array, name: string, limits?: Partial<ExtractionLimits>) => extractWithFormat(bytes, detectFormat(bytes, name), { limits });
import { decodeText } from '../../shared/extract/encoding.ts';
import { columnName } from '../../shared/extract/table.ts';
import { ScanError } from '../../shared/errors.ts';
import { dashed, detect, withCheckDigit } from '../helpers.ts';

const ID = withCheckDigit('340100512345');
const utf8 = (s: string) => new TextEncoder().encode(s);

describe('format detection from bytes', () => {
  it.each([
    ['%PDF-1.7\n', 'list.doc', 'pdf'],
    ['PK\u0003\u0004....word/document.xml', 'list.pdf', 'docx'],
    ['PK\u0003\u0004....xl/workbook.xml', 'list.csv', 'xlsx'],
    ['\u0089PNG\r\n', 'scan.jpg', 'png'],
    ['<!DOCTYPE html><html><body>x</body></html>', 'list.xls', 'html'],
    ['a,b\n1,2\n', 'list.csv', 'csv'],
    ['สวัสดี', 'notes', 'txt'],
  ])('%j named %s is %s', (content, name, format) => {
    expect(detectFormat(Buffer.from(content, 'latin1'), name)).toBe(format);
  });

  const errorCode = async (fn: () => Promise<unknown>): Promise<string | undefined> => {
    try {
      await fn();
    } catch (e) {
      return e instanceof ScanError ? e.code : 'not a ScanError';
    }
    return undefined;
  };

  it('reports unreadable formats and empty files as errors with codes', async () => {
    expect(await errorCode(() => extractDocument(new Uint8Array([0, 1, 2, 3, 0]), 'a.bin'))).toBe('unsupported_format');
    expect(await errorCode(() => extractDocument(new Uint8Array(0), 'empty.txt'))).toBe('corrupt');
  });

  it('refuses documents over the byte limit', async () => {
    expect(await errorCode(() => extractDocument(utf8('x'.repeat(100)), 'a.txt', { maxBytes: 10 }))).toBe('too_large');
  });
});

describe('text encodings', () => {
  it('decodes TIS-620 / Windows-874 Thai text', async () => {
    const text = `เลขประจำตัวประชาชน ${ID} นางสมศรี`;
    expect(decodeText(iconv.encode(text, 'windows-874'))).toBe(text);
  });

  it('decodes UTF-8 with BOM and UTF-16LE with BOM', async () => {
    expect(decodeText(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('ทดสอบ')]))).toBe('ทดสอบ');
    expect(decodeText(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('ทดสอบ', 'utf16le')]))).toBe('ทดสอบ');
  });
});

describe('CSV', () => {
  it('gives each cell its column header and cell reference, after a title row', async () => {
    const csv = `รายชื่อผู้มีสิทธิ ประจำปี 2569\nลำดับ,ชื่อ,เลขประจำตัวประชาชน,โทรศัพท์\n1,นางสมศรี,${ID},812345678\n`;
    const { blocks } = await extractDocument(utf8(csv), 'list.csv');
    expect(blocks.find((b) => b.text === ID)).toMatchObject({ header: 'เลขประจำตัวประชาชน', location: { cell: 'C3' } });
    const found = detect(blocks);
    expect(found.map((f) => [f.type, f.location.cell])).toEqual([
      ['national_id', 'C3'],
      ['phone', 'D3'],
    ]);
  });

  it('reads semicolon-delimited files', async () => {
    const { blocks } = await extractDocument(utf8(`ชื่อ;เลขบัตรประชาชน\nนางสมศรี;${ID}\n`), 'x.csv');
    expect(blocks.find((b) => b.text === ID)?.header).toBe('เลขบัตรประชาชน');
  });

  it('names columns like a spreadsheet', async () => {
    expect([0, 25, 26, 701, 702].map(columnName)).toEqual(['A', 'Z', 'AA', 'ZZ', 'AAA']);
  });
});

describe('HTML', () => {
  const page = (body: string) => utf8(`<!DOCTYPE html><html><head><title>t</title><style>.x{}</style></head><body>${body}</body></html>`);

  it('reads tables cell by cell with headers, across colspans', async () => {
    const { blocks } = await extractDocument(
      page(`<table><tr><th>ที่</th><th colspan="2">ชื่อ</th><th>เลขประจำตัวประชาชน</th></tr><tr><td>1</td><td>นาง</td><td>สมศรี</td><td>${dashed(ID)}</td></tr></table>`),
      'p.html',
    );
    expect(blocks.find((b) => b.text === dashed(ID))).toMatchObject({ header: 'เลขประจำตัวประชาชน', location: { cell: 'D2' } });
  });

  it('joins one-digit-per-box tables into one number', async () => {
    const boxes = ID.split('')
      .map((d) => `<td>${d}</td>`)
      .join('');
    const { blocks } = await extractDocument(page(`<div>เลขประจำตัวประชาชน <table><tr>${boxes}</tr></table></div>`), 'p.html');
    expect(detect(blocks).map((f) => f.type)).toEqual(['national_id']);
  });

  it('reads links and attributes wherever they sit, in table cells too, with every named reference decoded', async () => {
    const { blocks, links } = await extractDocument(
      page(`<table><tr><td><a href="/docs/list.pdf?unit=1&amp;y=2568">รายชื่อ</a></td><td><span title="บัตร ${dashed(ID)}">ดู</span></td></tr></table><p>โทร&nbsp;081&#8209;234&#8209;5678&ensp;ค่ะ</p>`),
      'p.html',
    );
    expect(links).toEqual(['/docs/list.pdf?unit=1&y=2568']);
    expect(detect(blocks).map((f) => [f.type, f.location.hidden])).toEqual([
      ['national_id', 'html-attribute:title'],
      ['phone', undefined],
    ]);
  });

  it('extracts what a reader does not see, and says it was hidden', async () => {
    const id2 = withCheckDigit('350100512346');
    const id3 = withCheckDigit('360100512347');
    const id4 = withCheckDigit('370100512348');
    const { blocks, links } = await extractDocument(
      page(`<!-- ${ID} --><p style="display:none">${dashed(id2)}</p><img alt="บัตร ${id3}"><input type="hidden" value="${id4}"><a href="/docs/a.pdf">a</a><script>var x = 1;</script>`),
      'p.html',
    );
    const hidden = detect(blocks).map((f) => f.location.hidden);
    expect(hidden).toEqual(['html-comment', 'html-hidden-element', 'html-attribute:alt', 'html-attribute:value']);
    expect(links).toEqual(['/docs/a.pdf']);
  });

  it('skips style sheets and does not merge text across block elements', async () => {
    const { blocks } = await extractDocument(page('<p>หนึ่ง</p><p>สอง</p>'), 'p.html');
    expect(blocks.map((b) => b.text)).toEqual(['t', 'หนึ่ง', 'สอง']);
  });
});

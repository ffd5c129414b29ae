import * as XLSX from '@e965/xlsx';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { dashed, withCheckDigit } from '../helpers.ts';
import { docx, docxXml, workbook } from '../extract/fixtures.ts';
import { expectOnlyDigitsMasked, maskAndRescan } from './mask-helpers.ts';

const ID1 = withCheckDigit('110203040506');
const ID2 = withCheckDigit('350846563212');
const ID3 = withCheckDigit('190050420806');

describe('masking spreadsheets', () => {
  const sheets = [
    {
      name: 'รายชื่อ',
      rows: [
        ['ลำดับ', 'ชื่อ-สกุล', 'เลขประจำตัวประชาชน', 'โทรศัพท์', 'จำนวนเงิน'],
        [1, 'นายสมชาย ใจดี', dashed(ID1), '081-234-5678', 5000],
        [2, 'นางสมศรี ทองดี', Number(ID2), 898765432, 3000],
      ],
    },
    {
      name: 'ต้นฉบับ',
      hidden: true,
      rows: [
        ['เลขประจำตัวประชาชน', 'หมายเหตุ'],
        [ID3, 'ตรวจแล้ว'],
      ],
    },
  ];
  const read = (bytes: Uint8Array) => XLSX.read(bytes, { type: 'array' });
  const cellOf = (wb: XLSX.WorkBook, sheet: string, ref: string) => wb.Sheets[sheet]![ref] as XLSX.CellObject | undefined;

  const CHANGED = ['รายชื่อ!C2', 'รายชื่อ!D2', 'รายชื่อ!C3', 'รายชื่อ!D3', 'ต้นฉบับ!A2'];

  it('string and number cells masked, the number cells as text; every other cell and the hidden sheet kept', async () => {
    const bytes = workbook(sheets, 'xlsx');
    const masked = await maskAndRescan(bytes, 'list.xlsx');
    expect(masked.leaksBefore).toBe(5);
    expect(masked.changes.map((c) => `${c.location.sheet}!${c.location.cell}`)).toEqual(CHANGED);
    expect(masked.leaksLeft).toEqual([]);
    const [before, after] = [read(bytes), read(masked.bytes)];
    expect(after.SheetNames).toEqual(before.SheetNames);
    expect(after.Workbook?.Sheets?.map((s) => s.Hidden)).toEqual([0, 1]);
    expect(cellOf(after, 'รายชื่อ', 'C2')).toMatchObject({ t: 's', v: `X-XXX${dashed(ID1).slice(5)}` });
    expect(cellOf(after, 'รายชื่อ', 'D2')).toMatchObject({ t: 's', v: 'XXX-X34-5678' });
    // A number cannot hold an X: the cell becomes text, and a phone gets its leading zero back.
    expect(cellOf(after, 'รายชื่อ', 'C3')).toMatchObject({ t: 's', v: `XXXX${ID2.slice(4)}` });
    expect(cellOf(after, 'รายชื่อ', 'D3')).toMatchObject({ t: 's', v: '0XXXX65432' });
    expect(cellOf(after, 'ต้นฉบับ', 'A2')).toMatchObject({ t: 's', v: `XXXX${ID3.slice(4)}` });
    for (const name of before.SheetNames) {
      expect(after.Sheets[name]!['!ref']).toBe(before.Sheets[name]!['!ref']);
      for (const ref of Object.keys(before.Sheets[name]!).filter((k) => !k.startsWith('!') && !CHANGED.includes(`${name}!${k}`))) {
        expect(cellOf(after, name, ref), `${name}!${ref}`).toMatchObject({ t: cellOf(before, name, ref)!.t, v: cellOf(before, name, ref)!.v });
      }
    }
  });

  /** The same workbook with its text in a shared string table, as Excel writes it. */
  const withSharedStrings = (bytes: Uint8Array) => new Uint8Array(XLSX.write(read(bytes), { type: 'array', bookType: 'xlsx', bookSST: true }) as ArrayBuffer);

  it.each([
    ['inline strings', (b: Uint8Array) => b, ['xl/worksheets/sheet1.xml', 'xl/worksheets/sheet2.xml']],
    // Sheet 2 holds its identifier in a shared string: only the table changes for it.
    ['shared strings', withSharedStrings, ['xl/sharedStrings.xml', 'xl/worksheets/sheet1.xml']],
  ])('%s: edits only the XML of masked text; styles, workbook, every other part as they were', async (_, build, parts) => {
    const bytes = build(workbook(sheets, 'xlsx'));
    const masked = await maskAndRescan(bytes, 'list.xlsx');
    expect(masked.leaksLeft).toEqual([]);
    const [before, after] = [unzipSync(bytes), unzipSync(masked.bytes)];
    expect(Object.keys(after)).toEqual(Object.keys(before));
    const edited = Object.keys(before).filter((n) => !Buffer.from(before[n]!).equals(Buffer.from(after[n]!)));
    expect(edited.sort()).toEqual(parts);
    // Text is masked where it is kept: the original digits are gone from the file, not only from the cells.
    if (before['xl/sharedStrings.xml']) expectOnlyDigitsMasked(strFromU8(before['xl/sharedStrings.xml']), strFromU8(after['xl/sharedStrings.xml']!));
    const files = Object.values(after)
      .map((b) => strFromU8(b))
      .join('');
    for (const id of [ID1, ID2, ID3]) expect(files).not.toContain(id);
  });

  it('a formula whose result is an identifier becomes its masked value, without the formula', async () => {
    const ws = XLSX.utils.aoa_to_sheet([
      ['ชื่อ', 'เลขประจำตัวประชาชน'],
      ['นายสมชาย', ''],
    ]);
    ws.B2 = { t: 's', v: ID1, f: `"${ID1}"` };
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, ws, 'รายชื่อ');
    const bytes = new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer);
    const masked = await maskAndRescan(bytes, 'formula.xlsx');
    expect(masked.changes).toHaveLength(1);
    expect(masked.leaksLeft).toEqual([]);
    const sheet = strFromU8(unzipSync(masked.bytes)['xl/worksheets/sheet1.xml']!);
    expect(sheet).not.toContain(ID1);
    expect(sheet).not.toContain('<f>');
  });
});

describe('masking cell comments', () => {
  it('masks notes and threaded comments, which the scanner reads as hidden cells', async () => {
    const ws = XLSX.utils.aoa_to_sheet([
      ['ชื่อ', 'หมายเหตุ'],
      ['นายสมชาย', 'ดูความเห็น'],
    ]);
    ws.B2!.c = [{ a: 'เจ้าหน้าที่', t: `เลขประจำตัวประชาชน ${dashed(ID1)}` }];
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, ws, 'รายชื่อ');
    const parts = unzipSync(new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer));
    // A threaded comment (Excel 365) on A2, as Excel writes it beside the note.
    const rels = 'xl/worksheets/_rels/sheet1.xml.rels';
    parts[rels] = strToU8(
      strFromU8(parts[rels]!).replace(
        '</Relationships>',
        '<Relationship Id="rId9" Type="http://schemas.microsoft.com/office/2017/10/relationships/threadedComment" Target="../threadedComments/threadedComment1.xml"/></Relationships>',
      ),
    );
    parts['xl/threadedComments/threadedComment1.xml'] = strToU8(
      `<?xml version="1.0" encoding="UTF-8"?><ThreadedComments xmlns="http://schemas.microsoft.com/office/spreadsheetml/2018/threadedcomments"><threadedComment ref="A2" id="{1}"><text>โทรหาผู้รับ 081-234-5678 ก่อนจ่าย</text></threadedComment></ThreadedComments>`,
    );
    const masked = await maskAndRescan(zipSync(parts), 'list.xlsx');
    expect(masked.changes.map((c) => [c.type, c.location.cell, c.location.hidden])).toEqual([
      ['national_id', 'B2', 'cell-comment'],
      ['phone', 'A2', 'cell-comment'],
    ]);
    expect(masked.leaksLeft).toEqual([]);
    const after = unzipSync(masked.bytes);
    expect(strFromU8(after['xl/comments1.xml']!)).toContain(`X-XXX${dashed(ID1).slice(5)}`);
    expect(strFromU8(after['xl/threadedComments/threadedComment1.xml']!)).toContain('โทรหาผู้รับ XXX-X34-5678 ก่อนจ่าย');
  });
});

describe('masking DOCX', () => {
  const { run, para, row, table } = docxXml;
  const body = [
    // An ID over 3 runs of different formatting: bold, italic, underlined.
    para(run('ผู้ยื่นคำขอ นายสมชาย ใจดี เลขประจำตัวประชาชน '), run(ID1.slice(0, 3), '<w:b/>'), run(ID1.slice(3, 9), '<w:i/><w:color w:val="FF0000"/>'), run(ID1.slice(9), '<w:u w:val="single"/>')),
    para(run('ที่อยู่ 12 หมู่ 3 ตำบลบ้านใหม่ งบประมาณ 150,000 บาท')),
    table(row('ชื่อ', 'เลขประจำตัวประชาชน', 'โทรศัพท์'), row('นางสมศรี ทองดี', dashed(ID2), '0898765432')),
  ].join('');
  const header = para(run(`สำเนาคำขอของ นายสมหมาย ศรีสุข เลขประจำตัวประชาชน ${ID3}`));
  const footer = para(run('ติดต่อ นายสมชาย มือถือ 081-234-5678'));
  const parts = (bytes: Uint8Array) => Object.fromEntries(Object.entries(unzipSync(bytes)).map(([n, b]) => [n, strFromU8(b)]));

  it.each(['last', 'first'] as const)('keep %s: body runs, table cells, header and footer masked; only digits inside <w:t> change', async (keep) => {
    const bytes = docx({ body, header, footer });
    const masked = await maskAndRescan(bytes, 'request.docx', keep);
    expect(masked.leaksBefore).toBe(5);
    expect(masked.changes).toHaveLength(5);
    expect(masked.leaksLeft).toEqual([]);
    const [before, after] = [parts(bytes), parts(masked.bytes)];
    expect(Object.keys(after).sort()).toEqual(Object.keys(before).sort());
    // Character for character the same XML but for masked digits: tags and run properties untouched.
    for (const name of Object.keys(before)) expectOnlyDigitsMasked(before[name]!, after[name]!);
    const doc = after['word/document.xml']!;
    if (keep === 'last') {
      expect(doc).toContain(`<w:rPr><w:b/></w:rPr><w:t xml:space="preserve">XXX</w:t>`);
      expect(doc).toContain(`<w:rPr><w:i/><w:color w:val="FF0000"/></w:rPr><w:t xml:space="preserve">X${ID1.slice(4, 9)}</w:t>`);
      expect(after['word/header1.xml']).toContain(`XXXX${ID3.slice(4)}`);
      expect(after['word/footer1.xml']).toContain('XXX-X34-5678');
    } else {
      expect(doc).toContain(`<w:rPr><w:u w:val="single"/></w:rPr><w:t xml:space="preserve">XXXX</w:t>`);
      expect(doc).toContain(`<w:rPr><w:i/><w:color w:val="FF0000"/></w:rPr><w:t xml:space="preserve">${ID1.slice(3, 9)}</w:t>`);
      expect(doc).toContain('089876XXXX');
    }
    expect(doc).toContain('ที่อยู่ 12 หมู่ 3 ตำบลบ้านใหม่ งบประมาณ 150,000 บาท');
  });

  it('masks what a reader does not see too: hidden runs, deleted text and the copy kept for older readers', async () => {
    const fallback = `<mc:AlternateContent><mc:Choice Requires="wps"><w:t>กล่องข้อความ</w:t></mc:Choice><mc:Fallback>${para(run(`สำเนา ${ID2}`))}</mc:Fallback></mc:AlternateContent>`;
    const hidden = [
      para(run('หมายเหตุ '), run(`เลขประจำตัวประชาชน ${ID1}`, '<w:vanish/>')),
      `<w:p><w:del w:id="1" w:author="x"><w:r><w:delText>โทร 081-234-5678</w:delText></w:r></w:del></w:p>`,
      `<w:p><w:r>${fallback}</w:r></w:p>`,
    ].join('');
    const bytes = docx({ body: hidden });
    const masked = await maskAndRescan(bytes, 'notes.docx');
    // The part's text first (the older readers' copy is read as a text box), what is hidden after it.
    expect(masked.changes.map((c) => [c.type, c.location.hidden])).toEqual([
      ['national_id', undefined],
      ['national_id', 'docx-hidden-text'],
      ['phone', 'docx-deleted-text'],
    ]);
    // The scanner reads the content once (the copy for older readers duplicates the Choice).
    expect(masked.leaksBefore).toBe(2);
    expect(masked.leaksLeft).toEqual([]);
    const doc = parts(masked.bytes)['word/document.xml']!;
    expect(doc).not.toMatch(new RegExp(`${ID1}|${ID2}|081-234-5678`));
    expect(expectOnlyDigitsMasked(parts(bytes)['word/document.xml']!, doc)).toBe(12);
  });
});

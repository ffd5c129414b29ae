import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeText } from '../../shared/extract/encoding.ts';
import { maskDocument } from '../../shared/mask/index.ts';
import { dashed, fingerprint, toThaiDigits, withCheckDigit } from '../helpers.ts';
import { expectOnlyDigitsMasked, maskAndRescan } from './mask-helpers.ts';

const ID1 = withCheckDigit('110203040506');
const ID2 = withCheckDigit('350846563212');
const LIST = [
  'รายชื่อผู้มีสิทธิรับเงินช่วยเหลือ',
  `1. นายสมชาย ใจดี เลขประจำตัวประชาชน ${dashed(ID1)} โทร 081-234-5678`,
  `2. นางสมศรี ทองดี เลขประจำตัวประชาชน ${toThaiDigits(ID2)} มือถือ ${toThaiDigits('0898765432')}`,
  `3. นางสาวสมใจ ศรีสุข เลขประจำตัวประชาชน ${ID1.slice(0, 11)}XX เลขหลังบัตร JT1-2345678-90`,
  'ประกาศ ณ วันที่ 5 มีนาคม 2567 งบประมาณ 150,000 บาท',
].join('\n');

describe('masking plain text', () => {
  it.each([
    ['UTF-8', (t: string) => Buffer.from(t, 'utf8')],
    ['UTF-8 with BOM', (t: string) => Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(t, 'utf8')])],
    ['UTF-16 LE with BOM', (t: string) => Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(t, 'utf16le')])],
    ['TIS-620', (t: string) => iconv.encode(t, 'tis620')],
  ])('%s: every leak masked, written back in the same encoding, only digits changed', async (_, encode) => {
    const bytes = encode(LIST);
    const masked = await maskAndRescan(bytes, 'list.txt');
    expect(masked.leaksBefore).toBe(6);
    expect(masked.changes).toHaveLength(6);
    expect(masked.leaksLeft).toEqual([]);
    // Same encoding and byte order mark: the masked text encoded as the input was gives the output.
    const text = decodeText(masked.bytes);
    expect(Buffer.from(masked.bytes)).toEqual(encode(text));
    expectOnlyDigitsMasked(LIST, text);
  });

  it('keeps the grouping and the digit system, hiding the first 4 digits by default', async () => {
    const text = decodeText((await maskAndRescan(Buffer.from(LIST), 'list.txt')).bytes);
    expect(text).toContain(`X-XXX${dashed(ID1).slice(5)}`);
    expect(text).toContain(`XXXX${toThaiDigits(ID2.slice(4))}`);
    expect(text).toContain('XXX-X34-5678');
    // Two positions were hidden already: two more, from the start.
    expect(text).toContain(`XX${ID1.slice(2, 11)}XX`);
    expect(text).toContain('JTX-XXX5678-90');
    expect(text).toContain('5 มีนาคม 2567 งบประมาณ 150,000');
  });

  it('--keep first hides the last 4 digits', async () => {
    const text = decodeText((await maskAndRescan(Buffer.from(LIST), 'list.txt', 'first')).bytes);
    expect(text).toContain(`${dashed(ID1).slice(0, 11)}X-XX-X`);
    expect(text).toContain('081-234-XXXX');
    expect(text).toContain(`${ID1.slice(0, 9)}XXXX`);
    expect(text).toContain('JT1-23456XX-XX');
  });

  it('masks what the masking itself could not complete in one pass: nothing is left', async () => {
    const masked = await maskAndRescan(Buffer.from(`นายสมชาย โทร 08X-XXX-5678 และ 0${'81'}2345678`), 'note.txt');
    expect(masked.leaksLeft).toEqual([]);
  });
});

describe('text that cannot be written back unchanged', () => {
  it('is refused: a byte Windows-874 does not define would change', async () => {
    const bytes = Buffer.concat([iconv.encode(`เลขประจำตัวประชาชน ${ID1} `, 'windows-874'), Buffer.from([0xdb])]);
    await expect(maskDocument(bytes, 'list.txt', { keep: 'last', fingerprint })).rejects.toThrow(/cannot be written back unchanged/);
  });
});

describe('masking CSV', () => {
  it('a Windows-874 file: cells masked, the rest of every line as it was, same encoding', async () => {
    const bytes = readFileSync(resolve(import.meta.dirname, '../../examples/flood-relief-windows874.csv'));
    const masked = await maskAndRescan(bytes, 'flood-relief-windows874.csv');
    expect(masked.leaksBefore).toBe(12);
    expect(masked.leaksLeft).toEqual([]);
    expect(masked.bytes.length).toBe(bytes.length);
    expect(expectOnlyDigitsMasked(iconv.decode(bytes, 'windows-874'), iconv.decode(Buffer.from(masked.bytes), 'windows-874'))).toBe(48);
    expect(masked.changes.map((c) => c.location.cell)).toContain('E2');
  });

  it('quoted cells, doubled quotes and line breaks inside cells keep their place', async () => {
    const csv = ['ชื่อ,"เลขประจำตัวประชาชน",หมายเหตุ', `"นาย ""สมชาย"" ใจดี","${dashed(ID1)}","บรรทัดหนึ่ง\nบรรทัดสอง"`, `นางสมศรี,${ID2},"โทร 0812345678"`].join('\r\n');
    const masked = await maskAndRescan(Buffer.from(csv), 'list.csv');
    expect(masked.leaksBefore).toBe(3);
    expect(masked.leaksLeft).toEqual([]);
    expect(expectOnlyDigitsMasked(csv, decodeText(masked.bytes))).toBe(12);
  });
});

describe('masking HTML', () => {
  const page = [
    '<!DOCTYPE html><html><head><title>ประกาศ</title><meta name="description" content="ผู้ติดต่อ โทร 081-234-5678"></head><body>',
    `<p>นายสมชาย ใจดี เลขประจำตัวประชาชน <b>${ID1.slice(0, 5)}</b>${ID1.slice(5)} โทร 0898765432</p>`,
    '<table><tr><th>ชื่อ</th><th>เลขประจำตัวประชาชน</th></tr>',
    `<tr><td class="n1">นางสมศรี</td><td data-id="${ID2}">${dashed(ID2)}</td></tr></table>`,
    `<!-- ${dashed(ID1)} -->`,
    '<p style="color: #123456">ราคา 1,234,567 บาท &amp; ค่าขนส่ง&ensp;โทร&nbsp;02-123-4567</p>',
    '</body></html>',
  ].join('\n');

  it('masks text, cells, comments and attribute values, never markup', async () => {
    const masked = await maskAndRescan(Buffer.from(page), 'page.html');
    // Attributes count wherever their element sits, in table cells too (data-id).
    expect(masked.leaksBefore).toBe(6);
    expect(masked.changes).toHaveLength(6);
    expect(masked.leaksLeft).toEqual([]);
    const text = decodeText(masked.bytes);
    expectOnlyDigitsMasked(page, text);
    // An ID split by an inline element is masked across it.
    expect(text).toContain(`<b>XXXX${ID1[4]}</b>${ID1.slice(5)}`);
    expect(text).toContain(`data-id="XXXX${ID2.slice(4)}"`);
    expect(text).toContain('color: #123456');
    expect(text).toContain('class="n1"');
  });

  it('reports an identifier whose digits are character references instead of masking it', async () => {
    const html = `<p>เลขประจำตัวประชาชน &#49;${ID1.slice(1)}</p>`;
    const masked = await maskAndRescan(Buffer.from(html), 'page.html');
    expect(masked.unmappable.map((u) => u.type)).toEqual(['national_id']);
    expect(masked.leaksLeft).toHaveLength(1);
  });
});

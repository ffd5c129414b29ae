// The written forms that a new user and other projects' test vectors showed missed or misread:
// each is one example of a class that the written-forms model (shared/detect/written-forms.ts)
// now describes and the generated documents (test/generate/) exercise in every format.
import { describe, expect, it } from 'vitest';
import { scanDocument } from '../../shared/scan.ts';
import { detect, fingerprint, key, keys, withCheckDigit, withWrongCheckDigit } from '../helpers.ts';

const ID = withCheckDigit('110170020703'); // 1101700207030
const dashedAt = (id: string, sizes: number[]): string => {
  const parts: string[] = [];
  let at = 0;
  for (const size of sizes) parts.push(id.slice(at, (at += size)));
  return parts.join('-');
};

describe('phones as people write them', () => {
  it('reads an area code or mobile prefix in brackets', () => {
    expect(keys(detect('นายสมชาย ใจดี โทร (063) 720-1818'))).toEqual([key('phone', 'unmasked', '0637201818')]);
    expect(keys(detect('นางสมศรี โทรศัพท์บ้าน (02) 123 4567'))).toEqual([key('phone', 'unmasked', '021234567')]);
  });

  it('reads +66 and 0066 with or without separators, and the bracketed national 0', () => {
    for (const written of ['+66812345678', '+66 81 234 5678', '+66 (0) 81-234-5678', '(+66) 81 234 5678', '0066 81 234 5678']) {
      expect(keys(detect(`นายสมชาย มือถือ ${written}`)), written).toEqual([key('phone', 'unmasked', '0812345678')]);
    }
  });

  it('reads the digits after +66 as an international number only', () => {
    // 7 digits after the Bangkok code is no number at all; it is not a mobile that lost its 0.
    expect(detect('นายสมชาย โทร +66 2 123 456')).toEqual([]);
    expect(keys(detect('นายสมชาย โทร +66 2 123 4567'))).toEqual([key('phone', 'unmasked', '021234567')]);
  });

  it('takes only the prefixes the numbering plan assigns', () => {
    expect(keys(detect('นายสมชาย มือถือ 014-123-4567'))).toEqual([key('phone', 'unmasked', '0141234567')]);
    expect(keys(detect('นายสมชาย มือถือ 066-123-4567'))).toEqual([key('phone', 'unmasked', '0661234567')]);
    for (const unassigned of ['069-123-4567', '067-912-3456', '046-123-456 (บ้าน)', '030 123 456']) {
      expect(detect(`นายสมชาย มือถือ ${unassigned}`), unassigned).toEqual([]);
    }
  });
});

describe('national IDs as documents write them', () => {
  it('reads an ID broken over a line break at a dash, in text and in a web page', async () => {
    const text = `นายสมชาย ใจดี เลขประจำตัวประชาชน 1-1017-\n00207-03-0 ที่อยู่ 5 หมู่ 2`;
    expect(keys(detect(text))).toEqual([key('national_id', 'unmasked', ID)]);
    const html = new TextEncoder().encode(`<p>นายสมชาย ใจดี เลขประจำตัวประชาชน 1-1017-<br>00207-03-0</p>`);
    expect(keys((await scanDocument('page.html', html, { fingerprint })).findings)).toEqual([key('national_id', 'unmasked', ID)]);
  });

  it('reads an ID wrapped without a dash only when its check digit holds', () => {
    expect(keys(detect(`ผู้รับเงิน นางสมศรี 11017002\n07030 บ้านเลขที่ 5`))).toEqual([key('national_id', 'unmasked', ID)]);
    const typo = withWrongCheckDigit('110170020703');
    expect(detect(`เลขที่ ${typo.slice(0, 8)}\n${typo.slice(8)} วันที่ 5`)).toEqual([]);
  });

  it('does not join two numbers on consecutive lines of a list', () => {
    const other = withCheckDigit('310170020703');
    expect(keys(detect(`${ID}\n${other}`))).toEqual([key('national_id', 'unmasked', ID), key('national_id', 'unmasked', other)]);
  });

  it('reads an unmasked ID in an HTML comment beside a masked one, in text and in table cells', async () => {
    for (const html of [
      `<p>เลขประจำตัวประชาชน X-XXXX-XXXX7-03-0</p><!-- 1-1017-00207-03-0 -->`,
      `<table><tr><th>ชื่อ</th><th>เลขประจำตัวประชาชน</th></tr><tr><td>นาย ก</td><td>X-XXXX-XXXX7-03-0<!-- ${ID} --></td></tr></table>`,
    ]) {
      const { findings } = await scanDocument('page.html', new TextEncoder().encode(html), { fingerprint });
      expect(keys(findings).sort(), html).toEqual([key('national_id', 'masked', 'XXXXXXXXX7030'), key('national_id', 'unmasked', ID)].sort());
      expect(findings.find((f) => f.status === 'unmasked')!.location.hidden).toBe('html-comment');
    }
  });

  it("reads the Revenue Department's grouping without a label", () => {
    const tin = withCheckDigit('140990007433');
    expect(dashedAt(tin, [1, 2, 1, 3, 5, 1])).toBe('1-40-9-900-07433-0');
    expect(keys(detect(`ผู้รับจ้าง ${dashedAt(tin, [1, 2, 1, 3, 5, 1])}`))).toEqual([key('national_id', 'unmasked', tin)]);
  });

  it('reads wide gaps after a label, and only under a label', () => {
    const id = withCheckDigit('345100050541');
    expect(keys(detect(`เลขประจำตัวประชาชน 3   451  000  50     5414`))).toEqual([key('national_id', 'unmasked', id)]);
    expect(detect(`ยอดรวม 3   451  000  50     5414`)).toEqual([]);
  });

  it('knows English and abbreviated ID labels (they make a typo or an odd grouping an ID)', () => {
    const typo = withWrongCheckDigit('110170020703');
    for (const label of ['ID Number', 'Identification Number', 'Thai ID', 'TNIN', 'เลข ปชช.', 'รหัสปชช', 'เลขที่บัตร', 'ID No.']) {
      expect(keys(detect(`${label} ${typo}`)), label).toEqual([key('national_id', 'unmasked', typo)]);
    }
    expect(detect(`Student ID ${typo}`)).toEqual([]);
  });

  it('does not let an ID label in boilerplate pages earlier make a later number an ID', () => {
    const boilerplate = 'ผู้ยื่นคำขอต้องแนบสำเนาบัตรประชาชน พร้อมรับรองสำเนาถูกต้อง\n' + 'ข้อความของประกาศ เรื่องการรับสมัคร และเงื่อนไขการพิจารณา\n'.repeat(60);
    expect(detect(`${boilerplate}เลขที่คำขอ 9-9910-12345-67-1\n`)).toEqual([]);
    // …while an ID column whose header sits lines above, over rows of IDs, still counts.
    const rows = Array.from({ length: 30 }, (_, i) => `${i + 1}\tนาย ก\t9-9910-12345-67-${i % 10}`).join('\n');
    expect(detect(`ลำดับ\tชื่อ\tเลขประจำตัว\nประชาชน\n${rows}`)).toHaveLength(30);
    // Rows whose cells wrap onto short lines of their own are still rows of that table.
    const wrapped = Array.from({ length: 10 }, (_, i) => `${i + 1}\tนาย ก\t9-9910-12345-67-${i}\tทางการ\nเคลื่อนไหว\nหรือทาง\nร่างกาย`).join('\n');
    expect(detect(`ลำดับ\tชื่อ\tเลขประจำตัวประชาชน\tประเภท\n${wrapped}`)).toHaveLength(10);
  });

  it('does not take the first 13 digits of a longer grouped number', () => {
    expect(detect(`เลขประจำตัวประชาชน ${dashedAt(ID, [1, 4, 5, 3])}-1`)).toEqual([]);
    // With spaces, a failed check digit says the 13 digits are not the number (1101700207031 fails).
    expect(detect(`เลขประจำตัวประชาชน 1 1017 00207 031 5`)).toEqual([]);
    // An ID and a phone side by side are two identifiers, not one long number.
    expect(keys(detect(`นาย ก 1 1017 00207 03 0 081 234 5678`))).toEqual([key('national_id', 'unmasked', ID), key('phone', 'unmasked', '0812345678')]);
  });
});

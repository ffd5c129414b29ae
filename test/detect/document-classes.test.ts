// Classes of documents that the generated benchmark (npm run bench:recall) showed misread, each
// pinned by one example: the generator draws many more of each class in test/detect/generated.test.ts.
import { describe, expect, it } from 'vitest';
import { sniffDelimiter } from '../../shared/extract/csv.ts';
import { scanDocument } from '../../shared/scan.ts';
import { detect, fingerprint, key, keys, withCheckDigit, withWrongCheckDigit } from '../helpers.ts';
import { workbook } from '../extract/fixtures.ts';

const ID = withCheckDigit('110170020703');
const scan = async (name: string, bytes: Uint8Array | string) => keys((await scanDocument(name, typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes, { fingerprint })).findings);

describe('tables', () => {
  it('reads the header of a table padded into columns with spaces', () => {
    const table = ['ลำดับ  ชื่อ - สกุล           เลขที่บัญชี     เลขหลังบัตร', '1      นางสาวพิมพ์ใจ คำแก้ว   194-1-86183-9   ZJ 1933 8013 32'].join('\n');
    // Letters apart from the digits make a laser code only under its label: here the column's.
    expect(keys(detect(table))).toEqual([key('laser_code', 'unmasked', 'ZJ1933801332')]);
  });

  it('judges each number of a run by its own column (a bank account, then a phone)', () => {
    const table = ['ลำดับ  ชื่อ            เลขที่บัญชี      โทรศัพท์', '3      นาง ก คำแก้ว   194-1-86183-9  0841917010'].join('\n');
    expect(keys(detect(table))).toEqual([key('phone', 'unmasked', '0841917010')]);
  });

  it('reads a number that a wrapped cell carries on to the next row of a text table', () => {
    const id = withCheckDigit('184227889082');
    const rows = (style: 'pipes' | 'tabs', above: string, below: string): string =>
      style === 'pipes'
        ? `| ลำดับ | ชื่อ | เลขประจำตัวประชาชน | เงิน |\n| 11 | นาง ก | ${above} | 3,000 |\n|  |  | ${below} |  |`
        : `ลำดับ\tชื่อ\tเลขประจำตัวประชาชน\tเงิน\n11\tนาง ก\t${above}\t3,000\n\t\t${below}\t`;
    for (const style of ['pipes', 'tabs'] as const) {
      expect(keys(detect(rows(style, '1 8 4 2 2 7 8 8 9 0', '8 2 5'))), style).toEqual([key('national_id', 'unmasked', id)]);
      expect(keys(detect(rows(style, '1842-', '2788-90825'))), style).toEqual([key('national_id', 'unmasked', id)]);
      // Another person's number on the next row is not a continuation.
      expect(keys(detect(`${rows(style, id, '-')}\n${style === 'pipes' ? '| 12 | นาง ข | 5 |  |' : '12\tนาง ข\t5\t'}`)), style).toEqual([key('national_id', 'unmasked', id)]);
    }
  });

  it('finds the delimiter of a CSV whose title lines are full of commas', () => {
    const csv = ['"งบประมาณ 1,234,567.00 บาท, จ่ายแล้ว 1,000,000.00 บาท"', 'ลำดับ\tชื่อ\tเลขหลังบัตร', '1\tนาย ก\tQH6 8 5 0 0 9 9 6 5 8'].join('\n');
    expect(sniffDelimiter(csv)).toBe('\t');
  });

  it('does not take a data row with spaced or masked numbers for a header row', async () => {
    const csv = ['ลำดับ,ชื่อ,เลขประจำตัวประชาชน,เลขหลังบัตร', '1,นาย ก,5 8 2 1 4 # # # # 6 6 7 1,BE 7 5 5 # # # # 4 1 6', `2,นาย ข,${withWrongCheckDigit('582141083866')},GE 8-587475120`].join('\n');
    expect(await scan('list.csv', csv)).toContain(key('laser_code', 'unmasked', 'GE8587475120'));
  });

  it("reads a form's label alone on the row above its value, and one-digit cells as one number", async () => {
    const typo = withWrongCheckDigit('157934722733');
    const book = workbook(
      [
        { name: 'คำขอ', rows: [['เลขประจำตัวประชาชน'], [typo]] },
        { name: 'boxes', rows: [['เลขประจำตัวประชาชน'], [...ID]] },
      ],
      'xlsx',
    );
    expect((await scan('form.xlsx', book)).sort()).toEqual([key('national_id', 'unmasked', typo), key('national_id', 'unmasked', ID)].sort());
  });
});

describe('labels', () => {
  it('lets a label name only the number right after it', () => {
    // "เลขที่ใบสั่งซื้อ" names the order number, not the phone after the amount.
    expect(keys(detect('เลขที่ใบสั่งซื้อ 0914218419 งบประมาณ 8,518,771.50 บาท เบอร์โทร: ๐๖๑๕๙๘๕๓๙๖'))).toEqual([key('phone', 'unmasked', '0615985396')]);
    expect(keys(detect('เลขที่อ้างอิง 1643795 งบประมาณ 7,717,297.00 บาท หมายเลขโทรศัพท์ 0801 485192'))).toEqual([key('phone', 'unmasked', '0801485192')]);
  });

  it('reads a label in the paragraph above a number that starts its own paragraph', async () => {
    const typo = withWrongCheckDigit('272644164959');
    expect(await scan('form.html', `<p>เลขบัตรประชาชน</p>\n<p>${typo.slice(0, 4)} ${typo.slice(4, 8)} ${typo.slice(8)}</p>`)).toEqual([key('national_id', 'unmasked', typo)]);
  });

  it('reads a number after a tax ID label as that, even one that looks like +66 written 0066', () => {
    expect(detect('เลขประจำตัวผู้เสียภาษี 0066610449472 รับทราบ')).toEqual([]);
  });

  it('knows request and application numbers are not IDs', () => {
    expect(detect('สำหรับเจ้าหน้าที่ เลขที่รับเรื่อง 2563132625622 ลงวันที่ ๑๑ มกราคม ๒๕๖๕')).toEqual([]);
  });
});

describe('laser codes', () => {
  it('reads letters set apart from the digits, an X among the letters, and a mask after them', () => {
    expect(keys(detect('เลขหลังบัตร AC-0628365362'))).toEqual([key('laser_code', 'unmasked', 'AC0628365362')]);
    expect(keys(detect('เลขหลังบัตร JX1-1234567-89'))).toEqual([key('laser_code', 'unmasked', 'JX1123456789')]);
    expect(keys(detect('เลขหลังบัตร HS✱4-0201✱583'))).toEqual([key('laser_code', 'insufficient', 'HSX40201X583')]);
    // Two capital letters apart from a phone are a word, not a laser code.
    expect(keys(detect('นาย ก NO 0812345678'))).toEqual([key('phone', 'unmasked', '0812345678')]);
  });
});

describe('line breaks', () => {
  it('reads a wrapped phone right after its label, and a number wrapped inside a table cell', async () => {
    expect(keys(detect('Mobile 08 375\n01076'))).toEqual([key('phone', 'unmasked', '0837501076')]);
    expect(detect('นาย ก 08 375\n01076')).toEqual([]);
    const typo = withWrongCheckDigit('196702865022');
    const book = workbook(
      [
        {
          name: 'รายชื่อ',
          rows: [
            ['ชื่อ', 'เลขประจำตัวประชาชน'],
            ['นาย ก', `${typo.slice(0, 4)} ${typo.slice(4, 8)}\n${typo.slice(8)}`],
          ],
        },
      ],
      'xlsx',
    );
    expect(await scan('list.xlsx', book)).toEqual([key('national_id', 'unmasked', typo)]);
  });

  it('reads a laser code wrapped right after its label, and +66 with an invisible character in its bracket', () => {
    expect(keys(detect('Laser ID KX217\n85471 30'))).toEqual([key('laser_code', 'unmasked', 'KX2178547130')]);
    expect(detect('นาย ก KX217\n85471 30')).toEqual([]);
    expect(keys(detect('โทร. : (+\u2060๖๖) ๘๘-๕๓๔๘๐๘๕'))).toEqual([key('phone', 'unmasked', '0885348085')]);
  });

  it('reads 0066 before a number that runs on to the next line of a table', () => {
    expect(keys(detect('9\tนาย ก\t0066 65 - 0886 - 992\n10\tนาย ข\t-'))).toEqual([key('phone', 'unmasked', '0650886992')]);
  });

  it('keeps the ID at the start of a line apart from the line before it', () => {
    expect(keys(detect(`นาย ก โทร 0812345678\n${ID} นาย ข`))).toEqual([key('phone', 'unmasked', '0812345678'), key('national_id', 'unmasked', ID)]);
  });
});

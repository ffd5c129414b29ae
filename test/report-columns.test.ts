// Terminal tables with Thai text: cells are padded by the columns a terminal shows them in
// (string-width), so Thai combining marks (above and below a consonant) take none, and SARA AM,
// which joins the consonant before it in one cluster, still takes its own.
import { describe, expect, it } from 'vitest';
import { alignColumns } from '../cli/columns.ts';
import { padCell } from '../shared/report/columns.ts';
import { formatTable } from '../shared/report/table.ts';
import { scanDocument, summarize } from '../shared/scan.ts';
import { fingerprint, withCheckDigit } from './helpers.ts';

describe('padCell', () => {
  it('pads by what a terminal shows', () => {
    expect(padCell('ที่', 3)).toBe('ที่  ');
    expect(padCell('น้ำ', 3)).toBe('น้ำ ');
    expect(padCell('กำแพงเพชร', 10, true)).toBe(' กำแพงเพชร');
    expect(padCell('longer than the column', 4)).toBe('longer than the column');
  });
});

describe('alignColumns', () => {
  it('lines up Thai names with marks above and below, and SARA AM', () => {
    const lines = [
      ['หน่วยงาน', 'จังหวัด', 'เอกสาร', 'รั่วไหล %'],
      ['องค์การบริหารส่วนตำบลน้ำตก', 'กำแพงเพชร', '1234', '12.5'],
      ['เทศบาลตำบลท่าช้าง', 'ชัยภูมิ', '7', '0.0'],
      ['ที่ทำการปกครองอำเภอ', 'สุโขทัย', '45', '100.0'],
    ];
    expect(alignColumns(lines, (column) => column >= 2)).toBe(
      [
        'หน่วยงาน                 จังหวัด      เอกสาร  รั่วไหล %',
        'องค์การบริหารส่วนตำบลน้ำตก  กำแพงเพชร    1234     12.5',
        'เทศบาลตำบลท่าช้าง         ชัยภูมิ            7      0.0',
        'ที่ทำการปกครองอำเภอ       สุโขทัย          45    100.0',
        '',
      ].join('\n'),
    );
  });
});

describe('formatTable', () => {
  it('sets severity, type, status and display in columns as wide as their longest values', async () => {
    const id = withCheckDigit('310140012345');
    const text = `เลขประจำตัวประชาชน ${id}\nนายสมชาย ใจดี โทร 081-234-567X\nเลขหลังบัตร JT1-1234567-89\n`;
    const documents = [await scanDocument('list.txt', new TextEncoder().encode(text), { fingerprint })];
    const rows = formatTable(documents, summarize(documents)).split('\n').slice(1, 4);
    expect(rows.map((row) => row.slice(0, 53))).toEqual([
      `  HIGH   national_id unmasked     X-XXXX-XXXX${id[9]}-${id.slice(10, 12)}-${id[12]}  `,
      '  HIGH   laser_code  unmasked     XXX-XXXXX67-89     ',
      '  LOW    phone       insufficient XXX-XXX-567X       ',
    ]);
  });
});

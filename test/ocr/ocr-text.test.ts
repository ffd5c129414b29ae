import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ocrPageText, ocrText } from '../../shared/extract/scanned.ts';
import { normalizeThai, normalizeThaiSourced } from '../../shared/thai.ts';
import { dashed, detect, key, keys, withCheckDigit, withWrongCheckDigit } from '../helpers.ts';

const ID = withCheckDigit('321010279100');

describe('OCR text', () => {
  it('reads a run of Thai ones as the mask bullets OCR mistook them for', () => {
    const text = ocrText('มือถือ ๐๘๑-๑๓๗-๑๑๑๑');
    expect(keys(detect([{ text, location: {}, ocr: true }]))).toEqual([key('phone', 'masked', '081137XXXX')]);
  });

  it('reads a Thai one touching bullets as a bullet only where no digit touches it from the other side', () => {
    // ●-●●●6-09157-50-5 with its first bullet read as ๑: masked.
    expect(ocrText('๑-●●●๖-๐๙๑๕๗-๕๐-๕')).toBe('●-●●●๖-๐๙๑๕๗-๕๐-๕');
    expect(ocrText('๑●●●')).toBe('●●●●');
    // ๓-๒๒๐๙-๐๘๘๗๗-๑●-●: the last three digits masked, the ๑ before them a digit.
    expect(ocrText('๓-๒๒๐๙-๐๘๘๗๗-๑●-●')).toBe('๓-๒๒๐๙-๐๘๘๗๗-๑●-●');
    expect(ocrText('●●●●๑๒๓')).toBe('●●●●๑๒๓');
  });

  it('does not report IDs whose check digit fails in OCR text: they are misreads', () => {
    const typo = withWrongCheckDigit('321010279100');
    expect(detect([{ text: `เลขประจำตัวประชาชน ${typo}`, location: {}, ocr: true }])).toEqual([]);
    expect(detect([{ text: `เลขประจำตัวประชาชน ${typo}`, location: {} }])).toHaveLength(1);
    expect(detect([{ text: `เลขประจำตัวประชาชน ${ID}`, location: {}, ocr: true }])).toHaveLength(1);
  });

  it("reports an ID whose check digit fails where OCR read all of it surely: the typo is the document's", () => {
    const typo = withWrongCheckDigit('321010279100');
    const text = `เลขประจำตัวประชาชน ${typo} โทร`;
    const start = text.indexOf(typo);
    const found = detect([{ text, location: {}, ocr: true, sureReadings: [{ start, end: start + 13 }] }]);
    expect(keys(found)).toEqual([key('national_id', 'unmasked', typo)]);
    expect(found[0]!.checksumValid).toBe(false);
    // Sure of only part of it: still a misread.
    expect(detect([{ text, location: {}, ocr: true, sureReadings: [{ start, end: start + 12 }] }])).toEqual([]);
    // Read surely but with no ID label or header: a number, not someone's ID.
    const bare = `ลำดับ ${typo}`;
    expect(detect([{ text: bare, location: {}, ocr: true, sureReadings: [{ start: bare.indexOf(typo), end: bare.length }] }])).toEqual([]);
  });
});

describe('labels in OCR text', () => {
  it('reads a label whichever lookalike letters the page engine read it with', () => {
    // "เลขที่คำขอ" (a request number) read as เสขที่ดำขอ: a reference, not the person's ID.
    const request = `สำหรับเจ้าหน้าที่ ดำขอเสขที่ ${dashed(ID)} ลงวันที่`;
    expect(detect([{ text: request, location: {}, ocr: true }])).toEqual([]);
    expect(detect([{ text: request, location: {} }])).toHaveLength(1);
    // "เบอร์บ้าน" (home phone) read as เปอร์บ้าน: a person's landline.
    expect(keys(detect([{ text: 'เปอร์บ้าน 02 123 4567', location: {}, ocr: true }]))).toEqual([key('phone', 'unmasked', '021234567')]);
    expect(detect([{ text: 'เปอร์บ้าน 02 123 4567', location: {} }])).toEqual([]);
  });
});

describe('OCR text traced back to the lines read', () => {
  const thai = fc.string({ unit: fc.constantFrom('ก', 'ํ', 'า', '\uF70A', '\uF700', '1', '๒', ' ', '?', '-', '\uF702') });

  it('normalises as normalizeThai does, each character from its place in the text read', () => {
    fc.assert(
      fc.property(thai, (text) => {
        const { text: normalized, origins } = normalizeThaiSourced(text);
        expect(normalized).toBe(normalizeThai(text));
        expect(origins).toHaveLength(normalized.length);
        // The same character, or the NIKHAHIT of a SARA AM, or the font-private glyph it draws.
        origins.forEach((o, i) => expect(text[o] === normalized[i] || (normalized[i] === 'ำ' && text[o] === 'ํ') || text.charCodeAt(o) >= 0xf700).toBe(true));
      }),
    );
  });

  it('places the spans OCR could not read, and those it read surely, on the page text, past a SARA AM the normalisation merged', () => {
    const lines = [
      { text: 'จํานวน 12', confidence: 90 },
      { text: 'ประจํา ??-???? 0812345678', confidence: 50, unreadable: [{ start: 7, end: 14 }], sure: [{ start: 15, end: 25 }] },
    ];
    const { text, unreadable, sureReadings } = ocrPageText(lines);
    expect(text).toBe('จำนวน 12\nประจำ ??-???? 0812345678');
    expect(unreadable.map((u) => text.slice(u.start, u.end))).toEqual(['??-????']);
    expect(sureReadings.map((u) => text.slice(u.start, u.end))).toEqual(['0812345678']);
  });
});

describe('column headers of a page read by OCR', () => {
  // OCR lines laid out as cells: each cell's text at its x, 12 px a character, lines 40 px apart.
  type Cell = [x: number, text: string];
  const line = (y: number, cells: Cell[]) => {
    let text = '';
    const boxes: Array<{ x0: number; y0: number; x1: number; y1: number } | undefined> = [];
    for (const [x, cell] of cells) {
      if (text !== '') {
        text += ' ';
        boxes.push(undefined);
      }
      [...cell].forEach((ch, i) => boxes.push(ch === ' ' ? undefined : { x0: x + i * 12, y0: y, x1: x + i * 12 + 10, y1: y + 20 }));
      text += cell;
    }
    return { text, confidence: 90, boxes };
  };
  const landlines = ['02 123 4567', '053 234 567', '(074) 345678'];
  const table = (header: string, phoneX = 1100) => [
    line(0, [
      [0, 'ลำดับ'],
      [100, 'ชื่อ-สกุล'],
      [300, 'ที่อยู่'],
      [900, 'เลขที่บัญชี'],
      [phoneX, header],
    ]),
    // Names as OCR leaves them, without their titles: nothing on the row says whose the number is.
    ...landlines.map((phone, i) =>
      line(40 * (i + 1), [
        [0, String(i + 1)],
        [100, 'มาลี ใจดี'],
        [300, `${i + 12} หมู่ 4 ต.สันทราย อ.สันทราย จ.เชียงใหม่`],
        [900, `482-8-0532${i}-4`],
        [phoneX, phone],
      ]),
    ),
  ];
  const found = (lines: ReturnType<typeof line>[]) => {
    const { text, columnHeaders } = ocrPageText(lines);
    return { columnHeaders, findings: detect([{ text, location: {}, ocr: true, ...(columnHeaders.length > 0 ? { columnHeaders } : {}) }]) };
  };

  it('finds the header over a column of numbers, past the rows above, and reports the landlines of people under it', () => {
    const { columnHeaders, findings } = found(table('เบอร์โทรศัพท์'));
    expect(columnHeaders.map((h) => h.header)).toEqual(landlines.flatMap(() => ['เลขที่บัญชี', 'เบอร์โทรศัพท์']));
    expect(keys(findings)).toEqual(['021234567', '053234567', '074345678'].map((v) => key('phone', 'unmasked', v)));
  });

  it('gives each of two numbers in neighbouring cells closer than a cell gap its own header', () => {
    // The bank account ends at x 1056, the phone starts at x 1070: one run of digits on the line.
    const { columnHeaders, findings } = found(table('เบอร์โทรศัพท์', 1070));
    expect(columnHeaders.map((h) => h.header)).toEqual(landlines.flatMap(() => ['เลขที่บัญชี', 'เบอร์โทรศัพท์']));
    expect(keys(findings)).toEqual(['021234567', '053234567', '074345678'].map((v) => key('phone', 'unmasked', v)));
  });

  it('does not carry a number under a column header across an OCR line break: the next line is another cell', () => {
    // A masked mobile, and under it the year of the birth date cell beside it, wrapped.
    const text = '๐๘๖● ●●๙๗๕\n๒๔๙๐';
    const findings = detect([{ text, location: {}, ocr: true, columnHeaders: [{ start: 0, end: 10, header: 'โทรศัพท์' }] }]);
    expect(findings.map((f) => f.display)).toEqual([]);
  });

  it('without the cells a landline is an office number: none reported under another header or under prose', () => {
    expect(found(table('หมายเหตุ')).findings).toEqual([]);
    const prose = [line(0, [[0, 'ตามที่ได้มีประกาศรายชื่อผู้มีสิทธิรับเงินอุดหนุน ประจำปีงบประมาณ และเบอร์โทรศัพท์ติดต่อของหน่วยงาน']]), line(40, [[1100, '02 123 4567']])];
    expect(found(prose).columnHeaders).toEqual([]);
  });
});

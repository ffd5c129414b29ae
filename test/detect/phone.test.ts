import { describe, expect, it } from 'vitest';
import { detect, key, keys, toThaiDigits } from '../helpers.ts';

const MOBILE = '0812345678';
const mobile = key('phone', 'unmasked', MOBILE);

describe('phone numbers of persons', () => {
  it.each([
    ['plain', `มือถือ ${MOBILE}`],
    ['3-3-4', 'ติดต่อ 081-234-5678'],
    ['3-7', 'ติดต่อ 081-2345678'],
    ['2-4-4 spaced', 'ติดต่อ 08 1234 5678'],
    ['Thai digits', `ติดต่อ ${toThaiDigits('081-234-5678')}`],
    ['+66 spaced', 'ติดต่อ +66 81 234 5678'],
    ['+66 dashed', 'ติดต่อ +66-81-234-5678'],
    ['+66 glued', 'ติดต่อ +66812345678'],
    ['glued to Thai', 'โทร081-234-5678ครับ'],
    ['one digit per box', 'โทรศัพท์มือถือ 0 8 1 2 3 4 5 6 7 8'],
  ])('finds a mobile number: %s', (_, text) => {
    expect(keys(detect(text))).toEqual([mobile]);
  });

  it('finds 06, 08 and 09 mobiles and rejects other 10-digit numbers', () => {
    for (const n of ['0612345678', '0812345678', '0912345678']) expect(detect(`นายสมชาย ${n}`)).toHaveLength(1);
    for (const n of ['0312345678', '0512345678']) expect(detect(`นายสมชาย ${n}`)).toEqual([]);
  });

  it("finds a landline only when it is a person's (home line, named applicant)", () => {
    expect(keys(detect('โทรศัพท์บ้าน 02-123-4567'))).toEqual([key('phone', 'unmasked', '021234567')]);
    expect(keys(detect('ผู้ยื่นคำขอ นางสมศรี ใจดี โทร 053-123456'))).toEqual([key('phone', 'unmasked', '053123456')]);
    expect(detect('สอบถามได้ที่หมายเลข 0-4495-4212')).toEqual([]);
  });

  it("ignores the agency's office and fax numbers", () => {
    expect(detect('ติดต่อสำนักงานที่หมายเลข 0-5642-1333')).toEqual([]);
    expect(detect('โทรสาร 081-234-5678')).toEqual([]);
    expect(detect('กองคลัง โทร. 081-234-5678')).toEqual([]);
    expect(detect('สอบถามได้ที่ 089-123-4567 ในวันและเวลาราชการ')).toEqual([]);
  });

  it("ignores a company's numbers and bank accounts", () => {
    expect(detect('ห้างหุ้นส่วนจำกัด ชัยมงคล โทร. 081-234-5678')).toEqual([]);
    expect(detect('บริษัท ก จำกัด 053-322252')).toEqual([]);
    expect(detect('โอนเข้าบัญชีเลขที่ 0812345678')).toEqual([]);
    expect(detect([{ text: '0812345678', location: { cell: 'L2' }, header: 'เลขที่บัญชี' }])).toEqual([]);
  });

  it('takes the nearest cue: an official named with a mobile, then the office line', () => {
    const found = detect('มอบหมายให้ นายชนาธิป นายช่างโยธา หมายเลขโทรศัพท์มือถือ 094-465-3902 หรือติดต่อสำนักงานที่หมายเลข 0-5642-1333');
    expect(keys(found)).toEqual([key('phone', 'unmasked', '0944653902')]);
  });

  it('restores the leading zero a spreadsheet dropped, only in a phone column', () => {
    const cell = (text: string, header: string) => [{ text, location: { cell: 'H2' }, header }];
    expect(keys(detect(cell('812345678', 'เบอร์โทรศัพท์')))).toEqual([mobile]);
    expect(keys(detect(cell('812345678.0', 'โทรศัพท์ผู้ปกครอง')))).toEqual([mobile]);
    expect(detect(cell('812345678', 'จำนวนเงิน'))).toEqual([]);
    expect(detect('ยอดรวม 812345678 บาท')).toEqual([]);
  });

  it('reads a phone column in a text table by its header', () => {
    const text = ['ลำดับ | ชื่อ - สกุล | โทรศัพท์', '-----', '1 | นางสมศรี ใจดี | 081-234-5678'].join('\n');
    const [f] = detect(text);
    expect(f).toMatchObject({ type: 'phone', status: 'unmasked', location: { line: 3 } });
  });
});

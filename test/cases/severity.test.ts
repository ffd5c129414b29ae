// The case severity rules (shared/cases/severity.ts), on findings from real detection.
import { describe, expect, it } from 'vitest';
import { RECOVERABLE_REASON, caseSeverity, countPersons } from '../../shared/cases/severity.ts';
import { findingSeverity } from '../../shared/severity.ts';
import { besideOf } from '../../shared/detect/beside.ts';
import { detect, unreadableFinding, withCheckDigit } from '../helpers.ts';

const id = (n: number) => withCheckDigit(String(310140012000 + n));
const severity = (text: string) => caseSeverity(detect(text));

describe('case severity', () => {
  it('is high for a full national ID beside a name or an address', () => {
    // The excerpt a finding carries is the text around it: a list's row.
    expect(severity(`นางสมศรี ใจดี ${id(1)}`).severity).toBe('high');
    expect(severity(`เลขประจำตัวประชาชน ${id(1)} บ้านเลขที่ 12 หมู่ 3 ตำบลหนองบัว`).severity).toBe('high');
  });

  it('is medium for a full ID alone, or IDs masked short of the X4 rule', () => {
    const alone = severity(`เลขประจำตัวประชาชน ${id(1)}`);
    expect(alone.severity).toBe('medium');
    expect(alone.reasons).toEqual(['เลขประจำตัวประชาชนหรือเลขหลังบัตรถูกเปิดเผยครบทุกหลัก']);
    expect(severity(`เลขประจำตัวประชาชน ${id(1).slice(0, 10)}XXX`).severity).toBe('medium');
  });

  it('leaves regions OCR could not read out: they neither open nor raise a case, nor count as persons', () => {
    const unreadable = Array.from({ length: 12 }, unreadableFinding);
    expect(caseSeverity(unreadable)).toEqual({ severity: 'low', reasons: [] });
    const phone = detect('มือถือ 089-123-4567');
    expect(caseSeverity([...phone, ...unreadable])).toEqual(caseSeverity(phone));
    // Listed after the leaks, before masked numbers.
    expect(findingSeverity(unreadable[0]!)).toBe('low');
  });

  it('counts an ID whose check digit gives its masked digit back as a full ID', () => {
    // The fifth digit of id(1) hidden: one number fits. The last two hidden: ten fit.
    const recoverable = `${id(1).slice(0, 4)}X${id(1).slice(5)}`;
    const [finding] = detect(`เลขประจำตัวประชาชน ${recoverable}`);
    expect(finding).toMatchObject({ status: 'insufficient', candidates: 1 });
    expect(findingSeverity(finding!)).toBe('high');
    expect(severity(`เลขประจำตัวประชาชน ${recoverable}`)).toEqual({ severity: 'medium', reasons: [RECOVERABLE_REASON] });
    expect(severity(`นางสมศรี ใจดี ${recoverable}`).severity).toBe('high');
    expect(severity(`เลขประจำตัวประชาชน ${recoverable} เลขหลังบัตร JT0-1234567-89`).severity).toBe('high');
    const ambiguous = severity(`นางสมศรี ใจดี ${id(1).slice(0, 11)}XX`);
    expect(ambiguous.severity).toBe('medium');
    expect(ambiguous.reasons).toEqual(['เลขประจำตัวประชาชนปิดบังไม่ครบ 4 หลักตามหลัก X4']);
    expect(findingSeverity(detect(`เลขประจำตัวประชาชน ${id(1).slice(0, 11)}XX`)[0]!)).toBe('medium');
  });

  it('is low for a few personal phone numbers, and many persons raise a case one level', () => {
    expect(severity('มือถือ 081-234-5678').severity).toBe('low');
    const phones = Array.from({ length: 12 }, (_, i) => `มือถือ 081-234-${String(1000 + i)}`).join('\n');
    const many = severity(phones);
    expect(many.severity).toBe('medium');
    expect(many.reasons.at(-1)).toMatch(/จำนวนมาก \(12 ราย\)/);
    const ids = Array.from({ length: 10 }, (_, i) => `เลขประจำตัวประชาชน ${id(i)}`).join('\n');
    expect(severity(ids).severity).toBe('high');
  });

  it('counts persons by their IDs, not by how often they appear', () => {
    const findings = detect(`เลขประจำตัวประชาชน ${id(1)}\nเลขประจำตัวประชาชน ${id(1)}\nเลขประจำตัวประชาชน ${id(2)}\nมือถือ 081-234-5678`);
    expect(countPersons(findings)).toBe(2);
  });
});

describe('what stands beside an identifier', () => {
  it('sees names by their titles and addresses by their words, not in the names of offices and units', () => {
    expect(besideOf('นายกมล ใจดี', 'ด.ญ.สมใจ')).toEqual(['name']);
    expect(besideOf('12 หมู่ 3 ต.หนองบัว อ.เมือง จ.ชัยภูมิ')).toEqual(['address']);
    expect(besideOf('นายกองค์การบริหารส่วนตำบลหนองบัว โทร', 'เทศบาลตำบลบ้านใหม่', 'องค์การบริหารส่วนจังหวัดน่าน')).toEqual([]);
  });

  it('reads the table row of a cell, which its excerpt leaves out', () => {
    const [finding] = detect([{ text: id(1), location: { sheet: 'รายชื่อ', cell: 'D2' }, header: 'เลขประจำตัวประชาชน', row: 'นางสมศรี ใจดี | 12 หมู่ 3' }]);
    expect(finding!.beside).toEqual(['name', 'address']);
    expect(finding!.location.excerpt).not.toContain('สมศรี');
  });
});

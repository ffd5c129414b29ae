import { describe, expect, it } from 'vitest';
import { ocrText } from '../../shared/extract/scanned.ts';
import { detect, key, keys, withCheckDigit, withWrongCheckDigit } from '../helpers.ts';

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
});

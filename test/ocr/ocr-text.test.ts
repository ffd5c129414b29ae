import { describe, expect, it } from 'vitest';
import { ocrText } from '../../shared/extract/scanned.ts';
import { detect, key, keys, withCheckDigit, withWrongCheckDigit } from '../helpers.ts';

const ID = withCheckDigit('321010279100');

describe('OCR text', () => {
  it('reads a run of Thai ones as the mask bullets OCR mistook them for', () => {
    const text = ocrText('มือถือ ๐๘๑-๑๓๗-๑๑๑๑');
    expect(keys(detect([{ text, location: {}, ocr: true }]))).toEqual([key('phone', 'masked', '081137XXXX')]);
  });

  it('does not report IDs whose check digit fails in OCR text: they are misreads', () => {
    const typo = withWrongCheckDigit('321010279100');
    expect(detect([{ text: `เลขประจำตัวประชาชน ${typo}`, location: {}, ocr: true }])).toEqual([]);
    expect(detect([{ text: `เลขประจำตัวประชาชน ${typo}`, location: {} }])).toHaveLength(1);
    expect(detect([{ text: `เลขประจำตัวประชาชน ${ID}`, location: {}, ocr: true }])).toHaveLength(1);
  });
});

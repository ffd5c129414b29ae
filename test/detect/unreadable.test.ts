// Regions OCR took for an identifier but could not read: one finding each, with no digit of them.
import { describe, expect, it } from 'vitest';
import { detectSpans, unreadableFindings } from '../../shared/detect/detect.ts';
import { unreadableForm } from '../../shared/masking.ts';
import type { TextBlock, UnreadableSpan } from '../../shared/types.ts';
import { UNREAD_DIGITS, UNREAD_ID, dashed, fingerprint, unreadableFinding, withCheckDigit } from '../helpers.ts';

const ID = withCheckDigit('150100598765');

/** An OCR'd page with `unread` where each span of `spans` (as [text, type]) is found. */
function page(text: string, spans: Array<[string, UnreadableSpan['type']]>, pageNumber = 3): TextBlock {
  const unreadable = spans.map(([written, type]) => {
    const start = text.indexOf(written);
    return { start, end: start + written.length, type };
  });
  return { text, location: { page: pageNumber }, ocr: true, unreadable };
}

const findingsOf = (blocks: TextBlock[]) => unreadableFindings(blocks, detectSpans(blocks, { fingerprint }), { fingerprint });

describe('unreadableForm', () => {
  it('shows a ? for every character but the separators, whatever the digit system or misread glyph', () => {
    expect(unreadableForm(UNREAD_ID)).toBe('?-????-?????-??-?');
    expect(unreadableForm('๐๘๑ ๒๓4 S678')).toBe('??? ??? ????');
    expect(unreadableForm('081-\n234 \u200B5678')).toBe('???- ??? ????');
  });
});

describe('unreadableFindings', () => {
  it('gives a region with no identifier found in it a finding located on its page and line, showing no digit of it', () => {
    const text = `ลำดับ ชื่อ เลขประจำตัวประชาชน\n1 นายสมชาย ใจดี ${UNREAD_ID} หมู่ 4\n`;
    const [finding, ...others] = findingsOf([page(text, [[UNREAD_ID, 'national_id']])]);
    expect(others).toEqual([]);
    const column = text.split('\n')[1]!.indexOf(UNREAD_ID) + 1;
    expect(finding).toEqual({
      type: 'national_id',
      status: 'unreadable',
      // Keyed by where the region is, never by what OCR made of it.
      fingerprint: fingerprint('national_id', `unreadable:p3:l2:c${column}`),
      display: '?-????-?????-??-?',
      location: { page: 3, line: 2, column, excerpt: 'ะจำตัวประชาชน 1 นายสมชาย ใจดี ?-????-?????-??-? หมู่ 4' },
      confidence: 0.5,
    });
    expect(JSON.stringify(finding).replace(/\D/g, '')).not.toContain(UNREAD_DIGITS);
  });

  it('gives nothing for a region an identifier was found in, and the type of the region otherwise', () => {
    const text = `นางสมศรี เลขประจำตัวประชาชน ${dashed(ID)}\nโทร O8l-2345-6?8\n`;
    const blocks = [
      page(text, [
        [dashed(ID).slice(2, 12), 'national_id'],
        ['O8l-2345-6?8', 'phone'],
      ]),
    ];
    expect(detectSpans(blocks, { fingerprint }).map((s) => s.finding.status)).toEqual(['unmasked']);
    expect(findingsOf(blocks).map((f) => [f.type, f.display, f.location.line])).toEqual([['phone', '???-????-???', 2]]);
  });

  it('hides the whole number when a region stops short of it', () => {
    const text = `เลขประจำตัวประชาชน ${UNREAD_ID} ที่อยู่`;
    const start = text.indexOf(UNREAD_ID);
    // OCR's box left out the first digit and the last two characters.
    const block: TextBlock = { text, location: { page: 1 }, ocr: true, unreadable: [{ start: start + 2, end: start + UNREAD_ID.length - 2, type: 'national_id' }] };
    const [finding] = unreadableFindings([block], [], { fingerprint });
    expect(finding!.display).toBe('?-????-?????-??-?');
    expect(finding!.location.excerpt).toBe('เลขประจำตัวประชาชน ?-????-?????-??-? ที่อยู่');
  });

  it('tells regions apart by page and place, so that the same smudge on two pages is two findings', () => {
    const text = `เลขประจำตัวประชาชน ${UNREAD_ID}`;
    const [first, second] = findingsOf([page(text, [[UNREAD_ID, 'national_id']], 1), page(text, [[UNREAD_ID, 'national_id']], 2)]);
    expect(first!.fingerprint).not.toBe(second!.fingerprint);
    expect(first!.fingerprint).toBe(unreadableFindings([page(text, [[UNREAD_ID, 'national_id']], 1)], [], { fingerprint })[0]!.fingerprint);
  });

  it('gives nothing for blocks without unreadable regions', () => {
    expect(findingsOf([{ text: `เลขประจำตัวประชาชน ${ID}`, location: {} }])).toEqual([]);
  });

  it('masks other long numbers in the excerpt as every excerpt does', () => {
    const finding = unreadableFinding();
    expect(finding.location).toMatchObject({ page: 2, line: 2, excerpt: expect.stringContaining('?-????-?????-??-?') });
    expect(finding.location.excerpt).not.toMatch(/\d{4}/);
  });
});

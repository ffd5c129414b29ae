import { describe, expect, it } from 'vitest';
import { type OcrWord, type RowPiece, byCheckDigit, idChecks, isUnreadable, joinContinuedNumbers, mostValidIds, numberText, pageRows, rowLine, rowPieces, validIds } from '../../shared/ocr/layout.ts';
import { dashed, withCheckDigit } from '../helpers.ts';

/** A word of one symbol per character, each `w` pixels wide, starting at x. */
function word(text: string, x: number, y: number, { w = 10, h = 20 } = {}): OcrWord {
  const symbols = [...text].map((ch, i) => ({ text: ch, bbox: { x0: x + i * w, y0: y, x1: x + (i + 1) * w, y1: y + h } }));
  return { text, bbox: { x0: x, y0: y, x1: x + text.length * w, y1: y + h }, symbols, confidence: 90 };
}

describe('rows of an OCR page', () => {
  it('puts the cells of a table row on one line, in reading order, whatever order the engine gave', () => {
    const rows = pageRows([word('๓-๒๒๐๙', 300, 102), word('นายชาญ', 100, 100), word('ลำดับ', 0, 40), word('๖', 20, 101), word('ชื่อ', 100, 41)]);
    expect(rows.map((r) => r.map((w) => w.text).join(' '))).toEqual(['ลำดับ ชื่อ', '๖ นายชาญ ๓-๒๒๐๙']);
  });

  it('follows a row that drifts down a slightly skewed page', () => {
    // 0.86°: each word 1.5 px lower than the one before, so the row's ends do not overlap.
    const drifting = Array.from({ length: 12 }, (_, i) => word('ab', i * 100, 100 + i * 1.5));
    const next = word('cd', 0, 135);
    expect(pageRows([...drifting, next]).map((r) => r.length)).toEqual([12, 1]);
  });

  it('keeps a word whose box the engine set over half its height above the line on its row', () => {
    // The engine's box for ช้ (a tone mark over it) 11 px above its line: 9 of its 20 px shared.
    const rows = pageRows([word('โรงเรียนบ้านท่า', 0, 100), word('ช้', 160, 89), word('าง', 180, 100), word('ลำดับ', 0, 140)]);
    expect(rows.map((r) => r.map((w) => w.text).join(''))).toEqual(['โรงเรียนบ้านท่าช้าง', 'ลำดับ']);
  });

  it('keeps a word on its row when the engine drew the box before it over it, but not a word of the next line', () => {
    // The engine's box for "เพชร" took in "วิไล" after it; the ID follows on the same line.
    const name = word('เพชร', 100, 100, { w: 30 });
    const level = word('วิไล', 150, 98, { h: 24 });
    const id = word('๒-๖๑๑๘๐', 300, 101);
    const below = word('ทอง', 150, 130);
    expect(pageRows([name, level, id, below]).map((r) => r.map((w) => w.text).join(' '))).toEqual(['เพชร วิไล ๒-๖๑๑๘๐', 'ทอง']);
  });
});

describe('number spans of a row', () => {
  it('joins the groups of a number into one span and leaves words alone', () => {
    const pieces = rowPieces([word('นายชาญ', 0, 0), word('๓', 80, 0), word('๒๑๐๑', 100, 0), word('๐๒๗๙๑', 150, 0), word('บาท', 300, 0)]);
    expect(pieces.map((p) => [p.text, p.number])).toEqual([
      ['นายชาญ', false],
      ['๓ ๒๑๐๑ ๐๒๗๙๑', true],
      ['บาท', false],
    ]);
    expect(pieces[1]!.bbox).toEqual({ x0: 80, y0: 0, x1: 200, y1: 20 });
  });

  it('takes into a number a vowel mark alone between its groups: a dot the page engine read as one', () => {
    // ๘.๕๘๒๒.๖๖๗๓๓.๐๗.๐, its second dot read as ุ (sara u), which has no letter to sit on.
    const pieces = rowPieces([word('นาย', 0, 0), word('๘.๕๘๒๒', 60, 0), word('ุ', 125, 0), word('๖๖๗๓๓.๐๗.๐', 140, 0)]);
    expect(pieces.map((p) => [p.text, p.number])).toEqual([
      ['นาย', false],
      ['๘.๕๘๒๒ ุ ๖๖๗๓๓.๐๗.๐', true],
    ]);
    // A mark on its letter is a word's.
    expect(rowPieces([word('ดู', 0, 0), word('0812345678', 30, 0)]).map((p) => [p.text, p.number])).toEqual([
      ['ดู', false],
      ['0812345678', true],
    ]);
  });

  it('splits a word where Thai text runs into digits', () => {
    const pieces = rowPieces([word('ศักดิ์๓๒๑๐', 0, 0)]);
    expect(pieces.map((p) => [p.text, p.number, p.glued])).toEqual([
      ['ศักดิ์', false, false],
      ['๓๒๑๐', true, true],
    ]);
    expect(rowLine(pieces).text).toBe('ศักดิ์๓๒๑๐');
  });

  it('reads letters and signs inside a number as misread digits and bullets, and sets words at its ends apart', () => {
    const pieces = rowPieces([word('๓-๒๒๐ส@@', 0, 0), word('นายบุญมา', 120, 0), word('ฒ๑-๒๒๑๙-ญ๘๙เม.ย.', 240, 0), word('อ', 500, 0)]);
    expect(pieces.map((p) => [p.text, p.number])).toEqual([
      ['๓-๒๒๐ส@@', true],
      ['นายบุญมา', false],
      ['ฒ๑-๒๒๑๙-ญ๘๙', true],
      ['เม.ย.', false],
      ['อ', false],
    ]);
  });

  it('keeps a number read inside a word glued to it', () => {
    const pieces = rowPieces([word('ถนน๒สาย', 0, 0)]);
    expect(pieces.map((p) => p.number)).toEqual([false, true, false]);
    expect(rowLine(pieces).text).toBe('ถนน๒สาย');
  });

  it('keeps numbers in columns far apart, or with a table rule between them, as separate spans', () => {
    expect(rowPieces([word('๑๒๓', 0, 0), word('๔๕๖', 200, 0)]).filter((p) => p.number)).toHaveLength(2);
    const cells = [word('๑๒๓', 0, 0), word('๔๕๖', 40, 0)];
    expect(rowPieces(cells).filter((p) => p.number)).toHaveLength(1);
    expect(rowPieces(cells, (a, b) => a.x1 <= 35 && b.x0 >= 35).filter((p) => p.number)).toHaveLength(2);
  });

  it('spaces pieces by the gaps between them', () => {
    expect(rowLine(rowPieces([word('นาง', 0, 0), word('บัว', 31, 0), word('ทองทา', 70, 0)])).text).toBe('นางบัว ทองทา');
  });
});

describe('number readings', () => {
  it('reads letters the number model confuses with digits as digits, but keeps laser code letters', () => {
    expect(numberText(' ๑,OOO.0o ')).toBe('๑,000.00');
    expect(numberText('O8l-234-567I')).toBe('081-234-5671');
    expect(numberText('ME0-3648821-67 JT1O23456789')).toBe('ME0-3648821-67 JT1023456789');
    expect(numberText('XXX-XXX-5678')).toBe('XXX-XXX-5678');
  });
});

describe('choosing between readings of a number', () => {
  const id = withCheckDigit('321010279100');
  const misread = id.slice(0, 5) + ((Number(id[5]) + 1) % 10) + id.slice(6);
  const thai = (text: string) => text.replace(/\d/g, (d) => String.fromCharCode(0x0e50 + Number(d)));

  it('counts 13-digit numbers whose check digit holds or fails, in any digits and grouping', () => {
    expect(idChecks(`${dashed(id)} ๑๒`)).toEqual({ valid: 1, failed: 0 });
    expect(idChecks(thai(dashed(misread)))).toEqual({ valid: 0, failed: 1 });
    expect(idChecks('081-234-5678')).toEqual({ valid: 0, failed: 0 });
  });

  it('counts a valid check digit only in a grouping IDs are written in, once OCR spaces are closed', () => {
    // The check digit holds by chance (1 in 10) for a misread whose groups are 1-4-6-2.
    const [a, b, c, d] = [id.slice(0, 1), id.slice(1, 5), id.slice(5, 11), id.slice(11)];
    expect(idChecks(`${a}.${b}.${c}-${d}`)).toEqual({ valid: 0, failed: 1 });
    // OCR spaced a narrow 1 apart: 3-420 1 -86343-4 1 -9 is 3-4201-86343-41-9.
    const spaced = '3-420 1 -86343-4 1 -9';
    expect(idChecks(spaced)).toEqual({ valid: 1, failed: 0 });
  });

  it('takes the first reading with the most valid IDs', () => {
    expect(mostValidIds([dashed(misread), thai(dashed(id)), dashed(id)])).toBe(thai(dashed(id)));
    expect(mostValidIds(['081-234-5678', '081-234-5670'])).toBe('081-234-5678');
  });

  it("lets the check digit choose among the number model's alternatives only where no reading holds a valid ID", () => {
    // A digit the model hesitated over, and a dash it dropped: the alternative's check digit holds.
    expect(byCheckDigit([dashed(misread)], [dashed(id)])).toBe(dashed(id));
    const dropped = dashed(id).replace('-', '');
    expect(byCheckDigit([dropped], ['081-234-5678', dashed(id)])).toBe(dashed(id));
    // A reading that holds one (the page engine's, here) is kept; so is one with no ID at all.
    expect(byCheckDigit([dashed(misread), thai(dashed(id))], [dashed(withCheckDigit(id.slice(0, 11) + '7'))])).toBe(thai(dashed(id)));
    expect(byCheckDigit(['081-234-5678'], ['081-234-5670'])).toBe('081-234-5678');
    expect(validIds(`${thai(dashed(id))} ${dashed(misread)}`)).toEqual([id]);
  });

  it("takes OCR's spaces out of the valid IDs it chose, not out of masked numbers or other columns", () => {
    expect(mostValidIds(['9.4201.863453-49.9', '|3-420 1 -86343-4 1 -9 ๐๖/๐๔'])).toBe('|3-4201-86343-41-9 ๐๖/๐๔');
    // Spaces that group it as IDs are written are the document's.
    expect(mostValidIds([thai(dashed(id).replace(/-/g, ' '))])).toBe(thai(dashed(id).replace(/-/g, ' ')));
    // A masked ID's visible digits and the next column's make 13 digits whose check digit holds,
    // but not in an ID's grouping: left as read.
    const digits = withCheckDigit('020880192916');
    const masked = `X-XX${digits.slice(0, 2)}-${digits.slice(2, 7)}-${digits.slice(7, 9)}-${digits[9]} ${digits.slice(10)}`;
    expect(idChecks(masked)).toEqual({ valid: 0, failed: 1 });
    expect(mostValidIds([masked])).toBe(masked);
  });
});

/** A piece of a row as the engine leaves it: text at x, y, 10 px a character. */
function piece(text: string, x: number, y: number, number = true): RowPiece {
  const bbox = { x0: x, y0: y, x1: x + text.length * 10, y1: y + 20 };
  return { text, bbox, number, glued: false, boxes: [...text].map((_, i) => ({ ...bbox, x0: x + i * 10, x1: x + (i + 1) * 10 })) };
}

describe('numbers wrapped onto the next line', () => {
  const id = dashed(withCheckDigit('310050123456'));

  it('joins a number in a cell that goes on under itself, keeping the box of every character', () => {
    const [head, tail] = [id.slice(0, 13), id.slice(13)];
    const rows = [[piece('นายชาญ', 0, 0, false), piece(head, 200, 0), piece('500', 400, 0)], [piece(tail, 200, 24)]];
    joinContinuedNumbers(rows);
    expect(rowLine(rows[0]!).text).toBe(`นายชาญ ${head}\n${tail} 500`);
    expect(rows[1]).toEqual([]);
    expect(rowLine(rows[0]!).boxes.filter(Boolean)).toHaveLength(`นายชาญ${id}500`.length);
  });

  it('joins a number in a cell that goes on at the line spacing of Thai text, but not one a row further down', () => {
    // Digits 20 px high, lines 53 px apart; an empty line between the two parts ends the number.
    const [head, tail] = ['1-43-', '7-743-56983-1'];
    const rows = [[piece('นางนิตยา', 0, 0, false), piece(head, 200, 0)], [piece(tail, 200, 53)]];
    joinContinuedNumbers(rows);
    expect(rowLine(rows[0]!).text).toBe(`นางนิตยา ${head}\n${tail}`);
    const apart = [[piece('นางนิตยา', 0, 0, false), piece(head, 200, 0)], [piece(tail, 200, 106)]];
    joinContinuedNumbers(apart);
    expect(apart.map((r) => rowLine(r).text)).toEqual([`นางนิตยา ${head}`, tail]);
  });

  it('does not take a label the engine read with a digit in it for the start of the number under it', () => {
    // "Tel." read as "TQ1.", over the phone it labels.
    const rows = [[piece('TQ1.', 0, 0)], [piece('086', 0, 53)]];
    joinContinuedNumbers(rows);
    expect(rows.map((r) => rowLine(r).text)).toEqual(['TQ1.', '086']);
  });

  it('joins a number cut at the end of a line of text to the start of the next line', () => {
    const rows = [
      [piece('เลขประจำตัว', 0, 0, false), piece('3-1005-', 600, 0)],
      [piece('01234-56-7', 0, 25), piece('ที่อยู่', 150, 25, false)],
    ];
    joinContinuedNumbers(rows);
    expect(rows.map((r) => rowLine(r).text)).toEqual(['เลขประจำตัว 3-1005-\n01234-56-7', 'ที่อยู่']);
  });

  it('leaves apart numbers that are whole on their own: an amount under an ID, a date under a phone', () => {
    const rows = [[piece(id, 200, 0)], [piece('1,500.00', 200, 24)], [piece('0812345678', 200, 48)], [piece('12/03/2567', 200, 72)]];
    joinContinuedNumbers(rows);
    expect(rows.map((r) => rowLine(r).text)).toEqual([id, '1,500.00', '0812345678', '12/03/2567']);
  });
});

describe('numbers that could not be read', () => {
  const id = dashed(withCheckDigit('310050123456'));

  it('is a span read as nothing where there are as many glyphs as an identifier has', () => {
    expect(isUnreadable({ text: '', confidence: 0 }, 17)).toBe(true);
    expect(isUnreadable({ text: '', confidence: 0 }, 5)).toBe(false);
  });

  it('is a long number read with a character the model was unsure of, not a short one', () => {
    expect(isUnreadable({ text: '0812345678', confidence: 30 }, 10)).toBe(true);
    expect(isUnreadable({ text: '1,500', confidence: 30 }, 5)).toBe(false);
  });

  it('is a number grouped as IDs are that is not one: a digit too many or a check digit that fails', () => {
    expect(isUnreadable({ text: id, confidence: 95 }, 17)).toBe(false);
    expect(isUnreadable({ text: `1${id}`, confidence: 95 }, 18)).toBe(true);
    const wrong = id.slice(0, -1) + String((Number(id.at(-1)) + 1) % 10);
    expect(isUnreadable({ text: wrong, confidence: 95 }, 17)).toBe(true);
    // Masked digits count as positions: a masked ID is read, not unreadable.
    expect(isUnreadable({ text: `${id.slice(0, 11)}●-●●-●`, confidence: 95 }, 17)).toBe(false);
  });

  it('is not a confident reading of an ungrouped 13-digit code (a product code fails the check digit as often as not)', () => {
    expect(isUnreadable({ text: '8850999320014', confidence: 95 }, 13)).toBe(false);
  });
});

// Text PDFs laid out as lines: letter-spaced numbers (character spacing, TJ offsets, horizontal
// scaling, one item per digit), boxed digits, tables of mixed numbers at varying column gaps,
// wrapped cells and rotated tables, generated from seeds and read through the real extraction.
import { readFileSync } from 'node:fs';
import * as mupdf from 'mupdf';
import { describe, expect, it } from 'vitest';
import { extractDocument } from '../../shared/extract/index.ts';
import { scanDocument } from '../../shared/scan.ts';
import { seededRandom, type Random } from '../../tools/random.ts';
import { dashed, fingerprint, withCheckDigit } from '../helpers.ts';
import { THAI_FONT, hasThaiFont } from './fixtures.ts';

const PROVINCES = ['10', '11', '12', '13', '20', '30', '34', '40', '50', '65', '80', '90'];
const pick = <T>(r: Random, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
const between = (r: Random, lo: number, hi: number): number => lo + r() * (hi - lo);
const digits = (r: Random, n: number): string => Array.from({ length: n }, () => Math.floor(r() * 10)).join('');
const newId = (r: Random): string => withCheckDigit(String(1 + Math.floor(r() * 8)) + pick(r, PROVINCES) + digits(r, 9));
// Prefixes the numbering plan gives mobiles (not 067x, 069: unassigned).
const newPhone = (r: Random): string => pick(r, ['061', '064', '065', '08', '09']).padEnd(3, String(Math.floor(r() * 10))) + digits(r, 7);
const dashedPhone = (p: string): string => `${p.slice(0, 3)}-${p.slice(3, 6)}-${p.slice(6)}`;

/** A page drawn operator by operator, in Helvetica (F1) and, where installed, a Thai font (F2). */
class Page {
  ops: string[] = [];
  constructor(
    private helvetica: mupdf.Font,
    private thai: mupdf.Font | undefined,
  ) {}
  width(s: string, size: number, thai = false): number {
    const font = thai ? this.thai! : this.helvetica;
    return [...s].reduce((w, ch) => w + font.advanceGlyph(font.encodeCharacter(ch.codePointAt(0)!), 0), 0) * size;
  }
  private show(s: string, thai: boolean): string {
    if (!thai) return `(${s})`;
    return '<' + [...s].map((ch) => this.thai!.encodeCharacter(ch.codePointAt(0)!).toString(16).padStart(4, '0')).join('') + '>';
  }
  /** Text at (x, y); `tracking` is extra space after each character, in points. */
  text(x: number, y: number, size: number, s: string, { tracking = 0, scale = 100, thai = false } = {}): void {
    this.ops.push(`BT /${thai ? 'F2' : 'F1'} ${size} Tf ${tracking} Tc ${scale} Tz 1 0 0 1 ${x} ${y} Tm ${this.show(s, thai)} Tj ET`);
  }
  /** Letter-spaced by TJ offsets (thousandths of an em, negative moves right). */
  kerned(x: number, y: number, size: number, s: string, extra: number): void {
    const parts = [...s].map((ch) => `(${ch})`).join(` ${-Math.round((extra / size) * 1000)} `);
    this.ops.push(`BT /F1 ${size} Tf 0 Tc 100 Tz 1 0 0 1 ${x} ${y} Tm [${parts}] TJ ET`);
  }
  rect(x: number, y: number, w: number, h: number): void {
    this.ops.push(`${x} ${y} ${w} ${h} re S`);
  }
}

async function buildPdf(draw: (page: Page) => void, transform?: string): Promise<Uint8Array> {
  const doc = new mupdf.PDFDocument();
  const helvetica = new mupdf.Font('Helvetica');
  const thai = hasThaiFont ? new mupdf.Font('Garuda', readFileSync(THAI_FONT)) : undefined;
  const fonts: Record<string, mupdf.PDFObject> = { F1: doc.addSimpleFont(helvetica, 'Latin') };
  if (thai) fonts.F2 = doc.addFont(thai);
  const page = new Page(helvetica, thai);
  draw(page);
  const content = (transform ? `q ${transform} cm\n` : '') + page.ops.join('\n') + (transform ? '\nQ' : '');
  doc.insertPage(-1, doc.addPage([0, 0, 842, 842], 0, { Font: fonts }, content));
  return doc.saveToBuffer('compress').asUint8Array().slice();
}

const pageText = async (bytes: Uint8Array): Promise<string> => (await extractDocument(bytes, 'pdf', {})).blocks.map((b) => b.text).join('\n');

async function findings(bytes: Uint8Array): Promise<string[]> {
  const result = await scanDocument('generated.pdf', bytes, { fingerprint, extraction: {} });
  expect(result.status).toBe('scanned');
  return result.findings.map((f) => f.fingerprint).sort();
}
const expected = (ids: string[], phones: string[]): string[] => [...ids.map((id) => fingerprint('national_id', id)), ...phones.map((p) => fingerprint('phone', p))].sort();

const onlyDigits = (s: string): string => s.replace(/\D/g, '');
const SEEDS = Array.from({ length: 12 }, (_, i) => 1000 + i);
const MODES = ['tracking', 'kerned', 'items', 'scaled'] as const;

/** A number letter-spaced at `pitch` times its glyph width, in one of the ways producers do it. */
function letterSpaced(page: Page, x: number, y: number, size: number, s: string, pitch: number, mode: (typeof MODES)[number]): number {
  const glyph = page.width('0', size);
  const extra = (pitch - 1) * glyph;
  if (mode === 'tracking') page.text(x, y, size, s, { tracking: extra });
  else if (mode === 'kerned') page.kerned(x, y, size, s, extra);
  else if (mode === 'scaled') page.text(x, y, size, s, { scale: pitch * 100 });
  else [...s].forEach((ch, i) => page.text(x + i * pitch * glyph, y, size, ch));
  return x + s.length * pitch * glyph;
}

/** How a letter-spaced number is written: as it is or dashed at random, or with spaces between its groups. */
const WRITINGS = {
  'however spaced': { pitch: [1, 3], write: (r: Random, value: string, isId: boolean) => (r() < 0.5 ? value : isId ? dashed(value) : dashedPhone(value)) },
  'with spaces between their groups': {
    pitch: [1.2, 2.2],
    write: (_r: Random, v: string, isId: boolean) => (isId ? `${v[0]} ${v.slice(1, 5)} ${v.slice(5, 10)} ${v.slice(10)}` : `${v.slice(0, 3)} ${v.slice(3, 6)} ${v.slice(6)}`),
  },
} as const;

describe.each(Object.keys(WRITINGS) as (keyof typeof WRITINGS)[])('letter-spaced numbers, %s', (writing) => {
  it.each(SEEDS)('are read whole, the next column apart (seed %i)', async (seed) => {
    const r = seededRandom(seed);
    const { pitch, write } = WRITINGS[writing];
    const ids: string[] = [];
    const phones: string[] = [];
    const bytes = await buildPdf((page) => {
      for (let line = 0; line < 8; line++) {
        const size = Math.round(between(r, 8, 14));
        const y = 780 - line * 40;
        const isId = r() < 0.5;
        const value = isId ? newId(r) : newPhone(r);
        (isId ? ids : phones).push(value);
        page.text(50, y, size, isId ? 'Citizen ID:' : 'Mobile:');
        const end = letterSpaced(page, 50 + page.width(isId ? 'Citizen ID: ' : 'Mobile: ', size), y, size, write(r, value, isId), between(r, pitch[0], pitch[1]), pick(r, MODES));
        // Another column beyond the number's own spacing: an amount, which must stay apart.
        page.text(end + between(r, 2, 5) * size, y, size, `${Math.floor(between(r, 100, 99999))}.00`);
      }
    });
    const text = await pageText(bytes);
    for (const line of text.split('\n')) expect(line.split('\t')).toHaveLength(2);
    expect(await findings(bytes)).toEqual(expected(ids, phones));
  });
});

describe('digits in boxes', () => {
  it.each(SEEDS)('read as the number the boxes hold (seed %i)', async (seed) => {
    const r = seededRandom(seed);
    const ids: string[] = [];
    const phones: string[] = [];
    const bytes = await buildPdf((page) => {
      for (let field = 0; field < 6; field++) {
        const size = Math.round(between(r, 8, 14));
        const y = 780 - field * 50;
        const isId = field % 2 === 0;
        const value = isId ? newId(r) : newPhone(r);
        (isId ? ids : phones).push(value);
        const groups = isId ? [1, 4, 5, 2, 1] : [3, 3, 4];
        const box = between(r, 1.2, 2) * size;
        const groupGap = r() < 0.4 ? 0 : between(r, 0.2, 0.5) * box;
        page.text(50, y, size, isId ? 'ID card no.' : 'Telephone');
        let x = 50 + page.width('ID card no.', size) + size;
        let at = 0;
        for (const n of groups) {
          for (let i = 0; i < n; i++, at++) {
            page.rect(x, y - 0.3 * size, box, 1.4 * size);
            page.text(x + (box - page.width(value[at]!, size)) / 2, y, size, value[at]!);
            x += box;
          }
          x += groupGap;
        }
      }
    });
    expect(await findings(bytes)).toEqual(expected(ids, phones));
  });
});

type Kind = 'ordinal' | 'date' | 'amount' | 'id' | 'phone' | 'count';
const KINDS: Kind[] = ['date', 'amount', 'id', 'phone', 'count', 'amount'];

function cellValue(r: Random, kind: Kind, row: number): { text: string; id?: string; phone?: string } {
  switch (kind) {
    case 'ordinal':
      return { text: String(row + 1) };
    case 'count':
      return { text: String(Math.floor(between(r, 0, 10))) };
    case 'date':
      return { text: `${1 + Math.floor(r() * 28)}/${1 + Math.floor(r() * 12)}/25${60 + Math.floor(r() * 8)}` };
    case 'amount': {
      const n = Math.floor(between(r, 1, 999999));
      return { text: r() < 0.5 ? String(n) : n.toLocaleString('en-US') + '.00' };
    }
    case 'id': {
      const id = newId(r);
      return { text: r() < 0.5 ? id : dashed(id), id };
    }
    case 'phone': {
      const phone = newPhone(r);
      return { text: r() < 0.5 ? phone : dashedPhone(phone), phone };
    }
  }
}

describe('tables of numbers', () => {
  it.each(SEEDS)('keep every cell apart and find every ID and phone (seed %i)', async (seed) => {
    const r = seededRandom(seed);
    const size = Math.round(between(r, 8, 14));
    const columns: Kind[] = ['ordinal', ...Array.from({ length: 3 + Math.floor(r() * 4) }, () => pick(r, KINDS))];
    const rows = Array.from({ length: 3 + Math.floor(r() * 5) }, (_, row) => columns.map((kind) => cellValue(r, kind, row)));
    // Some columns letter-spaced, one item per digit: the column gap is then beyond their spacing.
    const pitches = columns.map((kind) => ((kind === 'id' || kind === 'phone') && r() < 0.4 ? between(r, 1.2, 3) : 1));
    const ids = rows.flatMap((row) => row.flatMap((c) => (c.id ? [c.id] : [])));
    const phones = rows.flatMap((row) => row.flatMap((c) => (c.phone ? [c.phone] : [])));
    let text = '';
    const bytes = await buildPdf((page) => {
      const glyph = page.width('0', size);
      const widths = columns.map((_, c) => Math.max(...rows.map((row) => (pitches[c]! > 1 ? row[c]!.text.length * pitches[c]! * glyph : page.width(row[c]!.text, size)))));
      const rightAligned = columns.map(() => r() < 0.5);
      const starts: number[] = [];
      let x = 40;
      for (let c = 0; c < columns.length; c++) {
        starts.push(x);
        const spacing = (Math.max(pitches[c]!, pitches[c + 1] ?? 1) - 1) * glyph;
        x += widths[c]! + spacing + between(r, 1.2, 4) * size;
      }
      rows.forEach((row, i) => {
        const y = 780 - i * size * 1.6;
        row.forEach((cell, c) => {
          const w = pitches[c]! > 1 ? cell.text.length * pitches[c]! * glyph : page.width(cell.text, size);
          const at = rightAligned[c] ? starts[c]! + widths[c]! - w : starts[c]!;
          if (pitches[c]! > 1) letterSpaced(page, at, y, size, cell.text, pitches[c]!, 'items');
          else page.text(at, y, size, cell.text);
        });
      });
    });
    text = await pageText(bytes);
    const lines = text.split('\n');
    expect(lines).toHaveLength(rows.length);
    lines.forEach((line, i) => expect(line.split('\t').map(onlyDigits)).toEqual(rows[i]!.map((c) => onlyDigits(c.text))));
    expect(await findings(bytes)).toEqual(expected(ids, phones));
  });
});

describe('wrapped cells', () => {
  const VALIGN = ['top', 'middle', 'bottom'] as const;
  it.each(SEEDS)('a cell wrapped onto a second line is made whole in its row, in upright and rotated tables (seed %i)', async (seed) => {
    const r = seededRandom(seed);
    const size = Math.round(between(r, 8, 14));
    const leading = between(r, 1.15, 1.5) * size;
    const valign = pick(r, VALIGN);
    // Not the first column: a line with a first cell is a row of its own.
    const idColumn = 1 + Math.floor(r() * 3);
    const rows = Array.from({ length: 3 }, () => newId(r));
    const cells = rows.map((_, i) => [String(i + 1), `${Math.floor(between(r, 100, 9999))}.00`, `${1 + Math.floor(r() * 28)}/3/2567`]);
    const draw = (page: Page) => {
      let y = 700;
      rows.forEach((id, i) => {
        const d = dashed(id);
        const [first, rest] = [d.slice(0, 7), d.slice(7)]; // 1-1020- | 30405-06-1
        const x = [40, 140, 240, 340];
        const dy = valign === 'top' ? 0 : valign === 'middle' ? leading / 2 : leading;
        let k = 0;
        for (let c = 0; c < 4; c++) {
          if (c === idColumn) {
            page.text(x[c]!, y, size, first);
            page.text(x[c]!, y - leading, size, rest);
          } else page.text(x[c]!, y - dy, size, cells[i]![k++]!);
        }
        y -= leading * 2 + size;
      });
    };
    for (const transform of [undefined, '0 1 -1 0 800 0', '-1 0 0 -1 800 800']) {
      const bytes = await buildPdf(draw, transform);
      const lines = (await pageText(bytes)).split('\n');
      // One line a row, the ID whole in its column (joined at the dash where it was wrapped).
      expect(lines).toEqual(
        rows.map((id, i) => {
          const row = [...cells[i]!];
          row.splice(idColumn, 0, dashed(id));
          return row.join('\t');
        }),
      );
      expect(await findings(bytes)).toEqual(expected(rows, []));
    }
  });

  it.each(SEEDS)('numbers wrapped at a space, a dash or a dot are read whole, and later rows keep their header (seed %i)', async (seed) => {
    const r = seededRandom(seed);
    const size = Math.round(between(r, 8, 12));
    const leading = 1.5 * size;
    const ids: string[] = [];
    const phones: string[] = [];
    const bytes = await buildPdf((page) => {
      const x = [40, 80, 260, 400];
      page.text(x[0]!, 780, size, 'No.');
      page.text(x[1]!, 780, size, 'Citizen ID');
      page.text(x[2]!, 780, size, 'Amount');
      page.text(x[3]!, 780, size, 'Mobile');
      let y = 780 - leading;
      for (let i = 0; i < 6; i++) {
        const id = newId(r);
        const phone = newPhone(r);
        ids.push(id);
        phones.push(phone);
        const sep = pick(r, [' ', '-', '.']);
        const groups = [id.slice(0, 1), id.slice(1, 5), id.slice(5, 10), id.slice(10, 12), id.slice(12)];
        const cut = 1 + Math.floor(r() * 3);
        // The wrap takes a space; a dash or a dot stays at the end of the first line.
        const first = groups.slice(0, cut).join(sep) + (sep === ' ' ? '' : sep);
        const rest = groups.slice(cut).join(sep);
        page.text(x[0]!, y, size, String(i + 1));
        page.text(x[1]!, y, size, first);
        page.text(x[2]!, y, size, `${Math.floor(between(r, 100, 9999))}.00`);
        page.text(x[3]!, y, size, phone);
        page.text(x[1]!, y - leading, size, rest);
        y -= 2 * leading;
      }
    });
    expect(await findings(bytes)).toEqual(expected(ids, phones));
  });
});

describe.skipIf(!hasThaiFont)('Thai words', () => {
  const NAMES = ['นางสมศรี', 'นายสมชาย', 'เด็กหญิงมาลี', 'ที่อยู่', 'จำนวนเงิน'];
  // Tracking below about 0.6 em pdfjs itself writes into one item, spaced where marks add up: not read here.
  it.each(SEEDS)('stay whole when split into items, touching or letter-spaced (seed %i)', async (seed) => {
    const r = seededRandom(seed);
    const words = NAMES.map((w) => ({ w, size: Math.round(between(r, 8, 14)), how: pick(r, ['pieces', 'tracking'] as const), tracking: between(r, 0.65, 1.2) }));
    const text = await pageText(
      await buildPdf((page) => {
        words.forEach(({ w, size, how, tracking }, i) => {
          const y = 780 - i * 40;
          if (how === 'tracking') page.text(50, y, size, w, { thai: true, tracking: tracking * size });
          else {
            // Split where producers split Thai: after any character but before a mark.
            let x = 50;
            for (const piece of w.match(/.[\u0E31\u0E34-\u0E3A\u0E47-\u0E4E]*/gu)!.reduce<string[]>((ps, ch) => (ps.length && r() < 0.5 ? [...ps.slice(0, -1), ps.at(-1)! + ch] : [...ps, ch]), [])) {
              page.text(x, y, size, piece, { thai: true });
              x += page.width(piece, size, true);
            }
          }
        });
      }),
    );
    expect(text.split('\n')).toEqual(NAMES);
  });
});

// Numbers whose groups are drawn apart by wide gaps (four to six spaces, an en or em space with
// spaces beside it): in prose, where no line near has a column there, the gap is the number's
// own and is read as spaces; in a table, columns that line up over its rows stay cells even at
// gaps as narrow as those, and a cell's number with wide gaps inside reads whole.
const WIDE_GAPS = [4 * 0.278, 5 * 0.278, 6 * 0.278, 0.278 + 0.5 + 0.278, 0.278 + 1 + 0.278, 1.1, 1.25] as const;
const GROUPINGS = {
  id: [[1, 4, 5, 2, 1], [1, 12], [13]],
  phone: [
    [3, 3, 4],
    [2, 4, 4],
    [2, 2, 2, 4],
    [4, 3, 3],
  ],
} as const;

/** The value's groups drawn one item each, `gap` (in heights) apart, or as one item with spaces; where it ends. */
function wideGapped(page: Page, x: number, y: number, size: number, value: string, groups: readonly number[], gap: number, oneItem: boolean): number {
  const parts = groups.map((n, i) => value.slice(groups.slice(0, i).reduce((a, b) => a + b, 0)).slice(0, n));
  if (oneItem) {
    const s = parts.join(' '.repeat(Math.round((gap * size) / page.width(' ', size))));
    page.text(x, y, size, s);
    return x + page.width(s, size);
  }
  for (const part of parts) {
    page.text(x, y, size, part);
    x += page.width(part, size) + gap * size;
  }
  return x - gap * size;
}

describe('numbers with wide gaps between their groups', () => {
  it.each(SEEDS)('are read whole in prose, the gap as spaces and no tab (seed %i)', async (seed) => {
    const r = seededRandom(seed);
    const ids: string[] = [];
    const phones: string[] = [];
    const bytes = await buildPdf((page) => {
      let y = 800;
      for (let line = 0; line < 10; line++) {
        const size = Math.round(between(r, 8, 14));
        y -= between(r, 1.2, 1.6) * 14;
        const isId = r() < 0.4;
        const value = isId ? newId(r) : newPhone(r);
        (isId ? ids : phones).push(value);
        const before = pick(r, ['', 'Meeting of 12 March, ', 'Applicant 3, ']) + (isId ? pick(r, ['Citizen ID: ', 'ID card no. ']) : pick(r, ['Mobile: ', 'Tel. ']));
        const x = 40 + between(r, 0, 60);
        page.text(x, y, size, before);
        const groups = isId ? pick(r, GROUPINGS.id.slice(0, 1)) : pick(r, GROUPINGS.phone);
        const end = wideGapped(page, x + page.width(before, size), y, size, value, groups, pick(r, WIDE_GAPS), r() < 0.3);
        if (r() < 0.6) page.text(end + page.width(' ', size), y, size, pick(r, ['member of the council', 'for the record', 'village 3']));
      }
    });
    const text = await pageText(bytes);
    expect(text).not.toContain('\t');
    expect(await findings(bytes)).toEqual(expected(ids, phones));
  });

  it.each(SEEDS)('in tables, keep the columns that line up as cells, however narrow their gaps (seed %i)', async (seed) => {
    const r = seededRandom(seed);
    const size = Math.round(between(r, 8, 12));
    const leading = between(r, 1.3, 1.7) * size;
    const gap = pick(r, WIDE_GAPS);
    const idGroups = [1, 4, 5, 2, 1];
    const phoneGroups = pick(r, GROUPINGS.phone);
    const rows = Array.from({ length: 3 + Math.floor(r() * 4) }, (_, i) => ({ no: String(i + 1), id: newId(r), amount: String(Math.floor(between(r, 100, 99999))), phone: newPhone(r) }));
    const ids = rows.map((row) => row.id);
    const phones = rows.map((row) => row.phone);
    const bytes = await buildPdf((page) => {
      const glyph = page.width('0', size);
      const idWidth = 13 * glyph + 4 * gap * size;
      // Column gaps as narrow as the numbers' own (digits on both sides): only their lining up tells them.
      const columnGap = () => between(r, 1.1, 1.8) * size;
      const x = [40];
      x.push(x[0]! + glyph * 2 + columnGap());
      x.push(x[1]! + idWidth + columnGap());
      x.push(x[2]! + 5 * glyph + columnGap());
      const right = r() < 0.5; // amounts right-aligned
      let y = 800;
      // A header whose cells wrap onto a second line.
      page.text(x[0]!, y, size, '#');
      page.text(x[1]!, y, size, 'Citizen');
      page.text(x[1]!, y - leading, size, 'ID number');
      page.text(x[2]!, y, size, 'Baht');
      page.text(x[3]!, y, size, 'Mobile');
      page.text(x[3]!, y - leading, size, 'phone');
      y -= 2.6 * leading;
      for (const row of rows) {
        page.text(x[0]!, y, size, row.no);
        wideGapped(page, x[1]!, y, size, row.id, idGroups, gap, false);
        page.text(right ? x[2]! + 5 * glyph - page.width(row.amount, size) : x[2]!, y, size, row.amount);
        wideGapped(page, x[3]!, y, size, row.phone, phoneGroups, gap, false);
        y -= leading;
      }
    });
    const lines = (await pageText(bytes)).split('\n');
    expect(lines[0]!.split('\t')).toEqual(['#', 'Citizen ID number', 'Baht', 'Mobile phone']);
    expect(lines.slice(1).map((l) => l.split('\t').map(onlyDigits))).toEqual(rows.map((row) => [row.no, row.id, row.amount, row.phone]));
    expect(await findings(bytes)).toEqual(expected(ids, phones));
  });
});

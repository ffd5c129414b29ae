// Scanned agency documents: the generator's document kinds printed on A4 pages in a Thai font,
// scanned at a scanner's resolution and degraded as scanners, copiers and phone cameras degrade
// pages (skew, blur, noise, uneven ink, stamps, pen strokes, JPEG), saved as PNG, JPEG or an
// image-only PDF. Labels are of what the saved pages show, each tagged with how it was drawn; the
// regions say where on the page images each labelled identifier is drawn.
import { type Canvas, type SKRSContext2D, GlobalFonts, createCanvas } from '@napi-rs/canvas';
import * as mupdf from 'mupdf';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ZERO_WIDTH } from '../../shared/detect/written-forms.ts';
import type { Box } from '../../shared/ocr/layout.ts';
import { encodePng } from '../../shared/ocr/page.ts';
import { type DocumentKind, KINDS, documentBlocks } from './documents.ts';
import { type Block, Ctx, FORMATS, type GeneratedDocument, type Piece, SCAN_FORMATS, type ScanFormat, findingKey } from './model.ts';
import { Rng } from './random.ts';

export { SCAN_FORMATS, type ScanFormat };

/** Debian packages of the fonts pages are drawn in (DejaVu for symbols the Thai fonts lack). */
export const SCAN_FONT_PACKAGES = ['fonts-thai-tlwg', 'fonts-noto-core', 'fonts-sipa-arundina', 'fonts-dejavu-core'];

const FONT_DIRS = [
  { dir: '/usr/share/fonts/truetype/tlwg', only: /./ },
  // fonts-noto-core holds every script: only the Thai families.
  { dir: '/usr/share/fonts/truetype/noto', only: /Thai/ },
  { dir: '/usr/share/fonts/truetype/arundina', only: /./ },
];
const FALLBACK = { family: 'DejaVu Sans', file: '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf' };

// How often a family is drawn with, if installed (others: 1). Laksaman is TH Sarabun's metric
// clone, the government's standard font; Purisa is handwriting, for forms filled in by hand.
// Never Tlwg Mono: Skia does not place its Thai marks (they stand apart, on the line).
const FONT_WEIGHTS: Record<string, number> = {
  TlwgMono: 0,
  Laksaman: 10,
  Garuda: 4,
  Norasi: 4,
  Kinnari: 3,
  Purisa: 5,
  TlwgTypewriter: 2,
  TlwgTypist: 2,
  Loma: 2,
  Waree: 2,
  Umpush: 2,
  Sawasdee: 2,
  NotoSansThai: 3,
  NotoSerifThai: 2,
  NotoLoopedThai: 2,
  NotoSansThaiLooped: 2,
  ArundinaSans: 2,
  ArundinaSerif: 2,
};
const HANDWRITING = 'Purisa';

interface Family {
  name: string;
  /** The regular face, for which characters it draws. */
  glyphs: mupdf.Font;
}

/** The Thai families installed: each one's regular face, and its bold one if any. */
function fontFiles(): Array<{ name: string; regular: string; bold?: string }> {
  const faces = new Map<string, { regular?: string; bold?: string }>();
  for (const { dir, only } of FONT_DIRS) {
    if (!existsSync(dir)) continue;
    for (const file of readdirSync(dir).sort()) {
      const m = /^([A-Za-z]+)(?:-(Regular|Bold))?\.[ot]tf$/.exec(file);
      if (!m || !only.test(file) || FONT_WEIGHTS[m[1]!] === 0) continue;
      const face = faces.get(m[1]!) ?? {};
      face[m[2] === 'Bold' ? 'bold' : 'regular'] = join(dir, file);
      faces.set(m[1]!, face);
    }
  }
  return [...faces].flatMap(([name, { regular, bold }]) => (regular ? [{ name, regular, ...(bold && { bold }) }] : []));
}

const FONT_FILES = fontFiles();

/** Why scanned documents cannot be generated here, or undefined when they can. */
export const scanUnavailable: string | undefined = FONT_FILES.length ? undefined : `no Thai font under ${FONT_DIRS.map((d) => d.dir).join(', ')} (Debian packages ${SCAN_FONT_PACKAGES.join(' ')})`;

let loaded: { families: Family[]; fallback?: mupdf.Font } | undefined;

/** The families, registered with the canvas under their file names on first use (not when the generator of text formats is imported). */
function fonts(): { families: Family[]; fallback?: mupdf.Font } {
  if (loaded) return loaded;
  const fallback = existsSync(FALLBACK.file) ? new mupdf.Font(FALLBACK.family, readFileSync(FALLBACK.file)) : undefined;
  if (fallback) GlobalFonts.registerFromPath(FALLBACK.file, FALLBACK.family);
  const families = FONT_FILES.map(({ name, regular, bold }) => {
    GlobalFonts.registerFromPath(regular, name);
    if (bold) GlobalFonts.registerFromPath(bold, name);
    return { name, glyphs: new mupdf.Font(name, readFileSync(regular)) };
  });
  return (loaded = { families, ...(fallback && { fallback }) });
}

/** Whether a page in all these families shows the character: by their own glyph, the fallback's, or as nothing at all (zero-width). */
const drawable =
  (families: readonly Family[]) =>
  (ch: string): boolean => {
    if (ZERO_WIDTH.includes(ch) || ch === '\n') return true;
    const code = ch.codePointAt(0)!;
    const fallback = fonts().fallback;
    return families.every((f) => f.glyphs.encodeCharacter(code) !== 0 || (fallback?.encodeCharacter(code) ?? 0) !== 0);
  };

/** A text style, sizes in points. */
interface Style {
  family: string;
  size: number;
  bold?: boolean;
  ink: string;
  /** Written by hand: each character a little off the line. */
  hand?: boolean;
}

const css = (s: Style, size = s.size) => `${s.bold ? 'bold ' : ''}${size}px "${s.family}", "${FALLBACK.family}"`;
const sameStyle = (a: Style, b: Style) => css(a) === css(b) && a.ink === b.ink;
const invisible = new RegExp(`[${ZERO_WIDTH}]`, 'g');
const shown = (text: string) => text.replace(invisible, '');

/** Widths and heights of text, in points: measured at 100 px, one measurement serves every size. */
class Measure {
  private readonly ctx = createCanvas(8, 8).getContext('2d');
  private readonly widths = new Map<string, number>();

  width(text: string, s: Style): number {
    const key = `${css(s, 100)}|${text}`;
    let w = this.widths.get(key);
    if (w === undefined) {
      this.ctx.font = css(s, 100);
      w = this.ctx.measureText(shown(text)).width;
      this.widths.set(key, w);
    }
    return (w * s.size) / 100;
  }

  /**
   * Where text drawn on its baseline at (0, 0) puts ink: the corners of its glyphs' boxes (none if
   * blank), in points. A character at a time: Skia bounds only the first run of a text a fallback font breaks up.
   */
  ink(text: string, s: Style): Point[] {
    const k = s.size / 100;
    let before = '';
    const corners: Point[] = [];
    for (const { segment } of graphemes.segment(shown(text))) {
      this.ctx.font = css(s, 100);
      const m = this.ctx.measureText(segment);
      const x = this.width(before, s);
      before += segment;
      if (m.actualBoundingBoxLeft + m.actualBoundingBoxRight <= 0) continue;
      const [left, right, ascent, descent] = [m.actualBoundingBoxLeft * k, m.actualBoundingBoxRight * k, m.actualBoundingBoxAscent * k, m.actualBoundingBoxDescent * k];
      corners.push(...cornersOf({ x: x - left, y: -ascent, w: left + right, h: ascent + descent }));
    }
    return corners;
  }

  /** Height of a digit, and the font's ascent and descent (Thai marks above and below), per point of size. */
  metrics(s: Style): { digit: number; ascent: number; descent: number } {
    this.ctx.font = css(s, 100);
    const m = this.ctx.measureText('0');
    return { digit: m.actualBoundingBoxAscent / 100, ascent: m.fontBoundingBoxAscent / 100, descent: m.fontBoundingBoxDescent / 100 };
  }
}

// ---------------------------------------------------------------------------------------------
// Layout: blocks into lines of runs, units (a heading, a paragraph, a table row, a row of boxes),
// and units onto pages. Points; y down from the top of the page.

type Item =
  | { kind: 'text'; text: string; x: number; y: number; style: Style; piece?: Piece; rotate?: number }
  | { kind: 'rule'; x0: number; y0: number; x1: number; y1: number; width: number; dash?: number[] }
  | { kind: 'rect'; x: number; y: number; w: number; h: number; width: number; fill?: string };

interface Rect {
  x: number;
  y: number;
  w: number;
  h: number;
}

export type Point = [number, number];

/** A turn by `angle` radians about (cx, cy), as a canvas's rotate() turns what is drawn (y down). */
const turned =
  (angle: number, cx: number, cy: number) =>
  ([x, y]: Point): Point => {
    const [c, s] = [Math.cos(angle), Math.sin(angle)];
    return [cx + (x - cx) * c - (y - cy) * s, cy + (x - cx) * s + (y - cy) * c];
  };
const cornersOf = ({ x, y, w, h }: Rect): Point[] => [
  [x, y],
  [x + w, y],
  [x + w, y + h],
  [x, y + h],
];
const boundsOf = (points: readonly Point[]): Rect => {
  const [xs, ys] = [points.map((p) => p[0]), points.map((p) => p[1])];
  const [x, y] = [Math.min(...xs), Math.min(...ys)];
  return { x, y, w: Math.max(...xs) - x, h: Math.max(...ys) - y };
};

/** A labelled piece drawn: a loose rect around it (what marks on paper are tagged by), and where its characters' ink is. */
interface Drawn {
  piece: Piece;
  rect: Rect;
  /** Its glyphs' box on each line it is drawn on, and the characters drawn there; in a form's row of boxes, each box's inside. */
  ink: Array<Rect & { text: string }>;
}

/** What a unit draws, relative to its top left; a table row may need its header repeated above. */
interface Unit {
  height: number;
  items: Item[];
  /** The labelled pieces it draws. */
  rects: Drawn[];
  keepWithNext?: boolean;
  /** A table row followed by another: no space after it. */
  tight?: boolean;
  header?: Unit;
}

interface Page {
  items: Item[];
  rects: Drawn[];
}

/** Where a labelled piece stands in a block's text. */
interface Span {
  piece: Piece;
  start: number;
  end: number;
}

interface Token {
  text: string;
  kind: 'word' | 'space' | 'newline';
  piece?: Piece;
}

const words = new Intl.Segmenter('th', { granularity: 'word' });
const graphemes = new Intl.Segmenter('th', { granularity: 'grapheme' });

/** A text as tokens to break lines between: Thai words, spaces, and labelled pieces whole (broken only at their own line breaks). */
function tokenize(text: string, spans: readonly Span[]): Token[] {
  const out: Token[] = [];
  const plain = (s: string) => {
    for (const { segment } of words.segment(s)) {
      for (const [i, part] of segment.split('\n').entries()) {
        if (i > 0) out.push({ text: '\n', kind: 'newline' });
        if (part) out.push({ text: part, kind: /^\s+$/.test(part) ? 'space' : 'word' });
      }
    }
  };
  let at = 0;
  for (const { piece, start, end } of [...spans].sort((a, b) => a.start - b.start)) {
    plain(text.slice(at, start));
    for (const [i, part] of text.slice(start, end).split('\n').entries()) {
      if (i > 0) out.push({ text: '\n', kind: 'newline' });
      if (part) out.push({ text: part, kind: 'word', piece });
    }
    at = end;
  }
  plain(text.slice(at));
  return out;
}

interface Run {
  text: string;
  x: number;
  width: number;
  style: Style;
  piece?: Piece;
}
type Line = Run[];

/** Greedy line breaking at `width`; a word wider than a line is broken between characters, a piece never. */
function flow(tokens: readonly Token[], width: number, styleOf: (piece?: Piece) => Style, measure: Measure, indent = 0): Line[] {
  const lines: Line[] = [];
  let line: Line = [];
  let x = indent;
  let space = '';
  const breakLine = () => {
    lines.push(line);
    line = [];
    x = 0;
    space = '';
  };
  const place = (text: string, piece: Piece | undefined) => {
    const style = styleOf(piece);
    const w = measure.width(text, style);
    const gap = line.length ? measure.width(space, style) : 0;
    // (A hair of tolerance: a column is exactly as wide as its widest word.)
    if (line.length && x + gap + w > width + 1e-6) {
      breakLine();
      return place(text, piece);
    }
    if (!piece && w > width + 1e-6 && [...graphemes.segment(text)].length > 1) {
      for (const { segment } of graphemes.segment(text)) place(segment, undefined);
      return;
    }
    const last = line.at(-1);
    // Plain words of one style are drawn as one run (shaped together, as a word processor does).
    if (last && !last.piece && !piece && sameStyle(last.style, style)) {
      last.text += space + text;
      last.width = x + gap + w - last.x;
    } else line.push({ text, x: x + gap, width: w, style, ...(piece && { piece }) });
    x += gap + w;
    space = '';
  };
  for (const t of tokens) {
    if (t.kind === 'newline') breakLine();
    else if (t.kind === 'space') space += line.length ? t.text : '';
    else place(t.text, t.piece);
  }
  if (line.length || !lines.length) lines.push(line);
  return lines;
}

const lineWidth = (line: Line) => (line.length ? line.at(-1)!.x + line.at(-1)!.width : 0);

/** How the page is drawn: chosen before the document, since the font decides what it can carry. */
interface Look {
  family: Family;
  handFamily?: Family;
  body: Style;
  /** Handwriting for the fields of a form filled in by hand (its boxes too). */
  hand?: Style;
  /** Boxes of a form grouped as the ID is (1-4-5-2-1). */
  boxGroups: boolean;
  ruled: boolean;
  repeatHeader: boolean;
  leading: number;
  indent: number;
  landscape: boolean;
  margin: number;
}

interface Layout {
  look: Look;
  measure: Measure;
  rng: Rng;
  /** Extra tags of each labelled piece: how the page draws it. */
  tags: Map<Piece, string[]>;
  styleOf: (piece?: Piece) => Style;
  page: { width: number; height: number };
  /** Of the text between the margins. */
  width: number;
}

const tag = (layout: Layout, piece: Piece | undefined, ...tags: string[]) => {
  if (!piece) return;
  const list = layout.tags.get(piece) ?? [];
  for (const t of tags) if (!list.includes(t)) list.push(t);
  layout.tags.set(piece, list);
};

const lineHeight = (layout: Layout, style: Style) => {
  const m = layout.measure.metrics(style);
  return (m.ascent + m.descent) * style.size * layout.look.leading;
};

/** Lines as items at (x, top), each run at its baseline. */
function drawLines(layout: Layout, lines: readonly Line[], x: number, top: number, align: 'left' | 'center' = 'left', box = 0): Pick<Unit, 'items' | 'rects' | 'height'> {
  const items: Item[] = [];
  const rects: Unit['rects'] = [];
  let y = top;
  for (const line of lines) {
    const height = Math.max(...line.map((r) => lineHeight(layout, r.style)), lineHeight(layout, layout.look.body));
    const shift = align === 'center' ? (box - lineWidth(line)) / 2 : 0;
    for (const run of line) {
      const m = layout.measure.metrics(run.style);
      const baseline = y + m.ascent * run.style.size;
      const rx = x + shift + run.x;
      const drawn = runItems(layout, run, rx, baseline);
      items.push(...drawn);
      if (run.piece) {
        const ink = boundsOf(drawn.flatMap((item) => (item.kind === 'text' ? itemInk(layout.measure, item) : [])));
        rects.push({ piece: run.piece, rect: { x: rx, y: baseline - m.digit * run.style.size * 1.6, w: run.width, h: m.digit * run.style.size * 2 }, ink: [{ ...ink, text: run.text }] });
        // A field filled in by hand, on the form's dotted line.
        if (run.style.hand) items.push({ kind: 'rule', x0: rx - 4, y0: baseline + 2, x1: rx + run.width + 4, y1: baseline + 2, width: 0.6, dash: [0.8, 1.6] });
      }
    }
    y += height;
  }
  return { items, rects, height: y - top };
}

/** The corners of a text item's ink on the page: a handwritten character's turned with it. */
function itemInk(measure: Measure, item: Extract<Item, { kind: 'text' }>): Point[] {
  const turn = turned(item.rotate ?? 0, 0, 0);
  return measure
    .ink(item.text, item.style)
    .map(turn)
    .map(([x, y]): Point => [x + item.x, y + item.y]);
}

/** A run at its baseline, tagged on its piece with its font; handwriting a character at a time, each a little off the line. */
function runItems(layout: Layout, run: Run, x: number, baseline: number): Item[] {
  const { rng, measure } = layout;
  const { style, piece } = run;
  tag(layout, piece, `font:${style.family}`, ...(style.hand ? ['fill:handwritten'] : []));
  if (!style.hand) return [{ kind: 'text', text: run.text, x, y: baseline, style, ...(piece && { piece }) }];
  const wobble = style.size * 0.06;
  return [...graphemes.segment(run.text)].map(({ segment }) => {
    const item: Item = {
      kind: 'text',
      text: segment,
      x: x + (rng.float() - 0.5) * wobble,
      y: baseline + (rng.float() - 0.5) * 2 * wobble,
      style,
      rotate: (rng.float() - 0.5) * 0.12,
      ...(piece && { piece }),
    };
    x += measure.width(segment, style);
    return item;
  });
}

function textUnit(layout: Layout, text: string, spans: readonly Span[], style: Style, { indent = 0, inset = 0, align = 'left' as 'left' | 'center', keepWithNext = false } = {}): Unit {
  const lines = flow(tokenize(text, spans), layout.width - inset, (piece) => (piece ? layout.styleOf(piece) : style), layout.measure, indent);
  return { ...drawLines(layout, lines, inset, 0, align, layout.width - inset), ...(keepWithNext && { keepWithNext }) };
}

/** A table, a unit a row: columns as wide as their widest word and piece, the rest shared as their text needs; text shrunk when even that does not fit. */
function tableUnits(layout: Layout, header: string[], rows: string[][], spansOf: (row: number, col: number) => Span[]): Unit[] {
  const { look, measure } = layout;
  const all = [header, ...rows];
  const tokens = all.map((row, r) => row.map((text, c) => tokenize(text, spansOf(r, c))));
  // Set below when even the widest words do not fit.
  let scale = 1;
  const styleAt = (r: number) => (piece?: Piece) => {
    const s = piece ? layout.styleOf(piece) : r === 0 ? { ...look.body, bold: true } : look.body;
    return scale === 1 ? s : { ...s, size: s.size * scale };
  };
  const pad = look.body.size * (look.ruled ? 0.5 : 0.6);
  const columns = header.map((_, c) => ({
    min: Math.max(...tokens.map((row, r) => Math.max(0, ...row[c]!.filter((t) => t.kind === 'word').map((t) => measure.width(t.text, styleAt(r)(t.piece)))))),
    natural: Math.max(...tokens.map((row, r) => Math.max(...flow(row[c]!, Infinity, styleAt(r), measure).map(lineWidth)))),
  }));
  const room = layout.width - 2 * pad * columns.length;
  const least = columns.reduce((a, c) => a + c.min, 0);
  if (least > room) scale = room / least;
  const need = columns.reduce((a, c) => a + c.natural * scale, 0);
  const share = need <= room ? 1 : (room - least * scale) / (need - least * scale);
  const stretch = look.ruled && need < room ? room / need : 1;
  const widths = columns.map((c) => (need <= room ? c.natural * scale * stretch : (c.min + (c.natural - c.min) * share) * scale) + 2 * pad);
  const xs = widths.map((_, i) => widths.slice(0, i).reduce((a, w) => a + w, 0));
  const tableWidth = xs.at(-1)! + widths.at(-1)!;
  const units = all.map((row, r): Unit => {
    const cells = row.map((_, c) =>
      drawLines(layout, flow(tokens[r]![c]!, widths[c]! - 2 * pad, styleAt(r), measure), xs[c]! + pad, pad * 0.6, r === 0 || c === 0 ? 'center' : 'left', widths[c]! - 2 * pad),
    );
    const height = Math.max(...cells.map((c) => c.height)) + pad * 1.2;
    const items: Item[] = [];
    if (look.ruled) {
      if (r === 0) items.push({ kind: 'rect', x: 0, y: 0, w: tableWidth, h: height, width: 0, fill: '#dcdcdc' });
      row.forEach((_, c) => items.push({ kind: 'rect', x: xs[c]!, y: 0, w: widths[c]!, h: height, width: 0.7 }));
    } else if (r === 0) items.push({ kind: 'rule', x0: 0, y0: height, x1: tableWidth, y1: height, width: 0.6 });
    return { height, items: [...items, ...cells.flatMap((c) => c.items)], rects: cells.flatMap((c) => c.rects), tight: r < rows.length };
  });
  for (const { piece } of units.flatMap((u) => u.rects)) tag(layout, piece, look.ruled ? 'layout:table-ruled' : 'layout:table-unruled');
  const [head, ...body] = units;
  head!.keepWithNext = true;
  return [head!, ...body.map((u) => (look.repeatHeader ? { ...u, header: head! } : u))];
}

/** A form's row of boxes, one digit in each, after its label: grouped 1-4-5-2-1 with dashes, or in one run. */
function boxesUnit(layout: Layout, label: string, cells: string[], piece: Piece): Unit {
  const { look, measure, rng } = layout;
  const labelStyle = look.body;
  const digitStyle = look.hand ?? look.body;
  const digit = measure.metrics(digitStyle).digit * digitStyle.size;
  const w = digit * (1.8 + rng.float() * 0.5);
  const h = w * (1.1 + rng.float() * 0.2);
  const groups = look.boxGroups && cells.length === 13 ? [1, 4, 5, 2, 1] : [cells.length];
  const gap = w * 0.8;
  const labelWidth = measure.width(label, labelStyle) + labelStyle.size;
  const rowWidth = cells.length * w + (groups.length - 1) * gap;
  const sameLine = labelWidth + rowWidth <= layout.width;
  const labelHeight = lineHeight(layout, labelStyle);
  const x0 = sameLine ? labelWidth : 0;
  const top = sameLine ? Math.max(0, (labelHeight - h) / 2) : labelHeight;
  const items: Item[] = [{ kind: 'text', text: label, x: 0, y: measure.metrics(labelStyle).ascent * labelStyle.size + (sameLine ? Math.max(0, (h - labelHeight) / 2) : 0), style: labelStyle }];
  let x = x0;
  let i = 0;
  const border = 0.8;
  const insides: Drawn['ink'] = [];
  for (const [g, size] of groups.entries()) {
    if (g > 0) {
      items.push({ kind: 'rule', x0: x + gap * 0.3, y0: top + h / 2, x1: x + gap * 0.7, y1: top + h / 2, width: 0.8 });
      x += gap;
    }
    for (let k = 0; k < size; k++, i++) {
      const cw = measure.width(cells[i]!, digitStyle);
      items.push({ kind: 'rect', x, y: top, w, h, width: border }, ...runItems(layout, { text: cells[i]!, x: 0, width: cw, style: digitStyle, piece }, x + (w - cw) / 2, top + (h + digit) / 2));
      // Clear of the box's line by its width: its edge is blurred into the box.
      insides.push({ x: x + border * 1.5, y: top + border * 1.5, w: w - border * 3, h: h - border * 3, text: cells[i]! });
      x += w;
    }
  }
  tag(layout, piece, 'layout:boxes', groups.length > 1 ? 'boxes:grouped' : 'boxes:ungrouped');
  return { height: Math.max(top + h, labelHeight) + 4, items, rects: [{ piece, rect: { x: x0, y: top, w: rowWidth, h }, ink: insides }] };
}

/** The texts of a block, in a fixed order: where its labelled pieces are looked for. */
function blockTexts(b: Block): string[] {
  switch (b.kind) {
    case 'heading':
    case 'para':
      return [b.text];
    case 'list':
      return b.items;
    case 'table':
      return [...b.header, ...b.rows.flatMap((r) => r.map((c) => c.text))];
    case 'boxes':
      // As the form's line was labelled (documents.ts): the label, then the digits.
      return [`${b.label} ${b.cells.join(' ')}`];
  }
}

/** Each labelled piece found in the text of its block: the first place it stands that no other piece took. */
function locate(blocks: readonly Block[], pieces: readonly Piece[]): Map<string, Span[]> {
  const texts = blocks.flatMap((b, i) => blockTexts(b).map((text, j) => ({ key: `${i}:${j}`, text })));
  const spans = new Map<string, Span[]>();
  for (const piece of pieces) {
    const found = texts.some(({ key, text }) => {
      const taken = spans.get(key) ?? [];
      for (let at = text.indexOf(piece.text); at >= 0; at = text.indexOf(piece.text, at + 1)) {
        const end = at + piece.text.length;
        if (taken.some((s) => s.start < end && at < s.end)) continue;
        spans.set(key, [...taken, { piece, start: at, end }]);
        return true;
      }
      return false;
    });
    if (!found) throw new Error(`a labelled piece is not in the document's text: ${JSON.stringify(piece.text)}`);
  }
  return spans;
}

function units(layout: Layout, blocks: readonly Block[], pieces: readonly Piece[]): Unit[] {
  const spans = locate(blocks, pieces);
  const { look } = layout;
  const at = (i: number, j: number) => spans.get(`${i}:${j}`) ?? [];
  const heading: Style = { ...look.body, bold: true, size: look.body.size * 1.15 };
  return blocks.flatMap((b, i): Unit[] => {
    switch (b.kind) {
      case 'heading':
        return [textUnit(layout, b.text, at(i, 0), heading, { align: 'center', keepWithNext: true })];
      case 'para':
        return [textUnit(layout, b.text, at(i, 0), look.body, { indent: look.indent })];
      case 'list':
        return b.items.map((item, j) => textUnit(layout, item, at(i, j), look.body, { inset: look.body.size }));
      case 'boxes':
        return [boxesUnit(layout, b.label, b.cells, at(i, 0)[0]!.piece)];
      case 'table': {
        const n = b.header.length;
        return tableUnits(
          layout,
          b.header,
          b.rows.map((r) => r.map((c) => c.text)),
          (r, c) => (r === 0 ? at(i, c) : at(i, n + (r - 1) * n + c)),
        );
      }
    }
  });
}

const A4 = { width: 595, height: 842 };

/** Units onto pages, top to bottom; a unit that does not fit starts the next page (with its table's header). */
function paginate(layout: Layout, list: readonly Unit[]): Page[] {
  const { look } = layout;
  const bottom = layout.page.height - look.margin;
  const gap = look.body.size * 0.5;
  const pages: Page[] = [];
  let page: Page = { items: [], rects: [] };
  let y = look.margin;
  const put = (u: Unit) => {
    const at = { x: look.margin, y };
    page.items.push(...u.items.map((o): Item => ('x0' in o ? { ...o, x0: o.x0 + at.x, x1: o.x1 + at.x, y0: o.y0 + at.y, y1: o.y1 + at.y } : { ...o, x: o.x + at.x, y: o.y + at.y })));
    const moved = <R extends Rect>(r: R): R => ({ ...r, x: r.x + at.x, y: r.y + at.y });
    page.rects.push(...u.rects.map(({ piece, rect, ink }) => ({ piece, rect: moved(rect), ink: ink.map(moved) })));
    y += u.height;
  };
  list.forEach((u, i) => {
    const next = list[i + 1];
    const needed = u.height + (u.keepWithNext && next ? next.height : 0);
    if (page.items.length && y + needed > bottom) {
      pages.push(page);
      page = { items: [], rects: [] };
      y = look.margin;
      // Thai documents number the pages after the first at the top: - ๒ -
      const number = `- ${String(pages.length + 1).replace(/\d/g, (d) => String.fromCharCode(0x0e50 + Number(d)))} -`;
      const w = layout.measure.width(number, look.body);
      page.items.push({ kind: 'text', text: number, x: (layout.page.width - w) / 2, y: look.margin * 0.6, style: look.body });
      if (u.header) put(u.header);
    }
    put(u);
    if (!u.tight) y += gap;
  });
  pages.push(page);
  return pages;
}

// ---------------------------------------------------------------------------------------------
// Marks on paper: a stamp and a pen stroke, each tagged on the pieces it touches.

/** Share of a rect inside a disk, on a grid of points. */
function covered(rect: Rect, cx: number, cy: number, r: number): number {
  let inside = 0;
  for (let i = 0; i < 8; i++) for (let j = 0; j < 4; j++) if (Math.hypot(rect.x + ((i + 0.5) * rect.w) / 8 - cx, rect.y + ((j + 0.5) * rect.h) / 4 - cy) < r) inside++;
  return inside / 32;
}

interface Stamp {
  cx: number;
  cy: number;
  r: number;
  ink: string;
  round: boolean;
  angle: number;
  words: string[];
  family: string;
}

/** Somewhere on a line of text, or on an identifier half the time (stamps and pens land on lists). */
function anchor(rng: Rng, page: Page): { x: number; y: number } {
  const ids = page.rects.filter((r) => r.piece.finding);
  if (ids.length && rng.chance(0.5)) {
    const { rect } = rng.pick(ids);
    return { x: rect.x + rng.float() * rect.w, y: rect.y + rect.h * 0.75 };
  }
  return rng.pick(page.items.filter((i) => i.kind === 'text'));
}

/** A stamp over the text, where it covers no identifier by more than a third (a reader still reads it). */
function stamp(layout: Layout, page: Page): Stamp | undefined {
  const { rng, page: paper } = layout;
  const r = 40 + rng.float() * 25;
  for (let attempt = 0; attempt < 30; attempt++) {
    const at = anchor(rng, page);
    // The ring, not the middle, over the spot.
    const side = rng.chance(0.5) ? r : -r;
    const cx = Math.min(paper.width - 1.3 * r, Math.max(1.3 * r, at.x + side * (0.7 + rng.float() * 0.3)));
    const cy = Math.min(paper.height - r, Math.max(r, at.y + (rng.float() - 0.5) * r));
    const touched = page.rects.filter(({ piece, rect }) => piece.finding && covered(rect, cx, cy, r) > 0);
    if (touched.some(({ rect }) => covered(rect, cx, cy, r) > 1 / 3)) continue;
    for (const { piece } of touched) tag(layout, piece, 'scan:stamp');
    return {
      cx,
      cy,
      r,
      round: rng.chance(0.7),
      angle: (rng.float() - 0.5) * 0.6,
      ink: rng.chance(0.6) ? `rgba(205,35,45,${0.6 + rng.float() * 0.3})` : `rgba(35,60,175,${0.6 + rng.float() * 0.3})`,
      words: rng.pick([['ได้รับแล้ว', 'งานธุรการ'], ['สำเนาถูกต้อง'], ['ประกาศแล้ว', 'สำนักปลัด'], ['ตรวจแล้ว', 'กองคลัง']]),
      family: layout.look.family.name,
    };
  }
  return undefined;
}

function drawStamp(g: SKRSContext2D, s: Stamp): void {
  g.save();
  g.globalCompositeOperation = 'multiply';
  g.translate(s.cx, s.cy);
  g.rotate(s.angle);
  g.strokeStyle = g.fillStyle = s.ink;
  g.lineWidth = 1.8;
  g.beginPath();
  if (s.round) {
    g.arc(0, 0, s.r, 0, 2 * Math.PI);
    g.moveTo(s.r * 0.8, 0);
    g.arc(0, 0, s.r * 0.8, 0, 2 * Math.PI);
  } else {
    g.rect(-s.r * 1.3, -s.r * 0.55, s.r * 2.6, s.r * 1.1);
  }
  g.stroke();
  g.font = `bold ${s.r * 0.3}px "${s.family}"`;
  g.textAlign = 'center';
  s.words.forEach((w, i) => g.fillText(w, 0, (i - (s.words.length - 1) / 2) * s.r * 0.42 + s.r * 0.1));
  g.restore();
}

interface Stroke {
  points: Array<[number, number]>;
  ink: string;
  width: number;
}

/** A pen stroke across a line of text, a little wavy and slanted, as when a row is struck out or underlined by hand. */
function penStroke(layout: Layout, page: Page): Stroke {
  const { rng } = layout;
  const at = anchor(rng, page);
  const x0 = at.x - 20 - rng.float() * 30;
  const length = 80 + rng.float() * 220;
  const y0 = at.y - layout.look.body.size * (0.2 + rng.float() * 0.2);
  const slope = (rng.float() - 0.5) * 0.08;
  const wave = rng.float() * 1.5;
  const phase = rng.float() * 6;
  const points = Array.from({ length: 40 }, (_, i): [number, number] => {
    const x = x0 + (length * i) / 39;
    return [x, y0 + slope * (x - x0) + wave * Math.sin(phase + i / 4)];
  });
  for (const { piece, rect } of page.rects) {
    if (points.some(([x, y]) => x >= rect.x && x <= rect.x + rect.w && y >= rect.y && y <= rect.y + rect.h)) tag(layout, piece, 'scan:line-through');
  }
  return { points, ink: rng.pick(['#1c2f9e', '#1c2f9e', '#222']), width: 0.6 + rng.float() * 0.6 };
}

// ---------------------------------------------------------------------------------------------
// Scanning: the page drawn at the scan's resolution, then the scanner's and the paper's faults.

interface Scan {
  dpi: number;
  skew: number;
  paper: [number, number, number];
  /** The scanner's lid around a skewed page. */
  lid: string;
  blur: number;
  noise: number;
  uneven: boolean;
  gray: boolean;
  /** JPEG quality, when the image is stored as JPEG. */
  jpeg?: number;
  /** A phone photo of the page: its resolution after the camera, its uneven light. */
  photoDpi?: number;
}

/** A scanned page, and where a point of the page (in points) lands in its pixels. */
interface Scanned {
  canvas: Canvas;
  place: (p: Point) => Point;
}

function paint(page: Page, size: Layout['page'], scan: Scan, marks: { stamp?: Stamp; stroke?: Stroke }, rng: Rng): Scanned {
  const k = scan.dpi / 72;
  const w = Math.round(size.width * k);
  const h = Math.round(size.height * k);
  const skewed = turned((scan.skew * Math.PI) / 180, w / 2, h / 2);
  const canvas = createCanvas(w, h);
  const g = canvas.getContext('2d');
  g.fillStyle = scan.lid;
  g.fillRect(0, 0, w, h);
  g.translate(w / 2, h / 2);
  g.rotate((scan.skew * Math.PI) / 180);
  g.translate(-w / 2, -h / 2);
  g.fillStyle = `rgb(${scan.paper.join(',')})`;
  g.fillRect(0, 0, w, h);
  g.scale(k, k);
  for (const item of page.items) {
    if (item.kind === 'text') {
      g.font = css(item.style);
      g.fillStyle = item.style.ink;
      if (item.rotate) {
        g.save();
        g.translate(item.x, item.y);
        g.rotate(item.rotate);
        g.fillText(shown(item.text), 0, 0);
        g.restore();
      } else g.fillText(shown(item.text), item.x, item.y);
    } else if (item.kind === 'rule') {
      g.strokeStyle = '#111';
      g.lineWidth = item.width;
      g.setLineDash(item.dash ?? []);
      g.beginPath();
      g.moveTo(item.x0, item.y0);
      g.lineTo(item.x1, item.y1);
      g.stroke();
      g.setLineDash([]);
    } else if (item.fill) {
      g.fillStyle = item.fill;
      g.globalCompositeOperation = 'multiply';
      g.fillRect(item.x, item.y, item.w, item.h);
      g.globalCompositeOperation = 'source-over';
    } else {
      g.strokeStyle = '#111';
      g.lineWidth = item.width;
      g.strokeRect(item.x, item.y, item.w, item.h);
    }
  }
  if (marks.stamp) drawStamp(g, marks.stamp);
  if (marks.stroke) {
    g.strokeStyle = marks.stroke.ink;
    g.lineWidth = marks.stroke.width;
    g.lineCap = 'round';
    g.beginPath();
    marks.stroke.points.forEach(([x, y], i) => (i ? g.lineTo(x, y) : g.moveTo(x, y)));
    g.stroke();
  }
  if (scan.noise) {
    // Dust and toner specks.
    g.fillStyle = '#000';
    for (let n = rng.int(40, 400); n > 0; n--) {
      g.globalAlpha = 0.3 + rng.float() * 0.7;
      g.beginPath();
      g.arc(rng.float() * size.width, rng.float() * size.height, 0.15 + rng.float() * 0.35, 0, 2 * Math.PI);
      g.fill();
    }
    g.globalAlpha = 1;
  }
  // putImageData follows the transform in @napi-rs/canvas (not in browsers).
  g.resetTransform();
  const { canvas: out, place } = degrade(canvas, scan, rng);
  return { canvas: out, place: ([x, y]) => place(skewed([x * k, y * k])) };
}

/** A smooth random field over the image, 0–255, `cell` pixels between its random values (Skia interpolates). */
function field(rng: Rng, width: number, height: number, cell: number): Uint8ClampedArray {
  const cols = Math.ceil(width / cell) + 1;
  const rows = Math.ceil(height / cell) + 1;
  const small = createCanvas(cols, rows);
  const values = small.getContext('2d').createImageData(cols, rows);
  for (let p = 0; p < values.data.length; p += 4) values.data.fill(rng.int(0, 255), p, p + 3).fill(255, p + 3, p + 4);
  small.getContext('2d').putImageData(values, 0, 0);
  const big = createCanvas(width, height).getContext('2d');
  big.drawImage(small, 0, 0, cols * cell, rows * cell);
  return big.getImageData(0, 0, width, height).data;
}

/** Uneven ink (light and dark regions, broken strokes), the optics' blur, the sensor's noise, grey; `place` from the pixels given to the result's. */
function degrade(canvas: Canvas, scan: Scan, rng: Rng): Scanned {
  const { width: w, height: h } = canvas;
  if (scan.uneven) {
    const g = canvas.getContext('2d');
    const image = g.getImageData(0, 0, w, h);
    const d = image.data;
    const regions = field(rng, w, h, w / 5);
    // Breaks in strokes about a quarter of a millimetre long.
    const breaks = field(rng, w, h, Math.max(2, scan.dpi / 100));
    const threshold = 25 + rng.int(0, 30);
    const [r, gr, b] = scan.paper;
    for (let p = 0; p < d.length; p += 4) {
      const f = (0.5 + regions[p]! / 320) * (breaks[p]! < threshold ? 0.35 : 1);
      d[p] = r - (r - d[p]!) * f;
      d[p + 1] = gr - (gr - d[p + 1]!) * f;
      d[p + 2] = b - (b - d[p + 2]!) * f;
    }
    g.putImageData(image, 0, 0);
  }
  let out = canvas;
  let place = (p: Point) => p;
  if (scan.blur) {
    out = createCanvas(w, h);
    const o = out.getContext('2d');
    o.fillStyle = `rgb(${scan.paper.join(',')})`;
    o.fillRect(0, 0, w, h);
    o.filter = `blur(${scan.blur}px)`;
    o.drawImage(canvas, 0, 0);
  }
  if (scan.photoDpi) ({ canvas: out, place } = photograph(out, scan, rng));
  if (!scan.noise && !scan.gray) return { canvas: out, place };
  const oc = out.getContext('2d');
  const final = oc.getImageData(0, 0, out.width, out.height);
  const f = final.data;
  // Gaussian noise from a table, drawn by a xorshift inline: millions of pixels.
  const noise = Float32Array.from({ length: 1 << 16 }, () => (rng.float() + rng.float() + rng.float() + rng.float() - 2) * scan.noise * 1.73);
  let state = rng.int(1, 0x7fffffff);
  const gray = scan.gray;
  for (let p = 0; p < f.length; p += 4) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    const n = noise[state & 0xffff]!;
    if (gray) f[p] = f[p + 1] = f[p + 2] = 0.299 * f[p]! + 0.587 * f[p + 1]! + 0.114 * f[p + 2]! + n;
    else {
      f[p] = f[p]! + n;
      f[p + 1] = f[p + 1]! + n;
      f[p + 2] = f[p + 2]! + n;
    }
  }
  oc.putImageData(final, 0, 0);
  return { canvas: out, place };
}

/** A phone's photo of the page: fewer pixels, a slight turn, light falling off towards a corner. */
function photograph(canvas: Canvas, scan: Scan, rng: Rng): Scanned {
  const k = scan.photoDpi! / scan.dpi;
  const w = Math.round(canvas.width * k);
  const h = Math.round(canvas.height * k);
  const out = createCanvas(w, h);
  const g = out.getContext('2d');
  g.fillStyle = '#5a5048';
  g.fillRect(0, 0, w, h);
  g.imageSmoothingQuality = 'high';
  const angle = (rng.float() - 0.5) * 0.03;
  g.translate(w / 2, h / 2);
  g.rotate(angle);
  g.translate(-w / 2, -h / 2);
  g.drawImage(canvas, 0, 0, w, h);
  g.setTransform(1, 0, 0, 1, 0, 0);
  const light = g.createRadialGradient(w * rng.float(), h * rng.float(), 0, w / 2, h / 2, Math.hypot(w, h) * 0.8);
  light.addColorStop(0, 'rgb(255,255,255)');
  light.addColorStop(1, `rgb(${150 + rng.int(0, 60)},${145 + rng.int(0, 60)},${140 + rng.int(0, 60)})`);
  g.globalCompositeOperation = 'multiply';
  g.fillStyle = light;
  g.fillRect(0, 0, w, h);
  const photo = turned(angle, w / 2, h / 2);
  return { canvas: out, place: ([x, y]) => photo([(x * w) / canvas.width, (y * h) / canvas.height]) };
}

/** JPEG quality in buckets for tags: 35–49, 50–64, 65–79, 80–95. */
const qualityBucket = (q: number) => `scan:jpeg-q${q < 50 ? 35 : q < 65 ? 50 : q < 80 ? 65 : 80}`;

function encode(canvas: Canvas, scan: Scan): Uint8Array {
  if (scan.jpeg) return canvas.encodeSync('jpeg', scan.jpeg);
  return encodePng(canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height));
}

/** An image-only PDF: each page its scan, drawn over the whole page (no text layer). */
function imagePdf(images: readonly Uint8Array[], size: { width: number; height: number }): Uint8Array {
  const doc = new mupdf.PDFDocument();
  for (const bytes of images) {
    const resources = { XObject: { Im0: doc.addImage(new mupdf.Image(bytes)) } };
    doc.insertPage(-1, doc.addPage([0, 0, size.width, size.height], 0, resources, `q ${size.width} 0 0 ${size.height} 0 0 cm /Im0 Do Q`));
  }
  return doc.saveToBuffer('compress').asUint8Array().slice();
}

// ---------------------------------------------------------------------------------------------

const DPIS = { 120: 8, 150: 30, 200: 32, 240: 10, 300: 20 };
const EXTENSION: Record<ScanFormat, string> = { png: 'png', jpeg: 'jpg', 'pdf-image': 'pdf' };

function chooseLook(rng: Rng, kind: DocumentKind, measure: Measure): Look {
  const { families } = fonts();
  const family = rng.weighted(Object.fromEntries(families.map((f) => [f.name, FONT_WEIGHTS[f.name] ?? 1])));
  const hand = families.find((f) => f.name === HANDWRITING);
  const ink = rng.int(0, 60);
  const base: Style = { family, size: 1, ink: `rgb(${ink},${ink},${ink})` };
  // Sized by its digits, 5.2–7.8 pt tall (TH Sarabun at 16 pt has 7.5 pt digits).
  const size = (style: Style, digit: number) => digit / measure.metrics(style).digit;
  const body = { ...base, size: size(base, 5.2 + rng.float() * 2.6) };
  const pen: Style | undefined = hand && { family: hand.name, size: 1, ink: rng.pick(['rgb(25,45,160)', 'rgb(30,30,40)']), hand: true };
  const filled = kind === 'request-form' && rng.chance(0.5);
  return {
    family: families.find((f) => f.name === family)!,
    body,
    ...(pen && filled && { hand: { ...pen, size: size(pen, 6 + rng.float() * 2.5) }, handFamily: hand }),
    boxGroups: rng.chance(0.6),
    ruled: rng.chance(0.7),
    repeatHeader: rng.chance(0.5),
    leading: 1 + rng.float() * 0.25,
    indent: rng.pick([0, body.size * 3, body.size * 5]),
    landscape: rng.chance(['allowance', 'relief', 'scholarship', 'report'].includes(kind) ? 0.2 : 0.05),
    margin: 45 + rng.float() * 30,
  };
}

function chooseScan(rng: Rng, format: ScanFormat, dpi?: number): Scan {
  const photo = !dpi && format !== 'png' && rng.chance(0.12);
  const tint = rng.chance(0.3) ? rng.int(205, 240) : 255;
  return {
    dpi: dpi ?? Number(rng.weighted(DPIS)),
    skew: rng.chance(0.5) ? (rng.float() - 0.5) * 6 : 0,
    paper: [tint, tint, Math.max(0, tint - rng.int(0, 12))],
    lid: rng.chance(0.7) ? '#fafafa' : '#303030',
    blur: rng.chance(0.35) ? 0.4 + rng.float() * 0.8 : 0,
    noise: rng.chance(0.4) ? 3 + rng.float() * 12 : 0,
    uneven: rng.chance(0.3),
    gray: rng.chance(0.6),
    ...((format === 'jpeg' || (format === 'pdf-image' && rng.chance(0.75)) || photo) && { jpeg: photo ? rng.int(45, 80) : rng.int(35, 95) }),
    ...(photo && { photoDpi: rng.pick([100, 110, 120]) }),
  };
}

function scanTags(format: ScanFormat, kind: DocumentKind, look: Look, scan: Scan): string[] {
  return [
    `format:${format}`,
    `doc:${kind}`,
    `dpi:${scan.photoDpi ?? scan.dpi}`,
    scan.gray ? 'color:gray' : 'color:rgb',
    ...(look.landscape ? ['orientation:landscape'] : []),
    ...(scan.skew ? ['scan:skew'] : []),
    ...(scan.blur ? ['scan:blur'] : []),
    ...(scan.noise ? ['scan:noise'] : []),
    ...(scan.uneven ? ['scan:uneven-ink'] : []),
    ...(scan.paper[0] < 255 ? ['scan:tint'] : []),
    ...(scan.jpeg ? [qualityBucket(scan.jpeg)] : []),
    ...(scan.photoDpi ? ['photo:low-res'] : []),
  ];
}

/** Where a labelled finding is drawn, in pixels of its page's image (x right, y down). */
export interface Region {
  /** Its label: an index into labels.findings. */
  finding: number;
  /** From 1. */
  page: number;
  /** The corners of its characters' box on one line (in a form's boxes: of one box's inside), turned as the page was on the scanner. */
  corners: Point[];
  /** Around the corners. */
  box: Box;
  /** The characters drawn there, as written (in a form's box: its one character). */
  text: string;
}

export interface ScannedDocument extends GeneratedDocument {
  /** Pages in the file (PNG and JPEG: one, the first page of the document). */
  pages: number;
  /** The page images' resolution: pixels per inch of the A4 page (the scanner's, or a phone photo's). */
  dpi: number;
  /** Every labelled finding drawn, on each line and page it is drawn on. */
  regions: Region[];
}

/** Choices made instead of drawn from the seed (the other choices still are). */
export interface ScanOptions {
  kind?: DocumentKind;
  /** The scanner's resolution; no phone photo. */
  dpi?: number;
  /** Pages of an image-only PDF: documents of the kind one after another (a bundle of announcements), cut to this many. */
  pages?: number;
}

export function generateScan(seed: number, format: ScanFormat, options: ScanOptions = {}): ScannedDocument {
  if (scanUnavailable) throw new Error(`cannot generate scanned documents: ${scanUnavailable}`);
  if (options.pages && format !== 'pdf-image') throw new Error(`a ${format} holds one page`);
  // One stream per (seed, format), apart from the text formats' streams.
  const rng = new Rng((seed * 7919 + (FORMATS.length + SCAN_FORMATS.indexOf(format)) * 104_729) >>> 0);
  const measure = new Measure();
  // Forms filled in by hand are what agencies most often scan: four times the other kinds.
  const kind = options.kind ?? rng.weighted<DocumentKind>({ ...(Object.fromEntries(KINDS.map((k) => [k, 1])) as Record<DocumentKind, number>), 'request-form': 4 });
  const look = chooseLook(rng, kind, measure);
  const scan = chooseScan(rng, format, options.dpi);
  const ctx = new Ctx(rng, format, drawable([look.family, ...(look.handFamily ? [look.handFamily] : [])]), []);

  const size = look.landscape ? { width: A4.height, height: A4.width } : A4;
  const layout: Layout = {
    look,
    measure,
    rng,
    tags: new Map(),
    page: size,
    width: size.width - 2 * look.margin,
    // Identifiers are what a form's filler writes in.
    styleOf: (piece) => (look.hand && piece?.finding ? look.hand : look.body),
  };
  const laid: Unit[] = [];
  let all: Page[];
  do {
    const known = ctx.pieces().length;
    const blocks = ctx.within(scanTags(format, kind, look, scan), () => documentBlocks(ctx, kind));
    laid.push(...units(layout, blocks, ctx.pieces().slice(known)));
    all = paginate(layout, laid);
  } while (all.length < (options.pages ?? 1));
  const pages = format === 'pdf-image' ? all.slice(0, options.pages) : all.slice(0, 1);

  const marked = pages.map((page, i) => ({
    ...(i === 0 && rng.chance(0.3) && { stamp: stamp(layout, page) }),
    ...(rng.chance(0.15) && { stroke: penStroke(layout, page) }),
  }));
  const scans = pages.map((page, i) => {
    const { canvas, place } = paint(page, size, scan, marked[i]!, rng);
    return { image: encode(canvas, scan), place };
  });
  const bytes =
    format === 'pdf-image'
      ? imagePdf(
          scans.map((s) => s.image),
          size,
        )
      : scans[0]!.image;

  // A page shows the pieces drawn on it: only those are labelled.
  const shownPieces = new Map<Piece, string[]>();
  for (const { piece } of pages.flatMap((p) => p.rects)) shownPieces.set(piece, layout.tags.get(piece) ?? []);
  const labels = ctx.labels(shownPieces);
  const labelOf = new Map(labels.findings.map((f, i) => [findingKey(f), i]));
  const regions = pages.flatMap((page, i) =>
    page.rects.flatMap(({ piece, ink }) =>
      piece.finding
        ? ink.map((rect): Region => {
            const corners = cornersOf(rect).map(scans[i]!.place);
            const { x, y, w, h } = boundsOf(corners);
            return { finding: labelOf.get(findingKey(piece.finding!))!, page: i + 1, corners, box: { x0: x, y0: y, x1: x + w, y1: y + h }, text: rect.text };
          })
        : [],
    ),
  );
  return { name: `gen-scan-${seed}-${kind}.${EXTENSION[format]}`, format, bytes, labels, pages: pages.length, dpi: scan.photoDpi ?? scan.dpi, regions };
}

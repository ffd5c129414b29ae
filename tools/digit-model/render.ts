// Renders sample lines as a scanner would deliver them: a Thai font at scan resolution (the
// handwriting-style Purisa drawn with an unsteady hand), the borders of table cells and ID boxes
// around the digits, bits of the rows above and below, a pen stroke or a stamp's edge across them,
// then tilt, blur, uneven ink, noise and JPEG artefacts, and small lines enlarged smoothly at
// times. The model must learn to read the digits and ignore the rest.
import { type Canvas, type SKRSContext2D, GlobalFonts, createCanvas } from '@napi-rs/canvas';
import { existsSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { decodeImage } from '../../shared/extract/images.ts';
import { DEFAULT_LIMITS } from '../../shared/extract/index.ts';
import { encodeCanvas } from '../../shared/ocr/page.ts';
import type { Random } from '../random.ts';
import { THAI_LETTER, groundTruth, pick, pickWeighted, sampleLine, sampleThaiLine } from './samples.ts';

export interface Rendered {
  canvas: Canvas;
  width: number;
  height: number;
}

// Thai text that may stick into a crop from the row above or below (tall vowels, tone marks).
const NEIGHBOUR_TEXT = ['นางสาวสมศรี ใจดี', 'ที่ ผู้สูงอายุ', 'เลขประจำตัวประชาชน', 'ปี พ.ศ. ๒๕๖๗', 'บ้านเลขที่', 'สิ้น ทั้ง ปู่ ญี่'];

const range = (random: Random, low: number, high: number): number => low + random() * (high - low);

/** Where Debian puts the Thai fonts (fonts-thai-tlwg, fonts-noto-core, fonts-sipa-arundina). */
const THAI_FONT_DIRS = ['/usr/share/fonts/truetype/tlwg', '/usr/share/fonts/truetype/noto', '/usr/share/fonts/truetype/arundina'];
/**
 * Fonts for the characters a Thai font lacks (○ □ ■ ✕ ●, most of them), as a word processor
 * substitutes one; the first draws them all.
 */
const SYMBOL_FONT_FILES = [
  '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
  '/usr/share/fonts/truetype/dejavu/DejaVuSerif.ttf',
  '/usr/share/fonts/truetype/dejavu/DejaVuSansMono.ttf',
  '/usr/share/fonts/truetype/noto/NotoSansSymbols2-Regular.ttf',
];
/** The share of lines that are Thai words with or without a number (sampleThaiLine), when words are given. */
const THAI_LINE_SHARE = 0.25;
/** Handwriting-style font families: scans of them are misread most, so they are drawn more often. */
const HANDWRITING = /^Purisa/;

/** A Thai font: its families in the order they are tried (Noto's Thai fonts have no Latin digits: their Latin companion draws them). */
export interface Face {
  /** The family the file belongs to (`Purisa` for Purisa-BoldOblique.ttf): fonts are picked by it. */
  family: string;
  families: string[];
}

export interface Fonts {
  faces: Face[];
  symbols: string[];
}

const registered = new Map<string, string>();
/** Registers a font file under a family name of its own. */
function register(path: string): string {
  let family = registered.get(path);
  if (family === undefined) {
    family = `leakscan-${basename(path).replace(/\.[ot]tf$/, '')}`;
    GlobalFonts.registerFromPath(path, family);
    registered.set(path, family);
  }
  return family;
}

/** The fonts on this machine that draw Thai digits, in a fixed order (rendering is deterministic for a seed). */
export function discoverFonts(): Fonts {
  const faces: Face[] = [];
  for (const dir of THAI_FONT_DIRS.filter((d) => existsSync(d))) {
    for (const file of readdirSync(dir)
      .filter((f) => /\.[ot]tf$/.test(f))
      .sort()) {
      const thai = register(join(dir, file));
      if (!hasGlyph(thai, '\u0E55')) continue;
      const families = [thai];
      const latin = join(dir, file.replace('LoopedThai', 'Sans').replace('Thai', ''));
      if (!hasGlyph(thai, '5') && existsSync(latin)) families.push(register(latin));
      faces.push({ family: file.replace(/[-.].*$/, ''), families });
    }
  }
  if (faces.length === 0) throw new Error(`no Thai fonts in ${THAI_FONT_DIRS.join(', ')} (apt-get install fonts-thai-tlwg)`);
  return { faces, symbols: SYMBOL_FONT_FILES.filter((f) => existsSync(f)).map(register) };
}

/** A font family at random (handwriting ones more often), then one of its styles. */
function pickFace(random: Random, faces: readonly Face[]): Face {
  const weights = Object.fromEntries(faces.map((f) => [f.family, HANDWRITING.test(f.family) ? 3 : 1]));
  const family = pickWeighted(random, weights);
  return pick(
    random,
    faces.filter((f) => f.family === family),
  );
}

const glyphCache = new Map<string, boolean>();

/** Whether the font draws the character itself rather than a missing-glyph box. */
function hasGlyph(font: string, char: string): boolean {
  const key = `${font}\u0000${char}`;
  let known = glyphCache.get(key);
  if (known === undefined) {
    const draw = (c: string) => {
      const canvas = createCanvas(48, 48);
      const ctx = canvas.getContext('2d');
      ctx.font = `32px "${font}"`;
      ctx.fillText(c, 4, 36);
      return Buffer.from(ctx.getImageData(0, 0, 48, 48).data);
    };
    known = !draw(char).equals(draw('\uE000'));
    glyphCache.set(key, known);
  }
  return known;
}

/** The fonts of a line: its Thai face, the symbol font it takes masks from, and their sizes. */
interface LineFont {
  face: Face;
  symbols: string[];
  size: number;
  /** Symbols are drawn smaller: Thai fonts' digits are short for their size. */
  symbolScale: number;
  /** And as heavy as the text, by an outline of this width: the symbol fonts' ○ and □ are thin. */
  symbolWeight: number;
}

/** The CSS font that draws the character (the face's, else the first symbol font that has it), and the outline it gets. */
function fontFor({ face, symbols, size, symbolScale, symbolWeight }: LineFont, char: string): { css: string; weight: number } {
  const family = face.families.find((f) => hasGlyph(f, char));
  if (family !== undefined) return { css: `${size}px "${family}"`, weight: 0 };
  return { css: `${Math.round(size * symbolScale)}px "${symbols.find((f) => hasGlyph(f, char)) ?? symbols.at(-1)}"`, weight: symbolWeight };
}

/** How the characters of a line are laid out. */
interface Layout {
  /** Digits and masks one per box (as on forms), of this width; separators between boxes. */
  cell?: number;
  /** Extra space after each character not boxed. */
  spacing: number;
  /** How unsteady the hand is: 0 for type, up to 1 for handwriting. */
  jitter: number;
}

/** Gaps of these widths, in ems; other spaces are as wide as the font's space. */
const SPACE_EMS: Readonly<Record<string, number>> = { '\u2009': 0.2, '\u2002': 0.5, '\u2003': 1, '\u3000': 1 };
/** Characters drawn between boxes, not in one. */
const UNBOXED = /[-\u2010-\u2014.\u00B7/:,()+]/u;

interface Glyph {
  /** What is drawn: a full-width form is its ASCII twin centred in an em. */
  drawn: string;
  font: string;
  /** The width of its outline, 0 for none. */
  weight: number;
  x: number;
  dy: number;
  angle: number;
  scale: number;
  /** The box around it, from x, this wide. */
  box?: { x: number; width: number };
}

/** Where each character of the text goes, from 0; and where the line ends. */
function placeGlyphs(random: Random, text: string, font: LineFont, layout: Layout): { glyphs: Glyph[]; width: number } {
  const ctx = createCanvas(10, 10).getContext('2d');
  const glyphs: Glyph[] = [];
  let x = 0;
  // A character with the vowels and tone marks on it is drawn as one: the font places the marks.
  for (const { segment: char } of new Intl.Segmenter('th', { granularity: 'grapheme' }).segment(text)) {
    if (/\s/u.test(char)) {
      ctx.font = fontFor(font, ' ').css;
      x += SPACE_EMS[char] !== undefined ? SPACE_EMS[char] * font.size : ctx.measureText(' ').width + layout.spacing;
      continue;
    }
    const code = char.charCodeAt(0);
    const fullwidth = code >= 0xff01 && code <= 0xff5e;
    const drawn = fullwidth ? String.fromCharCode(code - 0xfee0) : char;
    const { css, weight } = fontFor(font, drawn);
    ctx.font = css;
    const width = ctx.measureText(drawn).width;
    // Thai words are written beside boxes, not in them.
    const boxed = layout.cell !== undefined && !UNBOXED.test(char) && !THAI_LETTER.test(char);
    const advance = boxed ? Math.max(layout.cell!, width * 1.1) : fullwidth ? Math.max(width, font.size) + layout.spacing : width + layout.spacing;
    const shake = (amount: number) => (random() - 0.5) * 2 * amount * layout.jitter;
    // Centred in its box, or a full-width form in its em.
    const room = boxed ? advance : advance - layout.spacing;
    glyphs.push({
      drawn,
      font: css,
      weight,
      x: x + (boxed || fullwidth ? (room - width) / 2 : 0) + shake(font.size * 0.04),
      dy: shake(font.size * 0.08),
      angle: shake(0.1),
      scale: 1 + shake(0.08),
      box: boxed ? { x, width: advance } : undefined,
    });
    x += advance;
  }
  return { glyphs, width: x };
}

/** Draws the glyphs from x0 on the baseline, with their boxes. */
function drawGlyphs(ctx: SKRSContext2D, glyphs: readonly Glyph[], x0: number, baseline: number, size: number): void {
  for (const g of glyphs) {
    ctx.save();
    ctx.translate(x0 + g.x, baseline + g.dy);
    ctx.rotate(g.angle);
    ctx.scale(g.scale, g.scale);
    ctx.font = g.font;
    ctx.fillText(g.drawn, 0, 0);
    if (g.weight > 0) {
      ctx.lineWidth = g.weight;
      ctx.strokeText(g.drawn, 0, 0);
    }
    ctx.restore();
    if (g.box) ctx.strokeRect(x0 + g.box.x, baseline - size * 0.9, g.box.width, size * 1.08);
  }
}

/**
 * A line cut out as the page engine's word boxes cut numbers out of a page: tight around the ink,
 * with a small margin in which table rules and neighbouring rows may show.
 */
export function renderLine(random: Random, text: string, fonts: Fonts): Rendered {
  // Log-uniform: as many small sizes (150 dpi scans, digits 8–10 px tall) as large ones.
  const size = Math.round(Math.exp(range(random, Math.log(13), Math.log(52))));
  const face = pickFace(random, fonts.faces);
  const font: LineFont = { face, symbols: [pick(random, fonts.symbols), ...fonts.symbols], size, symbolScale: range(random, 0.55, 0.85), symbolWeight: size * range(random, 0, 0.05) };
  // Boxes on forms are drawn for handwriting: never small.
  const boxed = random() < 0.2 && size >= 16;
  const layout: Layout = {
    cell: boxed ? size * range(random, 0.7, 1.0) : undefined,
    spacing: boxed ? size * range(random, 0.1, 0.3) : size * range(random, -0.02, 0.08),
    jitter: random() < (HANDWRITING.test(face.family) ? 0.7 : 0.1) ? range(random, 0.3, 1) : 0,
  };
  const { glyphs, width: textWidth } = placeGlyphs(random, text, font, layout);
  const width = Math.ceil(textWidth + 2 * size);
  const height = Math.ceil(size * 3);
  const canvas = createCanvas(width, height);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = '#fff';
  ctx.fillRect(0, 0, width, height);
  const ink = Math.round(range(random, 0, 50));
  ctx.fillStyle = ctx.strokeStyle = `rgb(${ink},${ink},${ink})`;
  ctx.lineWidth = Math.max(1, size * range(random, 0.04, 0.08));
  // Pages are straightened before they are read: what is left is a slight tilt.
  ctx.translate(width / 2, height / 2);
  ctx.rotate((range(random, -0.5, 0.5) * Math.PI) / 180);
  ctx.translate(-width / 2, -height / 2);
  const baseline = size * 1.9;
  drawGlyphs(ctx, glyphs, size, baseline, size);
  // A line whose characters all drew nothing (spaces only) is cut out whole.
  const drawn = inkBox(ctx, width, height);
  const box = drawn.x1 > drawn.x0 && drawn.y1 > drawn.y0 ? drawn : { x0: 0, y0: 0, x1: width, y1: height };
  decorate(ctx, random, box, { size, baseline, font: face.families[0]! });
  const inkHeight = box.y1 - box.y0;
  const x0 = Math.max(0, Math.round(box.x0 - inkHeight * range(random, 0.05, 0.5)));
  const x1 = Math.min(width, Math.round(box.x1 + inkHeight * range(random, 0.05, 0.5)));
  const y0 = Math.max(0, Math.round(box.y0 - inkHeight * range(random, 0.05, 0.35)));
  const y1 = Math.min(height, Math.round(box.y1 + inkHeight * range(random, 0.05, 0.35)));
  const crop = createCanvas(x1 - x0, y1 - y0);
  crop.getContext('2d').drawImage(canvas, x0, y0, x1 - x0, y1 - y0, 0, 0, x1 - x0, y1 - y0);
  return { canvas: crop, width: x1 - x0, height: y1 - y0 };
}

/** The bounding box of the ink drawn so far. */
function inkBox(ctx: SKRSContext2D, width: number, height: number) {
  const data = ctx.getImageData(0, 0, width, height).data;
  const box = { x0: width, y0: height, x1: 0, y1: 0 };
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (data[(y * width + x) * 4]! >= 128) continue;
      box.x0 = Math.min(box.x0, x);
      box.x1 = Math.max(box.x1, x + 1);
      box.y0 = Math.min(box.y0, y);
      box.y1 = Math.max(box.y1, y + 1);
    }
  }
  return box;
}

type InkBox = ReturnType<typeof inkBox>;

/** Table rules, dotted form lines and parts of neighbouring rows, around the ink of the number. */
function decorate(ctx: SKRSContext2D, random: Random, box: InkBox, { size, baseline, font }: { size: number; baseline: number; font: string }): void {
  ctx.lineWidth = Math.max(1, Math.round(size * range(random, 0.03, 0.08)));
  const rule = (x0: number, y0: number, x1: number, y1: number) => {
    ctx.beginPath();
    ctx.moveTo(x0, y0);
    ctx.lineTo(x1, y1);
    ctx.stroke();
  };
  const h = box.y1 - box.y0;
  const near = () => h * range(random, 0.05, 0.4);
  if (random() < 0.25) rule(box.x0 - near(), box.y0 - h, box.x0 - near(), box.y1 + h);
  if (random() < 0.25) rule(box.x1 + near(), box.y0 - h, box.x1 + near(), box.y1 + h);
  if (random() < 0.2) rule(box.x0 - h, box.y0 - near(), box.x1 + h, box.y0 - near());
  if (random() < 0.2) rule(box.x0 - h, box.y1 + near(), box.x1 + h, box.y1 + near());
  if (random() < 0.12) {
    ctx.setLineDash([1, Math.round(range(random, 2, 5))]);
    rule(box.x0 - h, baseline + size * 0.15, box.x1 + h, baseline + size * 0.15);
    ctx.setLineDash([]);
  }
  if (random() < 0.25) {
    // A neighbouring row, cut by the crop: only its lowest or highest marks show.
    ctx.font = `${size}px "${font}"`;
    const above = random() < 0.5;
    ctx.fillText(pick(random, NEIGHBOUR_TEXT), range(random, box.x0 - h, (box.x0 + box.x1) / 2), above ? baseline - size * range(random, 1.0, 1.3) : baseline + size * range(random, 0.9, 1.2));
  }
  if (random() < 0.08) {
    // A pen stroke across the number: a signature, a line struck through, a form's line.
    ctx.lineWidth = Math.max(1, size * range(random, 0.03, 0.1));
    const [y0, y1] = [range(random, box.y0, box.y1), range(random, box.y0, box.y1)];
    rule(range(random, box.x0 - h, box.x1), y0, range(random, box.x0, box.x1 + h), y1);
  }
  if (random() < 0.08) {
    // The edge of a stamp: an arc of a large ring in lighter ink (red or blue on the page).
    const shade = Math.round(range(random, 60, 170));
    ctx.save();
    ctx.strokeStyle = `rgb(${shade},${shade},${shade})`;
    ctx.lineWidth = Math.max(1, size * range(random, 0.05, 0.15));
    const radius = h * range(random, 1.5, 5);
    const reach = h * range(random, 0.2, 0.9);
    const cy = random() < 0.5 ? box.y0 + reach - radius : box.y1 - reach + radius;
    ctx.beginPath();
    ctx.arc(range(random, box.x0, box.x1), cy, radius, 0, 2 * Math.PI);
    ctx.stroke();
    ctx.restore();
  }
}

/** Blur, uneven ink, noise and specks, in place on the canvas, then JPEG round trips at times. */
export async function degrade(random: Random, { canvas, width, height }: Rendered): Promise<Rendered> {
  const ctx = canvas.getContext('2d');
  const image = ctx.getImageData(0, 0, width, height);
  const gray = new Float32Array(width * height);
  for (let i = 0; i < gray.length; i++) gray[i] = image.data[i * 4]!;
  let current: Float32Array = gray;
  // Less on small lines, whose strokes two passes wash out.
  const passes = Math.min(height < 24 ? 1 : 2, pick(random, [0, 0, 1, 1, 2]));
  for (let p = 0; p < passes; p++) current = boxBlur(current, width, height);
  // Stroke weight: a contrast curve moves the edge of every stroke in or out.
  const low = range(random, 0, 90);
  const high = range(random, 160, 255);
  const noise = range(random, 0, 28);
  const specks = random() < 0.3 ? range(random, 0, 0.004) : 0;
  // Uneven ink (a worn ribbon, a dry pen, a faded band of the scan): lighter in waves along the
  // line, black at most half way to white, so that every stroke still shows.
  const fade = random() < 0.3 ? { depth: range(random, 0.2, 0.5), period: width * range(random, 0.3, 1.5), phase: range(random, 0, 2 * Math.PI), slant: range(random, -1, 1) } : undefined;
  for (let i = 0; i < current.length; i++) {
    let v = ((current[i]! - low) / (high - low)) * 255;
    if (fade) {
      const [x, y] = [i % width, Math.floor(i / width)];
      v = 255 - (255 - Math.max(0, v)) * (1 - fade.depth * (0.5 + 0.5 * Math.sin((2 * Math.PI * (x + fade.slant * y)) / fade.period + fade.phase)));
    }
    v += gaussian(random) * noise;
    if (random() < specks) v = random() < 0.5 ? 0 : 255;
    const clamped = Math.max(0, Math.min(255, v));
    image.data[i * 4] = image.data[i * 4 + 1] = image.data[i * 4 + 2] = clamped;
    image.data[i * 4 + 3] = 255;
  }
  ctx.putImageData(image, 0, 0);
  if (random() < 0.4) {
    // Decoded as the reader decodes scans (jpeg-js): Skia's own decoder rejects some of its JPEGs.
    const jpeg = await encodeCanvas(canvas, 'jpeg', Math.round(range(random, 35, 90)));
    const decoded = await decodeImage(jpeg, DEFAULT_LIMITS);
    const round = ctx.createImageData(width, height);
    round.data.set(decoded.data);
    ctx.putImageData(round, 0, 0);
  }
  return { canvas, width, height };
}

/** Ink height below which a line is small (a 150 dpi scan's digits are 10 px tall). */
const ENLARGED_INK_PIXELS = 30;

/**
 * Half the small lines enlarged smoothly before they are scaled to the model's height, as a
 * scanned PDF page rendered above its scan's resolution is: the model sees small digits both
 * blocky and smooth.
 */
function enlargeSmall(random: Random, rendered: Rendered): Rendered {
  const { canvas, width, height } = rendered;
  const ink = inkBox(canvas.getContext('2d'), width, height);
  const inkHeight = ink.y1 - ink.y0;
  if (inkHeight <= 0 || inkHeight >= ENLARGED_INK_PIXELS || random() < 0.5) return rendered;
  const scale = ENLARGED_INK_PIXELS / inkHeight;
  const large = createCanvas(Math.round(width * scale), Math.round(height * scale));
  const ctx = large.getContext('2d');
  ctx.imageSmoothingQuality = 'high';
  ctx.drawImage(canvas, 0, 0, width, height, 0, 0, large.width, large.height);
  return { canvas: large, width: large.width, height: large.height };
}

/** A sample line, rendered and degraded as a scan of it would be, and what the model should read. */
export async function renderSample(random: Random, fonts: Fonts, words: readonly string[] = []): Promise<{ text: string; image: Rendered }> {
  const sample = words.length > 0 && random() < THAI_LINE_SHARE ? sampleThaiLine(random, words) : sampleLine(random);
  const image = enlargeSmall(random, await degrade(random, renderLine(random, sample, fonts)));
  return { text: groundTruth(sample), image };
}

function boxBlur(src: Float32Array, width: number, height: number): Float32Array {
  const out = new Float32Array(src.length);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      let sum = 0;
      let n = 0;
      for (let dy = -1; dy <= 1; dy++) {
        const yy = y + dy;
        if (yy < 0 || yy >= height) continue;
        for (let dx = -1; dx <= 1; dx++) {
          const xx = x + dx;
          if (xx < 0 || xx >= width) continue;
          // A lighter 3×3 kernel: the centre counts four times.
          const w = dx === 0 && dy === 0 ? 4 : 1;
          sum += src[yy * width + xx]! * w;
          n += w;
        }
      }
      out[y * width + x] = sum / n;
    }
  }
  return out;
}

function gaussian(random: Random): number {
  return Math.sqrt(-2 * Math.log(random() || 1e-9)) * Math.cos(2 * Math.PI * random());
}

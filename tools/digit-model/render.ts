// Renders sample lines as a scanner would deliver them: a Thai font at scan resolution, the
// borders of table cells and ID boxes around the digits, bits of the rows above and below, then
// tilt, blur, uneven ink, noise and JPEG artefacts. The model must learn to read the digits and
// ignore the rest.
import { type Canvas, type SKRSContext2D, createCanvas, loadImage } from '@napi-rs/canvas';
import type { Random } from '../random.ts';
import { pick } from './samples.ts';

export interface Rendered {
  canvas: Canvas;
  width: number;
  height: number;
}

// Thai text that may stick into a crop from the row above or below (tall vowels, tone marks).
const NEIGHBOUR_TEXT = ['นางสาวสมศรี ใจดี', 'ที่ ผู้สูงอายุ', 'เลขประจำตัวประชาชน', 'ปี พ.ศ. ๒๕๖๗', 'บ้านเลขที่', 'สิ้น ทั้ง ปู่ ญี่'];

const range = (random: Random, low: number, high: number): number => low + random() * (high - low);

/** How the characters of a line are laid out: boxed (one box per character, as on forms) or not. */
interface Layout {
  boxed: boolean;
  spacing: number;
}

/** A font for the characters the line's own font lacks (the Typist and Mono fonts have no ●). */
export const FALLBACK_FONT = 'DejaVu Sans';
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

// The fallback's bullets are drawn a little smaller: Thai fonts' digits are short for their size.
const fontFor = (font: string, char: string, size: number): string => (hasGlyph(font, char) ? `${size}px "${font}"` : `${Math.round(size * 0.65)}px "${FALLBACK_FONT}"`);

/** Draws the text character by character, so that each can get its box. Returns where it ends. */
function drawText(ctx: SKRSContext2D, text: string, font: string, { boxed, spacing }: Layout, x0: number, baseline: number, size: number): number {
  const ascent = size * 0.78;
  let x = x0;
  for (const char of text) {
    ctx.font = fontFor(font, char, size);
    const width = ctx.measureText(char).width;
    if (char !== ' ') {
      ctx.fillText(char, x, baseline);
      if (boxed) ctx.strokeRect(x - spacing / 2, baseline - ascent - size * 0.12, width + spacing, ascent + size * 0.3);
    }
    x += width + spacing;
  }
  return x;
}

/**
 * A line cut out as the page engine's word boxes cut numbers out of a page: tight around the ink,
 * with a small margin in which table rules and neighbouring rows may show.
 */
export function renderLine(random: Random, text: string, font: string): Rendered {
  // Log-uniform: as many small sizes (150 dpi scans, Thai digits 8–10 px tall) as large ones.
  const size = Math.round(Math.exp(range(random, Math.log(14), Math.log(52))));
  const boxed = random() < 0.15;
  const layout: Layout = { boxed, spacing: boxed ? size * range(random, 0.25, 0.5) : size * range(random, -0.02, 0.08) };
  const measure = createCanvas(10, 10).getContext('2d');
  const textWidth = [...text].reduce((w, ch) => {
    measure.font = fontFor(font, ch, size);
    return w + measure.measureText(ch).width + layout.spacing;
  }, 0);
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
  drawText(ctx, text, font, layout, size, baseline, size);
  // A line whose characters all drew nothing (spaces only) is cut out whole.
  const drawn = inkBox(ctx, width, height);
  const box = drawn.x1 > drawn.x0 && drawn.y1 > drawn.y0 ? drawn : { x0: 0, y0: 0, x1: width, y1: height };
  decorate(ctx, random, box, { size, baseline, font });
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
}

/** Blur, uneven ink, noise and specks, in place on the canvas, then JPEG round trips at times. */
export async function degrade(random: Random, { canvas, width, height }: Rendered): Promise<Rendered> {
  const ctx = canvas.getContext('2d');
  const image = ctx.getImageData(0, 0, width, height);
  const gray = new Float32Array(width * height);
  for (let i = 0; i < gray.length; i++) gray[i] = image.data[i * 4]!;
  let current: Float32Array = gray;
  const passes = pick(random, [0, 0, 1, 1, 2]);
  for (let p = 0; p < passes; p++) current = boxBlur(current, width, height);
  // Stroke weight: a contrast curve moves the edge of every stroke in or out.
  const low = range(random, 0, 90);
  const high = range(random, 160, 255);
  const noise = range(random, 0, 28);
  const specks = random() < 0.3 ? range(random, 0, 0.004) : 0;
  for (let i = 0; i < current.length; i++) {
    let v = ((current[i]! - low) / (high - low)) * 255;
    v += gaussian(random) * noise;
    if (random() < specks) v = random() < 0.5 ? 0 : 255;
    const clamped = Math.max(0, Math.min(255, v));
    image.data[i * 4] = image.data[i * 4 + 1] = image.data[i * 4 + 2] = clamped;
    image.data[i * 4 + 3] = 255;
  }
  ctx.putImageData(image, 0, 0);
  if (random() < 0.4) {
    const jpeg = await canvas.encode('jpeg', Math.round(range(random, 35, 90)));
    const decoded = await loadImage(jpeg);
    ctx.drawImage(decoded, 0, 0);
  }
  return { canvas, width, height };
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

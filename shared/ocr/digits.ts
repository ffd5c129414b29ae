// Re-reads number words of an OCR'd page glyph by glyph (see glyphs.ts), with templates rendered
// from Thai fonts (tools/build-digit-templates.ts).
import { createRequire } from 'node:module';
import { isValidNationalId } from '../detect/national-id.ts';
import { type Box, type Component, type GrayImage, components, glyphFeatures, inkThreshold } from './glyphs.ts';

interface Template {
  label: string;
  char: string;
  features: Float32Array;
}

const require = createRequire(import.meta.url);
const TEMPLATES: Template[] = (require('./digit-templates.json') as { templates: Array<{ label: string; char: string; f: string }> }).templates.map((t) => ({
  label: t.label,
  char: t.char,
  features: Float32Array.from(Buffer.from(t.f, 'base64'), (v) => v / 255),
}));

const NEIGHBOURS = 5;

/**
 * The label most of the nearest templates agree on (each vote weighted by closeness), and the
 * distance (root mean square over the features) of the nearest with that label.
 */
export function classifyGlyph(features: Float32Array, exclude?: (t: Template) => boolean): { label: string; char: string; distance: number } {
  const nearest: Array<{ t: Template; d: number }> = [];
  for (const t of TEMPLATES) {
    if (exclude?.(t)) continue;
    const worst = nearest.length === NEIGHBOURS ? nearest[NEIGHBOURS - 1]!.d : Infinity;
    let d = 0;
    for (let i = 0; i < features.length && d < worst; i++) {
      const diff = features[i]! - t.features[i]!;
      d += diff * diff;
    }
    if (d >= worst) continue;
    nearest.push({ t, d });
    nearest.sort((a, b) => a.d - b.d);
    if (nearest.length > NEIGHBOURS) nearest.pop();
  }
  const votes = new Map<string, number>();
  for (const n of nearest) votes.set(n.t.label, (votes.get(n.t.label) ?? 0) + 1 / (Math.sqrt(n.d) + 1e-3));
  const label = [...votes].sort((a, b) => b[1] - a[1])[0]![0];
  const best = nearest.find((n) => n.t.label === label)!;
  return { label, char: best.t.char, distance: Math.sqrt(best.d / features.length) };
}

/** Solid bullets (● •) fill most of their box; a Thai one (๑), as blurred as it may be, has a hole. */
const isBullet = (t: Template): boolean => t.char === '●' || t.char === '•';
const SOLID = 0.6;

export interface NumberReading {
  text: string;
  /** Mean template distance of the glyphs read: lower is surer. */
  distance: number;
}

/**
 * The characters of a span of a line that holds a number: digits as ASCII, X for mask
 * characters, '-', '.', and spaces from the gaps between glyphs. Table borders (ink much taller
 * than the glyphs) and specks are left out. Undefined when the span holds no glyph.
 */
export function readNumberSpan(image: GrayImage, span: Box): NumberReading | undefined {
  // A band well above and below the line, so that glyphs the line's box cuts are read whole; only
  // those centred on the line are kept.
  const lineHeight = span.y1 - span.y0;
  const pad = Math.max(2, Math.round(lineHeight * 0.5));
  const region: Box = {
    x0: Math.max(0, span.x0 - 1),
    y0: Math.max(0, span.y0 - pad),
    x1: Math.min(image.width, span.x1 + 1),
    y1: Math.min(image.height, span.y1 + pad),
  };
  if (region.x1 - region.x0 < 3 || region.y1 - region.y0 < 3) return undefined;
  const threshold = inkThreshold(image, region);
  const { components: parts, ink } = components(image, region, threshold, Math.round(lineHeight * 1.5));
  // Most of a glyph of this line lies within the line's box; rows above and below stick in.
  const onLine = (c: Component): boolean => Math.min(c.y1, span.y1) - Math.max(c.y0, span.y0) >= 0.6 * (c.y1 - c.y0);
  // Borders of table cells are taller than the line, or thin vertical rules.
  const inside = parts.filter((c) => onLine(c) && c.y1 - c.y0 <= lineHeight * 1.3 && !(c.x1 - c.x0 <= 3 && c.y1 - c.y0 >= lineHeight * 0.9));
  const tallest = Math.max(0, ...inside.map((c) => c.y1 - c.y0));
  // Specks of scan noise are smaller than any stroke of a glyph.
  const glyphs = mergeColumns(inside.filter((c) => c.pixels >= Math.max(3, tallest * tallest * 0.02)).sort((a, b) => a.x0 - b.x0));
  if (glyphs.length === 0) return undefined;
  const H = Math.max(...glyphs.map((g) => g.y1 - g.y0));
  const widths = glyphs.filter((g) => g.y1 - g.y0 > H * 0.5).map((g) => g.x1 - g.x0).sort((a, b) => a - b);
  const typicalWidth = widths[Math.floor(widths.length / 2)] ?? H * 0.6;
  const read: Array<{ text: string; features?: Float32Array; distance?: number }> = [];
  let previous: Box | undefined;
  for (const g of splitWide(glyphs, typicalWidth, H)) {
    const w = g.x1 - g.x0;
    const h = g.y1 - g.y0;
    if (previous && g.x0 - previous.x1 > typicalWidth * 0.5) read.push({ text: ' ' });
    previous = g;
    const centre = (g.y0 + g.y1) / 2;
    const small = h < H * 0.4;
    if (small && w > h * 1.3 && centre > span.y0 + lineHeight * 0.3 && centre < span.y1 - lineHeight * 0.2) read.push({ text: '-' });
    else if (small && w < H * 0.4 && centre > span.y0 + lineHeight * 0.6) read.push({ text: '.' });
    else if (!small) {
      // Small and neither: a speck, a remnant of a rule, a mark of the row above.
      const features = glyphFeatures(g, ink);
      const { label, distance } = classifyGlyph(features, g.pixels / (w * h) < SOLID ? isBullet : undefined);
      // A rule or bracket between cells ends the number, as a gap does.
      read.push({ text: label === '|' ? ' ' : label, features, distance });
    }
  }
  // Masks come in runs; a lone mask between two digits is a digit misread (๑ as x).
  read.forEach((r, i) => {
    if (r.text === 'X' && r.features && /\d/.test(read[i - 1]?.text ?? '') && /\d/.test(read[i + 1]?.text ?? '')) {
      Object.assign(r, (({ label, distance }) => ({ text: label, distance }))(classifyGlyph(r.features, (t) => t.label === 'X')));
    }
  });
  const classified = read.filter((r) => r.distance !== undefined);
  if (classified.length === 0) return undefined;
  return { text: read.map((r) => r.text).join('').trim(), distance: classified.reduce((sum, r) => sum + r.distance!, 0) / classified.length };
}

/**
 * Of two readings of the same number, the glyph reading wins where it makes more IDs whose check
 * digit holds (a misread digit almost never leaves a check digit valid), or where Tesseract's
 * holds signs no number has.
 */
export function betterReading(tesseract: string, glyphs: string): string {
  const [g, t] = [validIds(glyphs), validIds(tesseract)];
  if (g !== t) return g > t ? glyphs : tesseract;
  // Signs inside a number are Tesseract's readings of mask characters (X read as %, <, ().
  return /[%<>(){}[\]@&$]/.test(tesseract) ? glyphs : tesseract;
}

/** How many 13-digit windows of the text's digit runs (separators aside) are valid IDs. */
function validIds(text: string): number {
  const digits = text.replace(/[\u0E50-\u0E59]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0x0e50 + 0x30)).replace(/[ \-.]/g, '');
  let valid = 0;
  for (const run of digits.match(/\d{13,}/g) ?? []) for (let k = 0; k + 13 <= run.length; k++) if (isValidNationalId(run.slice(k, k + 13))) valid++;
  return valid;
}

/** Glyphs that touch (XX, ๐๐ in a blurred scan) make one wide component: cut it evenly. */
function splitWide(glyphs: Component[], typicalWidth: number, height: number): Component[] {
  return glyphs.flatMap((g) => {
    const w = g.x1 - g.x0;
    const n = Math.round(w / typicalWidth);
    if (g.y1 - g.y0 < height * 0.5 || w < typicalWidth * 1.6 || n < 2) return [g];
    return Array.from({ length: n }, (_, k) => ({ ...g, x0: g.x0 + Math.round((k * w) / n), x1: g.x0 + Math.round(((k + 1) * w) / n), pixels: g.pixels / n }));
  });
}

/** Parts of one glyph stacked in the same columns (a broken stroke, a dot over a line) merge. */
function mergeColumns(parts: Component[]): Component[] {
  const out: Component[] = [];
  for (const c of parts) {
    const last = out.at(-1);
    const overlap = last ? Math.min(last.x1, c.x1) - Math.max(last.x0, c.x0) : 0;
    if (last && overlap > 0.5 * Math.min(last.x1 - last.x0, c.x1 - c.x0)) {
      last.x0 = Math.min(last.x0, c.x0);
      last.x1 = Math.max(last.x1, c.x1);
      last.y0 = Math.min(last.y0, c.y0);
      last.y1 = Math.max(last.y1, c.y1);
      last.pixels += c.pixels;
    } else out.push({ ...c });
  }
  return out;
}

// Reading the digits of a scanned number glyph by glyph. Tesseract's Thai model reads Thai words
// well but confuses Thai digits (๓/๗, ๔/๕/๘, ๐/๖): one wrong digit and an ID is lost. Numbers are
// re-read here: the word's pixels are split into glyphs (connected components) and each glyph is
// matched against templates rendered from the Thai fonts documents are made with.

/** Side of the square a glyph is normalized to. */
export const GLYPH_SIZE = 20;

export interface GrayImage {
  width: number;
  height: number;
  /** One byte per pixel, 0 black … 255 white. */
  gray: Uint8Array;
}

export interface Box {
  x0: number;
  y0: number;
  x1: number;
  y1: number;
}

/** RGBA pixels (canvas ImageData) to gray. */
export function toGray(rgba: Uint8Array | Uint8ClampedArray, width: number, height: number): GrayImage {
  const gray = new Uint8Array(width * height);
  for (let i = 0, p = 0; i < gray.length; i++, p += 4) gray[i] = (rgba[p]! * 299 + rgba[p + 1]! * 587 + rgba[p + 2]! * 114) / 1000;
  return { width, height, gray };
}

/**
 * A threshold between ink and paper for text: most pixels of a line are paper (the median), the
 * darkest few are ink. Unlike Otsu's method, dark table borders in the region do not drag it.
 */
export function inkThreshold(image: GrayImage, box: Box): number {
  const hist = new Array<number>(256).fill(0);
  let n = 0;
  for (let y = box.y0; y < box.y1; y++) for (let x = box.x0; x < box.x1; x++, n++) hist[image.gray[y * image.width + x]!]!++;
  const percentile = (p: number): number => {
    let seen = 0;
    for (let t = 0; t < 256; t++) if ((seen += hist[t]!) >= n * p) return t;
    return 255;
  };
  const ink = percentile(0.02);
  const paper = percentile(0.5);
  return Math.round(ink + (paper - ink) * 0.6);
}

export interface Component extends Box {
  pixels: number;
}

/**
 * Connected components (8-neighbour) of ink pixels in a region. Straight runs of ink at least
 * `ruleLength` long are table rules, not glyphs: they are erased first, or every glyph touching
 * a cell border would join one component.
 */
export function components(image: GrayImage, box: Box, threshold: number, ruleLength = Infinity): { components: Component[]; ink: (x: number, y: number) => boolean } {
  const w = box.x1 - box.x0;
  const h = box.y1 - box.y0;
  const ink = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) ink[y * w + x] = image.gray[(y + box.y0) * image.width + x + box.x0]! <= threshold ? 1 : 0;
  if (ruleLength < Infinity) eraseRules(ink, w, h, ruleLength);
  const label = new Int32Array(w * h);
  const out: Component[] = [];
  const stack: number[] = [];
  for (let start = 0; start < ink.length; start++) {
    if (!ink[start] || label[start]) continue;
    const c: Component = { x0: w, y0: h, x1: 0, y1: 0, pixels: 0 };
    label[start] = out.length + 1;
    stack.push(start);
    while (stack.length) {
      const p = stack.pop()!;
      const px = p % w;
      const py = (p - px) / w;
      c.pixels++;
      c.x0 = Math.min(c.x0, px);
      c.y0 = Math.min(c.y0, py);
      c.x1 = Math.max(c.x1, px + 1);
      c.y1 = Math.max(c.y1, py + 1);
      for (let dy = -1; dy <= 1; dy++) {
        for (let dx = -1; dx <= 1; dx++) {
          const nx = px + dx;
          const ny = py + dy;
          if (nx < 0 || ny < 0 || nx >= w || ny >= h) continue;
          const q = ny * w + nx;
          if (ink[q] && !label[q]) {
            label[q] = out.length + 1;
            stack.push(q);
          }
        }
      }
    }
    out.push({ x0: c.x0 + box.x0, y0: c.y0 + box.y0, x1: c.x1 + box.x0, y1: c.y1 + box.y0, pixels: c.pixels });
  }
  return { components: out, ink: (x, y) => ink[(y - box.y0) * w + (x - box.x0)] === 1 };
}

function eraseRules(ink: Uint8Array, w: number, h: number, length: number): void {
  const rule = new Uint8Array(w * h);
  for (let y = 0; y < h; y++) {
    for (let x = 0; x < w; ) {
      let end = x;
      while (end < w && ink[y * w + end]) end++;
      if (end - x >= length) rule.fill(1, y * w + x, y * w + end);
      x = end + 1;
    }
  }
  for (let x = 0; x < w; x++) {
    for (let y = 0; y < h; ) {
      let end = y;
      while (end < h && ink[end * w + x]) end++;
      if (end - y >= length) for (let k = y; k < end; k++) rule[k * w + x] = 1;
      y = end + 1;
    }
  }
  for (let i = 0; i < ink.length; i++) if (rule[i]) ink[i] = 0;
}

/**
 * A glyph as GLYPH_SIZE² ink coverages (0..1), its box scaled to fit the square with its
 * aspect ratio kept and centred: the same shape at any size gives the same features.
 */
export function glyphFeatures(box: Box, ink: (x: number, y: number) => boolean): Float32Array {
  const w = box.x1 - box.x0;
  const h = box.y1 - box.y0;
  const scale = GLYPH_SIZE / Math.max(w, h);
  const offX = (GLYPH_SIZE - w * scale) / 2;
  const offY = (GLYPH_SIZE - h * scale) / 2;
  const sums = new Float32Array(GLYPH_SIZE * GLYPH_SIZE);
  const counts = new Float32Array(GLYPH_SIZE * GLYPH_SIZE);
  for (let y = box.y0; y < box.y1; y++) {
    const gy = Math.min(GLYPH_SIZE - 1, Math.floor((y - box.y0) * scale + offY));
    for (let x = box.x0; x < box.x1; x++) {
      const gx = Math.min(GLYPH_SIZE - 1, Math.floor((x - box.x0) * scale + offX));
      const cell = gy * GLYPH_SIZE + gx;
      counts[cell]!++;
      if (ink(x, y)) sums[cell]!++;
    }
  }
  for (let i = 0; i < sums.length; i++) sums[i] = counts[i]! > 0 ? sums[i]! / counts[i]! : 0;
  return sums;
}

/**
 * The skew of a scanned page, in degrees: the angle at which rows of text line up best, i.e. the
 * horizontal projection of ink is most uneven (text lines and the gaps between them sharpest).
 */
export function estimateSkew(image: GrayImage, threshold: number, maxDegrees = 3, stepDegrees = 0.2): number {
  // A reduced copy: skew is a property of the whole page, not of details.
  const factor = Math.max(1, Math.floor(image.width / 800));
  const w = Math.floor(image.width / factor);
  const h = Math.floor(image.height / factor);
  const ink: number[] = [];
  for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) if (image.gray[y * factor * image.width + x * factor]! <= threshold) ink.push(x, y);
  let best = 0;
  let bestScore = -1;
  for (let deg = -maxDegrees; deg <= maxDegrees + 1e-9; deg += stepDegrees) {
    const tan = Math.tan((deg * Math.PI) / 180);
    const rows = new Float64Array(h * 2);
    for (let i = 0; i < ink.length; i += 2) {
      const y = Math.round(ink[i + 1]! - ink[i]! * tan) + (h >> 1);
      if (y >= 0 && y < rows.length) rows[y]!++;
    }
    let score = 0;
    for (let y = 1; y < rows.length; y++) score += (rows[y]! - rows[y - 1]!) ** 2;
    if (score > bestScore) {
      bestScore = score;
      best = deg;
    }
  }
  return Math.round(best * 100) / 100;
}

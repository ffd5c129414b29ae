// Builds shared/ocr/digit-templates.json: the digits (Thai and Arabic), mask characters and
// separators rendered in the free Thai fonts Linux and LibreOffice make documents with (TLWG:
// Laksaman is the metric twin of TH Sarabun, the Thai government's standard font), as features.
//
//   apt-get install fonts-thai-tlwg && node --import tsx tools/build-digit-templates.ts
//
// Run once when fonts or features change; the JSON is committed, so nothing needs fonts at run time.
import { readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { GlobalFonts, createCanvas } from '@napi-rs/canvas';
import { type Box, GLYPH_SIZE, components, glyphFeatures, toGray } from '../shared/ocr/glyphs.ts';

const FONT_DIR = '/usr/share/fonts/truetype/tlwg';
const CLASSES: Record<string, string> = {
  '0': '0๐', '1': '1๑', '2': '2๒', '3': '3๓', '4': '4๔', '5': '5๕', '6': '6๖', '7': '7๗', '8': '8๘', '9': '9๙',
  X: 'Xx*●•×',
  '-': '-',
  '/': '/',
  // Not part of a number: table rules and brackets, read so that they are not taken for digits.
  '|': '|[]()lI!',
};

const fonts = readdirSync(FONT_DIR).filter((f) => f.endsWith('.ttf') && !/Oblique|Italic/.test(f));
const templates: Array<{ label: string; char: string; font: string; f: string }> = [];
for (const file of fonts) {
  const family = file.replace(/\.ttf$/, '');
  GlobalFonts.registerFromPath(join(FONT_DIR, file), family);
  for (const [label, chars] of Object.entries(CLASSES)) {
    // Large and scan-sized renderings: at 28 px strokes blur and thicken as they do in scans.
    for (const [char, px] of [...chars].flatMap((ch) => [120, 28].map((px) => [ch, px] as const))) {
      const canvas = createCanvas(240, 240);
      const ctx = canvas.getContext('2d');
      ctx.fillStyle = '#fff';
      ctx.fillRect(0, 0, 240, 240);
      ctx.fillStyle = '#000';
      ctx.font = `${px}px "${family}"`;
      ctx.fillText(char, 40, 170);
      const image = toGray(ctx.getImageData(0, 0, 240, 240).data, 240, 240);
      const { components: parts, ink } = components(image, { x0: 0, y0: 0, x1: 240, y1: 240 }, 128);
      if (parts.length === 0) continue;
      const box: Box = parts.reduce((u, c) => ({ x0: Math.min(u.x0, c.x0), y0: Math.min(u.y0, c.y0), x1: Math.max(u.x1, c.x1), y1: Math.max(u.y1, c.y1) }));
      const features = glyphFeatures(box, ink);
      templates.push({ label, char, font: family, f: Buffer.from(Array.from(features, (v) => Math.round(v * 255))).toString('base64') });
    }
  }
}
writeFileSync(join(import.meta.dirname, '../shared/ocr/digit-templates.json'), JSON.stringify({ size: GLYPH_SIZE, fonts, templates }) + '\n');
console.log(`${templates.length} templates from ${fonts.length} fonts`);

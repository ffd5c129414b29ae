import { readFileSync } from 'node:fs';
import { TesseractEngine } from './shared/ocr/tesseract.ts';
const e = new TesseractEngine();
const t0 = performance.now();
const r = await e.recognize(readFileSync(process.argv[2]!));
console.log((performance.now()-t0).toFixed(0),'ms');
console.log(r.lines.map(l => `${l.confidence.toFixed(0)}\t${l.text}`).join('\n'));
await e.close();

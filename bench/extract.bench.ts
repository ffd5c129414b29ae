// npm run bench:extract — text-layer PDF pages per second, side by side in the same run with
// poppler's pdftotext on the same files, and OCR seconds per page at 200 dpi on this machine.
//
// Files: the text-layer and scanned PDFs of ../shared/corpus/dev when it is beside the project
// (Thai, as agencies publish), otherwise generated ones (Latin script: the standard PDF fonts
// have no Thai).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { openPdf, pdfPages } from '../shared/extract/pdf.ts';
import { renderPage } from '../shared/extract/scanned.ts';
import { TesseractEngine } from '../shared/ocr/tesseract.ts';

const runs = Number(process.env.BENCH_RUNS ?? 5);
const ocrPagesWanted = Number(process.env.BENCH_OCR_PAGES ?? 6);
const CORPUS = resolve(import.meta.dirname, '../../shared/corpus/dev');
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function generatedPdfs(dir: string): Promise<string[]> {
  const files: string[] = [];
  for (let f = 0; f < 10; f++) {
    const doc = await PDFDocument.create();
    const font = await doc.embedFont(StandardFonts.Helvetica);
    for (let p = 0; p < 5; p++) {
      const page = doc.addPage([595, 842]);
      for (let i = 0; i < 40; i++)
        page.drawText(`${i + 1}  Somchai Jaidee  3-6515-${String(10000 + f * 997 + i).padStart(5, '0')}-08-0  081-234-${String(1000 + i)}  800.00`, { x: 40, y: 800 - i * 19, size: 10, font });
    }
    const file = join(dir, `generated-${f}.pdf`);
    writeFileSync(file, await doc.save());
    files.push(file);
  }
  return files;
}

function corpusPdfs(kind: 'pdf-text' | 'pdf-image'): string[] {
  if (!existsSync(join(CORPUS, 'labels.json'))) return [];
  const labels = JSON.parse(readFileSync(join(CORPUS, 'labels.json'), 'utf8')).documents as Record<string, { format: string }>;
  return readdirSync(CORPUS)
    .filter((n) => labels[n]?.format === kind)
    .map((n) => join(CORPUS, n));
}

const havePdftotext = spawnSync('pdftotext', ['-v']).status === 0;
const textPdfs = corpusPdfs('pdf-text');
const files = textPdfs.length ? textPdfs : await generatedPdfs(mkdtempSync(join(tmpdir(), 'leakscan-bench-')));
const bytes = files.map((f) => readFileSync(f));

let pages = 0;
const ours: number[] = [];
const poppler: number[] = [];
for (let r = 0; r < runs; r++) {
  let t0 = process.hrtime.bigint();
  pages = 0;
  for (const b of bytes) {
    const doc = await openPdf(b);
    pages += (await pdfPages(doc, { maxPages: 1000 })).length;
    await doc.destroy();
  }
  ours.push(Number(process.hrtime.bigint() - t0) / 1e9);
  if (havePdftotext) {
    t0 = process.hrtime.bigint();
    for (const f of files) execFileSync('pdftotext', ['-layout', f, '-'], { stdio: ['ignore', 'ignore', 'ignore'] });
    poppler.push(Number(process.hrtime.bigint() - t0) / 1e9);
  }
}
console.log(`text-layer PDFs: ${files.length} files, ${pages} pages (${textPdfs.length ? 'dev corpus, Thai' : 'generated, Latin'}), median of ${runs} runs`);
const oursRate = pages / median(ours);
console.log(`  leakscan (pdfjs, lines laid out)   ${oursRate.toFixed(1).padStart(7)} pages/s`);
if (havePdftotext) {
  const popplerRate = pages / median(poppler);
  console.log(`  pdftotext -layout (a process/file) ${popplerRate.toFixed(1).padStart(7)} pages/s`);
  console.log(`  ratio leakscan/pdftotext: ${((100 * oursRate) / popplerRate).toFixed(1)}% (target ≥ 50%)`);
} else {
  console.log('  pdftotext not found: install poppler-utils (apt-get install poppler-utils) for the side-by-side figure');
}

// OCR: scanned pages rendered at 200 dpi, then read by Tesseract (the Thai page model, then the
// number model on every number span).
const scanned = corpusPdfs('pdf-image');
const ocrSources = scanned.length ? scanned : files;
const engine = new TesseractEngine();
const seconds: number[] = [];
const renderSeconds: number[] = [];
await engine.recognize((await renderFirst(ocrSources[0]!)).png); // warm-up: models load once per process
for (const file of ocrSources) {
  if (seconds.length >= ocrPagesWanted) break;
  const { png, render } = await renderFirst(file);
  const t0 = process.hrtime.bigint();
  await engine.recognize(png);
  seconds.push(Number(process.hrtime.bigint() - t0) / 1e9);
  renderSeconds.push(render);
}
await engine.close();
console.log(`\nOCR at 200 dpi: ${seconds.length} pages (${scanned.length ? 'dev corpus scans' : 'generated pages'}), 2-core machine`);
console.log(`  Tesseract (tha + number model, WebAssembly)  median ${median(seconds).toFixed(2)} s/page (min ${Math.min(...seconds).toFixed(2)}, max ${Math.max(...seconds).toFixed(2)})`);
console.log(`  page rendering at 200 dpi         median ${median(renderSeconds).toFixed(2)} s/page`);

async function renderFirst(file: string): Promise<{ png: Uint8Array; render: number }> {
  const doc = await openPdf(readFileSync(file));
  const t0 = process.hrtime.bigint();
  const png = (await renderPage(doc, 1, 200, 40_000_000)).image;
  const render = Number(process.hrtime.bigint() - t0) / 1e9;
  await doc.destroy();
  return { png, render };
}

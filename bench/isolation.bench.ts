// npm run bench:isolation — what reading each document in a worker process costs. The same
// documents (BENCH_DIR, default the dev corpus beside the project, else examples/), in the same
// process, both sides warm (Tesseract loaded, code run once): (A) scanDocument here, as before
// isolation, and (B) the scan pool with one worker, document by document in turn (A, B, A, B …),
// so that machine noise falls on both; then (C) the whole directory through the pool with one
// worker per processor, as `leakscan scan` reads it. Prints the median of BENCH_RUNS rounds
// (default 3) of each total and the ratios to A.
//   BENCH_DIR=examples BENCH_RUNS=5 npm run bench:isolation
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { fingerprinter } from '../shared/fingerprint.ts';
import { ScanPool } from '../shared/isolation/scan-pool.ts';
import { TesseractEngine } from '../shared/ocr/tesseract.ts';
import { scanDocument } from '../shared/scan.ts';

const DEV_CORPUS = resolve(import.meta.dirname, '../../shared/corpus/dev');
const dir = process.env.BENCH_DIR ?? (existsSync(DEV_CORPUS) ? DEV_CORPUS : resolve(import.meta.dirname, '../examples'));
const runs = Number(process.env.BENCH_RUNS ?? 3);
const KEY = 'bench-key';
const workers = availableParallelism();

const paths = readdirSync(dir)
  .filter((name) => !name.endsWith('.json') && !name.endsWith('.md'))
  .sort()
  .map((name) => join(dir, name));

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const seconds = async (work: () => Promise<unknown>): Promise<number> => {
  const t0 = performance.now();
  await work();
  return (performance.now() - t0) / 1000;
};

const fingerprint = fingerprinter(KEY);
const ocr = new TesseractEngine();
const here = (path: string) => scanDocument(path, readFileSync(path), { fingerprint, extraction: { ocr } });
const single = new ScanPool({ fingerprintKey: KEY, ocr: 'tesseract', size: 1 });
const parallel = new ScanPool({ fingerprintKey: KEY, ocr: 'tesseract', size: workers });
const pooled = (pool: ScanPool) => (path: string) => pool.scan({ name: path, source: { path } });

// Warm: Tesseract loaded and the code run once on every side, as in a long scan or a warm function.
for (const path of paths) await Promise.all([here(path), pooled(single)(path), pooled(parallel)(path)]);

const totals = { 'A in process': [] as number[], 'B pool, 1 worker': [] as number[], [`C pool, ${workers} workers, whole directory`]: [] as number[] };
for (let round = 0; round < runs; round++) {
  let a = 0;
  let b = 0;
  for (const path of paths) {
    a += await seconds(() => here(path));
    b += await seconds(() => pooled(single)(path));
  }
  totals['A in process'].push(a);
  totals['B pool, 1 worker'].push(b);
  totals[`C pool, ${workers} workers, whole directory`]!.push(await seconds(() => Promise.all(paths.map(pooled(parallel)))));
}
await Promise.all([single.close(), parallel.close(), ocr.close()]);

console.log(`${paths.length} documents from ${dir}; median of ${runs} rounds\n`);
console.log('| how | wall s (median) | ratio to A |\n|---|---:|---:|');
const reference = median(totals['A in process']);
for (const [name, ts] of Object.entries(totals)) console.log(`| ${name} | ${median(ts).toFixed(1)} | ${(median(ts) / reference).toFixed(2)} |`);

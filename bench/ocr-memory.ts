// bench:ocr --memory: the memory a scan worker holds for a long scan: one image-only PDF of 10 A4
// pages at 200 dpi (lists of recipients, one after another), read by a pool of one worker.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_WORKER_LIMITS, ScanPool } from '../shared/isolation/scan-pool.ts';
import { generateScan } from '../test/generate/index.ts';
import { SCORE_KEY, compare } from '../test/generate/score.ts';

const PAGES = 10;
const DPI = 200;
/** The pool's time limits, lifted: a busy machine must not end the worker before its memory peaks. */
const NO_TIME_LIMIT_MS = 3_600_000;

export async function memoryFigure(seed: number): Promise<void> {
  const doc = generateScan(seed, 'pdf-image', { kind: 'allowance', dpi: DPI, pages: PAGES });
  const dir = mkdtempSync(join(tmpdir(), 'bench-ocr-memory-'));
  writeFileSync(join(dir, doc.name), doc.bytes);
  const pool = new ScanPool({ fingerprintKey: SCORE_KEY, ocr: 'tesseract', size: 1, limits: { timeoutMs: NO_TIME_LIMIT_MS, cpuTimeMs: NO_TIME_LIMIT_MS } });
  const started = performance.now();
  const result = await pool.scan({ name: doc.name, source: { path: join(dir, doc.name) } }).finally(() => pool.close());
  const seconds = (performance.now() - started) / 1000;
  rmSync(dir, { recursive: true, force: true });

  const gb = (bytes: number) => `${(bytes / 1024 ** 3).toFixed(2)} GB`;
  const score = compare(doc, result.findings);
  console.log(`bench:ocr --memory: ${doc.name}, ${doc.pages} pages, A4 at ${doc.dpi} dpi, ${(doc.bytes.length / 1024 ** 2).toFixed(1)} MB, seed ${seed}; one worker, no time limit`);
  console.log(`labelled leaks ${score.tp + score.fn}, found ${score.tp}, false alarms ${score.fp}`);
  console.log(`worker peak memory (VmHWM): ${gb(pool.stats.peakWorkerRssBytes)} (peak RSS; the limit, on its data segment: ${gb(DEFAULT_WORKER_LIMITS.memoryBytes)})`);
  console.log(`parent peak RSS (maxRSS; generating the document included): ${gb(process.resourceUsage().maxRSS * 1024)}`);
  if (result.error) {
    console.log(`OCR s/page: unknown, the document was not read to its end (${seconds.toFixed(0)} s until then)`);
    console.log(`workers: ${pool.stats.workersStarted} started; the worker was ended mid-document (${result.error.code}: ${result.error.message})`);
  } else {
    console.log(`OCR s/page: ${(seconds / doc.pages).toFixed(1)} (${seconds.toFixed(0)} s for the document)`);
    console.log(`workers: ${pool.stats.workersStarted} started; none was replaced mid-document`);
  }
}

// npm run bench:hostile — the hostile suite (test/hostile: crafted documents, and the real broken
// files of public test corpora in ../shared/hostile when they are there) read as `leakscan scan`
// reads a directory: files on disk, the scan pool with its default limits and Tesseract in the
// workers, as many documents at once as workers. Prints the outcome per format and code, the
// unexpected outcomes, the slowest documents, and the peak memory of this (the parent) process
// and of any worker. A measurement: it always exits 0.
//   BENCH_WORKERS=2 npm run bench:hostile
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { detectFormat } from '../shared/extract/index.ts';
import { resolveFingerprintKey } from '../shared/fingerprint.ts';
import { DEFAULT_WORKER_LIMITS, ScanPool } from '../shared/isolation/scan-pool.ts';
import { hostileFiles, outcomeOf } from '../test/hostile/suite.ts';

const workers = Number(process.env.BENCH_WORKERS ?? availableParallelism());
const MB = 1024 ** 2;

const files = await hostileFiles();
const dir = mkdtempSync(join(tmpdir(), 'leakscan-hostile-'));
const paths = files.map((f) => {
  const path = join(dir, f.name.replace(/\//g, '__'));
  writeFileSync(path, f.bytes);
  return path;
});

const pool = new ScanPool({ fingerprintKey: resolveFingerprintKey(), ocr: 'tesseract', size: workers });
const runs: Array<{ name: string; format: string; outcome: string; expected: string[]; seconds: number }> = [];
const started = performance.now();
let next = 0;
// As many documents in flight as workers: each one's time is its own, not a wait in the queue.
await Promise.all(
  Array.from({ length: workers }, async () => {
    for (let i = next++; i < files.length; i = next++) {
      const file = files[i]!;
      const t0 = performance.now();
      const result = await pool.scan({ name: file.name, source: { path: paths[i]! } });
      runs.push({ name: file.name, format: detectFormat(file.bytes, file.name), outcome: outcomeOf(result), expected: file.expected, seconds: (performance.now() - t0) / 1000 });
    }
  }),
);
const wall = (performance.now() - started) / 1000;
await pool.close();
rmSync(dir, { recursive: true, force: true });

const crafted = files.filter((f) => f.origin === 'crafted').length;
console.log(
  `${files.length} documents (${crafted} crafted, ${files.length - crafted} real), ${workers} workers, limits per document: ${DEFAULT_WORKER_LIMITS.timeoutMs / 1000} s, ${DEFAULT_WORKER_LIMITS.cpuTimeMs / 1000} s of processor time, ${DEFAULT_WORKER_LIMITS.memoryBytes / MB} MB`,
);
const codes = [...new Set(runs.map((r) => r.outcome))].sort();
const formats = [...new Set(runs.map((r) => r.format))].sort();
console.log(`\n| format | files | ${codes.join(' | ')} |\n|---|---:|${codes.map(() => '---:|').join('')}`);
for (const format of [...formats, 'all']) {
  const of = runs.filter((r) => format === 'all' || r.format === format);
  console.log(`| ${format} | ${of.length} | ${codes.map((c) => of.filter((r) => r.outcome === c).length || '').join(' | ')} |`);
}
const unexpected = runs.filter((r) => !r.expected.includes(r.outcome));
console.log(`\nunexpected outcomes: ${unexpected.length ? unexpected.map((r) => `${r.name} ${r.outcome} (expected ${r.expected.join('/')})`).join('; ') : 'none'}`);
console.log('\nslowest:');
for (const r of [...runs].sort((a, b) => b.seconds - a.seconds).slice(0, 5)) console.log(`  ${r.seconds.toFixed(1).padStart(6)} s  ${r.name}  ${r.outcome}`);
console.log(`\nwhole run: ${wall.toFixed(1)} s; workers started: ${pool.stats.workersStarted}`);
console.log(
  `peak RSS: parent ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB, any worker ${(pool.stats.peakWorkerRssBytes / MB).toFixed(0)} MB (cap ${DEFAULT_WORKER_LIMITS.memoryBytes / MB} MB)`,
);

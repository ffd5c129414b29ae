// The hostile suite: bombs, lying headers, truncations, loops, encrypted and merely huge
// documents, crafted here and (where ../shared/hostile is) real broken files from public test
// corpora. Each is read by the scan pool as `leakscan scan` reads it, with an OCR engine, so
// that images are decoded: each must end with an outcome it allows, none may take the scan down.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ScanPool } from '../../shared/isolation/scan-pool.ts';
import type { OcrEngine } from '../../shared/ocr/engine.ts';
import { TEST_KEY } from '../helpers.ts';
import { runLeakscan } from '../leakscan-process.ts';
import { type HostileFile, hostileFiles, outcomeOf } from './suite.ts';

/** Reads nothing, quickly: the images are decoded in the worker before any engine is asked. */
const blankOcr: OcrEngine = { name: 'blank', recognize: async () => ({ lines: [] }), close: async () => {} };

// A deadline that the slowest honest file here (a 30,000-row table on a loaded machine) keeps.
const LIMITS = { timeoutMs: 60_000 };

let files: HostileFile[];
let pool: ScanPool;
beforeAll(async () => {
  files = await hostileFiles();
  pool = new ScanPool({ fingerprintKey: TEST_KEY, ocr: 'none', size: 2, limits: LIMITS });
});
afterAll(() => pool.close());

describe('the hostile suite', () => {
  it('ends every document with an outcome it allows, in a worker within its memory', async () => {
    const outcomes = await Promise.all(files.map(async (f) => [f.name, outcomeOf(await pool.scan({ name: f.name, source: { bytes: f.bytes }, ocr: blankOcr }))] as const));
    const unexpected = outcomes.filter(([name, outcome]) => !files.find((f) => f.name === name)!.expected.includes(outcome));
    expect(unexpected).toEqual([]);
    expect(pool.stats.peakWorkerRssBytes).toBeLessThan(3 * 1024 ** 3);
  }, 600_000);

  it('leaves a report of the whole directory, with every document that could not be scanned in it', async () => {
    // The small ones: the large valid tables were read above, and take long.
    const small = files.filter((f) => f.bytes.length < 400_000);
    const dir = mkdtempSync(join(tmpdir(), 'leakscan-hostile-'));
    try {
      for (const f of small) writeFileSync(join(dir, f.name.replace(/\//g, '__')), f.bytes);
      const run = await runLeakscan(['scan', dir, '--format', 'json'], { LEAKSCAN_FINGERPRINT_KEY: TEST_KEY });
      expect(run.status).toBe(2);
      const report = JSON.parse(run.stdout) as { documents: unknown[]; summary: { errors: number } };
      expect(report.documents).toHaveLength(small.length);
      expect(report.summary.errors).toBeGreaterThan(small.length / 2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 600_000);
});

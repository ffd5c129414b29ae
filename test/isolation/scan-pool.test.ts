// The scan pool: each document in a worker process, whatever the document does to it.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compiledCli } from '../../bin/compiled-cli.mjs';
import { ScanPool } from '../../shared/isolation/scan-pool.ts';
import { type OcrEngine, OcrJobStarted } from '../../shared/ocr/engine.ts';
import { scanDocument } from '../../shared/scan.ts';
import { pdf } from '../extract/fixtures.ts';
import { TEST_KEY, fingerprint, withCheckDigit } from '../helpers.ts';

const ID = withCheckDigit('110170020703');
const LIST = new TextEncoder().encode(`ลำดับ,ชื่อ,เลขประจำตัวประชาชน,โทร\n1,นางสมศรี,${ID},081-234-5678\n`);
const FAILING_WORKER = join(import.meta.dirname, 'failing-worker.ts');

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'leakscan-pool-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const file = (name: string, bytes: Uint8Array | string): string => {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
};

/** A pool for one test, closed after it. */
async function withPool<T>(options: Partial<ConstructorParameters<typeof ScanPool>[0]>, use: (pool: ScanPool) => Promise<T>): Promise<T> {
  const pool = new ScanPool({ fingerprintKey: TEST_KEY, ocr: 'none', size: 1, ...options });
  try {
    return await use(pool);
  } finally {
    await pool.close();
  }
}

describe('the scan pool', { timeout: 60_000 }, () => {
  it('gives what scanning in this process gives, for a document by path or by bytes', async () => {
    const here = await scanDocument('list.csv', LIST, { fingerprint });
    const path = file('list.csv', LIST);
    await withPool({ size: 2 }, async (pool) => {
      const [byPath, byBytes] = await Promise.all([pool.scan({ name: 'list.csv', source: { path } }), pool.scan({ name: 'list.csv', source: { bytes: LIST } })]);
      expect(byPath).toEqual(here);
      expect(byBytes).toEqual(here);
      expect(here.findings).toHaveLength(2);
    });
  });

  it('refuses what is not a regular file, and a file over the limit, before reading it', async () => {
    const fifo = join(dir, 'pipe');
    execFileSync('mkfifo', [fifo]);
    // 2 GB that take no disk: read into memory, they would take 2 GB.
    const sparse = file('huge.txt', '');
    truncateSync(sparse, 2 * 1024 ** 3);
    await withPool({}, async (pool) => {
      expect((await pool.scan({ name: fifo, source: { path: fifo } })).error).toEqual({ code: 'unsupported_format', message: 'the path is not a regular file but a FIFO (named pipe)' });
      expect((await pool.scan({ name: dir, source: { path: dir } })).error?.code).toBe('unsupported_format');
      expect((await pool.scan({ name: sparse, source: { path: sparse } })).error).toEqual({ code: 'too_large', message: 'the document is 2147483648 bytes; the limit is 52428800' });
      expect((await pool.scan({ name: 'gone', source: { path: join(dir, 'gone') } })).error?.code).toBe('unreadable');
      expect(pool.stats.peakWorkerRssBytes).toBeLessThan(1024 ** 3);
    });
  });

  it('ends a document at its deadline, and reads the next with a fresh worker', async () => {
    const neverAnswers: OcrEngine = { name: 'stuck', recognize: () => new Promise(() => {}), close: async () => {} };
    const scanned = await pdf([null]);
    await withPool({ limits: { timeoutMs: 1500 } }, async (pool) => {
      const stuck = await pool.scan({ name: 'scan.pdf', source: { bytes: scanned }, ocr: neverAnswers });
      expect(stuck).toMatchObject({ path: 'scan.pdf', status: 'error', error: { code: 'timeout', message: 'reading the document took longer than 1.5 s' } });
      expect((await pool.scan({ name: 'list.csv', source: { bytes: LIST } })).findings).toHaveLength(2);
      expect(pool.stats.workersStarted).toBe(2);
    });
  });

  it('ends a document that uses more processor time than allowed', async () => {
    const rows = Array.from({ length: 40_000 }, (_, i) => `${i},นาง ก,${withCheckDigit(String(110170020703 + i * 7).padStart(12, '1'))},08${String(10000000 + i)}`);
    const big = file('big.csv', `ลำดับ,ชื่อ,เลขประจำตัวประชาชน,โทร\n${rows.join('\n')}\n`);
    await withPool({ limits: { cpuTimeMs: 200, timeoutMs: 60_000 } }, async (pool) => {
      const result = await pool.scan({ name: 'big.csv', source: { path: big } });
      expect(result.error).toEqual({ code: 'timeout', message: 'reading the document used more than 0.2 s of processor time' });
    });
  });

  it('records a worker that exhausts its memory as too_large', async () => {
    // Forty megabytes of numbers a person could hold: the findings alone pass the cap.
    const line = `${ID} 081-234-5678 `.repeat(40) + '\n';
    const big = file('numbers.txt', line.repeat(Math.floor((40 * 1024 ** 2) / line.length)));
    // The worker as `leakscan scan` and Lambda run it, compiled: through tsx, Node 24's loader
    // thread alone takes more than 1 GB of a worker's data segment, and the worker would not start.
    const worker = await compiledCli(resolve(import.meta.dirname, '../..'));
    await withPool({ limits: { memoryBytes: 700 * 1024 ** 2 }, workerScript: worker!.workerPath }, async (pool) => {
      const result = await pool.scan({ name: 'numbers.txt', source: { path: big } });
      expect(result.error?.code).toBe('too_large');
      expect(result.error?.message).toMatch(/needed more than the 700 MB of memory a document may use|too large to read/);
      expect((await pool.scan({ name: 'list.csv', source: { bytes: LIST } })).findings).toHaveLength(2);
    });
  });

  it('records a crash, an abort and an uncaught error for their document, and scans the rest', async () => {
    await withPool({ size: 2, workerScript: FAILING_WORKER }, async (pool) => {
      const names = ['segfault.png', 'list-1.csv', 'abort.bmp', 'uncaught.gif', 'list-2.csv'];
      const results = await Promise.all(names.map((name) => pool.scan({ name, source: { bytes: LIST } })));
      expect(results.map((r) => r.error?.code ?? r.findings.length)).toEqual(['crashed', 2, 'crashed', 'corrupt', 2]);
      expect(results[0]!.error!.message).toBe("the document's reader crashed (SIGSEGV); the document may be damaged or hostile");
      // Whatever a failure says about the document, it never quotes a number in full.
      expect(results[3]!.error!.message).not.toContain(ID);
    });
  });

  it('reaches an engine in this process for OCR, and passes on its asynchronous jobs', async () => {
    const lines = [{ text: `เลขประจำตัวประชาชน ${ID}`, confidence: 90 }];
    const seen: number[] = [];
    const engine: OcrEngine = { name: 'here', recognize: async (image) => (seen.push(image.length), { lines }), close: async () => {} };
    const jobs: OcrEngine = { ...engine, recognizePdf: async () => Promise.reject(new OcrJobStarted('job-1')) };
    const twoScans = await pdf([null, null]);
    await withPool({}, async (pool) => {
      const result = await pool.scan({ name: 'scan.pdf', source: { bytes: twoScans }, ocr: engine });
      expect(result).toMatchObject({ status: 'scanned', pagesOcred: 2, findings: [{ type: 'national_id' }, { type: 'national_id' }] });
      expect(seen).toHaveLength(2);
      await expect(pool.scan({ name: 'scan.pdf', source: { bytes: twoScans }, ocr: jobs })).rejects.toMatchObject({ name: 'OcrJobStarted', jobId: 'job-1' });
    });
  });

  it('gives no document to a worker that died while idle', async () => {
    await withPool({}, async (pool) => {
      expect((await pool.scan({ name: 'list.csv', source: { bytes: LIST } })).findings).toHaveLength(2);
      const pid = execFileSync('pgrep', ['-P', String(process.pid), '-f', 'scan-worker'], { encoding: 'utf8' }).trim();
      process.kill(Number(pid), 'SIGKILL');
      // Gone from /proc once reaped, which is when the pool hears of it.
      while (existsSync(`/proc/${pid}`)) await new Promise((resolve) => setImmediate(resolve));
      expect((await pool.scan({ name: 'list.csv', source: { bytes: LIST } })).findings).toHaveLength(2);
      expect(pool.stats.workersStarted).toBe(2);
    });
  });

  it('rejects, rather than blaming a document, when no worker can start', async () => {
    await withPool({ workerScript: join(dir, 'no-such-worker.mjs') }, async (pool) => {
      await expect(pool.scan({ name: 'list.csv', source: { bytes: LIST } })).rejects.toThrow(/a scan worker could not start/);
    });
  });
});

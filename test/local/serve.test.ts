// `leakscan serve` as a user runs it: started, given a document by the commands beside it, stopped
// with one Ctrl-C (SIGINT), also after OCR has run, and started again on the same state directory,
// where its case still is; found by the commands run beside it; refused a port that is taken.
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { localStackFilePath } from '../../cli/stack-target.ts';
import { runLeakscan } from '../leakscan-process.ts';
import { generateScan, scanUnavailable } from '../generate/scan.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const stateDir = mkdtempSync(join(tmpdir(), 'leakscan-serve-'));
afterAll(() => rmSync(stateDir, { recursive: true, force: true }));

/** Starts `leakscan serve`; resolves with the dashboard's address once it is printed. */
function serve(ocr: 'none' | 'tesseract' = 'none'): Promise<{ child: ChildProcess; dashboard: string; output: () => string }> {
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'leakscan.mjs'), 'serve', '--state-dir', stateDir, '--port', '0', '--ocr', ocr], { cwd: ROOT, env: withoutAwsTarget() });
  let output = '';
  return new Promise((done, fail) => {
    const read = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const dashboard = /dashboard\s+(http:\/\/127\.0\.0\.1:\d+\/)/.exec(output)?.[1];
      if (dashboard && output.includes('Ctrl-C')) done({ child, dashboard, output: () => output });
    };
    child.stderr.on('data', read);
    child.stdout.on('data', read);
    child.once('exit', (code) => fail(new Error(`serve exited with ${code}: ${output}`)));
  });
}

/** The environment of a user who has set nothing: no AWS endpoint, profile or keys. */
const withoutAwsTarget = (): NodeJS.ProcessEnv => Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('AWS_') && !name.startsWith('LEAKSCAN_')));

const stopped = (child: ChildProcess) => new Promise<number | null>((done) => child.once('exit', (code) => done(code)).kill('SIGINT'));

describe('leakscan serve', { timeout: 120_000 }, () => {
  it('keeps its state across a restart, and stops cleanly on Ctrl-C', async () => {
    const first = await serve();
    const list = join(ROOT, 'examples', 'elderly-allowance-list.txt');
    // No bucket, region or endpoint given: upload finds the running stack by its env.json.
    const upload = await runLeakscan(['upload', 'example-tambon', list], { ...withoutAwsTarget(), LEAKSCAN_STATE_DIR: stateDir } as Record<string, string>);
    expect(upload.status, upload.stderr).toBe(0);
    const uploadCase = async () =>
      ((await (await fetch(`${first.dashboard}api/cases`)).json()) as { cases: Array<{ documentId: string; leaks: number }> }).cases.find((c) =>
        c.documentId.includes('uploads/example-tambon/elderly-allowance-list.txt'),
      );
    await expect.poll(uploadCase, { timeout: 60_000, interval: 500 }).toMatchObject({ leaks: 8 });
    expect(await stopped(first.child)).toBe(0);
    expect(first.output()).toContain('stopping');

    const second = await serve();
    try {
      const { cases } = (await (await fetch(`${second.dashboard}api/cases`)).json()) as { cases: Array<{ documentId: string; state: string }> };
      // Beside the example site's documents, crawled at each start.
      expect(cases).toEqual(expect.arrayContaining([expect.objectContaining({ documentId: expect.stringContaining('uploads/example-tambon/elderly-allowance-list.txt'), state: 'notified' })]));
    } finally {
      expect(await stopped(second.child)).toBe(0);
    }
  });

  it.skipIf(scanUnavailable)('reads a scan with OCR, is found by report, and stops on the first Ctrl-C', async () => {
    const started = await serve('tesseract');
    const scanFile = join(stateDir, 'scan.png');
    writeFileSync(scanFile, generateScan(3, 'png').bytes);
    // Checked as a draft: check waits for the scan function's result, read by OCR in its worker.
    const env = { ...withoutAwsTarget(), LEAKSCAN_STATE_DIR: stateDir } as Record<string, string>;
    const check = await runLeakscan(['check', scanFile, '--unit', 'example-tambon', '--format', 'json', '--exit-zero', '--timeout', '90'], env);
    expect(check.status, check.stderr).toBe(0);
    expect((JSON.parse(check.stdout) as { documents: Array<{ status: string }> }).documents[0]!.status).toBe('scanned');
    expect(started.output()).toMatch(/scan: 1 message/);

    // No table name, region or endpoint given: report finds the running stack by its env.json.
    expect(existsSync(localStackFilePath(stateDir))).toBe(true);
    const checksRun = async () => {
      const report = await runLeakscan(['report', '--format', 'json'], env);
      expect(report.stderr).toContain('using the local stack of leakscan serve');
      expect(report.status).toBe(0);
      return (JSON.parse(report.stdout) as Array<{ checksRun: number }>)[0]!.checksRun;
    };
    await expect.poll(checksRun, { timeout: 30_000, interval: 1000 }).toBe(1);

    // One SIGINT, after Tesseract and the number model have run in the scan worker and the stack.
    expect(await stopped(started.child)).toBe(0);
    expect(existsSync(localStackFilePath(stateDir))).toBe(false);
  });

  it('names a taken port and exits 2, starting nothing', async () => {
    const holder = createServer();
    await new Promise<void>((done) => holder.listen(0, '127.0.0.1', done));
    const { port } = holder.address() as AddressInfo;
    try {
      const taken = await runLeakscan(['serve', '--state-dir', mkdtempSync(join(tmpdir(), 'leakscan-taken-')), '--port', String(port)], withoutAwsTarget() as Record<string, string>);
      expect(taken.status).toBe(2);
      expect(taken.stderr).toContain(`port ${port} (the dashboard) is in use on 127.0.0.1`);
      expect(taken.stderr).toContain('--port <n>');
    } finally {
      holder.close();
    }
  });
});

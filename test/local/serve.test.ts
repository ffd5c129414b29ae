// `leakscan serve` as a user runs it: started, given a document through the dashboard, stopped
// with Ctrl-C (SIGINT), and started again on the same state directory, where its case still is.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '../..');
const stateDir = mkdtempSync(join(tmpdir(), 'leakscan-serve-'));
afterAll(() => rmSync(stateDir, { recursive: true, force: true }));

/** Starts `leakscan serve`; resolves with the dashboard's address once it is printed. */
function serve(): Promise<{ child: ChildProcess; dashboard: string; output: () => string }> {
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'leakscan.mjs'), 'serve', '--state-dir', stateDir, '--port', '0', '--ocr', 'none'], { cwd: ROOT });
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

const stopped = (child: ChildProcess) => new Promise<number | null>((done) => child.once('exit', (code) => done(code)).kill('SIGINT'));

describe('leakscan serve', { timeout: 120_000 }, () => {
  it('keeps its state across a restart, and stops cleanly on Ctrl-C', async () => {
    const first = await serve();
    const list = readFileSync(join(ROOT, 'examples', 'elderly-allowance-list.txt'));
    const { key } = (await (await fetch(`${first.dashboard}api/uploads?unit=example-tambon&name=list.txt`, { method: 'POST', body: list })).json()) as { key: string };
    await expect.poll(async () => ((await (await fetch(`${first.dashboard}api/uploads/status?key=${encodeURIComponent(key)}`)).json()) as { scan: unknown }).scan, { timeout: 60_000, interval: 500 }).toMatchObject({ leaks: 8 });
    expect(await stopped(first.child)).toBe(0);
    expect(first.output()).toContain('stopping');

    const second = await serve();
    try {
      const { cases } = (await (await fetch(`${second.dashboard}api/cases`)).json()) as { cases: Array<{ documentId: string; state: string }> };
      // Beside the example site's documents, crawled at each start.
      expect(cases).toEqual(expect.arrayContaining([expect.objectContaining({ documentId: expect.stringContaining('uploads/example-tambon/list.txt'), state: 'notified' })]));
    } finally {
      expect(await stopped(second.child)).toBe(0);
    }
  });
});

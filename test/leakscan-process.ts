// The leakscan command run as a child process, asynchronously: local AWS servers answer from the
// test process itself, which a synchronous spawn would block.
import { execFile } from 'node:child_process';
import { join, resolve } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');

export interface LeakscanRun {
  status: number;
  stdout: string;
  stderr: string;
}

export function runLeakscan(args: string[], env: Record<string, string> = {}): Promise<LeakscanRun> {
  return new Promise((done) => {
    execFile(process.execPath, [join(ROOT, 'bin', 'leakscan.mjs'), ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, ...env } }, (err, stdout, stderr) =>
      done({ status: err ? Number(err.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

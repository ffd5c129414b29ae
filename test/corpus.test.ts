// The labeled dev corpus lives beside the project (../shared); where it is absent the test is
// skipped, never failed, so that the suite runs anywhere.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..');
const CORPUS = resolve(ROOT, '../shared/corpus/dev');
const EVAL = resolve(ROOT, '../shared/tools/eval-corpus.mjs');
const available = existsSync(resolve(CORPUS, 'labels.json')) && existsSync(EVAL);

describe.skipIf(!available)('dev corpus', () => {
  it('finds leaks in every text-bearing format with recall and precision of at least 99%', () => {
    // OCR is off: scanned documents are scored by their own test, and are slow.
    const run = spawnSync(process.execPath, [EVAL, '--corpus', CORPUS, '--only', 'txt,csv,html,pdf-text,docx,xlsx', '--min-recall', '99', '--min-precision', '99'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, LEAKSCAN_FINGERPRINT_KEY: 'corpus-test-key', LEAKSCAN_OCR_ENGINE: 'none' },
    });
    const last = run.stdout.trim().split('\n').at(-1);
    expect(last, run.stdout + run.stderr).toMatch(/^leak recall/);
    expect(run.status, last).toBe(0);
  }, 120_000);

  it('finds leaks in scanned documents (pdf-image, png, jpg) with recall of at least 90% and precision of at least 97%', () => {
    const run = spawnSync(process.execPath, [EVAL, '--corpus', CORPUS, '--only', 'pdf-image,png-image,jpg-image', '--min-recall', '90', '--min-precision', '97'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, LEAKSCAN_FINGERPRINT_KEY: 'corpus-test-key' },
    });
    const last = run.stdout.trim().split('\n').at(-1);
    expect(last, run.stdout + run.stderr).toMatch(/^leak recall/);
    // On failure, the whole score (per format, with errors) says which documents fell short.
    expect(run.status, run.stdout).toBe(0);
  }, 300_000);
});

// `leakscan mask` end to end, as a child process.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as XLSX from '@e965/xlsx';
import { beforeEach, describe, expect, it } from 'vitest';
import { dashed, withCheckDigit } from '../helpers.ts';
import { pdf, workbook } from '../extract/fixtures.ts';

const BIN = resolve(import.meta.dirname, '../../bin/leakscan.mjs');
const ID = withCheckDigit('110203040506');
const TEXT = `นายสมชาย ใจดี เลขประจำตัวประชาชน ${dashed(ID)} โทร 081-234-5678\n`;

function leakscan(...args: string[]): { status: number; stdout: string; stderr: string } {
  try {
    const stdout = execFileSync(process.execPath, [BIN, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LEAKSCAN_FINGERPRINT_KEY: 'mask-cli-test' } });
    return { status: 0, stdout, stderr: '' };
  } catch (err) {
    const e = err as { status: number; stdout: string; stderr: string };
    return { status: e.status, stdout: e.stdout, stderr: e.stderr };
  }
}

// Each case starts node with tsx once or more: seconds, not milliseconds.
describe('leakscan mask', { timeout: 30_000 }, () => {
  let dir: string;
  let input: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'leakscan-mask-'));
    input = join(dir, 'list.txt');
    writeFileSync(input, TEXT);
  });

  it('writes the masked copy, prints what changed without the original numbers, and the copy scans clean', () => {
    const output = join(dir, 'masked.txt');
    const run = leakscan('mask', input, '-o', output);
    expect(run.status, run.stderr).toBe(0);
    expect(readFileSync(output, 'utf8')).toBe(`นายสมชาย ใจดี เลขประจำตัวประชาชน X-XXX${dashed(ID).slice(5)} โทร XXX-X34-5678\n`);
    expect(run.stdout).toContain('masked 2 identifier(s): 1 national_id, 1 phone');
    expect(run.stdout).toMatch(/national_id +X-XXXX-XXXX\d-\d\d-\d +line 1, column 34/);
    expect(run.stdout).not.toContain(ID.slice(0, 9));
    expect(readFileSync(input, 'utf8')).toBe(TEXT);
    expect(leakscan('scan', output).status).toBe(0);
    expect(leakscan('scan', input).status).toBe(1);
  });

  it('--keep first hides the last 4 digits', () => {
    const output = join(dir, 'masked.txt');
    expect(leakscan('mask', input, '-o', output, '--keep', 'first').status).toBe(0);
    expect(readFileSync(output, 'utf8')).toContain(`${dashed(ID).slice(0, 11)}X-XX-X โทร 081-234-XXXX`);
  });

  it('refuses to overwrite the input, or an existing output without --force', () => {
    expect(leakscan('mask', input, '-o', input)).toMatchObject({ status: 2, stderr: expect.stringContaining('refusing to overwrite the input') });
    expect(readFileSync(input, 'utf8')).toBe(TEXT);
    const output = join(dir, 'masked.txt');
    writeFileSync(output, 'older');
    expect(leakscan('mask', input, '-o', output)).toMatchObject({ status: 2, stderr: expect.stringContaining('--force') });
    expect(readFileSync(output, 'utf8')).toBe('older');
    expect(leakscan('mask', input, '-o', output, '--force').status).toBe(0);
    expect(readFileSync(output, 'utf8')).not.toBe('older');
  });

  it('masks a PDF with a text layer: the copy scans clean', async () => {
    const doc = join(dir, 'list.pdf');
    writeFileSync(doc, await pdf([[`Citizen ID: ${dashed(ID)}`]]));
    const output = join(dir, 'masked.pdf');
    const run = leakscan('mask', doc, '-o', output);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toMatch(/\(pdf, keep last\): masked 1 identifier\(s\): 1 national_id\n +national_id +X-XXXX-XXXX\d-\d\d-\d +page 1/);
    expect(leakscan('scan', output).status).toBe(0);
    expect(leakscan('scan', doc).status).toBe(1);
  });

  it('refuses formats it cannot rewrite (XLS) and writes nothing', () => {
    const doc = join(dir, 'list.xls');
    writeFileSync(doc, workbook([{ name: 'a', rows: [['เลขประจำตัวประชาชน'], [ID]] }], 'biff8'));
    const run = leakscan('mask', doc, '-o', join(dir, 'masked.xls'));
    expect(run).toMatchObject({ status: 2, stderr: expect.stringContaining('masking xls documents is not supported') });
    expect(existsSync(join(dir, 'masked.xls'))).toBe(false);
  });

  it('reports an identifier it cannot mask in place and writes nothing', () => {
    const page = join(dir, 'page.html');
    writeFileSync(page, `<html><body><p>เลขประจำตัวประชาชน &#49;${ID.slice(1)}</p></body></html>`);
    const run = leakscan('mask', page, '-o', join(dir, 'masked.html'));
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/1 identifier\(s\) cannot be masked in place.*nothing was written/);
    expect(existsSync(join(dir, 'masked.html'))).toBe(false);
  });

  it('masks cell comments too: notes are saved in every copy of the workbook', () => {
    const ws = XLSX.utils.aoa_to_sheet([
      ['ชื่อ', 'เลขประจำตัวประชาชน'],
      ['นายสมชาย', dashed(ID)],
    ]);
    ws.A2!.c = [{ a: 'เจ้าหน้าที่', t: `เลขประจำตัวประชาชน ${dashed(ID)}` }];
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, ws, 'รายชื่อ');
    const doc = join(dir, 'list.xlsx');
    writeFileSync(doc, new Uint8Array(XLSX.write(wb, { type: 'array', bookType: 'xlsx' }) as ArrayBuffer));
    const output = join(dir, 'masked.xlsx');
    const run = leakscan('mask', doc, '-o', output);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout).toContain('masked 2 identifier(s): 2 national_id');
    const masked = XLSX.read(readFileSync(output), { type: 'array' }).Sheets['รายชื่อ']!;
    expect(masked.A2!.c![0]!.t).toBe(`เลขประจำตัวประชาชน X-XXX${dashed(ID).slice(5)}`);
    expect(masked.B2!.v).toBe(`X-XXX${dashed(ID).slice(5)}`);
  });
});

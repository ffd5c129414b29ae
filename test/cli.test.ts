// The command line on real files, as a person or a pipeline runs it.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync, mkdirSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { scanExitCode } from '../cli/scan-command.ts';
import type { DocumentResult } from '../shared/scan.ts';
import { TEST_KEY, dashed, unreadableFinding, withCheckDigit } from './helpers.ts';

const ROOT = resolve(import.meta.dirname, '..');
const BIN = join(ROOT, 'bin', 'leakscan.mjs');

function leakscan(args: string[], options: { input?: string; env?: Record<string, string | undefined> } = {}) {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: ROOT,
    input: options.input,
    encoding: 'utf8',
    env: { ...process.env, LEAKSCAN_FINGERPRINT_KEY: TEST_KEY, ...options.env },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

const ID = withCheckDigit('340100512345');
const ID2 = withCheckDigit('150100598765');

function fixtureDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'leakscan-cli-'));
  mkdirSync(join(dir, 'nested'));
  writeFileSync(join(dir, 'leak.txt'), `ผู้ร้อง นางสมศรี เลขประจำตัวประชาชน ${dashed(ID)} โทร 081-234-5678\n`);
  writeFileSync(join(dir, 'nested', 'partial.txt'), `เลขประจำตัวประชาชน ${ID2.slice(0, 11)}XX\n`);
  writeFileSync(join(dir, 'masked.csv'), `ชื่อ,เลขประจำตัวประชาชน\nนางสมศรี,XXXX${ID.slice(4)}\n`);
  writeFileSync(join(dir, 'scan.png'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]));
  return dir;
}

// Each test starts the CLI (Node and tsx) a few times: seconds each on a loaded 2-core machine.
describe('leakscan scan', { timeout: 60_000 }, () => {
  it('prints the JSON contract, scans directories recursively and goes on past unreadable files', () => {
    const dir = fixtureDir();
    const { code, stdout } = leakscan(['scan', dir, '--format', 'json']);
    // A document that could not be scanned: a publishing gate must not pass the directory.
    expect(code).toBe(2);
    const report = JSON.parse(stdout);
    expect(Object.keys(report)).toEqual(['documents', 'summary']);
    const byName = Object.fromEntries(report.documents.map((d: { path: string }) => [d.path.slice(dir.length + 1), d]));
    expect(Object.keys(byName).sort()).toEqual(['leak.txt', 'masked.csv', 'nested/partial.txt', 'scan.png']);
    expect(byName['scan.png']).toMatchObject({ format: 'png', status: 'error', error: { code: 'corrupt' }, findings: [] });
    const leak = byName['leak.txt'];
    expect(leak).toMatchObject({ format: 'txt', status: 'scanned' });
    expect(leak.findings.map((f: { type: string; status: string }) => `${f.type}/${f.status}`)).toEqual(['national_id/unmasked', 'phone/unmasked']);
    for (const f of leak.findings) {
      expect(Object.keys(f).sort()).toEqual(expect.arrayContaining(['type', 'status', 'fingerprint', 'display', 'location', 'confidence']));
      expect(f.fingerprint).toMatch(/^[0-9a-f]{64}$/);
    }
    expect(byName['nested/partial.txt'].findings[0].status).toBe('insufficient');
    expect(byName['masked.csv'].findings[0]).toMatchObject({ status: 'masked', location: { cell: 'B2' } });
    expect(report.summary).toMatchObject({ documents: 4, scanned: 3, errors: 1, documentsWithLeaks: 2, leaks: 3, errorsByCode: { corrupt: 1 } });
  });

  it('exits 0 without leaks, and --fail-on unmasked lets insufficient masking pass', () => {
    const dir = fixtureDir();
    expect(leakscan(['scan', join(dir, 'masked.csv')]).code).toBe(0);
    expect(leakscan(['scan', join(dir, 'nested')]).code).toBe(1);
    expect(leakscan(['scan', join(dir, 'nested'), '--fail-on', 'unmasked']).code).toBe(0);
  });

  it('exits 2 when a document could not be scanned, even with --exit-zero, unless --allow-unscannable', () => {
    const dir = fixtureDir();
    expect(leakscan(['scan', dir, '--exit-zero']).code).toBe(2);
    expect(leakscan(['scan', dir, '--allow-unscannable']).code).toBe(1);
    expect(leakscan(['scan', dir, '--allow-unscannable', '--exit-zero']).code).toBe(0);
    const { stdout } = leakscan(['scan', dir, '--allow-unscannable']);
    expect(stdout).toContain(`${join(dir, 'scan.png')}  [png]  ERROR corrupt:`);
  });

  it('reports a missing path, a symbolic link loop and a FIFO for themselves, follows linked documents, and scans the rest', () => {
    const dir = fixtureDir();
    symlinkSync(dir, join(dir, 'nested', 'loop'));
    symlinkSync(join(dir, 'leak.txt'), join(dir, 'nested', 'linked.txt'));
    execFileSync('mkfifo', [join(dir, 'nested', 'pipe')]);
    const missing = join(dir, 'missing.txt');
    const { code, stdout } = leakscan(['scan', missing, dir, '--format', 'json']);
    expect(code).toBe(2);
    const report = JSON.parse(stdout);
    const outcome = (d: { path: string; error?: { code: string }; findings: unknown[] }) => [d.path.slice(dir.length + 1), d.error?.code ?? d.findings.length];
    expect(report.documents.map(outcome)).toEqual([
      ['missing.txt', 'unreadable'],
      ['leak.txt', 2],
      ['masked.csv', 1],
      ['nested/linked.txt', 2],
      ['nested/loop', 'unreadable'],
      ['nested/partial.txt', 1],
      ['nested/pipe', 'unsupported_format'],
      ['scan.png', 'corrupt'],
    ]);
    expect(report.documents[4].error.message).toMatch(/^a symbolic link loop/);
  });

  it('says in its help that numbers OCR could not read are listed and do not fail the scan', () => {
    const { code, stdout } = leakscan(['scan', '--help']);
    expect(code).toBe(0);
    expect(stdout.replace(/\s+/g, ' ')).toContain('a number OCR could not read is listed with status unreadable (check it by eye); it is not a leak and does not change the exit code');
  });

  it("shows examples and what each exit code means in every command's help", () => {
    for (const command of [[], ['scan'], ['mask'], ['check'], ['units', 'import'], ['units', 'list'], ['report'], ['upload'], ['upload-url'], ['serve']]) {
      const { code, stdout } = leakscan([...command, '--help']);
      expect(code, command.join(' ')).toBe(0);
      expect(stdout, command.join(' ')).toMatch(/\nExamples:\n {2}\$ (leakscan|npm) .+\n[\s\S]*\nExit codes:\n {2}0 {2}.+\n/);
      expect(stdout, command.join(' ')).toMatch(/\n {2}2 {2}.+\n/);
    }
  });

  it('says what to do when no local stack runs and no AWS account is configured', () => {
    const noAws = Object.fromEntries(
      Object.keys(process.env)
        .filter((name) => name.startsWith('AWS_'))
        .map((name) => [name, undefined]),
    );
    const { code, stderr } = leakscan(['report'], { env: { ...noAws, LEAKSCAN_STATE_DIR: mkdtempSync(join(tmpdir(), 'leakscan-nostack-')) } });
    expect(code).toBe(2);
    expect(stderr).toMatch(/^leakscan: Region is missing: no leakscan serve runs here .*start leakscan serve, or set AWS_REGION and AWS_PROFILE\n$/);
  });

  it('exits 2 on usage errors', () => {
    expect(leakscan(['scan']).code).toBe(2);
    expect(leakscan(['scan', '.', '--format', 'xml']).code).toBe(2);
    expect(leakscan(['scan', '.', '--workers', '0']).code).toBe(2);
    expect(leakscan(['frobnicate']).code).toBe(2);
  });

  it('reads standard input with -', () => {
    const { code, stdout } = leakscan(['scan', '-', '--format', 'json'], { input: `มือถือ 089-123-4567` });
    expect(code).toBe(1);
    expect(JSON.parse(stdout).documents[0]).toMatchObject({ path: '-', status: 'scanned', findings: [{ type: 'phone' }] });
  });

  it('writes SARIF 2.1.0 with one result per leak', () => {
    const dir = fixtureDir();
    const sarif = JSON.parse(leakscan(['scan', dir, '--format', 'sarif']).stdout);
    expect(sarif.version).toBe('2.1.0');
    const run = sarif.runs[0];
    expect(run.tool.driver.name).toBe('leakscan');
    expect(run.results.map((r: { ruleId: string }) => r.ruleId).sort()).toEqual(['national_id/insufficient', 'national_id/unmasked', 'phone/unmasked']);
    const idResult = run.results.find((r: { ruleId: string }) => r.ruleId === 'national_id/unmasked');
    expect(idResult.level).toBe('error');
    expect(idResult.locations[0].physicalLocation.region).toEqual({ startLine: 1, startColumn: 37 });
    expect(run.invocations[0].toolExecutionNotifications).toHaveLength(1);
  });

  it('prints a table for people with a summary line', () => {
    const dir = fixtureDir();
    const { stdout } = leakscan(['scan', dir]);
    expect(stdout).toMatch(/HIGH\s+national_id\s+unmasked\s+X-XXXX-XXXX\d-\d\d-\d\s+line 1, column 37/);
    expect(stdout).toMatch(/ERROR corrupt: the PNG image cannot be read/);
    // The summary, then what was not scanned, last, where a long report is read.
    expect(stdout.trim().split('\n').slice(-3)).toEqual([
      expect.stringMatching(/^4 documents: 3 scanned, 1 not scannable; 2 with leaks; 3 leaks/),
      'not scanned (1):',
      `  ${join(dir, 'scan.png')}  corrupt`,
    ]);
  });

  it('never prints a full identifier, in any format', () => {
    const dir = fixtureDir();
    for (const format of ['table', 'json', 'sarif']) {
      const { stdout, stderr } = leakscan(['scan', dir, '--format', format, '--show-masked']);
      for (const value of [ID, ID2, '0812345678']) {
        expect(stdout.replace(/\D/g, '')).not.toContain(value);
        expect(stderr).not.toContain(value);
      }
    }
  });

  it('generates a fingerprint key once in the state directory when none is configured', () => {
    const state = mkdtempSync(join(tmpdir(), 'leakscan-state-'));
    const env = { LEAKSCAN_FINGERPRINT_KEY: undefined, LEAKSCAN_STATE_DIR: state };
    const run = () => JSON.parse(leakscan(['scan', '-', '--format', 'json'], { input: 'มือถือ 089-123-4567', env }).stdout).documents[0].findings[0].fingerprint;
    const first = run();
    expect(existsSync(join(state, 'fingerprint.key'))).toBe(true);
    expect(readFileSync(join(state, 'fingerprint.key'), 'utf8').trim()).toMatch(/^[0-9a-f]{64}$/);
    expect(run()).toBe(first);
  });

  it('scans the example documents shipped with the project', () => {
    const { code, stdout } = leakscan(['scan', 'examples', '--format', 'json']);
    expect(code).toBe(1);
    const report = JSON.parse(stdout);
    expect(report.summary.errors).toBe(0);
    const leaksOf = (name: string) => report.documents.find((d: { path: string }) => d.path.endsWith(name)).findings.filter((f: { status: string }) => f.status !== 'masked').length;
    expect(leaksOf('masked-list.csv')).toBe(0);
    expect(leaksOf('procurement-winner.txt')).toBe(0);
    expect(leaksOf('flood-relief-windows874.csv')).toBe(12);
  });
});

describe('scanExitCode', () => {
  const options = { failOn: 'insufficient', exitZero: false, allowUnscannable: false } as const;
  const scan = (statuses: string[]): DocumentResult => ({
    path: 'scan.pdf',
    format: 'pdf',
    status: 'scanned',
    findings: statuses.map((status) => (status === 'unreadable' ? unreadableFinding() : { ...unreadableFinding(), status: status as 'unmasked' | 'insufficient' | 'masked' })),
  });

  it('exits 0 on unreadable regions alone: they are listed, not leaks', () => {
    expect(scanExitCode([scan(['unreadable', 'masked'])], options)).toBe(0);
    expect(scanExitCode([scan(['unreadable'])], { ...options, failOn: 'unmasked' })).toBe(0);
  });

  it('exits as for the leaks when there are any beside them', () => {
    expect(scanExitCode([scan(['unreadable']), scan(['insufficient'])], options)).toBe(1);
    expect(scanExitCode([scan(['unreadable', 'insufficient'])], { ...options, failOn: 'unmasked' })).toBe(0);
    expect(scanExitCode([scan(['unreadable', 'unmasked'])], { ...options, exitZero: true })).toBe(0);
    expect(scanExitCode([scan(['unreadable']), { ...scan([]), status: 'error', error: { code: 'corrupt', message: 'x' } }], options)).toBe(2);
  });
});

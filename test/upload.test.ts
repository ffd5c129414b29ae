// `leakscan upload` and `leakscan upload-url` against s3rver (S3) and dynalite (the units
// registry) on 127.0.0.1, read back through a real S3 client.
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GetObjectCommand, ListObjectsV2Command, type S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentClient, putItems } from '../shared/aws/dynamodb.ts';
import { uploadKey } from '../shared/aws/s3.ts';
import { runLeakscan } from './leakscan-process.ts';
import { type LocalAws, startLocalAws } from '../local/aws-servers.ts';

const BUCKET = 'ingest';
const THAI_NAME = 'รายชื่อผู้มีสิทธิ์ รับเบี้ยยังชีพ.csv';

describe('uploadKey', () => {
  it('keeps only the base name, for / and \\ alike', () => {
    expect(uploadKey('u1', 'report.pdf')).toBe('uploads/u1/report.pdf');
    expect(uploadKey('u1', '/home/clerk/docs/report.pdf')).toBe('uploads/u1/report.pdf');
    expect(uploadKey('u1', 'C:\\Users\\clerk\\' + THAI_NAME)).toBe(`uploads/u1/${THAI_NAME}`);
    expect(uploadKey('u1', 'docs\\..\\x/report.pdf')).toBe('uploads/u1/report.pdf');
  });

  it('refuses a unit ID that is not valid, and a path with no file name', () => {
    for (const unit of ['../x', 'a b', '', '.hidden', 'u/1']) expect(() => uploadKey(unit, 'report.pdf')).toThrow(/unit ID .* is not valid/);
    for (const file of ['', '.', '..', 'docs/..', 'docs\\..', '/']) expect(() => uploadKey('u1', file)).toThrow(/no file name/);
  });
});

describe('leakscan upload', { timeout: 60_000 }, () => {
  let aws: LocalAws;
  let files: string;
  let s3: S3Client;
  const env = { LEAKSCAN_BUCKET: BUCKET, LEAKSCAN_UNITS_TABLE: 'units' };

  beforeAll(async () => {
    files = mkdtempSync(join(tmpdir(), 'leakscan-upload-files-'));
    aws = await startLocalAws({ buckets: [BUCKET], tables: { units: ['id'] } });
    s3 = aws.s3;
    await putItems(documentClient(aws.dynamodb), 'units', [{ id: 'u1', name: 'อบต.ทดสอบ' }]);
  });

  afterAll(async () => {
    await aws?.stop();
    rmSync(files, { recursive: true, force: true });
  });

  const leakscan = (args: string[], extraEnv: Record<string, string> = {}) => runLeakscan(args, { ...env, ...extraEnv });

  const file = (name: string, bytes: Uint8Array = randomBytes(2048)) => {
    const path = join(files, name);
    writeFileSync(path, bytes);
    return { path, bytes };
  };
  const stored = async (key: string) => (await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }))).Body!.transformToByteArray();
  const storedKeys = async () => ((await s3.send(new ListObjectsV2Command({ Bucket: BUCKET }))).Contents ?? []).map((o) => o.Key).sort();

  it('uploads the files of a registered unit under uploads/<unitId>/, byte for byte, with no warning', async () => {
    const thai = file(THAI_NAME, new TextEncoder().encode('ชื่อ,ตำแหน่ง\nสมชาย,ปลัด\n'));
    const binary = file('scan.pdf');
    const run = await leakscan(['upload', 'u1', thai.path, binary.path]);
    expect(run.status, run.stderr).toBe(0);
    // The AWS SDK may warn about the Node version; leakscan itself must say nothing.
    expect(run.stderr).not.toContain('leakscan:');
    expect(run.stdout.trim().split('\n')).toEqual([
      `uploaded ${thai.path} → s3://${BUCKET}/uploads/u1/${THAI_NAME} (${thai.bytes.length} bytes)`,
      `uploaded ${binary.path} → s3://${BUCKET}/uploads/u1/scan.pdf (2048 bytes)`,
      '2 files uploaded for unit u1',
    ]);
    expect(await stored(`uploads/u1/${THAI_NAME}`)).toEqual(new Uint8Array(thai.bytes));
    expect(await stored('uploads/u1/scan.pdf')).toEqual(new Uint8Array(binary.bytes));
  });

  it('uploads the files of a unit missing from the registry, with a warning that they count as unassigned', async () => {
    const document = file('unknown.txt');
    const run = await leakscan(['upload', 'u-unknown', document.path]);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toContain('unit u-unknown is not in the registry units: its findings will be counted under "unassigned"');
    expect(await stored('uploads/u-unknown/unknown.txt')).toEqual(new Uint8Array(document.bytes));
  });

  it('still uploads when the registry cannot be read, with a warning', async () => {
    const document = file('no-registry.txt');
    const run = await leakscan(['upload', 'u1', document.path], { LEAKSCAN_UNITS_TABLE: 'no-such-table' });
    expect(run.status, run.stderr).toBe(0);
    expect(run.stderr).toContain('the registry no-such-table could not be checked for unit u1');
    expect(await stored('uploads/u1/no-registry.txt')).toEqual(new Uint8Array(document.bytes));
  });

  it('uploads nothing for a unit ID that is not valid, or when one of the files is missing', async () => {
    const good = [file('good-1.txt'), file('good-2.txt')].map((f) => f.path);
    const before = await storedKeys();
    for (const unit of ['../x', 'a b']) {
      const run = await leakscan(['upload', unit, ...good]);
      expect(run.status).toBe(2);
      expect(run.stderr).toContain(`unit ID "${unit}" is not valid`);
    }
    const missing = join(files, 'missing.pdf');
    const run = await leakscan(['upload', 'u1', good[0]!, missing, good[1]!]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`${missing}: no such file`);
    expect(run.stderr).toContain('nothing was uploaded');
    expect(run.stdout).toBe('');
    expect(await storedKeys()).toEqual(before);
  });

  it('prints a presigned URL through which a document can be PUT without credentials', async () => {
    const run = await leakscan(['upload-url', 'u1', `C:\\scans\\${THAI_NAME}`, '--expires', '600']);
    expect(run.status, run.stderr).toBe(0);
    const url = run.stdout.trim();
    expect(run.stdout).toBe(`${url}\n`);
    expect(new URL(url).searchParams.get('X-Amz-Expires')).toBe('600');
    expect(run.stderr).toContain(`curl -X PUT --upload-file 'C:\\scans\\${THAI_NAME}' '${url}'`);
    const bytes = randomBytes(4096);
    const put = await fetch(url, { method: 'PUT', body: bytes });
    expect(put.status, await put.text()).toBe(200);
    expect(await stored(`uploads/u1/${THAI_NAME}`)).toEqual(new Uint8Array(bytes));
  });

  it('refuses an expiry under a second or over 7 days', async () => {
    for (const expires of ['0', '700000', '1.5', 'soon']) {
      const run = await leakscan(['upload-url', 'u1', 'report.pdf', '--expires', expires]);
      expect(run.status, expires).toBe(2);
      expect(run.stdout).toBe('');
    }
  });
});

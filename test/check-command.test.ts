// `leakscan check` where no scan answers (S3 only): it waits as long as asked, by the clock it is
// given, and reports each draft without a result as not checked (exit 2); a missing file sends nothing.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { checkFiles } from '../cli/check-command.ts';
import { type LocalAws, startLocalAws } from '../local/aws-servers.ts';
import { FakeClock } from './fake-clock.ts';

const BUCKET = 'ingest';
let aws: LocalAws;
let dir: string;

beforeAll(async () => {
  aws = await startLocalAws({ buckets: [BUCKET] });
  dir = mkdtempSync(join(tmpdir(), 'leakscan-check-'));
});
afterAll(async () => {
  await aws?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const options = { unit: 'u1', bucket: BUCKET, format: 'json', failOn: 'insufficient', exitZero: false, timeout: 30 } as const;
const keys = async () => ((await aws.s3.send(new ListObjectsV2Command({ Bucket: BUCKET }))).Contents ?? []).map((o) => o.Key!);

describe('leakscan check', () => {
  it('sends each draft under checks/<unit>/<a random check ID>/, and reports one with no result in time as not checked', async () => {
    const draft = join(dir, 'draft.txt');
    writeFileSync(draft, 'รายชื่อ\n');
    const clock = new FakeClock();
    const out = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(await checkFiles([draft], options, clock)).toBe(2);
      const report = JSON.parse(String(out.mock.calls.at(-1)![0])) as { documents: Array<{ status: string; error: { code: string; message: string } }> };
      expect(report.documents[0]!.error).toMatchObject({ code: 'timeout', message: expect.stringContaining('no result within 30 s') });
    } finally {
      out.mockRestore();
      err.mockRestore();
    }
    // Polled once a second until the deadline, never waiting on the wall clock.
    expect(clock.slept).toEqual(Array(30).fill(1000));
    expect(await keys()).toEqual([expect.stringMatching(/^checks\/u1\/[A-Za-z0-9_-]{24}\/draft\.txt$/)]);
  });

  it('sends nothing when a file is missing', async () => {
    const before = await keys();
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(await checkFiles([join(dir, 'draft.txt'), join(dir, 'missing.txt')], options, new FakeClock())).toBe(2);
      expect(err.mock.calls.map(([text]) => String(text)).join('')).toMatch(/missing\.txt: no such file[\s\S]*nothing was sent/);
    } finally {
      err.mockRestore();
    }
    expect(await keys()).toEqual(before);
  });
});

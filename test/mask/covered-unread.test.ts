// `leakscan mask` on a copy read by OCR, in which regions OCR could not read may be covered: it says so.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { maskCommand } from '../../cli/mask-command.ts';

const verified = vi.hoisted(() => ({ coveredUnread: 0, readByOcr: true }));
vi.mock('../../shared/mask/index.ts', () => ({
  maskVerified: async () => ({ ok: true, format: 'png', bytes: new Uint8Array([1]), changes: [], ...verified }),
}));

describe('leakscan mask, regions covered unread', () => {
  afterEach(() => vi.restoreAllMocks());

  async function run(coveredUnread: number, readByOcr = true): Promise<string> {
    Object.assign(verified, { coveredUnread, readByOcr });
    const dir = mkdtempSync(join(tmpdir(), 'leakscan-unread-'));
    writeFileSync(join(dir, 'scan.png'), 'x');
    const printed: string[] = [];
    vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => printed.push(String(chunk)) > 0);
    expect(await maskCommand(join(dir, 'scan.png'), { output: join(dir, 'masked.png'), keep: 'last', force: false, ocr: 'none' })).toBe(0);
    expect(readFileSync(join(dir, 'masked.png'))).toEqual(Buffer.from([1]));
    return printed.join('');
  }

  it('tells how many regions were covered without being read, to check the copy by eye', async () => {
    expect(await run(2)).toContain('covered 2 region(s) that could not be read: check the copy by eye\n');
  });

  it('says nothing of them when there were none', async () => {
    expect(await run(0)).not.toContain('could not be read');
  });

  it('tells the clerk to check by eye any copy read by OCR, which misses numbers a person sees', async () => {
    expect(await run(0)).toContain('read by OCR: the copy covers only the numbers OCR found or could not read');
    expect(await run(0, false)).not.toContain('read by OCR');
  });
});

// bin/compiled-cli.mjs: the command line is compiled once, compiled again when a source changes,
// and its modules still find their files beside their sources.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { compiledCli } from '../bin/compiled-cli.mjs';

const root = mkdtempSync(join(tmpdir(), 'leakscan-compiled-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function writeSources(answer: string): void {
  mkdirSync(join(root, 'cli'), { recursive: true });
  mkdirSync(join(root, 'shared', 'isolation'), { recursive: true });
  writeFileSync(join(root, 'cli', 'answer.ts'), `export class Answer { constructor(readonly text: string) {} }\nexport const answer = new Answer(${JSON.stringify(answer)});\n`);
  writeFileSync(
    join(root, 'cli', 'main.ts'),
    `export async function main(): Promise<unknown> {\n  const { answer } = await import('./answer.ts');\n  return { text: answer.text, dirname: import.meta.dirname, url: import.meta.url };\n}\n`,
  );
  writeFileSync(join(root, 'shared', 'isolation', 'scan-worker.ts'), 'export const worker: string = "worker";\n');
}

const run = async () => {
  const compiled = await compiledCli(root);
  if (!compiled) throw new Error('not compiled');
  const { main } = (await import(compiled.mainUrl)) as { main: () => Promise<{ text: string; dirname: string; url: string }> };
  return { ...(await main()), ...compiled };
};

describe('compiledCli', () => {
  it('compiles once, again when a source changes, and keeps each module where its source is', async () => {
    writeSources('one');
    const first = await run();
    expect(first.text).toBe('one');
    expect(first.dirname).toBe(join(root, 'cli'));
    expect(first.url).toBe(`file://${join(root, 'cli', 'main.ts')}`);
    expect(first.workerPath).toMatch(/scan-worker\.mjs$/);
    expect((await run()).mainUrl).toBe(first.mainUrl);

    // A module loaded lazily changes: the next start compiles again.
    writeSources('two, changed');
    const second = await run();
    expect(second.mainUrl).not.toBe(first.mainUrl);
    expect(second.text).toBe('two, changed');
  });

  it('gives nothing, to be run through tsx instead, where the sources cannot be compiled', async () => {
    writeFileSync(join(root, 'cli', 'main.ts'), 'export function main( {\n');
    expect(await compiledCli(root)).toBeUndefined();
  });
});

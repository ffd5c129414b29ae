// npm run bench:local — documents per second through the whole local pipeline (`leakscan serve`):
// the example documents put in the ingest bucket under uploads/, S3 events → scan queue → scan →
// findings queue → notify (cases, figures, e-mails), until every queue is empty. Side by side in
// the same process: the same documents scanned directly (scanDocument, no servers, no queues).
// Where the time goes: each function's busy time, summed from its invocations.
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import { fingerprinter } from '../shared/fingerprint.ts';
import { scanDocument } from '../shared/scan.ts';
import { EXAMPLE_UNIT_ID, startLocalStack } from '../local/stack.ts';

const runs = Number(process.env.BENCH_RUNS ?? 3);
const copies = Number(process.env.BENCH_COPIES ?? 20);
const EXAMPLES = resolve(import.meta.dirname, '../examples');
const examples = readdirSync(EXAMPLES).map((name) => ({ name, bytes: readFileSync(join(EXAMPLES, name)) }));
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const documents = copies * examples.length;

const busy: Record<string, number> = {};
const invocations: Record<string, { count: number; records: number }> = {};
const stateDir = mkdtempSync(join(tmpdir(), 'leakscan-bench-'));
const stack = await startLocalStack({
  stateDir,
  ocrEngine: 'none',
  invoked: ({ functionName, ms, records }) => {
    busy[functionName] = (busy[functionName] ?? 0) + ms;
    const seen = (invocations[functionName] ??= { count: 0, records: 0 });
    seen.count++;
    seen.records += records;
  },
});

const pipeline: number[] = [];
const direct: number[] = [];
const shares: Array<Record<string, number>> = [];
for (let run = 0; run < runs; run++) {
  for (const key of Object.keys(busy)) delete busy[key];
  const started = performance.now();
  await Promise.all(
    Array.from({ length: copies }, (_, copy) =>
      Promise.all(examples.map(({ name, bytes }) => stack.aws.s3.send(new PutObjectCommand({ Bucket: stack.bucket, Key: `uploads/${EXAMPLE_UNIT_ID}/run${run}-copy${copy}-${name}`, Body: bytes })))),
    ),
  );
  await stack.settled();
  const seconds = (performance.now() - started) / 1000;
  pipeline.push(documents / seconds);
  shares.push(Object.fromEntries(Object.entries(busy).map(([fn, ms]) => [fn, ms / 1000 / seconds])));

  const fingerprint = fingerprinter('bench');
  const directStart = performance.now();
  for (let copy = 0; copy < copies; copy++) for (const { name, bytes } of examples) await scanDocument(name, bytes, { fingerprint });
  direct.push(documents / ((performance.now() - directStart) / 1000));
}
await stack.stop();
rmSync(stateDir, { recursive: true, force: true });

console.log(`${documents} documents a run (${copies} copies of the ${examples.length} examples), median of ${runs} runs`);
console.log('| run | documents/s | ratio to direct scans |');
console.log('| --- | ---: | ---: |');
console.log(`| direct: scanDocument in this process | ${median(direct).toFixed(1)} | 1.00 |`);
console.log(`| local pipeline: S3 → scan → notify | ${median(pipeline).toFixed(1)} | ${(median(pipeline) / median(direct)).toFixed(3)} |`);
console.log('\nbusy time of each function as a share of the pipeline run (two scan pollers can overlap):');
for (const fn of Object.keys(shares[0] ?? {})) console.log(`- ${fn}: ${(100 * median(shares.map((s) => s[fn] ?? 0))).toFixed(0)}%`);
console.log('\ninvocations over all runs (messages per invocation):');
for (const [fn, { count, records }] of Object.entries(invocations)) console.log(`- ${fn}: ${count} (${(records / count).toFixed(1)})`);

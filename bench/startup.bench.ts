// npm run bench:startup — how long a command takes from start to exit, as a user runs it
// (bin/leakscan.mjs, compiled), beside a bare `node -e 0` started the same way in the same session,
// turn by turn so that machine noise falls on both. Prints the median of BENCH_RUNS starts
// (default 15) of each, and its ratio to node's own start. LEAKSCAN_COMPILE=0 runs the command
// line through tsx's loader instead of compiled, as it ran before.
//   BENCH_RUNS=25 npm run bench:startup
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const runs = Number(process.env.BENCH_RUNS ?? 15);
const root = resolve(import.meta.dirname, '..');
const dir = mkdtempSync(join(tmpdir(), 'leakscan-startup-'));
const oneLine = join(dir, 'one-line.txt');
writeFileSync(oneLine, 'ผู้รับเบี้ยยังชีพ เลขประจำตัวประชาชน 1101700230676 โทร 081-234-5678\n');
const cli = [join(root, 'bin/leakscan.mjs')];

const COMMANDS: Array<[string, string[]]> = [
  ['node -e 0', ['-e', '0']],
  ['leakscan --help', [...cli, '--help']],
  ['leakscan scan one-line.txt', [...cli, 'scan', '--no-progress', oneLine]],
];

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const seconds = (args: string[]): number => {
  const t0 = performance.now();
  const { status, stderr } = spawnSync(process.execPath, args, { cwd: dir, encoding: 'utf8' });
  if (status !== 0 && status !== 1) throw new Error(`${args.join(' ')} exited ${status}: ${stderr}`);
  return (performance.now() - t0) / 1000;
};

// Once each first: the compiled command line is made on its first start after a change.
for (const [, args] of COMMANDS) seconds(args);
const times = COMMANDS.map(() => [] as number[]);
for (let run = 0; run < runs; run++) COMMANDS.forEach(([, args], i) => times[i]!.push(seconds(args)));

const bare = median(times[0]!);
console.log(`${runs} starts each, turn by turn; ${process.env.LEAKSCAN_COMPILE === '0' ? 'through tsx (LEAKSCAN_COMPILE=0)' : 'compiled'}; Node ${process.version}\n`);
console.log('| command | median s | ratio to node -e 0 |\n|---|---:|---:|');
COMMANDS.forEach(([name], i) => console.log(`| ${name} | ${median(times[i]!).toFixed(3)} | ${(median(times[i]!) / bare).toFixed(1)} |`));

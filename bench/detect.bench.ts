// npm run bench:detect — detection throughput on generated Thai text, side by side in the same
// process with the floor any scanner must beat: a plain 13-digit regex plus check digit.
//
// Three texts: the main one (BENCH_MB, default 100 MB) mixes ordinary publications with lists of
// persons (BENCH_LIST_SHARE of the bytes, default 5%); then publications only (the decoys but no
// identifier: the scanning itself), and lists only (BENCH_DENSE_MB, default 20 MB), the worst
// case for the per-identifier work.
import { detectIdentifiers } from '../shared/detect/detect.ts';
import { isValidNationalId } from '../shared/detect/national-id.ts';
import { fingerprinter } from '../shared/fingerprint.ts';
import { generateThaiText } from './thai-text.ts';

const MB = 1024 * 1024;
const runs = Number(process.env.BENCH_RUNS ?? 5);
const fingerprint = fingerprinter('bench-key');

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function measure(label: string, text: string): void {
  const bytes = Buffer.byteLength(text);
  const contenders = {
    baseline: () => {
      let found = 0;
      for (const m of text.matchAll(/\d{13}/g)) if (isValidNationalId(m[0])) found++;
      return found;
    },
    leakscan: () => detectIdentifiers(text, { fingerprint }).length,
  };
  const times = { baseline: [] as number[], leakscan: [] as number[] };
  const counts = { baseline: 0, leakscan: 0 };
  // Alternate the two so that warm-up and machine noise fall on both.
  for (let i = 0; i < runs; i++) {
    for (const name of ['baseline', 'leakscan'] as const) {
      const t0 = process.hrtime.bigint();
      counts[name] = contenders[name]();
      times[name].push(Number(process.hrtime.bigint() - t0) / 1e9);
    }
  }
  const mbps = (name: 'baseline' | 'leakscan') => bytes / MB / median(times[name]);
  console.log(`\n${label}: ${(bytes / MB).toFixed(1)} MB UTF-8, ${Math.round(counts.leakscan / (bytes / MB))} findings per MB; median of ${runs} runs`);
  console.log(`  baseline  /\\d{13}/ + check digit  ${mbps('baseline').toFixed(1).padStart(8)} MB/s  ${median(times.baseline).toFixed(3)} s  (${counts.baseline} valid 13-digit runs)`);
  console.log(`  leakscan  detectIdentifiers       ${mbps('leakscan').toFixed(1).padStart(8)} MB/s  ${median(times.leakscan).toFixed(3)} s  (${counts.leakscan} findings)`);
  console.log(`  ratio leakscan/baseline: ${((100 * mbps('leakscan')) / mbps('baseline')).toFixed(1)}%`);
}

const listShare = Number(process.env.BENCH_LIST_SHARE ?? 0.05);
measure(`mixed publications, ${Math.round(listShare * 100)}% of bytes in lists of persons`, generateThaiText(Number(process.env.BENCH_MB ?? 100) * MB, listShare));
measure('publications only (decoys, no identifier)', generateThaiText(Number(process.env.BENCH_MB ?? 100) * MB, 0));
measure('lists of persons only', generateThaiText(Number(process.env.BENCH_DENSE_MB ?? 20) * MB, 1));
// The floor of the per-identifier work: the keyed fingerprint every finding carries.
const calls = 200_000;
const t0 = process.hrtime.bigint();
for (let i = 0; i < calls; i++) fingerprint('national_id', String(1_000_000_000_000 + i));
console.log(`\nfingerprint (HMAC-SHA256) per identifier: ${(Number(process.hrtime.bigint() - t0) / 1e3 / calls).toFixed(2)} µs`);
console.log('target: leakscan ≥ 40% of the baseline throughput on the mixed text');

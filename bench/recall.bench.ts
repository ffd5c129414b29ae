// npm run bench:recall — generates BENCH_DOCS labelled agency documents (default 3000, spread
// over the six formats) from BENCH_SEED, scans each with leakscan's own scanDocument, and prints
// leak recall and precision per format, per form tag and overall, then the most frequent failure
// classes with examples. A measurement: it always exits 0.
//   BENCH_DOCS=600 BENCH_SEED=1 BENCH_EXAMPLES=2 BENCH_FAILURE_CLASSES=15 npm run bench:recall
import { FORMATS, type Format, generateDocument, pdfUnavailable } from '../test/generate/index.ts';
import { type DocumentScore, type Miss, type Tally, precision, recall, scoreDocument, visible } from '../test/generate/score.ts';

const total = Number(process.env.BENCH_DOCS ?? 3000);
const seed = Number(process.env.BENCH_SEED ?? 1);
const examples = Number(process.env.BENCH_EXAMPLES ?? 2);
const classes = Number(process.env.BENCH_FAILURE_CLASSES ?? 15);

const formats: Format[] = FORMATS.filter((f) => f !== 'pdf' || !pdfUnavailable);
if (pdfUnavailable) console.log(`PDF skipped: ${pdfUnavailable}`);

const pct = (x: number) => (Number.isNaN(x) ? '   n/a' : `${(100 * x).toFixed(2).padStart(6)}%`);
const row = (name: string, s: Tally, width = 40) =>
  `${name.padEnd(width)} ${String(s.tp).padStart(6)} ${String(s.fp).padStart(5)} ${String(s.fn).padStart(5)}  ${pct(recall(s))}  ${pct(precision(s))}`;
const head = (name: string, width = 40) => `${name.padEnd(width)} ${'tp'.padStart(6)} ${'fp'.padStart(5)} ${'fn'.padStart(5)}  ${'recall'.padStart(7)}  ${'precision'.padStart(9)}`;

const scores: DocumentScore[] = [];
const seconds: Record<string, { gen: number; scan: number; docs: number }> = {};
const started = performance.now();
for (let i = 0; i < total; i++) {
  const format = formats[i % formats.length]!;
  const docSeed = seed * 1_000_003 + Math.floor(i / formats.length);
  const t0 = performance.now();
  const doc = generateDocument(docSeed, format);
  const t1 = performance.now();
  scores.push(await scoreDocument(doc));
  const t = (seconds[format] ??= { gen: 0, scan: 0, docs: 0 });
  t.gen += (t1 - t0) / 1000;
  t.scan += (performance.now() - t1) / 1000;
  t.docs++;
  if (process.stderr.isTTY && i % 50 === 0) process.stderr.write(`\r${i}/${total}`);
}
if (process.stderr.isTTY) process.stderr.write('\r');

const sum = (list: DocumentScore[]): Tally => list.reduce((a, s) => ({ tp: a.tp + s.tp, fp: a.fp + s.fp, fn: a.fn + s.fn }), { tp: 0, fp: 0, fn: 0 });

console.log(`\n${total} documents, seed ${seed}, ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
console.log(head('format (leaks: unmasked + insufficient)', 40) + '  docs errors  gen s  scan s');
for (const f of formats) {
  const list = scores.filter((s) => s.format === f);
  const t = seconds[f]!;
  console.log(`${row(f, sum(list))}  ${String(list.length).padStart(4)} ${String(list.filter((s) => s.error).length).padStart(6)} ${t.gen.toFixed(1).padStart(6)} ${t.scan.toFixed(1).padStart(7)}`);
}
console.log(row('overall', sum(scores)));

// Per tag: recall over the labelled leaks written that way, false alarms by the decoy's tags.
const byTag = new Map<string, Tally>();
for (const s of scores)
  for (const [tag, t] of s.byTag) {
    const a = byTag.get(tag) ?? { tp: 0, fp: 0, fn: 0 };
    byTag.set(tag, { tp: a.tp + t.tp, fp: a.fp + t.fp, fn: a.fn + t.fn });
  }
console.log('\n' + head('form tag (sorted by errors)', 48));
const tagErrors = (t: Tally) => t.fn + t.fp;
for (const [tag, t] of [...byTag].filter(([tag]) => tag !== 'all').sort((a, b) => tagErrors(b[1]) - tagErrors(a[1]) || a[0].localeCompare(b[0]))) console.log(row(tag, t, 48));

// Failure classes: a miss is put in the class of its tag with the lowest recall (its likeliest
// cause; tags every miss shares, such as format and status, are left out), a false alarm in the
// class of its decoy kind.
const misses = scores.flatMap((s) => s.misses);
const errorsOfDocs = scores.filter((s) => s.error);
if (errorsOfDocs.length)
  console.log(
    `\ndocuments with errors: ${errorsOfDocs
      .slice(0, 10)
      .map((s) => `${s.document} (${s.error})`)
      .join('; ')}`,
  );
const GENERIC = /^(format|doc|status|type|encoding|layout|label):|^label:header$/;
const tagRecall = (t: string) => {
  const s = byTag.get(t);
  return s ? recall(s) : 1;
};
const classOf = (m: Miss): string => {
  if (m.kind === 'false-alarm') return `false-alarm ${m.tags.find((t) => /^(decoy|misread-labelled):/.test(t)) ?? m.tags[0]} (${m.type}/${m.status})`;
  const specific = m.tags.filter((t) => !GENERIC.test(t));
  const pool = specific.length ? specific : m.tags.filter((t) => !/^(format|doc|status):/.test(t));
  return `missed ${pool.reduce((a, b) => (tagRecall(a) <= tagRecall(b) ? a : b))}`;
};
const grouped = new Map<string, Miss[]>();
for (const m of misses) grouped.set(classOf(m), [...(grouped.get(classOf(m)) ?? []), m]);
console.log(`\n${classes} most frequent failure classes (of ${grouped.size}; ${misses.length} failures):`);
for (const [cls, list] of [...grouped].sort((a, b) => b[1].length - a[1].length).slice(0, classes)) {
  console.log(`\n## ${cls}: ${list.length}`);
  for (const m of list.slice(0, examples)) {
    console.log(`  - ${m.document} ${m.type}/${m.status} [${m.tags.join(', ')}]`);
    console.log(`    text: ${visible(m.context).slice(0, 300)}`);
    if (m.excerpt) console.log(`    reported excerpt: ${visible(m.excerpt)}`);
  }
}
process.exit(0);

// npm run bench:ocr -- [--pages 300] [--seed N] [--workers N] [--only png,jpeg,pdf-image] [--save DIR] [--misses FILE] [--mask]
// npm run bench:ocr -- --memory [--seed N]
// Generates labelled scanned documents (test/generate/scan.ts) until there are --pages pages,
// spread evenly over the formats, then reads them as `leakscan scan` does (the scan pool, its
// workers running Tesseract) and prints leak recall and precision overall, per format, per
// document kind and per form tag, OCR time per page and the workers' peak memory. Documents are
// generated before any is read, so that generating takes no processor time from OCR. With --mask
// (OCR again, at least twice a page) each document is then masked as `leakscan mask` masks it and
// every labelled leak's region checked in the copy (./ocr-mask.ts). --memory measures a worker's
// memory for one long scan instead (./ocr-memory.ts). A measurement: no thresholds, it exits 0.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ScanPool } from '../shared/isolation/scan-pool.ts';
import { TesseractEngine } from '../shared/ocr/tesseract.ts';
import { SCAN_FORMATS, type ScanFormat, type ScannedDocument, generateScan, scanUnavailable } from '../test/generate/index.ts';
import { type DocumentScore, SCORE_KEY, type Tally, compare, precision, recall } from '../test/generate/score.ts';
import { inLanes } from './lanes.ts';
import { MAX_INK_LEFT, type MaskCheck, type RegionCheck, type RegionResult, checkMask } from './ocr-mask.ts';
import { memoryFigure } from './ocr-memory.ts';

const { values: args } = parseArgs({
  options: {
    pages: { type: 'string', default: '300' },
    seed: { type: 'string', default: '1' },
    workers: { type: 'string', default: String(availableParallelism()) },
    only: { type: 'string', default: SCAN_FORMATS.join(',') },
    save: { type: 'string' },
    misses: { type: 'string' },
    mask: { type: 'boolean', default: false },
    memory: { type: 'boolean', default: false },
    // Internal: generates the next documents into --save, from and to its generation.json.
    'generate-in': { type: 'boolean', default: false },
  },
});
const targetPages = Number(args.pages);
const seed = Number(args.seed);
const workers = Number(args.workers);
const formats = args.only.split(',') as ScanFormat[];
const unknown = formats.filter((f) => !SCAN_FORMATS.includes(f));
if (unknown.length) throw new Error(`--only: unknown format ${unknown.join(', ')} (formats: ${SCAN_FORMATS.join(', ')})`);
if (scanUnavailable) throw new Error(`cannot generate scanned documents: ${scanUnavailable}`);
if (args.memory) {
  await memoryFigure(seed);
  process.exit(0);
}

const dir = args.save ? resolve(args.save) : mkdtempSync(join(tmpdir(), 'bench-ocr-'));
mkdirSync(dir, { recursive: true });
const status = (line: string) => process.stderr.isTTY && process.stderr.write(`\r${line}\x1b[K`);

// Each document goes to the format with the fewest pages so far; its seed follows from --seed and its index in that format.
interface Generation {
  pages: Record<ScanFormat, number>;
  count: Record<ScanFormat, number>;
  total: number;
  /** Labels only: the pool reads the files. */
  documents: ScannedDocument[];
}

/**
 * Documents generated in processes of at most this many: drawing pages leaves native memory behind
 * in the canvas library that no collection frees (about 60 MB a page), which 300 pages in one
 * process would pile up past the machine's memory.
 */
const DOCUMENTS_PER_PROCESS = 40;

function generateSome(state: Generation): Generation {
  for (let made = 0; state.total < targetPages && made < DOCUMENTS_PER_PROCESS; made++) {
    const format = formats.reduce((a, b) => (state.pages[b] < state.pages[a] ? b : a));
    const doc = generateScan(seed * 1_000_003 + state.count[format]++, format);
    writeFileSync(join(dir, doc.name), doc.bytes);
    state.documents.push({ ...doc, bytes: new Uint8Array() });
    state.pages[format] += doc.pages;
    state.total += doc.pages;
  }
  return state;
}

const stateFile = join(dir, 'generation.json');
if (args['generate-in']) {
  writeFileSync(stateFile, JSON.stringify(generateSome(JSON.parse(readFileSync(stateFile, 'utf8')) as Generation)));
  process.exit(0);
}
const generating = performance.now();
let generation: Generation = {
  pages: Object.fromEntries(formats.map((f) => [f, 0])) as Record<ScanFormat, number>,
  count: Object.fromEntries(formats.map((f) => [f, 0])) as Record<ScanFormat, number>,
  total: 0,
  documents: [],
};
while (generation.total < targetPages) {
  writeFileSync(stateFile, JSON.stringify(generation));
  const child = spawnSync(process.execPath, [...process.execArgv, process.argv[1]!, ...process.argv.slice(2), '--save', dir, '--generate-in'], { stdio: 'inherit' });
  if (child.status !== 0) throw new Error(`generating documents failed (${child.signal ?? `exit ${child.status}`})`);
  generation = JSON.parse(readFileSync(stateFile, 'utf8')) as Generation;
  status(`generated ${generation.total}/${targetPages} pages`);
}
rmSync(stateFile);
const documents = generation.documents;
const generated = (performance.now() - generating) / 1000;

const pool = new ScanPool({ fingerprintKey: SCORE_KEY, ocr: 'tesseract', size: workers });
const scores: DocumentScore[] = [];
/** Seconds per page of each document: its time in the pool over its pages. */
const perPage: number[] = [];
let done = 0;
const reading = performance.now();
// As many documents at a time as workers: a document's time is its reading, not a wait for a worker.
await inLanes(documents, workers, async (doc) => {
  const started = performance.now();
  const result = await pool.scan({ name: doc.name, source: { path: join(dir, doc.name) } });
  perPage.push((performance.now() - started) / 1000 / doc.pages);
  scores.push(compare(doc, result.findings, result.error && `${result.error.code}: ${result.error.message}`));
  status(`read ${++done}/${documents.length} documents`);
});
const read = (performance.now() - reading) / 1000;
await pool.close();

// Masking in this process, an OCR engine a lane, as the CLI masks.
const masks = new Map<string, MaskCheck>();
const masking = performance.now();
if (args.mask) {
  const engines = Array.from({ length: workers }, () => new TesseractEngine());
  await inLanes(documents, workers, async (doc, lane) => {
    masks.set(doc.name, await checkMask(doc, join(dir, doc.name), engines[lane]!));
    status(`masked ${masks.size}/${documents.length} documents`);
  }).finally(() => Promise.all(engines.map((e) => e.close())));
}
const masked = (performance.now() - masking) / 1000;
status('');

const add = (a: Tally, b: Tally): Tally => ({ tp: a.tp + b.tp, fp: a.fp + b.fp, fn: a.fn + b.fn });
const none: Tally = { tp: 0, fp: 0, fn: 0 };
const kindOf = (name: string) => /^gen-scan-\d+-(.+)\.\w+$/.exec(name)![1]!;
const total = (pick: (s: DocumentScore) => boolean) => scores.filter(pick).reduce(add, none);
const percent = (x: number) => (Number.isNaN(x) ? '–' : `${(100 * x).toFixed(1)}%`);
const printTable = (title: string, headers: string[], rows: Array<[string, Array<string | number>]>) => {
  const width = Math.max(title.length, ...rows.map(([name]) => name.length)) + 2;
  const columns = headers.map((h) => Math.max(10, h.length + 2));
  console.log(`\n${title.padEnd(width)}${headers.map((h, i) => h.padStart(columns[i]!)).join('')}`);
  for (const [name, values] of rows) console.log(`${name.padEnd(width)}${values.map((v, i) => String(v).padStart(columns[i]!)).join('')}`);
};
const table = (title: string, rows: Array<[string, Tally]>) =>
  printTable(
    title,
    ['tp', 'fp', 'fn', 'recall', 'precision'],
    rows.map(([name, t]) => [name, [t.tp, t.fp, t.fn, percent(recall(t)), percent(precision(t))]]),
  );
/** Form tags of at least 10 labelled leaks, but those of format and document kind (tables of their own). */
const reported = (tag: string, leaks: number) => tag !== 'all' && !/^(format|doc):/.test(tag) && leaks >= 10;

const pageCounts = formats.map((f) => `${f} ${generation.pages[f]}`).join(', ');
console.log(`bench:ocr: ${generation.total} pages in ${documents.length} documents (pages: ${pageCounts}), seed ${seed}, ${workers} workers`);
console.log(`generated in ${generated.toFixed(1)} s, read in ${read.toFixed(1)} s; leaks are unmasked and insufficiently masked identifiers`);
table('overall', [['all', total(() => true)]]);
table(
  'format',
  formats.map((f) => [f, total((s) => s.format === f)]),
);
const kinds = [...new Set(documents.map((d) => kindOf(d.name)))].sort();
table(
  'document kind',
  kinds.map((k) => [k, total((s) => kindOf(s.document) === k)]),
);

const byTag = new Map<string, Tally>();
for (const s of scores) for (const [t, tally] of s.byTag) byTag.set(t, add(byTag.get(t) ?? none, tally));
const tags = [...byTag].filter(([t, s]) => reported(t, s.tp + s.fn)).sort((a, b) => recall(a[1]) - recall(b[1]) || a[0].localeCompare(b[0]));
table('form tag (≥ 10 labelled leaks), by recall', tags);

const errors = scores.filter((s) => s.error);
console.log(`\nerrors: ${errors.length ? errors.map((s) => `${s.document} (${s.error})`).join('; ') : 'none'}`);
const sorted = [...perPage].sort((a, b) => a - b);
const quantile = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!.toFixed(1);
console.log(`OCR s/page (a document's time in the pool over its pages): median ${quantile(0.5)}, p90 ${quantile(0.9)}, max ${quantile(1)}`);
console.log(`workers: ${pool.stats.workersStarted} started, peak memory ${(pool.stats.peakWorkerRssBytes / 1024 ** 3).toFixed(2)} GB`);

const checks = documents.flatMap((d) => masks.get(d.name) ?? []);
const regions = checks.flatMap((m) => m.regions.map((r) => ({ document: m.document, ...r })));
const uncovered = regions.filter((r) => r.result === 'ink-left' || r.result === 'digit-read');
if (args.mask) {
  const refused = new Map<string, number>();
  for (const { refused: why } of checks) if (why) refused.set(why, (refused.get(why) ?? 0) + 1);
  const refusedCount = [...refused.values()].reduce((a, b) => a + b, 0);
  const leftIn = checks.filter((m) => m.left > 0);
  console.log(`\nmasking (keep last) in ${masked.toFixed(1)} s: ${checks.length - refusedCount} copies produced, ${refusedCount} refused${[...refused].map(([why, n]) => `; ${n}: ${why}`).join('')}`);
  console.log(`copies whose rescan finds a leak left: ${leftIn.length} (${leftIn.reduce((n, m) => n + m.left, 0)} leaks)`);
  const count = (list: readonly RegionCheck[], result: RegionResult) => list.filter((r) => r.result === result).length;
  console.log(
    `labelled leak regions: ${regions.length}, covered ${count(regions, 'covered')}, not covered ${uncovered.length} ` +
      `(over ${MAX_INK_LEFT * 100}% of the ink still dark ${count(regions, 'ink-left')}, a digit read ${count(regions, 'digit-read')}), in no copy ${count(regions, 'no-copy')}; ` +
      `${regions.filter((r) => r.ink === 0).length} with no ink darker than mid-grey in the original`,
  );
  const byTag = new Map<string, RegionCheck[]>();
  for (const r of regions) for (const t of ['all', ...new Set(r.finding.tags)]) byTag.set(t, [...(byTag.get(t) ?? []), r]);
  const share = (list: RegionCheck[]) => count(list, 'covered') / (list.length - count(list, 'no-copy'));
  const rows = [...byTag].filter(([t, list]) => t === 'all' || t.startsWith('format:') || reported(t, list.length)).sort((a, b) => share(a[1]) - share(b[1]) || a[0].localeCompare(b[0]));
  const results: RegionResult[] = ['covered', 'ink-left', 'digit-read', 'no-copy'];
  printTable(
    'leak regions, by form tag (≥ 10)',
    ['regions', ...results, 'covered'],
    rows.map(([t, list]) => [t, [list.length, ...results.map((r) => count(list, r)), percent(share(list))]]),
  );
}

const misses = scores.flatMap((s) => s.misses);
const missed = misses.filter((m) => m.kind === 'missed').length;
const written = [
  ...misses,
  ...uncovered.map(({ document, finding, region, result, ink, stillDark, digits }) => ({
    document,
    kind: 'uncovered',
    result,
    type: finding.type,
    status: finding.status,
    tags: finding.tags,
    context: finding.context,
    page: region.page,
    box: region.box,
    ink,
    stillDark,
    digits,
  })),
];
if (args.misses) writeFileSync(args.misses, written.map((m) => JSON.stringify({ ...m, ...(args.save && { file: join(dir, m.document) }) })).join('\n') + (written.length ? '\n' : ''));
const uncoveredNote = args.mask ? `, ${uncovered.length} uncovered leak regions` : '';
console.log(`misses: ${missed} missed, ${misses.length - missed} false alarms${uncoveredNote}${args.misses ? ` written to ${args.misses}` : ' (--misses FILE writes them)'}`);
if (args.save) console.log(`documents: ${dir}`);
else rmSync(dir, { recursive: true, force: true });
const repeat = [
  `--pages ${targetPages}`,
  `--seed ${seed}`,
  `--workers ${workers}`,
  `--only ${formats.join(',')}`,
  ...(args.save ? [`--save ${args.save}`] : []),
  ...(args.misses ? [`--misses ${args.misses}`] : []),
  ...(args.mask ? ['--mask'] : []),
];
console.log(`repeat: npm run bench:ocr -- ${repeat.join(' ')}`);
process.exit(0);

// npm run bench:crawl — pages per second the crawler gets from the fixture website on 127.0.0.1
// with politeness off (no delay between requests; still at most 2 at once per host, as deployed),
// so that the code, not waiting, is what is measured. Side by side in the same process:
//  - reference: plain undici GETs of the same URLs, 2 at a time, bodies read and dropped;
//  - the crawler with in-memory stores (the crawl code alone);
//  - the crawler with s3rver and dynalite (the deployed shape, local servers in this process);
// each for a first crawl (everything new: hashed and stored) and a second (everything answered 304).
import { Agent, request } from 'undici';
import { crawlStateStore, documentClient } from '../shared/aws/dynamodb.ts';
import { documentStore } from '../shared/aws/s3.ts';
import { type CrawlReport, type DocumentStore, type UrlState, type UrlStateStore, crawlUnit } from '../shared/crawl/crawl.ts';
import { SafeFetcher } from '../shared/crawl/fetcher.ts';
import { startFixtureSite } from '../test/crawl/fixture-site.ts';
import { startLocalAws } from '../local/aws-servers.ts';

const runs = Number(process.env.BENCH_RUNS ?? 5);
const pages = Number(process.env.BENCH_PAGES ?? 1000);
const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const site = await startFixtureSite({ oversizedBytes: 1000, slowMs: 0, bulkPages: pages });
const aws = await startLocalAws({ buckets: ['bench'], tables: { 'crawl-state': ['unitId', 'url'] } });
const fetcher = new SafeFetcher({ allowLoopback: true });
const job = (unitId: string) => ({ unitId, seeds: [`${site.origin}/`], hosts: ['127.0.0.1'], maxDepth: 20, pageBudget: 100_000 });
const options = { fetcher, robotsAgent: 'leakscan', delayMs: 0, maxPerHost: 2 };

function memoryStores(): { state: UrlStateStore; documents: DocumentStore } {
  const states = new Map<string, UrlState>();
  const objects = new Map<string, Uint8Array>();
  return {
    state: { get: async (unit, url) => states.get(`${unit} ${url}`), put: async (unit, url, s) => void states.set(`${unit} ${url}`, s) },
    documents: { put: async (key, bytes) => void objects.set(key, bytes) },
  };
}

/** Seconds for `fn`, and what it returned. */
async function timed<T>(fn: () => Promise<T>): Promise<[number, T]> {
  const start = process.hrtime.bigint();
  const result = await fn();
  return [Number(process.hrtime.bigint() - start) / 1e9, result];
}

// The URLs a crawl fetches, for the reference run.
const firstReport = await crawlUnit(job('warm-up'), { ...options, ...memoryStores() });
const urls = [...new Set([`${site.origin}/`, ...site.requests.map((r) => `${site.origin}${r.path}`)])];
const reference = new Agent({ connections: 2 });
async function plainGets(): Promise<number> {
  let next = 0;
  const worker = async () => {
    while (next < urls.length) {
      const { body } = await request(urls[next++]!, { dispatcher: reference });
      await body.arrayBuffer();
    }
  };
  await Promise.all([worker(), worker()]);
  return urls.length;
}

const results: Record<string, number[]> = {};
const record = (name: string, seconds: number, fetched: number) => (results[name] ??= []).push(fetched / seconds);
for (let run = 0; run < runs; run++) {
  const [refSeconds, refCount] = await timed(plainGets);
  record('reference: plain GETs', refSeconds, refCount);
  const memory = memoryStores();
  for (const [label, stores] of [
    ['crawler, in-memory stores', memory],
    ['crawler, s3rver + dynalite', { state: crawlStateStore(documentClient(aws.dynamodb), 'crawl-state'), documents: documentStore(aws.s3, 'bench') }],
  ] as const) {
    const unit = `run-${run}-${label.length}`;
    const [firstSeconds, first] = await timed<CrawlReport>(() => crawlUnit(job(unit), { ...options, ...stores }));
    record(`${label}, first crawl`, firstSeconds, first.fetched);
    const [secondSeconds, second] = await timed<CrawlReport>(() => crawlUnit(job(unit), { ...options, ...stores }));
    record(`${label}, second crawl (unchanged)`, secondSeconds, second.fetched);
  }
}

const ref = median(results['reference: plain GETs']!);
console.log(`fixture site: ${urls.length} URLs (${firstReport.fetched} fetched, ${firstReport.stored.length} stored, ${firstReport.skipped.length} skipped per crawl); median of ${runs} runs`);
console.log('| run | pages/s | ratio to plain GETs |');
console.log('| --- | ---: | ---: |');
for (const [name, rates] of Object.entries(results)) console.log(`| ${name} | ${median(rates).toFixed(0)} | ${(median(rates) / ref).toFixed(2)} |`);

await fetcher.close();
await reference.close();
await site.close();
await aws.stop();

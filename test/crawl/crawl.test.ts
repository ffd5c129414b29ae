// A unit's website crawled from a fixture site on 127.0.0.1, its pages and documents stored in
// s3rver and its per-URL state in dynalite, through the real AWS SDK clients.
import { GetObjectCommand, HeadObjectCommand, ListObjectsV2Command } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentClient, crawlStateStore } from '../../shared/aws/dynamodb.ts';
import { documentStore } from '../../shared/aws/s3.ts';
import { type CrawlJob, type CrawlReport, crawlUnit } from '../../shared/crawl/crawl.ts';
import { SafeFetcher } from '../../shared/crawl/fetcher.ts';
import { detectFormat } from '../../shared/extract/format.ts';
import { scanDocument } from '../../shared/scan.ts';
import { fingerprint } from '../helpers.ts';
import { type LocalAws, startLocalAws } from '../../local/aws-servers.ts';
import { FakeClock } from '../fake-clock.ts';
import { type FixtureSite, SITE_ID, startFixtureSite } from './fixture-site.ts';

const BUCKET = 'ingest';
const STATE_TABLE = 'crawl-state';
let aws: LocalAws;
let site: FixtureSite;

beforeAll(async () => {
  aws = await startLocalAws({ buckets: [BUCKET], tables: { [STATE_TABLE]: ['unitId', 'url'] } });
  site = await startFixtureSite({ oversizedBytes: 300_000, slowMs: 5_000, robots: 'User-agent: *\nDisallow: /private/\n' });
});
afterAll(async () => {
  await site?.close();
  await aws?.stop();
});

const crawl = async (job: Partial<CrawlJob> = {}): Promise<CrawlReport> => {
  const fetcher = new SafeFetcher({ allowLoopback: true, timeoutMs: 1_000, maxBytes: 200_000 });
  try {
    return await crawlUnit(
      // The registry (wrongly) lists the metadata address and a private one as the unit's hosts:
      // the SSRF guard, not the host list, must stop them.
      { unitId: 'tambon-test', seeds: [`${site.origin}/`], hosts: ['127.0.0.1', '169.254.169.254', '10.0.0.1'], maxDepth: 3, pageBudget: 100, ...job },
      { fetcher, state: crawlStateStore(documentClient(aws.dynamodb), STATE_TABLE), documents: documentStore(aws.s3, BUCKET), robotsAgent: 'leakscan', delayMs: 0, maxPerHost: 2 },
    );
  } finally {
    await fetcher.close();
  }
};
const pathOf = (url: string) => new URL(url).pathname;
const object = (key: string) => aws.s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));

describe('crawlUnit', { timeout: 60_000 }, () => {
  let first: CrawlReport;
  let firstRequests: typeof site.requests;

  beforeAll(async () => {
    first = await crawl();
    firstRequests = [...site.requests];
  });

  it('stores every page and document of the unit’s site under crawled/<unitId>/<sha256>.<ext>, with its source', async () => {
    const stored = await Promise.all(
      first.stored.map(async (key) => {
        const head = await aws.s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key }));
        return [pathOf(head.Metadata!['source-url']!), key] as const;
      }),
    );
    const bySource = Object.fromEntries(stored);
    expect(Object.keys(bySource).sort()).toEqual([
      '/',
      '/docs/list.csv',
      '/docs/list.docx',
      '/docs/list.ods',
      '/docs/list.pdf',
      '/docs/list.xls',
      '/docs/list.xlsx',
      '/docs/minutes.doc',
      '/docs/moved.csv',
      '/docs/scan.png',
      '/docs/unchanged-etagless.pdf',
      '/embedded/notice.pdf',
      '/news/',
      '/news/2026/',
      '/news/2026/inline-list.html',
      '/news/changing.html',
    ]);
    for (const key of first.stored) expect(key).toMatch(/^crawled\/tambon-test\/[0-9a-f]{64}\.[a-z]+$/);
    const ext = (path: string) => bySource[path]!.split('.').pop();
    expect(['/docs/list.pdf', '/docs/list.docx', '/docs/list.xlsx', '/docs/list.xls', '/docs/list.ods', '/docs/list.csv', '/docs/minutes.doc', '/docs/scan.png', '/'].map(ext)).toEqual([
      'pdf',
      'docx',
      'xlsx',
      'xls',
      'ods',
      'csv',
      'doc',
      'png',
      'html',
    ]);
    const head = await aws.s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: bySource['/docs/moved.csv'] }));
    // The redirect's target is the source, and the unit and time of the fetch are kept.
    expect(head.Metadata).toMatchObject({ 'source-url': `${site.origin}/docs/moved.csv`, 'unit-id': 'tambon-test', 'fetched-at': expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
    // A gzip-encoded response is stored as the document it encodes.
    expect(detectFormat(await (await object(bySource['/embedded/notice.pdf']!)).Body!.transformToByteArray())).toBe('pdf');
    // The inline list on a web page is what the scanner will find.
    const page = await (await object(bySource['/news/2026/inline-list.html']!)).Body!.transformToByteArray();
    const result = await scanDocument('inline-list.html', page, { fingerprint });
    expect(result.findings.map((f) => [f.type, f.status])).toEqual([['national_id', 'unmasked']]);
  });

  it('says why each URL it did not store was left, and never asked for what it must not', () => {
    const reasons = Object.fromEntries(first.skipped.map(({ url, reason }) => [url.replace(site.origin, ''), reason]));
    expect(reasons).toEqual({
      '/private/secret.pdf': 'disallowed by robots.txt',
      '/to-private': `redirected to ${site.origin}/private/secret.pdf: disallowed by robots.txt`,
      '/loop/a': 'more than 5 redirects',
      '/away': expect.stringMatching(/^redirected to http:\/\/localhost:\d+\/docs\/list\.pdf: localhost is not one of the unit's hosts$/),
      '/slow': 'no complete response within 1000 ms',
      '/docs/huge.pdf': '300000 bytes, over the limit of 200000',
      'http://169.254.169.254/latest/meta-data/': expect.stringMatching(/non-public address: 169\.254\.169\.254 is a linkLocal address/),
      'http://10.0.0.1/admin': expect.stringMatching(/non-public address: 10\.0\.0\.1 is a private address/),
      [`/search?cid=${SITE_ID}`]: 'HTTP 404',
    });
    const paths = firstRequests.map((r) => r.path);
    expect(paths).toContain('/robots.txt');
    // Past the depth limit, behind robots.txt, style sheets, other sites: never requested.
    for (const never of ['/private/secret.pdf', '/news/2026/deep/too-deep.pdf', '/style.css', '/elsewhere.pdf']) expect(paths).not.toContain(never);
    expect(paths.filter((p) => p.startsWith('/loop/'))).toHaveLength(6);
    for (const { headers } of firstRequests) expect(headers['user-agent']).toMatch(/^leakscan\/[\d.]+ \(\+https:\/\/\S+; /);
    expect(first.truncated).toBe(false);
  });

  it('on the next crawl asks conditionally, stores only the page that changed, and fetches pages whose links it follows whole', async () => {
    site.bump();
    site.requests.length = 0;
    const second = await crawl();
    expect(second.stored).toHaveLength(1);
    expect(pathOf((await object(second.stored[0]!)).Metadata!['source-url']!)).toBe('/news/changing.html');
    const byPath = Object.fromEntries(site.requests.map((r) => [r.path, r.headers]));
    expect(byPath['/docs/list.pdf']?.['if-none-match']).toMatch(/^"[0-9a-f]{40}"$/);
    expect(byPath['/docs/list.pdf']?.['if-modified-since']).toBe('Sun, 01 Nov 2026 00:00:00 GMT');
    // A page at the depth limit is a leaf: asked conditionally. One with links to follow is read whole.
    expect(byPath['/news/2026/inline-list.html']?.['if-none-match']).toBeDefined();
    expect(byPath['/news/']?.['if-none-match']).toBeUndefined();
    // No validators to send: fetched whole, found unchanged by its hash.
    expect(byPath['/docs/unchanged-etagless.pdf']?.['if-none-match']).toBeUndefined();
    expect(second.unchanged).toBe(first.stored.length - 1);
    const sorted = (skipped: CrawlReport['skipped']) => skipped.map((s) => s.url).sort();
    expect(sorted(second.skipped)).toEqual(sorted(first.skipped));
    const listed = await aws.s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'crawled/tambon-test/' }));
    expect(listed.KeyCount).toBe(first.stored.length + 1);
  });

  it('stops at the page budget and says so', async () => {
    const report = await crawl({ unitId: 'budget-test', pageBudget: 5 });
    expect(report.fetched + report.skipped.length).toBe(5);
    expect(report.truncated).toBe(true);
  });
});

describe('politeness', { timeout: 30_000 }, () => {
  it('keeps to robots.txt Crawl-delay and to two requests at once per host', async () => {
    const polite = await startFixtureSite({ oversizedBytes: 10, slowMs: 0, robots: 'User-agent: leakscan\nCrawl-delay: 0.25\nDisallow: /docs/\n\nUser-agent: *\nDisallow: /\n' });
    const fetcher = new SafeFetcher({ allowLoopback: true });
    // The crawl's clock: its waits pass at once, and are noted.
    const clock = new FakeClock();
    try {
      const report = await crawlUnit(
        { unitId: 'polite', seeds: [`${polite.origin}/`, `${polite.origin}/news/`], hosts: ['127.0.0.1'], maxDepth: 1, pageBudget: 14 },
        { fetcher, state: crawlStateStore(documentClient(aws.dynamodb), STATE_TABLE), documents: documentStore(aws.s3, BUCKET), robotsAgent: 'leakscan', delayMs: 0, maxPerHost: 2, clock },
      );
      // The rules for leakscan, not those for everyone else.
      expect(report.skipped.filter((s) => s.reason === 'disallowed by robots.txt').map((s) => pathOf(s.url))).toContain('/docs/list.pdf');
      const requested = polite.requests.filter((r) => r.path !== '/robots.txt');
      expect(requested.length).toBeGreaterThanOrEqual(4);
      // After robots.txt asked for 250 ms, every request but the first waited its turn, 250 ms
      // after the one before (without the delay none would wait).
      expect(clock.slept).toEqual(requested.slice(1).map(() => 250));
    } finally {
      await fetcher.close();
      await polite.close();
    }
  });

  it('without a delay, still asks one host for at most two things at once', async () => {
    const busy = await startFixtureSite({ oversizedBytes: 10, slowMs: 0, responseDelayMs: 40 });
    const fetcher = new SafeFetcher({ allowLoopback: true, connectionsPerOrigin: 8 });
    try {
      await crawlUnit(
        // More hosts than one, so that the crawler runs more workers than one host may take.
        { unitId: 'busy', seeds: [`${busy.origin}/`], hosts: ['127.0.0.1', 'localhost', 'www.tambon.go.th', 'eservice.tambon.go.th'], maxDepth: 1, pageBudget: 12 },
        { fetcher, state: crawlStateStore(documentClient(aws.dynamodb), STATE_TABLE), documents: documentStore(aws.s3, BUCKET), robotsAgent: 'leakscan', delayMs: 0, maxPerHost: 2 },
      );
      expect(busy.requests.length).toBeGreaterThanOrEqual(12);
      expect(busy.maxConcurrent()).toBe(2);
    } finally {
      await fetcher.close();
      await busy.close();
    }
  });
});

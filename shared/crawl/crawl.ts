// One unit's website crawl: its seed pages, then the links on its own hosts, breadth first, to a
// depth and a page budget. Web pages and documents alike are stored for scanning (lists are often
// published inline), each under its content hash, and only when new or changed: conditional
// requests and a hash per URL keep an unchanged document from being stored, and so scanned, again.
import { createHash } from 'node:crypto';
import { extname } from 'node:path';
import { type Clock, systemClock } from '../clock.ts';
import { decodeText } from '../extract/encoding.ts';
import { type DocumentFormat, detectFormat } from '../extract/format.ts';
import { htmlBlocks } from '../extract/html.ts';
import type { SafeFetcher, Validators } from './fetcher.ts';
import { HostGate } from './host-gate.ts';
import { type RobotsRules, fetchRobots } from './robots.ts';

/** What the planner puts on the crawl queue for each unit (its JSON Schema: crawl-job.schema.json). */
export interface CrawlJob {
  unitId: string;
  seeds: string[];
  /** The unit's own hosts: nothing else is requested. */
  hosts: string[];
  maxDepth: number;
  pageBudget: number;
}

export interface CrawlOptions {
  fetcher: SafeFetcher;
  state: UrlStateStore;
  documents: DocumentStore;
  /** The product token robots.txt rules are matched against. */
  robotsAgent: string;
  /** Least time between two requests to a host (robots.txt may ask for more). */
  delayMs: number;
  maxPerHost: number;
  /** Stop taking new URLs after this time (epoch ms): a Lambda invocation has an end. */
  deadline?: number;
  /** Dates what is stored, spaces requests and tells the deadline. */
  clock?: Clock;
}

/** What is remembered of a URL between crawls. */
export interface UrlState extends Validators {
  sha256: string;
  key: string;
  format: DocumentFormat;
  fetchedAt: string;
}

export interface UrlStateStore {
  get(unitId: string, url: string): Promise<UrlState | undefined>;
  put(unitId: string, url: string, state: UrlState): Promise<void>;
}

export interface DocumentStore {
  put(key: string, bytes: Uint8Array, metadata: Record<string, string>, contentType?: string): Promise<void>;
}

export interface CrawlReport {
  unitId: string;
  /** Responses received (robots.txt not counted). */
  fetched: number;
  /** New or changed pages and documents, stored for scanning. */
  stored: string[];
  unchanged: number;
  /** URLs not fetched or not usable, with the reason. */
  skipped: Array<{ url: string; reason: string }>;
  /** The page budget or the deadline ended the crawl before every link was followed. */
  truncated: boolean;
}

// Links to these are not documents anyone publishes a list in.
const NOT_DOCUMENTS = new Set([
  'css',
  'js',
  'mjs',
  'json',
  'xml',
  'rss',
  'ico',
  'svg',
  'woff',
  'woff2',
  'ttf',
  'otf',
  'eot',
  'mp3',
  'mp4',
  'm4a',
  'avi',
  'mov',
  'wmv',
  'flv',
  'webm',
  'zip',
  'rar',
  '7z',
  'gz',
  'exe',
  'msi',
  'iso',
  'apk',
  'dmg',
]);
const KEY_EXTENSIONS: Partial<Record<DocumentFormat, string>> = { jpeg: 'jpg', 'encrypted-office': 'bin', ole: 'bin' };

export async function crawlUnit(job: CrawlJob, options: CrawlOptions): Promise<CrawlReport> {
  const { fetcher, state, documents } = options;
  const clock = options.clock ?? systemClock;
  const hosts = new Set(job.hosts.map((h) => h.toLowerCase()));
  const gate = new HostGate(options.maxPerHost, options.delayMs, clock);
  const robots = new Map<string, Promise<RobotsRules>>();
  const report: CrawlReport = { unitId: job.unitId, fetched: 0, stored: [], unchanged: 0, skipped: [], truncated: false };
  const seen = new Set<string>();
  const frontier: Array<{ url: string; depth: number }> = [];
  let budget = job.pageBudget;

  const enqueue = (link: string, base: string, depth: number): void => {
    const url = URL.parse(link.trim(), base);
    if (!url) return;
    url.hash = '';
    const ext = extname(url.pathname).slice(1).toLowerCase();
    if (!hosts.has(url.hostname.toLowerCase()) || NOT_DOCUMENTS.has(ext) || seen.has(url.href)) return;
    seen.add(url.href);
    frontier.push({ url: url.href, depth });
  };

  const rulesFor = (url: URL): Promise<RobotsRules> => {
    let rules = robots.get(url.origin);
    if (!rules) {
      rules = fetchRobots(fetcher, url, hosts, options.robotsAgent, gate);
      robots.set(url.origin, rules);
      void rules.then(({ crawlDelay }) => crawlDelay !== undefined && gate.setDelay(url.hostname, crawlDelay * 1000));
    }
    return rules;
  };

  // robots.txt is asked before every request, each redirect included.
  const permits = async (url: URL): Promise<string | undefined> => ((await rulesFor(url)).isAllowed(url.href) ? undefined : 'disallowed by robots.txt');

  const visit = async ({ url, depth }: { url: string; depth: number }): Promise<void> => {
    const target = new URL(url);
    const previous = await state.get(job.unitId, url);
    const followLinks = depth < job.maxDepth;
    // A page whose links are followed is fetched whole (its hash still keeps it from being stored
    // again): its last copy may have left the bucket with the retention period.
    const validators = previous && !(previous.format === 'html' && followLinks) ? previous : {};
    const result = await fetcher.fetch(url, hosts, { validators, gate, permits });
    if (result.outcome === 'refused' || result.outcome === 'failed') return void report.skipped.push({ url, reason: result.reason });
    if (result.outcome === 'http-error') return void report.skipped.push({ url, reason: `HTTP ${result.status}` });
    report.fetched++;
    if (result.outcome === 'not-modified') return void report.unchanged++;
    const { bytes } = result;
    const { format, sha256, key } = fetchedDocument(job.unitId, target, bytes, result.contentType);
    if (!key) {
      report.skipped.push({ url, reason: `not a document (${format})` });
    } else if (previous?.sha256 === sha256) {
      report.unchanged++;
      // New validators for the same bytes: the next request can be answered 304.
      if (result.etag !== previous.etag || result.lastModified !== previous.lastModified) {
        await state.put(job.unitId, url, withValidators({ ...previous, fetchedAt: clock.now().toISOString() }, result));
      }
    } else {
      const fetchedAt = clock.now().toISOString();
      await documents.put(key, bytes, crawledMetadata(result.url, fetchedAt, job.unitId), result.contentType);
      report.stored.push(key);
      await state.put(job.unitId, url, withValidators({ sha256, key, format, fetchedAt }, result));
    }
    if (format === 'html' && followLinks) {
      const page = htmlBlocks(decodeText(bytes));
      const base = (page.base && URL.parse(page.base, result.url)?.href) || result.url;
      for (const link of page.links) enqueue(link, base, depth + 1);
    }
  };

  for (const seed of job.seeds) enqueue(seed, seed, 0);
  // A pool of workers takes URLs breadth first as pages add them; the gate keeps each host's load polite.
  const workers = Math.min(8, options.maxPerHost * Math.max(1, hosts.size));
  let inFlight = 0;
  await new Promise<void>((done, fail) => {
    const pump = (): void => {
      while (inFlight < workers && frontier.length > 0) {
        if (budget <= 0 || (options.deadline !== undefined && clock.now().getTime() > options.deadline)) {
          report.truncated = true;
          frontier.length = 0;
          break;
        }
        budget--;
        inFlight++;
        visit(frontier.shift()!).then(() => {
          inFlight--;
          pump();
        }, fail);
      }
      if (inFlight === 0 && frontier.length === 0) done();
    };
    pump();
  });
  return report;
}

/** A fetched body as the crawl stores it: its hash, its format, and its key (none: not a document). */
export function fetchedDocument(unitId: string, url: URL, bytes: Uint8Array, contentType?: string): { sha256: string; format: DocumentFormat; key?: string } {
  const format = detectFormat(bytes, url.pathname);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  if (format === 'binary' || format === 'empty') return { sha256, format };
  return { sha256, format, key: `crawled/${unitId}/${sha256}.${keyExtension(format, url, contentType)}` };
}

/** What a stored document says of itself (S3 metadata is ASCII: URL.href is percent-encoded). */
export const crawledMetadata = (sourceUrl: string, fetchedAt: string, unitId: string): Record<string, string> => ({ 'source-url': sourceUrl, 'fetched-at': fetchedAt, 'unit-id': unitId });

/** The content hash in a stored document's key, `crawled/<unitId>/<sha256>.<ext>`. */
export const crawledSha256 = (key: string): string | undefined => /^crawled\/[^/]+\/([0-9a-f]{64})\.[a-z0-9]+$/.exec(key)?.[1];

function withValidators(state: UrlState, { etag, lastModified }: Validators): UrlState {
  const { etag: _etag, lastModified: _lastModified, ...rest } = state;
  return { ...rest, ...(etag && { etag }), ...(lastModified && { lastModified }) };
}

function keyExtension(format: DocumentFormat, url: URL, contentType: string | undefined): string {
  if (format === 'txt' && (/csv/i.test(contentType ?? '') || /\.csv$/i.test(url.pathname))) return 'csv';
  return KEY_EXTENSIONS[format] ?? format;
}

// robots.txt, per origin, read once per crawl through the safe fetcher and parsed by
// robots-parser. As RFC 9309 says: a missing file (4xx) allows everything; an unreachable one
// (5xx, network failure) allows nothing, since the site may be struggling.
import robotsParserModule from 'robots-parser';
import type { SafeFetcher } from './fetcher.ts';
import type { HostGate } from './host-gate.ts';

export interface RobotsRules {
  isAllowed(url: string): boolean;
  /** Seconds between requests the site asks for, if any. */
  crawlDelay?: number;
}

// A CommonJS module whose export is the function; its types describe it as an ES default export.
const robotsParser = robotsParserModule as unknown as typeof robotsParserModule.default;

const ALLOW_ALL: RobotsRules = { isAllowed: () => true };
const ALLOW_NONE: RobotsRules = { isAllowed: () => false };

/** The rules for `userAgent` (a product token such as `leakscan`) at the URL's origin. */
export async function fetchRobots(fetcher: SafeFetcher, origin: URL, hosts: ReadonlySet<string>, userAgent: string, gate?: HostGate): Promise<RobotsRules> {
  const robotsUrl = new URL('/robots.txt', origin).href;
  const result = await fetcher.fetch(robotsUrl, hosts, gate ? { gate } : {});
  if (result.outcome === 'http-error' && result.status >= 400 && result.status < 500) return ALLOW_ALL;
  if (result.outcome !== 'fetched') return ALLOW_NONE;
  const robots = robotsParser(robotsUrl, Buffer.from(result.bytes).toString('utf8'));
  const crawlDelay = robots.getCrawlDelay(userAgent);
  // A URL on another origin is "undefined" to the parser: each origin has its own file.
  return { isAllowed: (url) => robots.isAllowed(url, userAgent) !== false, ...(crawlDelay !== undefined && { crawlDelay }) };
}

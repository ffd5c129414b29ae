// The crawler's and the follow-up's web fetcher, from the deployment's settings: apart from the
// other settings, so that a function that fetches nothing (the check API) does not load the HTTP client.
import { DEFAULT_CRAWL_CONTACT, DEFAULT_FETCH_POLICY, SafeFetcher, crawlerUserAgent } from '../shared/crawl/fetcher.ts';
import { integerSetting } from './settings.ts';

/**
 * The safe fetcher as the crawler and the follow-up use it. Loopback is for a site on this
 * machine (tests, `npm start`), never inside AWS Lambda, whatever the switch says.
 */
export function fetcherFromSettings(): SafeFetcher {
  return new SafeFetcher({
    allowLoopback: process.env.LEAKSCAN_CRAWL_ALLOW_LOOPBACK === 'true' && !process.env.AWS_EXECUTION_ENV,
    userAgent: crawlerUserAgent(process.env.CRAWL_CONTACT || DEFAULT_CRAWL_CONTACT),
    timeoutMs: integerSetting('CRAWL_TIMEOUT_MS', DEFAULT_FETCH_POLICY.timeoutMs),
    maxBytes: integerSetting('CRAWL_MAX_BYTES', DEFAULT_FETCH_POLICY.maxBytes),
  });
}

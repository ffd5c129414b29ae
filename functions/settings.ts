// The functions' settings, from the deployment's environment, read when a function's handler is
// built for it (functions/lambda.ts): a missing or malformed one stops the function with its name,
// rather than running with a wrong value.
import { DEFAULT_CRAWL_CONTACT, DEFAULT_FETCH_POLICY, SafeFetcher, crawlerUserAgent } from '../shared/crawl/fetcher.ts';

export function requiredSetting(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is not set`);
  return value;
}

export function integerSetting(name: string, fallback: number): number {
  const value = process.env[name];
  if (value === undefined || value === '') return fallback;
  if (!/^\d+$/.test(value)) throw new Error(`${name} must be a whole number, not "${value}"`);
  return Number(value);
}

/** Who notices come from, where replies go, the PDPC's address, and the clerk page notices point units to. */
export function noticeSettings(): { from: string; replyTo: string; pdpcEmail: string; clerkPageUrl: string } {
  const pdpcEmail = requiredSetting('PDPC_EMAIL');
  // As the deployment's notifyReplyTo: replies go to the PDPC unless configured otherwise.
  return { from: requiredSetting('NOTIFY_FROM'), replyTo: process.env.NOTIFY_REPLY_TO || pdpcEmail, pdpcEmail, clerkPageUrl: requiredSetting('CLERK_PAGE_URL') };
}

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

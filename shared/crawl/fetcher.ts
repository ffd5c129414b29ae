// The safe fetcher: one GET of a URL on a unit's own hosts, through the SSRF guard, with an
// honest User-Agent, a time limit for the whole response, a size limit, conditional requests,
// and redirects followed by hand (at most five, each one checked like the first request).
// Used by the crawler, and by the follow-up that re-checks a case's document.
import { gunzipSync, brotliDecompressSync, inflateSync } from 'node:zlib';
import { Agent, request } from 'undici';
import { type AddressPolicy, blockedLiteral, guardedLookup } from './addresses.ts';
import type { HostGate } from './host-gate.ts';

export interface FetchPolicy extends AddressPolicy {
  userAgent: string;
  /** For the whole response: connection, headers and body. */
  timeoutMs: number;
  maxBytes: number;
  maxRedirects: number;
  /** Connections at once to one origin. */
  connectionsPerOrigin: number;
}

/** Where a site's owner can learn who crawls and why: the PDPC, which runs leakscan. */
export const DEFAULT_CRAWL_CONTACT = 'https://www.pdpc.or.th/';

/** An honest User-Agent: who we are, and how to reach the operator. */
export const crawlerUserAgent = (contact: string): string => `leakscan/0.1 (+${contact}; checks published documents for exposed personal data)`;

export const DEFAULT_FETCH_POLICY: FetchPolicy = {
  userAgent: crawlerUserAgent(DEFAULT_CRAWL_CONTACT),
  timeoutMs: 30_000,
  maxBytes: 50 * 1024 * 1024,
  maxRedirects: 5,
  connectionsPerOrigin: 2,
  allowLoopback: false,
};

/** What was sent last time, for a conditional request. */
export interface Validators {
  etag?: string;
  lastModified?: string;
}

export type FetchOutcome =
  | ({ outcome: 'fetched'; url: string; bytes: Uint8Array; contentType?: string } & Validators)
  | { outcome: 'not-modified'; url: string }
  /** The server answered with an error status (404 and 410 mean the document is gone). */
  | { outcome: 'http-error'; url: string; status: number }
  /** Never requested: not allowed by the rules (another host, a non-public address, a scheme). */
  | { outcome: 'refused'; url: string; reason: string }
  /** Requested, but no usable answer: timeout, too large, network error, too many redirects. */
  | { outcome: 'failed'; url: string; reason: string };

export interface FetchOptions {
  validators?: Validators;
  gate?: HostGate;
  /** Why a request may not be made (e.g. robots.txt), or undefined; asked before every request. */
  permits?: (url: URL) => Promise<string | undefined>;
}

export class SafeFetcher {
  readonly policy: FetchPolicy;
  private readonly agent: Agent;

  constructor(policy: Partial<FetchPolicy> = {}) {
    this.policy = { ...DEFAULT_FETCH_POLICY, ...policy };
    this.agent = new Agent({ connections: this.policy.connectionsPerOrigin, connect: { lookup: guardedLookup(this.policy), timeout: this.policy.timeoutMs } });
  }

  /** Why a URL may not be requested for a unit with these hosts, or undefined. */
  refusal(url: URL, hosts: ReadonlySet<string>): string | undefined {
    if (url.protocol !== 'http:' && url.protocol !== 'https:') return `${url.protocol} is not http or https`;
    if (!hosts.has(url.hostname.toLowerCase())) return `${url.hostname} is not one of the unit's hosts`;
    const blocked = blockedLiteral(url.hostname, this.policy);
    return blocked && `non-public address: ${blocked}`;
  }

  /**
   * GETs the URL, following redirects on the unit's hosts. With a gate, every request (each
   * redirect too) waits its turn at its host; `permits` may refuse any of them (robots.txt).
   */
  async fetch(target: string, hosts: ReadonlySet<string>, options: FetchOptions = {}): Promise<FetchOutcome> {
    const { validators = {}, gate, permits } = options;
    const signal = AbortSignal.timeout(this.policy.timeoutMs);
    let url = new URL(target);
    for (let redirects = 0; ; redirects++) {
      const refused = this.refusal(url, hosts) ?? (await permits?.(url));
      if (refused) return { outcome: 'refused', url: url.href, reason: redirects > 0 ? `redirected to ${url.href}: ${refused}` : refused };
      const at = url;
      const step = await (gate ? gate.run(at.hostname, () => this.request(at, validators, signal)) : this.request(at, validators, signal));
      if (!(step instanceof URL)) return step;
      if (redirects === this.policy.maxRedirects) return { outcome: 'failed', url: url.href, reason: `more than ${this.policy.maxRedirects} redirects` };
      url = step;
    }
  }

  /** One request: its outcome, or where it redirects to. */
  private async request(url: URL, validators: Validators, signal: AbortSignal): Promise<FetchOutcome | URL> {
    try {
      const response = await request(url, {
        dispatcher: this.agent,
        signal,
        headers: {
          'user-agent': this.policy.userAgent,
          accept: '*/*',
          'accept-encoding': 'gzip, deflate, br',
          ...(validators.etag && { 'if-none-match': validators.etag }),
          ...(validators.lastModified && { 'if-modified-since': validators.lastModified }),
        },
      });
      const header = (name: string): string | undefined => {
        const value = response.headers[name];
        return Array.isArray(value) ? value[0] : value;
      };
      const { statusCode } = response;
      if (statusCode !== 200) {
        await response.body.dump();
        const location = header('location');
        if (statusCode >= 300 && statusCode < 400 && statusCode !== 304 && location) return new URL(location, url);
        return statusCode === 304 ? { outcome: 'not-modified', url: url.href } : { outcome: 'http-error', url: url.href, status: statusCode };
      }
      const declared = Number(header('content-length') ?? 0);
      if (declared > this.policy.maxBytes) {
        response.body.destroy();
        return { outcome: 'failed', url: url.href, reason: `${declared} bytes, over the limit of ${this.policy.maxBytes}` };
      }
      const raw = await readLimited(response.body, this.policy.maxBytes);
      if (!raw) return { outcome: 'failed', url: url.href, reason: `over the limit of ${this.policy.maxBytes} bytes` };
      const bytes = decode(raw, header('content-encoding'), this.policy.maxBytes);
      if (!bytes) return { outcome: 'failed', url: url.href, reason: `decompresses to over the limit of ${this.policy.maxBytes} bytes` };
      const fetched: FetchOutcome = { outcome: 'fetched', url: url.href, bytes };
      const contentType = header('content-type');
      const etag = header('etag');
      const lastModified = header('last-modified');
      if (contentType) fetched.contentType = contentType;
      if (etag) fetched.etag = etag;
      if (lastModified) fetched.lastModified = lastModified;
      return fetched;
    } catch (err) {
      const blocked = blockedCause(err);
      if (blocked) return { outcome: 'refused', url: url.href, reason: `non-public address: ${blocked}` };
      if (signal.aborted) return { outcome: 'failed', url: url.href, reason: `no complete response within ${this.policy.timeoutMs} ms` };
      return { outcome: 'failed', url: url.href, reason: err instanceof Error ? err.message : String(err) };
    }
  }

  async close(): Promise<void> {
    await this.agent.close();
  }
}

/** The body, or undefined as soon as it passes `maxBytes` (then it is not read further). */
async function readLimited(body: AsyncIterable<Uint8Array> & { destroy(): unknown }, maxBytes: number): Promise<Uint8Array | undefined> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of body) {
    size += chunk.length;
    if (size > maxBytes) {
      body.destroy();
      return undefined;
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/** A compressed body, inflated no further than `maxBytes` (a small gzip can hold gigabytes). */
function decode(bytes: Uint8Array, encoding: string | undefined, maxBytes: number): Uint8Array | undefined {
  const inflate = { gzip: gunzipSync, 'x-gzip': gunzipSync, deflate: inflateSync, br: brotliDecompressSync }[encoding?.trim().toLowerCase() ?? ''];
  if (!inflate) return bytes;
  try {
    return inflate(bytes, { maxOutputLength: maxBytes });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') return undefined;
    throw err;
  }
}

function blockedCause(err: unknown): string | undefined {
  for (let e = err as { code?: string; message?: string; cause?: unknown } | undefined; e; e = e.cause as typeof e) {
    if (e.code === 'LEAKSCAN_BLOCKED_ADDRESS') return e.message;
  }
  return undefined;
}

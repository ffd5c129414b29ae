// The SSRF guard and the safe fetcher against a real HTTP server on 127.0.0.1.
import { type Server, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { blockedReason, guardedLookup } from '../../shared/crawl/addresses.ts';
import { SafeFetcher } from '../../shared/crawl/fetcher.ts';

describe('blockedReason', () => {
  const strict = { allowLoopback: false };
  it.each([
    ['169.254.169.254', 'linkLocal'],
    ['10.0.0.1', 'private'],
    ['172.16.5.4', 'private'],
    ['192.168.1.1', 'private'],
    ['100.64.0.1', 'carrierGradeNat'],
    ['127.0.0.1', 'loopback'],
    ['0.0.0.0', 'unspecified'],
    ['::1', 'loopback'],
    ['::ffff:10.0.0.1', 'private'],
    ['::ffff:169.254.169.254', 'linkLocal'],
    ['fd00:ec2::254', 'uniqueLocal'],
    ['fe80::1', 'linkLocal'],
    ['224.0.0.1', 'multicast'],
  ])('refuses %s (%s)', (address, range) => {
    expect(blockedReason(address, strict)).toContain(range);
  });

  it('allows public addresses, and loopback only when switched on', () => {
    expect(blockedReason('203.150.0.1', strict)).toBeUndefined();
    expect(blockedReason('2001:4860:4860::8888', strict)).toBeUndefined();
    expect(blockedReason('127.0.0.1', { allowLoopback: true })).toBeUndefined();
    expect(blockedReason('10.0.0.1', { allowLoopback: true })).toContain('private');
    expect(blockedReason('169.254.169.254', { allowLoopback: true })).toContain('linkLocal');
  });

  it('refuses a name when any address it resolves to is not public (checked at connection time)', async () => {
    const resolver = (addresses: string[]) =>
      ((_host: string, _opts: unknown, cb: (err: null, a: Array<{ address: string; family: number }>) => void) =>
        cb(
          null,
          addresses.map((address) => ({ address, family: 4 })),
        )) as never;
    const lookup = (addresses: string[]) =>
      new Promise<unknown>((done) => guardedLookup({ allowLoopback: false }, resolver(addresses))('site.go.th', { all: true }, (err, address) => done(err ?? address)));
    expect(await lookup(['203.150.0.1'])).toEqual([{ address: '203.150.0.1', family: 4 }]);
    expect(String(await lookup(['203.150.0.1', '169.254.169.254']))).toMatch(/site\.go\.th resolves to 169\.254\.169\.254 is a linkLocal address/);
  });
});

describe('SafeFetcher', () => {
  let server: Server;
  let port: number;
  const seen: string[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push(req.url!);
      if (req.url === '/drip') {
        // Headers at once, then a body that never ends: the whole-response limit must end it.
        res.writeHead(200, { 'content-type': 'text/plain' });
        res.write('a');
        return;
      }
      if (req.url === '/unsized') {
        res.writeHead(200, { 'content-type': 'text/plain' });
        for (let i = 0; i < 40; i++) res.write(Buffer.alloc(1024, 0x61));
        return res.end();
      }
      if (req.url === '/to-metadata') {
        res.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' });
        return res.end();
      }
      if (req.url === '/to-ftp') {
        res.writeHead(302, { location: 'ftp://127.0.0.1/x' });
        return res.end();
      }
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(() => {
    server.closeAllConnections();
    return new Promise<void>((done) => server.close(() => done()));
  });

  const hosts = new Set(['127.0.0.1', 'localhost', '169.254.169.254']);

  it('never connects to loopback unless allowed: by literal, by name after DNS, in decimal or mapped form', async () => {
    const strict = new SafeFetcher({ allowLoopback: false });
    const before = seen.length;
    for (const url of [`http://127.0.0.1:${port}/`, `http://localhost:${port}/`, `http://2130706433:${port}/`, `http://[::ffff:127.0.0.1]:${port}/`]) {
      const result = await strict.fetch(url, new Set([...hosts, '[::ffff:7f00:1]']));
      expect(result, url).toMatchObject({ outcome: 'refused', reason: expect.stringMatching(/non-public address/) });
    }
    expect(seen.length).toBe(before);
    await strict.close();
    const local = new SafeFetcher({ allowLoopback: true });
    expect(await local.fetch(`http://localhost:${port}/`, hosts)).toMatchObject({ outcome: 'fetched' });
    await local.close();
  });

  it('checks every redirect, ends a response that takes too long, and stops reading at the size limit', async () => {
    const fetcher = new SafeFetcher({ allowLoopback: true, timeoutMs: 300, maxBytes: 10_000 });
    expect(await fetcher.fetch(`http://127.0.0.1:${port}/to-metadata`, hosts)).toMatchObject({
      outcome: 'refused',
      reason: expect.stringMatching(/^redirected to http:\/\/169\.254\.169\.254\/.*linkLocal/),
    });
    expect(await fetcher.fetch(`http://127.0.0.1:${port}/to-ftp`, hosts)).toMatchObject({ outcome: 'refused', reason: expect.stringMatching(/ftp: is not http or https/) });
    expect(await fetcher.fetch(`http://127.0.0.1:${port}/drip`, hosts)).toMatchObject({ outcome: 'failed', reason: 'no complete response within 300 ms' });
    expect(await fetcher.fetch(`http://127.0.0.1:${port}/unsized`, hosts)).toMatchObject({ outcome: 'failed', reason: 'over the limit of 10000 bytes' });
    await fetcher.close();
  });
});

// An agency website served on 127.0.0.1 by the tests themselves: nested pages, documents in every
// format the crawler looks for, robots.txt rules, redirects (a loop, one to another host), a slow
// response, an oversized file, links to non-public addresses, and a page that changes between
// crawls. Every request is logged, so tests can assert what was (and was not) asked for.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { docx, docxXml, pdf, pngHeader, workbook } from '../extract/fixtures.ts';
import { withCheckDigit } from '../helpers.ts';

export const SITE_ID = withCheckDigit('310140012345');

export interface SiteRequest {
  path: string;
  headers: IncomingHttpHeaders;
}

export interface FixtureSite {
  origin: string;
  port: number;
  requests: SiteRequest[];
  /** The most requests the site was answering at once. */
  maxConcurrent(): number;
  /** Changes /news/changing.html for the next crawl. */
  bump(): void;
  /** Publishes a document at the path, or replaces it. */
  setDocument(path: string, contentType: string, bytes: Uint8Array): void;
  /** Takes a document down: the path answers 404. */
  removeDocument(path: string): void;
  close(): Promise<void>;
}

export interface FixtureOptions {
  /** Bytes of /docs/huge.pdf: set it over the crawler's size limit. */
  oversizedBytes: number;
  /** How long /slow waits before it answers. */
  slowMs: number;
  robots?: string;
  /** How long every response waits (to see requests overlap). */
  responseDelayMs?: number;
  /** Extra pages, for benchmarks: /bulk/<n>.html, each linking on to the next few. */
  bulkPages?: number;
}

const ROWS = [
  ['ลำดับ', 'ชื่อ-สกุล', 'เลขประจำตัวประชาชน'],
  ['1', 'นางสมศรี ใจดี', SITE_ID],
];

/** Documents by path: [content type, bytes]. */
async function documents(): Promise<Record<string, [string, Uint8Array]>> {
  const csv = ROWS.map((r) => r.join(',')).join('\n');
  return {
    '/docs/list.pdf': ['application/pdf', await pdf([[`1  Somsri Jaidee  ${SITE_ID}`]])],
    '/docs/list.docx': ['application/vnd.openxmlformats-officedocument.wordprocessingml.document', docx({ body: docxXml.para(docxXml.run(`นางสมศรี ใจดี ${SITE_ID}`)) })],
    '/docs/list.xlsx': ['application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', workbook([{ name: 'รายชื่อ', rows: ROWS }], 'xlsx')],
    '/docs/list.xls': ['application/vnd.ms-excel', workbook([{ name: 'รายชื่อ', rows: ROWS }], 'biff8')],
    '/docs/list.ods': ['application/vnd.oasis.opendocument.spreadsheet', workbook([{ name: 'รายชื่อ', rows: ROWS }], 'ods')],
    // Served as a download, its type only in the name.
    '/docs/list.csv': ['application/octet-stream', Buffer.from(csv)],
    '/docs/minutes.doc': ['application/msword', readFileSync(resolve(import.meta.dirname, '../fixtures/legacy/minutes.doc'))],
    '/docs/scan.png': ['image/png', pngHeader(40, 20)],
    '/docs/moved.csv': ['text/csv; charset=utf-8', Buffer.from(csv + '\n2,นายสมชาย ใจดี,' + withCheckDigit('110170020345'))],
    '/docs/unchanged-etagless.pdf': ['application/pdf', await pdf([['no validators here']])],
    '/embedded/notice.pdf': ['application/pdf', await pdf([[`notice  ${SITE_ID}`]])],
  };
}

const page = (title: string, body: string) => `<!doctype html><html lang="th"><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1>${body}</body></html>`;
const links = (...hrefs: string[]) => hrefs.map((h) => `<a href="${h}">${h}</a>`).join('\n');

export async function startFixtureSite(options: FixtureOptions): Promise<FixtureSite> {
  const docs = await documents();
  const requests: SiteRequest[] = [];
  let version = 1;
  let origin = '';
  const pages = (): Record<string, string> => ({
    '/': page(
      'องค์การบริหารส่วนตำบลทดสอบ',
      links(
        '/news/',
        'docs/list.pdf',
        '/docs/list.docx',
        '/docs/list.xlsx',
        '/docs/list.xls',
        '/docs/list.ods',
        '/docs/list.csv',
        '/docs/minutes.doc',
        '/docs/scan.png',
        '/docs/unchanged-etagless.pdf',
        '/private/secret.pdf',
        '/loop/a',
        '/moved',
        '/to-private',
        '/away',
        '/slow',
        '/docs/huge.pdf',
        '/style.css',
        '#top',
        'http://169.254.169.254/latest/meta-data/',
        'http://10.0.0.1/admin',
        'mailto:saraban@example.go.th',
        'https://www.example.com/elsewhere.pdf',
        'http://[not a url',
        // A person's number in a link (a search on the site): it must not reach logs.
        `/search?cid=${SITE_ID}`,
        ...(options.bulkPages ? ['/bulk/0.html'] : []),
      ) + `<iframe src="/embedded/notice.pdf"></iframe>`,
    ),
    '/news/': page('ข่าวประชาสัมพันธ์', links('2026/', 'changing.html')),
    '/news/2026/': page('ข่าวปี 2569', links('inline-list.html')),
    '/news/2026/inline-list.html': page(
      'ประกาศรายชื่อผู้มีสิทธิ์',
      `<table><tr><th>ชื่อ</th><th>เลขประจำตัวประชาชน</th></tr><tr><td>นางสมศรี ใจดี</td><td>${SITE_ID}</td></tr></table>` + links('deep/too-deep.pdf'),
    ),
    '/news/changing.html': page('ประกาศ', `<p>ฉบับที่ ${version}</p>`),
  });

  let active = 0;
  let maxActive = 0;
  const server: Server = createServer((req, res) => {
    maxActive = Math.max(maxActive, ++active);
    res.on('close', () => active--);
    if (options.responseDelayMs) setTimeout(() => answer(req, res), options.responseDelayMs);
    else answer(req, res);
  });
  const answer = (req: IncomingMessage, res: ServerResponse): void => {
    const url = new URL(req.url ?? '/', origin);
    requests.push({ path: url.pathname, headers: req.headers });
    const send = (status: number, type: string, body: Uint8Array | string, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': type, 'content-length': String(Buffer.byteLength(body)), ...headers });
      res.end(body);
    };
    // ETag and Last-Modified on everything but one document, honoured as HTTP says.
    const conditional = (type: string, body: Uint8Array | string, validators = true) => {
      const etag = `"${createHash('sha1').update(body).digest('hex')}"`;
      if (validators && req.headers['if-none-match'] === etag) return send(304, type, '', { etag });
      send(200, type, body, validators ? { etag, 'last-modified': new Date(Date.UTC(2026, 10, 1)).toUTCString() } : {});
    };
    const path = url.pathname;
    if (path === '/robots.txt') return options.robots === undefined ? send(404, 'text/plain', 'not found') : send(200, 'text/plain', options.robots);
    if (path === '/loop/a' || path === '/loop/b') return send(302, 'text/plain', '', { location: path === '/loop/a' ? '/loop/b' : '/loop/a' });
    if (path === '/moved') return send(301, 'text/plain', '', { location: '/docs/moved.csv' });
    if (path === '/to-private') return send(302, 'text/plain', '', { location: '/private/secret.pdf' });
    if (path === '/away') return send(302, 'text/plain', '', { location: origin.replace('127.0.0.1', 'localhost') + '/docs/list.pdf' });
    if (path === '/slow') return void setTimeout(() => !res.destroyed && send(200, 'text/html', page('ช้า', '')), options.slowMs);
    if (path === '/docs/huge.pdf') return send(200, 'application/pdf', Buffer.alloc(options.oversizedBytes, 0x25));
    if (path === '/embedded/notice.pdf') return send(200, 'application/pdf', gzipSync(docs['/embedded/notice.pdf']![1]), { 'content-encoding': 'gzip' });
    const bulk = /^\/bulk\/(\d+)\.html$/.exec(path);
    if (bulk && options.bulkPages) {
      const n = Number(bulk[1]);
      const next = [1, 2, 3].map((d) => n * 3 + d).filter((m) => m < options.bulkPages!);
      return conditional('text/html; charset=utf-8', page(`หน้า ${n}`, `<p>ประกาศที่ ${n}</p>` + links(...next.map((m) => `/bulk/${m}.html`))));
    }
    const html = pages()[path];
    if (html) return conditional('text/html; charset=utf-8', html);
    const doc = docs[path];
    if (doc) return conditional(doc[0], doc[1], path !== '/docs/unchanged-etagless.pdf');
    send(404, 'text/html', page('ไม่พบหน้า', ''));
  };
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;
  return {
    origin,
    port,
    requests,
    maxConcurrent: () => maxActive,
    bump: () => void version++,
    setDocument: (path, contentType, bytes) => void (docs[path] = [contentType, bytes]),
    removeDocument: (path) => void delete docs[path],
    close: () => {
      server.closeAllConnections();
      return new Promise((done) => server.close(() => done()));
    },
  };
}

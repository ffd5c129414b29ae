// An agency's website on 127.0.0.1, made of the project's example documents: a home page that
// links a news page and every document, for the local crawl to find.
import { readFile, readdir } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join } from 'node:path';

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.csv': 'text/csv',
  '.pdf': 'application/pdf',
  '.docx': 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
};

const page = (title: string, body: string) => `<!doctype html><html lang="th"><head><meta charset="utf-8"><title>${title}</title></head><body><h1>${title}</h1>${body}</body></html>`;

export async function startExampleSite(directory: string, port = 0): Promise<{ url: string; close(): Promise<void> }> {
  const files = (await readdir(directory)).filter((name) => CONTENT_TYPES[extname(name)]).sort();
  const links = files.map((name) => `<li><a href="/documents/${encodeURIComponent(name)}">${name}</a></li>`).join('');
  const pages: Record<string, string> = {
    '/': page('องค์การบริหารส่วนตำบลตัวอย่าง', '<p><a href="/news/">ข่าวประชาสัมพันธ์</a></p>'),
    '/news/': page('ข่าวประชาสัมพันธ์และประกาศ', `<ul>${links}</ul>`),
    '/robots.txt': 'User-agent: *\nAllow: /\n',
  };
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    const send = (status: number, type: string, body: string | Buffer) => res.writeHead(status, { 'content-type': type }).end(body);
    if (pages[path] !== undefined) return send(200, path.endsWith('.txt') ? CONTENT_TYPES['.txt']! : CONTENT_TYPES['.html']!, pages[path]!);
    const name = path.startsWith('/documents/') ? path.slice('/documents/'.length) : '';
    // Only the listed files: no path reaches outside the directory.
    if (!files.includes(name)) return send(404, CONTENT_TYPES['.html']!, page('ไม่พบหน้า', ''));
    readFile(join(directory, name)).then(
      (bytes) => send(200, CONTENT_TYPES[extname(name)]!, bytes),
      () => send(500, 'text/plain', 'unreadable'),
    );
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    close: () => {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

// The PDPC dashboard of `leakscan serve`: a small HTTP server on 127.0.0.1 with a JSON API over
// the local stack's tables and bucket, and the page that reads it (index.html, app.js, style.css
// beside this file, the look it shares with the clerk page, clerk/base.css, and the Thai labels
// made from shared/thai-labels.ts, the e-mails' own: the only files it serves); beside it, the
// clerk page with its sign-in and API stand-ins (../clerk-site.ts). Like the e-mails, nothing it answers holds a full identifier: findings go
// out as their masked display and a described location, never with their excerpt, and numbers in
// document addresses are masked.
import { readFile } from 'node:fs/promises';
import { type IncomingMessage, type Server, type ServerResponse, createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { S3Client } from '@aws-sdk/client-s3';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { CaseStore } from '../../shared/aws/case-store.ts';
import { getItem, metricsOfScope, monthGroups, queryAll } from '../../shared/aws/dynamodb.ts';
import { readObject } from '../../shared/aws/s3.ts';
import { type KeepSide, maskVerified } from '../../shared/mask/index.ts';
import type { OcrEngine } from '../../shared/ocr/engine.ts';
import { UnitDirectory } from '../../shared/aws/unit-directory.ts';
import { CASE_STATES, type CaseSummaryItem, InvalidFilter, caseFilterOf, hoursLeft, isOverdue, matchesFilter } from '../../shared/cases/case-list.ts';
import { type MetricsItem, type StoredCase, monthKey, monthOf, monthOfKey } from '../../shared/cases/model.ts';
import { type RegistryItem, monthOfRegistryKey, registryKey } from '../../shared/cases/registry-figures.ts';
import { type ReportRow, aggregateGroup, daysOfMonth, monthsEndingWith, reportRows, thaiDay } from '../../shared/cases/report.ts';
import { THAI_LABELS_MODULE } from '../../shared/thai-labels.ts';
import { maskAddress, maskedCopyName, openableAddress } from '../../shared/masking.ts';
import { describeLocationInThai } from '../../shared/report/location.ts';
import { type Finding, countOfStatus, isRecoverable } from '../../shared/types.ts';
import type { Unit } from '../../shared/units.ts';
import type { ClerkSite } from '../clerk-site.ts';

export interface DashboardOptions {
  port: number; // 0 = any
  db: DynamoDBDocumentClient;
  /** The crawl's state, for a unit page's crawl health; without it the page has none. */
  tables: { cases: string; metrics: string; units: string; crawlState?: string };
  s3: S3Client;
  bucket: string;
  mailboxUrl: string; // aws-ses-v2-local's page, linked from the dashboard
  /** The clerk page, its sign-in and its API, served beside the dashboard. */
  clerkSite?: ClerkSite;
  runCrawl: () => Promise<unknown>; // "crawl now" button
  runFollowUp: () => Promise<unknown>; // "follow up now" button
  /** Reads scanned documents for their masked copies; without one those are refused. */
  ocr?: OcrEngine;
  now?: () => Date;
}

/** The largest request body read (a check's metadata, a sign-in form): a file goes to S3, not here. */
const MAX_BODY_BYTES = 64 * 1024;
/** The largest stored document masked for the analyst. */
const MAX_DOCUMENT_BYTES = 50 * 1024 * 1024;
/** Cases per page of the list, by default and at most. */
const DEFAULT_PAGE = 50;
const MAX_PAGE = 100;
/** Queries one page of the list may make: a filter that matches few cases gives a short page and a cursor rather than more. */
const MAX_LIST_REQUESTS = 6;
/** Months the trend shows. */
const TREND_MONTHS = 12;
// A unit imported while the stack runs shows under its name within this time.
const UNIT_NAME_TTL_MS = 60_000;

const STATIC_DIRECTORY = import.meta.dirname;
const STATIC_FILES: Record<string, { file: string; type: string }> = {
  '/': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/index.html': { file: 'index.html', type: 'text/html; charset=utf-8' },
  '/app.js': { file: 'app.js', type: 'text/javascript; charset=utf-8' },
  '/style.css': { file: 'style.css', type: 'text/css; charset=utf-8' },
  // The look and the page-building helpers the dashboard shares with the clerk page, deployed with the clerk page.
  '/base.css': { file: '../../clerk/base.css', type: 'text/css; charset=utf-8' },
  '/dom.js': { file: '../../clerk/dom.js', type: 'text/javascript; charset=utf-8' },
};
const MAILBOX_PLACEHOLDER = '{{mailboxUrl}}';
/** The page's Thai names of types, statuses and severities, the e-mails' own (app.js imports them from here). */
const THAI_LABELS_PATH = '/thai-labels.js';
/** GET /api/cases/<caseId>: one case; GET /api/cases/<caseId>/masked-copy: its document, X4-masked. */
const CASE_PATH = '/api/cases/';
/** GET /api/units/<unitId>: a unit's page. */
const UNIT_PATH = '/api/units/';
const MASKED_COPY = 'masked-copy';

/** A refusal with its HTTP status; its message goes to the client. */
class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

interface Reply {
  status: number;
  type: string;
  body: string | Buffer | Uint8Array;
  /** A file to save rather than show: its name. */
  download?: string;
  /** Added to the server's own headers, or replacing them (the clerk page's CSP, a redirect's location). */
  headers?: Record<string, string>;
}
interface ApiRequest {
  req: IncomingMessage;
  query: URLSearchParams;
  /** The rest of the path after a route's prefix (the case ID of /api/cases/<id>). */
  rest: string;
}
type Route = (request: ApiRequest) => Promise<Reply>;

const json = (value: unknown, status = 200): Reply => ({ status, type: 'application/json; charset=utf-8', body: JSON.stringify(value ?? null) });

export async function startDashboard(options: DashboardOptions): Promise<{ url: string; close(): Promise<void> }> {
  const routes = dashboardRoutes(options);
  const server = createServer((req, res) => {
    void respond(req, res, routes, portOf(server), options.clerkSite);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', resolve);
  });
  return { url: `http://127.0.0.1:${portOf(server)}/`, close: () => closeServer(server) };
}

const portOf = (server: Server): number => (server.address() as AddressInfo).port;

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.close((err) => (err ? reject(err) : resolve()));
    // A browser's keep-alive connections would hold the server open.
    server.closeAllConnections();
  });
}

// ---------------------------------------------------------------------------------------------
// HTTP: routing, refusals, headers.

async function respond(req: IncomingMessage, res: ServerResponse, routes: Map<string, Route>, port: number, clerkSite: ClerkSite | undefined): Promise<void> {
  let reply: Reply;
  try {
    reply = await routeReply(req, routes, port, clerkSite);
  } catch (err) {
    const status = err instanceof HttpError ? err.status : 500;
    // A message may name an object key, which may hold a person's number.
    reply = json({ error: maskAddress((err as Error).message) }, status);
  }
  res.writeHead(reply.status, {
    'content-type': reply.type,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
    // Everything the page uses is served from here: no CDN, no inline script.
    'content-security-policy': "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'",
    'referrer-policy': 'no-referrer',
    // A body left unread (a refused upload) is read and dropped, so that the client gets to read the answer.
    ...(!req.complete && { connection: 'close' }),
    ...(reply.download && { 'content-disposition': `attachment; filename*=UTF-8''${encodeURIComponent(reply.download)}` }),
    ...reply.headers,
  });
  if (!req.complete) req.resume();
  res.end(reply.body);
}

async function routeReply(req: IncomingMessage, routes: Map<string, Route>, port: number, clerkSite: ClerkSite | undefined): Promise<Reply> {
  if (!isFromDashboard(req, port)) throw new HttpError(403, 'requests come from the dashboard page only');
  // Files are served by exact path from the route table, never by joining a path: however a path
  // is written (`..`, `%2e%2e`), it names one of the page's files or none.
  const url = new URL(req.url ?? '/', 'http://127.0.0.1');
  const clerkReply = await clerkSite?.reply(req, url, () => readBody(req, MAX_BODY_BYTES));
  if (clerkReply) return clerkReply;
  const prefix = [CASE_PATH, UNIT_PATH].find((p) => url.pathname.startsWith(p));
  const [path, rest] = prefix ? [prefix, url.pathname.slice(prefix.length)] : [url.pathname, ''];
  const route = routes.get(`${req.method} ${path}`);
  if (route) return route({ req, query: url.searchParams, rest });
  const known = [...routes.keys()].some((key) => key.endsWith(` ${path}`));
  throw known ? new HttpError(405, `${req.method} is not allowed here`) : new HttpError(404, 'not found');
}

/**
 * Only the dashboard's own page may use it: another host name means DNS rebinding, and a POST
 * from another origin is another site's page acting (uploading, crawling) in the user's browser.
 */
function isFromDashboard(req: IncomingMessage, port: number): boolean {
  const { host, origin } = req.headers;
  if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) return false;
  return req.method === 'GET' || origin === undefined || origin === `http://${host}`;
}

/** The request body, 413 beyond `limit` bytes. */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const tooLarge = () => new HttpError(413, `the request is larger than ${limit / 1024} kB`);
  if (Number(req.headers['content-length'] ?? 0) > limit) return Promise.reject(tooLarge());
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      // Past the limit the rest is read and dropped (a promise settles once).
      if (size > limit) reject(tooLarge());
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

// ---------------------------------------------------------------------------------------------
// The API.

/** Longer text is no case's or unit's ID (and longer than a DynamoDB key may be). */
const MAX_ID_LENGTH = 200;

function dashboardRoutes(options: DashboardOptions): Map<string, Route> {
  const now = options.now ?? (() => new Date());
  const store = new CaseStore(options.db, options.tables);
  const units = new UnitDirectory(options.db, options.tables.units, UNIT_NAME_TTL_MS);
  const unitName = async (unitId: string): Promise<string | null> => (await units.get(unitId))?.name ?? null;

  // The page's files are read (and the mailbox link filled in) once.
  const routes = new Map<string, Route>(
    Object.entries(STATIC_FILES).map(([path, { file, type }]) => {
      const body = staticFile(file, options.mailboxUrl);
      return [`GET ${path}`, async () => ({ status: 200, type, body: await body })];
    }),
  );
  routes.set(`GET ${THAI_LABELS_PATH}`, async () => ({ status: 200, type: 'text/javascript; charset=utf-8', body: THAI_LABELS_MODULE }));
  routes.set('GET /api/overview', async ({ query }) => json(await overview(options, query, now())));
  routes.set('GET /api/cases', async ({ query }) => {
    const at = now();
    const limit = Number(query.get('limit') ?? DEFAULT_PAGE);
    if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE) throw new HttpError(400, `limit must be a whole number from 1 to ${MAX_PAGE}`);
    const asked = await refusingInvalid(() => caseFilterOf(query));
    const cursor = query.get('cursor') || undefined;
    // A search for a case's ID finds that case in one read; for a unit's ID, the unit's index
    // (the text otherwise filters the newest cases page by page, and a year of them is thousands).
    const id = asked.text && asked.text.length <= MAX_ID_LENGTH ? asked.text : undefined;
    const named = id && !cursor ? await store.get(id) : undefined;
    if (named?.state) return json({ cases: matchesFilter(named, { ...asked, text: undefined }, at) ? [caseSummary(named, at)] : [], next: null });
    const filter = id && !asked.unitId && (await units.get(id)) ? { ...asked, unitId: id, text: undefined } : asked;
    const page = await refusingInvalid(() => store.listCases(filter, { limit, ...(cursor && { cursor }), maxRequests: MAX_LIST_REQUESTS, now: at }));
    return json({ cases: page.cases.map((c) => caseSummary(c, at)), next: page.next });
  });
  routes.set(`GET ${UNIT_PATH}`, async ({ rest }) => json(await unitPage(options, store, decodedSegment(rest), now())));
  routes.set(`GET ${CASE_PATH}`, async ({ rest, query }) => {
    const [caseId, part] = rest.split('/');
    const stored = caseId ? await store.get(decodedSegment(caseId)) : undefined;
    // The table also holds change markers, which have no state.
    if (!stored?.state || (part !== undefined && part !== MASKED_COPY)) throw new HttpError(404, 'no such case');
    if (part === MASKED_COPY) return maskedCopy(options, stored, query.get('keep') === 'first' ? 'first' : 'last');
    return json(caseDetail(stored, stored.unitName ?? (await unitName(stored.unitId)), now()));
  });
  routes.set('POST /api/crawl', async () => json(await options.runCrawl()));
  routes.set('POST /api/follow-up', async () => json(await options.runFollowUp()));
  return routes;
}

/**
 * The case's stored document, masked by the X4 rule and scanned again (the same check as
 * `leakscan mask`): 422 with the reason when it cannot be masked safely.
 */
async function maskedCopy({ s3, ocr }: DashboardOptions, stored: StoredCase, keep: KeepSide): Promise<Reply> {
  const { bucket, key } = stored.document;
  const { bytes } = await readObject(s3, { bucket, key }, MAX_DOCUMENT_BYTES);
  const verified = await maskVerified(bytes, key, keep, ocr);
  if (!verified.ok) throw new HttpError(422, verified.reason);
  return { status: 200, type: 'application/octet-stream', body: verified.bytes, download: maskedCopyName(key) };
}

/** A file of the page; the page's mailbox link is filled in (escaped as an attribute value). */
async function staticFile(file: string, mailboxUrl: string): Promise<Buffer> {
  const content = await readFile(join(STATIC_DIRECTORY, file));
  if (file !== 'index.html') return content;
  const attribute = mailboxUrl.replace(/[&"<>]/g, (ch) => `&#${ch.charCodeAt(0)};`);
  return Buffer.from(content.toString('utf8').replaceAll(MAILBOX_PLACEHOLDER, attribute));
}

function decodedSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new HttpError(400, 'the case ID is not a valid URL segment');
  }
}

/**
 * A month's figures (default: this month in Thailand), from pre-added scopes, in six requests:
 * the twelve months ending with it (scope all), its days (scope all), its kinds and provinces
 * (the byDay index's month partition), the registry's figures as the crawl planner last counted
 * them in the month (its `registry#` partition), and the registry's twelve months (scope all).
 * No request reads every unit or every day.
 */
async function overview({ db, tables }: DashboardOptions, query: URLSearchParams, at: Date) {
  const month = query.get('month') || monthOf(thaiDay(at));
  if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(month)) throw new HttpError(400, 'month must be YYYY-MM');
  const months = monthsEndingWith(month, TREND_MONTHS);
  const [monthItems, dayItems, { kinds, provinces, registry: registryItems }, registryMonths] = await Promise.all([
    metricsOfScope(db, tables.metrics, 'all', monthKey(months[0]!), monthKey(month)),
    metricsOfScope(db, tables.metrics, 'all', `${month}-01`, `${month}-31`),
    monthGroups(db, tables.metrics, month),
    metricsOfScope(db, tables.metrics, 'all', registryKey(months[0]!), registryKey(month)) as unknown as Promise<RegistryItem[]>,
  ]);
  const registryOf = (m: string) => {
    const item = registryMonths.find((i) => monthOfRegistryKey(i.day) === m);
    return item ? registryCounts(item) : null;
  };
  const all = registryItems.find((item) => item.scope === 'all');
  return {
    month,
    months: monthRows(months, monthItems).map((row) => ({ ...row, registry: registryOf(row.group) })),
    days: reportRows(dayItems, 'day', daysOfMonth(month)),
    total: monthRows([month], monthItems)[0]!,
    byKind: withRegistry(reportRows(kinds, 'kind', []), registryItems, 'kind#'),
    byProvince: withRegistry(reportRows(provinces, 'province', []), registryItems, 'province#'),
    registry: all ? { countedAt: all.countedAt, all: registryCounts(all) } : null,
  };
}

/** A row per month (YYYY-MM) from a scope's month items (`month#…`), empty for a month without one. */
const monthRows = (months: readonly string[], items: readonly MetricsItem[]): ReportRow[] =>
  months.map((m) =>
    aggregateGroup(
      m,
      items.filter((item) => monthOfKey(item.day) === m),
    ),
  );

const registryCounts = ({ Units, UnitsWithCoordinator, UnitsWithWebsite, WebsitesUnreachable }: RegistryItem) => ({
  units: Units,
  unitsWithCoordinator: UnitsWithCoordinator,
  unitsWithWebsite: UnitsWithWebsite,
  websitesUnreachable: WebsitesUnreachable,
});

/**
 * Each kind's (province's) row with its registry's figures (null when the month has none), and a
 * row for each kind the registry has that checked nothing in the month: a group none of whose
 * units was checked is a finding too.
 */
function withRegistry(rows: ReportRow[], registry: RegistryItem[], prefix: string) {
  const counted = new Map(registry.filter((item) => item.scope.startsWith(prefix)).map((item) => [item.scope.slice(prefix.length), registryCounts(item)]));
  const unchecked = [...counted.keys()].filter((group) => !rows.some((row) => row.group === group)).sort((a, b) => a.localeCompare(b, 'th'));
  return [...rows, ...unchecked.map((group) => aggregateGroup(group, []))].map((row) => ({ ...row, registry: counted.get(row.group) ?? null }));
}

/**
 * A unit's page: its registry entry, its twelve months of figures, its newest cases and what the
 * crawl holds of its website; a few requests, whatever the number of units.
 */
async function unitPage({ db, tables }: DashboardOptions, store: CaseStore, unitId: string, at: Date) {
  const unit = await getItem<Unit>(db, tables.units, { id: unitId });
  if (!unit) throw new HttpError(404, 'no such unit');
  const months = monthsEndingWith(monthOf(thaiDay(at)), TREND_MONTHS);
  const [monthItems, cases, crawl] = await Promise.all([
    metricsOfScope(db, tables.metrics, `unit#${unitId}`, monthKey(months[0]!), monthKey(months.at(-1)!)),
    store.listCases({ states: CASE_STATES, unitId }, { limit: DEFAULT_PAGE, maxRequests: 2, now: at }),
    tables.crawlState ? crawledPages(db, tables.crawlState, unitId) : Promise.resolve(undefined),
  ]);
  return {
    unit: {
      id: unit.id,
      name: unit.name,
      kind: unit.kind,
      province: unit.province,
      district: unit.district ?? null,
      websites: unit.websites,
      contactEmails: unit.contactEmails,
      supervisorEmail: unit.supervisorEmail ?? null,
      coordinator: unit.coordinator ?? null,
    },
    months: monthRows(months, monthItems),
    cases: cases.cases.map((c) => caseSummary(c, at)),
    crawl: crawlView(unit, crawl),
  };
}

/**
 * The unit's crawl health: its last crawl (on its registry entry: responses, documents stored, why
 * nothing was fetched) and what the crawl holds of its website.
 */
function crawlView({ crawl: last }: Unit, held: Awaited<ReturnType<typeof crawledPages>>) {
  if (!last && !held) return null;
  return {
    lastCrawledAt: last?.at ?? held?.lastCrawledAt ?? null,
    ...(last && { pages: last.fetched, stored: last.stored, unreachable: last.fetched === 0, lastError: last.error ?? null }),
    ...(held && { documents: held.documents, recentDocuments: held.recentDocuments }),
  };
}

/** Documents of a unit's website its page lists: the last fetched. */
const RECENT_DOCUMENTS = 20;

/**
 * What the crawl keeps of a unit's website (a page budget's worth at most): how many pages and
 * documents, when it last fetched one, and the last fetched, each by its address as it opens.
 */
async function crawledPages(db: DashboardOptions['db'], table: string, unitId: string) {
  const pages = await queryAll<{ url: string; fetchedAt?: string; format?: string }>(db, {
    TableName: table,
    KeyConditionExpression: 'unitId = :unit',
    ExpressionAttributeValues: { ':unit': unitId },
    ProjectionExpression: '#url, fetchedAt, #format',
    ExpressionAttributeNames: { '#url': 'url', '#format': 'format' },
  });
  if (pages.length === 0) return undefined;
  const newest = pages.filter((p) => p.fetchedAt).sort((a, b) => b.fetchedAt!.localeCompare(a.fetchedAt!));
  return {
    documents: pages.length,
    lastCrawledAt: newest[0]?.fetchedAt ?? null,
    recentDocuments: newest.slice(0, RECENT_DOCUMENTS).map((p) => ({ url: openableAddress(p.url) ?? maskAddress(p.url), fetchedAt: p.fetchedAt!, format: p.format ?? null })),
  };
}

/** A bad filter or cursor as a 400 with its message. */
async function refusingInvalid<T>(read: () => T | Promise<T>): Promise<T> {
  try {
    return await read();
  } catch (err) {
    if (err instanceof InvalidFilter) throw new HttpError(400, err.message);
    throw err;
  }
}

/** A case as the list shows it: where it is, how urgent, its address masked for reading and, for a web page, openable. */
function caseSummary(c: CaseSummaryItem, at: Date) {
  return {
    caseId: c.caseId,
    unitId: c.unitId,
    unitName: c.unitName ?? null,
    kind: c.kind ?? null,
    province: c.province ?? null,
    // A document's address may carry a person's number, as in the e-mails and logs; a web page's
    // is shown as it opens (its host whole), a bucket key with every long number masked.
    documentId: (c.document.sourceUrl && openableAddress(c.documentId)) || maskAddress(c.documentId),
    documentUrl: c.document.sourceUrl ? (openableAddress(c.document.sourceUrl) ?? null) : null,
    severity: c.severity,
    state: c.state,
    openedAt: c.openedAt,
    deadline: c.deadline ?? null,
    overdue: isOverdue(c, at),
    hoursLeft: hoursLeft(c, at),
    leaks: c.counts.leaks,
    unreadable: countOfStatus(c.counts.byTypeAndStatus, 'unreadable'),
  };
}

/** A case as its page shows it: findings without their excerpt (the text around an identifier). */
function caseDetail(c: StoredCase, unitName: string | null, at: Date) {
  const { document } = c;
  return {
    ...caseSummary(c, at),
    unitName,
    claimedUnitId: document.claimedUnitId ?? null,
    document: {
      format: document.format,
      origin: document.origin,
      key: maskAddress(document.key),
      sourceUrl: document.sourceUrl ? (openableAddress(document.sourceUrl) ?? maskAddress(document.sourceUrl)) : null,
    },
    severityReasons: c.severityReasons,
    scannedAt: c.scannedAt,
    findings: c.findings.map((f) => ({ ...findingView(f), candidates: f.candidates ?? null, recoverable: isRecoverable(f) })),
    findingsTruncated: c.findingsTruncated ?? false,
    // Not leaks: shown apart, for the analyst to check by eye.
    unreadable: (c.unreadable ?? []).map(findingView),
    counts: c.counts,
    history: c.history,
    emails: c.emails.map(({ kind, at: sentAt, to, cc }) => ({ kind, at: sentAt, to, cc })),
  };
}

/** A finding without its excerpt: where it is, in words. */
function findingView({ display, type, status, location: { excerpt: _excerpt, ...location } }: Finding) {
  return { display, type, status, where: describeLocationInThai(location) };
}

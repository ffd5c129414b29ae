// The crawl planner and the crawler functions, as Lambda runs them, against local AWS-compatible
// servers (dynalite, local-aws-sqs, s3rver) and the fixture website on 127.0.0.1.
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type CrawlerDeps, createHandler as createCrawler } from '../../functions/ingest/crawler.ts';
import { createHandler as createPlanner } from '../../functions/ingest/planner.ts';
import { fetcherFromSettings } from '../../functions/fetcher-settings.ts';
import { crawlStateStore, documentClient, getItem, putItems, scanItems } from '../../shared/aws/dynamodb.ts';
import { crawlHealthStore } from '../../shared/aws/unit-directory.ts';
import { type RegistryItem, registryKey } from '../../shared/cases/registry-figures.ts';
import { monthOf } from '../../shared/cases/model.ts';
import { thaiDay } from '../../shared/cases/report.ts';
import type { Unit } from '../../shared/units.ts';
import { documentStore } from '../../shared/aws/s3.ts';
import { systemClock } from '../../shared/clock.ts';
import type { CrawlJob } from '../../shared/crawl/crawl.ts';
import { SafeFetcher } from '../../shared/crawl/fetcher.ts';
import { type FixtureSite, SITE_ID, startFixtureSite } from '../crawl/fixture-site.ts';
import { type LocalAws, startLocalAws } from '../../local/aws-servers.ts';
import { lambdaContext, sqsRecord } from './lambda-events.ts';

const BUCKET = 'ingest';
let aws: LocalAws;
let site: FixtureSite;
let crawlerDeps: CrawlerDeps;

beforeAll(async () => {
  aws = await startLocalAws({ buckets: [BUCKET], tables: { units: ['id'], 'crawl-state': ['unitId', 'url'], metrics: ['scope', 'day'] }, queues: ['crawl'] });
  site = await startFixtureSite({ oversizedBytes: 300_000, slowMs: 5_000, robots: 'User-agent: *\nDisallow: /private/\n' });
  await putItems(documentClient(aws.dynamodb), 'units', [
    { id: 'tambon-a', name: 'อบต.ก', kind: 'อบต.', province: 'ชัยภูมิ', websites: [`${site.origin}/`], hosts: ['127.0.0.1'], coordinator: 'dpo@tambon-a.go.th' },
    { id: 'tambon-b', name: 'อบต.ข', kind: 'อบต.', province: 'ชัยภูมิ', websites: [], hosts: [] },
  ]);
  crawlerDeps = {
    // The site is on this machine; its /slow and /docs/huge.pdf are over these limits.
    fetcher: new SafeFetcher({ allowLoopback: true, timeoutMs: 1000, maxBytes: 200_000 }),
    state: crawlStateStore(documentClient(aws.dynamodb), 'crawl-state'),
    documents: documentStore(aws.s3, BUCKET),
    delayMs: 0,
    maxPerHost: 2,
    clock: systemClock,
    health: crawlHealthStore(documentClient(aws.dynamodb), 'units'),
  };
});
afterAll(async () => {
  await crawlerDeps?.fetcher.close();
  await site?.close();
  await aws?.stop();
});

const planner = () =>
  createPlanner({
    db: documentClient(aws.dynamodb),
    unitsTable: 'units',
    metricsTable: 'metrics',
    sqs: aws.sqs,
    crawlQueueUrl: aws.queueUrls.crawl!,
    limits: { maxDepth: 3, pageBudget: 100 },
    clock: systemClock,
  })();
/** The registry's figures the planner wrote for this month (in Thailand), by scope. */
const registry = async () =>
  Object.fromEntries(
    (await scanItems<RegistryItem>(documentClient(aws.dynamodb), 'metrics'))
      .filter((item) => item.day === registryKey(monthOf(thaiDay())))
      .map(({ scope, day: _day, countedAt: _at, ...counts }) => [scope, counts]),
  );

describe('crawl planner and crawler functions', { timeout: 60_000 }, () => {
  let job: string;

  it('the planner puts one job per unit with a website on the crawl queue, and counts the registry: units, coordinators on record, websites', async () => {
    expect(await planner()).toEqual({ units: 2, jobs: 1 });
    const { Messages = [] } = await aws.sqs.send(new ReceiveMessageCommand({ QueueUrl: aws.queueUrls.crawl, MaxNumberOfMessages: 10 }));
    expect(Messages).toHaveLength(1);
    job = Messages[0]!.Body!;
    expect(JSON.parse(job) as CrawlJob).toEqual({ unitId: 'tambon-a', seeds: [`${site.origin}/`], hosts: ['127.0.0.1'], maxDepth: 3, pageBudget: 100 });
    expect(await registry()).toEqual({
      all: { Units: 2, UnitsWithCoordinator: 1, UnitsWithWebsite: 1, WebsitesUnreachable: 0 },
      'kind#อบต.': { Units: 2, UnitsWithCoordinator: 1, UnitsWithWebsite: 1, WebsitesUnreachable: 0 },
      'province#ชัยภูมิ': { Units: 2, UnitsWithCoordinator: 1, UnitsWithWebsite: 1, WebsitesUnreachable: 0 },
    });
  });

  it('the crawler stores the unit’s pages and documents, and fails only a message that is not a job, saying why', async () => {
    const crawler = createCrawler(crawlerDeps);
    // Everything the function prints: its logs (errors on standard error) and its EMF metrics.
    const printed: string[] = [];
    const writes = [process.stdout, process.stderr].map((stream) => vi.spyOn(stream, 'write').mockImplementation((chunk) => printed.push(String(chunk)) > 0));
    const notAJob = JSON.stringify({ unitId: '../x', seeds: [`https://tambon.go.th/search?cid=${SITE_ID}`], hosts: [], maxDepth: 1, pageBudget: 1 });
    const response = await crawler({ Records: [sqsRecord(job, 'job'), sqsRecord(notAJob, 'bad')] }, lambdaContext('crawler', 120_000)).finally(() => writes.forEach((w) => w.mockRestore()));
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'bad' }]);
    const output = printed.join('');
    const refused = output.split('\n').find((line) => line.includes('crawl job refused'));
    expect(JSON.parse(refused!)).toMatchObject({ messageId: 'bad', reason: 'the crawl job does not conform to its schema: /unitId must match pattern "^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$"' });
    expect(output).toContain('"message":"unit crawled"');
    expect(output).toMatch(/"DocumentsStored":\[?16/);
    // The site links to a search with a person's number in it: logged, masked.
    expect(output).toContain('/search?cid=');
    expect(output).not.toContain(SITE_ID);
    const listed = await aws.s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'crawled/tambon-a/' }));
    expect(listed.KeyCount).toBe(16);
    // Each stored object raised the S3 event that starts the scan pipeline.
    expect(aws.s3Events.filter((e) => e.includes('ObjectCreated') && e.includes('crawled/tambon-a/'))).toHaveLength(16);
    // What the crawl gave, on the unit's registry entry.
    expect((await getItem<Unit>(documentClient(aws.dynamodb), 'units', { id: 'tambon-a' }))!.crawl).toEqual({ at: expect.any(String), fetched: expect.any(Number), stored: 16 });
  });

  it('inside AWS Lambda the loopback switch does nothing: the site on 127.0.0.1 is refused', async () => {
    vi.stubEnv('LEAKSCAN_CRAWL_ALLOW_LOOPBACK', 'true');
    vi.stubEnv('AWS_EXECUTION_ENV', 'AWS_Lambda_nodejs24.x');
    // The deployment's fetcher, from its environment.
    const fetcher = fetcherFromSettings();
    try {
      site.requests.length = 0;
      const crawler = createCrawler({ ...crawlerDeps, fetcher });
      await putItems(documentClient(aws.dynamodb), 'units', [{ id: 'tambon-c', name: 'อบต.ค', kind: 'อบต.', province: 'ชัยภูมิ', websites: [`${site.origin}/`], hosts: ['127.0.0.1'] }]);
      const relabelled = JSON.stringify({ ...(JSON.parse(job) as CrawlJob), unitId: 'tambon-c' });
      expect((await crawler({ Records: [sqsRecord(relabelled)] }, lambdaContext('crawler', 120_000))).batchItemFailures).toEqual([]);
      expect(site.requests).toEqual([]);
      expect((await aws.s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'crawled/tambon-c/' }))).KeyCount).toBe(0);
      // A website the crawl could not reach: so noted, and counted by the next plan.
      expect((await getItem<Unit>(documentClient(aws.dynamodb), 'units', { id: 'tambon-c' }))!.crawl).toMatchObject({ fetched: 0, stored: 0, error: expect.any(String) });
      await planner();
      expect((await registry()).all).toEqual({ Units: 3, UnitsWithCoordinator: 1, UnitsWithWebsite: 2, WebsitesUnreachable: 1 });
    } finally {
      vi.unstubAllEnvs();
      await fetcher.close();
    }
  });
});

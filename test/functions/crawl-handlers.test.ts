// The crawl planner and the crawler functions, as Lambda runs them, against local AWS-compatible
// servers (dynalite, local-aws-sqs, s3rver) and the fixture website on 127.0.0.1.
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { documentClient, putItems } from '../../shared/aws/dynamodb.ts';
import type { CrawlJob } from '../../shared/crawl/crawl.ts';
import { type FixtureSite, SITE_ID, startFixtureSite } from '../crawl/fixture-site.ts';
import { type LocalAws, startLocalAws } from '../../local/aws-servers.ts';
import { lambdaContext, sqsRecord } from './lambda-events.ts';

const BUCKET = 'ingest';
let aws: LocalAws;
let site: FixtureSite;
type Crawler = (event: SQSEvent, context: ReturnType<typeof lambdaContext>) => Promise<SQSBatchResponse>;

beforeAll(async () => {
  aws = await startLocalAws({ buckets: [BUCKET], tables: { units: ['id'], 'crawl-state': ['unitId', 'url'] }, queues: ['crawl'] });
  site = await startFixtureSite({ oversizedBytes: 300_000, slowMs: 5_000, robots: 'User-agent: *\nDisallow: /private/\n' });
  await putItems(documentClient(aws.dynamodb), 'units', [
    { id: 'tambon-a', name: 'อบต.ก', websites: [`${site.origin}/`], hosts: ['127.0.0.1'] },
    { id: 'tambon-b', name: 'อบต.ข', websites: [], hosts: [] },
  ]);
  Object.assign(process.env, {
    UNITS_TABLE: 'units',
    CRAWL_QUEUE_URL: aws.queueUrls.crawl,
    CRAWL_STATE_TABLE: 'crawl-state',
    INGEST_BUCKET: BUCKET,
    CRAWL_MAX_DEPTH: '3',
    CRAWL_PAGE_BUDGET: '100',
    CRAWL_DELAY_MS: '0',
    CRAWL_TIMEOUT_MS: '1000',
    CRAWL_MAX_BYTES: '200000',
    LEAKSCAN_CRAWL_ALLOW_LOOPBACK: 'true',
  });
});
afterAll(async () => {
  await site?.close();
  await aws?.stop();
});
beforeEach(() => vi.resetModules());

describe('crawl planner and crawler functions', { timeout: 60_000 }, () => {
  let job: string;

  it('the planner puts one job per unit with a website on the crawl queue', async () => {
    const { handler } = await import('../../functions/ingest/planner.ts');
    expect(await handler()).toEqual({ units: 2, jobs: 1 });
    const { Messages = [] } = await aws.sqs.send(new ReceiveMessageCommand({ QueueUrl: aws.queueUrls.crawl, MaxNumberOfMessages: 10 }));
    expect(Messages).toHaveLength(1);
    job = Messages[0]!.Body!;
    expect(JSON.parse(job) as CrawlJob).toEqual({ unitId: 'tambon-a', seeds: [`${site.origin}/`], hosts: ['127.0.0.1'], maxDepth: 3, pageBudget: 100 });
  });

  it('the crawler stores the unit’s pages and documents, and fails only a message that is not a job', async () => {
    const { handler } = (await import('../../functions/ingest/crawler.ts')) as { handler: Crawler };
    // Everything the function prints: its logs and its EMF metrics.
    const printed: string[] = [];
    const write = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => printed.push(String(chunk)) > 0);
    const response = await handler({ Records: [sqsRecord(job, 'job'), sqsRecord('{"unitId":"../x"}', 'bad')] }, lambdaContext('crawler', 120_000)).finally(() => write.mockRestore());
    expect(response.batchItemFailures).toEqual([{ itemIdentifier: 'bad' }]);
    const output = printed.join('');
    expect(output).toContain('"message":"unit crawled"');
    expect(output).toMatch(/"DocumentsStored":\[?16/);
    // The site links to a search with a person's number in it: logged, masked.
    expect(output).toContain('/search?cid=');
    expect(output).not.toContain(SITE_ID);
    const listed = await aws.s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'crawled/tambon-a/' }));
    expect(listed.KeyCount).toBe(16);
    // Each stored object raised the S3 event that starts the scan pipeline.
    expect(aws.s3Events.filter((e) => e.includes('ObjectCreated') && e.includes('crawled/tambon-a/'))).toHaveLength(16);
  });

  it('inside AWS Lambda the loopback switch does nothing: the site on 127.0.0.1 is refused', async () => {
    vi.stubEnv('AWS_EXECUTION_ENV', 'AWS_Lambda_nodejs24.x');
    try {
      site.requests.length = 0;
      const { handler } = (await import('../../functions/ingest/crawler.ts')) as { handler: Crawler };
      const relabelled = JSON.stringify({ ...(JSON.parse(job) as CrawlJob), unitId: 'tambon-c' });
      expect((await handler({ Records: [sqsRecord(relabelled)] }, lambdaContext('crawler', 120_000))).batchItemFailures).toEqual([]);
      expect(site.requests).toEqual([]);
      expect((await aws.s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: 'crawled/tambon-c/' }))).KeyCount).toBe(0);
    } finally {
      vi.unstubAllEnvs();
    }
  });
});

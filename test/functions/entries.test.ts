// Lambda's entries: importing a function's module reads no setting (tests and the local stack
// build handlers from dependencies of their own); the deployment's handler is built from its
// environment on the first invocation, and a setting it lacks fails that invocation by name.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { lambdaContext } from './lambda-events.ts';

const SETTINGS = [
  'CASES_TABLE',
  'METRICS_TABLE',
  'UNITS_TABLE',
  'NOTIFY_FROM',
  'PDPC_EMAIL',
  'INGEST_BUCKET',
  'CRAWL_QUEUE_URL',
  'CRAWL_STATE_TABLE',
  'FINDINGS_QUEUE_URL',
  'IDEMPOTENCY_TABLE',
  'CLERK_PAGE_URL',
];

afterEach(() => vi.unstubAllEnvs());

// Each test imports a module graph afresh.
describe('function entries', { timeout: 30_000 }, () => {
  it.each([
    ['notify/handler.ts', 'CASES_TABLE'],
    ['notify/follow-up.ts', 'CASES_TABLE'],
    ['ingest/planner.ts', 'UNITS_TABLE'],
    ['ingest/crawler.ts', 'CRAWL_STATE_TABLE'],
    ['scan/handler.ts', 'FINDINGS_QUEUE_URL'],
    ['checks/api.ts', 'INGEST_BUCKET'],
  ])('functions/%s imports without its settings, and its handler names the missing %s', async (entry, missing) => {
    for (const name of SETTINGS) vi.stubEnv(name, undefined);
    vi.resetModules();
    const { handler } = (await import(`../../functions/${entry}`)) as { handler: (event: unknown, context: unknown) => Promise<unknown> };
    expect(() => handler({ Records: [] }, lambdaContext('entry'))).toThrow(`${missing} is not set`);
  });

  it('builds the planner’s crawl limits from the deployment’s settings, with their defaults', async () => {
    const { fromEnvironment } = await import('../../functions/ingest/planner.ts');
    vi.stubEnv('UNITS_TABLE', 'units');
    vi.stubEnv('METRICS_TABLE', 'metrics');
    vi.stubEnv('CRAWL_QUEUE_URL', 'https://sqs.example/crawl');
    for (const name of ['CRAWL_MAX_DEPTH', 'CRAWL_PAGE_BUDGET']) vi.stubEnv(name, undefined);
    expect(fromEnvironment().limits).toEqual({ maxDepth: 3, pageBudget: 300 });
    vi.stubEnv('CRAWL_MAX_DEPTH', '2');
    vi.stubEnv('CRAWL_PAGE_BUDGET', '100');
    expect(fromEnvironment().limits).toEqual({ maxDepth: 2, pageBudget: 100 });
  });
});

// The follow-up function, on a schedule: every notified or escalated case's document is checked
// again (shared/cases/follow-up.ts). Gone → remediated. Still exposed after the 72-hour deadline →
// escalated, with one e-mail per unit to its supervising office and the PDPC. It reports how many
// cases are open and how many are past their deadline, and publishes the month's own figures so
// far and the registry's (shared/cases/month-gauges.ts) for the CloudWatch dashboard.
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit, Metrics } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import type { S3Client } from '@aws-sdk/client-s3';
import middy from '@middy/core';
import type { Context } from 'aws-lambda';
import { documentClient, monthScopes } from '../../shared/aws/dynamodb.ts';
import { currentVersion, documentStore, s3Client } from '../../shared/aws/s3.ts';
import { type MonthScopes, monthGauges } from '../../shared/cases/month-gauges.ts';
import { thaiDay } from '../../shared/cases/report.ts';
import { recheck } from '../../shared/cases/follow-up.ts';
import { FIGURES_NAMESPACE, FOLLOW_UP_SERVICE, type StoredCase, type UnitScopes, monthOf, unitScopes } from '../../shared/cases/model.ts';
import { type NoticeDeps, escalate } from '../../shared/cases/notices.ts';
import type { RecordedChange } from '../../shared/cases/repository.ts';
import { remediated } from '../../shared/cases/transitions.ts';
import type { SafeFetcher } from '../../shared/crawl/fetcher.ts';
import { maskAddress } from '../../shared/masking.ts';
import { publishGauges, recordFigures } from '../figures.ts';
import { builtOnFirstCall } from '../lambda.ts';
import { fetcherFromSettings } from '../fetcher-settings.ts';
import { requiredSetting } from '../settings.ts';
import { type CaseNotices, caseNoticesFromEnvironment } from './case-notices.ts';

const logger = new Logger({ serviceName: 'leakscan-follow-up' });
// Its warnings (a batch with no metric to publish) as the function's own log lines, not loose text on the console.
const metrics = new Metrics({ namespace: FIGURES_NAMESPACE, serviceName: FOLLOW_UP_SERVICE, logger });
const gauges = new Metrics({ namespace: FIGURES_NAMESPACE, serviceName: FOLLOW_UP_SERVICE, logger });

export interface FollowUpDeps extends CaseNotices {
  /** Fetches crawled documents again. */
  fetcher: SafeFetcher;
  s3: S3Client;
  /** The ingest bucket: a changed crawled document is stored there again, under crawled/. */
  bucket: string;
  /** A month's own figures and registry figures (the metrics table), published as gauges. */
  monthScopes: (month: string) => Promise<MonthScopes>;
}

export interface FollowUpSummary {
  checked: number;
  remediated: number;
  escalated: number;
  pending: number;
  pastDeadline: number;
}

export function createHandler(deps: FollowUpDeps): (event: unknown, context: Context) => Promise<FollowUpSummary> {
  const { cases, units, clock, s3 } = deps;
  const recheckDeps = { fetcher: deps.fetcher, documents: documentStore(s3, deps.bucket), currentVersion: (bucket: string, key: string) => currentVersion(s3, bucket, key) };
  return middy(async (): Promise<FollowUpSummary> => {
    const now = clock.now();
    const summary: FollowUpSummary = { checked: 0, remediated: 0, escalated: 0, pending: 0, pastDeadline: 0 };
    const recordChange = (change: RecordedChange, scopes: UnitScopes) => recordFigures(metrics, change, scopes);
    const noticeDeps: NoticeDeps = { ...deps, now: () => clock.now(), changed: recordChange };
    const toEscalate = new Map<string, StoredCase[]>();
    const followed = [...(await cases.inState('notified')), ...(await cases.inState('escalated'))];
    for (const stored of followed) {
      summary.checked++;
      const unit = await units.get(stored.unitId);
      try {
        const result = await recheck(stored, unit?.hosts ?? [], { ...recheckDeps, now: () => now });
        if (result.verdict === 'gone') {
          const scopes = unitScopes(stored.unitId, unit);
          const change = await remediated(cases, stored, result.reason, scopes, now);
          if (change) recordChange(change, scopes);
          summary.remediated++;
          continue;
        }
        if (result.verdict === 'pending') summary.pending++;
        if (stored.deadline && stored.deadline < now.toISOString()) {
          summary.pastDeadline++;
          if (result.verdict === 'exposed' && stored.state === 'notified') toEscalate.set(stored.unitId, [...(toEscalate.get(stored.unitId) ?? []), stored]);
        }
      } catch (err) {
        // One case's failure (a site, S3) must not stop the others; the next run checks it again.
        logger.error('case not checked', { caseId: stored.caseId, document: maskAddress(stored.documentId), error: err as Error });
      }
    }
    for (const [unitId, unitCases] of toEscalate) {
      try {
        await escalate(unitId, unitCases, noticeDeps);
        summary.escalated += unitCases.length;
      } catch (err) {
        logger.error('escalation not sent; the next run tries again', { unitId, error: err as Error });
      }
    }
    metrics.addMetric('CasesOpen', MetricUnit.Count, (await cases.inState('open')).length + followed.length - summary.remediated);
    metrics.addMetric('CasesPastDeadline', MetricUnit.Count, summary.pastDeadline);
    try {
      publishGauges(gauges, monthGauges(await deps.monthScopes(monthOf(thaiDay(now)))));
    } catch (err) {
      // The cases were followed up; the month's gauges wait for the next run.
      logger.error('month figures not published', { error: err as Error });
    }
    logger.info('follow-up done', { ...summary });
    return summary;
  })
    .use(injectLambdaContext(logger))
    .use(logMetrics(metrics));
}

/** The deployment's dependencies, from its environment (infra/case-follow-up.ts). */
export function fromEnvironment(): FollowUpDeps {
  const notices = caseNoticesFromEnvironment();
  const db = documentClient();
  const metricsTable = requiredSetting('METRICS_TABLE');
  return {
    ...notices,
    fetcher: fetcherFromSettings(),
    s3: s3Client(),
    bucket: requiredSetting('INGEST_BUCKET'),
    monthScopes: (month) => monthScopes(db, metricsTable, month),
  };
}

export const handler = builtOnFirstCall(() => createHandler(fromEnvironment()));

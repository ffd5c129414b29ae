// The follow-up function, on a schedule: every notified or escalated case's document is checked
// again (shared/cases/follow-up.ts). Gone → remediated. Still exposed after the 72-hour deadline →
// escalated, with one e-mail per unit to its supervising office and the PDPC. It reports how many
// cases are open and how many are past their deadline.
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit, Metrics } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import { CaseStore, type RecordedChange, type StoredCase, type UnitScopes } from '../../shared/aws/case-store.ts';
import { documentClient } from '../../shared/aws/dynamodb.ts';
import { currentVersion, documentStore, s3Client } from '../../shared/aws/s3.ts';
import { sendEmail, sesClient } from '../../shared/aws/ses.ts';
import { UnitDirectory, unitScopes } from '../../shared/aws/unit-directory.ts';
import { recheck } from '../../shared/cases/follow-up.ts';
import { type NoticeDeps, escalate } from '../../shared/cases/notices.ts';
import { maskAddress } from '../../shared/masking.ts';
import { recordFigures } from '../figures.ts';
import { fetcherFromSettings, noticeSettings, requiredSetting } from '../settings.ts';
import { FIGURES_NAMESPACE, FOLLOW_UP_SERVICE } from '../../shared/cases/model.ts';

const logger = new Logger({ serviceName: 'leakscan-follow-up' });
const metrics = new Metrics({ namespace: FIGURES_NAMESPACE, serviceName: FOLLOW_UP_SERVICE });
const db = documentClient();
const s3 = s3Client();
const ses = sesClient();
const store = new CaseStore(db, { cases: requiredSetting('CASES_TABLE'), metrics: requiredSetting('METRICS_TABLE') });
const units = new UnitDirectory(db, requiredSetting('UNITS_TABLE'));
const recheckDeps = {
  fetcher: fetcherFromSettings(),
  documents: documentStore(s3, requiredSetting('INGEST_BUCKET')),
  currentVersion: (bucket: string, key: string) => currentVersion(s3, bucket, key),
};

export interface FollowUpSummary {
  checked: number;
  remediated: number;
  escalated: number;
  pending: number;
  pastDeadline: number;
}

export const handler = middy(async (): Promise<FollowUpSummary> => {
  const now = new Date();
  const summary: FollowUpSummary = { checked: 0, remediated: 0, escalated: 0, pending: 0, pastDeadline: 0 };
  const recordChange = (change: RecordedChange, scopes: UnitScopes) => recordFigures(metrics, change, scopes);
  const deps: NoticeDeps = { store, units, send: (email) => sendEmail(ses, email), settings: noticeSettings(), now: () => new Date(), changed: recordChange };
  const toEscalate = new Map<string, StoredCase[]>();
  const cases = [...(await store.inState('notified')), ...(await store.inState('escalated'))];
  for (const stored of cases) {
    summary.checked++;
    const unit = await units.get(stored.unitId);
    try {
      const result = await recheck(stored, unit?.hosts ?? [], { ...recheckDeps, now: () => now });
      if (result.verdict === 'gone') {
        const scopes = unitScopes(stored.unitId, unit);
        const change = await store.remediated(stored, result.reason, scopes, now);
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
      await escalate(unitId, unitCases, deps);
      summary.escalated += unitCases.length;
    } catch (err) {
      logger.error('escalation not sent; the next run tries again', { unitId, error: err as Error });
    }
  }
  metrics.addMetric('CasesOpen', MetricUnit.Count, (await store.inState('open')).length + cases.length - summary.remediated);
  metrics.addMetric('CasesPastDeadline', MetricUnit.Count, summary.pastDeadline);
  logger.info('follow-up done', { ...summary });
  return summary;
})
  .use(injectLambdaContext(logger))
  .use(logMetrics(metrics));

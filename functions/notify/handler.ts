// The notify function: findings messages from the findings queue, in batches (a crawl's findings
// of one unit arrive together). Each message is recorded once: the day's figures and the case it
// opens, updates, reopens or remediates. Then each unit with new cases gets one digest e-mail.
// A check (a draft not yet published) adds its check figures only: no case, no e-mail, no leak rate.
// A message fails alone (partial batch response): the queue retries it, and moves it to the
// dead-letter queue after repeated failure; a retry changes nothing twice and e-mails no one twice.
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { caseIdOf, documentIdOf, scannedCase } from '../../shared/cases/case.ts';
import { FIGURES_NAMESPACE, NOTIFY_SERVICE, caseListing, unitScopes } from '../../shared/cases/model.ts';
import { sendNotices } from '../../shared/cases/notices.ts';
import { ChangeInProgress } from '../../shared/cases/repository.ts';
import { recordCheck, recordScan } from '../../shared/cases/transitions.ts';
import { recordFigures } from '../figures.ts';
import { type SqsBatchHandler, builtOnFirstCall } from '../lambda.ts';
import { InvalidMessage, parseFindingsMessage } from '../queue-messages.ts';
import { type CaseNotices, caseNoticesFromEnvironment } from './case-notices.ts';

const logger = new Logger({ serviceName: 'leakscan-notify' });
// Its warnings (a batch with no metric to publish) as the function's own log lines, not loose text on the console.
const metrics = new Metrics({ namespace: FIGURES_NAMESPACE, serviceName: NOTIFY_SERVICE, logger });

export function createHandler(deps: CaseNotices): SqsBatchHandler {
  const { cases, units, clock } = deps;
  return middy(async (event: SQSEvent): Promise<SQSBatchResponse> => {
    const failed = new Set<string>();
    // Cases that may need a notice, and the messages that bear on them.
    const messagesOfCase = new Map<string, string[]>();
    for (const record of event.Records) {
      try {
        const message = parseFindingsMessage(record.body);
        const { unitId } = message.document;
        const unit = await units.get(unitId);
        const scopes = unitScopes(unitId, unit);
        if (message.document.origin === 'check') {
          const checked = await recordCheck(cases, message, scopes, clock.now());
          recordFigures(metrics, checked, scopes);
          logger.info('check recorded', { unitId, outcome: checked.outcome, leaks: message.counts.leaks });
          continue;
        }
        const caseId = caseIdOf(unitId, documentIdOf(message.document));
        const scanned = message.document.status === 'scanned' && message.counts.leaks > 0 ? scannedCase(message, caseListing(scopes, unit)) : undefined;
        const recorded = await recordScan(cases, message, scanned, caseId, scopes, clock.now());
        recordFigures(metrics, recorded, scopes);
        if (scanned) messagesOfCase.set(caseId, [...(messagesOfCase.get(caseId) ?? []), record.messageId]);
        logger.info('findings recorded', { caseId, unitId, outcome: recorded.outcome, leaks: message.counts.leaks });
      } catch (err) {
        if (err instanceof InvalidMessage) logger.error('findings message refused; it goes to the dead-letter queue after its retries', { messageId: record.messageId, reason: err.message });
        else if (err instanceof ChangeInProgress) logger.info('findings being recorded by another invocation; retried later', { messageId: record.messageId });
        else logger.error('findings not recorded', { messageId: record.messageId, error: err as Error });
        failed.add(record.messageId);
      }
    }
    const unsent = await sendNotices(messagesOfCase.keys(), { ...deps, now: () => clock.now(), changed: (change, scopes) => recordFigures(metrics, change, scopes) });
    for (const [caseId, error] of unsent) {
      logger.warn('notice not sent; its messages will be retried', { caseId, error });
      for (const messageId of messagesOfCase.get(caseId) ?? []) failed.add(messageId);
    }
    return { batchItemFailures: [...failed].map((itemIdentifier) => ({ itemIdentifier })) };
  })
    .use(injectLambdaContext(logger))
    .use(logMetrics(metrics));
}

export const handler = builtOnFirstCall(() => createHandler(caseNoticesFromEnvironment()));

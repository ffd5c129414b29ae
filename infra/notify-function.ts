// The notify function: fed by the findings queue in large batches gathered over a few minutes (so
// one unit's findings of a crawl arrive together and make one digest e-mail), it opens and updates
// cases, counts the day's metrics and e-mails units and the PDPC through SES. It may use the cases
// table's items, add to the metrics table, read the units registry and send as the one SES
// identity, and nothing else.
import { Duration, Stack } from 'aws-cdk-lib';
import type { ITableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { NodejsFunction } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { CaseTables } from './case-tables.ts';
import type { LeakscanConfig } from './config.ts';
import { leakscanFunction } from './leakscan-function.ts';

export const NOTIFY_TIMEOUT = Duration.minutes(5);
/** How long the event source gathers findings before invoking the function. */
export const NOTIFY_BATCHING_WINDOW = Duration.minutes(5);

export interface NotifyFunctionProps extends CaseNotices {
  findingsQueue: IQueue;
}

export class NotifyFunction extends Construct {
  readonly function: NodejsFunction;

  constructor(scope: Construct, id: string, { findingsQueue, tables, unitsTable, config, clerkPageUrl }: NotifyFunctionProps) {
    super(scope, id);
    this.function = leakscanFunction(this, 'Function', {
      entry: 'functions/notify/handler.ts',
      memorySize: 512,
      timeout: NOTIFY_TIMEOUT,
      logRetention: config.logRetentionDays,
      environment: caseNoticeEnvironment({ tables, unitsTable, config, clerkPageUrl }),
    });
    grantCaseNotices(this.function, { tables, unitsTable, config });
    this.function.addEventSource(
      new SqsEventSource(findingsQueue, {
        batchSize: 100,
        maxBatchingWindow: NOTIFY_BATCHING_WINDOW,
        reportBatchItemFailures: true,
        maxConcurrency: config.notifyConcurrency,
      }),
    );
  }
}

/** What a function that opens cases and sends their notices uses (the notify and the follow-up functions). */
export interface CaseNotices {
  tables: CaseTables;
  unitsTable: ITableV2;
  config: LeakscanConfig;
  /** The clerk page (https://<distribution domain>/), which the e-mails link to. */
  clerkPageUrl: string;
}

/** The settings functions/settings.ts reads for case notices: tables and addresses. */
export const caseNoticeEnvironment = ({ tables, unitsTable, config, clerkPageUrl }: CaseNotices): Record<string, string> => ({
  CASES_TABLE: tables.cases.tableName,
  METRICS_TABLE: tables.metrics.tableName,
  UNITS_TABLE: unitsTable.tableName,
  NOTIFY_FROM: config.notifyFrom,
  NOTIFY_REPLY_TO: config.notifyReplyTo,
  PDPC_EMAIL: config.pdpcEmail,
  CLERK_PAGE_URL: clerkPageUrl,
});

/**
 * Case items read and written conditionally, item by item (with their change markers), the
 * metrics added to, units read, and e-mail sent as the one SES identity of this account and
 * region (a domain or an address).
 */
export function grantCaseNotices(fn: NodejsFunction, { tables, unitsTable, config }: Pick<CaseNotices, 'tables' | 'unitsTable' | 'config'>): void {
  tables.grantCases(fn, 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem');
  tables.grantMetrics(fn, 'dynamodb:UpdateItem');
  unitsTable.grant(fn, 'dynamodb:GetItem');
  fn.addToRolePolicy(
    new PolicyStatement({
      actions: ['ses:SendEmail'],
      resources: [Stack.of(fn).formatArn({ service: 'ses', resource: 'identity', resourceName: config.sesIdentity })],
    }),
  );
}

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

export interface NotifyFunctionProps {
  findingsQueue: IQueue;
  tables: CaseTables;
  unitsTable: ITableV2;
  config: LeakscanConfig;
}

export class NotifyFunction extends Construct {
  readonly function: NodejsFunction;

  constructor(scope: Construct, id: string, { findingsQueue, tables, unitsTable, config }: NotifyFunctionProps) {
    super(scope, id);
    this.function = leakscanFunction(this, 'Function', {
      entry: 'functions/notify/handler.ts',
      memorySize: 512,
      timeout: NOTIFY_TIMEOUT,
      environment: {
        CASES_TABLE: tables.cases.tableName,
        METRICS_TABLE: tables.metrics.tableName,
        UNITS_TABLE: unitsTable.tableName,
        NOTIFY_FROM: config.notifyFrom,
        NOTIFY_REPLY_TO: config.notifyReplyTo,
        PDPC_EMAIL: config.pdpcEmail,
      },
    });
    // Cases and their change markers are read and written conditionally, item by item.
    tables.grantCases(this.function, 'dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem');
    tables.grantMetrics(this.function, 'dynamodb:UpdateItem');
    unitsTable.grant(this.function, 'dynamodb:GetItem');
    this.function.addToRolePolicy(sendEmailAs(this, config.sesIdentity));
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

/** `ses:SendEmail` as the given SES identity (a domain or an address) of this account and region only. */
export function sendEmailAs(scope: Construct, sesIdentity: string): PolicyStatement {
  return new PolicyStatement({
    actions: ['ses:SendEmail'],
    resources: [Stack.of(scope).formatArn({ service: 'ses', resource: 'identity', resourceName: sesIdentity })],
  });
}

// The regulator's records: the cases (one per unit and document, with their history and the
// e-mails sent) and the daily counters per scope. Kept when the stack is deleted and recoverable to
// any point in time. Grants name the table or the one index a function needs, never every index.
import { RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, Billing, ProjectionType, TableEncryptionV2, TableV2 } from 'aws-cdk-lib/aws-dynamodb';
import { type IGrantable, PolicyStatement } from 'aws-cdk-lib/aws-iam';
import { Construct } from 'constructs';
import { CASE_SUMMARY_FIELDS } from '../shared/cases/case-list.ts';
import { CASE_INDEXES, CASES_BY_STATE_INDEX, METRICS_BY_DAY_INDEX } from '../shared/cases/model.ts';

export class CaseTables extends Construct {
  /**
   * Partition key `caseId`; index `byState` (state, openedAt), what the follow-up walks through;
   * and the dashboard's list, newest first: `byOpening` (listing, openedAt), `byUnit` (unitId,
   * openedAt), `byProvince` (province, openedAt), holding the summary a list shows only.
   */
  readonly cases: TableV2;
  /** Partition key `scope`, sort key `day`; index `byDay` (day, scope). */
  readonly metrics: TableV2;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    const records = {
      billing: Billing.onDemand(),
      encryption: TableEncryptionV2.awsManagedKey(),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      removalPolicy: RemovalPolicy.RETAIN,
    } as const;
    this.cases = new TableV2(this, 'Cases', {
      ...records,
      partitionKey: { name: 'caseId', type: AttributeType.STRING },
      // The markers that make each change happen once (shared/aws/case-store.ts) expire; cases have no expiresAt.
      timeToLiveAttribute: 'expiresAt',
      globalSecondaryIndexes: Object.entries(CASE_INDEXES).map(([indexName, [partition, sort]]) => {
        const keys = { indexName, partitionKey: { name: partition, type: AttributeType.STRING }, sortKey: { name: sort, type: AttributeType.STRING } };
        if (indexName === CASES_BY_STATE_INDEX) return { ...keys, projectionType: ProjectionType.ALL };
        // A case holds up to 200 findings: a list's index keeps what a row shows.
        return { ...keys, projectionType: ProjectionType.INCLUDE, nonKeyAttributes: CASE_SUMMARY_FIELDS.filter((field) => field !== partition && field !== sort && field !== 'caseId') };
      }),
    });
    this.metrics = new TableV2(this, 'Metrics', {
      ...records,
      partitionKey: { name: 'scope', type: AttributeType.STRING },
      sortKey: { name: 'day', type: AttributeType.STRING },
      globalSecondaryIndexes: [
        {
          indexName: METRICS_BY_DAY_INDEX,
          partitionKey: { name: 'day', type: AttributeType.STRING },
          sortKey: { name: 'scope', type: AttributeType.STRING },
          projectionType: ProjectionType.ALL,
        },
      ],
    });
  }

  /** Item actions on the cases table itself (not its index). */
  grantCases(grantee: IGrantable, ...actions: string[]): void {
    grantee.grantPrincipal.addToPrincipalPolicy(new PolicyStatement({ actions, resources: [this.cases.tableArn] }));
  }

  /** Query on the cases table's `byState` index only. */
  grantCasesByStateQuery(grantee: IGrantable): void {
    grantee.grantPrincipal.addToPrincipalPolicy(new PolicyStatement({ actions: ['dynamodb:Query'], resources: [`${this.cases.tableArn}/index/${CASES_BY_STATE_INDEX}`] }));
  }

  /** Item actions on the metrics table itself (not its index). */
  grantMetrics(grantee: IGrantable, ...actions: string[]): void {
    grantee.grantPrincipal.addToPrincipalPolicy(new PolicyStatement({ actions, resources: [this.metrics.tableArn] }));
  }

  /** Query on the metrics table and its `byDay` index: a month's figures by scope (the follow-up's gauges). */
  grantMetricsQuery(grantee: IGrantable): void {
    grantee.grantPrincipal.addToPrincipalPolicy(new PolicyStatement({ actions: ['dynamodb:Query'], resources: [this.metrics.tableArn, `${this.metrics.tableArn}/index/${METRICS_BY_DAY_INDEX}`] }));
  }
}

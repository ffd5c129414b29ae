// The deployment as CloudFormation: every security property the AWS issue names, checked on the
// synthesized template, and cdk-nag's AWS Solutions rules with nothing left unacknowledged.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { App, type Stack } from 'aws-cdk-lib';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { describe, expect, it } from 'vitest';
import { readConfig } from '../../infra/config.ts';
import { createApp } from '../../infra/leakscan-app.ts';
import { DAILY_COUNTERS } from '../../shared/cases/model.ts';
import { UNIT_KINDS, UNIT_KIND_CODES } from '../../shared/units.ts';
import { type Resource, environmentOf, grantsOf, policyStatements, render, synth } from './template.ts';

const ROOT = resolve(import.meta.dirname, '../..');

const { template } = synth({ retentionDays: 45, alarmEmail: 'dpo@example.go.th' });

const functionNamed = (t: Template, logicalIdStart: string): Resource =>
  Object.entries(t.findResources('AWS::Lambda::Function') as Record<string, Resource>).find(([id]) => id.startsWith(logicalIdStart))![1];
const scanFunction = (t: Template) => functionNamed(t, 'ScanFunction');
const crawlerFunction = (t: Template) => functionNamed(t, 'CrawlCrawler');
const notifyFunction = (t: Template) => functionNamed(t, 'NotifyFunction');
const followUpFunction = (t: Template) => functionNamed(t, 'FollowUpFunction');

const actionsOf = (statements: ReturnType<typeof policyStatements>) => [...new Set(statements.flatMap((s) => [s.Action].flat()))].sort();

/** The dashboard's body as text, with every reference rendered (a queue's name: `ScanQueue….QueueName`). */
function dashboardBody(t: Template): string {
  const dashboards = Object.values(t.findResources('AWS::CloudWatch::Dashboard'));
  expect(dashboards).toHaveLength(1);
  const body = dashboards[0]!.Properties.DashboardBody;
  return typeof body === 'string' ? body : (body['Fn::Join'][1] as unknown[]).map((part) => (typeof part === 'string' ? part : render(part).replaceAll('"', '\\"'))).join('');
}
type Widget = { type: string; properties: { title?: string; markdown?: string; view?: string; metrics?: unknown[][]; table?: unknown } };
const widgetsOf = (t: Template): Widget[] => JSON.parse(dashboardBody(t)).widgets;
const SES_IDENTITY = (identity: string) => `arn:\${AWS::Partition}:ses:\${AWS::Region}:\${AWS::AccountId}:identity/${identity}`;

describe('ingest bucket', () => {
  it('is private, encrypted, versioned and logged, and deletes documents after the retention period', () => {
    template.hasResourceProperties('AWS::S3::Bucket', {
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
      VersioningConfiguration: { Status: 'Enabled' },
      LoggingConfiguration: Match.objectLike({ DestinationBucketName: Match.anyValue() }),
      LifecycleConfiguration: { Rules: Match.arrayWith([Match.objectLike({ ExpirationInDays: 45, NoncurrentVersionExpiration: { NoncurrentDays: 1 }, Status: 'Enabled' })]) },
    });
  });

  it('refuses every request not made over TLS, on every bucket', () => {
    const policies = template.findResources('AWS::S3::BucketPolicy');
    // The ingest bucket and its access logs; the clerk page's bucket and its access logs.
    expect(Object.keys(policies)).toHaveLength(4);
    for (const policy of Object.values(policies)) {
      expect(policy.Properties.PolicyDocument.Statement).toContainEqual(
        expect.objectContaining({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } }, Principal: { AWS: '*' } }),
      );
    }
    // No bucket is public in any way.
    for (const bucket of Object.values(template.findResources('AWS::S3::Bucket'))) expect(bucket.Properties.PublicAccessBlockConfiguration.BlockPublicPolicy).toBe(true);
  });

  it("offers clerks a policy to put documents under their own unit's uploads/ prefix only", () => {
    const policy = Object.values(template.findResources('AWS::IAM::ManagedPolicy'))[0]!;
    const [statement, ...others] = policy.Properties.PolicyDocument.Statement;
    expect(others).toEqual([]);
    expect(statement.Action).toBe('s3:PutObject');
    expect(JSON.stringify(statement.Resource)).toMatch(/IngestBucket.*Arn.*\/uploads\/\$\{aws:PrincipalTag\/leakscan-unit\}\/\*/);
    template.hasOutput('UploaderPolicyArn', {});
  });

  it("announces objects created under uploads/, crawled/ and checks/ on the scan queue, and not the checks' results", () => {
    const [notifications] = Object.values(template.findResources('Custom::S3BucketNotifications'));
    const configurations = (
      notifications as { Properties: { NotificationConfiguration: { QueueConfigurations: Array<{ Events: string[]; Filter: { Key: { FilterRules: Array<{ Name: string; Value: string }> } } }> } } }
    ).Properties.NotificationConfiguration.QueueConfigurations;
    expect(configurations.map((c) => [c.Events, c.Filter.Key.FilterRules])).toEqual(['uploads/', 'crawled/', 'checks/'].map((prefix) => [['s3:ObjectCreated:*'], [{ Name: 'prefix', Value: prefix }]]));
  });

  it('deletes checks and their results after checkRetentionDays, apart from published documents', () => {
    const { template: checks } = synth({ retentionDays: 45, checkRetentionDays: 3, alarmEmail: 'dpo@example.go.th' });
    const rules = Match.arrayWith(
      ['checks/', 'check-results/'].map((Prefix) => Match.objectLike({ Prefix, ExpirationInDays: 3, NoncurrentVersionExpiration: { NoncurrentDays: 1 }, Status: 'Enabled' })),
    );
    checks.hasResourceProperties('AWS::S3::Bucket', { VersioningConfiguration: { Status: 'Enabled' }, LifecycleConfiguration: { Rules: rules } });
    template.hasResourceProperties('AWS::S3::Bucket', { LifecycleConfiguration: { Rules: Match.arrayWith([Match.objectLike({ Prefix: 'checks/', ExpirationInDays: 7 })]) } });
  });
});

describe('queues', () => {
  it('are encrypted, and each one that is not a dead-letter queue moves a message to its dead-letter queue after 3 receives', () => {
    const queues = Object.entries(template.findResources('AWS::SQS::Queue'));
    // Scan, findings and crawl queues with their dead-letter queues, and the crawl planner's and the follow-up's dead-letter queues.
    expect(queues).toHaveLength(8);
    for (const [, queue] of queues) expect(queue.Properties.SqsManagedSseEnabled).toBe(true);
    const redriven = queues.filter(([, q]) => q.Properties.RedrivePolicy);
    expect(redriven).toHaveLength(3);
    for (const [, queue] of redriven) expect(queue.Properties.RedrivePolicy.maxReceiveCount).toBe(3);
  });

  it('refuse requests not made over TLS', () => {
    const policies = Object.values(template.findResources('AWS::SQS::QueuePolicy'));
    const denied = policies.flatMap((p) => p.Properties.PolicyDocument.Statement).filter((s) => s.Effect === 'Deny' && s.Condition?.Bool?.['aws:SecureTransport'] === 'false');
    expect(denied).toHaveLength(8);
  });

  it('give the scan function and the crawler six times their timeout to finish a message before it shows again', () => {
    for (const fn of [scanFunction(template), crawlerFunction(template)])
      template.hasResourceProperties('AWS::SQS::Queue', { VisibilityTimeout: fn.Properties.Timeout * 6, RedrivePolicy: Match.anyValue() });
  });

  it('give the notify function six times its timeout, and its batching window, on the findings queue', () => {
    const [mapping] = Object.values(template.findResources('AWS::Lambda::EventSourceMapping')).filter((m) => m.Properties.FunctionName.Ref.startsWith('NotifyFunction'));
    const queueId = mapping!.Properties.EventSourceArn['Fn::GetAtt'][0] as string;
    expect(queueId).toMatch(/^FindingsQueue[0-9A-F]{8}$/);
    const queue = template.toJSON().Resources[queueId];
    expect(queue.Properties.VisibilityTimeout).toBeGreaterThanOrEqual(notifyFunction(template).Properties.Timeout * 6);
    expect(queue.Properties.VisibilityTimeout).toBe(6 * 300 + 300);
  });
});

describe('scan function', () => {
  it('runs on Node.js 24 on arm64, reports batch item failures and is bounded in concurrency', () => {
    template.hasResourceProperties('AWS::Lambda::Function', { Runtime: 'nodejs24.x', Architectures: ['arm64'], MemorySize: 3008 });
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', { FunctionResponseTypes: ['ReportBatchItemFailures'], BatchSize: 1, ScalingConfig: { MaximumConcurrency: 5 } });
  });

  it('keeps its idempotency records in an encrypted, expiring table', () => {
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
      TimeToLiveSpecification: { AttributeName: 'expiration', Enabled: true },
      Replicas: [Match.objectLike({ PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true } })],
    });
  });

  it("may read objects of the ingest bucket and the fingerprint key, write checks' results, send to the findings queue, keep its idempotency records, and nothing more", () => {
    const statements = policyStatements(template, 'ScanFunction');
    const actions = actionsOf(statements);
    expect(actions).toEqual(
      [
        'dynamodb:DeleteItem',
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
        's3:GetObject',
        's3:GetObjectVersion',
        's3:PutObject',
        'secretsmanager:DescribeSecret',
        'secretsmanager:GetSecretValue',
        'sqs:ChangeMessageVisibility',
        'sqs:DeleteMessage',
        'sqs:GetQueueAttributes',
        'sqs:GetQueueUrl',
        'sqs:ReceiveMessage',
        'sqs:SendMessage',
      ].sort(),
    );
    const resources = JSON.stringify(statements.map((s) => s.Resource));
    expect(resources).not.toContain('"*"');
    const s3 = statements.find((s) => [s.Action].flat().includes('s3:GetObject'))!;
    expect(JSON.stringify(s3.Resource)).toMatch(/IngestBucket.*Arn.*\/\*/);
    // It writes nowhere but under check-results/.
    const put = statements.find((s) => [s.Action].flat().includes('s3:PutObject'))!;
    expect([put.Action].flat()).toEqual(['s3:PutObject']);
    expect(JSON.stringify(put.Resource)).toMatch(/IngestBucket.*Arn.*\/check-results\/\*"/);
    const send = statements.find((s) => [s.Action].flat().includes('sqs:SendMessage'))!;
    expect(JSON.stringify(send.Resource)).toContain('FindingsQueue');
    expect(JSON.stringify(send.Resource)).not.toContain('ScanQueue');
    const read = statements.filter((s) => [s.Action].flat().includes('dynamodb:GetItem')).map((s) => JSON.stringify(s.Resource));
    expect(read.some((r) => r.includes('UnitsTable'))).toBe(true);
  });

  it("gets Textract only when it is the configured OCR engine, with its jobs' completions coming back through SNS and a queue", () => {
    expect(JSON.stringify(template.toJSON())).not.toContain('textract');
    const withTextract = synth({ ocrEngine: 'textract' }).template;
    const json = JSON.stringify(withTextract.toJSON());
    for (const action of ['textract:DetectDocumentText', 'textract:StartDocumentTextDetection', 'textract:GetDocumentTextDetection', 'iam:PassRole']) expect(json).toContain(action);
    withTextract.hasResourceProperties('AWS::IAM::Role', { AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'textract.amazonaws.com' } })] } });
    withTextract.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'sqs', RawMessageDelivery: true });
    // Scan and Textract queues feed the scan function; the crawl queue feeds the crawler; the findings queue, the notify function.
    withTextract.resourceCountIs('AWS::Lambda::EventSourceMapping', 4);
    withTextract.resourceCountIs('AWS::SQS::Queue', 10);
    // The Textract queue's dead-letter queue is watched too, and shown on the dashboard with the Textract queue.
    withTextract.resourceCountIs('AWS::CloudWatch::Alarm', 13);
    const body = dashboardBody(withTextract);
    expect(body).toContain('"ScanTextractQueueDeadLetterQueue.QueueName"');
    expect(body).toContain('"ScanTextractQueue.QueueName"');
    const variables = scanFunction(withTextract).Properties.Environment.Variables;
    expect(Object.keys(variables)).toEqual(expect.arrayContaining(['TEXTRACT_TOPIC_ARN', 'TEXTRACT_ROLE_ARN']));
    expect(variables.LEAKSCAN_OCR_ENGINE).toBe('textract');
  });
});

describe('website crawl', () => {
  it('starts every day at the configured hour, Thailand time, with retries and a dead-letter queue', () => {
    template.hasResourceProperties('AWS::Scheduler::Schedule', {
      ScheduleExpression: 'cron(0 1 * * ? *)',
      ScheduleExpressionTimezone: 'Asia/Bangkok',
      Target: Match.objectLike({ RetryPolicy: { MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 3600 }, DeadLetterConfig: { Arn: Match.anyValue() } }),
    });
    template.hasResourceProperties('AWS::Lambda::EventInvokeConfig', { MaximumRetryAttempts: 2, DestinationConfig: { OnFailure: { Destination: Match.anyValue() } } });
    synth({ crawlHour: 22 }).template.hasResourceProperties('AWS::Scheduler::Schedule', { ScheduleExpression: 'cron(0 22 * * ? *)' });
  });

  it('feeds crawl jobs to the crawler in batches, with partial failures and bounded concurrency', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', { FunctionResponseTypes: ['ReportBatchItemFailures'], BatchSize: 10, ScalingConfig: { MaximumConcurrency: 20 } });
    expect(crawlerFunction(template).Properties).toMatchObject({ Runtime: 'nodejs24.x', Architectures: ['arm64'], Timeout: 900 });
    expect(crawlerFunction(template).Properties.Environment.Variables).toMatchObject({ CRAWL_DELAY_MS: '1000', CRAWL_CONTACT: 'https://www.pdpc.or.th/' });
    expect(() => readConfig(new App({ context: { crawlContact: 'call us' } }).node)).toThrow(/crawlContact must be an http\(s\) URL or a mailto: address/);
    // The switch that lets a crawl reach 127.0.0.1 exists only for tests and local runs.
    expect(JSON.stringify(template.toJSON())).not.toContain('LEAKSCAN_CRAWL_ALLOW_LOOPBACK');
    expect(functionNamed(template, 'CrawlPlanner').Properties.Environment.Variables).toMatchObject({ CRAWL_MAX_DEPTH: '3', CRAWL_PAGE_BUDGET: '300' });
  });

  it('keeps per-URL state in an encrypted table keyed on unit and URL', () => {
    template.hasResourceProperties('AWS::DynamoDB::GlobalTable', {
      KeySchema: [
        { AttributeName: 'unitId', KeyType: 'HASH' },
        { AttributeName: 'url', KeyType: 'RANGE' },
      ],
      SSESpecification: { SSEEnabled: true },
    });
  });

  it('lets the planner read the units, send jobs and write the registry’s figures, and the crawler store under crawled/, keep URL state and note each unit’s crawl, and nothing more', () => {
    const planner = policyStatements(template, 'CrawlPlanner');
    expect(actionsOf(planner)).toEqual(['dynamodb:BatchWriteItem', 'dynamodb:Scan', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage']);
    expect(JSON.stringify(planner.find((s) => s.Action === 'dynamodb:Scan')!.Resource)).toContain('UnitsTable');
    expect(JSON.stringify(planner.find((s) => s.Action === 'dynamodb:BatchWriteItem')!.Resource)).toContain('CaseTablesMetrics');
    const crawler = policyStatements(template, 'CrawlCrawler');
    expect(actionsOf(crawler)).toEqual(
      [
        'dynamodb:GetItem',
        'dynamodb:PutItem',
        'dynamodb:UpdateItem',
        's3:PutObject',
        'sqs:ChangeMessageVisibility',
        'sqs:DeleteMessage',
        'sqs:GetQueueAttributes',
        'sqs:GetQueueUrl',
        'sqs:ReceiveMessage',
      ].sort(),
    );
    expect(JSON.stringify(crawler.find((s) => s.Action === 'dynamodb:UpdateItem')!.Resource)).toContain('UnitsTable');
    const s3 = crawler.find((s) => [s.Action].flat().includes('s3:PutObject'))!;
    expect(JSON.stringify(s3.Resource)).toMatch(/IngestBucket.*Arn.*\/crawled\/\*/);
    const dynamo = crawler.find((s) => [s.Action].flat().includes('dynamodb:PutItem'))!;
    expect(JSON.stringify(dynamo.Resource)).toContain('CrawlStateTable');
    for (const statement of [...planner, ...crawler]) expect(statement.Resource).not.toBe('*');
  });
});

describe('units registry', () => {
  it('is a DynamoDB table keyed on the unit ID, kept on stack deletion and recoverable to a point in time', () => {
    // The units registry, the cases and the daily metrics.
    const retained = Object.values(template.findResources('AWS::DynamoDB::GlobalTable')).filter((t) => t.DeletionPolicy === 'Retain');
    expect(retained).toHaveLength(3);
    const tables = Object.entries(template.findResources('AWS::DynamoDB::GlobalTable'))
      .filter(([id]) => id.startsWith('UnitsTable'))
      .map(([, t]) => t);
    expect(tables).toHaveLength(1);
    expect(tables[0]!.DeletionPolicy).toBe('Retain');
    expect(tables[0]!.Properties.KeySchema).toEqual([{ AttributeName: 'id', KeyType: 'HASH' }]);
    expect(tables[0]!.Properties.Replicas[0].PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
    template.hasOutput('UnitsTableName', {});
    template.hasOutput('IngestBucketName', {});
  });
});

describe('case records', () => {
  const tables = () => Object.entries(template.findResources('AWS::DynamoDB::GlobalTable'));
  const table = (idStart: string) => tables().find(([id]) => id.startsWith(idStart))![1];

  it('keep cases keyed on the case ID, with an index of cases by state, and the list’s indexes of summaries by opening, unit and province', () => {
    const cases = table('CaseTablesCases');
    expect(cases.Properties.KeySchema).toEqual([{ AttributeName: 'caseId', KeyType: 'HASH' }]);
    expect(cases.Properties.TimeToLiveSpecification).toEqual({ AttributeName: 'expiresAt', Enabled: true });
    const summary = ['unitName', 'kind', 'province', 'documentId', 'document', 'severity', 'state', 'deadline', 'counts', 'listing', 'unitId'];
    const listIndex = (name: string, partition: string) => ({
      IndexName: name,
      KeySchema: [
        { AttributeName: partition, KeyType: 'HASH' },
        { AttributeName: 'openedAt', KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: expect.arrayContaining(summary.filter((field) => field !== partition)) },
    });
    expect(cases.Properties.GlobalSecondaryIndexes).toEqual([
      {
        IndexName: 'byState',
        KeySchema: [
          { AttributeName: 'state', KeyType: 'HASH' },
          { AttributeName: 'openedAt', KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      },
      listIndex('byOpening', 'listing'),
      listIndex('byUnit', 'unitId'),
      listIndex('byProvince', 'province'),
    ]);
    // A row of the list, never a case's findings.
    for (const index of cases.Properties.GlobalSecondaryIndexes.slice(1)) expect(index.Projection.NonKeyAttributes).not.toContain('findings');
    expect(cases.Properties.AttributeDefinitions).toEqual(
      expect.arrayContaining([
        { AttributeName: 'caseId', AttributeType: 'S' },
        { AttributeName: 'state', AttributeType: 'S' },
        { AttributeName: 'openedAt', AttributeType: 'S' },
      ]),
    );
  });

  it('keep the daily counters keyed on scope and day, with an index by day', () => {
    const metrics = table('CaseTablesMetrics');
    expect(metrics.Properties.KeySchema).toEqual([
      { AttributeName: 'scope', KeyType: 'HASH' },
      { AttributeName: 'day', KeyType: 'RANGE' },
    ]);
    expect(metrics.Properties.GlobalSecondaryIndexes).toEqual([
      {
        IndexName: 'byDay',
        KeySchema: [
          { AttributeName: 'day', KeyType: 'HASH' },
          { AttributeName: 'scope', KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      },
    ]);
  });

  it("are the regulator's records: on demand, encrypted, recoverable to a point in time, kept when the stack is deleted, and output", () => {
    for (const records of [table('CaseTablesCases'), table('CaseTablesMetrics')]) {
      expect(records.DeletionPolicy).toBe('Retain');
      expect((records as { UpdateReplacePolicy?: string }).UpdateReplacePolicy).toBe('Retain');
      expect(records.Properties.BillingMode).toBe('PAY_PER_REQUEST');
      expect(records.Properties.SSESpecification).toEqual({ SSEEnabled: true, SSEType: 'KMS' });
      expect(records.Properties.Replicas[0].PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
    }
    expect(render(template.toJSON().Outputs.CasesTableName.Value)).toBe('CaseTablesCases');
    expect(render(template.toJSON().Outputs.MetricsTableName.Value)).toBe('CaseTablesMetrics');
  });
});

describe('notify function', () => {
  it('takes findings in batches of 100 gathered over 5 minutes, with partial failures and bounded concurrency', () => {
    const mappings = Object.values(template.findResources('AWS::Lambda::EventSourceMapping')).filter((m) => m.Properties.FunctionName.Ref.startsWith('NotifyFunction'));
    expect(mappings).toHaveLength(1);
    expect(mappings[0]!.Properties).toMatchObject({
      BatchSize: 100,
      MaximumBatchingWindowInSeconds: 300,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
      ScalingConfig: { MaximumConcurrency: 5 },
    });
    expect(render(mappings[0]!.Properties.EventSourceArn)).toBe('FindingsQueue.Arn');
    const concurrent = synth({ notifyConcurrency: 12 }).template;
    concurrent.hasResourceProperties('AWS::Lambda::EventSourceMapping', { BatchSize: 100, ScalingConfig: { MaximumConcurrency: 12 } });
  });

  it('runs on Node.js 24 on arm64 for up to 5 minutes with 512 MB, and knows its tables and addresses', () => {
    const { Properties } = notifyFunction(template);
    expect(Properties).toMatchObject({ Runtime: 'nodejs24.x', Architectures: ['arm64'], Timeout: 300, MemorySize: 512 });
    const variables = Properties.Environment.Variables;
    expect(Object.keys(variables).sort()).toEqual(['CASES_TABLE', 'CLERK_PAGE_URL', 'METRICS_TABLE', 'NOTIFY_FROM', 'NOTIFY_REPLY_TO', 'PDPC_EMAIL', 'POWERTOOLS_METRICS_NAMESPACE', 'UNITS_TABLE']);
    expect(environmentOf(Properties)).toEqual({
      CASES_TABLE: 'CaseTablesCases',
      METRICS_TABLE: 'CaseTablesMetrics',
      UNITS_TABLE: 'UnitsTable',
      NOTIFY_FROM: 'leakscan@pdpc.or.th',
      NOTIFY_REPLY_TO: 'eagle-eye@pdpc.or.th',
      PDPC_EMAIL: 'eagle-eye@pdpc.or.th',
      CLERK_PAGE_URL: 'https://ClerkPageDistribution.DomainName/',
      POWERTOOLS_METRICS_NAMESPACE: 'Leakscan',
    });
  });

  it('may use case items, add to the metrics, read units, take findings and send e-mail as the SES identity, and nothing more', () => {
    const statements = policyStatements(template, 'NotifyFunction');
    expect(grantsOf(statements)).toEqual({
      'dynamodb:GetItem': ['CaseTablesCases.Arn', 'UnitsTable.Arn'],
      'dynamodb:PutItem': ['CaseTablesCases.Arn'],
      'dynamodb:UpdateItem': ['CaseTablesCases.Arn', 'CaseTablesMetrics.Arn'],
      'ses:SendEmail': [SES_IDENTITY('pdpc.or.th')],
      'sqs:ChangeMessageVisibility': ['FindingsQueue.Arn'],
      'sqs:DeleteMessage': ['FindingsQueue.Arn'],
      'sqs:GetQueueAttributes': ['FindingsQueue.Arn'],
      'sqs:GetQueueUrl': ['FindingsQueue.Arn'],
      'sqs:ReceiveMessage': ['FindingsQueue.Arn'],
    });
    for (const statement of statements) expect(JSON.stringify(statement.Resource)).not.toMatch(/"\*"|\/index\//);
  });

  it("sends as the configured identity, by default the sender's domain", () => {
    const other = synth({ notifyFrom: 'alerts@leakscan.pdpc.or.th' }).template;
    expect(grantsOf(policyStatements(other, 'NotifyFunction'))['ses:SendEmail']).toEqual([SES_IDENTITY('leakscan.pdpc.or.th')]);
    const address = synth({ notifyFrom: 'alerts@pdpc.or.th', sesIdentity: 'alerts@pdpc.or.th' }).template;
    expect(grantsOf(policyStatements(address, 'NotifyFunction'))['ses:SendEmail']).toEqual([SES_IDENTITY('alerts@pdpc.or.th')]);
    expect(grantsOf(policyStatements(address, 'FollowUpFunction'))['ses:SendEmail']).toEqual([SES_IDENTITY('alerts@pdpc.or.th')]);
  });
});

describe('case follow-up', () => {
  const schedule = (t: Template) => Object.entries(t.findResources('AWS::Scheduler::Schedule')).find(([id]) => id.startsWith('FollowUpSchedule'))![1];

  it('runs every followUpMinutes, with retries and a dead-letter queue for deliveries and runs that fail', () => {
    const { Properties } = schedule(template);
    expect(Properties.ScheduleExpression).toBe('rate(1 hour)');
    expect(Properties.Target.RetryPolicy).toEqual({ MaximumRetryAttempts: 2, MaximumEventAgeInSeconds: 3600 });
    expect(render(Properties.Target.Arn)).toBe('FollowUpFunction.Arn');
    expect(render(Properties.Target.DeadLetterConfig.Arn)).toBe('FollowUpDeadLetterQueue.Arn');
    const invokeConfig = Object.values(template.findResources('AWS::Lambda::EventInvokeConfig')).find((c) => render(c.Properties.FunctionName) === 'FollowUpFunction')!;
    expect(invokeConfig.Properties.MaximumRetryAttempts).toBe(2);
    expect(render(invokeConfig.Properties.DestinationConfig.OnFailure.Destination)).toBe('FollowUpDeadLetterQueue.Arn');
    // A run that waited longer than the interval is left to the next one.
    const often = schedule(synth({ followUpMinutes: 15 }).template).Properties;
    expect(often.ScheduleExpression).toBe('rate(15 minutes)');
    expect(often.Target.RetryPolicy.MaximumEventAgeInSeconds).toBe(900);
    const role = policyStatements(template, 'FollowUpScheduleRole');
    expect(grantsOf(role)).toEqual({ 'lambda:InvokeFunction': ['FollowUpFunction.Arn', 'FollowUpFunction.Arn:*'], 'sqs:SendMessage': ['FollowUpDeadLetterQueue.Arn'] });
  });

  it('runs on Node.js 24 on arm64 for up to 15 minutes with 1024 MB, and knows its tables, bucket and addresses', () => {
    const { Properties } = followUpFunction(template);
    expect(Properties).toMatchObject({ Runtime: 'nodejs24.x', Architectures: ['arm64'], Timeout: 900, MemorySize: 1024 });
    expect(environmentOf(Properties)).toEqual({
      CASES_TABLE: 'CaseTablesCases',
      METRICS_TABLE: 'CaseTablesMetrics',
      UNITS_TABLE: 'UnitsTable',
      INGEST_BUCKET: 'IngestBucket',
      NOTIFY_FROM: 'leakscan@pdpc.or.th',
      NOTIFY_REPLY_TO: 'eagle-eye@pdpc.or.th',
      PDPC_EMAIL: 'eagle-eye@pdpc.or.th',
      CRAWL_CONTACT: 'https://www.pdpc.or.th/',
      CLERK_PAGE_URL: 'https://ClerkPageDistribution.DomainName/',
      POWERTOOLS_METRICS_NAMESPACE: 'Leakscan',
    });
  });

  it('may query cases by state and the metrics by scope and day, use case items, add to the metrics, read units, check uploads, list the bucket, store under crawled/, send e-mail as the SES identity, and nothing more', () => {
    const statements = policyStatements(template, 'FollowUpFunction');
    expect(grantsOf(statements)).toEqual({
      // The month's figures, published as gauges: the metrics table and its byDay index.
      'dynamodb:Query': ['CaseTablesCases.Arn/index/byState', 'CaseTablesMetrics.Arn', 'CaseTablesMetrics.Arn/index/byDay'],
      'dynamodb:GetItem': ['CaseTablesCases.Arn', 'UnitsTable.Arn'],
      'dynamodb:PutItem': ['CaseTablesCases.Arn'],
      'dynamodb:UpdateItem': ['CaseTablesCases.Arn', 'CaseTablesMetrics.Arn'],
      's3:GetObject': ['IngestBucket.Arn/uploads/*'],
      // So that HeadObject on a removed upload is answered 404, not 403.
      's3:ListBucket': ['IngestBucket.Arn'],
      's3:PutObject': ['IngestBucket.Arn/crawled/*'],
      'ses:SendEmail': [SES_IDENTITY('pdpc.or.th')],
      // Its failed runs, to its dead-letter queue.
      'sqs:GetQueueAttributes': ['FollowUpDeadLetterQueue.Arn'],
      'sqs:GetQueueUrl': ['FollowUpDeadLetterQueue.Arn'],
      'sqs:SendMessage': ['FollowUpDeadLetterQueue.Arn'],
    });
    for (const statement of statements) expect(statement.Resource).not.toBe('*');
  });
});

describe('leak-rate dashboard', () => {
  const widgets = widgetsOf(template);
  const metricWidgets = widgets.filter((w) => w.type === 'metric');
  const titled = (start: string) => metricWidgets.find((w) => w.properties.title?.includes(start))!;
  /** A widget's metric lines: [namespace, name, dimension, value, …, options] or [{ expression, … }]. */
  const lines = (w: Widget) => w.properties.metrics as unknown[][];
  const expressions = (w: Widget) =>
    lines(w)
      .map((l) => (l[0] as { expression?: string }).expression)
      .filter(Boolean);
  const options = (line: unknown[]) => line[line.length - 1] as { id?: string; stat?: string; period?: number; label?: string };
  const dimensions = (line: unknown[]) => {
    const pairs = line.slice(2, typeof line[line.length - 1] === 'object' ? -1 : undefined) as string[];
    return Object.fromEntries(pairs.flatMap((_, i) => (i % 2 === 0 ? [[pairs[i], pairs[i + 1]]] : [])));
  };
  const metricLine = (w: Widget, id: string) => lines(w).find((l) => options(l).id === id)!;

  it('opens with a header in Thai and English', () => {
    expect(widgets[0]!.type).toBe('text');
    expect(widgets[0]!.properties.markdown).toContain('การรั่วไหลของข้อมูลส่วนบุคคล');
    expect(widgets[0]!.properties.markdown).toContain('Personal data exposed');
  });

  it('shows the daily leak rate as 100 × documents with leaks / documents scanned', () => {
    const w = titled('Leak rate (%)');
    expect(expressions(w)).toEqual(['100 * leaks / scanned']);
    for (const [id, name] of [
      ['leaks', 'DocumentsWithLeaks'],
      ['scanned', 'DocumentsScanned'],
    ] as const) {
      const line = metricLine(w, id);
      expect(line.slice(0, 2)).toEqual(['Leakscan', name]);
      expect(dimensions(line)).toEqual({ service: 'notify' });
      expect(options(line)).toMatchObject({ stat: 'Sum', period: 86400 });
    }
  });

  it('shows the leak rate of every unit kind of the registry, and of unassigned documents', () => {
    const w = titled('Leak rate by unit kind');
    expect(expressions(w)).toHaveLength(UNIT_KINDS.length + 1);
    UNIT_KINDS.forEach((kind, i) => {
      expect(expressions(w)).toContain(`100 * leaks${i} / scanned${i}`);
      expect(dimensions(metricLine(w, `leaks${i}`))).toEqual({ service: 'notify', UnitKind: UNIT_KIND_CODES[kind] });
      expect(metricLine(w, `leaks${i}`)[1]).toBe('DocumentsWithLeaks');
      expect(dimensions(metricLine(w, `scanned${i}`))).toEqual({ service: 'notify', UnitKind: UNIT_KIND_CODES[kind] });
      expect(metricLine(w, `scanned${i}`)[1]).toBe('DocumentsScanned');
    });
    expect(dimensions(metricLine(w, `leaks${UNIT_KINDS.length}`))).toEqual({ service: 'notify', UnitKind: 'unassigned' });
    // CloudWatch takes only ASCII in dimension values.
    for (const code of Object.values(UNIT_KIND_CODES)) expect(code).toMatch(/^[a-z-]+$/);
  });

  it('lists documents with leaks and documents scanned by province, found by SEARCH, in a table', () => {
    const w = titled('by province');
    expect(w.properties.view).toBe('table');
    expect(expressions(w)).toEqual([
      `SEARCH('{Leakscan,service,Province} service="notify" MetricName="DocumentsWithLeaks"', 'Sum', 86400)`,
      `SEARCH('{Leakscan,service,Province} service="notify" MetricName="DocumentsScanned"', 'Sum', 86400)`,
    ]);
  });

  it('shows the masking-compliance rate over every identifier found', () => {
    const w = titled('Masking compliance');
    expect(expressions(w)).toEqual(['100 * masked / (masked + nationalIds + phones + laserCodes)']);
    expect(['masked', 'nationalIds', 'phones', 'laserCodes'].map((id) => metricLine(w, id)[1])).toEqual(['MaskedIdentifiers', 'ExposedNationalIds', 'ExposedPhones', 'ExposedLaserCodes']);
  });

  it('shows cases past the deadline and open, the hours to remediation (p50, p90) and the cases per day', () => {
    const body = dashboardBody(template);
    for (const name of ['CasesPastDeadline', 'CasesOpen']) expect(body).toContain(`"Leakscan","${name}","service","follow-up"`);
    // Remediated on a clean rescan (notify) or found gone (follow-up): each function's percentiles.
    const remediation = titled('Hours to remediation');
    expect(lines(remediation).map((l) => [l[1], dimensions(l).service, options(l).stat])).toEqual([
      ['HoursToRemediation', 'notify', 'p50'],
      ['HoursToRemediation', 'notify', 'p90'],
      ['HoursToRemediation', 'follow-up', 'p50'],
      ['HoursToRemediation', 'follow-up', 'p90'],
    ]);
    // A case's change of state is counted by whichever function makes it: both are added.
    const perDay = titled('Cases per day');
    for (const [id, name] of [
      ['opened', 'CasesOpened'],
      ['notified', 'CasesNotified'],
      ['remediated', 'CasesRemediated'],
      ['escalated', 'CasesEscalated'],
    ] as const) {
      expect(expressions(perDay)).toContain(`SUM([${id}Notify, ${id}FollowUp])`);
      expect([metricLine(perDay, `${id}Notify`)[1], dimensions(metricLine(perDay, `${id}Notify`))]).toEqual([name, { service: 'notify' }]);
      expect([metricLine(perDay, `${id}FollowUp`)[1], dimensions(metricLine(perDay, `${id}FollowUp`))]).toEqual([name, { service: 'follow-up' }]);
    }
    // Every daily counter is on the dashboard.
    for (const name of DAILY_COUNTERS) expect(body).toContain(`"Leakscan","${name}"`);
    // Clerks' checks of drafts, apart from the leak rate.
    const checks = titled('Drafts checked before publishing');
    expect(lines(checks).map((l) => [l[1], dimensions(l).service])).toEqual([
      ['ChecksRun', 'notify'],
      ['ChecksWithLeaks', 'notify'],
      ['ChecksMasked', 'notify'],
    ]);
  });

  it('shows the month’s own figures as the local dashboard does: the follow-up’s gauges of the month so far, its leak rate in total and by kind, the registry’s shares, and by province', () => {
    const gaugeOf = (line: unknown[]) => [line[1], dimensions(line).service, options(line).stat];
    const rate = titled('The month’s leak rate (%)');
    expect(expressions(rate)).toEqual(['100 * leaks / scanned']);
    expect([gaugeOf(metricLine(rate, 'leaks')), gaugeOf(metricLine(rate, 'scanned'))]).toEqual([
      ['MonthDocumentsWithLeaks', 'follow-up', 'Maximum'],
      ['MonthDocumentsScanned', 'follow-up', 'Maximum'],
    ]);
    const byKind = titled('The month’s leak rate by unit kind');
    UNIT_KINDS.forEach((kind, i) =>
      expect([metricLine(byKind, `leaks${i}`)[1], dimensions(metricLine(byKind, `leaks${i}`))]).toEqual(['MonthDocumentsWithLeaks', { service: 'follow-up', UnitKind: UNIT_KIND_CODES[kind] }]),
    );
    const now = titled('This month so far');
    expect(lines(now).map((l) => l[1])).toEqual([
      'MonthDocumentsScanned',
      'MonthDocumentsWithLeaks',
      'MonthUnitsChecked',
      'RegistryUnits',
      'RegistryUnitsWithCoordinator',
      'RegistryWebsitesUnreachable',
      'MonthCasesOpened',
      'MonthCasesRemediated',
      'MonthCasesEscalated',
      'MonthMedianHoursToRemediation',
    ]);
    expect(expressions(titled('Units of the registry (%)'))).toEqual(['100 * checked / units', '100 * coordinators / unitsC', '100 * unreachable / websites']);
    expect(expressions(titled('By province, for the month'))).toEqual(
      ['MonthDocumentsWithLeaks', 'MonthDocumentsScanned', 'MonthUnitsChecked', 'RegistryUnits'].map(
        (name) => `SEARCH('{Leakscan,service,Province} service="follow-up" MetricName="${name}"', 'Maximum', 86400)`,
      ),
    );
  });

  it("shows the pipeline's health: messages waiting in the scan, findings and crawl queues, every dead-letter queue and every function's errors", () => {
    const queueNames = (w: Widget) =>
      lines(w)
        .map((l) => `${l[1]} ${l[3]}`)
        .sort();
    expect(queueNames(titled('Messages waiting'))).toEqual(
      ['CrawlCrawlQueue.QueueName', 'FindingsQueue.QueueName', 'ScanQueue.QueueName'].map((q) => `ApproximateNumberOfMessagesVisible ${q}`).sort(),
    );
    const deadLetterQueues = Object.keys(template.findResources('AWS::SQS::Queue', { Properties: { RedrivePolicy: Match.absent() } })).map((id) => `${render({ Ref: id })}.QueueName`);
    expect(deadLetterQueues).toHaveLength(5);
    expect(queueNames(titled('Dead-letter queues'))).toEqual(deadLetterQueues.map((q) => `ApproximateNumberOfMessagesVisible ${q}`).sort());
    const functions = Object.keys(template.findResources('AWS::Lambda::Function', { Properties: { Runtime: 'nodejs24.x' } })).map((id) => render({ Ref: id }));
    expect(functions).toHaveLength(6);
    expect(queueNames(titled('Function errors'))).toEqual(functions.map((f) => `Errors ${f}`).sort());
  });
});

describe('alarms', () => {
  it("watch every dead-letter queue, every function's errors and the age of the oldest document, e-mailed through an encrypted topic", () => {
    // Dead letters of scan, findings, crawl, planner and follow-up; errors of scan, planner, crawler, notify, follow-up and the check API; the scan queue's age.
    template.resourceCountIs('AWS::CloudWatch::Alarm', 12);
    const alarms = Object.values(template.findResources('AWS::CloudWatch::Alarm'));
    const watched = (metricName: string) =>
      alarms
        .filter((a) => a.Properties.MetricName === metricName)
        .map((a) => render(a.Properties.Dimensions[0].Value))
        .sort();
    expect(watched('Errors')).toEqual(['CheckApiFunction', 'CrawlCrawler', 'CrawlPlanner', 'FollowUpFunction', 'NotifyFunction', 'ScanFunction'].sort());
    expect(watched('ApproximateNumberOfMessagesVisible')).toContain('FollowUpDeadLetterQueue.QueueName');
    expect(watched('ApproximateNumberOfMessagesVisible')).toContain('FindingsQueueDeadLetterQueue.QueueName');
    // Business figures are not health: cases past their deadline are on the dashboard, not alarmed on.
    expect(alarms.some((a) => a.Properties.MetricName === 'CasesPastDeadline')).toBe(false);
    for (const metric of ['ApproximateNumberOfMessagesVisible', 'Errors', 'ApproximateAgeOfOldestMessage']) template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: metric });
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'dpo@example.go.th' });
  });
});

describe('logs', () => {
  const logGroups = (t: Template) => Object.values(t.findResources('AWS::Logs::LogGroup') as Record<string, Resource>);

  it("keeps every function's logs for logRetentionDays (90 by default), in a group of its own", () => {
    const functions = Object.values(template.findResources('AWS::Lambda::Function') as Record<string, Resource>).filter((f) => f.Properties.LoggingConfig);
    // The six leakscan functions and CDK's clerk page deployment (CDK's other helper functions log as CDK sets them).
    expect(functions).toHaveLength(7);
    const groups = new Set(functions.map((f) => f.Properties.LoggingConfig.LogGroup.Ref));
    expect(groups.size).toBe(7);
    const byId = template.findResources('AWS::Logs::LogGroup');
    for (const id of groups) expect(byId[id]!.Properties.RetentionInDays).toBe(90);
    // And the check API's access logs.
    expect(logGroups(synth({ logRetentionDays: 30 }).template).filter((g) => g.Properties.RetentionInDays === 30)).toHaveLength(8);
  });
});

describe('configuration', () => {
  it('is read from context with defaults, and a wrong value stops synthesis with a message naming it', () => {
    expect(readConfig(new App().node)).toEqual({
      stage: 'dev',
      retentionDays: 30,
      checkRetentionDays: 7,
      logRetentionDays: 90,
      ocrEngine: 'tesseract',
      scanConcurrency: 5,
      crawlHour: 1,
      crawlDepth: 3,
      crawlPageBudget: 300,
      crawlDelayMs: 1000,
      crawlBatchSize: 10,
      crawlConcurrency: 20,
      crawlContact: 'https://www.pdpc.or.th/',
      notifyFrom: 'leakscan@pdpc.or.th',
      notifyReplyTo: 'eagle-eye@pdpc.or.th',
      sesIdentity: 'pdpc.or.th',
      pdpcEmail: 'eagle-eye@pdpc.or.th',
      notifyConcurrency: 5,
      followUpMinutes: 60,
      clerkDomainPrefix: 'leakscan-dev-clerks',
    });
    expect(() => readConfig(new App({ context: { crawlHour: 24, crawlBatchSize: 11 } }).node)).toThrow(
      /crawlHour must be a whole number from 0 to 23, not 24; crawlBatchSize must be a whole number from 1 to 10, not 11/,
    );
    expect(() => readConfig(new App({ context: { retentionDays: 0 } }).node)).toThrow(/retentionDays must be a whole number from 1 to 3650, not 0/);
    expect(() => readConfig(new App({ context: { retentionDays: 5, checkRetentionDays: 7 } }).node)).toThrow(/checkRetentionDays \(7\) must not be more than retentionDays \(5\)/);
    expect(() => readConfig(new App({ context: { logRetentionDays: 100 } }).node)).toThrow(/logRetentionDays must be one of CloudWatch Logs' periods \(1, 3, 5, 7, 14, 30, 60, 90, .*\), not 100/);
    expect(() => readConfig(new App({ context: { ocrEngine: 'easyocr', stage: 'Prod' } }).node)).toThrow(/stage must be .*; ocrEngine must be one of tesseract, textract, not easyocr/);
    expect(() => readConfig(new App({ context: { alarmEmail: 'dpo' } }).node)).toThrow(/alarmEmail must be an e-mail address/);
    expect(() => readConfig(new App({ context: { followUpMinutes: 4, notifyConcurrency: 1 } }).node)).toThrow(
      /notifyConcurrency must be a whole number from 2 to 1000, not 1; followUpMinutes must be a whole number from 5 to 1440, not 4/,
    );
    expect(() => readConfig(new App({ context: { followUpMinutes: 1441 } }).node)).toThrow(/followUpMinutes must be a whole number from 5 to 1440, not 1441/);
    // No account or region is written into the template.
    expect(JSON.stringify(template.toJSON())).not.toMatch(/\b\d{12}\b|us-east-1|ap-southeast-1/);
  });
});

describe('e-mail configuration', () => {
  it('derives the SES identity and the reply-to address from the sender and the PDPC, unless given', () => {
    expect(readConfig(new App({ context: { notifyFrom: 'alerts@leakscan.go.th', pdpcEmail: 'dpo@pdpc.or.th' } }).node)).toMatchObject({
      notifyFrom: 'alerts@leakscan.go.th',
      sesIdentity: 'leakscan.go.th',
      pdpcEmail: 'dpo@pdpc.or.th',
      notifyReplyTo: 'dpo@pdpc.or.th',
    });
    expect(readConfig(new App({ context: { notifyReplyTo: 'cases@pdpc.or.th', sesIdentity: 'leakscan@pdpc.or.th' } }).node)).toMatchObject({
      notifyReplyTo: 'cases@pdpc.or.th',
      sesIdentity: 'leakscan@pdpc.or.th',
    });
  });

  it('refuses addresses that are not addresses, and a sender SES would not let the functions send as', () => {
    expect(() => readConfig(new App({ context: { notifyFrom: 'leakscan', pdpcEmail: 'pdpc.or.th' } }).node)).toThrow(
      /notifyFrom must be an e-mail address, not leakscan; pdpcEmail must be an e-mail address, not pdpc\.or\.th/,
    );
    expect(() => readConfig(new App({ context: { notifyReplyTo: 'reply to us' } }).node)).toThrow(/notifyReplyTo must be an e-mail address/);
    expect(() => readConfig(new App({ context: { notifyFrom: 'leakscan@mail.go.th', sesIdentity: 'pdpc.or.th' } }).node)).toThrow(
      /notifyFrom leakscan@mail\.go\.th is not an address of the sesIdentity domain pdpc\.or\.th/,
    );
    expect(() => readConfig(new App({ context: { sesIdentity: 'other@pdpc.or.th' } }).node)).toThrow(/sesIdentity other@pdpc\.or\.th is an address other than notifyFrom/);
    expect(() => readConfig(new App({ context: { sesIdentity: 'pdpc or th' } }).node)).toThrow(/sesIdentity must be a domain or an e-mail address/);
  });
});

describe('cdk-nag (AWS Solutions)', () => {
  it('finds nothing unacknowledged in the stack', () => {
    expect(() => synth().app.synth()).not.toThrow();
  });

  it('stops synthesis on a finding nobody acknowledged', () => {
    const { app, stack } = createApp(new App({ context: { 'aws:cdk:bundling-stacks': [] } }));
    // A queue with no dead-letter queue and no TLS policy.
    new Queue(stack as Stack, 'Careless');
    expect(() => app.synth()).toThrow();
  });
});

describe('npx cdk synth', () => {
  it('builds the stack offline, with every function bundled, the scan function for arm64 with its OCR models and its worker', () => {
    const out = mkdtempSync(join(tmpdir(), 'leakscan-cdk-'));
    try {
      const run = spawnSync('npx', ['cdk', 'synth', '--quiet', '--no-notices', '--output', out], {
        cwd: ROOT,
        encoding: 'utf8',
        env: { ...process.env, CDK_DISABLE_CLI_TELEMETRY: 'true', AWS_ACCESS_KEY_ID: '', AWS_SECRET_ACCESS_KEY: '', AWS_PROFILE: '' },
      });
      expect(run.status, run.stderr).toBe(0);
      const template = JSON.parse(readFileSync(join(out, 'Leakscan-dev.template.json'), 'utf8'));
      expect(Object.values(template.Resources).some((r) => (r as { Type: string }).Type === 'AWS::Lambda::Function')).toBe(true);
      const bundles = readdirSync(out).filter((name) => name.startsWith('asset.') && existsSync(join(out, name, 'index.mjs')));
      // The scan function, the crawl planner, the crawler, the notify function, the case follow-up and the check API.
      expect(bundles).toHaveLength(6);
      const bundle = join(out, bundles.find((name) => existsSync(join(out, name, 'models')))!);
      expect(readdirSync(join(bundle, 'models')).sort()).toEqual(['leakscan_num.json', 'leakscan_num.onnx']);
      // onnxruntime's build for Lambda (Linux on arm64) alone: the others would pass its size limit.
      const onnxruntime = join(bundle, 'node_modules', 'onnxruntime-node', 'bin', 'napi-v6');
      expect(readdirSync(onnxruntime)).toEqual(['linux']);
      expect(readdirSync(join(onnxruntime, 'linux'))).toEqual(['arm64']);
      expect(existsSync(join(onnxruntime, 'linux', 'arm64', 'onnxruntime_binding.node'))).toBe(true);
      // The worker process each document is read in, bundled beside the handler.
      expect(readFileSync(join(bundle, 'scan-worker.mjs'), 'utf8')).toContain('ocr-job-started');
      expect(existsSync(join(bundle, 'node_modules', '@tesseract.js-data', 'tha', '4.0.0_best_int', 'tha.traineddata.gz'))).toBe(true);
      expect(readdirSync(join(bundle, 'node_modules', '@napi-rs'))).toContain('canvas-linux-arm64-gnu');
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 180_000);
});

// The deployment as CloudFormation: every security property the AWS issue names, checked on the
// synthesized template, and cdk-nag's AWS Solutions rules with nothing left unacknowledged.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { App, Stack } from 'aws-cdk-lib';
import { Match, Template } from 'aws-cdk-lib/assertions';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { describe, expect, it } from 'vitest';
import { readConfig } from '../../infra/config.ts';
import { createApp } from '../../infra/leakscan-app.ts';

const ROOT = resolve(import.meta.dirname, '../..');

/** The app as `cdk synth` builds it, without bundling the function (esbuild and npm install). */
function synth(context: Record<string, unknown> = {}) {
  const { app, stack } = createApp(new App({ context: { 'aws:cdk:bundling-stacks': [], ...context } }));
  return { app, stack, template: Template.fromStack(stack) };
}

const { template } = synth({ retentionDays: 45, alarmEmail: 'dpo@example.go.th' });

type Resource = { Properties: Record<string, any>; DeletionPolicy?: string };
const functionNamed = (t: Template, logicalIdStart: string): Resource =>
  Object.entries(t.findResources('AWS::Lambda::Function') as Record<string, Resource>).find(([id]) => id.startsWith(logicalIdStart))![1];
const scanFunction = (t: Template) => functionNamed(t, 'ScanFunction');
const crawlerFunction = (t: Template) => functionNamed(t, 'CrawlCrawler');

/** The statements of the one IAM policy attached to the role whose logical ID starts so. */
function policyStatements(t: Template, roleIdStart: string): Array<{ Action: string | string[]; Resource: unknown }> {
  const policies = Object.values(t.findResources('AWS::IAM::Policy')).filter((p) => p.Properties.Roles.some((r: { Ref: string }) => r.Ref.startsWith(roleIdStart)));
  expect(policies).toHaveLength(1);
  return policies[0]!.Properties.PolicyDocument.Statement;
}
const actionsOf = (statements: ReturnType<typeof policyStatements>) => [...new Set(statements.flatMap((s) => [s.Action].flat()))].sort();

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

  it('refuses every request not made over TLS, on both buckets', () => {
    const policies = template.findResources('AWS::S3::BucketPolicy');
    expect(Object.keys(policies)).toHaveLength(2);
    for (const policy of Object.values(policies)) {
      expect(policy.Properties.PolicyDocument.Statement).toContainEqual(
        expect.objectContaining({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } }, Principal: { AWS: '*' } }),
      );
    }
    // No bucket is public in any way.
    for (const bucket of Object.values(template.findResources('AWS::S3::Bucket'))) expect(bucket.Properties.PublicAccessBlockConfiguration.BlockPublicPolicy).toBe(true);
  });

  it('offers clerks a policy to put documents under their own unit\'s uploads/ prefix only', () => {
    const policy = Object.values(template.findResources('AWS::IAM::ManagedPolicy'))[0]!;
    const [statement, ...others] = policy.Properties.PolicyDocument.Statement;
    expect(others).toEqual([]);
    expect(statement.Action).toBe('s3:PutObject');
    expect(JSON.stringify(statement.Resource)).toMatch(/IngestBucket.*Arn.*\/uploads\/\$\{aws:PrincipalTag\/leakscan-unit\}\/\*/);
    template.hasOutput('UploaderPolicyArn', {});
  });

  it('announces created objects on the scan queue', () => {
    template.hasResourceProperties('Custom::S3BucketNotifications', {
      NotificationConfiguration: { QueueConfigurations: [Match.objectLike({ Events: ['s3:ObjectCreated:*'] })] },
    });
  });
});

describe('queues', () => {
  it('are encrypted, and each one that is not a dead-letter queue moves a message to its dead-letter queue after 3 receives', () => {
    const queues = Object.entries(template.findResources('AWS::SQS::Queue'));
    // Scan, findings and crawl queues with their dead-letter queues, and the crawl planner's dead-letter queue.
    expect(queues).toHaveLength(7);
    for (const [, queue] of queues) expect(queue.Properties.SqsManagedSseEnabled).toBe(true);
    const redriven = queues.filter(([, q]) => q.Properties.RedrivePolicy);
    expect(redriven).toHaveLength(3);
    for (const [, queue] of redriven) expect(queue.Properties.RedrivePolicy.maxReceiveCount).toBe(3);
  });

  it('refuse requests not made over TLS', () => {
    const policies = Object.values(template.findResources('AWS::SQS::QueuePolicy'));
    const denied = policies.flatMap((p) => p.Properties.PolicyDocument.Statement).filter((s) => s.Effect === 'Deny' && s.Condition?.Bool?.['aws:SecureTransport'] === 'false');
    expect(denied).toHaveLength(7);
  });

  it('give the scan function and the crawler six times their timeout to finish a message before it shows again', () => {
    for (const fn of [scanFunction(template), crawlerFunction(template)]) template.hasResourceProperties('AWS::SQS::Queue', { VisibilityTimeout: fn.Properties.Timeout * 6, RedrivePolicy: Match.anyValue() });
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

  it('may read objects of the ingest bucket and the fingerprint key, send to the findings queue, keep its idempotency records, and nothing more', () => {
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
    const send = statements.find((s) => [s.Action].flat().includes('sqs:SendMessage'))!;
    expect(JSON.stringify(send.Resource)).toContain('FindingsQueue');
    expect(JSON.stringify(send.Resource)).not.toContain('ScanQueue');
    const read = statements.filter((s) => [s.Action].flat().includes('dynamodb:GetItem')).map((s) => JSON.stringify(s.Resource));
    expect(read.some((r) => r.includes('UnitsTable'))).toBe(true);
  });

  it('gets Textract only when it is the configured OCR engine, with its jobs\' completions coming back through SNS and a queue', () => {
    expect(JSON.stringify(template.toJSON())).not.toContain('textract');
    const withTextract = synth({ ocrEngine: 'textract' }).template;
    const json = JSON.stringify(withTextract.toJSON());
    for (const action of ['textract:DetectDocumentText', 'textract:StartDocumentTextDetection', 'textract:GetDocumentTextDetection', 'iam:PassRole']) expect(json).toContain(action);
    withTextract.hasResourceProperties('AWS::IAM::Role', { AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'textract.amazonaws.com' } })] } });
    withTextract.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'sqs', RawMessageDelivery: true });
    // Scan and Textract queues feed the scan function; the crawl queue feeds the crawler.
    withTextract.resourceCountIs('AWS::Lambda::EventSourceMapping', 3);
    withTextract.resourceCountIs('AWS::SQS::Queue', 9);
    // The Textract queue's dead-letter queue is watched too.
    withTextract.resourceCountIs('AWS::CloudWatch::Alarm', 9);
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
      KeySchema: [{ AttributeName: 'unitId', KeyType: 'HASH' }, { AttributeName: 'url', KeyType: 'RANGE' }],
      SSESpecification: { SSEEnabled: true },
    });
  });

  it('lets the planner read the units and send jobs, and the crawler store under crawled/ and keep URL state, and nothing more', () => {
    const planner = policyStatements(template, 'CrawlPlanner');
    expect(actionsOf(planner)).toEqual(['dynamodb:Scan', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:SendMessage']);
    expect(JSON.stringify(planner.find((s) => s.Action === 'dynamodb:Scan')!.Resource)).toContain('UnitsTable');
    const crawler = policyStatements(template, 'CrawlCrawler');
    expect(actionsOf(crawler)).toEqual(
      ['dynamodb:GetItem', 'dynamodb:PutItem', 's3:PutObject', 'sqs:ChangeMessageVisibility', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes', 'sqs:GetQueueUrl', 'sqs:ReceiveMessage'].sort(),
    );
    const s3 = crawler.find((s) => [s.Action].flat().includes('s3:PutObject'))!;
    expect(JSON.stringify(s3.Resource)).toMatch(/IngestBucket.*Arn.*\/crawled\/\*/);
    const dynamo = crawler.find((s) => [s.Action].flat().includes('dynamodb:PutItem'))!;
    expect(JSON.stringify(dynamo.Resource)).toContain('CrawlStateTable');
    for (const statement of [...planner, ...crawler]) expect(statement.Resource).not.toBe('*');
  });
});

describe('units registry', () => {
  it('is a DynamoDB table keyed on the unit ID, kept on stack deletion and recoverable to a point in time', () => {
    const tables = Object.values(template.findResources('AWS::DynamoDB::GlobalTable')).filter((t) => t.DeletionPolicy === 'Retain');
    expect(tables).toHaveLength(1);
    expect(tables[0]!.DeletionPolicy).toBe('Retain');
    expect(tables[0]!.Properties.KeySchema).toEqual([{ AttributeName: 'id', KeyType: 'HASH' }]);
    expect(tables[0]!.Properties.Replicas[0].PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
    template.hasOutput('UnitsTableName', {});
    template.hasOutput('IngestBucketName', {});
  });
});

describe('alarms', () => {
  it('watch every dead-letter queue, every function\'s errors and the age of the oldest document, e-mailed through an encrypted topic', () => {
    // Dead letters of scan, findings, crawl and planner; errors of scan, planner and crawler; the scan queue's age.
    template.resourceCountIs('AWS::CloudWatch::Alarm', 8);
    for (const metric of ['ApproximateNumberOfMessagesVisible', 'Errors', 'ApproximateAgeOfOldestMessage']) template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: metric });
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'dpo@example.go.th' });
  });
});

describe('configuration', () => {
  it('is read from context with defaults, and a wrong value stops synthesis with a message naming it', () => {
    expect(readConfig(new App().node)).toEqual({
      stage: 'dev',
      retentionDays: 30,
      ocrEngine: 'tesseract',
      scanConcurrency: 5,
      crawlHour: 1,
      crawlDepth: 3,
      crawlPageBudget: 300,
      crawlDelayMs: 1000,
      crawlBatchSize: 10,
      crawlConcurrency: 20,
      crawlContact: 'https://www.pdpc.or.th/',
    });
    expect(() => readConfig(new App({ context: { crawlHour: 24, crawlBatchSize: 11 } }).node)).toThrow(/crawlHour must be a whole number from 0 to 23, not 24; crawlBatchSize must be a whole number from 1 to 10, not 11/);
    expect(() => readConfig(new App({ context: { retentionDays: 0 } }).node)).toThrow(/retentionDays must be a whole number from 1 to 3650, not 0/);
    expect(() => readConfig(new App({ context: { ocrEngine: 'easyocr', stage: 'Prod' } }).node)).toThrow(/stage must be .*; ocrEngine must be one of tesseract, textract, not easyocr/);
    expect(() => readConfig(new App({ context: { alarmEmail: 'dpo' } }).node)).toThrow(/alarmEmail must be an e-mail address/);
    // No account or region is written into the template.
    expect(JSON.stringify(template.toJSON())).not.toMatch(/\b\d{12}\b|us-east-1|ap-southeast-1/);
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
  it('builds the stack offline, with every function bundled, the scan function for arm64 with its OCR models', () => {
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
      // The scan function, the crawl planner and the crawler.
      expect(bundles).toHaveLength(3);
      const bundle = join(out, bundles.find((name) => existsSync(join(out, name, 'models')))!);
      expect(existsSync(join(bundle, 'models', 'leakscan_num.traineddata'))).toBe(true);
      expect(existsSync(join(bundle, 'node_modules', '@tesseract.js-data', 'tha', '4.0.0_best_int', 'tha.traineddata.gz'))).toBe(true);
      expect(readdirSync(join(bundle, 'node_modules', '@napi-rs'))).toContain('canvas-linux-arm64-gnu');
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 180_000);
});

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

  it('announces created objects on the scan queue', () => {
    template.hasResourceProperties('Custom::S3BucketNotifications', {
      NotificationConfiguration: { QueueConfigurations: [Match.objectLike({ Events: ['s3:ObjectCreated:*'] })] },
    });
  });
});

describe('queues', () => {
  it('are encrypted, and each one that is not a dead-letter queue moves a message to its dead-letter queue after 3 receives', () => {
    const queues = Object.entries(template.findResources('AWS::SQS::Queue'));
    expect(queues).toHaveLength(4);
    for (const [, queue] of queues) expect(queue.Properties.SqsManagedSseEnabled).toBe(true);
    const redriven = queues.filter(([, q]) => q.Properties.RedrivePolicy);
    expect(redriven).toHaveLength(2);
    for (const [, queue] of redriven) expect(queue.Properties.RedrivePolicy.maxReceiveCount).toBe(3);
  });

  it('refuse requests not made over TLS', () => {
    const policies = Object.values(template.findResources('AWS::SQS::QueuePolicy'));
    const denied = policies.flatMap((p) => p.Properties.PolicyDocument.Statement).filter((s) => s.Effect === 'Deny' && s.Condition?.Bool?.['aws:SecureTransport'] === 'false');
    expect(denied).toHaveLength(4);
  });

  it('give the scan function six times its timeout to finish a message before it shows again', () => {
    const timeout = Object.values(template.findResources('AWS::Lambda::Function')).find((f) => f.Properties.Runtime === 'nodejs24.x')!.Properties.Timeout;
    template.hasResourceProperties('AWS::SQS::Queue', { VisibilityTimeout: timeout * 6, RedrivePolicy: Match.anyValue() });
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
    const policies = Object.values(template.findResources('AWS::IAM::Policy')).filter((p) => JSON.stringify(p.Properties.Roles).includes('ScanFunction'));
    expect(policies).toHaveLength(1);
    const statements: Array<{ Action: string | string[]; Resource: unknown }> = policies[0]!.Properties.PolicyDocument.Statement;
    const actions = [...new Set(statements.flatMap((s) => [s.Action].flat()))].sort();
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
  });

  it('gets Textract only when it is the configured OCR engine, with its jobs\' completions coming back through SNS and a queue', () => {
    expect(JSON.stringify(template.toJSON())).not.toContain('textract');
    const withTextract = synth({ ocrEngine: 'textract' }).template;
    const json = JSON.stringify(withTextract.toJSON());
    for (const action of ['textract:DetectDocumentText', 'textract:StartDocumentTextDetection', 'textract:GetDocumentTextDetection', 'iam:PassRole']) expect(json).toContain(action);
    withTextract.hasResourceProperties('AWS::IAM::Role', { AssumeRolePolicyDocument: { Statement: [Match.objectLike({ Principal: { Service: 'textract.amazonaws.com' } })] } });
    withTextract.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'sqs', RawMessageDelivery: true });
    withTextract.resourceCountIs('AWS::Lambda::EventSourceMapping', 2);
    withTextract.resourceCountIs('AWS::SQS::Queue', 6);
    // The Textract queue's dead-letter queue is watched too.
    withTextract.resourceCountIs('AWS::CloudWatch::Alarm', 5);
    const variables = Object.values(withTextract.findResources('AWS::Lambda::Function')).find((f) => f.Properties.Runtime === 'nodejs24.x')!.Properties.Environment.Variables;
    expect(Object.keys(variables)).toEqual(expect.arrayContaining(['TEXTRACT_TOPIC_ARN', 'TEXTRACT_ROLE_ARN']));
    expect(variables.LEAKSCAN_OCR_ENGINE).toBe('textract');
  });
});

describe('units registry', () => {
  it('is a DynamoDB table keyed on the unit ID, kept on stack deletion and recoverable to a point in time', () => {
    const tables = Object.values(template.findResources('AWS::DynamoDB::GlobalTable')).filter((t) => !t.Properties.TimeToLiveSpecification);
    expect(tables).toHaveLength(1);
    expect(tables[0]!.DeletionPolicy).toBe('Retain');
    expect(tables[0]!.Properties.KeySchema).toEqual([{ AttributeName: 'id', KeyType: 'HASH' }]);
    expect(tables[0]!.Properties.Replicas[0].PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
    template.hasOutput('UnitsTableName', {});
  });
});

describe('alarms', () => {
  it('watch both dead-letter queues, the function errors and the age of the oldest document, e-mailed through an encrypted topic', () => {
    template.resourceCountIs('AWS::CloudWatch::Alarm', 4);
    for (const metric of ['ApproximateNumberOfMessagesVisible', 'Errors', 'ApproximateAgeOfOldestMessage']) template.hasResourceProperties('AWS::CloudWatch::Alarm', { MetricName: metric });
    template.hasResourceProperties('AWS::SNS::Topic', { KmsMasterKeyId: Match.anyValue() });
    template.hasResourceProperties('AWS::SNS::Subscription', { Protocol: 'email', Endpoint: 'dpo@example.go.th' });
  });
});

describe('configuration', () => {
  it('is read from context with defaults, and a wrong value stops synthesis with a message naming it', () => {
    expect(readConfig(new App().node)).toEqual({ stage: 'dev', retentionDays: 30, ocrEngine: 'tesseract', scanConcurrency: 5 });
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
  it('builds the stack offline, with the scan function bundled for arm64 with its OCR models', () => {
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
      const [asset] = readdirSync(out).filter((name) => name.startsWith('asset.') && existsSync(join(out, name, 'index.mjs')));
      const bundle = join(out, asset!);
      expect(existsSync(join(bundle, 'models', 'leakscan_num.traineddata'))).toBe(true);
      expect(existsSync(join(bundle, 'node_modules', '@tesseract.js-data', 'tha', '4.0.0_best_int', 'tha.traineddata.gz'))).toBe(true);
      expect(readdirSync(join(bundle, 'node_modules', '@napi-rs'))).toContain('canvas-linux-arm64-gnu');
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 180_000);
});

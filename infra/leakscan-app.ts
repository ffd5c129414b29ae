// The CDK app: one stack per stage, in the account and region the CLI is set to, checked against
// the AWS Solutions rules of cdk-nag (a finding stops synthesis unless acknowledged with a reason).
import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { readConfig } from './config.ts';
import { LeakscanStack } from './leakscan-stack.ts';

export function createApp(app = new App()): { app: App; stack: LeakscanStack } {
  const config = readConfig(app.node);
  const stack = new LeakscanStack(app, `Leakscan-${config.stage}`, {
    config,
    env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
    tags: { project: 'leakscan', stage: config.stage },
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app));
  return { app, stack };
}

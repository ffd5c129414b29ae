// A function run on an EventBridge Scheduler schedule: retried twice, and when still failing,
// whether the schedule could not deliver or the function failed, the event ends in a dead-letter
// queue. Built in the caller's scope (ids `ScheduleRole`, `Schedule`).
import type { Duration } from 'aws-cdk-lib';
import { Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { SqsDestination } from 'aws-cdk-lib/aws-lambda-destinations';
import { Schedule, type ScheduleExpression } from 'aws-cdk-lib/aws-scheduler';
import { LambdaInvoke } from 'aws-cdk-lib/aws-scheduler-targets';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import type { Construct } from 'constructs';
import { acknowledgeFunctionVersions } from './acknowledgements.ts';

export interface ScheduledInvocationProps {
  schedule: ScheduleExpression;
  description: string;
  deadLetterQueue: IQueue;
  /** An event older than this is dropped rather than run late. */
  maxEventAge: Duration;
}

export function scheduleInvocations(scope: Construct, fn: IFunction, { schedule, description, deadLetterQueue, maxEventAge }: ScheduledInvocationProps): Schedule {
  const role = new Role(scope, 'ScheduleRole', { assumedBy: new ServicePrincipal('scheduler.amazonaws.com') });
  acknowledgeFunctionVersions(role, fn, "CDK's grant to invoke the function also covers its versions; the role may invoke nothing else.");
  fn.configureAsyncInvoke({ retryAttempts: 2, maxEventAge, onFailure: new SqsDestination(deadLetterQueue) });
  return new Schedule(scope, 'Schedule', { description, schedule, target: new LambdaInvoke(fn, { role, deadLetterQueue, retryAttempts: 2, maxEventAge }) });
}

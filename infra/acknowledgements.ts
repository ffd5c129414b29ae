// cdk-nag's wildcard finding (AwsSolutions-IAM5) names a resource by its logical ID in the
// synthesized template: these build that name, so each acknowledgement says only what it allows.
import { Stack, Validations } from 'aws-cdk-lib';
import type { IBucket } from 'aws-cdk-lib/aws-s3';
import type { IConstruct } from 'constructs';

const arnOf = (resource: IConstruct): string => `<${Stack.of(resource).getLogicalId(resource.node.defaultChild as never)}.Arn>`;

/** Acknowledges a grant on every object under a prefix of the bucket (`''`: the whole bucket). */
export function acknowledgeBucketObjects(grantee: IConstruct, bucket: IBucket, prefix: string, reason: string): void {
  Validations.of(grantee).acknowledge({ id: `AwsSolutions-IAM5[Resource::${arnOf(bucket)}/${prefix}*]`, reason });
}

/** Acknowledges a grant to invoke a function, which CDK extends to its versions (`<arn>:*`). */
export function acknowledgeFunctionVersions(grantee: IConstruct, fn: IConstruct, reason: string): void {
  Validations.of(grantee).acknowledge({ id: `AwsSolutions-IAM5[Resource::${arnOf(fn)}:*]`, reason });
}

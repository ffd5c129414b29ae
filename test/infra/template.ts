// Reading the synthesized CloudFormation template in the infrastructure tests: the app as `cdk
// synth` builds it (without bundling the functions), resources by logical ID, values as short text.
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { expect } from 'vitest';
import { createApp } from '../../infra/leakscan-app.ts';

/** The app as `cdk synth` builds it, without bundling the functions (esbuild and npm install). */
export function synth(context: Record<string, unknown> = {}) {
  const { app, stack } = createApp(new App({ context: { 'aws:cdk:bundling-stacks': [], ...context } }));
  return { app, stack, template: Template.fromStack(stack) };
}

export type Resource = { Properties: Record<string, any>; DeletionPolicy?: string };

/** The one resource of a type whose logical ID starts so. */
export function resource(t: Template, type: string, logicalIdStart: string): Resource {
  const found = Object.entries(t.findResources(type) as Record<string, Resource>).filter(([id]) => id.startsWith(logicalIdStart));
  expect(found.map(([id]) => id)).toHaveLength(1);
  return found[0]![1];
}

export type Statement = { Action: string | string[]; Resource: unknown; Effect?: string; Condition?: unknown };

/** The statements of the one IAM policy attached to the role whose logical ID starts so. */
export function policyStatements(t: Template, roleIdStart: string): Statement[] {
  const policies = Object.values(t.findResources('AWS::IAM::Policy')).filter((p) => p.Properties.Roles.some((r: { Ref: string }) => r.Ref.startsWith(roleIdStart)));
  expect(policies).toHaveLength(1);
  return policies[0]!.Properties.PolicyDocument.Statement;
}

/** A CloudFormation value as short text: a logical ID without its hash, `.Arn`, `${AWS::Region}`, joins concatenated. */
export function render(value: unknown): string {
  if (typeof value === 'string') return value;
  const v = value as Record<string, any>;
  const id = (logicalId: string) => logicalId.replace(/[0-9A-F]{8}$/, '');
  if (v.Ref) return v.Ref.startsWith('AWS::') ? `\${${v.Ref}}` : id(v.Ref);
  if (v['Fn::GetAtt']) return `${id(v['Fn::GetAtt'][0])}.${v['Fn::GetAtt'][1]}`;
  if (v['Fn::Join']) return (v['Fn::Join'][1] as unknown[]).map(render).join(v['Fn::Join'][0]);
  return JSON.stringify(value);
}

/** A function's environment, each value rendered. */
export const environmentOf = (properties: Record<string, any>): Record<string, string> =>
  Object.fromEntries(Object.entries(properties.Environment.Variables as Record<string, unknown>).map(([k, v]) => [k, render(v)]));

/** Each action a role may take, with the resources it may take it on. */
export function grantsOf(statements: Statement[]): Record<string, string[]> {
  const grants: Record<string, string[]> = {};
  for (const s of statements) for (const action of [s.Action].flat()) grants[action] = [...(grants[action] ?? []), ...[s.Resource].flat().map(render)].sort();
  return grants;
}

// Which stack the AWS commands (report, units, upload, upload-url) talk to. `leakscan serve` writes
// what a command needs to reach it (.leakscan/env.json in its state directory) while it runs, so
// that a command run beside it finds it with no setting. An environment that names an AWS target
// (an endpoint, a profile or keys) is obeyed instead; table and bucket names come from the flags,
// then $LEAKSCAN_*, then the running local stack, then the names a deployment gives them.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_STATE_DIR } from '../shared/fingerprint.ts';

export interface StackNames {
  bucket: string;
  unitsTable: string;
  metricsTable: string;
}

export const DEPLOYED_NAMES: StackNames = { bucket: 'leakscan-ingest', unitsTable: 'leakscan-units', metricsTable: 'leakscan-metrics' };

/** What a running `leakscan serve` tells the commands beside it. */
export interface LocalStackFile extends StackNames {
  pid: number;
  /** The AWS SDK's settings for its servers: endpoints, region, credentials. */
  env: Record<string, string>;
  dashboardUrl: string;
}

export const localStackFilePath = (stateDir: string): string => join(stateDir, 'env.json');

export function writeLocalStackFile(stateDir: string, file: LocalStackFile): void {
  writeFileSync(localStackFilePath(stateDir), JSON.stringify(file, null, 2) + '\n', { mode: 0o600 });
}

export function removeLocalStackFile(stateDir: string): void {
  rmSync(localStackFilePath(stateDir), { force: true });
}

/** The local stack of `stateDir`, if its file is there and the process that wrote it still runs. */
export function runningLocalStack(stateDir: string): LocalStackFile | undefined {
  let file: LocalStackFile;
  try {
    file = JSON.parse(readFileSync(localStackFilePath(stateDir), 'utf8')) as LocalStackFile;
    // Signal 0 only asks whether the process exists; a stopped serve that was killed leaves its file.
    process.kill(file.pid, 0);
  } catch {
    return undefined;
  }
  return file;
}

const NAMES_AN_AWS_TARGET = /^AWS_(ENDPOINT_URL(_\w+)?|PROFILE|ACCESS_KEY_ID)$/;

export interface StackTarget extends StackNames {
  /** Set when the commands talk to a running local stack. */
  local?: LocalStackFile;
}

/**
 * The stack to talk to, with the AWS SDK's environment pointed at the local stack when that is
 * the one (the SDK reads its endpoints and credentials from the environment).
 */
export function stackTarget(env: NodeJS.ProcessEnv = process.env): StackTarget {
  const local = Object.keys(env).some((k) => NAMES_AN_AWS_TARGET.test(k) && env[k]) ? undefined : runningLocalStack(env.LEAKSCAN_STATE_DIR || DEFAULT_STATE_DIR);
  if (local) Object.assign(env, local.env);
  const names = local ?? DEPLOYED_NAMES;
  return {
    bucket: env.LEAKSCAN_BUCKET || names.bucket,
    unitsTable: env.LEAKSCAN_UNITS_TABLE || names.unitsTable,
    metricsTable: env.LEAKSCAN_METRICS_TABLE || names.metricsTable,
    ...(local && { local }),
  };
}

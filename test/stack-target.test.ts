// Which stack the AWS commands talk to: a running `leakscan serve` beside them, unless the
// environment names an AWS target.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEPLOYED_NAMES, type LocalStackFile, removeLocalStackFile, runningLocalStack, stackTarget, writeLocalStackFile } from '../cli/stack-target.ts';

const stateDir = mkdtempSync(join(tmpdir(), 'leakscan-target-'));
afterAll(() => rmSync(stateDir, { recursive: true, force: true }));

const local = (pid: number): LocalStackFile => ({
  pid,
  env: { AWS_REGION: 'us-east-1', AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:8083', AWS_ACCESS_KEY_ID: 'S3RVER' },
  bucket: 'ingest',
  unitsTable: 'units',
  metricsTable: 'metrics',
  dashboardUrl: 'http://127.0.0.1:8080/',
});

describe('stackTarget', () => {
  it('finds the running local stack and points the AWS SDK at it', () => {
    writeLocalStackFile(stateDir, local(process.pid));
    const env: NodeJS.ProcessEnv = { LEAKSCAN_STATE_DIR: stateDir };
    expect(stackTarget(env)).toMatchObject({ bucket: 'ingest', unitsTable: 'units', metricsTable: 'metrics', local: { pid: process.pid } });
    expect(env).toMatchObject({ AWS_ENDPOINT_URL_DYNAMODB: 'http://127.0.0.1:8083', AWS_ACCESS_KEY_ID: 'S3RVER' });
  });

  it('names from $LEAKSCAN_* win over the local stack', () => {
    writeLocalStackFile(stateDir, local(process.pid));
    expect(stackTarget({ LEAKSCAN_STATE_DIR: stateDir, LEAKSCAN_METRICS_TABLE: 'mine' })).toMatchObject({ metricsTable: 'mine', unitsTable: 'units' });
  });

  it('obeys an environment that names an AWS target, and then uses the deployed names', () => {
    writeLocalStackFile(stateDir, local(process.pid));
    for (const aws of [{ AWS_PROFILE: 'pdpc' }, { AWS_ENDPOINT_URL_S3: 'http://127.0.0.1:9000' }, { AWS_ACCESS_KEY_ID: 'AKIA' }]) {
      const env: NodeJS.ProcessEnv = { LEAKSCAN_STATE_DIR: stateDir, ...aws };
      expect(stackTarget(env)).toEqual(DEPLOYED_NAMES);
      expect(env.AWS_ENDPOINT_URL_DYNAMODB).toBeUndefined();
    }
  });

  it('ignores the file of a stack that is no longer running, and a removed one', () => {
    // A process id far above any Linux allows: no such process.
    writeLocalStackFile(stateDir, local(2 ** 30));
    expect(runningLocalStack(stateDir)).toBeUndefined();
    writeLocalStackFile(stateDir, local(process.pid));
    removeLocalStackFile(stateDir);
    expect(stackTarget({ LEAKSCAN_STATE_DIR: stateDir })).toEqual(DEPLOYED_NAMES);
  });
});

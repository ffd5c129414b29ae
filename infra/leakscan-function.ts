// How every leakscan function is built: a handler under functions/, bundled by esbuild as ESM for
// Node.js 24 on arm64 (Graviton: cheaper per second), with the project's lock file.
import type { Duration } from 'aws-cdk-lib';
import { Architecture, Runtime } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, type RetentionDays } from 'aws-cdk-lib/aws-logs';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import type { Construct } from 'constructs';
import { fileURLToPath } from 'node:url';

const PROJECT_ROOT = fileURLToPath(new URL('..', import.meta.url));

export interface LeakscanFunctionProps {
  /** The handler module, from the project root: functions/<name>/<file>.ts */
  entry: string;
  memorySize: number;
  timeout: Duration;
  /** How long its log group keeps its logs (LeakscanConfig.logRetentionDays). */
  logRetention: RetentionDays;
  environment: Record<string, string>;
  /** Packages with WebAssembly, workers, native code or data files: installed for Linux on arm64, not bundled. */
  nodeModules?: string[];
  /** Shell commands run after bundling, with the project root and the bundle's directory. */
  afterBundling?: (projectRoot: string, outputDir: string) => string[];
  /** Scripts the handler starts as processes (from the project root): bundled beside it, as it is, under their base name as .mjs. */
  processEntries?: string[];
}

// ESM bundles need require() for the CommonJS packages they take in.
const REQUIRE_BANNER = "import { createRequire as bannerCreateRequire } from 'node:module'; const require = bannerCreateRequire(import.meta.url);";

/** esbuild's command for a process entry, with the options the handler's bundle gets (the runtime provides the AWS SDK). */
const processEntryBundling = (entry: string, nodeModules: readonly string[], projectRoot: string, outputDir: string): string =>
  [
    `"${projectRoot}/node_modules/.bin/esbuild" "${projectRoot}/${entry}" --bundle --platform=node --format=esm --target=node24`,
    `--outfile="${outputDir}/${entry.replace(/^.*\//, '').replace(/\.ts$/, '.mjs')}"`,
    ...['@aws-sdk/*', ...nodeModules].map((m) => `--external:${m}`),
    `--banner:js="${REQUIRE_BANNER}"`,
  ].join(' ');

export function leakscanFunction(scope: Construct, id: string, props: LeakscanFunctionProps): NodejsFunction {
  return new NodejsFunction(scope, id, {
    entry: `${PROJECT_ROOT}${props.entry}`,
    projectRoot: PROJECT_ROOT,
    depsLockFilePath: `${PROJECT_ROOT}package-lock.json`,
    runtime: Runtime.NODEJS_24_X,
    architecture: Architecture.ARM_64,
    memorySize: props.memorySize,
    timeout: props.timeout,
    // Its own log group, so that its retention is the stack's to set (Lambda's default group keeps logs for ever).
    logGroup: new LogGroup(scope, `${id}Logs`, { retention: props.logRetention }),
    environment: { POWERTOOLS_METRICS_NAMESPACE: 'Leakscan', ...props.environment },
    bundling: {
      format: OutputFormat.ESM,
      target: 'node24',
      banner: REQUIRE_BANNER,
      ...(props.nodeModules && {
        nodeModules: props.nodeModules,
        // onnxruntime-node ships its CPU builds; its install script would only fetch GPU ones.
        environment: { npm_config_os: 'linux', npm_config_cpu: 'arm64', npm_config_libc: 'glibc', ONNXRUNTIME_NODE_INSTALL: 'skip' },
      }),
      ...((props.afterBundling || props.processEntries) && {
        commandHooks: {
          beforeBundling: () => [],
          beforeInstall: () => [],
          afterBundling: (projectRoot: string, outputDir: string) => [
            ...(props.processEntries ?? []).map((entry) => processEntryBundling(entry, props.nodeModules ?? [], projectRoot, outputDir)),
            ...(props.afterBundling?.(projectRoot, outputDir) ?? []),
          ],
        },
      }),
    },
  });
}

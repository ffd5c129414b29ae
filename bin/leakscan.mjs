#!/usr/bin/env node
// Runs the command line compiled (bin/compiled-cli.mjs), so `npx leakscan` works right after
// `npm ci` and starts fast; where it cannot be compiled, or with LEAKSCAN_COMPILE=0, through tsx's
// loader as written.
import { fileURLToPath } from 'node:url';
import { compiledCli } from './compiled-cli.mjs';

// The AWS SDK's notice that its 2027 releases will need Node 22 is for this project's maintainers
// (the README states the Node versions it runs on), not for users on every command.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const compiled = process.env.LEAKSCAN_COMPILE === '0' ? undefined : await compiledCli(fileURLToPath(new URL('..', import.meta.url)));
let main;
if (compiled) {
  process.env.LEAKSCAN_SCAN_WORKER ??= compiled.workerPath;
  ({ main } = await import(compiled.mainUrl));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../cli/main.ts'));
}
process.exitCode = await main(process.argv.slice(2));

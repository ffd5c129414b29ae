// `leakscan serve`: the whole pipeline on this machine (local/stack.ts), until Ctrl-C. While it
// runs, its state directory holds env.json, through which report, units and upload run beside it
// reach it with no setting (cli/stack-target.ts).
import { EXAMPLE_UNIT_ID, LOCAL_BUCKET, LOCAL_TABLES, type LocalStack, startLocalStack } from '../local/stack.ts';
import { PortsTaken, localPorts } from '../local/ports.ts';
import { localStackFilePath, removeLocalStackFile, writeLocalStackFile } from './stack-target.ts';

export interface ServeOptions {
  stateDir: string;
  port: number;
  ocr: 'tesseract' | 'none';
}

/** Exit codes: 0 stopped by Ctrl-C or SIGTERM, 2 the stack could not start. */
export async function serve(options: ServeOptions): Promise<number> {
  const say = (line: string) => process.stderr.write(`${line}\n`);
  say(`leakscan: starting the local stack (state in ${options.stateDir}) …`);
  // Asked to stop while starting: stop as soon as it has started.
  const stopAsked = new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  let stack: LocalStack;
  try {
    stack = await startLocalStack({
      stateDir: options.stateDir,
      ports: localPorts(options.port),
      ocrEngine: options.ocr,
      crawlOnStart: true,
      invoked: ({ functionName, records, failures, ms, error }) =>
        say(
          `  ${functionName}: ${records} message${records === 1 ? '' : 's'} in ${ms} ms${failures ? `, ${failures} failed${error ? ` (${error instanceof Error ? error.message : String(error)})` : ''}` : ''}`,
        ),
    });
  } catch (err) {
    if (!(err instanceof PortsTaken)) throw err;
    say(`leakscan: ${err.message}`);
    return 2;
  }
  writeLocalStackFile(options.stateDir, {
    pid: process.pid,
    env: stack.aws.env,
    bucket: LOCAL_BUCKET,
    unitsTable: LOCAL_TABLES.units,
    metricsTable: LOCAL_TABLES.metrics,
    dashboardUrl: stack.dashboardUrl,
  });
  say('');
  say(`  dashboard      ${stack.dashboardUrl}`);
  say(`  clerk page     ${stack.clerkPageUrl}  (sign in for a unit, check drafts before publishing)`);
  say(`  mailbox        ${stack.mailboxUrl}`);
  say(`  example site   ${stack.siteUrl}  (unit ${EXAMPLE_UNIT_ID}; crawled now and every hour)`);
  say(`  function logs  ${stack.logFile}`);
  say(`  upload         npx leakscan upload ${EXAMPLE_UNIT_ID} <files…>  (report, units and upload run here find this stack: ${localStackFilePath(options.stateDir)})`);
  say('');
  say('Ctrl-C stops it; the state stays for the next start.');
  await stopAsked;
  say('leakscan: stopping …');
  removeLocalStackFile(options.stateDir);
  await stack.stop();
  return 0;
}

// `leakscan serve`: the whole pipeline on this machine (local/stack.ts), until Ctrl-C.
import { EXAMPLE_UNIT_ID, startLocalStack } from '../local/stack.ts';

export interface ServeOptions {
  stateDir: string;
  port: number;
  ocr: 'tesseract' | 'none';
}

export async function serve(options: ServeOptions): Promise<number> {
  const say = (line: string) => process.stderr.write(`${line}\n`);
  say(`leakscan: starting the local stack (state in ${options.stateDir}) …`);
  const stack = await startLocalStack({
    stateDir: options.stateDir,
    dashboardPort: options.port,
    ocrEngine: options.ocr,
    crawlOnStart: true,
    invoked: ({ functionName, records, failures, ms, error }) =>
      say(`  ${functionName}: ${records} message${records === 1 ? '' : 's'} in ${ms} ms${failures ? `, ${failures} failed${error ? ` (${error instanceof Error ? error.message : String(error)})` : ''}` : ''}`),
  });
  const env = Object.entries(stack.aws.env).map(([k, v]) => `${k}=${v}`).join(' ');
  say('');
  say(`  dashboard      ${stack.dashboardUrl}`);
  say(`  mailbox        ${stack.mailboxUrl}`);
  say(`  example site   ${stack.siteUrl}  (unit ${EXAMPLE_UNIT_ID}; crawled now and every hour)`);
  say(`  function logs  ${stack.logFile}`);
  say(`  upload         ${env} LEAKSCAN_BUCKET=${stack.bucket} LEAKSCAN_UNITS_TABLE=units npx leakscan upload ${EXAMPLE_UNIT_ID} <files…>`);
  say('');
  say('Ctrl-C stops it; the state stays for the next start.');
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  say('leakscan: stopping …');
  await stack.stop();
  return 0;
}

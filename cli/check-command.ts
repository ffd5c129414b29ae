// `leakscan check <files…> --unit <id>`: a clerk's drafts checked before publishing, by the stack
// (the local one beside it, or AWS): each put under checks/<unitId>/<a random check ID>/, scanned
// by the scan function, its private result read back from check-results/ and printed as `scan`
// prints. No case, no e-mail, not in the leak rate: a check is not a publication.
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { S3Client } from '@aws-sdk/client-s3';
import { checkKey, putObject, readJsonIfPresent, s3Client } from '../shared/aws/s3.ts';
import type { CheckResult } from '../shared/cases/check.ts';
import { type Clock, systemClock } from '../shared/clock.ts';
import { ScanError } from '../shared/errors.ts';
import { checkOf, checkResultKey } from '../shared/findings-message.ts';
import { toJsonReport } from '../shared/report/json.ts';
import { formatTable } from '../shared/report/table.ts';
import { type DocumentResult, summarize, unscannable } from '../shared/scan.ts';
import { type ScanCommandOptions, scanExitCode } from './scan-command.ts';
import { fileProblems } from './upload-command.ts';

export interface CheckCommandOptions extends Pick<ScanCommandOptions, 'failOn' | 'exitZero'> {
  unit: string;
  bucket: string;
  format: 'table' | 'json';
  /** How long to wait for the results, in seconds. */
  timeout: number;
}

/** How often a result not yet written is looked for. */
const POLL_MS = 1000;

/** Exit codes as `scan`'s: 0 no leak, 1 leaks, 2 a file is missing (nothing is sent), a check could not be read or had no result in time. */
export async function checkFiles(files: string[], options: CheckCommandOptions, clock: Clock = systemClock): Promise<number> {
  const checks = files.map((file) => ({ file, key: checkKey(options.unit, randomBytes(18).toString('base64url'), file) }));
  const problems = await fileProblems(checks);
  if (problems.length > 0) {
    for (const problem of problems) process.stderr.write(`leakscan: ${problem}\n`);
    process.stderr.write('leakscan: nothing was sent\n');
    return 2;
  }
  const s3 = s3Client();
  try {
    for (const { key, file } of checks) await putObject(s3, { bucket: options.bucket, key, body: await readFile(file) });
    process.stderr.write(`leakscan: ${checks.length} check${checks.length === 1 ? '' : 's'} sent for unit ${options.unit}; waiting for the results …\n`);
    const documents = await awaitResults(s3, options, checks, clock);
    const summary = summarize(documents);
    process.stdout.write(options.format === 'json' ? `${JSON.stringify(toJsonReport(documents, summary), null, 2)}\n` : formatTable(documents, summary));
    return scanExitCode(documents, { ...options, allowUnscannable: false });
  } finally {
    // Its keep-alive sockets would hold the process open.
    s3.destroy();
  }
}

/** Each check's result as the document result `scan` prints, or a timeout for one that has none in time. */
async function awaitResults(s3: S3Client, options: CheckCommandOptions, checks: Array<{ file: string; key: string }>, clock: Clock): Promise<DocumentResult[]> {
  const results = new Map<string, DocumentResult>();
  const deadline = clock.now().getTime() + options.timeout * 1000;
  for (;;) {
    for (const { file, key } of checks.filter((c) => !results.has(c.file))) {
      const result = (await readJsonIfPresent(s3, options.bucket, checkResultKey(checkOf(key)!))) as CheckResult | undefined;
      if (result) results.set(file, { path: file, format: result.format as DocumentResult['format'], status: result.status, findings: result.findings, ...(result.error && { error: result.error }) });
    }
    if (results.size === checks.length || clock.now().getTime() >= deadline) break;
    await clock.sleep(POLL_MS);
  }
  const late = new ScanError('timeout', `no result within ${options.timeout} s: the stack may be busy, or not scanning (is leakscan serve running, or the stack deployed?)`);
  return checks.map(({ file }) => results.get(file) ?? unscannable(file, late));
}

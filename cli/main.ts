// The leakscan command line. Exit codes follow linters: 0 no leak, 1 leaks found, 2 usage or fatal
// error, or (scan) a document that could not be scanned. Each command's module is loaded when the
// command runs: a scan of a text file or `--help` starts without readers, OCR or AWS clients.
import { readFileSync } from 'node:fs';
import { Command, CommanderError, Option } from 'commander';
import { REPORT_GROUPINGS } from '../shared/cases/report.ts';
import { DEFAULT_STATE_DIR } from '../shared/fingerprint.ts';
import { OCR_ENGINES } from '../shared/ocr/index.ts';
import { KEEP_SIDES, MAX_EXPIRES_SECONDS, REPORT_FORMATS, parseDay, parseExpiresSeconds, parseMonth, portNumber, positiveInteger } from './arguments.ts';
import type { CheckCommandOptions } from './check-command.ts';
import type { MaskCommandOptions } from './mask-command.ts';
import type { ReportOptions } from './report-command.ts';
import type { ScanCommandOptions } from './scan-command.ts';
import type { ServeOptions } from './serve-command.ts';
import { DEFAULT_DASHBOARD_PORT } from '../local/ports.ts';
import { DEPLOYED_NAMES, type StackTarget, stackTarget } from './stack-target.ts';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

/** The end of a command's --help: examples to copy, and what each exit code means. */
function usageNotes(examples: Array<[string, string]>, exitCodes: Array<[number, string]>, note?: string): string {
  const rows = (pairs: Array<[string | number, string]>) => pairs.map(([left, right]) => `  ${String(left).padEnd(Math.max(...pairs.map(([l]) => String(l).length)))}  ${right}`).join('\n');
  return `${note ? `\n${note}\n` : ''}\nExamples:\n${rows(examples.map(([command, what]) => [`$ ${command}`, what]))}\n\nExit codes:\n${rows(exitCodes)}\n`;
}

const USAGE_ERROR: [number, string] = [2, 'a usage error (a bad option or argument), or the command failed (the reason is printed)'];

/** The stack an AWS command talks to, said on stderr when it is the local one (stdout stays the output). */
function target(): StackTarget {
  const found = stackTarget();
  if (found.local) process.stderr.write(`leakscan: using the local stack of leakscan serve (pid ${found.local.pid}, ${found.local.dashboardUrl})\n`);
  return found;
}

const names = (what: string, variable: string, deployed: string) => `${what} (default: $${variable}, else the one of a running leakscan serve, else ${deployed})`;

export async function main(argv: string[]): Promise<number> {
  let exitCode = 0;
  const program = new Command('leakscan')
    .description("Finds citizens' national ID numbers, phone numbers and ID-card laser codes exposed in published documents")
    .version(version)
    .exitOverride()
    .showHelpAfterError()
    .addHelpText(
      'after',
      usageNotes(
        [
          ['leakscan scan reports/', 'scan a directory before publishing it'],
          ['leakscan mask list.xlsx -o list-x4.xlsx', 'write a copy masked by the X4 rule'],
          ['npm start', 'run the whole pipeline on this machine (leakscan serve)'],
        ],
        [[0, 'no leak found (or the command succeeded)'], [1, 'scan: leaks found'], USAGE_ERROR],
        "Run leakscan help <command> for each command's options, examples and exit codes.",
      ),
    );
  program
    .command('scan')
    .description('scan files, directories (recursively) or - for stdin')
    .argument('<paths...>', 'files, directories, or - for standard input')
    .addOption(new Option('-f, --format <format>', 'report format').choices(['table', 'json', 'sarif']).default('table'))
    .addOption(new Option('--fail-on <status>', 'exit 1 on leaks of at least this status').choices(['insufficient', 'unmasked']).default('insufficient'))
    .addOption(
      new Option('--ocr <engine>', 'OCR engine for scanned pages and images (textract reads no Thai script)').choices([...OCR_ENGINES]).default(process.env.LEAKSCAN_OCR_ENGINE ?? 'tesseract'),
    )
    .option('--show-masked', 'also list identifiers that are correctly masked', false)
    .option('--exit-zero', 'exit 0 even when leaks are found (documents that could not be scanned still exit 2)', false)
    .option('--allow-unscannable', 'do not exit 2 for documents that could not be scanned (they are still reported)', false)
    .addOption(new Option('--workers <n>', 'documents read at once, each in a worker process (default: one per processor)').argParser(positiveInteger))
    .option('--no-progress', 'never show a progress bar')
    .addHelpText(
      'after',
      usageNotes(
        [
          ['leakscan scan recipients.pdf', 'one document, as a table'],
          ['leakscan scan site-copy/ --format sarif > leaks.sarif', 'a directory, for a code-scanning dashboard'],
          ['leakscan scan drafts/ --format json --exit-zero', 'a report that never fails the pipeline'],
          ['curl -s https://example.go.th/list.csv | leakscan scan -', 'standard input'],
        ],
        [
          [0, 'no leak at or above --fail-on (numbers OCR could not read alone exit 0)'],
          [1, 'leaks at or above --fail-on were found (unless --exit-zero)'],
          [2, 'a document could not be scanned (unless --allow-unscannable), or a usage error'],
        ],
        'On scans, a number OCR could not read is listed with status unreadable (check it by eye); it is not a leak and does not change the exit code.',
      ),
    )
    .action(async (paths: string[], opts: Omit<ScanCommandOptions, 'version'>) => {
      const { scanCommand } = await import('./scan-command.ts');
      exitCode = await scanCommand(paths, { ...opts, version });
    });
  program
    .command('mask')
    .description('write a copy of a document (TXT, CSV, HTML, DOCX, XLSX, PDF, scanned PNG/JPEG/TIFF) with every unmasked or insufficiently masked identifier masked by the X4 rule')
    .argument('<input>', 'the document')
    .requiredOption('-o, --output <file>', 'where to write the masked copy (never the input)')
    .addOption(new Option('--keep <side>', 'digits left readable: last hides the first 4 (XXXX567890123), first hides the last 4').choices([...KEEP_SIDES]).default('last'))
    .option('--force', 'replace the output if it exists', false)
    .addOption(new Option('--ocr <engine>', "OCR for scanned pages and images (it must give the digits' positions)").choices(['tesseract', 'none']).default('tesseract'))
    .addHelpText(
      'after',
      usageNotes(
        [
          ['leakscan mask list.xlsx -o list-x4.xlsx', 'hide the first 4 digits of every identifier'],
          ['leakscan mask scan.pdf -o scan-x4.pdf --keep first', 'hide the last 4; a scan is covered where OCR found numbers'],
        ],
        [
          [0, 'the masked copy was written, and scanning it again found no leak'],
          [2, 'nothing was written: the output exists, the input could not be read or masked, or a leak was left (the reason is printed)'],
        ],
      ),
    )
    .action(async (input: string, opts: MaskCommandOptions) => {
      const { maskCommand } = await import('./mask-command.ts');
      exitCode = await maskCommand(input, opts);
    });
  program
    .command('check')
    .description('check drafts before publishing them, by the stack (a running leakscan serve, or AWS): private to the unit, no case, no notice, not in the leak rate')
    .argument('<files...>', 'the drafts')
    .requiredOption('--unit <id>', 'the unit checking them, as in the registry')
    .addOption(new Option('--bucket <name>', names('the ingest bucket', 'LEAKSCAN_BUCKET', DEPLOYED_NAMES.bucket)))
    .addOption(new Option('-f, --format <format>', 'report format').choices(['table', 'json']).default('table'))
    .addOption(new Option('--fail-on <status>', 'exit 1 on leaks of at least this status').choices(['insufficient', 'unmasked']).default('insufficient'))
    .option('--exit-zero', 'exit 0 even when leaks are found', false)
    .addOption(new Option('--timeout <seconds>', 'how long to wait for the results').argParser(positiveInteger).default(300))
    .addHelpText(
      'after',
      usageNotes(
        [
          ['leakscan check recipients.xlsx --unit tambon-example', 'what publishing it would expose, nothing filed'],
          ['leakscan check drafts/*.pdf --unit tambon-example --format json', 'as scan --format json prints'],
        ],
        [
          [0, 'no leak at or above --fail-on'],
          [1, 'leaks at or above --fail-on (unless --exit-zero): mask them before publishing (leakscan mask)'],
          [2, 'a file is missing (nothing is sent), a draft could not be read or had no result in time, or a usage error'],
        ],
      ),
    )
    .action(async (files: string[], opts: Omit<CheckCommandOptions, 'bucket'> & { bucket?: string }) => {
      const { checkFiles } = await import('./check-command.ts');
      exitCode = await checkFiles(files, { ...opts, bucket: opts.bucket ?? target().bucket });
    });
  const units = program.command('units').description('the registry of responsible units (DynamoDB)');
  const unitsTable = () => new Option('--table <name>', names('DynamoDB table of units', 'LEAKSCAN_UNITS_TABLE', DEPLOYED_NAMES.unitsTable));
  units
    .command('import')
    .description('add or update the units of a CSV file (UTF-8); a file with a bad row imports nothing')
    .argument('<file>', 'CSV with columns id, name, kind, province, district, websites, hosts, contact_emails, supervisor_email')
    .addOption(unitsTable())
    .addHelpText(
      'after',
      usageNotes(
        [['leakscan units import registry/units.csv', 'the units beside a running leakscan serve, or in AWS']],
        [
          [0, 'imported'],
          [2, 'the file has bad rows (each is printed; nothing is imported), or a usage error'],
        ],
      ),
    )
    .action(async (file: string, opts: { table?: string }) => {
      const { importUnits } = await import('./units-command.ts');
      exitCode = await importUnits(file, opts.table ?? target().unitsTable);
    });
  units
    .command('list')
    .description('print the registered units')
    .addOption(unitsTable())
    .addOption(new Option('-f, --format <format>', 'output format').choices(['table', 'json']).default('table'))
    .addHelpText('after', usageNotes([['leakscan units list --format json', 'every unit, as JSON']], [[0, 'printed'], USAGE_ERROR]))
    .action(async (opts: { table?: string; format: 'table' | 'json' }) => {
      const { listUnits } = await import('./units-command.ts');
      exitCode = await listUnits(opts.table ?? target().unitsTable, opts.format);
    });
  program
    .command('report')
    .description('the metrics (DynamoDB) of a range of days (their days added up) or of a month, in total or per day, unit, province or unit kind')
    .addOption(new Option('--from <day>', 'first day, YYYY-MM-DD (default: 30 days before --to)').argParser(parseDay))
    .addOption(new Option('--to <day>', 'last day, YYYY-MM-DD (default: today in Thailand)').argParser(parseDay))
    .addOption(new Option('--month <month>', 'a month instead, YYYY-MM: each document and unit counted once in it').argParser(parseMonth).conflicts(['from', 'to']))
    .addOption(new Option('--by <grouping>', 'one row in total, or one per day, unit, province or unit kind').choices([...REPORT_GROUPINGS]).default('total'))
    .addOption(new Option('-f, --format <format>', 'output format').choices([...REPORT_FORMATS]).default('table'))
    .addOption(new Option('--table <name>', names('DynamoDB table of daily metrics', 'LEAKSCAN_METRICS_TABLE', DEPLOYED_NAMES.metricsTable)))
    .addHelpText(
      'after',
      usageNotes(
        [
          ['leakscan report', 'the last 30 days in total'],
          ['leakscan report --by province --month 2026-11', 'one row per province for November'],
          ['leakscan report --by day --format csv > days.csv', 'for a spreadsheet'],
        ],
        [
          [0, 'printed'],
          [2, '--from is after --to, the table could not be read, or a usage error'],
        ],
      ),
    )
    .action(async (opts: Omit<ReportOptions, 'table'> & { table?: string }) => {
      const { report } = await import('./report-command.ts');
      exitCode = await report({ ...opts, table: opts.table ?? target().metricsTable });
    });
  const bucket = () => new Option('--bucket <name>', names('the ingest bucket', 'LEAKSCAN_BUCKET', DEPLOYED_NAMES.bucket));
  program
    .command('upload')
    .description('upload documents of a unit into the ingest bucket (uploads/<unitId>/<file name>) to be scanned; a missing file uploads nothing')
    .argument('<unitId>', 'the responsible unit, as in the registry')
    .argument('<files...>', 'the documents')
    .addOption(bucket())
    .addHelpText(
      'after',
      usageNotes(
        [['leakscan upload tambon-example recipients.xlsx', 'scanned by the pipeline; a leak opens a case for the unit']],
        [
          [0, 'uploaded'],
          [2, 'a file is missing or clashes with another (nothing is uploaded), the upload failed, or a usage error'],
        ],
      ),
    )
    .action(async (unitId: string, files: string[], opts: { bucket?: string }) => {
      const { uploadFiles } = await import('./upload-command.ts');
      const stack = target();
      exitCode = await uploadFiles(unitId, files, opts.bucket ?? stack.bucket, stack.unitsTable);
    });
  program
    .command('upload-url')
    .description('print a presigned URL through which one document can be PUT into the ingest bucket without AWS credentials')
    .argument('<unitId>', 'the responsible unit, as in the registry')
    .argument('<fileName>', 'the document (only its base name is used)')
    .addOption(bucket())
    .addOption(new Option('--expires <seconds>', `how long the URL works, at most ${MAX_EXPIRES_SECONDS} (7 days)`).argParser(parseExpiresSeconds).default(3600))
    .addHelpText('after', usageNotes([['leakscan upload-url tambon-example list.pdf --expires 86400', 'a URL the unit can PUT to for a day']], [[0, 'the URL is printed on stdout'], USAGE_ERROR]))
    .action(async (unitId: string, fileName: string, opts: { bucket?: string; expires: number }) => {
      const { uploadUrl } = await import('./upload-command.ts');
      exitCode = await uploadUrl(unitId, fileName, opts.bucket ?? target().bucket, opts.expires);
    });
  program
    .command('serve')
    .description('run the whole pipeline on this machine: local AWS servers, the functions, an example agency website and the dashboard')
    .option('--state-dir <dir>', 'where S3 objects, tables and logs are kept', process.env.LEAKSCAN_STATE_DIR ?? DEFAULT_STATE_DIR)
    .addOption(
      new Option('--port <port>', "the dashboard's port; the local AWS servers and the example site take the 5 after it (0: any free ports)").argParser(portNumber).default(DEFAULT_DASHBOARD_PORT),
    )
    .addOption(new Option('--ocr <engine>', 'OCR for scanned pages').choices(['tesseract', 'none']).default('tesseract'))
    .addHelpText(
      'after',
      usageNotes(
        [
          ['leakscan serve', 'then open the dashboard it prints; Ctrl-C stops it'],
          ['leakscan serve --port 9080 --ocr none', 'another port, no OCR'],
        ],
        [
          [0, 'stopped by Ctrl-C (or SIGTERM)'],
          [2, 'the stack could not start (a port is taken, …), or a usage error'],
        ],
      ),
    )
    .action(async (opts: ServeOptions) => {
      const { serve } = await import('./serve-command.ts');
      exitCode = await serve(opts);
    });
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
    process.stderr.write(`leakscan: ${failureMessage(err)}\n`);
    return 2;
  }
  return exitCode;
}

/** What went wrong, with what to do where the AWS SDK's own words leave a user stuck. */
function failureMessage(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  if (err instanceof Error && err.name === 'ResourceNotFoundException') return `${message}: the table does not exist where the AWS SDK is pointed (check --table, or the stack and region)`;
  if (/^Region is missing$|Could not load credentials/.test(message))
    return `${message}: no leakscan serve runs here (${process.env.LEAKSCAN_STATE_DIR || DEFAULT_STATE_DIR}/env.json) and no AWS account is configured: start leakscan serve, or set AWS_REGION and AWS_PROFILE`;
  return message;
}

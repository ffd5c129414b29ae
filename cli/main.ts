// The leakscan command line. Exit codes follow linters: 0 no leak, 1 leaks found, 2 usage or fatal
// error, or (scan) a document that could not be scanned.
import { readFileSync } from 'node:fs';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { REPORT_GROUPINGS } from '../shared/cases/report.ts';
import { OCR_ENGINES } from '../shared/ocr/index.ts';
import { DEFAULT_METRICS_TABLE, REPORT_FORMATS, type ReportOptions, parseDay, report } from './report-command.ts';
import { scanCommand, type ScanCommandOptions } from './scan-command.ts';
import { KEEP_SIDES, type MaskCommandOptions, maskCommand } from './mask-command.ts';
import { DEFAULT_UNITS_TABLE, importUnits, listUnits } from './units-command.ts';
import { DEFAULT_BUCKET, MAX_EXPIRES_SECONDS, parseExpiresSeconds, uploadFiles, uploadUrl } from './upload-command.ts';
import { type ServeOptions, serve } from './serve-command.ts';
import { DEFAULT_STATE_DIR } from '../shared/fingerprint.ts';

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };

function positiveInteger(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError('must be a whole number of at least 1');
  return n;
}

export async function main(argv: string[]): Promise<number> {
  let exitCode = 0;
  const program = new Command('leakscan')
    .description("Finds citizens' national ID numbers, phone numbers and ID-card laser codes exposed in published documents")
    .version(version)
    .exitOverride()
    .showHelpAfterError();
  program
    .command('scan')
    .description('scan files, directories (recursively) or - for stdin')
    .argument('<paths...>', 'files, directories, or - for standard input')
    .addOption(new Option('-f, --format <format>', 'report format').choices(['table', 'json', 'sarif']).default('table'))
    .addOption(new Option('--fail-on <status>', 'exit 1 on leaks of at least this status').choices(['insufficient', 'unmasked']).default('insufficient'))
    .addOption(
      new Option('--ocr <engine>', 'OCR engine for scanned pages and images (textract reads no Thai script)')
        .choices([...OCR_ENGINES])
        .default(process.env.LEAKSCAN_OCR_ENGINE ?? 'tesseract'),
    )
    .option('--show-masked', 'also list identifiers that are correctly masked', false)
    .option('--exit-zero', 'exit 0 even when leaks are found (documents that could not be scanned still exit 2)', false)
    .option('--allow-unscannable', 'do not exit 2 for documents that could not be scanned (they are still reported)', false)
    .addOption(new Option('--workers <n>', 'documents read at once, each in a worker process (default: one per processor)').argParser(positiveInteger))
    .option('--no-progress', 'never show a progress bar')
    .addHelpText('after', '\nOn scans, a number OCR could not read is listed with status unreadable (check it by eye); it is not a leak and does not change the exit code.')
    .action(async (paths: string[], opts: Omit<ScanCommandOptions, 'version'>) => {
      exitCode = await scanCommand(paths, { ...opts, version });
    });
  program
    .command('mask')
    .description('write a copy of a document (TXT, CSV, HTML, DOCX, XLSX, PDF, scanned PNG/JPEG/TIFF) with every unmasked or insufficiently masked identifier masked by the X4 rule')
    .argument('<input>', 'the document')
    .requiredOption('-o, --output <file>', 'where to write the masked copy (never the input)')
    .addOption(new Option('--keep <side>', 'digits left readable: last hides the first 4 (XXXX567890123), first hides the last 4').choices([...KEEP_SIDES]).default('last'))
    .option('--force', 'replace the output if it exists', false)
    .addOption(new Option('--ocr <engine>', 'OCR for scanned pages and images (it must give the digits\' positions)').choices(['tesseract', 'none']).default('tesseract'))
    .action(async (input: string, opts: MaskCommandOptions) => {
      exitCode = await maskCommand(input, opts);
    });
  const units = program.command('units').description('the registry of responsible units (DynamoDB)');
  const table = () => new Option('--table <name>', 'DynamoDB table of units').default(process.env.LEAKSCAN_UNITS_TABLE ?? DEFAULT_UNITS_TABLE);
  units
    .command('import')
    .description('add or update the units of a CSV file (UTF-8); a file with a bad row imports nothing')
    .argument('<file>', 'CSV with columns id, name, kind, province, district, websites, hosts, contact_emails, supervisor_email')
    .addOption(table())
    .action(async (file: string, opts: { table: string }) => {
      exitCode = await importUnits(file, opts.table);
    });
  units
    .command('list')
    .description('print the registered units')
    .addOption(table())
    .addOption(new Option('-f, --format <format>', 'output format').choices(['table', 'json']).default('table'))
    .action(async (opts: { table: string; format: 'table' | 'json' }) => {
      exitCode = await listUnits(opts.table, opts.format);
    });
  program
    .command('report')
    .description('the daily metrics (DynamoDB) of a range of days, summed in total or per day, unit, province or unit kind')
    .addOption(new Option('--from <day>', 'first day, YYYY-MM-DD (default: 30 days before --to)').argParser(parseDay))
    .addOption(new Option('--to <day>', 'last day, YYYY-MM-DD (default: today in Thailand)').argParser(parseDay))
    .addOption(new Option('--by <grouping>', 'one row in total, or one per day, unit, province or unit kind').choices([...REPORT_GROUPINGS]).default('total'))
    .addOption(new Option('-f, --format <format>', 'output format').choices([...REPORT_FORMATS]).default('table'))
    .addOption(new Option('--table <name>', 'DynamoDB table of daily metrics').default(process.env.LEAKSCAN_METRICS_TABLE ?? DEFAULT_METRICS_TABLE))
    .action(async (opts: ReportOptions) => {
      exitCode = await report(opts);
    });
  const bucket = () => new Option('--bucket <name>', 'the ingest bucket').default(process.env.LEAKSCAN_BUCKET ?? DEFAULT_BUCKET);
  program
    .command('upload')
    .description('upload documents of a unit into the ingest bucket (uploads/<unitId>/<file name>) to be scanned; a missing file uploads nothing')
    .argument('<unitId>', 'the responsible unit, as in the registry')
    .argument('<files...>', 'the documents')
    .addOption(bucket())
    .action(async (unitId: string, files: string[], opts: { bucket: string }) => {
      exitCode = await uploadFiles(unitId, files, opts.bucket, process.env.LEAKSCAN_UNITS_TABLE ?? DEFAULT_UNITS_TABLE);
    });
  program
    .command('upload-url')
    .description('print a presigned URL through which one document can be PUT into the ingest bucket without AWS credentials')
    .argument('<unitId>', 'the responsible unit, as in the registry')
    .argument('<fileName>', 'the document (only its base name is used)')
    .addOption(bucket())
    .addOption(new Option('--expires <seconds>', `how long the URL works, at most ${MAX_EXPIRES_SECONDS} (7 days)`).argParser(parseExpiresSeconds).default(3600))
    .action(async (unitId: string, fileName: string, opts: { bucket: string; expires: number }) => {
      exitCode = await uploadUrl(unitId, fileName, opts.bucket, opts.expires);
    });
  program
    .command('serve')
    .description('run the whole pipeline on this machine: local AWS servers, the functions, an example agency website and the dashboard')
    .option('--state-dir <dir>', 'where S3 objects, tables and logs are kept', process.env.LEAKSCAN_STATE_DIR ?? DEFAULT_STATE_DIR)
    .addOption(new Option('--port <port>', 'dashboard port (0: any free one)').argParser((v) => Number(v)).default(8080))
    .addOption(new Option('--ocr <engine>', 'OCR for scanned pages').choices(['tesseract', 'none']).default('tesseract'))
    .action(async (opts: ServeOptions) => {
      exitCode = await serve(opts);
    });
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (err) {
    if (err instanceof CommanderError) return err.exitCode === 0 ? 0 : 2;
    process.stderr.write(`leakscan: ${err instanceof Error ? err.message : String(err)}\n`);
    return 2;
  }
  return exitCode;
}

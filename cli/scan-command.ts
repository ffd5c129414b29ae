// `leakscan scan <paths…>`: scans files and directories, each document in a worker process of
// the scan pool, prints a report, exits like a linter.
import { SingleBar } from 'cli-progress';
import { resolveFingerprintKey } from '../shared/fingerprint.ts';
import { DEFAULT_LIMITS } from '../shared/extract/index.ts';
import { ScanPool } from '../shared/isolation/scan-pool.ts';
import { formatTable } from '../shared/report/table.ts';
import { toJsonReport } from '../shared/report/json.ts';
import { toSarif } from '../shared/report/sarif.ts';
import { type OcrEngineName, createOcrEngine } from '../shared/ocr/index.ts';
import { type DocumentResult, summarize, unscannable } from '../shared/scan.ts';
import type { MaskStatus } from '../shared/types.ts';
import { type DocumentPath, documentPaths, readStdin } from './files.ts';

export type ReportFormat = 'table' | 'json' | 'sarif';

export interface ScanCommandOptions {
  format: ReportFormat;
  ocr: OcrEngineName;
  failOn: Extract<MaskStatus, 'unmasked' | 'insufficient'>;
  showMasked: boolean;
  exitZero: boolean;
  allowUnscannable: boolean;
  workers?: number;
  progress: boolean;
  version: string;
}

/** Scans `paths`, prints the report, and returns the exit code (scanExitCode). */
export async function scanCommand(paths: string[], options: ScanCommandOptions): Promise<number> {
  const entries: DocumentPath[] = [];
  for await (const entry of documentPaths(paths)) entries.push(entry);
  // Tesseract decodes images: it runs inside the workers. Textract sends bytes to AWS: it runs here.
  const pool = new ScanPool({ fingerprintKey: resolveFingerprintKey(), ocr: options.ocr === 'tesseract' ? 'tesseract' : 'none', ...(options.workers && { size: options.workers }) });
  const remoteOcr = options.ocr === 'textract' ? createOcrEngine('textract') : undefined;
  // A bar only for people watching a long scan, never in pipes or CI logs.
  const bar = options.progress && process.stderr.isTTY && entries.length > 20 ? new SingleBar({ stream: process.stderr, format: 'scanning {bar} {value}/{total} documents' }) : undefined;
  bar?.start(entries.length, 0);
  const scanEntry = async ({ path, problem }: DocumentPath): Promise<DocumentResult> => {
    try {
      if (problem) throw problem;
      const source = path === '-' ? { bytes: await readStdin(DEFAULT_LIMITS.maxBytes) } : { path };
      return await pool.scan({ name: path, source, ...(remoteOcr && { ocr: remoteOcr }) });
    } catch (err) {
      return unscannable(path, err);
    } finally {
      bar?.increment();
    }
  };
  const documents = await Promise.all(entries.map(scanEntry)).finally(async () => {
    bar?.stop();
    await Promise.all([pool.close(), remoteOcr?.close()]);
  });
  const summary = summarize(documents);
  const output =
    options.format === 'json'
      ? JSON.stringify(toJsonReport(documents, summary), null, 2) + '\n'
      : options.format === 'sarif'
        ? JSON.stringify(toSarif(documents, options.version), null, 2) + '\n'
        : formatTable(documents, summary, { showMasked: options.showMasked });
  await new Promise<void>((resolve, reject) => process.stdout.write(output, (err) => (err ? reject(err) : resolve())));
  return scanExitCode(documents, options);
}

/**
 * Exit codes: 2 when a document could not be scanned (all of it), unless --allow-unscannable: a
 * publishing gate must not pass what it could not read; else 1 on leaks at or above --fail-on,
 * unless --exit-zero; else 0. Regions OCR could not read are listed but are no leak: alone they
 * exit 0, as a gate failing on every smudge of a scan would be switched off.
 */
export function scanExitCode(documents: readonly DocumentResult[], options: Pick<ScanCommandOptions, 'failOn' | 'exitZero' | 'allowUnscannable'>): number {
  if (!options.allowUnscannable && documents.some((d) => d.status === 'error')) return 2;
  const failing = documents.some((d) => d.findings.some((f) => f.status === 'unmasked' || (options.failOn === 'insufficient' && f.status === 'insufficient')));
  return failing && !options.exitZero ? 1 : 0;
}

// `leakscan scan <paths…>`: scans files and directories, prints a report, exits like a linter.
import { readFile } from 'node:fs/promises';
import { SingleBar } from 'cli-progress';
import { resolveFingerprintKey, fingerprinter } from '../shared/fingerprint.ts';
import { formatTable } from '../shared/report/table.ts';
import { toJsonReport } from '../shared/report/json.ts';
import { toSarif } from '../shared/report/sarif.ts';
import { type OcrEngineName, createOcrEngine } from '../shared/ocr/index.ts';
import { type DocumentResult, scanDocument, summarize, describeError } from '../shared/scan.ts';
import type { MaskStatus } from '../shared/types.ts';
import { documentPaths, readStdin } from './files.ts';

export type ReportFormat = 'table' | 'json' | 'sarif';

export interface ScanCommandOptions {
  format: ReportFormat;
  ocr: OcrEngineName;
  failOn: Extract<MaskStatus, 'unmasked' | 'insufficient'>;
  showMasked: boolean;
  progress: boolean;
  version: string;
}

/** Exit codes: 0 no leak, 1 leaks at or above --fail-on. */
export async function scanCommand(paths: string[], options: ScanCommandOptions): Promise<number> {
  const fingerprint = fingerprinter(resolveFingerprintKey());
  const ocr = createOcrEngine(options.ocr);
  const files: string[] = [];
  for await (const p of documentPaths(paths)) files.push(p);
  // A bar only for people watching a long scan, never in pipes or CI logs.
  const bar = options.progress && process.stderr.isTTY && files.length > 20 ? new SingleBar({ stream: process.stderr, format: 'scanning {bar} {value}/{total} documents' }) : undefined;
  bar?.start(files.length, 0);
  const documents: DocumentResult[] = [];
  for (const path of files) {
    try {
      const bytes = path === '-' ? await readStdin() : await readFile(path);
      documents.push(await scanDocument(path, bytes, { fingerprint, extraction: { ocr } }));
    } catch (err) {
      const { message } = describeError(err);
      documents.push({ path, format: 'unknown', status: 'error', error: { code: 'unreadable', message }, findings: [] });
    }
    bar?.increment();
  }
  bar?.stop();
  await ocr?.close();
  const summary = summarize(documents);
  const output =
    options.format === 'json'
      ? JSON.stringify(toJsonReport(documents, summary), null, 2) + '\n'
      : options.format === 'sarif'
        ? JSON.stringify(toSarif(documents, options.version), null, 2) + '\n'
        : formatTable(documents, summary, { showMasked: options.showMasked });
  await new Promise<void>((resolve, reject) => process.stdout.write(output, (err) => (err ? reject(err) : resolve())));
  const failing = documents.some((d) => d.findings.some((f) => f.status === 'unmasked' || (options.failOn === 'insufficient' && f.status === 'insufficient')));
  return failing ? 1 : 0;
}

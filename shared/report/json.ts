// The JSON report: the contract other tools consume, field for field.
import type { DocumentResult, ScanSummary } from '../scan.ts';

export function toJsonReport(documents: readonly DocumentResult[], summary: ScanSummary): object {
  return {
    documents: documents.map(({ path, format, status, error, findings }) => (error ? { path, format, status, error, findings } : { path, format, status, findings })),
    summary,
  };
}

// The report for people: one section per document, leaks first by severity, then regions OCR
// could not read (listed, not counted as leaks: a person must check them).
import type { DocumentResult, ScanSummary } from '../scan.ts';
import { SEVERITY_ORDER, findingSeverity } from '../severity.ts';
import { type Finding, isLeak, isRecoverable } from '../types.ts';
import { describeLocation } from './location.ts';

export interface TableOptions {
  /** Also list masked findings (compliant with the X4 rule), not only leaks. */
  showMasked?: boolean;
}

export function formatTable(documents: readonly DocumentResult[], summary: ScanSummary, options: TableOptions = {}): string {
  const out: string[] = [];
  for (const doc of documents) {
    if (doc.status === 'error') {
      out.push(`${doc.path}  [${doc.format}]  ERROR ${doc.error!.code}: ${doc.error!.message}`, '');
      continue;
    }
    const shown = doc.findings
      .filter((f) => options.showMasked || f.status !== 'masked')
      .sort((a, b) => SEVERITY_ORDER.indexOf(findingSeverity(a)) - SEVERITY_ORDER.indexOf(findingSeverity(b)));
    const leaks = doc.findings.filter(isLeak).length;
    const unreadable = doc.findings.filter((f) => f.status === 'unreadable').length;
    const masked = doc.findings.length - leaks - unreadable;
    out.push(`${doc.path}  [${doc.format}]  ${leaks ? `${leaks} leak${leaks > 1 ? 's' : ''}` : 'no leak'}${unreadable ? `, ${unreadable} unreadable` : ''}${masked ? `, ${masked} masked` : ''}`);
    for (const f of shown) out.push('  ' + row(f));
    out.push('');
  }
  const s = summary;
  const perType = (['national_id', 'phone', 'laser_code'] as const)
    .map((t) => `${t} ${s.findings[t].unmasked}/${s.findings[t].insufficient}/${s.findings[t].masked}`)
    .join(', ');
  out.push(
    `${s.documents} documents: ${s.scanned} scanned, ${s.errors} not scannable; ${s.documentsWithLeaks} with leaks; ` +
      `${s.leaks} leaks (${s.distinctLeakedIdentifiers} distinct identifiers); unmasked/insufficient/masked: ${perType}`,
  );
  if (s.unreadable) out.push(`unreadable: ${s.unreadable} — check these by eye`);
  // At the end too, where a long report is read: what was not scanned or read must not pass unseen.
  const unscannable = documents.filter((d) => d.status === 'error');
  if (unscannable.length) out.push(`not scanned (${unscannable.length}):`, ...unscannable.map((d) => `  ${d.path}  ${d.error!.code}`));
  return out.join('\n') + '\n';
}

function row(f: Finding): string {
  const severity = findingSeverity(f).toUpperCase().padEnd(6);
  const checksum = f.checksumValid === false ? ' (check digit fails)' : '';
  return `${severity} ${f.type.padEnd(11)} ${f.status.padEnd(12)} ${f.display.padEnd(18)} ${describeLocation(f.location)}${checksum}${candidatesNote(f)}  «${f.location.excerpt}»`;
}

/** For a masked ID, how many numbers its visible digits leave (with every digit shown there is no doubt). */
function candidatesNote(f: Finding): string {
  if (f.candidates === undefined || f.status === 'unmasked') return '';
  return isRecoverable(f) ? ' (recoverable: 1 candidate)' : ` (${f.candidates} candidate${f.candidates === 1 ? '' : 's'})`;
}

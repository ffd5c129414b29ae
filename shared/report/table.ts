// The report for people: one section per document, leaks first by severity, then regions OCR
// could not read (listed, not counted as leaks: a person must check them).
import stringWidth from 'string-width';
import { IDENTIFIER_TYPE_NAMES } from '../identifier-types.ts';
import type { DocumentResult, ScanSummary } from '../scan.ts';
import { SEVERITY_ORDER, findingSeverity } from '../severity.ts';
import { type Finding, isLeak, isRecoverable } from '../types.ts';
import { padCell } from './columns.ts';
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
    const shown = doc.findings.filter((f) => options.showMasked || f.status !== 'masked').sort((a, b) => SEVERITY_ORDER.indexOf(findingSeverity(a)) - SEVERITY_ORDER.indexOf(findingSeverity(b)));
    const leaks = doc.findings.filter(isLeak).length;
    const unreadable = doc.findings.filter((f) => f.status === 'unreadable').length;
    const masked = doc.findings.length - leaks - unreadable;
    out.push(`${doc.path}  [${doc.format}]  ${leaks ? `${leaks} leak${leaks > 1 ? 's' : ''}` : 'no leak'}${unreadable ? `, ${unreadable} unreadable` : ''}${masked ? `, ${masked} masked` : ''}`);
    for (const f of shown) out.push('  ' + row(f));
    out.push('');
  }
  const s = summary;
  const perType = IDENTIFIER_TYPE_NAMES.map((t) => `${t} ${s.findings[t].unmasked}/${s.findings[t].insufficient}/${s.findings[t].masked}`).join(', ');
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

// The first columns of a row, each as wide as the longest value it holds (the longest status is
// `insufficient`; displays get one column more than a national ID's 17 characters).
const widest = (values: readonly string[]): number => Math.max(...values.map((value) => stringWidth(value)));
const SEVERITY_WIDTH = widest(SEVERITY_ORDER);
const TYPE_WIDTH = widest(IDENTIFIER_TYPE_NAMES);
const STATUS_WIDTH = 12;
const DISPLAY_WIDTH = 18;

function row(f: Finding): string {
  const checksum = f.checksumValid === false ? ' (check digit fails)' : '';
  const cells = [padCell(findingSeverity(f).toUpperCase(), SEVERITY_WIDTH), padCell(f.type, TYPE_WIDTH), padCell(f.status, STATUS_WIDTH), padCell(f.display, DISPLAY_WIDTH)];
  return `${cells.join(' ')} ${describeLocation(f.location)}${checksum}${candidatesNote(f)}  «${f.location.excerpt}»`;
}

/** For a masked ID, how many numbers its visible digits leave (with every digit shown there is no doubt). */
function candidatesNote(f: Finding): string {
  if (f.candidates === undefined || f.status === 'unmasked') return '';
  return isRecoverable(f) ? ' (recoverable: 1 candidate)' : ` (${f.candidates} candidate${f.candidates === 1 ? '' : 's'})`;
}

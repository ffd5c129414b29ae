// The scan reports (JSON, SARIF, table) on how many numbers a masked national ID leaves, and on
// regions OCR could not read.
import { describe, expect, it } from 'vitest';
import { toJsonReport } from '../shared/report/json.ts';
import { toSarif } from '../shared/report/sarif.ts';
import { formatTable } from '../shared/report/table.ts';
import { scanDocument, summarize } from '../shared/scan.ts';
import { UNREAD_DIGITS, fingerprint, unreadableFinding, withCheckDigit } from './helpers.ts';

const ID = withCheckDigit('340100512345');
// The fifth digit hidden: the check digit gives it back. The last two hidden: ten numbers fit.
const RECOVERABLE = `${ID.slice(0, 4)}X${ID.slice(5)}`;
const AMBIGUOUS = `${ID.slice(0, 11)}XX`;

async function scanned() {
  const text = `เลขประจำตัวประชาชน ${RECOVERABLE}\nเลขประจำตัวประชาชน ${AMBIGUOUS}\nเลขประจำตัวประชาชน ${ID}\n`;
  const documents = [await scanDocument('list.txt', new TextEncoder().encode(text), { fingerprint })];
  return { documents, summary: summarize(documents) };
}

describe('candidates in the scan reports', () => {
  it('are a field of every national ID finding in JSON', async () => {
    const { documents, summary } = await scanned();
    const report = JSON.parse(JSON.stringify(toJsonReport(documents, summary)));
    expect(report.documents[0].findings.map((f: { status: string; candidates: number }) => [f.status, f.candidates])).toEqual([
      ['insufficient', 1],
      ['insufficient', 10],
      ['unmasked', 1],
    ]);
  });

  it('are a SARIF result property; a recoverable ID is an error and says so', async () => {
    const { documents } = await scanned();
    const results = (toSarif(documents, '0.0.0') as { runs: Array<{ results: Array<{ level: string; message: { text: string }; properties: { candidates?: number } }> }> }).runs[0]!.results;
    expect(results.map((r) => r.properties.candidates)).toEqual([1, 10, 1]);
    expect(results[0]).toMatchObject({ level: 'error', message: { text: expect.stringContaining('(insufficient, recoverable: the check digit gives back the masked digits)') } });
    expect(results[1]).toMatchObject({ level: 'warning', message: { text: expect.not.stringContaining('recoverable') } });
    expect(results[2]!.message.text).not.toContain('recoverable');
  });

  it('show in the table beside a masked ID, a recoverable one among the high-severity leaks', async () => {
    const { documents, summary } = await scanned();
    const lines = formatTable(documents, summary).split('\n');
    const rows = lines.filter((line) => line.includes('national_id'));
    expect(rows[0]).toMatch(/^ {2}HIGH\s+national_id\s+insufficient .* \(recoverable: 1 candidate\)/);
    expect(rows[1]).toMatch(/^ {2}HIGH\s+national_id\s+unmasked /);
    expect(rows[1]).not.toContain('candidate');
    expect(rows[2]).toMatch(/^ {2}MEDIUM\s+national_id\s+insufficient .* \(10 candidates\)/);
  });
});

describe('unreadable regions in the scan reports', () => {
  async function withUnreadable() {
    const { documents } = await scanned();
    documents.push({ path: 'scan.pdf', format: 'pdf', status: 'scanned', findings: [unreadableFinding()] });
    return { documents, summary: summarize(documents) };
  }
  const noDigitsOfTheRegion = (output: string) => expect(output.replace(/\D/g, '')).not.toContain(UNREAD_DIGITS);

  it('are findings of their own status in JSON, counted apart from leaks', async () => {
    const { documents, summary } = await withUnreadable();
    const json = JSON.stringify(toJsonReport(documents, summary));
    const report = JSON.parse(json);
    expect(report.documents[1].findings).toEqual([expect.objectContaining({ type: 'national_id', status: 'unreadable', display: '?-????-?????-??-?', confidence: 0.5 })]);
    expect(report.summary).toMatchObject({ leaks: 3, unreadable: 1, documentsWithLeaks: 1, findings: { national_id: { unmasked: 1, insufficient: 2, masked: 0, unreadable: 1 } } });
    noDigitsOfTheRegion(json);
  });

  it('are SARIF warnings of a rule of their own that say the number could not be read', async () => {
    const { documents } = await withUnreadable();
    const sarif = toSarif(documents, '0.0.0') as {
      runs: Array<{ tool: { driver: { rules: Array<{ id: string; defaultConfiguration: { level: string } }> } }; results: Array<{ ruleId: string; level: string; message: { text: string } }> }>;
    };
    const [run] = sarif.runs;
    expect(run!.tool.driver.rules.find((r) => r.id === 'national_id/unreadable')).toMatchObject({ defaultConfiguration: { level: 'warning' } });
    const unreadable = run!.results.filter((r) => r.ruleId === 'national_id/unreadable');
    expect(unreadable).toEqual([expect.objectContaining({ level: 'warning', message: { text: expect.stringContaining('(unreadable: it could not be read, check it by eye) at page 2, line 2') } })]);
    noDigitsOfTheRegion(JSON.stringify(sarif));
  });

  it('show in the table with their status, apart from the leaks, and in a summary line of their own', async () => {
    const { documents, summary } = await withUnreadable();
    const table = formatTable(documents, summary);
    const lines = table.split('\n');
    expect(lines).toContain('scan.pdf  [pdf]  no leak, 1 unreadable');
    expect(lines.find((line) => line.includes('unreadable ') && line.includes('?-????-?????-??-?'))).toMatch(/^ {2}LOW\s+national_id\s+unreadable\s+\?-\?{4}-\?{5}-\?\?-\?\s+page 2, line 2/);
    expect(lines).toContain('unreadable: 1 — check these by eye');
    expect(lines.find((line) => line.startsWith('2 documents'))).toMatch(/ 1 with leaks; 3 leaks /);
    noDigitsOfTheRegion(table);
  });
});

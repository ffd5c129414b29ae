// End to end on the local stack (`leakscan serve`): the example documents uploaded with the CLI,
// the example agency website crawled, then cases, e-mails, figures and the dashboard checked; and
// everything the system stored or printed searched for any full identifier of the examples.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { documentClient, scanItems } from '../../shared/aws/dynamodb.ts';
import { scanDocument } from '../../shared/scan.ts';
import { isLeak } from '../../shared/types.ts';
import { fingerprint } from '../helpers.ts';
import { nationalIdCheckDigit } from '../../shared/detect/national-id.ts';
import { decodeText } from '../../shared/extract/encoding.ts';
import { EXAMPLE_UNIT_ID, type LocalStack, startLocalStack } from '../../local/stack.ts';
import { runLeakscan } from '../leakscan-process.ts';

const EXAMPLES = resolve(import.meta.dirname, '../../examples');
const exampleFiles = readdirSync(EXAMPLES).map((name) => join(EXAMPLES, name));
let stack: LocalStack;
let stateDir: string;
let printed = '';
/** What `leakscan check` printed: searched for identifiers with the rest. */
let checkOutput = '';

beforeAll(async () => {
  stateDir = mkdtempSync(join(tmpdir(), 'leakscan-stack-'));
  stack = await startLocalStack({ stateDir, ocrEngine: 'none', invoked: (s) => void (printed += `${JSON.stringify(s)}\n`) });
}, 120_000);
afterAll(async () => {
  await stack?.stop();
  rmSync(stateDir, { recursive: true, force: true });
});

/** Every full national ID (13 digits, check digit holding) and phone number written in the examples. */
function exampleIdentifiers(): string[] {
  const found = new Set<string>();
  for (const file of exampleFiles) {
    const text = decodeText(readFileSync(file)).replace(/[๐-๙]/g, (d) => String(d.charCodeAt(0) - 0x0e50));
    for (const run of text.match(/\d[\d\s.-]{7,20}\d/g) ?? []) {
      const digits = run.replace(/\.0$/, '').replace(/\D/g, '');
      if (digits.length === 13 && nationalIdCheckDigit(digits.slice(0, 12)) === Number(digits[12])) found.add(digits);
      // Phones, also as a spreadsheet keeps them: without their leading zero.
      if (/^0?[689]\d{8}$/.test(digits)) found.add(digits);
    }
  }
  return [...found];
}

/** The text with digit groups joined (1-2345-67890-12-3 → 1234567890123) and Thai digits as ASCII. */
const digitsJoined = (text: string) => text.replace(/[๐-๙]/g, (d) => String(d.charCodeAt(0) - 0x0e50)).replace(/(?<=\d)[\s.-]+(?=\d)/g, '');

/** Every file under a directory: the documents themselves (s3rver's object bodies), or everything else. */
function storedFiles(dir: string, documents: boolean): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return storedFiles(path, documents);
    return name.endsWith('._S3rver_object') === documents ? [path] : [];
  });
}

describe('the local stack', { timeout: 240_000 }, () => {
  it('scans uploads and a crawl of the example site into cases, Thai e-mails, figures and the dashboard', async () => {
    const upload = await runLeakscan(['upload', EXAMPLE_UNIT_ID, ...exampleFiles], { ...stack.aws.env, LEAKSCAN_BUCKET: stack.bucket, LEAKSCAN_UNITS_TABLE: 'units' });
    expect(upload.status, upload.stderr).toBe(0);
    await stack.settled();
    expect(await stack.runCrawl()).toMatchObject({ jobs: 1 });
    await stack.settled();

    const db = documentClient(stack.aws.dynamodb);
    const cases = (await scanItems<{ state?: string; document: { origin: string; key: string } }>(db, 'cases')).filter((c) => c.state);
    // Three of the five examples leak (a list is masked, a procurement notice names a company),
    // uploaded and crawled alike.
    expect(cases.filter((c) => c.document.origin === 'upload')).toHaveLength(3);
    expect(cases.filter((c) => c.document.origin === 'crawl')).toHaveLength(3);
    expect(new Set(cases.map((c) => c.state))).toEqual(new Set(['notified']));

    const mails = ((await (await fetch(`${stack.mailboxUrl}store`)).json()) as { emails: Array<{ destination: { to: string[] }; subject: string }> }).emails;
    expect(mails.length).toBeGreaterThanOrEqual(2);
    for (const mail of mails) expect(mail.destination.to).toEqual(['saraban@example-tambon.go.th']);
    // The notice points the unit to the clerk page, to check and mask before republishing.
    expect(JSON.stringify(mails)).toContain(stack.clerkPageUrl);

    const overview = (await (await fetch(`${stack.dashboardUrl}api/overview`)).json()) as {
      total: { documentsScanned: number; documentsWithLeaks: number; leakRatePercent: number; unitsChecked: number; unitsWithLeaks: number; casesOpened: number };
      registry: { all: { units: number; unitsWithCoordinator: number } };
    };
    // 5 uploads, and from the site its 2 pages and 5 documents.
    expect(overview.total).toMatchObject({ documentsScanned: 12, documentsWithLeaks: 6, leakRatePercent: 50 });
    // CloudWatch's monthly figures are the same: the follow-up's gauges of the month so far, from the items the dashboard read.
    await stack.runFollowUp();
    const gauges = readFileSync(stack.logFile, 'utf8')
      .split('\n')
      .filter((line) => line.includes('"MonthDocumentsScanned"') && !line.includes('"UnitKind"') && !line.includes('"Province"'))
      .map((line) => JSON.parse(line) as Record<string, number>)
      .at(-1)!;
    expect(gauges).toMatchObject({
      MonthDocumentsScanned: overview.total.documentsScanned,
      MonthDocumentsWithLeaks: overview.total.documentsWithLeaks,
      MonthUnitsChecked: overview.total.unitsChecked,
      MonthUnitsWithLeaks: overview.total.unitsWithLeaks,
      MonthCasesOpened: overview.total.casesOpened,
      RegistryUnits: overview.registry.all.units,
      RegistryUnitsWithCoordinator: overview.registry.all.unitsWithCoordinator,
    });
    const open = (await (await fetch(`${stack.dashboardUrl}api/cases`)).json()) as { cases: Array<{ caseId: string; documentId: string }> };
    expect(open.cases).toHaveLength(6);

    // A case's document, X4-masked on request: nothing left to flag, the rest of the text as it was.
    const listCase = open.cases.find((c) => c.documentId.endsWith('uploads/example-tambon/elderly-allowance-list.txt'))!;
    const copy = await fetch(`${stack.dashboardUrl}api/cases/${listCase.caseId}/masked-copy`);
    expect(copy.status).toBe(200);
    expect(copy.headers.get('content-disposition')).toContain('elderly-allowance-list-masked.txt');
    const masked = new Uint8Array(await copy.arrayBuffer());
    expect((await scanDocument('masked.txt', masked, { fingerprint })).findings.filter(isLeak)).toEqual([]);
    const original = readFileSync(join(EXAMPLES, 'elderly-allowance-list.txt'), 'utf8');
    const maskedText = new TextDecoder().decode(masked);
    expect(maskedText).toHaveLength(original.length);
    const changed = [...maskedText].filter((ch, i) => ch !== original[i]);
    expect(changed.length).toBeGreaterThanOrEqual(4 * 8);
    expect([...maskedText].every((ch, i) => ch === original[i] || (ch === 'X' && /\d/.test(original[i]!)))).toBe(true);
  });

  it('checks a draft privately: a result for the clerk, no case, no e-mail, no change to the leak rate, one more check in the figures', async () => {
    const env = { ...stack.aws.env, LEAKSCAN_BUCKET: stack.bucket, LEAKSCAN_UNITS_TABLE: 'units', LEAKSCAN_METRICS_TABLE: 'metrics' };
    const mailsBefore = ((await (await fetch(`${stack.mailboxUrl}store`)).json()) as { emails: unknown[] }).emails.length;
    const check = await runLeakscan(['check', join(EXAMPLES, 'elderly-allowance-list.txt'), '--unit', EXAMPLE_UNIT_ID, '--format', 'json', '--timeout', '120'], env);
    checkOutput = check.stdout + check.stderr;
    expect(check.status, check.stderr).toBe(1);
    const report = JSON.parse(check.stdout) as { documents: Array<{ path: string; status: string; findings: Array<{ display: string; status: string }> }> };
    expect(report.documents).toHaveLength(1);
    expect(report.documents[0]!.status).toBe('scanned');
    expect(report.documents[0]!.findings.filter((f) => f.status === 'unmasked').length).toBeGreaterThanOrEqual(8);
    await stack.settled();

    // The same draft through the clerk page's API, signed in for the unit: its result, and its masked copy to publish.
    const api = async (path: string, init: RequestInit = {}) => {
      const response = await fetch(new URL(`clerk-api${path}`, stack.dashboardUrl), { ...init, headers: { ...init.headers, authorization: `Bearer ${token}` } });
      const text = await response.text();
      checkOutput += text;
      return { status: response.status, body: JSON.parse(text) as Record<string, any> };
    };
    const token = await stack.clerkSite.idToken(new URL(stack.dashboardUrl).origin, EXAMPLE_UNIT_ID);
    const draft = readFileSync(join(EXAMPLES, 'elderly-allowance-list.txt'));
    const created = await api('/checks', { method: 'POST', body: JSON.stringify({ fileName: 'elderly-allowance-list.txt', contentType: 'text/plain', size: draft.length }) });
    expect(created.status).toBe(201);
    expect((await fetch(created.body.upload.url, { method: 'PUT', headers: created.body.upload.headers, body: draft })).status).toBe(200);
    await stack.settled();
    const done = await api(`/checks/${created.body.checkId}`);
    expect(done.body).toMatchObject({ state: 'done', result: { status: 'scanned', maskedCopy: { available: true, fileName: 'elderly-allowance-list-masked.txt' } } });
    expect(done.body.result.counts.leaks).toBeGreaterThanOrEqual(8);
    const copy = await api(`/checks/${created.body.checkId}/masked-copy`);
    const masked = new Uint8Array(await (await fetch(copy.body.url)).arrayBuffer());
    checkOutput += decodeText(masked);
    expect((await scanDocument('masked.txt', masked, { fingerprint })).findings.filter(isLeak)).toEqual([]);

    const open = (await (await fetch(`${stack.dashboardUrl}api/cases`)).json()) as { cases: unknown[] };
    expect(open.cases).toHaveLength(6);
    expect(((await (await fetch(`${stack.mailboxUrl}store`)).json()) as { emails: unknown[] }).emails).toHaveLength(mailsBefore);
    const overview = (await (await fetch(`${stack.dashboardUrl}api/overview`)).json()) as { total: Record<string, number> };
    expect(overview.total).toMatchObject({ documentsScanned: 12, documentsWithLeaks: 6, checksRun: 2, checksWithLeaks: 2, checksMasked: 2 });
    const figures = await runLeakscan(['report', '--format', 'json'], env);
    expect(JSON.parse(figures.stdout)[0]).toMatchObject({ documentsScanned: 12, checksRun: 2, checksWithLeaks: 2, checksMasked: 2 });
  });

  it('stores and prints no full identifier of the example documents anywhere', async () => {
    const identifiers = exampleIdentifiers();
    expect(identifiers.length).toBeGreaterThan(20);
    // The search finds them where they are: in the documents themselves.
    const documents = digitsJoined(
      storedFiles(stateDir, true)
        .map((file) => decodeText(readFileSync(file)))
        .join('\n'),
    );
    expect(identifiers.filter((id) => documents.includes(id)).length).toBe(identifiers.length);
    const db = documentClient(stack.aws.dynamodb);
    const tables = (await stack.aws.dynamodb.send(new ListTablesCommand({}))).TableNames ?? [];
    const mailbox = await (await fetch(`${stack.mailboxUrl}store`)).text();
    // Two checks' results and their masked copies.
    const checkResults = storedFiles(stateDir, true).filter((file) => file.includes('/check-results/'));
    expect(checkResults).toHaveLength(4);
    const haystacks: Array<[string, string]> = [
      // A check's result and masked copy are objects the scan function writes, not documents.
      ...[...checkResults, ...storedFiles(stateDir, false)].map((file): [string, string] => [file, readFileSync(file, 'latin1') + readFileSync(file, 'utf8')]),
      ...Object.entries(stack.messages).map(([queue, bodies]): [string, string] => [`queue ${queue}`, bodies.join('\n')]),
      ...(await Promise.all(tables.map(async (t): Promise<[string, string]> => [`table ${t}`, JSON.stringify(await scanItems(db, t))]))),
      ['mailbox', mailbox],
      ['terminal', printed],
      ['leakscan check', checkOutput],
    ];
    expect(haystacks.find(([name]) => name.endsWith('functions.log'))![1]).toContain('document scanned');
    for (const [name, text] of haystacks) {
      const joined = digitsJoined(text);
      for (const id of identifiers) expect(joined.includes(id), `${name} holds ${id.slice(0, 2)}…`).toBe(false);
    }
  });

  it('deletes checks past their retention, as the bucket’s lifecycle rule does in AWS, and no published document', async () => {
    const inDays = (days: number) => new Date(Date.now() + days * 24 * 3600_000);
    expect(await stack.runCheckExpiry(inDays(6))).toBe(0);
    // Two drafts, their results and their masked copies.
    expect(await stack.runCheckExpiry(inDays(8))).toBe(6);
    const stored = storedFiles(stateDir, true);
    expect(stored.filter((file) => /\/check(s|-results)\//.test(file))).toEqual([]);
    expect(stored.filter((file) => file.includes('/uploads/')).length).toBe(exampleFiles.length);
  });
});

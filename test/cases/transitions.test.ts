// The case rules without any server: what a findings message or a notice does to a case and to the
// day's figures (pure), and how a change is made once through the repository port (in memory).
import { describe, expect, it } from 'vitest';
import { caseIdOf, documentIdOf, scannedCase } from '../../shared/cases/case.ts';
import { type SentEmail, type StoredCase, type UnitScopes, caseListing, monthKey, monthOf } from '../../shared/cases/model.ts';
import { thaiDay } from '../../shared/cases/report.ts';
import { ChangeInProgress } from '../../shared/cases/repository.ts';
import { checkCounters, claimNotice, escalated, moveWrite, notified, recordCheck, recordScan, remediated, scanChange, scanCounters } from '../../shared/cases/transitions.ts';
import { type FindingsMessage, documentReference, findingsMessage } from '../../shared/findings-message.ts';
import type { DocumentResult } from '../../shared/scan.ts';
import type { Finding } from '../../shared/types.ts';
import { MemoryCaseRepository } from './memory-case-repository.ts';

const HOUR = 3600_000;
const T0 = new Date('2026-11-25T03:00:00Z');
const at = (hours: number): Date => new Date(T0.getTime() + hours * HOUR);
const SCOPES: UnitScopes = { unitId: 'tambon-a', province: 'ชัยภูมิ', kind: 'อบต.' };
const LISTING = caseListing(SCOPES, { name: 'องค์การบริหารส่วนตำบลทดสอบ' });
const SCOPE_KEYS = ['all', 'unit#tambon-a', 'province#ชัยภูมิ', 'kind#อบต.'];
const EMAIL: SentEmail = { kind: 'notice', messageId: 'ses-1', at: T0.toISOString(), to: ['dpo@tambon-a.go.th'], cc: [] };

const leak = (status: Finding['status'] = 'unmasked'): Finding => ({
  type: 'national_id',
  status,
  fingerprint: 'a'.repeat(64),
  display: 'X-XXXX-XXXX9-08-1',
  location: { line: 2, column: 5, excerpt: '1 | นางสมศรี | X-XXXX-XXXX9-08-1' },
  confidence: 0.98,
  checksumValid: true,
});

/** The findings message of a scan of uploads/tambon-a/list.csv at `scannedAt`. */
function message(scannedAt: Date, findings: Finding[], status: DocumentResult['status'] = 'scanned'): FindingsMessage {
  const result: DocumentResult = { path: 'uploads/tambon-a/list.csv', format: 'csv', status, findings, ...(status === 'error' && { error: { code: 'corrupt', message: 'broken' } }) };
  return findingsMessage(documentReference({ bucket: 'ingest', key: 'uploads/tambon-a/list.csv', versionId: `v${scannedAt.getTime()}` }), result, scannedAt);
}
const withLeaks = (scannedAt: Date) => message(scannedAt, [leak()]);
const clean = (scannedAt: Date) => message(scannedAt, [leak('masked')]);
const CASE_ID = caseIdOf('tambon-a', documentIdOf(withLeaks(T0).document));
const scannedOf = (m: FindingsMessage) => (m.counts.leaks > 0 ? scannedCase(m, LISTING) : undefined);

/** A stored case of the scan at T0, in a state. */
function storedCase(state: StoredCase['state'], extra: Partial<StoredCase> = {}): StoredCase {
  return { ...scannedCase(withLeaks(T0), LISTING), state, openedAt: T0.toISOString(), history: [{ state: 'open', at: T0.toISOString(), reason: 'test' }], emails: [], version: 3, ...extra };
}

describe('what a scan does to its case (pure)', () => {
  it('opens a case for a document with leaks that has none: a new case, counted as opened', () => {
    const m = withLeaks(T0);
    const change = scanChange(undefined, scannedOf(m), m, at(1));
    expect(change).toMatchObject({ outcome: 'opened', counters: { CasesOpened: 1 }, remediationHours: [] });
    expect(change.write).toEqual({
      kind: 'create',
      case: { ...scannedCase(m, LISTING), state: 'open', openedAt: at(1).toISOString(), history: [{ state: 'open', at: at(1).toISOString(), reason: expect.any(String) }], emails: [], version: 1 },
    });
  });

  it('updates an open or notified case with the new scan’s findings, keeping its state, and counts nothing', () => {
    const m = withLeaks(at(2));
    const change = scanChange(storedCase('notified'), scannedOf(m), m, at(3));
    expect(change).toMatchObject({ outcome: 'updated', counters: {}, remediationHours: [] });
    const { caseId: _id, ...content } = scannedCase(m, LISTING);
    expect(change.write).toEqual({ kind: 'update', caseId: CASE_ID, readVersion: 3, set: content, append: {}, remove: ['findingsTruncated'] });
  });

  it('remediates a case whose document is scanned again without leaks, with the hours it took', () => {
    const m = clean(at(30));
    const change = scanChange(storedCase('notified'), scannedOf(m), m, at(30.25));
    expect(change).toMatchObject({ outcome: 'remediated', counters: { CasesRemediated: 1 }, remediationHours: [30.3] });
    expect(change.write).toEqual({
      kind: 'update',
      caseId: CASE_ID,
      readVersion: 3,
      set: { state: 'remediated', scannedAt: m.scannedAt },
      append: { history: [{ state: 'remediated', at: at(30.25).toISOString(), reason: expect.any(String) }] },
      remove: [],
    });
  });

  it('reopens a remediated case exposed again: opened anew, its old deadline gone', () => {
    const m = withLeaks(at(40));
    const before = storedCase('remediated', { deadline: at(72).toISOString() });
    const change = scanChange(before, scannedOf(m), m, at(41));
    expect(change).toMatchObject({ outcome: 'reopened', counters: { CasesOpened: 1 } });
    expect(change.write).toMatchObject({ kind: 'replace', readVersion: 3, case: { state: 'open', openedAt: at(41).toISOString(), version: 4, scannedAt: m.scannedAt } });
    const reopened = (change.write as { case: StoredCase }).case;
    expect(reopened.deadline).toBeUndefined();
    expect(reopened.history.map((h) => h.state)).toEqual(['open', 'open']);
  });

  it('changes nothing for an unreadable document, an older scan arriving late, a clean document with no case, or one already remediated', () => {
    const none = { outcome: 'none', counters: {}, remediationHours: [] };
    const unreadable = message(at(5), [], 'error');
    expect(scanChange(storedCase('open'), undefined, unreadable, at(5))).toEqual(none);
    const late = withLeaks(at(-1));
    expect(scanChange(storedCase('open'), scannedOf(late), late, at(5))).toEqual(none);
    expect(scanChange(undefined, undefined, clean(at(5)), at(5))).toEqual(none);
    expect(scanChange(storedCase('remediated'), undefined, clean(at(5)), at(5))).toEqual(none);
  });

  it('counts a scanned document’s identifiers: exposed by type, masked, and unreadable apart', () => {
    const m = message(T0, [leak(), leak('insufficient'), leak('masked'), leak('unreadable')]);
    expect(scanCounters(m)).toEqual({ DocumentsScanned: 1, DocumentsWithLeaks: 1, ExposedNationalIds: 2, ExposedPhones: 0, ExposedLaserCodes: 0, MaskedIdentifiers: 1, UnreadableFindings: 1 });
  });

  it('moves a case only from the states the move starts from, and only for the opening it was asked for', () => {
    const move = { from: ['open'] as const, to: 'notified' as const, reason: 'sent', email: EMAIL, deadline: at(72).toISOString(), releasesClaim: true };
    const open = storedCase('open');
    expect(moveWrite(open, open, move, at(1))).toEqual({
      kind: 'update',
      caseId: CASE_ID,
      readVersion: 3,
      set: { state: 'notified', deadline: at(72).toISOString() },
      append: { history: [{ state: 'notified', at: at(1).toISOString(), reason: 'sent' }], emails: [EMAIL] },
      remove: ['noticeClaimedAt'],
    });
    expect(moveWrite(storedCase('notified'), open, move, at(1))).toBe('made');
    expect(moveWrite(storedCase('remediated'), open, move, at(1))).toBe('left');
    expect(moveWrite(storedCase('open', { openedAt: at(5).toISOString() }), open, move, at(6))).toBe('left');
    expect(moveWrite(undefined, open, move, at(1))).toBe('left');
  });
});

describe('recording through the repository', () => {
  const items = (repository: MemoryCaseRepository) => [...repository.figures.values()];
  const figuresOf = (repository: MemoryCaseRepository) => Object.fromEntries([...repository.figures.values()].map(({ scope, day: _day, ...figures }) => [scope, figures]));

  it('counts documents and units, not scans: each once a day and once a month, and as leaking when any scan there leaked', async () => {
    const repository = new MemoryCaseRepository();
    const figure = (day: string) => items(repository).find((item) => item.scope === 'all' && item.day === day)!;
    const documents = (day: string) => [figure(day).DocumentsScanned, figure(day).DocumentsWithLeaks];
    const [day1, day2] = [thaiDay(at(1)), thaiDay(at(25))];
    const month = monthKey(monthOf(day1));
    // Clean, then a new version that leaks, then fixed again: one document, found leaking that day.
    for (const [m, hour] of [
      [clean(at(1)), 1],
      [withLeaks(at(2)), 2],
      [clean(at(3)), 3],
    ] as const) {
      await recordScan(repository, m, scannedOf(m), CASE_ID, SCOPES, at(hour));
    }
    expect(documents(day1)).toEqual([1, 1]);
    expect(documents(month)).toEqual([1, 1]);
    // The next day it counts again for the day, not for the month.
    const nextDay = withLeaks(at(25));
    await recordScan(repository, nextDay, scannedOf(nextDay), CASE_ID, SCOPES, at(25));
    expect(documents(day2)).toEqual([1, 1]);
    expect(documents(month)).toEqual([1, 1]);
    // Another document is one more.
    const other = findingsMessage(
      documentReference({ bucket: 'ingest', key: 'uploads/tambon-a/other.csv' }),
      { path: 'uploads/tambon-a/other.csv', format: 'csv', status: 'scanned', findings: [] },
      at(26),
    );
    await recordScan(repository, other, undefined, caseIdOf('tambon-a', documentIdOf(other.document)), SCOPES, at(26));
    expect(documents(day2)).toEqual([2, 1]);
    expect(documents(month)).toEqual([2, 1]);
    // Its unit is the same one: a unit counts once a day and once a month too.
    for (const period of [day1, day2, month]) expect([figure(period).UnitsChecked, figure(period).UnitsWithLeaks]).toEqual([1, 1]);
    // The rest of a scan's figures are the scan's: every scan's identifiers count.
    expect(figure(day1).MaskedIdentifiers).toBe(2);
  });

  it('adds each scope’s figures to its day and, the same, to its month, so that a year is read as twelve items', async () => {
    const repository = new MemoryCaseRepository();
    const m = withLeaks(T0);
    await recordScan(repository, m, scannedOf(m), CASE_ID, SCOPES, at(1));
    const items = [...repository.figures.values()];
    const day = thaiDay(at(1));
    for (const scope of SCOPE_KEYS) {
      const [ofDay, ofMonth] = [day, monthKey(monthOf(day))].map((key) => items.find((item) => item.scope === scope && item.day === key));
      expect(ofDay).toMatchObject({ DocumentsScanned: 1, CasesOpened: 1 });
      expect({ ...ofMonth, day }).toEqual(ofDay);
    }
    expect(items).toHaveLength(2 * SCOPE_KEYS.length);
  });

  it('opens the case and adds the scan’s figures to every scope of its unit, once however often the message comes', async () => {
    const repository = new MemoryCaseRepository();
    const m = withLeaks(T0);
    expect(await recordScan(repository, m, scannedOf(m), CASE_ID, SCOPES, at(1))).toMatchObject({
      outcome: 'opened',
      counters: { DocumentsScanned: 1, DocumentsWithLeaks: 1, ExposedNationalIds: 1, CasesOpened: 1 },
    });
    expect(repository.cases.get(CASE_ID)).toMatchObject({ state: 'open', version: 1 });
    const once = figuresOf(repository);
    expect(Object.keys(once)).toEqual(SCOPE_KEYS);
    for (const scope of SCOPE_KEYS) expect(once[scope]).toEqual({ DocumentsScanned: 1, DocumentsWithLeaks: 1, UnitsChecked: 1, UnitsWithLeaks: 1, ExposedNationalIds: 1, CasesOpened: 1 });

    expect(await recordScan(repository, m, scannedOf(m), CASE_ID, SCOPES, at(2))).toEqual({ outcome: 'duplicate', counters: {}, remediationHours: [] });
    expect(figuresOf(repository)).toEqual(once);
    expect(repository.writes).toHaveLength(1);
  });

  it('reads the case again and retries when another writer was first, and gives up after five attempts', async () => {
    const repository = new MemoryCaseRepository();
    repository.conflicts = 1;
    const m = withLeaks(T0);
    expect((await recordScan(repository, m, scannedOf(m), CASE_ID, SCOPES, at(1))).outcome).toBe('opened');
    expect(repository.writes).toHaveLength(2);
    expect(figuresOf(repository).all).toMatchObject({ CasesOpened: 1, DocumentsScanned: 1 });

    const later = withLeaks(at(2));
    repository.conflicts = 5;
    await expect(recordScan(repository, later, scannedOf(later), CASE_ID, SCOPES, at(3))).rejects.toThrow(/changed under every attempt/);
    expect(repository.writes).toHaveLength(7);
    // Nothing counted: the queue's retry, once the change is stale, records it.
    expect(figuresOf(repository).all).toMatchObject({ DocumentsScanned: 1 });
    expect((await recordScan(repository, later, scannedOf(later), CASE_ID, SCOPES, at(3.5))).outcome).toBe('updated');
    // The same document the same day: one document checked, however often it is scanned.
    expect(figuresOf(repository).all).toMatchObject({ DocumentsScanned: 1, CasesOpened: 1 });
  });

  it('leaves a change another invocation is making to it, and resumes one interrupted long ago without counting twice', async () => {
    const repository = new MemoryCaseRepository();
    const m = withLeaks(T0);
    // An invocation took the message and added its figures to one scope's day and month, then died.
    const addFigures = repository.addFigures.bind(repository);
    let added = 0;
    repository.addFigures = async (...args) => {
      if (added++ === 2) throw new Error('interrupted');
      return addFigures(...args);
    };
    await expect(recordScan(repository, m, scannedOf(m), CASE_ID, SCOPES, at(1))).rejects.toThrow('interrupted');
    repository.addFigures = addFigures;
    const [markerId] = [...repository.markers.keys()] as [string];
    expect(repository.markers.get(markerId)).toMatchObject({ status: 'pending', applied: new Set(['all', 'all month']) });
    await expect(recordScan(repository, m, scannedOf(m), CASE_ID, SCOPES, at(1.1))).rejects.toThrow(ChangeInProgress);

    // Half an hour on, the change is taken up again: the case stands, its plan stands, and the
    // scopes that had the figures do not get them again.
    expect(await recordScan(repository, m, scannedOf(m), CASE_ID, SCOPES, at(1.5))).toMatchObject({ outcome: 'opened', counters: { CasesOpened: 1 } });
    for (const scope of SCOPE_KEYS) expect(figuresOf(repository)[scope]).toMatchObject({ CasesOpened: 1, DocumentsScanned: 1 });
    expect(repository.markers.get(markerId)!.status).toBe('done');
  });

  it('claims a notice once, until the claim is stale; notifies, escalates and remediates once per opening, with their figures', async () => {
    const repository = new MemoryCaseRepository();
    const m = withLeaks(T0);
    await recordScan(repository, m, scannedOf(m), CASE_ID, SCOPES, T0);
    expect(await claimNotice(repository, CASE_ID, at(0.1))).toBe(true);
    expect(await claimNotice(repository, CASE_ID, at(0.2))).toBe(false);
    expect(await claimNotice(repository, CASE_ID, at(0.4))).toBe(true);

    const open = (await repository.get(CASE_ID))!;
    expect(await notified(repository, open, EMAIL, at(72.5).toISOString(), SCOPES, at(0.5))).toEqual({ outcome: 'none', counters: { CasesNotified: 1 }, remediationHours: [] });
    expect(await notified(repository, open, EMAIL, at(72.5).toISOString(), SCOPES, at(0.6))).toBeUndefined();
    const notifiedCase = (await repository.get(CASE_ID))!;
    expect(notifiedCase).toMatchObject({ state: 'notified', deadline: at(72.5).toISOString(), emails: [EMAIL] });
    expect(notifiedCase.noticeClaimedAt).toBeUndefined();
    expect(await escalated(repository, notifiedCase, { ...EMAIL, kind: 'escalation' }, SCOPES, at(73))).toMatchObject({ counters: { CasesEscalated: 1 } });
    expect(await remediated(repository, notifiedCase, 'gone', SCOPES, at(80))).toEqual({ outcome: 'none', counters: { CasesRemediated: 1 }, remediationHours: [80] });
    expect(await remediated(repository, notifiedCase, 'gone', SCOPES, at(81))).toBeUndefined();
    expect((await repository.get(CASE_ID))!.history.map((h) => h.state)).toEqual(['open', 'notified', 'escalated', 'remediated']);
    const figures = (hours: number) => repository.figures.get(`all ${thaiDay(at(hours))}`);
    expect(figures(0)).toMatchObject({ CasesOpened: 1, CasesNotified: 1 });
    expect(figures(73)).toMatchObject({ CasesEscalated: 1 });
    expect(figures(80)).toMatchObject({ CasesRemediated: 1, RemediationHours: [80] });
  });

  it('leaves a case that has meanwhile left the state a move starts from', async () => {
    const repository = new MemoryCaseRepository();
    const m = withLeaks(T0);
    await recordScan(repository, m, scannedOf(m), CASE_ID, SCOPES, T0);
    const open = (await repository.get(CASE_ID))!;
    await notified(repository, open, EMAIL, at(72).toISOString(), SCOPES, at(1));
    const notifiedCase = (await repository.get(CASE_ID))!;
    await remediated(repository, notifiedCase, 'gone', SCOPES, at(2));
    // The follow-up read it notified, before it was remediated.
    expect(await escalated(repository, notifiedCase, EMAIL, SCOPES, at(73))).toBeUndefined();
    expect((await repository.get(CASE_ID))!.state).toBe('remediated');
    expect([...repository.markers.values()].every((marker) => marker.status === 'done')).toBe(true);
    expect(repository.figures.get(`all ${thaiDay(at(73))}`)?.CasesEscalated).toBeUndefined();
  });

  it('records a check’s figures once, check counters only, and no case', async () => {
    const repository = new MemoryCaseRepository();
    const result: DocumentResult = { path: 'x', format: 'csv', status: 'scanned', findings: [leak()] };
    const check = findingsMessage(documentReference({ bucket: 'ingest', key: 'checks/tambon-a/k3Fq_9zXw-2LmN8pQ/list.csv', versionId: 'v1' }), result, T0);
    expect(checkCounters(check)).toEqual({ ChecksRun: 1, ChecksWithLeaks: 1, ChecksMasked: 0 });
    expect(checkCounters({ ...check, document: { ...check.document, maskedCopy: true } })).toEqual({ ChecksRun: 1, ChecksWithLeaks: 1, ChecksMasked: 1 });
    expect(checkCounters({ ...check, document: { ...check.document, status: 'error' } })).toEqual({});
    expect(await recordCheck(repository, check, SCOPES, at(1))).toEqual({ outcome: 'checked', counters: { ChecksRun: 1, ChecksWithLeaks: 1, ChecksMasked: 0 }, remediationHours: [] });
    expect(await recordCheck(repository, check, SCOPES, at(2))).toMatchObject({ outcome: 'duplicate' });
    for (const scope of SCOPE_KEYS) expect(figuresOf(repository)[scope]).toEqual({ ChecksRun: 1, ChecksWithLeaks: 1 });
    expect(repository.writes).toEqual([]);
  });
});

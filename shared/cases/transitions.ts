// How cases change: what a findings message or a notice does to a case and adds to the day's
// figures (pure rules; a check, a draft not yet published, has no case and adds figures of its
// own), and the steps that apply a change through a CaseRepository so that at-least-once
// delivery changes nothing twice, with single-item conditional writes only. Each
// change has a marker: it holds the figures the change adds and which scopes have them, so that an
// interrupted change is resumed, not repeated. A case is written conditionally on its version as
// read; a concurrent writer makes the write fail, and the change is read again and retried.
import { createHash } from 'node:crypto';
import type { FindingsMessage } from '../findings-message.ts';
import { IDENTIFIER_TYPES, IDENTIFIER_TYPE_NAMES } from '../identifier-types.ts';
import { countOfStatus } from '../types.ts';
import { TRY_AGAIN, retrying } from '../retry.ts';
import { type ScannedCase, documentIdOf } from './case.ts';
import { type CaseEvent, type CaseState, type DailyCounter, type SentEmail, type StoredCase, type UnitScopes, monthKey, monthOf, scopeKeys } from './model.ts';
import { ChangeInProgress, type CaseRepository, type CaseWrite, type ChangeMarker, type FirstCount, type RecordedChange, type RecordedScan } from './repository.ts';
import { thaiDay } from './report.ts';

// Markers expire: a repeat delivery comes within days, never months.
const MARKER_DAYS = 14;
// A change pending this long was interrupted (an invocation lasts minutes at most): resume it.
const STALE_MS = 15 * 60_000;
// A notice claimed this long ago and never marked sent was lost with its invocation.
const STALE_CLAIM_MS = 15 * 60_000;
// Writers racing for one case are a handful at most: one of them wins each round.
const WRITE_ATTEMPTS = 5;
const DUPLICATE: RecordedScan = { outcome: 'duplicate', counters: {}, remediationHours: [] };

/** How a scan changes its case: the outcome, the write that makes it, and what it adds to the day's figures. */
export interface ScanChange extends RecordedScan {
  write?: CaseWrite;
}

/**
 * How a scan changes the case as it is now (undefined: no case yet). `scanned` is the case content
 * when the document has leaks.
 */
export function scanChange(current: StoredCase | undefined, scanned: ScannedCase | undefined, message: FindingsMessage, now: Date): ScanChange {
  const none: ScanChange = { outcome: 'none', counters: {}, remediationHours: [] };
  // An unreadable document says nothing about its case; an older scan arriving late neither.
  if (message.document.status !== 'scanned' || (current && current.scannedAt >= message.scannedAt)) return none;
  const at = now.toISOString();
  if (!current) {
    if (!scanned) return none;
    const opened: StoredCase = { ...scanned, state: 'open', openedAt: at, history: [{ state: 'open', at, reason: 'พบข้อมูลส่วนบุคคลที่ไม่ได้ปิดบัง' }], emails: [], version: 1 };
    return { outcome: 'opened', counters: { CasesOpened: 1 }, remediationHours: [], write: { kind: 'create', case: opened } };
  }
  if (!scanned) {
    if (current.state === 'remediated') return none;
    const event: CaseEvent = { state: 'remediated', at, reason: 'สแกนเอกสารฉบับใหม่แล้วไม่พบข้อมูลที่เปิดเผย' };
    return {
      outcome: 'remediated',
      counters: { CasesRemediated: 1 },
      remediationHours: [hoursBetween(current.openedAt, now)],
      write: { kind: 'update', caseId: current.caseId, readVersion: current.version, set: { state: 'remediated', scannedAt: message.scannedAt }, append: { history: [event] }, remove: [] },
    };
  }
  const { caseId: _id, ...content } = scanned;
  if (current.state === 'remediated') {
    // Exposed again: a new case state, so a new notice.
    const event: CaseEvent = { state: 'open', at, reason: 'พบข้อมูลที่เปิดเผยอีกครั้ง' };
    const reopened: StoredCase = { ...current, ...content, state: 'open', openedAt: at, history: [...current.history, event], version: current.version + 1 };
    delete reopened.deadline;
    return { outcome: 'reopened', counters: { CasesOpened: 1 }, remediationHours: [], write: { kind: 'replace', case: reopened, readVersion: current.version } };
  }
  return {
    outcome: 'updated',
    counters: {},
    remediationHours: [],
    write: { kind: 'update', caseId: current.caseId, readVersion: current.version, set: content, append: {}, remove: content.findingsTruncated ? [] : ['findingsTruncated'] },
  };
}

/** How long a document's count in a period is kept: past the period's end, for late retries. */
const DOCUMENT_COUNT_DAYS = { day: 3, month: 40 };

/**
 * A scanned document's place in the day's and the month's figures: one document checked (and one
 * found leaking) the first time it is scanned (found leaking) in the period, however often it is
 * scanned again there, whichever of its versions, so that the leak rate of a period is documents,
 * not scans; and the same for its unit (units checked, units found leaking).
 */
async function documentCounters(cases: CaseRepository, message: FindingsMessage, messageId: string, now: Date) {
  const leaking = message.counts.leaks > 0;
  // A document's ID may hold a person's number; it is a table key, so hashed.
  const document = `document#${createHash('sha256').update(documentIdOf(message.document)).digest('hex')}`;
  const unit = `unit#${message.document.unitId}`;
  const day = thaiDay(now);
  const count = (subject: string, period: string, days: number) => cases.countOnce(subject, period, messageId, leaking, new Date(now.getTime() + days * 24 * 3600_000));
  const inPeriod = async (period: string, days: number) => {
    const [ofDocument, ofUnit] = await Promise.all([count(document, period, days), count(unit, period, days)]);
    const counted = (first: FirstCount) => [first.counted ? 1 : 0, first.leaked ? 1 : 0] as const;
    const [[documents, documentsLeaking], [units, unitsLeaking]] = [counted(ofDocument), counted(ofUnit)];
    return { DocumentsScanned: documents, DocumentsWithLeaks: documentsLeaking, UnitsChecked: units, UnitsWithLeaks: unitsLeaking };
  };
  const [ofDay, ofMonth] = await Promise.all([inPeriod(day, DOCUMENT_COUNT_DAYS.day), inPeriod(monthKey(monthOf(day)), DOCUMENT_COUNT_DAYS.month)]);
  return { day: ofDay, month: ofMonth };
}

/** What one scanned document adds to the day's figures. */
export function scanCounters({ counts }: FindingsMessage): Partial<Record<DailyCounter, number>> {
  const byType = IDENTIFIER_TYPE_NAMES.map((type) => [type, counts.byTypeAndStatus[type]] as const);
  return {
    DocumentsScanned: 1,
    DocumentsWithLeaks: counts.leaks > 0 ? 1 : 0,
    ...Object.fromEntries(byType.map(([type, c]) => [IDENTIFIER_TYPES[type].exposedCounter, c.unmasked + c.insufficient])),
    MaskedIdentifiers: countOfStatus(counts.byTypeAndStatus, 'masked'),
    UnreadableFindings: countOfStatus(counts.byTypeAndStatus, 'unreadable'),
  };
}

/** A move of a case between states, made once per time the case was opened. */
export interface CaseMove {
  from: readonly CaseState[];
  to: CaseState;
  reason: string;
  email?: SentEmail;
  deadline?: string;
  /** The notice claim ends with the move (it was sent). */
  releasesClaim?: boolean;
}

/**
 * The write that makes a move on the case as it is now: `made` when an interrupted run of this
 * very move made it, `left` when the case has meanwhile left `from` (or is gone, or reopened).
 */
export function moveWrite(current: StoredCase | undefined, moved: StoredCase, move: CaseMove, now: Date): CaseWrite | 'made' | 'left' {
  if (current?.state === move.to && current.openedAt === moved.openedAt) return 'made';
  if (!current || !move.from.includes(current.state) || current.openedAt !== moved.openedAt) return 'left';
  const event: CaseEvent = { state: move.to, at: now.toISOString(), reason: move.reason };
  return {
    kind: 'update',
    caseId: current.caseId,
    readVersion: current.version,
    set: { state: move.to, ...(move.deadline && { deadline: move.deadline }) },
    append: { history: [event], ...(move.email && { emails: [move.email] }) },
    remove: move.releasesClaim ? ['noticeClaimedAt'] : [],
  };
}

/** What a move adds to the day's figures. */
export function movePlan(stored: StoredCase, to: CaseState, now: Date): RecordedScan {
  return { outcome: 'none', counters: { [COUNTER_OF_STATE[to]]: 1 }, remediationHours: to === 'remediated' ? [hoursBetween(stored.openedAt, now)] : [] };
}

const COUNTER_OF_STATE: Record<CaseState, DailyCounter> = { open: 'CasesOpened', notified: 'CasesNotified', remediated: 'CasesRemediated', escalated: 'CasesEscalated' };

const hoursBetween = (from: string, to: Date): number => Math.round(((to.getTime() - Date.parse(from)) / 3600_000) * 10) / 10;

/**
 * Records a findings message: its figures, and the case it opens, updates, reopens or
 * remediates. `scanned` is the case content when the document has leaks.
 */
export async function recordScan(cases: CaseRepository, message: FindingsMessage, scanned: ScannedCase | undefined, caseId: string, scopes: UnitScopes, now: Date): Promise<RecordedScan> {
  const messageId = messageIdOf(message);
  const marker = await own(cases, `message#${messageId}`, now);
  if (!marker) return DUPLICATE;
  const documents = message.document.status === 'scanned' ? await documentCounters(cases, message, messageId, now) : undefined;
  const base = documents ? { ...scanCounters(message), ...documents.day } : {};
  return retrying(
    async () => {
      const { write, ...change } = scanChange(await cases.get(caseId), scanned, message, now);
      // Resuming a record whose case was written before the interruption: its plan stands.
      const plan: RecordedScan =
        change.outcome === 'none' && marker.plan ? marker.plan : { ...change, counters: { ...base, ...change.counters }, ...(documents && { monthCounters: documents.month }) };
      await savePlan(cases, marker, plan);
      if (write && !(await cases.write(write))) return TRY_AGAIN;
      await addFigures(cases, marker, plan, scopes, now);
      return plan;
    },
    { attempts: WRITE_ATTEMPTS, exhausted: () => new Error(`case ${caseId} changed under every attempt to record the scan`) },
  );
}

/** What one check (a draft scanned before publishing) adds to the day's figures: check counters only, for a document read, as for DocumentsScanned. */
export function checkCounters({ document, counts }: FindingsMessage): Partial<Record<DailyCounter, number>> {
  return document.status === 'scanned' ? { ChecksRun: 1, ChecksWithLeaks: counts.leaks > 0 ? 1 : 0, ChecksMasked: document.maskedCopy ? 1 : 0 } : {};
}

/** Records a check's figures, once: it opens no case and adds nothing to the leak rate. */
export async function recordCheck(cases: CaseRepository, message: FindingsMessage, scopes: UnitScopes, now: Date): Promise<RecordedScan> {
  const marker = await own(cases, `check#${messageIdOf(message)}`, now);
  if (!marker) return DUPLICATE;
  const plan = marker.plan ?? { outcome: 'checked', counters: checkCounters(message), remediationHours: [] };
  await savePlan(cases, marker, plan);
  await addFigures(cases, marker, plan, scopes, now);
  return plan;
}

/** One scan of one object version: hashed, since an object key may be named after a person's number, and this is a table key. */
const messageIdOf = ({ document, scannedAt }: FindingsMessage): string =>
  createHash('sha256')
    .update(`${document.bucket}/${document.key}#${document.versionId ?? document.etag ?? ''}#${scannedAt}`)
    .digest('hex');

/** Takes the right to send an open case's notice; false when another run has it or sent it. */
export const claimNotice = (cases: CaseRepository, caseId: string, now: Date): Promise<boolean> => cases.claimNotice(caseId, now, new Date(now.getTime() - STALE_CLAIM_MS));

/** open → notified, with the e-mail that told the unit and the deadline it was given. */
export const notified = (cases: CaseRepository, stored: StoredCase, email: SentEmail, deadline: string, scopes: UnitScopes, now: Date): Promise<RecordedChange | undefined> =>
  moveCase(cases, stored, { from: ['open'], to: 'notified', reason: 'แจ้งหน่วยงานทางอีเมลแล้ว', email, deadline, releasesClaim: true }, scopes, now);

/** → remediated: the document is gone or no longer exposes anyone. */
export const remediated = (cases: CaseRepository, stored: StoredCase, reason: string, scopes: UnitScopes, now: Date): Promise<RecordedChange | undefined> =>
  moveCase(cases, stored, { from: ['open', 'notified', 'escalated'], to: 'remediated', reason }, scopes, now);

/** notified → escalated: still exposed after the deadline; the supervising office and the PDPC were told. */
export const escalated = (cases: CaseRepository, stored: StoredCase, email: SentEmail, scopes: UnitScopes, now: Date): Promise<RecordedChange | undefined> =>
  moveCase(cases, stored, { from: ['notified'], to: 'escalated', reason: 'ยังเปิดเผยอยู่หลังครบกำหนด แจ้งหน่วยงานกำกับดูแลและ สคส. แล้ว', email }, scopes, now);

/**
 * Makes a move with its figures; a concurrent change (new findings) is read again and the move
 * retried. Undefined when the move was made before, or the case has meanwhile left `from`.
 */
async function moveCase(cases: CaseRepository, stored: StoredCase, move: CaseMove, scopes: UnitScopes, now: Date): Promise<RecordedChange | undefined> {
  const marker = await own(cases, `transition#${stored.caseId}#${stored.openedAt}#${move.to}`, now);
  if (!marker) return undefined;
  const plan = marker.plan ?? movePlan(stored, move.to, now);
  await savePlan(cases, marker, plan);
  const made = await retrying(
    async () => {
      const write = moveWrite(await cases.get(stored.caseId), stored, move, now);
      if (write === 'made' || write === 'left') return write === 'made';
      return (await cases.write(write)) || TRY_AGAIN;
    },
    { attempts: WRITE_ATTEMPTS, exhausted: () => new Error(`case ${stored.caseId} changed under every attempt to move it to ${move.to}`) },
  );
  if (!made) {
    await cases.markDone(marker.id);
    return undefined;
  }
  await addFigures(cases, marker, plan, scopes, now);
  return plan;
}

/**
 * Takes a change's marker: a new one, or one whose change was interrupted long ago. Undefined
 * when the change was made before; ChangeInProgress when another invocation is making it.
 */
async function own(cases: CaseRepository, markerId: string, now: Date): Promise<ChangeMarker | undefined> {
  const previous = await cases.marker(markerId);
  if (previous?.status === 'done') return undefined;
  const change = markerId.split('#')[0];
  if (previous && Date.parse(previous.startedAt) > now.getTime() - STALE_MS) throw new ChangeInProgress(`${change} in progress elsewhere`);
  const marker: ChangeMarker = { ...previous, id: markerId, status: 'pending', startedAt: now.toISOString() };
  // Only one invocation takes it: the one that found it as it still is.
  if (!(await cases.takeMarker(marker, previous?.startedAt, new Date(now.getTime() + MARKER_DAYS * 86400_000)))) throw new ChangeInProgress(`${change} taken by another invocation`);
  return marker;
}

async function savePlan(cases: CaseRepository, marker: ChangeMarker, plan: RecordedScan): Promise<void> {
  if (marker.plan === plan) return;
  marker.plan = plan;
  await cases.savePlan(marker.id, plan);
}

/**
 * Adds the plan's figures to every scope of the unit that does not have them yet, noting each
 * on the marker: an interruption between the two writes is the one way a figure counts twice.
 */
async function addFigures(cases: CaseRepository, marker: ChangeMarker, plan: RecordedChange & Pick<RecordedScan, 'monthCounters'>, scopes: UnitScopes, now: Date): Promise<void> {
  const addsAny = Object.values(plan.counters).some((n) => n) || plan.remediationHours.length > 0;
  const day = thaiDay(now);
  // Each scope's day, and its month: a month or a year of figures is then read in one request.
  const ofMonth = plan.monthCounters ? { ...plan, counters: { ...plan.counters, ...plan.monthCounters } } : plan;
  const targets = scopeKeys(scopes).flatMap((scope) => [
    { scope, period: day, applied: scope, change: plan },
    { scope, period: monthKey(monthOf(day)), applied: `${scope} month`, change: ofMonth },
  ]);
  for (const { scope, period, applied, change } of addsAny ? targets : []) {
    if (marker.applied?.has(applied)) continue;
    await cases.addFigures(scope, period, change);
    await cases.markApplied(marker.id, applied);
  }
  await cases.markDone(marker.id);
}

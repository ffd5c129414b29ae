// Cases and their daily counters in DynamoDB, written so that at-least-once delivery changes
// nothing twice, with single-item conditional writes only (DynamoDB transactions would do it in
// one step, but no local DynamoDB server implements them). Each change has a marker item: it
// holds the figures the change adds and which scopes have them, so an interrupted change is
// resumed, not repeated. A case is written conditionally on its version as read; a concurrent
// writer makes the write fail, and the change is read again and retried.
import { createHash } from 'node:crypto';
import { type DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { ScannedCase } from '../cases/case.ts';
import { CASES_BY_STATE_INDEX, type Case, type CaseEvent, type CaseState, type DailyCounter, type SentEmail } from '../cases/model.ts';
import { thaiDay } from '../cases/report.ts';
import type { FindingsMessage } from '../findings-message.ts';
import { queryAll } from './dynamodb.ts';

/** Where a unit's figures are added up, besides its own: its province and kind, and all. */
export interface UnitScopes {
  unitId: string;
  province: string;
  kind: string;
}

export interface CaseTables {
  cases: string;
  metrics: string;
}

/** A stored case, with what keeps concurrent writers apart. */
export type StoredCase = Case & { version: number; noticeClaimedAt?: string };

/** What a findings message did to its case. */
export type ScanOutcome = 'duplicate' | 'opened' | 'reopened' | 'updated' | 'remediated' | 'none';

/** What a change added to the day's figures, and the hours each remediation took. */
export interface RecordedChange {
  counters: Partial<Record<DailyCounter, number>>;
  remediationHours: number[];
}

export interface RecordedScan extends RecordedChange {
  outcome: ScanOutcome;
}

/** Another invocation is making this change now: the message is retried later. */
export class ChangeInProgress extends Error {}

interface Marker {
  caseId: string;
  status: 'pending' | 'done';
  startedAt: string;
  plan?: RecordedScan;
  applied?: Set<string>;
}

// Markers expire: a repeat delivery comes within days, never months.
const MARKER_DAYS = 14;
// A change pending this long was interrupted (an invocation lasts minutes at most): resume it.
const STALE_MS = 15 * 60_000;
// A notice claimed this long ago and never marked sent was lost with its invocation.
const STALE_CLAIM_MS = 15 * 60_000;
const DUPLICATE: RecordedScan = { outcome: 'duplicate', counters: {}, remediationHours: [] };


const isConditionFailure = (err: unknown): boolean => (err as Error).name === 'ConditionalCheckFailedException';

export class CaseStore {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tables: CaseTables,
  ) {}

  async get(caseId: string): Promise<StoredCase | undefined> {
    const out = await this.db.send(new GetCommand({ TableName: this.tables.cases, Key: { caseId }, ConsistentRead: true }));
    return out.Item as StoredCase | undefined;
  }

  /** Cases in a state, oldest first (the `byState` index). */
  inState(state: CaseState): Promise<StoredCase[]> {
    return queryAll<StoredCase>(this.db, { TableName: this.tables.cases, IndexName: CASES_BY_STATE_INDEX, KeyConditionExpression: '#state = :state', ExpressionAttributeNames: { '#state': 'state' }, ExpressionAttributeValues: { ':state': state } });
  }

  /**
   * Records a findings message: its figures, and the case it opens, updates, reopens or
   * remediates. `scanned` is the case content when the document has leaks.
   */
  async recordScan(message: FindingsMessage, scanned: ScannedCase | undefined, caseId: string, scopes: UnitScopes, now: Date): Promise<RecordedScan> {
    const { document } = message;
    // Hashed: an object key may be named after a person's number, and this is a table key.
    const messageId = createHash('sha256').update(`${document.bucket}/${document.key}#${document.versionId ?? document.etag ?? ''}#${message.scannedAt}`).digest('hex');
    const marker = await this.own(`message#${messageId}`, now);
    if (!marker) return DUPLICATE;
    const base = document.status === 'scanned' ? scanCounters(message) : {};
    for (let attempt = 0; ; attempt++) {
      const change = caseChange(await this.get(caseId), scanned, message, now);
      // Resuming a record whose case was written before the interruption: its plan stands.
      const plan: RecordedScan =
        change.outcome === 'none' && marker.plan ? marker.plan : { outcome: change.outcome, counters: { ...base, ...change.counters }, remediationHours: change.remediationHours ?? [] };
      await this.savePlan(marker, plan);
      try {
        if (change.write) await change.write(this.db, this.tables.cases);
      } catch (err) {
        if (isConditionFailure(err) && attempt < 4) continue;
        throw err;
      }
      await this.addFigures(marker, plan, scopes, now);
      return plan;
    }
  }

  /** Takes the right to send an open case's notice; false when another run has it or sent it. */
  async claimNotice(caseId: string, now: Date): Promise<boolean> {
    try {
      await this.db.send(
        new UpdateCommand({
          TableName: this.tables.cases,
          Key: { caseId },
          UpdateExpression: 'SET noticeClaimedAt = :now',
          ConditionExpression: '#state = :open AND (attribute_not_exists(noticeClaimedAt) OR noticeClaimedAt < :stale)',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':now': now.toISOString(), ':open': 'open', ':stale': new Date(now.getTime() - STALE_CLAIM_MS).toISOString() },
        }),
      );
      return true;
    } catch (err) {
      if (isConditionFailure(err)) return false;
      throw err;
    }
  }

  /** Gives a claim back after a failed send, so that the retry may send. */
  async releaseNotice(caseId: string): Promise<void> {
    await this.db.send(new UpdateCommand({ TableName: this.tables.cases, Key: { caseId }, UpdateExpression: 'REMOVE noticeClaimedAt' }));
  }

  /** open → notified, with the e-mail that told the unit and the deadline it was given. */
  notified(stored: StoredCase, email: SentEmail, deadline: string, scopes: UnitScopes, now: Date): Promise<RecordedChange | undefined> {
    return this.transition(stored, ['open'], 'notified', 'แจ้งหน่วยงานทางอีเมลแล้ว', scopes, now, { email, deadline, removeClaim: true });
  }

  /** → remediated: the document is gone or no longer exposes anyone. */
  remediated(stored: StoredCase, reason: string, scopes: UnitScopes, now: Date): Promise<RecordedChange | undefined> {
    return this.transition(stored, ['open', 'notified', 'escalated'], 'remediated', reason, scopes, now, {});
  }

  /** notified → escalated: still exposed after the deadline; the supervising office and the PDPC were told. */
  escalated(stored: StoredCase, email: SentEmail, scopes: UnitScopes, now: Date): Promise<RecordedChange | undefined> {
    return this.transition(stored, ['notified'], 'escalated', 'ยังเปิดเผยอยู่หลังครบกำหนด แจ้งหน่วยงานกำกับดูแลและ สคส. แล้ว', scopes, now, { email });
  }

  /**
   * Moves a case from one of `from` to `to` with its figures, once per time the case was opened;
   * a concurrent change (new findings) is read again and the move retried. Undefined when the
   * move was made before, or the case has meanwhile left `from`.
   */
  private async transition(
    stored: StoredCase,
    from: readonly CaseState[],
    to: CaseState,
    reason: string,
    scopes: UnitScopes,
    now: Date,
    extra: { email?: SentEmail; deadline?: string; removeClaim?: boolean },
  ): Promise<RecordedChange | undefined> {
    const marker = await this.own(`transition#${stored.caseId}#${stored.openedAt}#${to}`, now);
    if (!marker) return undefined;
    const plan: RecordedScan = marker.plan ?? {
      outcome: 'none',
      counters: { [COUNTER_OF_STATE[to]]: 1 },
      remediationHours: to === 'remediated' ? [hoursBetween(stored.openedAt, now)] : [],
    };
    await this.savePlan(marker, plan);
    const event: CaseEvent = { state: to, at: now.toISOString(), reason };
    for (let attempt = 0; ; attempt++) {
      const current = await this.get(stored.caseId);
      // Moved already (by an interrupted run of this very change), or moved elsewhere.
      if (current?.state === to && current.openedAt === stored.openedAt) break;
      if (!current || !from.includes(current.state) || current.openedAt !== stored.openedAt) {
        await this.markDone(marker);
        return undefined;
      }
      const values: Record<string, unknown> = { ':to': to, ':event': [event], ':version': current.version, ':next': current.version + 1 };
      const sets = ['#state = :to', 'history = list_append(history, :event)', 'version = :next'];
      if (extra.email) {
        sets.push('emails = list_append(emails, :email)');
        values[':email'] = [extra.email];
      }
      if (extra.deadline) {
        sets.push('deadline = :deadline');
        values[':deadline'] = extra.deadline;
      }
      try {
        await this.db.send(
          new UpdateCommand({
            TableName: this.tables.cases,
            Key: { caseId: stored.caseId },
            UpdateExpression: `SET ${sets.join(', ')}${extra.removeClaim ? ' REMOVE noticeClaimedAt' : ''}`,
            ConditionExpression: 'version = :version',
            ExpressionAttributeNames: { '#state': 'state' },
            ExpressionAttributeValues: values,
          }),
        );
        break;
      } catch (err) {
        if (!isConditionFailure(err) || attempt >= 4) throw err;
      }
    }
    await this.addFigures(marker, plan, scopes, now);
    return plan;
  }

  /**
   * Takes a change's marker: a new one, or one whose change was interrupted long ago. Undefined
   * when the change was made before; ChangeInProgress when another invocation is making it.
   */
  private async own(markerId: string, now: Date): Promise<Marker | undefined> {
    const previous = (await this.db.send(new GetCommand({ TableName: this.tables.cases, Key: { caseId: markerId }, ConsistentRead: true }))).Item as Marker | undefined;
    if (previous?.status === 'done') return undefined;
    if (previous && Date.parse(previous.startedAt) > now.getTime() - STALE_MS) throw new ChangeInProgress(`${markerId.split('#')[0]} in progress elsewhere`);
    const marker: Marker = { ...previous, caseId: markerId, status: 'pending', startedAt: now.toISOString() };
    try {
      await this.db.send(
        new PutCommand({
          TableName: this.tables.cases,
          Item: { ...marker, expiresAt: Math.floor(now.getTime() / 1000) + MARKER_DAYS * 86400 },
          // Only one invocation takes it: the one that found it as it still is.
          ...(previous
            ? { ConditionExpression: 'startedAt = :seen', ExpressionAttributeValues: { ':seen': previous.startedAt } }
            : { ConditionExpression: 'attribute_not_exists(caseId)' }),
        }),
      );
    } catch (err) {
      if (isConditionFailure(err)) throw new ChangeInProgress(`${markerId.split('#')[0]} taken by another invocation`);
      throw err;
    }
    return marker;
  }

  private async savePlan(marker: Marker, plan: RecordedScan): Promise<void> {
    if (marker.plan === plan) return;
    marker.plan = plan;
    await this.db.send(new UpdateCommand({ TableName: this.tables.cases, Key: { caseId: marker.caseId }, UpdateExpression: 'SET #plan = :plan', ExpressionAttributeNames: { '#plan': 'plan' }, ExpressionAttributeValues: { ':plan': plan } }));
  }

  /**
   * Adds the plan's figures to every scope of the unit that does not have them yet, noting each
   * on the marker: an interruption between the two writes is the one way a figure counts twice.
   */
  private async addFigures(marker: Marker, plan: RecordedChange, scopes: UnitScopes, now: Date): Promise<void> {
    const update = counterUpdate(plan);
    const day = thaiDay(now);
    for (const scope of update ? ['all', `unit#${scopes.unitId}`, `province#${scopes.province}`, `kind#${scopes.kind}`] : []) {
      if (marker.applied?.has(scope)) continue;
      await this.db.send(new UpdateCommand({ TableName: this.tables.metrics, Key: { scope, day }, ...update }));
      await this.db.send(new UpdateCommand({ TableName: this.tables.cases, Key: { caseId: marker.caseId }, UpdateExpression: 'ADD applied :scope', ExpressionAttributeValues: { ':scope': new Set([scope]) } }));
    }
    await this.markDone(marker);
  }

  private async markDone(marker: Marker): Promise<void> {
    await this.db.send(new UpdateCommand({ TableName: this.tables.cases, Key: { caseId: marker.caseId }, UpdateExpression: 'SET #status = :done', ExpressionAttributeNames: { '#status': 'status' }, ExpressionAttributeValues: { ':done': 'done' } }));
  }
}

/** The update that adds a change's figures to a day's counters, or none when it adds nothing. */
function counterUpdate({ counters, remediationHours }: RecordedChange): Pick<ConstructorParameters<typeof UpdateCommand>[0], 'UpdateExpression' | 'ExpressionAttributeNames' | 'ExpressionAttributeValues'> | undefined {
  const added = Object.entries(counters).filter(([, n]) => n);
  if (added.length === 0 && remediationHours.length === 0) return undefined;
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const adds = added.map(([name, n], i) => {
    names[`#c${i}`] = name;
    values[`:c${i}`] = n;
    return `#c${i} :c${i}`;
  });
  let expression = adds.length ? `ADD ${adds.join(', ')}` : '';
  if (remediationHours.length > 0) {
    expression += ' SET RemediationHours = list_append(if_not_exists(RemediationHours, :empty), :hours)';
    values[':empty'] = [];
    values[':hours'] = remediationHours;
  }
  return { UpdateExpression: expression.trim(), ...(adds.length > 0 && { ExpressionAttributeNames: names }), ExpressionAttributeValues: values };
}

const COUNTER_OF_STATE: Record<CaseState, DailyCounter> = { open: 'CasesOpened', notified: 'CasesNotified', remediated: 'CasesRemediated', escalated: 'CasesEscalated' };

const hoursBetween = (from: string, to: Date): number => Math.round(((to.getTime() - Date.parse(from)) / 3600_000) * 10) / 10;

/** What one scanned document adds to the day's figures. */
function scanCounters({ counts }: FindingsMessage): Partial<Record<DailyCounter, number>> {
  const { national_id: id, phone, laser_code: laser } = counts.byTypeAndStatus;
  return {
    DocumentsScanned: 1,
    DocumentsWithLeaks: counts.leaks > 0 ? 1 : 0,
    ExposedNationalIds: id.unmasked + id.insufficient,
    ExposedPhones: phone.unmasked + phone.insufficient,
    ExposedLaserCodes: laser.unmasked + laser.insufficient,
    MaskedIdentifiers: id.masked + phone.masked + laser.masked,
    UnreadableFindings: id.unreadable + phone.unreadable + laser.unreadable,
  };
}

interface CaseChange {
  outcome: ScanOutcome;
  /** Writes the case's new content, conditionally on what was read. */
  write?: (db: DynamoDBDocumentClient, table: string) => Promise<unknown>;
  counters?: Partial<Record<DailyCounter, number>>;
  remediationHours?: number[];
}

/** How a scan changes the case as it is now (undefined: no case yet). */
function caseChange(current: StoredCase | undefined, scanned: ScannedCase | undefined, message: FindingsMessage, now: Date): CaseChange {
  // An unreadable document says nothing about its case; an older scan arriving late neither.
  if (message.document.status !== 'scanned' || (current && current.scannedAt >= message.scannedAt)) return { outcome: 'none' };
  const at = now.toISOString();
  if (!current) {
    if (!scanned) return { outcome: 'none' };
    const opened: StoredCase = { ...scanned, state: 'open', openedAt: at, history: [{ state: 'open', at, reason: 'พบข้อมูลส่วนบุคคลที่ไม่ได้ปิดบัง' }], emails: [], version: 1 };
    return {
      outcome: 'opened',
      counters: { CasesOpened: 1 },
      write: (db, table) => db.send(new PutCommand({ TableName: table, Item: opened, ConditionExpression: 'attribute_not_exists(caseId)' })),
    };
  }
  const guard = { ConditionExpression: 'version = :version', ExpressionAttributeNames: { '#state': 'state' } };
  const versions = { ':version': current.version, ':next': current.version + 1 };
  if (!scanned) {
    if (current.state === 'remediated') return { outcome: 'none' };
    const event: CaseEvent = { state: 'remediated', at, reason: 'สแกนเอกสารฉบับใหม่แล้วไม่พบข้อมูลที่เปิดเผย' };
    return {
      outcome: 'remediated',
      counters: { CasesRemediated: 1 },
      remediationHours: [hoursBetween(current.openedAt, now)],
      write: (db, table) =>
        db.send(new UpdateCommand({
          TableName: table,
          Key: { caseId: current.caseId },
          UpdateExpression: 'SET #state = :state, history = list_append(history, :event), scannedAt = :scannedAt, version = :next',
          ExpressionAttributeValues: { ...versions, ':state': 'remediated', ':event': [event], ':scannedAt': message.scannedAt },
          ...guard,
        })),
    };
  }
  const { caseId: _id, ...content } = scanned;
  if (current.state === 'remediated') {
    // Exposed again: a new case state, so a new notice.
    const event: CaseEvent = { state: 'open', at, reason: 'พบข้อมูลที่เปิดเผยอีกครั้ง' };
    const reopened: StoredCase = { ...current, ...content, state: 'open', openedAt: at, history: [...current.history, event], version: current.version + 1 };
    delete reopened.deadline;
    return {
      outcome: 'reopened',
      counters: { CasesOpened: 1 },
      write: (db, table) => db.send(new PutCommand({ TableName: table, Item: reopened, ConditionExpression: 'version = :version', ExpressionAttributeValues: { ':version': current.version } })),
    };
  }
  const sets = Object.keys(content).map((_name, i) => `#f${i} = :f${i}`);
  const names = Object.fromEntries(Object.keys(content).map((name, i) => [`#f${i}`, name]));
  const values = Object.fromEntries(Object.values(content).map((value, i) => [`:f${i}`, value]));
  return {
    outcome: 'updated',
    write: (db, table) =>
      db.send(new UpdateCommand({
        TableName: table,
        Key: { caseId: current.caseId },
        UpdateExpression: `SET ${sets.join(', ')}, version = :next${content.findingsTruncated ? '' : ' REMOVE findingsTruncated'}`,
        ConditionExpression: 'version = :version',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: { ...values, ...versions },
      })),
  };
}


// The CaseRepository port in memory, with the conditions DynamoDB's conditional writes enforce, and
// writers that get there first on demand: the case rules tested with no server.
import type { MetricsItem, StoredCase } from '../../shared/cases/model.ts';
import type { CaseRepository, CaseWrite, ChangeMarker, FirstCount, RecordedChange, RecordedScan } from '../../shared/cases/repository.ts';

export class MemoryCaseRepository implements CaseRepository {
  readonly cases = new Map<string, StoredCase>();
  readonly markers = new Map<string, ChangeMarker & { expiresAt: Date }>();
  /** By `<scope> <day>`. */
  readonly figures = new Map<string, MetricsItem>();
  /** Each subject (document, unit) counted in a period (`<subject> <period>`): the message that counted it, and the one that found it leaking. */
  readonly documents = new Map<string, { countedBy: string; leakedBy?: string }>();
  /** How many of the next case writes another writer gets to first. */
  conflicts = 0;
  /** Every case write asked for, refused or not. */
  readonly writes: CaseWrite[] = [];

  async get(caseId: string): Promise<StoredCase | undefined> {
    return structuredClone(this.cases.get(caseId));
  }

  async inState(state: StoredCase['state']): Promise<StoredCase[]> {
    return [...this.cases.values()].filter((c) => c.state === state).sort((a, b) => a.openedAt.localeCompare(b.openedAt));
  }

  async write(change: CaseWrite): Promise<boolean> {
    this.writes.push(structuredClone(change));
    if (this.conflicts > 0) {
      this.conflicts--;
      return false;
    }
    if (change.kind === 'create') {
      if (this.cases.has(change.case.caseId)) return false;
      this.cases.set(change.case.caseId, structuredClone(change.case));
      return true;
    }
    const caseId = change.kind === 'replace' ? change.case.caseId : change.caseId;
    const current = this.cases.get(caseId);
    if (current?.version !== change.readVersion) return false;
    if (change.kind === 'replace') {
      this.cases.set(caseId, structuredClone(change.case));
      return true;
    }
    const updated: StoredCase = { ...current, ...structuredClone(change.set), version: change.readVersion + 1 };
    if (change.append.history) updated.history = [...current.history, ...change.append.history];
    if (change.append.emails) updated.emails = [...current.emails, ...change.append.emails];
    for (const name of change.remove) delete updated[name];
    this.cases.set(caseId, updated);
    return true;
  }

  async claimNotice(caseId: string, at: Date, staleBefore: Date): Promise<boolean> {
    const stored = this.cases.get(caseId);
    if (stored?.state !== 'open' || (stored.noticeClaimedAt && stored.noticeClaimedAt >= staleBefore.toISOString())) return false;
    stored.noticeClaimedAt = at.toISOString();
    return true;
  }

  async countOnce(subject: string, period: string, messageId: string, leaking: boolean): Promise<FirstCount> {
    const id = `${subject} ${period}`;
    const seen = this.documents.get(id) ?? { countedBy: messageId };
    this.documents.set(id, seen);
    const counted = seen.countedBy === messageId;
    if (leaking) seen.leakedBy ??= messageId;
    return { counted, leaked: leaking && seen.leakedBy === messageId };
  }

  async releaseNotice(caseId: string): Promise<void> {
    delete this.cases.get(caseId)?.noticeClaimedAt;
  }

  async marker(markerId: string): Promise<ChangeMarker | undefined> {
    const stored = this.markers.get(markerId);
    if (!stored) return undefined;
    const { expiresAt: _expiresAt, ...marker } = structuredClone(stored);
    return marker;
  }

  async takeMarker(marker: ChangeMarker, seenStartedAt: string | undefined, expiresAt: Date): Promise<boolean> {
    if (this.markers.get(marker.id)?.startedAt !== seenStartedAt) return false;
    this.markers.set(marker.id, { ...structuredClone(marker), expiresAt });
    return true;
  }

  async savePlan(markerId: string, plan: RecordedScan): Promise<void> {
    this.markers.get(markerId)!.plan = structuredClone(plan);
  }

  async addFigures(scope: string, day: string, { counters, remediationHours }: RecordedChange): Promise<void> {
    const item = this.figures.get(`${scope} ${day}`) ?? { scope, day };
    for (const [name, n] of Object.entries(counters) as Array<[keyof typeof counters, number]>) if (n) item[name] = (item[name] ?? 0) + n;
    if (remediationHours.length > 0) item.RemediationHours = [...(item.RemediationHours ?? []), ...remediationHours];
    this.figures.set(`${scope} ${day}`, item);
  }

  async markApplied(markerId: string, scope: string): Promise<void> {
    const marker = this.markers.get(markerId)!;
    marker.applied = new Set([...(marker.applied ?? []), scope]);
  }

  async markDone(markerId: string): Promise<void> {
    this.markers.get(markerId)!.status = 'done';
  }
}

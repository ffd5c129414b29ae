// Cases and their daily counters in DynamoDB: the CaseRepository that shared/cases/transitions.ts
// changes cases through. Single-item conditional writes only (DynamoDB transactions would make a
// change in one step, but no local DynamoDB server implements them); a change's marker is an item
// of the cases table, under its own key, that expires.
import { type DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, UpdateCommand, type UpdateCommandInput } from '@aws-sdk/lib-dynamodb';
import { CASE_SUMMARY_FIELDS, type CaseFilter, type CaseSummaryItem, caseListIndex, decodeCursor, encodeCursor, matchesFilter } from '../cases/case-list.ts';
import { CASES_BY_STATE_INDEX, type CaseState, type StoredCase, type UnitLookup, caseListing, unitScopes } from '../cases/model.ts';
import type { CaseRepository, CaseWrite, ChangeMarker, FirstCount, RecordedChange, RecordedScan } from '../cases/repository.ts';
import { queryAll, scanItems } from './dynamodb.ts';

export interface CaseTables {
  cases: string;
  metrics: string;
}

/** A marker as the cases table holds it: keyed like a case, with when it expires (epoch seconds, the table's TTL). */
type MarkerItem = Omit<ChangeMarker, 'id'> & { caseId: string; expiresAt: number };

export class CaseStore implements CaseRepository {
  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly tables: CaseTables,
  ) {}

  async get(caseId: string): Promise<StoredCase | undefined> {
    const out = await this.db.send(new GetCommand({ TableName: this.tables.cases, Key: { caseId }, ConsistentRead: true }));
    return out.Item as StoredCase | undefined;
  }

  /**
   * A page of the dashboard's list: newest first, from the narrowest index the filter names, in at
   * most `maxRequests` queries. A page may come back short of `limit` with a cursor when the
   * filter matches few of the cases read: the next page goes on from there.
   */
  async listCases(filter: CaseFilter, page: { limit: number; cursor?: string; maxRequests: number; now: Date }): Promise<{ cases: CaseSummaryItem[]; next: string | null; requests: number }> {
    const { index, key, value } = caseListIndex(filter);
    const names = Object.fromEntries(CASE_SUMMARY_FIELDS.map((field, i) => [`#f${i}`, field]));
    const range =
      filter.openedFrom && filter.openedBefore ? ' AND #opened BETWEEN :from AND :before' : filter.openedFrom ? ' AND #opened >= :from' : filter.openedBefore ? ' AND #opened < :before' : '';
    const params = {
      TableName: this.tables.cases,
      IndexName: index,
      KeyConditionExpression: `#key = :value${range}`,
      ProjectionExpression: Object.keys(names).join(', '),
      ExpressionAttributeNames: { ...names, '#key': key, ...(range && { '#opened': 'openedAt' }) },
      ExpressionAttributeValues: { ':value': value, ...(filter.openedFrom && { ':from': filter.openedFrom }), ...(filter.openedBefore && { ':before': filter.openedBefore }) },
      ScanIndexForward: false,
      // Enough to fill a page when most cases match, without reading far past it.
      Limit: Math.max(page.limit * 2, 100),
    };
    const cases: CaseSummaryItem[] = [];
    let start: Record<string, unknown> | undefined = page.cursor ? decodeCursor(page.cursor, index).after : undefined;
    let requests = 0;
    while (requests < page.maxRequests) {
      const out = await this.db.send(new QueryCommand({ ...params, ExclusiveStartKey: start }));
      requests++;
      for (const item of (out.Items ?? []) as CaseSummaryItem[]) {
        if (!matchesFilter(item, filter, page.now)) continue;
        cases.push(item);
        // Full: the next page starts after this case.
        if (cases.length === page.limit) return { cases, next: encodeCursor({ index, after: { caseId: item.caseId, [key]: value, openedAt: item.openedAt } }), requests };
      }
      start = out.LastEvaluatedKey;
      if (!start) return { cases, next: null, requests };
    }
    return { cases, next: encodeCursor({ index, after: start as Record<string, string> }), requests };
  }

  /** Cases in a state, oldest first (the `byState` index). */
  inState(state: CaseState): Promise<StoredCase[]> {
    return queryAll<StoredCase>(this.db, {
      TableName: this.tables.cases,
      IndexName: CASES_BY_STATE_INDEX,
      KeyConditionExpression: '#state = :state',
      ExpressionAttributeNames: { '#state': 'state' },
      ExpressionAttributeValues: { ':state': state },
    });
  }

  write(change: CaseWrite): Promise<boolean> {
    const TableName = this.tables.cases;
    switch (change.kind) {
      case 'create':
        return conditional(this.db.send(new PutCommand({ TableName, Item: change.case, ConditionExpression: 'attribute_not_exists(caseId)' })));
      case 'replace':
        return conditional(this.db.send(new PutCommand({ TableName, Item: change.case, ConditionExpression: 'version = :version', ExpressionAttributeValues: { ':version': change.readVersion } })));
      case 'update':
        return conditional(this.db.send(new UpdateCommand({ TableName, Key: { caseId: change.caseId }, ...caseUpdate(change) })));
    }
  }

  claimNotice(caseId: string, at: Date, staleBefore: Date): Promise<boolean> {
    return conditional(
      this.db.send(
        new UpdateCommand({
          TableName: this.tables.cases,
          Key: { caseId },
          UpdateExpression: 'SET noticeClaimedAt = :now',
          ConditionExpression: '#state = :open AND (attribute_not_exists(noticeClaimedAt) OR noticeClaimedAt < :stale)',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':now': at.toISOString(), ':open': 'open', ':stale': staleBefore.toISOString() },
        }),
      ),
    );
  }

  async releaseNotice(caseId: string): Promise<void> {
    await this.db.send(new UpdateCommand({ TableName: this.tables.cases, Key: { caseId }, UpdateExpression: 'REMOVE noticeClaimedAt' }));
  }

  async marker(markerId: string): Promise<ChangeMarker | undefined> {
    const item = (await this.db.send(new GetCommand({ TableName: this.tables.cases, Key: { caseId: markerId }, ConsistentRead: true }))).Item as MarkerItem | undefined;
    if (!item) return undefined;
    const { caseId, expiresAt: _expiresAt, ...marker } = item;
    return { ...marker, id: caseId };
  }

  takeMarker({ id, ...marker }: ChangeMarker, seenStartedAt: string | undefined, expiresAt: Date): Promise<boolean> {
    const item: MarkerItem = { ...marker, caseId: id, expiresAt: Math.floor(expiresAt.getTime() / 1000) };
    return conditional(
      this.db.send(
        new PutCommand({
          TableName: this.tables.cases,
          Item: item,
          ...(seenStartedAt === undefined
            ? { ConditionExpression: 'attribute_not_exists(caseId)' }
            : { ConditionExpression: 'startedAt = :seen', ExpressionAttributeValues: { ':seen': seenStartedAt } }),
        }),
      ),
    );
  }

  async savePlan(markerId: string, plan: RecordedScan): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tables.cases,
        Key: { caseId: markerId },
        UpdateExpression: 'SET #plan = :plan',
        ExpressionAttributeNames: { '#plan': 'plan' },
        ExpressionAttributeValues: { ':plan': plan },
      }),
    );
  }

  async countOnce(subject: string, period: string, messageId: string, leaking: boolean, expiresAt: Date): Promise<FirstCount> {
    const Key = { caseId: `counted#${subject}#${period}` };
    const claim = (attribute: string) =>
      conditional(
        this.db.send(
          new UpdateCommand({
            TableName: this.tables.cases,
            Key,
            // Taken by this message, now or on an earlier attempt.
            UpdateExpression: 'SET #by = :message, expiresAt = :expires',
            ConditionExpression: 'attribute_not_exists(#by) OR #by = :message',
            ExpressionAttributeNames: { '#by': attribute },
            ExpressionAttributeValues: { ':message': messageId, ':expires': Math.floor(expiresAt.getTime() / 1000) },
          }),
        ),
      );
    const counted = await claim('countedBy');
    return { counted, leaked: leaking && (await claim('leakedBy')) };
  }

  async addFigures(scope: string, day: string, change: RecordedChange): Promise<void> {
    const update = counterUpdate(change);
    if (update) await this.db.send(new UpdateCommand({ TableName: this.tables.metrics, Key: { scope, day }, ...update }));
  }

  async markApplied(markerId: string, scope: string): Promise<void> {
    await this.db.send(
      new UpdateCommand({ TableName: this.tables.cases, Key: { caseId: markerId }, UpdateExpression: 'ADD applied :scope', ExpressionAttributeValues: { ':scope': new Set([scope]) } }),
    );
  }

  async markDone(markerId: string): Promise<void> {
    await this.db.send(
      new UpdateCommand({
        TableName: this.tables.cases,
        Key: { caseId: markerId },
        UpdateExpression: 'SET #status = :done',
        ExpressionAttributeNames: { '#status': 'status' },
        ExpressionAttributeValues: { ':done': 'done' },
      }),
    );
  }
}

type UpdateParts = Pick<UpdateCommandInput, 'UpdateExpression' | 'ConditionExpression' | 'ExpressionAttributeNames' | 'ExpressionAttributeValues'>;

/** True when written; false when its condition failed (another writer was first). */
async function conditional(write: Promise<unknown>): Promise<boolean> {
  try {
    await write;
    return true;
  } catch (err) {
    if ((err as Error).name === 'ConditionalCheckFailedException') return false;
    throw err;
  }
}

/** A case update as DynamoDB expressions, each attribute under its own name (`#state`, `:state`). */
function caseUpdate({ readVersion, set, append, remove }: Extract<CaseWrite, { kind: 'update' }>): UpdateParts {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = { ':version': readVersion, ':next': readVersion + 1 };
  const name = (attribute: string): string => {
    names[`#${attribute}`] = attribute;
    return `#${attribute}`;
  };
  const value = (attribute: string, given: unknown): string => {
    values[`:${attribute}`] = given;
    return `:${attribute}`;
  };
  const sets = [
    ...Object.entries(set)
      .filter(([, given]) => given !== undefined)
      .map(([attribute, given]) => `${name(attribute)} = ${value(attribute, given)}`),
    ...Object.entries(append).map(([attribute, items]) => `${name(attribute)} = list_append(${name(attribute)}, ${value(attribute, items)})`),
    'version = :next',
  ];
  const removes = remove.map(name);
  return {
    UpdateExpression: `SET ${sets.join(', ')}${removes.length > 0 ? ` REMOVE ${removes.join(', ')}` : ''}`,
    ConditionExpression: 'version = :version',
    ExpressionAttributeNames: names,
    ExpressionAttributeValues: values,
  };
}

/** The update that adds a change's figures to a day's counters, or none when it adds nothing. */
function counterUpdate({ counters, remediationHours }: RecordedChange): Omit<UpdateParts, 'ConditionExpression'> | undefined {
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

/**
 * Cases kept from a version that did not list them (no unit name, kind, province): listed now, as
 * the notify function lists each case it writes, so that the dashboard's list finds them.
 */
export async function listEarlierCases(db: DynamoDBDocumentClient, table: string, units: UnitLookup): Promise<void> {
  const unlisted = (await scanItems<StoredCase>(db, table)).filter((c) => c.state && !c.listing);
  for (const c of unlisted) {
    const unit = await units.get(c.unitId);
    const { unitName, kind, province, listing } = caseListing(unitScopes(c.unitId, unit), unit);
    await db.send(
      new UpdateCommand({
        TableName: table,
        Key: { caseId: c.caseId },
        UpdateExpression: 'SET listing = :listing, kind = :kind, province = :province, unitName = :name',
        ExpressionAttributeValues: { ':listing': listing, ':kind': kind, ':province': province, ':name': unitName },
      }),
    );
  }
}

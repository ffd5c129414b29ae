// A local stack's state kept from an earlier version: a cases table that lacks an index is built
// again with its items (createTableIfMissing, as startLocalAws calls it), and cases stored before
// they were listed get their unit's name, kind and province and their `listing` (listEarlierCases),
// so that the dashboard's index of all cases finds them.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DescribeTableCommand, waitUntilTableExists } from '@aws-sdk/client-dynamodb';
import { afterEach, describe, expect, it } from 'vitest';
import { type LocalAws, startLocalAws } from '../../local/aws-servers.ts';
import { listEarlierCases } from '../../shared/aws/case-store.ts';
import { documentClient, getItem, putItems, queryAll, scanItems } from '../../shared/aws/dynamodb.ts';
import { CASE_INDEXES, CASE_LISTING, CASES_BY_OPENING_INDEX, type UnitLookup } from '../../shared/cases/model.ts';
import type { Unit } from '../../shared/units.ts';

// Two cases as an earlier version stored them (no unit name, kind, province or listing), and a
// change's marker, which is keyed like a case but has no state.
const EARLIER_CASES = [
  { caseId: 'case-known', unitId: 'tambon-a', state: 'notified', openedAt: '2026-11-02T03:00:00.000Z', documentId: 'https://www.tambon-a.go.th/list.pdf' },
  { caseId: 'case-unknown', unitId: 'gone-unit', state: 'open', openedAt: '2026-11-03T03:00:00.000Z', documentId: 'https://www.gone.go.th/list.pdf' },
];
const MARKER = { caseId: 'marker#case-known#1' };
const UNITS: Unit[] = [{ id: 'tambon-a', name: 'องค์การบริหารส่วนตำบลทดสอบ', kind: 'อบต.', province: 'ชัยภูมิ', websites: [], hosts: [], contactEmails: ['dpo@tambon-a.go.th'] }];
const units: UnitLookup = { get: async (id) => UNITS.find((unit) => unit.id === id) };

let directory: string;
let aws: LocalAws | undefined;
afterEach(async () => {
  await aws?.stop();
  aws = undefined;
  rmSync(directory, { recursive: true, force: true });
});

/**
 * The local servers on the directory, with the cases table and these indexes. A new table may still
 * be CREATING when startLocalAws returns (dynalite makes it ACTIVE a moment later): the cases put
 * here wait for it.
 */
async function start(indexes: Record<string, [string, string]>): Promise<LocalAws> {
  aws = await startLocalAws({ directory, tables: { cases: ['caseId'] }, indexes: { cases: indexes } });
  await waitUntilTableExists({ client: aws.dynamodb, maxWaitTime: 10, minDelay: 1 }, { TableName: 'cases' });
  return aws;
}

describe('a cases table kept from an earlier version', () => {
  it('is built again with every index, keeping its cases and markers', async () => {
    directory = mkdtempSync(join(tmpdir(), 'leakscan-upgrade-'));
    const earlier = await start({ byState: ['state', 'openedAt'] });
    await putItems(documentClient(earlier.dynamodb), 'cases', [...EARLIER_CASES, MARKER]);
    await earlier.stop();
    aws = undefined;

    const now = await start(CASE_INDEXES);
    const { Table } = await now.dynamodb.send(new DescribeTableCommand({ TableName: 'cases' }));
    expect((Table?.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName).sort()).toEqual(Object.keys(CASE_INDEXES).sort());
    const items = await scanItems<Record<string, unknown>>(documentClient(now.dynamodb), 'cases');
    expect(items.sort((a, b) => String(a.caseId).localeCompare(String(b.caseId)))).toEqual([...EARLIER_CASES, MARKER].sort((a, b) => a.caseId.localeCompare(b.caseId)));
  });

  it('lists its cases with their unit (unassigned when unregistered), leaves markers alone, and the index of all cases finds them', async () => {
    directory = mkdtempSync(join(tmpdir(), 'leakscan-upgrade-'));
    const db = documentClient((await start(CASE_INDEXES)).dynamodb);
    await putItems(db, 'cases', [...EARLIER_CASES, MARKER]);

    await listEarlierCases(db, 'cases', units);

    expect(await getItem(db, 'cases', { caseId: 'case-known' })).toEqual({ ...EARLIER_CASES[0], unitName: 'องค์การบริหารส่วนตำบลทดสอบ', kind: 'อบต.', province: 'ชัยภูมิ', listing: CASE_LISTING });
    expect(await getItem(db, 'cases', { caseId: 'case-unknown' })).toEqual({ ...EARLIER_CASES[1], unitName: null, kind: 'unassigned', province: 'unassigned', listing: CASE_LISTING });
    expect(await getItem(db, 'cases', { caseId: MARKER.caseId })).toEqual(MARKER);
    const listed = await queryAll<{ caseId: string }>(db, {
      TableName: 'cases',
      IndexName: CASES_BY_OPENING_INDEX,
      KeyConditionExpression: 'listing = :listing',
      ExpressionAttributeValues: { ':listing': CASE_LISTING },
      ScanIndexForward: false,
    });
    expect(listed.map((c) => c.caseId)).toEqual(['case-unknown', 'case-known']);
  });
});

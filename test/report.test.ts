// The metrics report: its aggregation (sums, rates, medians, grouping and order), its CSV and day
// arguments, and `leakscan report` against a metrics table with its byDay index in dynalite.
import { CreateTableCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseDay } from '../cli/arguments.ts';
import { toCsv } from '../cli/report-command.ts';
import { thaiDay } from '../shared/cases/report.ts';
import { documentClient, putItems, queryAll } from '../shared/aws/dynamodb.ts';
import { DAILY_COUNTERS, METRICS_BY_DAY_INDEX, type MetricsItem } from '../shared/cases/model.ts';
import { addDays, aggregateGroup, daysBetween, median, percentage, reportRows, totalRow } from '../shared/cases/report.ts';
import { runLeakscan } from './leakscan-process.ts';
import { type LocalAws, startLocalAws } from '../local/aws-servers.ts';

/**
 * A metrics item; `counts` in the order of DAILY_COUNTERS: scanned, with leaks, exposed IDs,
 * phones, laser codes, masked, cases opened, notified, remediated, escalated, unreadable, checks
 * run, checks with leaks (the counters left out are missing).
 */
function metrics(scope: string, day: string, counts: number[], remediationHours?: number[]): MetricsItem {
  return { scope, day, ...Object.fromEntries(counts.map((count, i) => [DAILY_COUNTERS[i], count])), ...(remediationHours && { RemediationHours: remediationHours }) };
}

const EMPTY_ROW = {
  documentsScanned: 0,
  documentsWithLeaks: 0,
  leakRatePercent: null,
  exposedNationalIds: 0,
  exposedPhones: 0,
  exposedLaserCodes: 0,
  maskedIdentifiers: 0,
  maskingCompliancePercent: null,
  unreadableFindings: 0,
  casesOpened: 0,
  casesNotified: 0,
  casesRemediated: 0,
  casesEscalated: 0,
  medianRemediationHours: null,
  checksRun: 0,
  checksWithLeaks: 0,
  checksMasked: 0,
  unitsChecked: 0,
  unitsWithLeaks: 0,
};

describe('report aggregation', () => {
  it('takes the median of an odd count, the mean of the middle two of an even one, and none of nothing', () => {
    expect(median([])).toBeNull();
    expect(median([7])).toBe(7);
    expect(median([30, 4, 10])).toBe(10);
    const values = [40, 1, 3, 2];
    expect(median(values)).toBe(2.5);
    expect(values).toEqual([40, 1, 3, 2]);
  });

  it('gives percentages with one decimal, none of a whole of 0', () => {
    expect(percentage(1, 3)).toBe(33.3);
    expect(percentage(2, 3)).toBe(66.7);
    expect(percentage(0, 5)).toBe(0);
    expect(percentage(0, 0)).toBeNull();
  });

  it('sums every counter of a group (a missing one is 0) and derives the rates and the median hours', () => {
    const items = [
      metrics('all', '2024-05-01', [10, 4, 6, 2, 1, 3, 4, 3, 1, 0, 2, 4, 1], [10, 2.5]),
      metrics('all', '2024-05-02', [20, 2, 1, 1, 0, 8, 2, 2, 2, 1, 3, 2, 0], [4.6, 30]),
      { scope: 'all', day: '2024-05-03', DocumentsScanned: 3 },
    ];
    expect(aggregateGroup('total', items)).toEqual({
      group: 'total',
      documentsScanned: 33,
      documentsWithLeaks: 6,
      leakRatePercent: 18.2,
      exposedNationalIds: 7,
      exposedPhones: 3,
      exposedLaserCodes: 1,
      maskedIdentifiers: 11,
      // Apart from the masking rate: not read, so neither masked nor exposed.
      maskingCompliancePercent: 50,
      unreadableFindings: 5,
      casesOpened: 6,
      casesNotified: 5,
      casesRemediated: 3,
      casesEscalated: 1,
      medianRemediationHours: 7.3,
      // Apart from the leak rate: drafts, not published.
      checksRun: 6,
      checksWithLeaks: 1,
      checksMasked: 0,
      unitsChecked: 0,
      unitsWithLeaks: 0,
    });
  });

  it('gives an empty group zeros and no rates or median', () => {
    expect(aggregateGroup('2024-05-04', [])).toEqual({ group: '2024-05-04', ...EMPTY_ROW });
    expect(aggregateGroup('x', [{ scope: 'all', day: '2024-05-04', DocumentsScanned: 4, RemediationHours: [] }])).toMatchObject({
      leakRatePercent: 0,
      maskingCompliancePercent: null,
      medianRemediationHours: null,
    });
  });

  const items = [
    metrics('all', '2024-05-02', [5, 1, 1, 0, 0, 1, 1, 1, 0, 1]),
    metrics('all', '2024-05-01', [30, 6, 7, 3, 1, 11, 6, 5, 3, 0], [10, 4, 30]),
    metrics('unit#a', '2024-05-01', [10, 4, 6, 2, 1, 3, 4, 3, 1, 0], [10]),
    metrics('unit#b', '2024-05-01', [20, 2, 1, 1, 0, 8, 2, 2, 2, 0], [4, 30]),
    metrics('unit#c', '2024-05-01', [0, 0, 0, 0, 0, 0, 0, 0, 0, 0]),
    metrics('unit#d', '2024-05-01', [20, 2, 0, 0, 0, 0, 0, 0, 0, 0]),
    metrics('unit#a', '2024-05-02', [5, 1, 1, 0, 0, 1, 1, 1, 0, 1]),
    metrics('province#ชัยภูมิ', '2024-05-01', [10, 4, 6, 2, 1, 3, 4, 3, 1, 0], [10]),
  ];

  it('groups per day from the scope all, every day of the range in order, a day without metrics empty', () => {
    const rows = reportRows(items, 'day', daysBetween('2024-05-01', '2024-05-03'));
    expect(rows.map((row) => [row.group, row.documentsScanned, row.leakRatePercent, row.medianRemediationHours])).toEqual([
      ['2024-05-01', 30, 20, 10],
      ['2024-05-02', 5, 20, null],
      ['2024-05-03', 0, null, null],
    ]);
    expect(rows[2]).toEqual({ group: '2024-05-03', ...EMPTY_ROW });
  });

  it('groups per unit, province or kind by the scope after its prefix, highest leak rate first, nothing scanned last, ties by name', () => {
    const units = reportRows(items, 'unit', []);
    expect(units.map((row) => [row.group, row.leakRatePercent])).toEqual([
      ['a', 33.3],
      ['b', 10],
      ['d', 10],
      ['c', null],
    ]);
    expect(units[0]).toMatchObject({ documentsScanned: 15, documentsWithLeaks: 5, casesEscalated: 1, maskingCompliancePercent: 28.6, medianRemediationHours: 10 });
    expect(reportRows(items, 'province', []).map((row) => row.group)).toEqual(['ชัยภูมิ']);
    expect(reportRows(items, 'kind', [])).toEqual([]);
  });

  it('totals the scope all in one row, an empty one when there is nothing, and totals the rows of a grouping', () => {
    expect(reportRows(items, 'total', [])).toEqual([aggregateGroup('total', items.slice(0, 2))]);
    expect(reportRows(items, 'total', [])[0]).toMatchObject({ documentsScanned: 35, documentsWithLeaks: 7, maskingCompliancePercent: 50, medianRemediationHours: 10 });
    expect(reportRows([], 'total', [])).toEqual([{ group: 'total', ...EMPTY_ROW }]);
    expect(totalRow(items, 'unit')).toMatchObject({ group: 'total', documentsScanned: 55, documentsWithLeaks: 9, medianRemediationHours: 10 });
    expect(totalRow(items, 'day')).toEqual(reportRows(items, 'total', [])[0]);
  });

  it('counts days across month ends and leap days', () => {
    expect(daysBetween('2024-02-28', '2024-03-01')).toEqual(['2024-02-28', '2024-02-29', '2024-03-01']);
    expect(daysBetween('2024-05-01', '2024-05-01')).toEqual(['2024-05-01']);
    expect(daysBetween('2024-05-02', '2024-05-01')).toEqual([]);
    expect(addDays('2024-03-01', -30)).toBe('2024-01-31');
  });
});

describe('report arguments and CSV', () => {
  it('takes calendar days as YYYY-MM-DD only', () => {
    expect(parseDay('2024-02-29')).toBe('2024-02-29');
    for (const bad of ['2023-02-29', '2024-02-30', '2024-13-01', '2024-5-1', '01/05/2024', '2024-05-01T00:00', '']) expect(() => parseDay(bad), bad).toThrow(/YYYY-MM-DD/);
  });

  it('finds today in Thailand, 7 hours ahead of UTC', () => {
    expect(thaiDay(new Date('2024-05-01T16:59:59Z'))).toBe('2024-05-01');
    expect(thaiDay(new Date('2024-05-01T17:00:00Z'))).toBe('2024-05-02');
  });

  it('quotes CSV fields with a comma, a quote or a line break, and leaves null empty', () => {
    const rows = ['a,b', 'say "x"', 'two\nlines', 'ชัยภูมิ'].map((group) => aggregateGroup(group, []));
    const lines = toCsv(rows).split('\n');
    expect(lines[0]).toBe(
      'group,documentsScanned,documentsWithLeaks,leakRatePercent,exposedNationalIds,exposedPhones,exposedLaserCodes,maskedIdentifiers,maskingCompliancePercent,unreadableFindings,casesOpened,casesNotified,casesRemediated,casesEscalated,medianRemediationHours,checksRun,checksWithLeaks,checksMasked,unitsChecked,unitsWithLeaks',
    );
    expect(lines.slice(1)).toEqual([
      '"a,b",0,0,,0,0,0,0,,0,0,0,0,0,,0,0,0,0,0',
      '"say ""x""",0,0,,0,0,0,0,,0,0,0,0,0,,0,0,0,0,0',
      '"two',
      'lines",0,0,,0,0,0,0,,0,0,0,0,0,,0,0,0,0,0',
      'ชัยภูมิ,0,0,,0,0,0,0,,0,0,0,0,0,,0,0,0,0,0',
      '',
    ]);
  });
});

// Units a (ชัยภูมิ, อบต.) and b (จันทบุรี, เทศบาลเมือง) over three days; `all` is their sum. On the
// third day b leaks far more: whether it is in the range turns the order of the units around.
const UNIT_A = {
  '2024-05-01': { counts: [10, 4, 6, 2, 1, 3, 4, 3, 1, 0, 2, 3, 1], hours: [10] },
  '2024-05-02': { counts: [5, 1, 1, 0, 0, 1, 1, 1, 0, 1], hours: [] },
  '2024-05-03': { counts: [100, 10, 20, 0, 0, 20, 10, 10, 8, 0], hours: [1, 2, 3, 4, 5, 6, 7, 8] },
};
const UNIT_B = {
  '2024-05-01': { counts: [20, 2, 1, 1, 0, 8, 2, 2, 2, 0, 1], hours: [4, 30] },
  '2024-05-03': { counts: [100, 90, 200, 50, 10, 0, 90, 90, 5, 20], hours: [100, 200, 300, 400, 500] },
};
const ALL = {
  '2024-05-01': { counts: [30, 6, 7, 3, 1, 11, 6, 5, 3, 0, 3, 3, 1], hours: [10, 4, 30] },
  '2024-05-02': { counts: [5, 1, 1, 0, 0, 1, 1, 1, 0, 1], hours: [] },
  '2024-05-03': { counts: [200, 100, 220, 50, 10, 20, 100, 100, 13, 20], hours: [1, 2, 3, 4, 5, 6, 7, 8, 100, 200, 300, 400, 500] },
};
const METRICS: MetricsItem[] = [
  ...Object.entries(ALL).map(([day, { counts, hours }]) => metrics('all', day, counts, hours)),
  ...Object.entries(UNIT_A).flatMap(([day, { counts, hours }]) => ['unit#a', 'province#ชัยภูมิ', 'kind#อบต.'].map((scope) => metrics(scope, day, counts, hours))),
  ...Object.entries(UNIT_B).flatMap(([day, { counts, hours }]) => ['unit#b', 'province#จันทบุรี', 'kind#เทศบาลเมือง'].map((scope) => metrics(scope, day, counts, hours))),
  // Outside every range asked for.
  metrics('all', '2024-04-30', [1000, 1000, 0, 0, 0, 0, 0, 0, 0, 0]),
  metrics('unit#a', '2024-04-30', [1000, 1000, 0, 0, 0, 0, 0, 0, 0, 0]),
];

// Thai combining marks take no column.
const displayWidth = (text: string) => text.replace(/[\u0E31\u0E34-\u0E3A\u0E47-\u0E4E]/g, '').length;

describe('leakscan report', { timeout: 60_000 }, () => {
  let aws: LocalAws;
  beforeAll(async () => {
    aws = await startLocalAws({});
    await aws.dynamodb.send(
      new CreateTableCommand({
        TableName: 'metrics',
        KeySchema: [
          { AttributeName: 'scope', KeyType: 'HASH' },
          { AttributeName: 'day', KeyType: 'RANGE' },
        ],
        AttributeDefinitions: [
          { AttributeName: 'scope', AttributeType: 'S' },
          { AttributeName: 'day', AttributeType: 'S' },
        ],
        GlobalSecondaryIndexes: [
          {
            IndexName: METRICS_BY_DAY_INDEX,
            KeySchema: [
              { AttributeName: 'day', KeyType: 'HASH' },
              { AttributeName: 'scope', KeyType: 'RANGE' },
            ],
            Projection: { ProjectionType: 'ALL' },
          },
        ],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    await putItems(documentClient(aws.dynamodb), 'metrics', METRICS);
  });
  afterAll(() => aws?.stop());

  const leakscan = (...args: string[]) => runLeakscan(['report', ...args], { LEAKSCAN_METRICS_TABLE: 'metrics' });
  const json = async (...args: string[]) => {
    const run = await leakscan(...args, '--format', 'json');
    expect(run.status, run.stderr).toBe(0);
    return JSON.parse(run.stdout) as Array<Record<string, unknown>>;
  };

  it('queries a day of the index page by page', async () => {
    const items = await queryAll<MetricsItem>(documentClient(aws.dynamodb), {
      TableName: 'metrics',
      IndexName: METRICS_BY_DAY_INDEX,
      KeyConditionExpression: '#day = :day',
      ExpressionAttributeNames: { '#day': 'day' },
      ExpressionAttributeValues: { ':day': '2024-05-01' },
      Limit: 2,
    });
    expect(items.map((item) => item.scope).sort()).toEqual(['all', 'kind#อบต.', 'kind#เทศบาลเมือง', 'province#จันทบุรี', 'province#ชัยภูมิ', 'unit#a', 'unit#b'].sort());
  });

  it('totals the scope all over the days asked for, in JSON with stable keys', async () => {
    expect(await json('--from', '2024-05-01', '--to', '2024-05-02')).toEqual([
      {
        group: 'total',
        documentsScanned: 35,
        documentsWithLeaks: 7,
        leakRatePercent: 20,
        exposedNationalIds: 8,
        exposedPhones: 3,
        exposedLaserCodes: 1,
        maskedIdentifiers: 12,
        maskingCompliancePercent: 50,
        unreadableFindings: 3,
        casesOpened: 7,
        casesNotified: 6,
        casesRemediated: 3,
        casesEscalated: 1,
        medianRemediationHours: 10,
        checksRun: 3,
        checksWithLeaks: 1,
        checksMasked: 0,
        unitsChecked: 0,
        unitsWithLeaks: 0,
      },
    ]);
    // Without --from, the 30 days before --to: from 2024-05-01, without 2024-04-30.
    expect(await json('--to', '2024-05-31', '--by', 'total')).toMatchObject([{ documentsScanned: 235, documentsWithLeaks: 107, leakRatePercent: 45.5, medianRemediationHours: 7.5 }]);
  });

  it('reports per day, a day without metrics empty', async () => {
    const rows = await json('--from', '2024-05-02', '--to', '2024-05-04', '--by', 'day');
    expect(rows.map((row) => [row.group, row.documentsScanned, row.leakRatePercent, row.medianRemediationHours])).toEqual([
      ['2024-05-02', 5, 20, null],
      ['2024-05-03', 200, 50, 7],
      ['2024-05-04', 0, null, null],
    ]);
  });

  it('reports per unit, highest leak rate first, and a day out of the range changes it', async () => {
    const twoDays = await json('--from', '2024-05-01', '--to', '2024-05-02', '--by', 'unit');
    expect(twoDays).toEqual([
      {
        group: 'a',
        documentsScanned: 15,
        documentsWithLeaks: 5,
        leakRatePercent: 33.3,
        exposedNationalIds: 7,
        exposedPhones: 2,
        exposedLaserCodes: 1,
        maskedIdentifiers: 4,
        maskingCompliancePercent: 28.6,
        unreadableFindings: 2,
        casesOpened: 5,
        casesNotified: 4,
        casesRemediated: 1,
        casesEscalated: 1,
        medianRemediationHours: 10,
        checksRun: 3,
        checksWithLeaks: 1,
        checksMasked: 0,
        unitsChecked: 0,
        unitsWithLeaks: 0,
      },
      {
        group: 'b',
        documentsScanned: 20,
        documentsWithLeaks: 2,
        leakRatePercent: 10,
        exposedNationalIds: 1,
        exposedPhones: 1,
        exposedLaserCodes: 0,
        maskedIdentifiers: 8,
        maskingCompliancePercent: 80,
        unreadableFindings: 1,
        casesOpened: 2,
        casesNotified: 2,
        casesRemediated: 2,
        casesEscalated: 0,
        medianRemediationHours: 17,
        checksRun: 0,
        checksWithLeaks: 0,
        checksMasked: 0,
        unitsChecked: 0,
        unitsWithLeaks: 0,
      },
    ]);
    const threeDays = await json('--from', '2024-05-01', '--to', '2024-05-03', '--by', 'unit');
    expect(threeDays.map((row) => [row.group, row.leakRatePercent, row.medianRemediationHours])).toEqual([
      ['b', 76.7, 200],
      ['a', 13, 5],
    ]);
  });

  it('reports per province as CSV, and per kind as a table with Thai names aligned and a total line', async () => {
    const csv = await leakscan('--from', '2024-05-01', '--to', '2024-05-02', '--by', 'province', '--format', 'csv');
    expect(csv.status, csv.stderr).toBe(0);
    expect(csv.stdout.split('\n').slice(1)).toEqual(['ชัยภูมิ,15,5,33.3,7,2,1,4,28.6,2,5,4,1,1,10.0,3,1,0,0,0', 'จันทบุรี,20,2,10.0,1,1,0,8,80.0,1,2,2,2,0,17.0,0,0,0,0,0', '']);

    const table = await runLeakscan(['report', '--from', '2024-05-01', '--to', '2024-05-02', '--by', 'kind', '--table', 'metrics']);
    expect(table.status, table.stderr).toBe(0);
    const [range, header, ...rows] = table.stdout.trimEnd().split('\n');
    expect(range).toBe('from 2024-05-01 to 2024-05-02');
    expect(header!.split(/ {2,}/)).toEqual([
      'group',
      'scanned',
      'with leaks',
      'leak %',
      'exposed IDs',
      'phones',
      'laser codes',
      'masked',
      'masked %',
      'unreadable',
      'opened',
      'notified',
      'remediated',
      'escalated',
      'median hours',
      'checked before publishing',
      'checked, with leaks',
      'checked, masked copy made',
      'units checked',
      'units with leaks',
    ]);
    expect(rows.map((row) => row.split(/ {2,}/))).toEqual([
      ['อบต.', '15', '5', '33.3', '7', '2', '1', '4', '28.6', '2', '5', '4', '1', '1', '10.0', '3', '1', '0', '0', '0'],
      ['เทศบาลเมือง', '20', '2', '10.0', '1', '1', '0', '8', '80.0', '1', '2', '2', '2', '0', '17.0', '0', '0', '0', '0', '0'],
      ['total', '35', '7', '20.0', '8', '3', '1', '12', '50.0', '3', '7', '6', '3', '1', '10.0', '3', '1', '0', '0', '0'],
    ]);
    expect(new Set([header, ...rows].map((line) => displayWidth(line!))).size).toBe(1);
  });

  it('reads a month whole with --month: its own items (each document once), per province too; by day, its days', async () => {
    // A month's item counts a document checked on two of its days once: fewer than its days added up.
    await putItems(documentClient(aws.dynamodb), 'metrics', [
      { scope: 'all', day: 'month#2024-05', DocumentsScanned: 150, DocumentsWithLeaks: 60 },
      { scope: 'province#ชัยภูมิ', day: 'month#2024-05', DocumentsScanned: 12, DocumentsWithLeaks: 4 },
    ]);
    expect(await json('--month', '2024-05')).toEqual([expect.objectContaining({ group: 'total', documentsScanned: 150, documentsWithLeaks: 60, leakRatePercent: 40 })]);
    expect((await json('--month', '2024-05', '--by', 'province')).map((r) => [r.group, r.documentsScanned])).toEqual([['ชัยภูมิ', 12]]);
    const days = await json('--month', '2024-05', '--by', 'day');
    expect(days).toHaveLength(31);
    expect(days.slice(0, 3).map((r) => r.documentsScanned)).toEqual([30, 5, 200]);
    const table = await leakscan('--month', '2024-05');
    expect(table.stdout.split('\n')[0]).toBe('month 2024-05');
    for (const args of [
      ['--month', '2024-13'],
      ['--month', '2024-05', '--from', '2024-05-01'],
    ]) {
      const run = await leakscan(...args);
      expect([args, run.status]).toEqual([args, 2]);
    }
  });

  it('prints a table per day with a total line, and nothing but the total when no metrics match', async () => {
    const perDay = await leakscan('--from', '2024-05-01', '--to', '2024-05-03', '--by', 'day');
    expect(perDay.status, perDay.stderr).toBe(0);
    expect(
      perDay.stdout
        .trimEnd()
        .split('\n')
        .slice(2)
        .map((line) => line.split(/ {2,}/).slice(0, 4)),
    ).toEqual([
      ['2024-05-01', '30', '6', '20.0'],
      ['2024-05-02', '5', '1', '20.0'],
      ['2024-05-03', '200', '100', '50.0'],
      ['total', '235', '107', '45.5'],
    ]);
    const none = await leakscan('--from', '2023-01-01', '--to', '2023-01-02', '--by', 'unit');
    expect(none.status, none.stderr).toBe(0);
    expect(
      none.stdout
        .trimEnd()
        .split('\n')
        .slice(2)
        .map((line) => line.split(/ +/)),
    ).toEqual([['total', ...Array(16).fill('0')]]);
  });

  it('exits 2 with a message on a bad day, --from after --to, or an unknown grouping or format', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['--from', '2024-02-30'], /--from <day>' argument '2024-02-30' is invalid/],
      [['--to', '2024/05/01'], /--to <day>' argument '2024\/05\/01' is invalid/],
      [['--from', '2024-05-03', '--to', '2024-05-01'], /--from 2024-05-03 is after --to 2024-05-01/],
      [['--by', 'week'], /argument 'week' is invalid/],
      [['--format', 'xml'], /argument 'xml' is invalid/],
    ];
    const runs = await Promise.all(cases.map(([args]) => leakscan(...args)));
    runs.forEach((run, i) => {
      expect(run.status, run.stdout).toBe(2);
      expect(run.stderr).toMatch(cases[i]![1]);
      expect(run.stdout).toBe('');
    });
  });
});

// DynamoDB, as the registry of units uses it (items written in batches, re-written whole on
// re-import so that importing the same file twice changes nothing, and read back page by page or
// one by key), as the crawler keeps what it knows of each URL, and as the metrics report queries
// it day by day.
import {
  type AttributeValue,
  BatchWriteItemCommand,
  CreateTableCommand,
  DeleteTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  paginateScan,
  waitUntilTableExists,
  waitUntilTableNotExists,
} from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, type QueryCommandInput, ScanCommand } from '@aws-sdk/lib-dynamodb';
import type { UrlState, UrlStateStore } from '../crawl/crawl.ts';
import { METRICS_BY_DAY_INDEX, type MetricsItem, monthKey } from '../cases/model.ts';
import type { MonthScopes } from '../cases/month-gauges.ts';
import { type RegistryItem, registryKey } from '../cases/registry-figures.ts';
import { TRY_AGAIN, doublingBackoff, retrying } from '../retry.ts';

export const dynamoDbClient = (): DynamoDBClient => new DynamoDBClient({});

export const documentClient = (client = dynamoDbClient()): DynamoDBDocumentClient => DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });

/** Key attribute names, partition then optional sort key, all strings. */
export type TableKeys = [string] | [string, string];

/**
 * A table billed per request, with global secondary indexes that project everything; a table
 * that exists already (kept from an earlier run of the local stack) keeps its items, and is built
 * again with them when it lacks an index.
 */
export async function createTableIfMissing(client: DynamoDBClient, name: string, keys: TableKeys, indexes: Record<string, TableKeys> = {}): Promise<void> {
  const keySchema = (names: TableKeys) => names.map((AttributeName, i) => ({ AttributeName, KeyType: i === 0 ? ('HASH' as const) : ('RANGE' as const) }));
  const attributes = new Set([...keys, ...Object.values(indexes).flat()]);
  const indexList = Object.entries(indexes).map(([IndexName, k]) => ({ IndexName, KeySchema: keySchema(k), Projection: { ProjectionType: 'ALL' as const } }));
  const create = new CreateTableCommand({
    TableName: name,
    KeySchema: keySchema(keys),
    AttributeDefinitions: [...attributes].map((AttributeName) => ({ AttributeName, AttributeType: 'S' })),
    ...(indexList.length > 0 && { GlobalSecondaryIndexes: indexList }),
    BillingMode: 'PAY_PER_REQUEST',
  });
  // A new table takes writes once it is active (dynalite too, a moment after it says it is creating it).
  const created = async () => {
    await client.send(create);
    await waitUntilTableExists({ client, maxWaitTime: 30, minDelay: 1 }, { TableName: name });
  };
  try {
    await created();
  } catch (err) {
    if ((err as Error).name !== 'ResourceInUseException') throw err;
    const { Table } = await client.send(new DescribeTableCommand({ TableName: name }));
    const existing = new Set((Table?.GlobalSecondaryIndexes ?? []).map((index) => index.IndexName));
    if (indexList.every((index) => existing.has(index.IndexName))) return;
    // Kept from an earlier version that lacked an index, which dynalite cannot add: built again with its items.
    const items: Array<Record<string, AttributeValue>> = [];
    for await (const page of paginateScan({ client }, { TableName: name })) items.push(...(page.Items ?? []));
    await client.send(new DeleteTableCommand({ TableName: name }));
    await waitUntilTableNotExists({ client, maxWaitTime: 30, minDelay: 1 }, { TableName: name });
    await created();
    for (let i = 0; i < items.length; i += 25) {
      let requests = items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } }));
      while (requests.length > 0) {
        const out = await client.send(new BatchWriteItemCommand({ RequestItems: { [name]: requests } }));
        requests = (out.UnprocessedItems?.[name] ?? []) as typeof requests;
      }
    }
  }
}

const BATCH_WRITE_ATTEMPTS = 9;

/** Puts the items, 25 at a time (DynamoDB's batch limit), retrying what DynamoDB left unprocessed. */
export async function putItems(db: DynamoDBDocumentClient, table: string, items: readonly object[]): Promise<void> {
  for (let i = 0; i < items.length; i += 25) {
    let requests: Array<{ PutRequest: { Item: Record<string, unknown> } }> = items.slice(i, i + 25).map((item) => ({ PutRequest: { Item: { ...item } } }));
    await retrying(
      async () => {
        const out = await db.send(new BatchWriteCommand({ RequestItems: { [table]: requests } }));
        requests = (out.UnprocessedItems?.[table] ?? []) as typeof requests;
        return requests.length > 0 ? TRY_AGAIN : undefined;
      },
      { attempts: BATCH_WRITE_ATTEMPTS, backoffMs: doublingBackoff(100, 2000), exhausted: () => new Error(`DynamoDB left ${requests.length} items unwritten after ${BATCH_WRITE_ATTEMPTS} attempts`) },
    );
  }
}

/** Every item of the table. */
export async function scanItems<T>(db: DynamoDBDocumentClient, table: string): Promise<T[]> {
  const items: T[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await db.send(new ScanCommand({ TableName: table, ExclusiveStartKey: start }));
    items.push(...((out.Items ?? []) as T[]));
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
}

/** Every item a query matches, following LastEvaluatedKey through its pages. */
export async function queryAll<T>(db: DynamoDBDocumentClient, params: Omit<QueryCommandInput, 'ExclusiveStartKey'>): Promise<T[]> {
  const items: T[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const out = await db.send(new QueryCommand({ ...params, ExclusiveStartKey: start }));
    items.push(...((out.Items ?? []) as T[]));
    start = out.LastEvaluatedKey;
  } while (start);
  return items;
}

/** The item with this key, or undefined when there is none. */
export async function getItem<T>(db: DynamoDBDocumentClient, table: string, key: Record<string, unknown>): Promise<T | undefined> {
  const out = await db.send(new GetCommand({ TableName: table, Key: key }));
  return out.Item as T | undefined;
}

/** The crawl state table: one item per unit (partition key `unitId`) and URL (sort key `url`). */
export function crawlStateStore(db: DynamoDBDocumentClient, table: string): UrlStateStore {
  return {
    get: async (unitId, url) => {
      const item = await getItem<UrlState & { unitId: string; url: string }>(db, table, { unitId, url });
      if (!item) return undefined;
      const { unitId: _unit, url: _url, ...state } = item;
      return state;
    },
    put: async (unitId, url, state) => {
      await db.send(new PutCommand({ TableName: table, Item: { unitId, url, ...state } }));
    },
  };
}

/** One scope's metrics items with a `day` key from `from` to `to` (days, or months: `month#…`), in one request for a year of months. */
export function metricsOfScope(db: DynamoDBDocumentClient, table: string, scope: string, from: string, to: string): Promise<MetricsItem[]> {
  return queryAll<MetricsItem>(db, {
    TableName: table,
    KeyConditionExpression: '#scope = :scope AND #day BETWEEN :from AND :to',
    ExpressionAttributeNames: { '#scope': 'scope', '#day': 'day' },
    ExpressionAttributeValues: { ':scope': scope, ':from': from, ':to': to },
  });
}

/** A month's own figures by unit kind and by province, and the registry's as last counted in the month: three queries of the byDay index. */
export async function monthGroups(db: DynamoDBDocumentClient, table: string, month: string): Promise<{ kinds: MetricsItem[]; provinces: MetricsItem[]; registry: RegistryItem[] }> {
  const [kinds, provinces, registry] = await Promise.all([
    metricsOfDays(db, table, [monthKey(month)], 'kind#'),
    metricsOfDays(db, table, [monthKey(month)], 'province#'),
    metricsOfDays(db, table, [registryKey(month)]) as unknown as Promise<RegistryItem[]>,
  ]);
  return { kinds, provinces, registry };
}

/** A month's own figures in total, by kind and by province, and the registry's as last counted in it: what CloudWatch's month gauges are made of (four queries). */
export async function monthScopes(db: DynamoDBDocumentClient, table: string, month: string): Promise<MonthScopes> {
  const [all, { kinds, provinces, registry }] = await Promise.all([metricsOfScope(db, table, 'all', monthKey(month), monthKey(month)), monthGroups(db, table, month)]);
  return { figures: [...all, ...kinds, ...provinces], registry };
}

/** The metrics table's items of these days (its byDay index), only scopes starting so when a prefix is given. */
export async function metricsOfDays(db: DynamoDBDocumentClient, table: string, days: readonly string[], scopePrefix?: string): Promise<MetricsItem[]> {
  const perDay = await Promise.all(
    days.map((day) =>
      queryAll<MetricsItem>(db, {
        TableName: table,
        IndexName: METRICS_BY_DAY_INDEX,
        // `day` is a reserved word in DynamoDB expressions.
        KeyConditionExpression: scopePrefix ? '#day = :day AND begins_with(#scope, :scope)' : '#day = :day',
        ExpressionAttributeNames: scopePrefix ? { '#day': 'day', '#scope': 'scope' } : { '#day': 'day' },
        ExpressionAttributeValues: scopePrefix ? { ':day': day, ':scope': scopePrefix } : { ':day': day },
      }),
    ),
  );
  return perDay.flat();
}

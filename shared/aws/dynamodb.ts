// DynamoDB, as the registry of units uses it: items written in batches (re-written whole on
// re-import, so importing the same file twice changes nothing) and read back page by page.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';

export const documentClient = (client = new DynamoDBClient({})): DynamoDBDocumentClient =>
  DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });

/** Puts the items, 25 at a time (DynamoDB's batch limit), retrying what DynamoDB left unprocessed. */
export async function putItems(db: DynamoDBDocumentClient, table: string, items: readonly object[]): Promise<void> {
  for (let i = 0; i < items.length; i += 25) {
    let requests: Array<{ PutRequest: { Item: Record<string, unknown> } }> = items.slice(i, i + 25).map((item) => ({ PutRequest: { Item: { ...item } } }));
    for (let attempt = 0; requests.length > 0; attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(2000, 50 * 2 ** attempt)));
      if (attempt > 8) throw new Error(`DynamoDB left ${requests.length} items unwritten after ${attempt} attempts`);
      const out = await db.send(new BatchWriteCommand({ RequestItems: { [table]: requests } }));
      requests = (out.UnprocessedItems?.[table] ?? []) as typeof requests;
    }
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

// The units registry as the functions read it: one unit by ID, remembered for a while (a
// container handles many documents of one unit); and the crawler's note of each unit's last crawl.
import { type DynamoDBDocumentClient, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { UnitLookup } from '../cases/model.ts';
import type { CrawlHealth, Unit } from '../units.ts';
import { getItem } from './dynamodb.ts';

export class UnitDirectory implements UnitLookup {
  // The lookup itself is kept, so that concurrent asks for one unit make one read.
  private readonly cache = new Map<string, { unit: Promise<Unit | undefined>; until: number }>();

  constructor(
    private readonly db: DynamoDBDocumentClient,
    private readonly table: string,
    private readonly ttlMs = 5 * 60_000,
  ) {}

  get(unitId: string): Promise<Unit | undefined> {
    const cached = this.cache.get(unitId);
    if (cached && cached.until > Date.now()) return cached.unit;
    const unit = getItem<Unit>(this.db, this.table, { id: unitId });
    this.cache.set(unitId, { unit, until: Date.now() + this.ttlMs });
    // A failed read is not kept: the next ask reads again.
    unit.catch(() => this.cache.delete(unitId));
    return unit;
  }
}

/** Where the crawler notes each unit's last crawl: on the unit's item of the registry (a unit not registered is left alone). */
export function crawlHealthStore(db: DynamoDBDocumentClient, table: string): (unitId: string, health: CrawlHealth) => Promise<void> {
  return async (unitId, health) => {
    await db
      .send(
        new UpdateCommand({
          TableName: table,
          Key: { id: unitId },
          UpdateExpression: 'SET crawl = :health',
          ConditionExpression: 'attribute_exists(id)',
          ExpressionAttributeValues: { ':health': health },
        }),
      )
      .catch((err: Error) => {
        if (err.name !== 'ConditionalCheckFailedException') throw err;
      });
  };
}

// The units registry as the functions read it: one unit by ID, remembered for a while (a
// container handles many documents of one unit).
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { UnitLookup } from '../cases/model.ts';
import type { Unit } from '../units.ts';
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

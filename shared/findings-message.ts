// What the scan function puts on the findings queue for each document, read by the notify
// function: a versioned contract, described by findings-message.schema.json, which the notify
// function holds each message to (functions/queue-messages.ts). It carries fingerprints, masked
// displays and locations, never a full identifier (they never leave detection: see shared/types.ts).
import type { DocumentResult } from './scan.ts';
import { type Finding, type StatusCounts, countByTypeAndStatus, isLeak } from './types.ts';

export const FINDINGS_MESSAGE_VERSION = 1;

/** Documents under no known prefix, or under a unit ID that is not valid, are counted here. */
export const UNASSIGNED_UNIT = 'unassigned';

export interface DocumentReference {
  bucket: string;
  key: string;
  versionId?: string;
  etag?: string;
  /** Where a crawled document was fetched from (the object's `source-url` metadata). */
  sourceUrl?: string;
  /** From the key: `uploads/<unitId>/…` or `crawled/<unitId>/…`, when the registry knows the unit. */
  unitId: string;
  /** The unit the key names when the registry does not know it (then unitId is `unassigned`). */
  claimedUnitId?: string;
  origin: 'upload' | 'crawl' | 'other';
}

export interface FindingsMessage {
  version: typeof FINDINGS_MESSAGE_VERSION;
  document: DocumentReference & { format: string; status: DocumentResult['status']; error?: DocumentResult['error'] };
  findings: Finding[];
  counts: {
    /** Unreadable regions are counted under their own status, apart from leaks. */
    byTypeAndStatus: StatusCounts;
    leaks: number;
    pagesOcred: number;
  };
  scannedAt: string;
}

/** What a unit ID may be: it becomes an S3 key prefix and a DynamoDB key. */
export const UNIT_ID = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

/** The unit and origin a document belongs to, from its key. */
export function documentReference(object: { bucket: string; key: string; versionId?: string; etag?: string; sourceUrl?: string }): DocumentReference {
  const [prefix, unit, ...rest] = object.key.split('/');
  const origin = prefix === 'uploads' ? 'upload' : prefix === 'crawled' ? 'crawl' : 'other';
  const unitId = origin !== 'other' && rest.length > 0 && unit && UNIT_ID.test(unit) ? unit : UNASSIGNED_UNIT;
  const reference: DocumentReference = { bucket: object.bucket, key: object.key, unitId, origin };
  if (object.versionId) reference.versionId = object.versionId;
  if (object.etag) reference.etag = object.etag;
  if (object.sourceUrl) reference.sourceUrl = object.sourceUrl;
  return reference;
}

/** The reference counted under `unassigned` when its unit is not in the registry, keeping the name it claimed. */
export function withRegisteredUnit(reference: DocumentReference, registered: boolean): DocumentReference {
  if (registered || reference.unitId === UNASSIGNED_UNIT) return reference;
  return { ...reference, unitId: UNASSIGNED_UNIT, claimedUnitId: reference.unitId };
}

export function findingsMessage(reference: DocumentReference, result: DocumentResult, scannedAt: Date): FindingsMessage {
  const byTypeAndStatus = countByTypeAndStatus(result.findings);
  const document: FindingsMessage['document'] = { ...reference, format: result.format, status: result.status };
  if (result.error) document.error = result.error;
  return {
    version: FINDINGS_MESSAGE_VERSION,
    document,
    findings: result.findings,
    counts: { byTypeAndStatus, leaks: result.findings.filter(isLeak).length, pagesOcred: result.pagesOcred ?? 0 },
    scannedAt: scannedAt.toISOString(),
  };
}

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
  /** From the key: `uploads/<unitId>/…`, `crawled/<unitId>/…` or `checks/<unitId>/<checkId>/…`, when the registry knows the unit. */
  unitId: string;
  /** The unit the key names when the registry does not know it (then unitId is `unassigned`). */
  claimedUnitId?: string;
  /** `check`: a draft a clerk checks before publishing, kept apart from published documents (no case, no leak rate). */
  origin: 'upload' | 'crawl' | 'check' | 'other';
}

export interface FindingsMessage {
  version: typeof FINDINGS_MESSAGE_VERSION;
  /** `maskedCopy`: a check only, true when a verified X4-masked copy of it was made for the clerk. */
  document: DocumentReference & { format: string; status: DocumentResult['status']; error?: DocumentResult['error']; maskedCopy?: boolean };
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

/**
 * What a check ID may be: chosen at random by the submitter, URL-safe, long enough (96 bits and
 * more) that no one guesses another's, since it names the check's private result.
 */
export const CHECK_ID = /^[A-Za-z0-9_-]{16,64}$/;

export const CHECKS_PREFIX = 'checks';

/** A check: a draft submitted as `checks/<unitId>/<checkId>/<file name>`. */
export interface CheckRef {
  unitId: string;
  checkId: string;
  fileName: string;
}

/** The check a key names, undefined when it is not a well-formed check key. */
export function checkOf(key: string): CheckRef | undefined {
  const [prefix, unitId, checkId, ...name] = key.split('/');
  const fileName = name.join('/');
  if (prefix !== CHECKS_PREFIX || !unitId || !checkId || fileName === '') return undefined;
  return UNIT_ID.test(unitId) && CHECK_ID.test(checkId) ? { unitId, checkId, fileName } : undefined;
}

/** Where the scan function writes a check's private result, beside no published document. */
export const CHECK_RESULTS_PREFIX = 'check-results/';

export const checkResultKey = ({ unitId, checkId }: Pick<CheckRef, 'unitId' | 'checkId'>): string => `${CHECK_RESULTS_PREFIX}${unitId}/${checkId}.json`;

/** Where a check's X4-masked copy is kept, beside its result, under the name the clerk downloads it by. */
export const maskedCopyKey = ({ unitId, checkId }: Pick<CheckRef, 'unitId' | 'checkId'>, fileName: string): string => `${CHECK_RESULTS_PREFIX}${unitId}/${checkId}/${fileName}`;

/** The scan function's own output, not a document to scan. */
export const isCheckResultKey = (key: string): boolean => key.startsWith(CHECK_RESULTS_PREFIX);

// A Map: a key's first segment may be any string, `constructor` too.
const ORIGIN_OF_PREFIX = new Map<string | undefined, DocumentReference['origin']>([
  ['uploads', 'upload'],
  ['crawled', 'crawl'],
  [CHECKS_PREFIX, 'check'],
]);

/** The key prefixes documents to scan arrive under (the bucket announces only these). */
export const SCANNED_PREFIXES: readonly string[] = [...ORIGIN_OF_PREFIX.keys()].map((prefix) => `${prefix}/`);

/**
 * The unit and origin a document belongs to, from its key. Anything under `checks/` is a check,
 * well-formed or not, so that a draft never counts as published; a malformed one under `unassigned`.
 */
export function documentReference(object: { bucket: string; key: string; versionId?: string; etag?: string; sourceUrl?: string }): DocumentReference {
  const [prefix, unit, ...rest] = object.key.split('/');
  const origin = ORIGIN_OF_PREFIX.get(prefix) ?? 'other';
  const named = origin === 'check' ? checkOf(object.key)?.unitId : rest.length > 0 && unit && UNIT_ID.test(unit) ? unit : undefined;
  const unitId = origin !== 'other' && named ? named : UNASSIGNED_UNIT;
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

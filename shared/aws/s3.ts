// S3, as the scan function uses it (the objects an event names, read whole up to a size limit;
// a check's result written beside them), as
// `leakscan upload` uses it (documents put under uploads/<unitId>/, directly or by presigned URL)
// and as the crawler uses it (pages and documents stored under crawled/<unitId>/).
import { posix } from 'node:path';
import type { Readable } from 'node:stream';
import { DeleteObjectsCommand, GetObjectCommand, HeadObjectCommand, NoSuchKey, NotFound, PutObjectCommand, S3Client, paginateListObjectsV2 } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { S3EventRecord } from 'aws-lambda';
import type { DocumentStore } from '../crawl/crawl.ts';
import { ScanError } from '../errors.ts';
import { CHECK_ID, CHECKS_PREFIX, UNIT_ID } from '../findings-message.ts';

/**
 * The S3 client every part uses: a local S3 server ($AWS_ENDPOINT_URL_S3) is addressed by path,
 * not by bucket host name; checksums only where S3 requires them (a presigned URL then asks the
 * uploader for none).
 */
export const s3Client = (): S3Client => new S3Client({ requestChecksumCalculation: 'WHEN_REQUIRED', forcePathStyle: Boolean(process.env.AWS_ENDPOINT_URL_S3) });

export interface ObjectRef {
  bucket: string;
  key: string;
  versionId?: string;
  etag?: string;
}

/** The objects created in an S3 event notification (as SQS delivers it); none for a test event. */
export function createdObjects(body: string): ObjectRef[] {
  const event = JSON.parse(body) as { Records?: S3EventRecord[]; Event?: string };
  return (event.Records ?? [])
    .filter((record) => record.eventName?.startsWith('ObjectCreated:'))
    .map(({ s3 }) => {
      // Keys arrive URL-encoded, with spaces as '+'.
      const ref: ObjectRef = { bucket: s3.bucket.name, key: decodeURIComponent(s3.object.key.replace(/\+/g, ' ')) };
      if (s3.object.versionId) ref.versionId = s3.object.versionId;
      if (s3.object.eTag) ref.etag = s3.object.eTag;
      return ref;
    });
}

export interface StoredObject {
  bytes: Uint8Array;
  metadata: Record<string, string>;
  etag?: string;
}

/** An object's bytes and user metadata; too_large (a scan error, not a retry) above `maxBytes`. */
export async function readObject(s3: S3Client, ref: ObjectRef, maxBytes: number): Promise<StoredObject> {
  const response = await s3.send(new GetObjectCommand({ Bucket: ref.bucket, Key: ref.key, VersionId: ref.versionId }));
  if ((response.ContentLength ?? 0) > maxBytes) {
    // Not read: the body may be gigabytes. In Node it is a stream, closed here.
    (response.Body as { destroy?: () => void } | undefined)?.destroy?.();
    throw new ScanError('too_large', `the document is ${response.ContentLength} bytes; the limit is ${maxBytes}`);
  }
  const stored: StoredObject = { bytes: await response.Body!.transformToByteArray(), metadata: response.Metadata ?? {} };
  if (response.ETag) stored.etag = response.ETag.replace(/"/g, '');
  return stored;
}

/** Where an uploaded document goes: `uploads/<unitId>/<base name>`, the prefix the scan function reads the unit from. */
export const uploadKey = (unitId: string, fileName: string): string => submittedKey('uploads', unitId, [], fileName);

/** Where a check (a draft, not published) goes: `checks/<unitId>/<checkId>/<base name>`. */
export function checkKey(unitId: string, checkId: string, fileName: string): string {
  if (!CHECK_ID.test(checkId)) throw new Error(`check ID "${checkId}" is not valid: it must be 16–64 letters, digits, dashes or underscores`);
  return submittedKey(CHECKS_PREFIX, unitId, [checkId], fileName);
}

/** `<prefix>/<unitId>/<within…>/<base name>`, with the unit ID checked and only the file's base name kept. */
function submittedKey(prefix: string, unitId: string, within: string[], fileName: string): string {
  if (!UNIT_ID.test(unitId)) throw new Error(`unit ID "${unitId}" is not valid: it must be 1–64 letters, digits, dots, dashes or underscores, starting with a letter or digit`);
  // A clerk may give a Windows path: both separators end a directory.
  const name = posix.basename(fileName.replace(/\\/g, '/'));
  if (name === '' || name === '.' || name === '..') throw new Error(`"${fileName}" has no file name to upload under`);
  return [prefix, unitId, ...within, name].join('/');
}

export interface NewObject {
  bucket: string;
  key: string;
  body: Uint8Array | Readable;
  /** Needed for a stream: S3 asks for the length up front. */
  contentLength?: number;
  contentType?: string;
  /** User metadata (ASCII). */
  metadata?: Record<string, string>;
}

export async function putObject(s3: S3Client, object: NewObject): Promise<void> {
  await s3.send(new PutObjectCommand({ Bucket: object.bucket, Key: object.key, Body: object.body, ContentLength: object.contentLength, ContentType: object.contentType, Metadata: object.metadata }));
}

/** A JSON object's value, or undefined while there is no such object (a check's result not yet written). */
export async function readJsonIfPresent(s3: S3Client, bucket: string, key: string): Promise<unknown> {
  try {
    // Written by the scan function, not a document: no size limit.
    return JSON.parse(new TextDecoder().decode((await readObject(s3, { bucket, key }, Number.POSITIVE_INFINITY)).bytes));
  } catch (err) {
    if (err instanceof NoSuchKey || (err as Error).name === 'NoSuchKey') return undefined;
    throw err;
  }
}

/** A value stored as a JSON object (a check's result). */
export const putJson = (s3: S3Client, bucket: string, key: string, value: unknown): Promise<void> =>
  putObject(s3, { bucket, key, body: new TextEncoder().encode(JSON.stringify(value)), contentType: 'application/json' });

/** The crawler's documents, in one bucket. */
export function documentStore(s3: S3Client, bucket: string): DocumentStore {
  return {
    put: (key, body, metadata, contentType) => putObject(s3, { bucket, key, body, metadata, ...(contentType && { contentType }) }),
  };
}

/** What a presigned upload must carry: signed as headers, so that S3 refuses a PUT of another type or size. */
export interface UploadTerms {
  contentType: string;
  size: number;
}

/** A URL through which anyone holding it may PUT this one object, for `expiresInSeconds`, with the given type and size when `terms` are given. */
export function presignUpload(s3: S3Client, bucket: string, key: string, expiresInSeconds: number, terms?: UploadTerms): Promise<string> {
  const command = new PutObjectCommand({ Bucket: bucket, Key: key, ...(terms && { ContentType: terms.contentType, ContentLength: terms.size }) });
  return getSignedUrl(s3, command, { expiresIn: expiresInSeconds, ...(terms && { signableHeaders: new Set(['content-type', 'content-length']) }) });
}

/** A URL through which anyone holding it may GET this one object for `expiresInSeconds`, saved under `fileName`. */
export function presignDownload(s3: S3Client, bucket: string, key: string, expiresInSeconds: number, fileName: string): Promise<string> {
  const disposition = `attachment; filename*=UTF-8''${encodeURIComponent(fileName)}`;
  return getSignedUrl(s3, new GetObjectCommand({ Bucket: bucket, Key: key, ResponseContentDisposition: disposition }), { expiresIn: expiresInSeconds });
}

/** The current version of an object (undefined in an unversioned bucket), or null when it is gone. */
export async function currentVersion(s3: S3Client, bucket: string, key: string): Promise<string | null | undefined> {
  try {
    return (await s3.send(new HeadObjectCommand({ Bucket: bucket, Key: key }))).VersionId;
  } catch (err) {
    if (err instanceof NotFound || (err as Error).name === 'NotFound') return null;
    throw err;
  }
}

/** Every object under a prefix, with when it was last written. */
export async function listObjects(s3: S3Client, bucket: string, prefix: string): Promise<Array<{ key: string; lastModified: Date }>> {
  const objects: Array<{ key: string; lastModified: Date }> = [];
  for await (const page of paginateListObjectsV2({ client: s3 }, { Bucket: bucket, Prefix: prefix })) {
    for (const object of page.Contents ?? []) if (object.Key && object.LastModified) objects.push({ key: object.Key, lastModified: object.LastModified });
  }
  return objects;
}

/** Deletes the objects, a thousand a request (S3's most). */
export async function deleteObjects(s3: S3Client, bucket: string, keys: readonly string[]): Promise<void> {
  for (let start = 0; start < keys.length; start += 1000) {
    const Objects = keys.slice(start, start + 1000).map((Key) => ({ Key }));
    await s3.send(new DeleteObjectsCommand({ Bucket: bucket, Delete: { Objects, Quiet: true } }));
  }
}

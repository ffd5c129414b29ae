// S3, as the scan function uses it: the objects an event names, read whole up to a size limit.
import { GetObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import type { S3EventRecord } from 'aws-lambda';
import { ScanError } from '../errors.ts';

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

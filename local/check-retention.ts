// The local stand-in for the bucket's lifecycle rules on checks (infra/ingest-bucket.ts): a clerk's
// drafts, their results and masked copies are deleted once older than the retention period.
// s3rver has no lifecycle, so `leakscan serve` runs this at start and then every hour.
import type { S3Client } from '@aws-sdk/client-s3';
import { deleteObjects, listObjects } from '../shared/aws/s3.ts';
import { CHECK_RESULTS_PREFIX, CHECKS_PREFIX } from '../shared/findings-message.ts';

/** Deletes every check object written more than `days` days before `now`; returns how many. */
export async function expireChecks(s3: S3Client, bucket: string, days: number, now: Date): Promise<number> {
  const cutoff = now.getTime() - days * 24 * 3600 * 1000;
  const expired: string[] = [];
  for (const prefix of [`${CHECKS_PREFIX}/`, CHECK_RESULTS_PREFIX]) {
    for (const object of await listObjects(s3, bucket, prefix)) if (object.lastModified.getTime() <= cutoff) expired.push(object.key);
  }
  await deleteObjects(s3, bucket, expired);
  return expired.length;
}

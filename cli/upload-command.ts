// `leakscan upload <unitId> <files...>` and `leakscan upload-url <unitId> <fileName>`: documents
// into the ingest bucket under uploads/<unitId>/, where the scan function picks them up, for a
// clerk without the AWS console (the bucket $LEAKSCAN_BUCKET or --bucket).
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { documentClient, getItem } from '../shared/aws/dynamodb.ts';
import { presignUpload, putObject, s3Client, uploadKey } from '../shared/aws/s3.ts';
import { UNASSIGNED_UNIT } from '../shared/findings-message.ts';

/** Exit codes: 0 uploaded, 2 a file is missing, not a regular file or clashes with another (then nothing is uploaded). */
export async function uploadFiles(unitId: string, files: string[], bucket: string, unitsTable: string): Promise<number> {
  const uploads = files.map((file) => ({ file, key: uploadKey(unitId, file) }));
  const problems = await fileProblems(uploads);
  if (problems.length > 0) {
    for (const problem of problems) process.stderr.write(`leakscan: ${problem}\n`);
    process.stderr.write('leakscan: nothing was uploaded\n');
    return 2;
  }
  await warnIfUnregistered(unitId, unitsTable);
  const s3 = s3Client();
  try {
    for (const { file, key } of uploads) {
      const { size } = await stat(file);
      await putObject(s3, { bucket, key, body: createReadStream(file), contentLength: size });
      process.stdout.write(`uploaded ${file} → s3://${bucket}/${key} (${size} bytes)\n`);
    }
  } finally {
    // Its keep-alive sockets would hold the process open.
    s3.destroy();
  }
  process.stdout.write(`${uploads.length} file${uploads.length === 1 ? '' : 's'} uploaded for unit ${unitId}\n`);
  return 0;
}

/** Every reason not to start, so that a clerk fixes them all at once. */
export async function fileProblems(uploads: Array<{ file: string; key: string }>): Promise<string[]> {
  const problems: string[] = [];
  const fileByKey = new Map<string, string>();
  for (const { file, key } of uploads) {
    const stats = await stat(file).catch(() => undefined);
    if (!stats) problems.push(`${file}: no such file`);
    else if (!stats.isFile()) problems.push(`${file}: not a regular file`);
    // Same base name, same object: the later file would replace the earlier.
    const other = fileByKey.get(key);
    if (other !== undefined) problems.push(`${other} and ${file} would both be uploaded as ${key}`);
    fileByKey.set(key, file);
  }
  return problems;
}

/** A warning only: an unregistered unit's documents are still scanned, and counted as unassigned. */
async function warnIfUnregistered(unitId: string, table: string): Promise<void> {
  const db = documentClient();
  try {
    const unit = await getItem(db, table, { id: unitId });
    if (!unit) process.stderr.write(`leakscan: warning: unit ${unitId} is not in the registry ${table}: its findings will be counted under "${UNASSIGNED_UNIT}"\n`);
  } catch (err) {
    process.stderr.write(`leakscan: warning: the registry ${table} could not be checked for unit ${unitId} (${err instanceof Error ? err.message : String(err)}); uploading anyway\n`);
  } finally {
    db.destroy();
  }
}

/** Prints a presigned PUT URL on stdout, and how to use it on stderr (so stdout stays the URL alone). */
export async function uploadUrl(unitId: string, fileName: string, bucket: string, expiresInSeconds: number): Promise<number> {
  const key = uploadKey(unitId, fileName);
  const s3 = s3Client();
  const url = await presignUpload(s3, bucket, key, expiresInSeconds).finally(() => s3.destroy());
  process.stdout.write(`${url}\n`);
  process.stderr.write(`upload within ${expiresInSeconds} s with: curl -X PUT --upload-file ${shellQuoted(fileName)} '${url}'\n`);
  return 0;
}

// The hint is meant to be pasted into a shell: names with spaces or Thai script are quoted.
const shellQuoted = (text: string) => (/^[\w./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`);

// `leakscan units import <file>` and `leakscan units list`: the registry of responsible units in
// DynamoDB (the table $LEAKSCAN_UNITS_TABLE or --table, wherever the AWS SDK is pointed).
import { readFile } from 'node:fs/promises';
import { documentClient, putItems, scanItems } from '../shared/aws/dynamodb.ts';
import { type Unit, parseUnitsCsv } from '../shared/units.ts';
import { alignColumns } from './columns.ts';

/** Exit codes: 0 imported, 2 the file has bad rows (then nothing is imported). */
export async function importUnits(file: string, table: string): Promise<number> {
  const { units, errors } = parseUnitsCsv(await readFile(file, 'utf8'));
  if (errors.length > 0) {
    for (const { line, reason } of errors) process.stderr.write(`${file}:${line}: ${reason}\n`);
    process.stderr.write(`leakscan: ${errors.length} bad row${errors.length > 1 ? 's' : ''}; nothing was imported\n`);
    return 2;
  }
  const db = documentClient();
  try {
    await putItems(db, table, units);
  } finally {
    // Its keep-alive sockets would hold the process open.
    db.destroy();
  }
  process.stdout.write(`imported ${units.length} unit${units.length === 1 ? '' : 's'} into ${table}\n`);
  return 0;
}

export async function listUnits(table: string, format: 'table' | 'json'): Promise<number> {
  const db = documentClient();
  const units = (await scanItems<Unit>(db, table).finally(() => db.destroy())).sort((a, b) => a.id.localeCompare(b.id));
  if (format === 'json') {
    process.stdout.write(JSON.stringify(units, null, 2) + '\n');
    return 0;
  }
  const rows = units.map((u) => [u.id, u.kind, u.name, u.province, u.contactEmails.join(' '), u.websites.join(' ')]);
  const header = ['id', 'kind', 'name', 'province', 'contacts', 'websites'];
  process.stdout.write(alignColumns([header, ...rows]));
  process.stdout.write(`${units.length} unit${units.length === 1 ? '' : 's'}\n`);
  return 0;
}

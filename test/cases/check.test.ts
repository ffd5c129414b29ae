// A check's private result (pure): what the message carries, its severity when it has leaks, and
// never a full identifier, not even in the file name.
import { describe, expect, it } from 'vitest';
import { checkResult } from '../../shared/cases/check.ts';
import { caseSeverity } from '../../shared/cases/severity.ts';
import { checkOf, documentReference, findingsMessage } from '../../shared/findings-message.ts';
import { scanDocument } from '../../shared/scan.ts';
import { isLeak } from '../../shared/types.ts';
import { fingerprint, withCheckDigit } from '../helpers.ts';

const ID = withCheckDigit('310140012345');
const KEY = `checks/tambon-a/k3Fq_9zXw-2LmN8pQ/รายชื่อ ${ID}.csv`;

async function checked(text: string) {
  const result = await scanDocument(KEY, new TextEncoder().encode(text), { fingerprint });
  const message = findingsMessage(documentReference({ bucket: 'ingest', key: KEY }), result, new Date('2026-11-25T03:00:00Z'));
  return { message, result: checkResult(checkOf(KEY)!, message) };
}

describe('check result', () => {
  it('carries the message’s findings and counts, the severity the case rules give, and no full identifier', async () => {
    const { message, result } = await checked(`ชื่อ,ที่อยู่,เลขประจำตัวประชาชน\nนายสมชาย ใจดี,12 หมู่ 3 ต.ทดสอบ,${ID}\n`);
    const { severity, reasons } = caseSeverity(message.findings.filter(isLeak));
    expect(result).toMatchObject({ unitId: 'tambon-a', checkId: 'k3Fq_9zXw-2LmN8pQ', format: 'csv', status: 'scanned', severity, severityReasons: reasons, scannedAt: message.scannedAt });
    expect(result.findings).toEqual(message.findings);
    expect(result.counts).toEqual({ ...message.counts, unreadable: 0 });
    expect(result.fileName).toMatch(/^รายชื่อ .*\.csv$/);
    expect(JSON.stringify(result)).not.toContain(ID);
  });

  it('has no severity when nothing leaks', async () => {
    const { result } = await checked(`ชื่อ,เลขประจำตัวประชาชน\nนายหนึ่ง,XXXX${ID.slice(4)}\n`);
    expect(result.counts.leaks).toBe(0);
    expect(result).not.toHaveProperty('severity');
    expect(result).not.toHaveProperty('severityReasons');
  });
});

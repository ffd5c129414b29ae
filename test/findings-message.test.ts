import { describe, expect, it } from 'vitest';
import { UNASSIGNED_UNIT, checkOf, checkResultKey, documentReference, findingsMessage, isCheckResultKey, withRegisteredUnit } from '../shared/findings-message.ts';
import { scannedCase } from '../shared/cases/case.ts';
import { caseListing, unitScopes } from '../shared/cases/model.ts';
import { RECOVERABLE_REASON } from '../shared/cases/severity.ts';
import { fingerprinter } from '../shared/fingerprint.ts';
import { scanDocument } from '../shared/scan.ts';
import { schemaErrors } from './findings-schema.ts';
import { UNREAD_DIGITS, unreadableFinding, withCheckDigit } from './helpers.ts';

const ID = withCheckDigit('310140012345');

describe('document reference', () => {
  it('takes the unit from uploads/<unitId>/… and crawled/<unitId>/…, and counts anything else as unassigned', () => {
    expect(documentReference({ bucket: 'b', key: 'uploads/abt-1234/list.pdf' })).toMatchObject({ unitId: 'abt-1234', origin: 'upload' });
    expect(documentReference({ bucket: 'b', key: 'crawled/muni.7/ab12.pdf', sourceUrl: 'https://x.go.th/a.pdf' })).toMatchObject({
      unitId: 'muni.7',
      origin: 'crawl',
      sourceUrl: 'https://x.go.th/a.pdf',
    });
    for (const key of ['list.pdf', 'uploads/list.pdf', 'uploads/../x/list.pdf', 'other/abt-1/list.pdf', 'uploads/ชื่อ/list.pdf']) {
      expect(documentReference({ bucket: 'b', key }).unitId).toBe(UNASSIGNED_UNIT);
    }
  });

  it('takes a check from checks/<unitId>/<checkId>/<file name>, and keeps a malformed one a check, unassigned', () => {
    const key = 'checks/abt-1234/k3Fq_9zXw-2LmN8pQ/ร่าง/รายชื่อ.pdf';
    expect(documentReference({ bucket: 'b', key })).toMatchObject({ unitId: 'abt-1234', origin: 'check' });
    expect(checkOf(key)).toEqual({ unitId: 'abt-1234', checkId: 'k3Fq_9zXw-2LmN8pQ', fileName: 'ร่าง/รายชื่อ.pdf' });
    expect(checkResultKey(checkOf(key)!)).toBe('check-results/abt-1234/k3Fq_9zXw-2LmN8pQ.json');
    // A check ID too short to be random, or not URL-safe; a bad unit; no file name: no check to answer, and never a published document.
    for (const bad of [
      'checks/abt-1234/short/list.pdf',
      'checks/abt-1234/k3Fq.9zXw+2LmN8pQ/list.pdf',
      'checks/ชื่อ/k3Fq_9zXw-2LmN8pQ/list.pdf',
      'checks/abt-1234/k3Fq_9zXw-2LmN8pQ',
      'checks/abt-1234/list.pdf',
    ]) {
      expect(checkOf(bad)).toBeUndefined();
      expect(documentReference({ bucket: 'b', key: bad })).toMatchObject({ unitId: UNASSIGNED_UNIT, origin: 'check' });
    }
    expect(documentReference({ bucket: 'b', key: 'constructor/abt-1/list.pdf' })).toMatchObject({ unitId: UNASSIGNED_UNIT, origin: 'other' });
    expect(isCheckResultKey('check-results/abt-1234/k3Fq_9zXw-2LmN8pQ.json')).toBe(true);
    expect(isCheckResultKey('checks/abt-1234/k3Fq_9zXw-2LmN8pQ/list.pdf')).toBe(false);
  });

  it('counts a unit the registry does not know as unassigned, keeping the unit the key claimed', () => {
    const reference = documentReference({ bucket: 'b', key: 'uploads/abt-9999/list.pdf' });
    expect(withRegisteredUnit(reference, true)).toBe(reference);
    expect(withRegisteredUnit(reference, false)).toMatchObject({ unitId: UNASSIGNED_UNIT, claimedUnitId: 'abt-9999', origin: 'upload' });
    const other = documentReference({ bucket: 'b', key: 'misc/list.pdf' });
    expect(withRegisteredUnit(other, false)).toEqual(other);
  });
});

describe('findings message', () => {
  it('conforms to its JSON Schema, counts by type and status, and holds no full identifier', async () => {
    const result = await scanDocument('uploads/u1/list.csv', new TextEncoder().encode(`ชื่อ,เลขประจำตัวประชาชน,โทร\nนายหนึ่ง,${ID},081-234-5678\nนายสอง,XXXX${ID.slice(4)},081-234-XXXX\n`), {
      fingerprint: fingerprinter('k'),
    });
    const message = findingsMessage(documentReference({ bucket: 'b', key: 'uploads/u1/list.csv', versionId: 'v1', etag: 'e' }), result, new Date('2026-11-25T00:00:00Z'));
    expect(schemaErrors(JSON.parse(JSON.stringify(message)))).toEqual([]);
    expect(message.counts.byTypeAndStatus.national_id).toEqual({ unmasked: 1, insufficient: 0, masked: 1, unreadable: 0 });
    expect(message.counts.leaks).toBe(2);
    expect(JSON.stringify(message)).not.toContain(ID);
    for (const finding of message.findings) expect(finding.display.replace(/\D/g, '').length).toBeLessThanOrEqual(4);
    // The schema is strict: a message that carried the number itself would not pass.
    expect(schemaErrors({ ...message, findings: [{ ...message.findings[0], value: ID }] })).not.toEqual([]);
  });

  it('carries how many numbers a national ID leaves, which cases keep for their severity', async () => {
    const recoverable = `${ID.slice(0, 4)}X${ID.slice(5)}`;
    const result = await scanDocument('uploads/u1/list.txt', new TextEncoder().encode(`นางสมศรี ใจดี เลขประจำตัวประชาชน ${recoverable}\n`), { fingerprint: fingerprinter('k') });
    const message = findingsMessage(documentReference({ bucket: 'b', key: 'uploads/u1/list.txt' }), result, new Date());
    expect(message.findings).toEqual([expect.objectContaining({ type: 'national_id', status: 'insufficient', candidates: 1 })]);
    expect(schemaErrors(JSON.parse(JSON.stringify(message)))).toEqual([]);
    expect(schemaErrors({ ...message, findings: [{ ...message.findings[0], candidates: -1 }] })).not.toEqual([]);
    expect(schemaErrors({ ...message, findings: [{ ...message.findings[0], candidates: 1.5 }] })).not.toEqual([]);
    const c = scannedCase(message, caseListing(unitScopes('tambon-a', undefined), undefined));
    expect(c.findings[0]!.candidates).toBe(1);
    expect(c).toMatchObject({ severity: 'high', severityReasons: expect.arrayContaining([RECOVERABLE_REASON]) });
  });

  it('carries regions OCR could not read under their own status and count, not as leaks, without their digits', async () => {
    const result = await scanDocument('uploads/u1/scan.txt', new TextEncoder().encode(`เลขประจำตัวประชาชน ${ID}\n`), { fingerprint: fingerprinter('k') });
    result.findings.push(unreadableFinding());
    const message = findingsMessage(documentReference({ bucket: 'b', key: 'uploads/u1/scan.pdf' }), result, new Date());
    expect(schemaErrors(JSON.parse(JSON.stringify(message)))).toEqual([]);
    expect(message.counts).toMatchObject({ leaks: 1, byTypeAndStatus: { national_id: { unmasked: 1, unreadable: 1 } } });
    expect(JSON.stringify(message).replace(/\D/g, '')).not.toContain(UNREAD_DIGITS);
    // The schema holds an unreadable finding to a display without any digit, and counts to the new status.
    const unreadable = message.findings[1]!;
    expect(schemaErrors({ ...message, findings: [{ ...unreadable, display: '3-????-?????-??-?' }] })).not.toEqual([]);
    const { unreadable: _dropped, ...withoutCount } = message.counts.byTypeAndStatus.phone;
    expect(schemaErrors({ ...message, counts: { ...message.counts, byTypeAndStatus: { ...message.counts.byTypeAndStatus, phone: withoutCount } } })).not.toEqual([]);
    const c = scannedCase(message, caseListing(unitScopes('tambon-a', undefined), undefined));
    expect(c).toMatchObject({ counts: { leaks: 1 }, unreadable: [expect.objectContaining({ status: 'unreadable' })] });
    expect(c.findings.map((f) => f.status)).toEqual(['unmasked']);
  });

  it('carries an unscannable document with its error code', async () => {
    const result = await scanDocument('uploads/u1/x.pdf', new TextEncoder().encode('%PDF-1.7\n1 0 obj <<'), { fingerprint: fingerprinter('k') });
    const message = findingsMessage(documentReference({ bucket: 'b', key: 'uploads/u1/x.pdf' }), result, new Date());
    expect(message.document).toMatchObject({ status: 'error', error: { code: 'corrupt' } });
    expect(schemaErrors(JSON.parse(JSON.stringify(message)))).toEqual([]);
  });
});

// The registry of identifier types (shared/identifier-types.ts): each type declares everything
// that varies by type, and what people read of a type comes from there alone: the e-mails and the
// dashboard page show the same labels, the findings message's schema names the same types.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { S3Client } from '@aws-sdk/client-s3';
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { startDashboard } from '../local/dashboard/server.ts';
import { renderNotice } from '../shared/cases/email.ts';
import { type Case, caseListing } from '../shared/cases/model.ts';
import { IDENTIFIER_TYPES, IDENTIFIER_TYPE_NAMES, type IdentifierType } from '../shared/identifier-types.ts';
import { maskX4 } from '../shared/mask/x4.ts';
import { displayForm, maskStatus } from '../shared/masking.ts';
import { SEVERITY_LABELS, STATUS_LABELS, TYPE_LABELS } from '../shared/thai-labels.ts';
import { PROVINCE_CODES, UNIT_KINDS } from '../shared/units.ts';
import { type Finding, countByTypeAndStatus } from '../shared/types.ts';
import { withCheckDigit } from './helpers.ts';

/** A full value of each type, as detection normalizes it. */
const SAMPLES: Record<IdentifierType, string> = { national_id: withCheckDigit('310140012345'), phone: '0812345678', laser_code: 'JT1234567890' };

const THAI = /[\u0E01-\u0E5B]/;

describe('the identifier type registry', () => {
  it('lists every type once, in the order reports use', () => {
    expect(IDENTIFIER_TYPE_NAMES).toEqual(Object.keys(IDENTIFIER_TYPES));
    expect(new Set(IDENTIFIER_TYPE_NAMES).size).toBe(IDENTIFIER_TYPE_NAMES.length);
  });

  it.each(IDENTIFIER_TYPE_NAMES)('%s: labels in Thai and English, the X4 threshold, a display of every position', (type) => {
    const spec = IDENTIFIER_TYPES[type];
    expect(spec.label.th).toMatch(THAI);
    expect(spec.label.en).toMatch(/^[\x20-\x7E]+$/);
    expect(spec.maskedAt).toBe(4);
    expect(SAMPLES[type]).toHaveLength(spec.letters + spec.digits);
    const groups = spec.displayGroups(SAMPLES[type]);
    expect(groups.reduce((a, b) => a + b, 0)).toBe(SAMPLES[type].length);
    // The display shows at most 4 digits, and no letter.
    expect(displayForm(type, SAMPLES[type]).replace(/[X-]/g, '')).toHaveLength(4);
    if (spec.unlocksWith) expect(IDENTIFIER_TYPE_NAMES).toContain(spec.unlocksWith);
  });

  it.each(IDENTIFIER_TYPE_NAMES)('%s: masking by the X4 rule makes what the status calls masked, one digit less is insufficient', (type) => {
    const { letters, maskedAt } = IDENTIFIER_TYPES[type];
    const [prefix, digits] = [SAMPLES[type].slice(0, letters), SAMPLES[type].slice(letters)];
    const masked = maskX4(type, digits, 'last');
    expect(masked.split('X').length - 1).toBe(maskedAt);
    expect(maskStatus(type, prefix + masked)).toBe('masked');
    expect(maskStatus(type, prefix + masked.replace('X', '0'))).toBe('insufficient');
    expect(maskStatus(type, SAMPLES[type])).toBe('unmasked');
  });

  it('names the types the findings message schema names', () => {
    const schema = JSON.parse(readFileSync(new URL('../shared/findings-message.schema.json', import.meta.url), 'utf8'));
    const byTypeAndStatus = schema.properties.counts.properties.byTypeAndStatus;
    expect(schema.$defs.finding.properties.type.enum).toEqual(IDENTIFIER_TYPE_NAMES);
    expect(byTypeAndStatus.required).toEqual(IDENTIFIER_TYPE_NAMES);
    expect(Object.keys(byTypeAndStatus.properties)).toEqual(IDENTIFIER_TYPE_NAMES);
    expect(Object.keys(countByTypeAndStatus([]))).toEqual(IDENTIFIER_TYPE_NAMES);
  });
});

describe('labels', () => {
  it('the e-mails and the dashboard page show the registry’s Thai labels', async () => {
    const findings: Finding[] = IDENTIFIER_TYPE_NAMES.map((type, i) => ({
      type,
      status: 'unmasked',
      fingerprint: String(i).repeat(64),
      display: displayForm(type, SAMPLES[type]),
      location: { line: i + 1, excerpt: '' },
      confidence: 0.9,
    }));
    const at = '2026-11-25T07:00:00Z';
    const leakCase: Case = {
      ...caseListing({ unitId: 'unit-1', province: 'ชัยภูมิ', kind: 'อบต.' }, undefined),
      caseId: 'case-1',
      unitId: 'unit-1',
      documentId: 's3://docs/uploads/unit-1/list.csv',
      document: { bucket: 'docs', key: 'uploads/unit-1/list.csv', unitId: 'unit-1', origin: 'upload', format: 'csv' },
      state: 'open',
      openedAt: at,
      history: [{ state: 'open', at, reason: 'leaks found' }],
      emails: [],
      scannedAt: at,
      deadline: '2026-11-28T07:00:00Z',
      findings,
      counts: { byTypeAndStatus: countByTypeAndStatus(findings), leaks: findings.length, persons: 1 },
      severity: 'high',
      severityReasons: [],
    };
    const email = renderNotice({ id: 'unit-1', name: 'เทศบาลตำบลทดสอบ' }, [leakCase], { replyTo: 'leakscan@pdpc.or.th' });
    for (const f of findings) expect(email.text).toContain(`| ${f.display} | ${IDENTIFIER_TYPES[f.type].label.th} | `);

    const dashboard = await startDashboard({
      port: 0,
      db: {} as DynamoDBDocumentClient,
      tables: { cases: 'cases', metrics: 'metrics', units: 'units' },
      s3: {} as S3Client,
      bucket: 'ingest',
      mailboxUrl: 'http://127.0.0.1:1/',
      runCrawl: async () => ({}),
      runFollowUp: async () => ({}),
    });
    const directory = mkdtempSync(join(tmpdir(), 'leakscan-labels-'));
    try {
      const appJs = await (await fetch(new URL('app.js', dashboard.url))).text();
      const [, labelsPath] = /^import \{ [\w, ]*TYPE_LABELS[\w, ]* \} from '\.(\/[\w-]+\.js)';$/m.exec(appJs) ?? [];
      expect(labelsPath).toBeDefined();
      const response = await fetch(new URL(labelsPath!, dashboard.url));
      expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
      // Loaded as the browser loads it: a module of its own.
      const file = join(directory, 'thai-labels.js');
      writeFileSync(file, await response.text());
      const served = (await import(pathToFileURL(file).href)) as Record<string, Record<string, string>>;
      expect({ ...served }).toEqual({ TYPE_LABELS, STATUS_LABELS, SEVERITY_LABELS, UNIT_KINDS, PROVINCES: Object.keys(PROVINCE_CODES).sort((a, b) => a.localeCompare(b, 'th')) });
      expect(TYPE_LABELS).toEqual(Object.fromEntries(IDENTIFIER_TYPE_NAMES.map((type) => [type, IDENTIFIER_TYPES[type].label.th])));
      // No copy of them in the page's own script.
      for (const label of [...Object.values(TYPE_LABELS), ...Object.values(STATUS_LABELS), ...Object.values(SEVERITY_LABELS)]) expect(appJs).not.toContain(`'${label}'`);
    } finally {
      await dashboard.close();
      rmSync(directory, { recursive: true, force: true });
    }
  });
});

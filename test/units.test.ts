// The registry of units: the CSV's checks, and `leakscan units import|list` against dynalite.
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseUnitsCsv } from '../shared/units.ts';
import { runLeakscan } from './leakscan-process.ts';
import { type LocalAws, startLocalAws } from '../local/aws-servers.ts';

const ROOT = resolve(import.meta.dirname, '..');
const EXAMPLE = join(ROOT, 'registry', 'units.csv');
const HEADER = 'id,name,kind,province,district,websites,hosts,contact_emails,supervisor_email';

describe('units CSV', () => {
  it('reads every unit of the example file, hosts from its websites and the hosts column', () => {
    const { units, errors } = parseUnitsCsv(readFileSync(EXAMPLE, 'utf8'));
    expect(errors).toEqual([]);
    expect(units).toHaveLength(5);
    expect(units.find((u) => u.id === 'nongmuang-mun')).toEqual({
      id: 'nongmuang-mun',
      name: 'เทศบาลเมืองหนองม่วง',
      kind: 'เทศบาลเมือง',
      province: 'จันทบุรี',
      district: 'โคกค้อ',
      websites: ['https://www.nongmuang.go.th/', 'https://nongmuang.go.th/'],
      hosts: ['eservice.nongmuang.go.th', 'www.nongmuang.go.th', 'nongmuang.go.th'],
      contactEmails: ['saraban@nongmuang.go.th', 'dpo@nongmuang.go.th'],
      supervisorEmail: 'chanthaburi-local@dla.go.th',
      coordinator: 'coordinator@nongmuang-mun.go.th',
    });
    // The coordinator column may be empty, or left out of a file altogether.
    expect(units.filter((u) => u.coordinator)).toHaveLength(4);
    expect(parseUnitsCsv(`${HEADER}\nu1,อบต.หนึ่ง,อบต.,ชัยภูมิ,,,,dpo@a.go.th,\n`).units[0]).not.toHaveProperty('coordinator');
    expect(parseUnitsCsv(`${HEADER},coordinator\nu1,อบต.หนึ่ง,อบต.,ชัยภูมิ,,,,dpo@a.go.th,,someone\n`).errors[0]!.reason).toBe('coordinator "someone" is not an address');
  });

  it('reports every bad row with its line and reason, and then gives no unit at all', () => {
    const text = [HEADER, 'good-1,อบต.ดี,อบต.,ชัยภูมิ,,https://good.go.th/,,dpo@good.go.th,', 'bad id,อบต.หนึ่ง,อบต.,ชัยภูมิ,,,,dpo@a.go.th,', 'good-1,อบต.สอง,โรงเรียน,,,ftp://x.go.th/,,,nobody'].join('\n');
    const { units, errors } = parseUnitsCsv(text);
    expect(units).toEqual([]);
    expect(errors.map((e) => e.line)).toEqual([3, 4]);
    expect(errors[0]!.reason).toMatch(/id "bad id" must be/);
    expect(errors[1]!.reason).toMatch(
      /id good-1 is already on line 2; kind "โรงเรียน" is not one of .*; province is empty; website "ftp:\/\/x.go.th\/" is not an http\(s\) URL; contact_emails is empty.*; supervisor_email "nobody" is not an address/,
    );
    expect(parseUnitsCsv(`${HEADER}\nu1,อบต.หนึ่ง,อบต.,Chaiyaphum,,,,dpo@a.go.th,\n`).errors[0]!.reason).toBe(`province "Chaiyaphum" is not one of Thailand's 77 provinces (written in Thai, e.g. ชัยภูมิ)`);
    expect(parseUnitsCsv('id,name\nx,y\n').errors).toEqual([{ line: 1, reason: 'the header lacks the columns kind, province, websites, contact_emails' }]);
    expect(parseUnitsCsv(`${HEADER}\n"unclosed,quote\n`).errors[0]!.reason).toMatch(/not valid CSV/);
  });
});

describe('leakscan units', () => {
  let aws: LocalAws;
  beforeAll(async () => {
    aws = await startLocalAws({ tables: { units: ['id'] } });
  });
  afterAll(() => aws?.stop());

  const leakscan = (...args: string[]) => runLeakscan(['units', ...args], { LEAKSCAN_UNITS_TABLE: 'units' });

  it('imports the example file, again without change, lists the units, and imports nothing from a file with a bad row', { timeout: 60_000 }, async () => {
    const first = await leakscan('import', EXAMPLE);
    expect(first.status, first.stderr).toBe(0);
    expect(first.stdout).toBe('imported 5 units into units\n');
    const listed = JSON.parse((await leakscan('list', '--format', 'json')).stdout);
    expect((await leakscan('import', EXAMPLE)).status).toBe(0);
    expect(JSON.parse((await leakscan('list', '--format', 'json')).stdout)).toEqual(listed);
    expect(listed.map((u: { id: string }) => u.id)).toEqual(['khaonoi-sao', 'khaolek-sao', 'nongmuang-mun', 'thungkrathum-mun', 'ubon-pao'].sort());
    const table = (await leakscan('list')).stdout;
    expect(table).toContain('เทศบาลตำบลทุ่งกระทุ่ม');
    expect(table.trim().split('\n').at(-1)).toBe('5 units');

    const dir = mkdtempSync(join(tmpdir(), 'leakscan-units-'));
    const bad = join(dir, 'units.csv');
    writeFileSync(bad, `${HEADER}\nnew-1,อบต.ใหม่,อบต.,ชัยภูมิ,,,,dpo@new.go.th,\nnew-2,อบต.ผิด,อบต.,ชัยภูมิ,,,,,\n`);
    const refused = await leakscan('import', bad);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain(`${bad}:3: contact_emails is empty`);
    expect(refused.stderr).toContain('nothing was imported');
    expect(JSON.parse((await leakscan('list', '--format', 'json')).stdout)).toHaveLength(5);
  });
});

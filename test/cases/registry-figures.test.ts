import { describe, expect, it } from 'vitest';
import { registryFigures } from '../../shared/cases/registry-figures.ts';
import type { Unit } from '../../shared/units.ts';

const unit = (id: string, kind: string, province: string, more: Partial<Unit> = {}): Unit =>
  ({ id, name: id, kind, province, websites: [], hosts: [], contactEmails: ['dpo@example.go.th'], ...more }) as Unit;

describe('registry figures', () => {
  it('counts units, coordinators on record, websites and websites the last crawl could not reach, in total, per kind and per province', () => {
    const units = [
      unit('a', 'อบต.', 'ชัยภูมิ', { coordinator: 'dpo@a.go.th', websites: ['https://a.go.th/'], crawl: { at: '2026-11-30T01:00:00Z', fetched: 0, stored: 0, error: 'refused' } }),
      unit('b', 'อบต.', 'ลำปาง', { websites: ['https://b.go.th/'], crawl: { at: '2026-11-30T01:00:00Z', fetched: 12, stored: 3 } }),
      // A website never crawled yet is not counted as unreachable.
      unit('c', 'เทศบาลเมือง', 'ลำปาง', { websites: ['https://c.go.th/'] }),
    ];
    const figures = Object.fromEntries(registryFigures(units, new Date('2026-11-30T10:00:00Z')).map(({ scope, day: _day, countedAt: _at, ...counts }) => [scope, counts]));
    expect(figures).toEqual({
      all: { Units: 3, UnitsWithCoordinator: 1, UnitsWithWebsite: 3, WebsitesUnreachable: 1 },
      'kind#อบต.': { Units: 2, UnitsWithCoordinator: 1, UnitsWithWebsite: 2, WebsitesUnreachable: 1 },
      'kind#เทศบาลเมือง': { Units: 1, UnitsWithCoordinator: 0, UnitsWithWebsite: 1, WebsitesUnreachable: 0 },
      'province#ชัยภูมิ': { Units: 1, UnitsWithCoordinator: 1, UnitsWithWebsite: 1, WebsitesUnreachable: 1 },
      'province#ลำปาง': { Units: 2, UnitsWithCoordinator: 0, UnitsWithWebsite: 2, WebsitesUnreachable: 0 },
    });
  });

  it('keeps them under the month they were counted in, in Thailand: each month keeps its last count', () => {
    const keyAt = (at: string) => registryFigures([unit('a', 'อบต.', 'ชัยภูมิ')], new Date(at))[0]!.day;
    expect(keyAt('2026-11-30T16:59:00Z')).toBe('registry#2026-11');
    // Midnight in Bangkok (UTC+7): December there.
    expect(keyAt('2026-11-30T17:00:00Z')).toBe('registry#2026-12');
  });
});

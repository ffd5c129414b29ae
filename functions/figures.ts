// The day's figures as EMF metrics, named as the DynamoDB counters: once without dimensions, and
// by unit kind and by province (not by unit: 31,561 units would be as many metrics to pay for),
// as ASCII codes (CloudWatch takes no Thai in dimension values): shared/units.ts.
import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import type { UnitScopes } from '../shared/cases/model.ts';
import type { RecordedChange } from '../shared/cases/repository.ts';
import { UNASSIGNED_UNIT } from '../shared/findings-message.ts';
import { PROVINCE_CODES, UNIT_KIND_CODES, type UnitKind } from '../shared/units.ts';

export function recordFigures(metrics: Metrics, { counters, remediationHours }: RecordedChange, scopes: UnitScopes): void {
  for (const [name, value] of Object.entries(counters)) {
    if (!value) continue;
    metrics.addMetric(name, MetricUnit.Count, value);
    for (const [dimension, scope] of [
      ['UnitKind', UNIT_KIND_CODES[scopes.kind as UnitKind]],
      ['Province', PROVINCE_CODES[scopes.province]],
    ] as const) {
      const single = metrics.singleMetric();
      single.addDimension(dimension, scope ?? UNASSIGNED_UNIT);
      single.addMetric(name, MetricUnit.Count, value);
    }
  }
  for (const hours of remediationHours) metrics.addMetric('HoursToRemediation', MetricUnit.NoUnit, hours);
}

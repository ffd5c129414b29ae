// The day's figures as EMF metrics, named as the DynamoDB counters: once without dimensions, and
// by unit kind and by province (not by unit: 31,561 units would be as many metrics to pay for),
// as ASCII codes (CloudWatch takes no Thai in dimension values): shared/units.ts.
import { MetricUnit, type Metrics } from '@aws-lambda-powertools/metrics';
import type { GaugeSet } from '../shared/cases/month-gauges.ts';
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

/**
 * Gauges (the month so far, the registry), one EMF record per set with its dimension. `gauges` is
 * a Metrics of its own: each record is published at once, apart from the function's other metrics.
 */
export function publishGauges(gauges: Metrics, sets: readonly GaugeSet[]): void {
  for (const { dimension, values } of sets) {
    if (dimension) gauges.addDimension(dimension.name, dimension.value);
    for (const [name, value] of Object.entries(values)) gauges.addMetric(name, name.includes('Hours') ? MetricUnit.NoUnit : MetricUnit.Count, value);
    gauges.publishStoredMetrics();
  }
}

// The PDPC's CloudWatch dashboard: how often state agencies' documents leak personal data (over
// time, by unit kind, by province), how well identifiers are masked, how cases progress against the
// 72-hour deadline, and whether the pipeline is healthy. The figures are the notify and follow-up
// functions' EMF metrics (namespace Leakscan, dimension `service` added by Powertools), and the
// queues' and functions' own metrics. Documents and identifiers are counted by the notify function
// (it records every scan); a case's change of state is counted by whichever function makes it (the
// notify function opens, notifies and remediates on a clean rescan; the follow-up remediates a
// document that is gone and escalates), so case figures add both.
import { Duration } from 'aws-cdk-lib';
import {
  Dashboard,
  GraphWidget,
  type IMetric,
  MathExpression,
  Metric,
  PeriodOverride,
  SingleValueWidget,
  TableLayout,
  TableSummaryColumn,
  TableWidget,
  TextWidget,
  TextWidgetBackground,
} from 'aws-cdk-lib/aws-cloudwatch';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { DailyCounter } from '../shared/cases/model.ts';
import { UNASSIGNED_UNIT } from '../shared/findings-message.ts';
import { UNIT_KINDS, UNIT_KIND_CODES } from '../shared/units.ts';
import { FIGURES_NAMESPACE, FOLLOW_UP_SERVICE, NOTIFY_SERVICE } from '../shared/cases/model.ts';

const DAY = Duration.days(1);
const HOUR = Duration.hours(1);

export interface LeakRateDashboardProps {
  dashboardName: string;
  /** Queues whose waiting messages are the pipeline's backlog (scan, findings, crawl). */
  queues: Record<string, IQueue>;
  deadLetterQueues: Record<string, IQueue>;
  functions: Record<string, IFunction>;
}

/** A daily counter of the notify function, in total or for one unit kind or province. */
function counter(metricName: DailyCounter, dimensions: { UnitKind?: string; Province?: string } = {}): Metric {
  return new Metric({ namespace: FIGURES_NAMESPACE, metricName, dimensionsMap: { service: NOTIFY_SERVICE, ...dimensions }, statistic: 'Sum', period: DAY });
}

/** A daily case counter, as counted by the notify function and the follow-up together. */
function caseCounter(metricName: DailyCounter, label: string, id: string): MathExpression {
  const followUp = new Metric({ namespace: FIGURES_NAMESPACE, metricName, dimensionsMap: { service: FOLLOW_UP_SERVICE }, statistic: 'Sum', period: DAY });
  return new MathExpression({ expression: `SUM([${id}Notify, ${id}FollowUp])`, usingMetrics: { [`${id}Notify`]: counter(metricName), [`${id}FollowUp`]: followUp }, label, period: DAY });
}

/** A province's counter, for every province that has one: one series each. */
function byProvince(metricName: DailyCounter, label: string): MathExpression {
  return new MathExpression({
    expression: `SEARCH('{${FIGURES_NAMESPACE},service,Province} service="${NOTIFY_SERVICE}" MetricName="${metricName}"', 'Sum', ${DAY.toSeconds()})`,
    label: `\${PROP('Dim.Province')} · ${label}`,
    period: DAY,
  });
}

export class LeakRateDashboard extends Construct {
  readonly dashboard: Dashboard;

  constructor(scope: Construct, id: string, props: LeakRateDashboardProps) {
    super(scope, id);
    const leakRate = new MathExpression({
      expression: '100 * leaks / scanned',
      usingMetrics: { leaks: counter('DocumentsWithLeaks'), scanned: counter('DocumentsScanned') },
      label: 'อัตราการรั่วไหล · leak rate (%)',
      period: DAY,
    });
    // Every kind of the registry, and documents of units not in it.
    const kinds: Array<[string, string]> = [...UNIT_KINDS.map((kind): [string, string] => [UNIT_KIND_CODES[kind], kind]), [UNASSIGNED_UNIT, 'ไม่อยู่ในทะเบียน · unassigned']];
    const leakRateByKind = kinds.map(
      ([kind, label], i) =>
        new MathExpression({
          expression: `100 * leaks${i} / scanned${i}`,
          usingMetrics: { [`leaks${i}`]: counter('DocumentsWithLeaks', { UnitKind: kind }), [`scanned${i}`]: counter('DocumentsScanned', { UnitKind: kind }) },
          label,
          period: DAY,
        }),
    );
    const maskingCompliance = new MathExpression({
      expression: '100 * masked / (masked + nationalIds + phones + laserCodes)',
      usingMetrics: {
        masked: counter('MaskedIdentifiers'),
        nationalIds: counter('ExposedNationalIds'),
        phones: counter('ExposedPhones'),
        laserCodes: counter('ExposedLaserCodes'),
      },
      label: 'ปกปิดแล้ว · masked (%)',
      period: DAY,
    });
    const followUp = (metricName: string, label: string) =>
      new Metric({ namespace: FIGURES_NAMESPACE, metricName, dimensionsMap: { service: FOLLOW_UP_SERVICE }, statistic: 'Maximum', period: HOUR, label });
    const casesPastDeadline = followUp('CasesPastDeadline', 'เกินกำหนด · past the deadline');
    const casesOpen = followUp('CasesOpen', 'ยังไม่ปิด · open');
    // Percentiles of two functions' values cannot be merged: each function's are shown.
    const hoursToRemediation = (service: string, statistic: string, how: string) =>
      new Metric({ namespace: FIGURES_NAMESPACE, metricName: 'HoursToRemediation', dimensionsMap: { service }, statistic, period: DAY, label: `${statistic} · ${how}` });
    const cases = [
      caseCounter('CasesOpened', 'เปิด · opened', 'opened'),
      caseCounter('CasesNotified', 'แจ้งหน่วยงานแล้ว · notified', 'notified'),
      caseCounter('CasesRemediated', 'แก้ไขแล้ว · remediated', 'remediated'),
      caseCounter('CasesEscalated', 'ส่งต่อ สคส. · escalated', 'escalated'),
    ];
    const each = <T>(record: Record<string, T>, metric: (item: T, name: string) => IMetric): IMetric[] => Object.entries(record).map(([name, item]) => metric(item, name));

    const section = (markdown: string) => new TextWidget({ markdown, width: 24, height: 1, background: TextWidgetBackground.TRANSPARENT });
    this.dashboard = new Dashboard(this, 'Dashboard', {
      dashboardName: props.dashboardName,
      defaultInterval: Duration.days(30),
      // Daily rates stay daily whatever the time range.
      periodOverride: PeriodOverride.INHERIT,
      widgets: [
        [
          new TextWidget({
            markdown: [
              '# leakscan · การรั่วไหลของข้อมูลส่วนบุคคลในเอกสารที่หน่วยงานรัฐเผยแพร่',
              'Personal data exposed in documents published by Thai state agencies, as found by leakscan.',
              '',
              'อัตราการรั่วไหล คือ ร้อยละของเอกสารที่ตรวจแล้วพบข้อมูลส่วนบุคคลรั่วไหล · The leak rate is the percentage of scanned documents in which leaks were found. ' +
                'ตัวเลขรายวันคือผลรวมช่วงละ 24 ชั่วโมง ตัวเลขตามวันปฏิทิน (เวลาประเทศไทย) อยู่ในตาราง metrics · Daily figures are 24-hour sums; counts per calendar day (Thailand time) are in the metrics table.',
            ].join('\n'),
            width: 24,
            height: 3,
            background: TextWidgetBackground.SOLID,
          }),
        ],
        [section('### ภาพรวม · Overview')],
        [
          new GraphWidget({
            title: 'อัตราการรั่วไหล (%) · Leak rate (%)',
            left: [leakRate],
            leftYAxis: { min: 0, showUnits: false },
            // Not leaks: numbers OCR could not read, for people to check by eye.
            right: [counter('UnreadableFindings').with({ label: 'ตัวเลขที่อ่านไม่ออก · unreadable (count)' })],
            rightYAxis: { min: 0, showUnits: false },
            width: 12,
            height: 6,
          }),
          new GraphWidget({
            title: 'อัตราการปกปิดข้อมูล (%) · Masking compliance (%)',
            left: [maskingCompliance],
            leftYAxis: { min: 0, max: 100, showUnits: false },
            width: 12,
            height: 6,
          }),
        ],
        [section('### ตรวจก่อนเผยแพร่ · Checked before publishing')],
        [
          // Clerks' drafts, checked privately: apart from the leak rate, which counts published documents only.
          new GraphWidget({
            title: 'ร่างเอกสารที่ตรวจก่อนเผยแพร่ · Drafts checked before publishing',
            left: [
              counter('ChecksRun').with({ label: 'ตรวจแล้ว · checked' }),
              counter('ChecksWithLeaks').with({ label: 'พบข้อมูลที่ต้องปกปิด · with leaks' }),
              counter('ChecksMasked').with({ label: 'ได้สำเนาที่ปิดบังแล้ว · masked copy made' }),
            ],
            leftYAxis: { min: 0, showUnits: false },
            width: 24,
            height: 6,
          }),
        ],
        [
          // Each unit once a day, however many of its documents were read: how many units the checks reach.
          new GraphWidget({
            title: 'หน่วยงานที่ตรวจเอกสารแล้ว · Units with documents checked',
            left: [counter('UnitsChecked').with({ label: 'ตรวจแล้ว · checked' }), counter('UnitsWithLeaks').with({ label: 'พบการรั่วไหล · with leaks' })],
            leftYAxis: { min: 0, showUnits: false },
            width: 24,
            height: 6,
          }),
        ],
        [section('### ตามประเภทหน่วยงานและจังหวัด · By unit kind and province')],
        [new GraphWidget({ title: 'อัตราการรั่วไหลตามประเภทหน่วยงาน (%) · Leak rate by unit kind (%)', left: leakRateByKind, leftYAxis: { min: 0, showUnits: false }, width: 24, height: 8 })],
        [
          new TableWidget({
            title: 'เอกสารที่พบการรั่วไหลและเอกสารที่ตรวจ ตามจังหวัด · Documents with leaks and documents scanned, by province',
            metrics: [byProvince('DocumentsWithLeaks', 'พบการรั่วไหล · with leaks'), byProvince('DocumentsScanned', 'ตรวจแล้ว · scanned')],
            layout: TableLayout.HORIZONTAL,
            summary: { columns: [TableSummaryColumn.SUM], hideNonSummaryColumns: true, sticky: true },
            width: 24,
            height: 10,
          }),
        ],
        [section('### กรณีการรั่วไหลและกำหนด 72 ชั่วโมง · Cases and the 72-hour deadline')],
        [
          new SingleValueWidget({ title: 'กรณีขณะนี้ · Cases now', metrics: [casesPastDeadline, casesOpen], width: 6, height: 6 }),
          new GraphWidget({ title: 'กรณีที่เกินกำหนด · Open cases past the deadline', left: [casesPastDeadline, casesOpen], leftYAxis: { min: 0, showUnits: false }, width: 6, height: 6 }),
          new GraphWidget({
            title: 'ชั่วโมงจนแก้ไข · Hours to remediation',
            left: [
              hoursToRemediation(NOTIFY_SERVICE, 'p50', 'สแกนซ้ำไม่พบ · clean rescan'),
              hoursToRemediation(NOTIFY_SERVICE, 'p90', 'สแกนซ้ำไม่พบ · clean rescan'),
              hoursToRemediation(FOLLOW_UP_SERVICE, 'p50', 'เอกสารถูกนำออก · document gone'),
              hoursToRemediation(FOLLOW_UP_SERVICE, 'p90', 'เอกสารถูกนำออก · document gone'),
            ],
            leftYAxis: { min: 0, showUnits: false },
            width: 6,
            height: 6,
          }),
          new GraphWidget({
            title: 'กรณีรายวัน · Cases per day',
            left: cases,
            leftYAxis: { min: 0, showUnits: false },
            width: 6,
            height: 6,
          }),
        ],
        [section('### สถานะระบบ · Pipeline health')],
        [
          new GraphWidget({
            title: 'ข้อความที่รอในคิว · Messages waiting',
            left: each(props.queues, (q, name) => q.metricApproximateNumberOfMessagesVisible({ statistic: 'Maximum', period: HOUR, label: name })),
            width: 8,
            height: 6,
          }),
          new GraphWidget({
            title: 'คิวข้อความที่ประมวลผลไม่สำเร็จ · Dead-letter queues',
            left: each(props.deadLetterQueues, (q, name) => q.metricApproximateNumberOfMessagesVisible({ statistic: 'Maximum', period: HOUR, label: name })),
            width: 8,
            height: 6,
          }),
          new GraphWidget({
            title: 'ข้อผิดพลาดของฟังก์ชัน · Function errors',
            left: each(props.functions, (fn, name) => fn.metricErrors({ statistic: 'Sum', period: HOUR, label: name })),
            width: 8,
            height: 6,
          }),
        ],
      ],
    });
  }
}

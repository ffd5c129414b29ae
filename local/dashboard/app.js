// The PDPC dashboard page, served by server.ts: a month's figures (12 months' trend, its days, by
// unit kind and by province), the cases (filtered and paged on the server, the filter kept in the
// address: #cases?state=…), a case's detail (#case/<id>) and a unit's page (#unit/<id>), all read
// from the dashboard's JSON API; clerks check drafts on their own page (/clerk/). Plain browser
// JS, no build step, no inline script or style (the page runs under `default-src 'self'`). Values
// from the API go into the page as text, never as HTML: document names, addresses and unit names
// come from outside. Dates are shown and typed in the Buddhist era, as Thai readers write them.
import { bilingual, buttonById, byId, count, h, svg, thaiDateTime } from './dom.js';
import { PROVINCES, SEVERITY_LABELS, STATUS_LABELS, TYPE_LABELS, UNIT_KINDS } from './thai-labels.js';

/**
 * @typedef {{
 *   group: string, documentsScanned: number, documentsWithLeaks: number, leakRatePercent: number | null,
 *   exposedNationalIds: number, exposedPhones: number, exposedLaserCodes: number, maskedIdentifiers: number,
 *   maskingCompliancePercent: number | null, unreadableFindings: number, casesOpened: number, casesNotified: number,
 *   casesRemediated: number, casesEscalated: number, medianRemediationHours: number | null,
 *   checksRun: number, checksWithLeaks: number, checksMasked: number, unitsChecked: number, unitsWithLeaks: number,
 * }} Row
 * @typedef {{units: number, unitsWithCoordinator: number, unitsWithWebsite: number, websitesUnreachable: number}} RegistryCounts
 * @typedef {{countedAt: string, all: RegistryCounts}} Registry
 * @typedef {Row & {registry: RegistryCounts | null}} RegistryRow a month's, kind's or province's row with the registry as it stood in the month
 * @typedef {{month: string, months: RegistryRow[], days: Row[], total: Row, byKind: RegistryRow[], byProvince: RegistryRow[], registry: Registry | null}} Overview
 * @typedef {{
 *   caseId: string, unitId: string, unitName: string | null, kind: string | null, province: string | null,
 *   documentId: string, documentUrl: string | null, severity: string, state: string, openedAt: string,
 *   deadline: string | null, overdue: boolean, hoursLeft: number | null, leaks: number, unreadable: number,
 * }} CaseSummary
 * @typedef {{
 *   unit: {id: string, name: string, kind: string, province: string, district: string | null, websites: string[], contactEmails: string[], coordinator: string | null, supervisorEmail?: string | null},
 *   months: Row[], cases: CaseSummary[],
 *   crawl: {
 *     lastCrawledAt: string | null, pages?: number, stored?: number, unreachable?: boolean, lastError?: string | null,
 *     documents?: number, recentDocuments?: Array<{url: string, fetchedAt: string, format: string | null}>,
 *   } | null,
 * }} UnitPage
 * @typedef {{kind: 'list', filter: URLSearchParams, month: string | null} | {kind: 'case', id: string} | {kind: 'unit', id: string}} Route
 * @typedef {'ok' | 'warn' | 'bad' | 'none'} Level
 */

/** Form controls of the page, by their id. */
const inputById = (id) => /** @type {HTMLInputElement} */ (document.getElementById(id));
const selectById = (id) => /** @type {HTMLSelectElement} */ (document.getElementById(id));

// ---------------------------------------------------------------------------------------------
// Dates, numbers and thresholds.

const TIME_ZONE = 'Asia/Bangkok';
// Days and months of the figures are Thailand dates already: read at UTC midnight and shown as they are.
const DAY = new Intl.DateTimeFormat('th-TH-u-ca-buddhist', { timeZone: 'UTC', day: 'numeric', month: 'short', year: 'numeric' });
const MONTH = new Intl.DateTimeFormat('th-TH-u-ca-buddhist', { timeZone: 'UTC', month: 'short', year: 'numeric' });
const MONTH_NAME = new Intl.DateTimeFormat('th-TH-u-ca-buddhist', { timeZone: 'UTC', month: 'short' });
// Today in Thailand as YYYY-MM-DD (the Canadian English format is ISO's order).
const ISO_DAY = new Intl.DateTimeFormat('en-CA', { timeZone: TIME_ZONE, year: 'numeric', month: '2-digit', day: '2-digit' });
const thaiDay = (day) => DAY.format(new Date(`${day}T00:00:00Z`));
/** A YYYY-MM month in Thai: ธ.ค. 2569. */
const thaiMonth = (month) => MONTH.format(new Date(`${month}-01T00:00:00Z`));
const percent = (value) => (value === null || value === undefined ? '–' : `${value.toFixed(1)}%`);
const thisMonth = () => ISO_DAY.format(new Date()).slice(0, 7);
/** The BE year of a CE one: 2026 → 2569. */
const BE_OFFSET = 543;

/** The month `by` months after a YYYY-MM month. */
function shiftMonth(month, by) {
  const [year, number] = month.split('-').map(Number);
  return new Date(Date.UTC(year, number - 1 + by, 1)).toISOString().slice(0, 7);
}
/** The first and last days of a YYYY-MM month. */
function monthDays(month) {
  const [year, number] = month.split('-').map(Number);
  return [`${month}-01`, new Date(Date.UTC(year, number, 0)).toISOString().slice(0, 10)];
}

/** A YYYY-MM-DD day as typed in the filter: วว/ดด/ปปปป, Buddhist era (2026-12-07 → 07/12/2569). */
function typedDay(day) {
  const [year, month, date] = day.split('-');
  return `${date}/${month}/${Number(year) + BE_OFFSET}`;
}

/**
 * A day typed as วว/ดด/ปปปป (Buddhist era; Thai digits too) as YYYY-MM-DD (CE) for the API, or
 * what is wrong with it, in Thai. Empty: no day.
 * @returns {{day: string | null} | {error: string}}
 */
function parseTypedDay(text) {
  const typed = text.trim().replace(/[๐-๙]/g, (digit) => String(digit.charCodeAt(0) - 0x0e50));
  if (typed === '') return { day: null };
  const match = /^(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})$/.exec(typed);
  if (!match) return { error: 'พิมพ์วันที่เป็น วว/ดด/ปปปป เช่น 07/12/2569' };
  const [date, month, beYear] = match.slice(1).map(Number);
  if (beYear < 2400) return { error: `ปีต้องเป็น พ.ศ. เช่น ${beYear + BE_OFFSET} ไม่ใช่ ${beYear}` };
  const year = beYear - BE_OFFSET;
  const at = new Date(Date.UTC(year, month - 1, date));
  if (month < 1 || month > 12 || at.getUTCFullYear() !== year || at.getUTCMonth() !== month - 1 || at.getUTCDate() !== date) return { error: `ไม่มีวันที่ ${match[1]}/${match[2]}/${beYear} ในปฏิทิน` };
  return { day: at.toISOString().slice(0, 10) };
}

/** Hours as people say them: 23 ชม., 3 วัน 5 ชม., ไม่ถึง 1 ชม. */
function hoursText(hours) {
  const whole = Math.floor(Math.abs(hours));
  if (whole < 1) return 'ไม่ถึง 1 ชม.';
  if (whole < 48) return `${count(whole)} ชม.`;
  const rest = whole % 24;
  return `${count(Math.floor(whole / 24))} วัน${rest ? ` ${rest} ชม.` : ''}`;
}
/** How long ago an instant was: 5 นาทีที่แล้ว, 3 ชม. ที่แล้ว, 4 วันที่แล้ว. */
function ago(iso) {
  const minutes = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 60_000));
  if (minutes < 60) return `${count(minutes)} นาทีที่แล้ว`;
  if (minutes < 48 * 60) return `${count(Math.floor(minutes / 60))} ชม. ที่แล้ว`;
  return `${count(Math.floor(minutes / 1440))} วันที่แล้ว`;
}

// The thresholds the figures, tables, bars and charts are coloured by, and the legend says.
const LEAK_RATE_OK = 2; // ≤ 2%: green
const LEAK_RATE_WATCH = 10; // ≤ 10%: amber; above: red
const MASKING_OK = 95; // ≥ 95%: green
const MASKING_WATCH = 80; // ≥ 80%: amber; below: red
const DEADLINE_WATCH_HOURS = 24; // less time left than this: amber; overdue: red

/** @returns {Level} */
const leakLevel = (rate) => (rate === null || rate === undefined ? 'none' : rate <= LEAK_RATE_OK ? 'ok' : rate <= LEAK_RATE_WATCH ? 'warn' : 'bad');
/** @returns {Level} */
const maskingLevel = (rate) => (rate === null || rate === undefined ? 'none' : rate >= MASKING_OK ? 'ok' : rate >= MASKING_WATCH ? 'warn' : 'bad');
const LEAK_WORDS = {
  ok: ['อยู่ในเกณฑ์', `at most ${LEAK_RATE_OK}%`],
  warn: ['เฝ้าระวัง', `${LEAK_RATE_OK}–${LEAK_RATE_WATCH}%`],
  bad: ['สูงกว่าเกณฑ์', `above ${LEAK_RATE_WATCH}%`],
  none: ['ยังไม่มีการตรวจ', 'nothing scanned'],
};
const MASKING_WORDS = {
  ok: ['อยู่ในเกณฑ์', `${MASKING_OK}% or more`],
  warn: ['เฝ้าระวัง', `${MASKING_WATCH}–${MASKING_OK}%`],
  bad: ['ต่ำกว่าเกณฑ์', `below ${MASKING_WATCH}%`],
  none: ['ไม่มีเลขให้ปิดบัง', 'no identifiers seen'],
};
/** A rate as coloured text, its level also in words (for who does not see the colour). */
const leakRateText = (rate) => h('span', { class: `level-${leakLevel(rate)}`, title: LEAK_WORDS[leakLevel(rate)].join(' · ') }, percent(rate));
const maskingText = (rate) => h('span', { class: `level-${maskingLevel(rate)}`, title: MASKING_WORDS[maskingLevel(rate)].join(' · ') }, percent(rate));

/** The key to the colours, near the figures they colour. */
/** One colour of a legend, what it means beside it. */
const swatch = (level, thai, english) => h('li', {}, h('span', { class: `swatch level-${level}`, 'aria-hidden': 'true' }), bilingual(thai, english));

function legend() {
  return [
    h('h3', {}, bilingual('ความหมายของสี', 'what the colours mean')),
    h(
      'dl',
      {},
      h('dt', {}, bilingual('อัตราการเปิดเผย', 'leak rate')),
      h(
        'dd',
        {},
        h(
          'ul',
          {},
          swatch('ok', `ไม่เกิน ${LEAK_RATE_OK}% อยู่ในเกณฑ์`, `≤ ${LEAK_RATE_OK}%, green`),
          swatch('warn', `เกิน ${LEAK_RATE_OK}% ถึง ${LEAK_RATE_WATCH}% เฝ้าระวัง`, `≤ ${LEAK_RATE_WATCH}%, amber`),
          swatch('bad', `เกิน ${LEAK_RATE_WATCH}% สูงกว่าเกณฑ์`, `> ${LEAK_RATE_WATCH}%, red`),
        ),
      ),
      h('dt', {}, bilingual('อัตราการปิดบังถูกต้อง', 'masking compliance')),
      h(
        'dd',
        {},
        h(
          'ul',
          {},
          swatch('ok', `ตั้งแต่ ${MASKING_OK}% อยู่ในเกณฑ์`, `≥ ${MASKING_OK}%, green`),
          swatch('warn', `ตั้งแต่ ${MASKING_WATCH}% แต่ไม่ถึง ${MASKING_OK}% เฝ้าระวัง`, `≥ ${MASKING_WATCH}%, amber`),
          swatch('bad', `ต่ำกว่า ${MASKING_WATCH}% ต่ำกว่าเกณฑ์`, `< ${MASKING_WATCH}%, red`),
        ),
      ),
    ),
    h(
      'p',
      { class: 'note' },
      bilingual('ใช้เกณฑ์เดียวกันกับตัวเลข ตาราง แถบ และจุดในกราฟ; เส้นประในกราฟคือเกณฑ์ 2% และ 10%', 'the same thresholds colour figures, tables, bars and chart points; dashed lines mark 2% and 10%'),
    ),
  ];
}
function casesLegend() {
  return h(
    'ul',
    { 'aria-label': 'ความหมายของสีเวลาที่เหลือ' },
    h('li', {}, bilingual('เวลาที่เหลือก่อนกำหนดแจ้ง สคส. (72 ชม. หลังแจ้งหน่วยงาน):', 'time left to notify the PDPC (72 h after the unit is told):')),
    swatch('ok', `เหลือ ${DEADLINE_WATCH_HOURS} ชม. ขึ้นไป`, `${DEADLINE_WATCH_HOURS} h or more`),
    swatch('warn', `เหลือน้อยกว่า ${DEADLINE_WATCH_HOURS} ชม.`, `under ${DEADLINE_WATCH_HOURS} h`),
    swatch('bad', 'เกินกำหนด', 'overdue'),
  );
}

// ---------------------------------------------------------------------------------------------
// The API.

class ApiError extends Error {
  /** @param {number} status 0: no answer @param {string} message the server's (English) */
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

async function api(path, init = undefined) {
  let response;
  try {
    response = await fetch(path, init);
  } catch (err) {
    throw new ApiError(0, err.message);
  }
  let body = null;
  try {
    body = await response.json();
  } catch {
    // An answer that is not JSON: its status says enough.
  }
  if (!response.ok) {
    const error = body?.error;
    throw new ApiError(response.status, typeof error === 'string' ? error : (error?.message ?? `HTTP ${response.status}`));
  }
  return body;
}

/** What went wrong, as a Thai sentence with the server's English message in small type; `notFound` says a 404. */
function failure(thai, err, notFound = 'ไม่พบข้อมูล') {
  const status = err instanceof ApiError ? err.status : -1;
  const why = status === 0 ? 'ติดต่อเซิร์ฟเวอร์ไม่ได้' : status === 400 ? 'คำขอไม่ถูกต้อง' : status === 404 ? notFound : status >= 500 ? 'เซิร์ฟเวอร์ขัดข้อง' : status > 0 ? `เซิร์ฟเวอร์ตอบ ${status}` : 'เกิดข้อผิดพลาด';
  return [`${thai}: ${why}`, ' ', h('small', { lang: 'en' }, err.message)];
}

/** A status line: what happened, its English gist. */
function say(element, kind, ...content) {
  element.className = `status ${kind}`;
  element.replaceChildren(h('span', {}, content));
}

// ---------------------------------------------------------------------------------------------
// Tables and charts.

/** A table of headings and rows of cells (text or elements); `empty` when there are no rows. */
function table(headings, rows, empty, className = '') {
  if (rows.length === 0) return h('p', { class: 'empty' }, empty);
  return h(
    'div',
    { class: 'scroll' },
    h(
      'table',
      { class: className },
      h(
        'thead',
        {},
        h(
          'tr',
          {},
          headings.map((heading) => h('th', { scope: 'col' }, heading)),
        ),
      ),
      h(
        'tbody',
        {},
        rows.map((cells) =>
          h(
            'tr',
            {},
            cells.map((cell) => h('td', {}, cell)),
          ),
        ),
      ),
    ),
  );
}

// Documents of units the registry does not know are counted under this group.
const UNASSIGNED = 'unassigned';
const groupName = (group) => (group === UNASSIGNED || group === null || group === undefined ? 'ไม่อยู่ในทะเบียน' : group);

/** A chart's frame: size, a y scale ending at the next 10% above the highest rate (100% at most), its grid and thresholds. */
function rateScale(rates, width, height, margins) {
  const [left, right, top, bottom] = margins;
  const highest = Math.max(0, ...rates.filter((rate) => rate !== null && rate !== undefined));
  const max = Math.min(100, Math.max(10, Math.ceil(highest / 10) * 10));
  const y = (rate) => top + (height - top - bottom) * (1 - rate / max);
  const grid = [0, max / 2, max].map((value) => [
    svg('line', { x1: left, x2: width - right, y1: y(value), y2: y(value), class: 'grid' }),
    svg('text', { x: left - 6, y: y(value) + 4, class: 'axis', 'text-anchor': 'end' }, `${value}%`),
  ]);
  const thresholds = [
    [LEAK_RATE_OK, 'ok'],
    [LEAK_RATE_WATCH, 'bad'],
  ].map(([value, level]) => svg('line', { x1: left, x2: width - right, y1: y(value), y2: y(value), class: `threshold level-${level}` }));
  return { y, decorations: [grid, thresholds] };
}

/** A line through the points (x, rate); a null rate leaves a gap. */
function ratePath(points) {
  let path = '';
  let pen = 'M';
  for (const [x, rate] of points) {
    if (rate === null || rate === undefined) {
      pen = 'M';
      continue;
    }
    path += `${pen}${x.toFixed(1)},${rate.toFixed(1)} `;
    pen = 'L';
  }
  return path.trim();
}

/** The leak rate of each day as a line, `width` wide; a day without scans leaves a gap. */
function leakRateChart(days, width) {
  const [height, left, right, top, bottom] = [220, 48, 12, 12, 28];
  const { y, decorations } = rateScale(
    days.map((day) => day.leakRatePercent),
    width,
    height,
    [left, right, top, bottom],
  );
  const x = (i) => left + (days.length === 1 ? (width - left - right) / 2 : (i * (width - left - right)) / (days.length - 1));
  const labelled = [...new Set([0, Math.floor((days.length - 1) / 2), days.length - 1])];
  const dayLabels = labelled.map((i) => svg('text', { x: x(i), y: height - 8, class: 'axis', 'text-anchor': i === 0 ? 'start' : i === days.length - 1 ? 'end' : 'middle' }, thaiDay(days[i].group)));
  const path = ratePath(days.map((day, i) => [x(i), day.leakRatePercent === null ? null : y(day.leakRatePercent)]));
  const points = days.map((day, i) =>
    day.leakRatePercent === null
      ? null
      : svg(
          'circle',
          { cx: x(i), cy: y(day.leakRatePercent), r: 3.5, class: `point level-${leakLevel(day.leakRatePercent)}` },
          svg('title', {}, `${thaiDay(day.group)}: ${percent(day.leakRatePercent)} (${count(day.documentsWithLeaks)}/${count(day.documentsScanned)} เอกสาร)`),
        ),
  );
  const empty = path === '' ? svg('text', { x: width / 2, y: height / 2, class: 'axis', 'text-anchor': 'middle' }, 'ยังไม่มีการตรวจเอกสารในเดือนนี้') : null;
  return svg(
    'svg',
    { viewBox: `0 0 ${width} ${height}`, class: 'chart', role: 'img', 'aria-label': `อัตราการเปิดเผยรายวัน ${thaiDay(days[0].group)} – ${thaiDay(days.at(-1).group)}` },
    decorations,
    dayLabels,
    svg('path', { d: path, class: 'line' }),
    points,
    empty,
  );
}

/**
 * The leak rate of each month as a line, each point coloured by its threshold; `selected` is
 * marked, and with `monthHref` each month is a link that shows it. A month's tip names the units
 * checked of the registry's when it has the registry's figures (the overview's, not a unit's).
 * @param {Array<Row & {registry?: RegistryCounts | null}>} months
 * @param {string | null} selected
 * @param {((month: string) => string) | null} monthHref
 * @param {number} width
 */
function monthlyChart(months, selected, monthHref, width) {
  const [height, left, right, top, bottom] = [240, 48, 12, 12, 44];
  const { y, decorations } = rateScale(
    months.map((month) => month.leakRatePercent),
    width,
    height,
    [left, right, top, bottom],
  );
  const band = (width - left - right) / months.length;
  const x = (i) => left + band * (i + 0.5);
  // Narrow: every other month named, ending at the last.
  const named = (i) => band >= 34 || (months.length - 1 - i) % 2 === 0;
  const firstNamed = months.findIndex((_, i) => named(i));
  const path = ratePath(months.map((month, i) => [x(i), month.leakRatePercent === null ? null : y(month.leakRatePercent)]));
  const columns = months.map((month, i) => {
    const rate = month.leakRatePercent;
    const [year, number] = month.group.split('-');
    const units = month.registry ? ` · ตรวจ ${count(month.unitsChecked)} จาก ${count(month.registry.units)} หน่วยงาน · มีผู้ประสานงาน ${count(month.registry.unitsWithCoordinator)}` : '';
    const title = `${thaiMonth(month.group)}: ${percent(rate)} (${count(month.documentsWithLeaks)}/${count(month.documentsScanned)} เอกสาร) · ปิดบังถูกต้อง ${percent(month.maskingCompliancePercent)}${units}`;
    const parts = [
      svg('rect', { x: left + band * i, y: 0, width: band, height, class: 'hit' }),
      named(i)
        ? svg('text', { x: x(i), y: height - 24, class: month.group === selected ? 'axis strong' : 'axis', 'text-anchor': 'middle' }, MONTH_NAME.format(new Date(`${month.group}-01T00:00:00Z`)))
        : null,
      named(i) && (i === firstNamed || number === '01') ? svg('text', { x: x(i), y: height - 8, class: 'axis', 'text-anchor': 'middle' }, String(Number(year) + BE_OFFSET)) : null,
      rate === null ? null : svg('circle', { cx: x(i), cy: y(rate), r: month.group === selected ? 6 : 4.5, class: `point level-${leakLevel(rate)}` }),
      svg('title', {}, title),
    ];
    return monthHref ? svg('a', { href: monthHref(month.group), 'aria-label': title }, parts) : svg('g', {}, parts);
  });
  const at = months.findIndex((month) => month.group === selected);
  const highlight = at < 0 ? null : svg('rect', { x: left + band * at, y: top, width: band, height: height - top - bottom, class: 'selected' });
  const empty = path === '' ? svg('text', { x: width / 2, y: height / 2, class: 'axis', 'text-anchor': 'middle' }, 'ยังไม่มีการตรวจเอกสารในช่วงนี้') : null;
  return svg(
    'svg',
    { viewBox: `0 0 ${width} ${height}`, class: 'chart', role: 'group', 'aria-label': `อัตราการเปิดเผยรายเดือน ${thaiMonth(months[0].group)} – ${thaiMonth(months.at(-1).group)}` },
    highlight,
    decorations,
    svg('path', { d: path, class: 'line' }),
    columns,
    empty,
  );
}

/** Each chart box's drawing (given a width), and the width it was last drawn at. */
const chartDrawings = new WeakMap();
const drawnWidths = new WeakMap();

/** A chart drawn as wide as its box (300 to 720 px): its labels stay the size of the text around it. */
function setChart(box, draw) {
  chartDrawings.set(box, draw);
  drawnWidths.delete(box);
  drawCharts();
  return box;
}
/** Draws the charts on the page whose box's width changed (or which were never drawn). */
function drawCharts() {
  for (const box of document.querySelectorAll('.chart-box')) {
    const draw = chartDrawings.get(box);
    if (!draw || box.clientWidth === 0) continue;
    const width = Math.round(Math.min(720, Math.max(300, box.clientWidth)));
    if (drawnWidths.get(box) === width) continue;
    box.replaceChildren(draw(width));
    drawnWidths.set(box, width);
  }
}

/** A leak rate as a bar and its figure, coloured by its threshold. */
function rateBar(rate) {
  const bar = h('span', { class: `bar level-${leakLevel(rate)}` });
  bar.style.width = `${rate ?? 0}%`;
  return h('span', { class: 'rate' }, h('span', { class: 'track' }, bar), leakRateText(rate));
}

// The report rows' columns: heading (as text: each table makes its own elements of it, an element
// being in one place only), cell and the value sorted by; sortable by each.
const RATE_COLUMNS = [
  { heading: null, cell: null, value: (row) => groupName(row.group) },
  { heading: ['ตรวจ', 'scanned'], cell: (row) => count(row.documentsScanned), value: (row) => row.documentsScanned, number: true },
  { heading: ['เปิดเผย', 'leaking'], cell: (row) => count(row.documentsWithLeaks), value: (row) => row.documentsWithLeaks, number: true },
  { heading: ['อัตราการเปิดเผย', 'leak rate'], cell: (row) => rateBar(row.leakRatePercent), value: (row) => row.leakRatePercent ?? -1 },
  { heading: ['ปิดบังถูกต้อง', 'masked'], cell: (row) => maskingText(row.maskingCompliancePercent), value: (row) => row.maskingCompliancePercent ?? 101, number: true },
  { heading: ['เคสที่เปิด', 'cases opened'], cell: (row) => count(row.casesOpened), value: (row) => row.casesOpened, number: true },
  // The registry as it stood in the month: how many of the group's units were checked at all, and are ready to be.
  { heading: ['หน่วยงานที่ตรวจ', 'units checked'], cell: (row) => shareCell(row.unitsChecked, row.registry?.units), value: (row) => shareOf(row.unitsChecked, row.registry?.units), number: true },
  {
    heading: ['มีผู้ประสานงาน', 'coordinator on record'],
    cell: (row) => shareCell(row.registry?.unitsWithCoordinator, row.registry?.units),
    value: (row) => shareOf(row.registry?.unitsWithCoordinator, row.registry?.units),
    number: true,
  },
  {
    heading: ['เว็บไซต์เข้าไม่ได้', 'websites unreachable'],
    cell: (row) => shareCell(row.registry?.websitesUnreachable, row.registry?.unitsWithWebsite),
    value: (row) => shareOf(row.registry?.websitesUnreachable, row.registry?.unitsWithWebsite),
    number: true,
  },
  // Drafts checked before publishing: apart from the leak rate, in one column.
  {
    heading: ['ตรวจก่อนเผยแพร่', 'drafts checked'],
    cell: (row) => [count(row.checksRun), h('small', { class: 'block' }, `พบ ${count(row.checksWithLeaks)} · ได้สำเนา ${count(row.checksMasked)}`)],
    value: (row) => row.checksRun,
    number: true,
  },
];
/** A share in percent with one decimal, null when the whole is 0 or unknown (as the server rounds its rates). */
const share = (part, whole) => (whole > 0 ? Math.round((1000 * (part ?? 0)) / whole) / 10 : null);
/** A share to sort by: -1 when there is none. */
const shareOf = (part, whole) => share(part, whole) ?? -1;
/** A share of the registry's units as a percentage over its count (`4.2%` over `15 / 356`); a dash when the month has no registry figure. */
const shareCell = (part, whole) => (whole === undefined ? '–' : [percent(share(part, whole)), h('small', { class: 'block' }, `${count(part ?? 0)} / ${count(whole)}`)]);
const THAI_ORDER = new Intl.Collator('th');
/** Each table's sorting: column and direction, kept across refreshes. */
const sortings = new Map();

/**
 * Report rows as a table, sortable by each column, whose leak rates are bars too: comparing
 * groups is what it is for. A group's name lists its cases (`filterName`: kind or province).
 */
function rateTable(container, rows, groupHeading, filterName) {
  const sorting = sortings.get(container.id) ?? { column: 0, descending: false, natural: true };
  const render = () => {
    const column = RATE_COLUMNS[sorting.column];
    const sorted = sorting.natural
      ? rows
      : [...rows].sort((a, b) => {
          const [p, q] = [column.value(a), column.value(b)];
          const order = typeof p === 'string' ? THAI_ORDER.compare(p, q) : p - q;
          return sorting.descending ? -order : order;
        });
    const heading = (content, i) => {
      const active = !sorting.natural && sorting.column === i;
      const sort = () => {
        if (sorting.column === i && !sorting.natural) sorting.descending = !sorting.descending;
        else Object.assign(sorting, { column: i, descending: i !== 0, natural: false });
        sortings.set(container.id, sorting);
        render();
        /** @type {HTMLElement} */ (container.querySelector(`th:nth-child(${i + 1}) button`))?.focus();
      };
      return h(
        'th',
        { scope: 'col', class: RATE_COLUMNS[i].number ? 'num' : null, 'aria-sort': active ? (sorting.descending ? 'descending' : 'ascending') : null },
        h('button', { type: 'button', class: 'sort', onclick: sort }, content, active ? (sorting.descending ? ' ▼' : ' ▲') : null),
      );
    };
    const groupCell = (row) =>
      row.group === UNASSIGNED ? groupName(row.group) : h('a', { href: listHash(withFilter(view.filter, { [filterName]: row.group }), view.month), title: `เคสของ${row.group}` }, row.group);
    container.replaceChildren(
      rows.length === 0
        ? h('p', { class: 'empty' }, 'ยังไม่มีข้อมูลในเดือนนี้')
        : h(
            'table',
            { class: 'rates' },
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                heading(groupHeading, 0),
                RATE_COLUMNS.slice(1).map((column, i) => heading(bilingual(...column.heading), i + 1)),
              ),
            ),
            h(
              'tbody',
              {},
              sorted.map((row) =>
                h(
                  'tr',
                  {},
                  h('th', { scope: 'row' }, groupCell(row)),
                  RATE_COLUMNS.slice(1).map((column) => h('td', { class: column.number ? 'num' : null }, column.cell(row))),
                ),
              ),
            ),
          ),
    );
  };
  render();
}

// ---------------------------------------------------------------------------------------------
// The address: which view the page shows.

/** The case filter's parameters, as the API takes them and the address keeps them. */
const FILTER_KEYS = ['q', 'state', 'severity', 'kind', 'province', 'unit', 'overdue', 'from', 'to'];
const DEFAULT_STATE = 'unresolved';
const PAGE_SIZE = 50;

/** @returns {Route} */
function parseRoute(hash) {
  const panel = /^#(case|unit)\/(.+)$/.exec(hash);
  if (panel) {
    let id = panel[2];
    try {
      id = decodeURIComponent(id);
    } catch {
      // Shown as it is written: the server says it does not know it.
    }
    return { kind: /** @type {'case' | 'unit'} */ (panel[1]), id };
  }
  const params = new URLSearchParams(/^#cases\?(.*)$/.exec(hash)?.[1] ?? '');
  const filter = new URLSearchParams();
  for (const key of FILTER_KEYS) {
    const value = params.get(key)?.trim();
    if (value) filter.set(key, value);
  }
  if (filter.get('state') === DEFAULT_STATE) filter.delete('state');
  if (filter.has('overdue') && filter.get('overdue') !== '1') filter.delete('overdue');
  const month = params.get('month') ?? '';
  return { kind: 'list', filter, month: /^\d{4}-(0[1-9]|1[0-2])$/.test(month) ? month : null };
}

/** The address of the list with this filter and month. */
function listHash(filter, month) {
  const params = new URLSearchParams(filter);
  if (month) params.set('month', month);
  const query = params.toString();
  return query ? `#cases?${query}` : '#cases';
}
/** A filter with some values changed (an empty value removes one). */
function withFilter(filter, changes) {
  const changed = new URLSearchParams(filter);
  for (const [key, value] of Object.entries(changes)) {
    if (value) changed.set(key, value);
    else changed.delete(key);
  }
  return changed;
}
const caseHash = (caseId) => `#case/${encodeURIComponent(caseId)}`;
const unitHash = (unitId) => `#unit/${encodeURIComponent(unitId)}`;

/** What the list shows: the filter and month of the last list address (a panel shows over it). */
const view = { filter: new URLSearchParams(), month: /** @type {string | null} */ (null) };
/** The address shown now, the list's last one (a panel's "close" goes back to it) and the list's scroll there. */
const place = { hash: '', listHash: '#cases', listScroll: 0, caseReturn: '#cases' };

/** Goes to an address; to the same one again, shows it again (a filter submitted twice reloads). */
function go(hash) {
  if (location.hash === hash || (hash === '#cases' && location.hash === '')) showRoute({ reload: true });
  else location.hash = hash;
}

let panelRequest = 0;

async function showRoute({ reload = false } = {}) {
  const route = parseRoute(location.hash);
  const previous = parseRoute(place.hash);
  if (previous.kind === 'list' && route.kind !== 'list') {
    place.listHash = place.hash || '#cases';
    place.listScroll = window.scrollY;
  }
  if (route.kind === 'case') place.caseReturn = previous.kind === 'unit' ? place.hash : place.listHash;
  place.hash = location.hash;

  const casePanel = byId('case-detail');
  const unitPanel = byId('unit-page');
  casePanel.hidden = route.kind !== 'case';
  unitPanel.hidden = route.kind !== 'unit';
  if (route.kind !== 'case') casePanel.replaceChildren();
  if (route.kind !== 'unit') unitPanel.replaceChildren();

  if (route.kind === 'list') {
    const monthChanged = route.month !== view.month;
    const filterChanged = route.filter.toString() !== view.filter.toString();
    view.filter = route.filter;
    view.month = route.month;
    fillFilterForm(view.filter);
    const loads = [];
    if (monthChanged || reload) loads.push(showOverview());
    if (filterChanged || reload || list.key === null) loads.push(loadCases({ restart: true }));
    if (previous.kind !== 'list' && !filterChanged) window.scrollTo(0, place.listScroll);
    else if (filterChanged) {
      // A filter chosen elsewhere (a province in its table, a unit's "all cases"): the list comes into view.
      const box = byId('case-list').getBoundingClientRect();
      if (box.top > window.innerHeight || box.bottom < 0) byId('case-list').scrollIntoView({ block: 'start' });
    }
    await Promise.all(loads);
    return;
  }

  const request = ++panelRequest;
  const panel = route.kind === 'case' ? casePanel : unitPanel;
  panel.replaceChildren(h('p', { class: 'busy' }, 'กำลังโหลด… ', h('small', { lang: 'en' }, 'loading')));
  panel.scrollIntoView({ block: 'start' });
  let content;
  try {
    content = route.kind === 'case' ? caseDetail(await api(`/api/cases/${encodeURIComponent(route.id)}`)) : unitPage(await api(`/api/units/${encodeURIComponent(route.id)}`));
  } catch (err) {
    const what = route.kind === 'case' ? `เปิดเคส ${route.id} ไม่ได้` : `เปิดหน้าหน่วยงาน ${route.id} ไม่ได้`;
    const notFound = route.kind === 'case' ? 'ไม่มีเคสนี้' : 'ไม่มีหน่วยงานนี้ในทะเบียน';
    content = [h('div', { class: 'panel-head' }, h('p', { class: 'error', tabindex: '-1' }, failure(what, err, notFound)), closeLink(route.kind))];
  }
  if (request !== panelRequest) return;
  panel.replaceChildren(...content);
  drawCharts();
  panel.scrollIntoView({ block: 'start' });
  /** @type {HTMLElement} */ (panel.querySelector('h2, p'))?.focus({ preventScroll: true });
}

/** Back to where the panel was opened from: the list, or the unit page a case was opened on. */
const closeLink = (kind) => h('a', { href: kind === 'case' ? place.caseReturn : place.listHash, class: 'close' }, bilingual('ปิด', 'close'));

// ---------------------------------------------------------------------------------------------
// The month's figures.

let overviewRequest = 0;

async function showOverview() {
  const request = ++overviewRequest;
  /** @type {Overview} */
  const data = await api(`/api/overview${view.month ? `?month=${encodeURIComponent(view.month)}` : ''}`);
  if (request !== overviewRequest) return;
  const { month, months, days, total, byKind, byProvince, registry } = data;
  monthOptions(month);
  const identifiersSeen = total.maskedIdentifiers + total.exposedNationalIds + total.exposedPhones + total.exposedLaserCodes;
  const leak = byId('leak-rate');
  leak.textContent = percent(total.leakRatePercent);
  leak.className = `level-${leakLevel(total.leakRatePercent)}`;
  byId('leak-level').replaceChildren(...levelWords(LEAK_WORDS, leakLevel(total.leakRatePercent)));
  byId('leak-counts').textContent =
    `พบใน ${count(total.documentsWithLeaks)} จาก ${count(total.documentsScanned)} เอกสาร · หน่วยงานที่ตรวจ ${count(total.unitsChecked)} แห่ง พบใน ${count(total.unitsWithLeaks)} แห่ง (units checked, with leaks)`;
  // Of the registry's units as the planner counted them in the month: how many had a document checked.
  byId('units-checked').textContent = registry ? percent(share(total.unitsChecked, registry.all.units)) : '–';
  byId('registry-counts').textContent = registry
    ? `${count(total.unitsChecked)} จากหน่วยงานในทะเบียน ${count(registry.all.units)} แห่ง · มีผู้ประสานงาน ${count(registry.all.unitsWithCoordinator)} แห่ง · มีเว็บไซต์ ${count(registry.all.unitsWithWebsite)} แห่ง เข้าไม่ได้เมื่อเก็บล่าสุด ${count(registry.all.websitesUnreachable)} แห่ง (นับเมื่อ ${thaiDateTime(registry.countedAt)})`
    : 'ไม่ได้นับทะเบียนหน่วยงานในเดือนนี้ (the registry is counted with each day’s crawl; none in this month)';
  // Drafts checked before publishing are no published document: shown apart from the leak rate.
  byId('check-counts').textContent =
    `ตรวจก่อนเผยแพร่ ${count(total.checksRun)} ฉบับ พบข้อมูลใน ${count(total.checksWithLeaks)} ฉบับ ได้สำเนาที่ปิดบังแล้ว ${count(total.checksMasked)} ฉบับ (checked before publishing)`;
  const masking = byId('masking-rate');
  masking.textContent = percent(total.maskingCompliancePercent);
  masking.className = `level-${maskingLevel(total.maskingCompliancePercent)}`;
  byId('masking-level').replaceChildren(...levelWords(MASKING_WORDS, maskingLevel(total.maskingCompliancePercent)));
  byId('masking-counts').textContent = `ปิดบังถูกต้อง ${count(total.maskedIdentifiers)} จาก ${count(identifiersSeen)} เลข`;
  byId('unreadable-counts').textContent = total.unreadableFindings > 0 ? `อ่านไม่ออก ${count(total.unreadableFindings)} จุด โปรดตรวจด้วยตา (ไม่นับเป็นการเปิดเผย)` : '';
  byId('remediation-hours').textContent = total.medianRemediationHours === null ? '–' : `${total.medianRemediationHours} ชม.`;
  const [first, last] = monthDays(month);
  byId('case-counts').replaceChildren(
    `เปิด ${count(total.casesOpened)} · แจ้ง ${count(total.casesNotified)} · แก้ไข ${count(total.casesRemediated)} · ส่งต่อ ${count(total.casesEscalated)} เคส `,
    h('a', { href: listHash(withFilter(new URLSearchParams(), { state: 'all', from: first, to: last }), view.month) }, bilingual('ดูเคสที่เปิดในเดือนนี้', 'cases opened this month')),
  );
  setChart(byId('trend-chart'), (width) => monthlyChart(months, month, (m) => listHash(view.filter, m === thisMonth() ? null : m), width));
  byId('days-month').textContent = thaiMonth(month);
  setChart(byId('leak-chart'), (width) => leakRateChart(days, width));
  rateTable(byId('by-kind'), byKind, bilingual('ประเภทหน่วยงาน', 'unit kind'), 'kind');
  rateTable(byId('by-province'), byProvince, bilingual('จังหวัด', 'province'), 'province');
  groupOptions();
}

const levelWords = (words, level) => [h('span', { class: `level-${level}` }, words[level][0]), ' ', h('small', { lang: 'en' }, words[level][1])];

/** The choices each select was last given: it is rebuilt only when they change (keeping its focus and value). */
const optionLists = new WeakMap();

/** The month selector: the 36 months up to this month (or the month shown, if later), in Thai. */
function monthOptions(shown) {
  const select = selectById('month-select');
  const current = thisMonth();
  const last = [shown, current].sort().at(-1);
  const months = [];
  for (let m = last; months.length < 36; m = shiftMonth(m, -1)) months.push(m);
  if (!months.includes(shown)) months.push(shown);
  const wanted = months.join(' ');
  if (optionLists.get(select) !== wanted) {
    select.replaceChildren(...months.map((m) => h('option', { value: m }, m === current ? `${thaiMonth(m)} (เดือนนี้)` : thaiMonth(m))));
    optionLists.set(select, wanted);
  }
  select.value = shown;
}

// ---------------------------------------------------------------------------------------------
// The cases: the filter, the list, its pages.

const STATES = { open: 'พบแล้ว ยังไม่ได้แจ้ง', notified: 'แจ้งหน่วยงานแล้ว', escalated: 'แจ้งหน่วยงานกำกับและ สคส. แล้ว', remediated: 'แก้ไขแล้ว' };
const STATE_CHOICES = [
  [DEFAULT_STATE, 'ยังไม่แก้ไข (ทุกสถานะที่ค้าง)'],
  ['open', STATES.open],
  ['notified', STATES.notified],
  ['escalated', STATES.escalated],
  ['remediated', STATES.remediated],
  ['all', 'ทุกสถานะ'],
];

/**
 * The list: the filter it was loaded for, the cursor of each page seen (the first: none) and how
 * many cases came before it (a page may be short), the page shown.
 */
const list = { key: /** @type {string | null} */ (null), cursors: /** @type {(string | null)[]} */ ([null]), before: [0], page: 0, request: 0 };
/**
 * A page the server gives short (its bounded reads found few cases of the filter) is filled from
 * the pages after it, with at most this many more requests, until it holds half a page.
 */
const FILL_REQUESTS = 4;

function setUpFilter() {
  selectById('filter-state').replaceChildren(...STATE_CHOICES.map(([value, text]) => h('option', { value }, text)));
  selectById('filter-severity').replaceChildren(h('option', { value: '' }, 'ทุกระดับ'), ...Object.entries(SEVERITY_LABELS).map(([value, text]) => h('option', { value }, text)));
  groupOptions();
  const form = byId('case-filter');
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    applyFilter();
  });
  // A choice applies at once; typed text on Enter or the button.
  for (const id of ['filter-state', 'filter-severity', 'filter-kind', 'filter-province', 'filter-overdue']) byId(id).addEventListener('change', applyFilter);
  for (const id of ['filter-from', 'filter-to']) {
    const input = inputById(id);
    input.addEventListener('blur', () => checkDay(id));
    input.addEventListener('input', () => {
      if (input.getAttribute('aria-invalid') === 'true') checkDay(id);
    });
  }
  byId('filter-clear').addEventListener('click', () => go(listHash(new URLSearchParams(), view.month)));
  byId('cases-next').addEventListener('click', () => {
    if (list.cursors[list.page + 1] === undefined) return;
    list.page++;
    loadCases({ scroll: true });
  });
  byId('cases-prev').addEventListener('click', () => {
    if (list.page === 0) return;
    list.page--;
    loadCases({ scroll: true });
  });
}

/** The kind and province lists of the case filter: the registry's (shared/units.ts). */
function groupOptions() {
  const fill = (id, all, values, current) => {
    const select = selectById(id);
    const choices = [...values];
    if (current && !choices.includes(current)) choices.push(current);
    const wanted = choices.join('\n');
    if (optionLists.get(select) !== wanted) {
      select.replaceChildren(h('option', { value: '' }, all), ...choices.map((value) => h('option', { value }, groupName(value))));
      optionLists.set(select, wanted);
    }
    select.value = current ?? '';
  };
  // The registry's kinds and provinces (shared/units.ts, through the labels module).
  fill('filter-kind', 'ทุกประเภท', UNIT_KINDS, view.filter.get('kind'));
  fill('filter-province', 'ทุกจังหวัด', PROVINCES, view.filter.get('province'));
}

/** The form shows the filter of the address. */
function fillFilterForm(filter) {
  inputById('filter-q').value = filter.get('q') ?? '';
  selectById('filter-state').value = filter.get('state') ?? DEFAULT_STATE;
  if (selectById('filter-state').value === '') selectById('filter-state').value = DEFAULT_STATE;
  selectById('filter-severity').value = filter.get('severity') ?? '';
  inputById('filter-unit').value = filter.get('unit') ?? '';
  inputById('filter-overdue').checked = filter.get('overdue') === '1';
  for (const key of ['from', 'to']) {
    const value = filter.get(key);
    inputById(`filter-${key}`).value = value && /^\d{4}-\d{2}-\d{2}$/.test(value) ? typedDay(value) : (value ?? '');
    markDay(`filter-${key}`, null);
  }
  byId('filter-error').textContent = '';
  groupOptions();
}

/** A date field's message (null: none) and its invalid state. */
function markDay(id, message) {
  const input = inputById(id);
  byId(`${id}-error`).textContent = message ?? '';
  if (message) input.setAttribute('aria-invalid', 'true');
  else input.removeAttribute('aria-invalid');
}
/** Checks a typed day: its CE day (null: empty), or undefined when it is not a day. */
function checkDay(id) {
  const parsed = parseTypedDay(inputById(id).value);
  markDay(id, 'error' in parsed ? parsed.error : null);
  return 'error' in parsed ? undefined : parsed.day;
}

/** The form's filter to the address (which loads it), unless a date is wrong: then a Thai message says what. */
function applyFilter() {
  const from = checkDay('filter-from');
  const to = checkDay('filter-to');
  const formError = byId('filter-error');
  formError.textContent = '';
  if (from === undefined || to === undefined) {
    inputById(from === undefined ? 'filter-from' : 'filter-to').focus();
    return;
  }
  if (from && to && from > to) {
    markDay('filter-to', 'วันสุดท้ายต้องไม่ก่อนวันแรก');
    inputById('filter-to').focus();
    return;
  }
  const state = selectById('filter-state').value;
  const filter = withFilter(new URLSearchParams(), {
    q: inputById('filter-q').value.trim(),
    state: state === DEFAULT_STATE ? '' : state,
    severity: selectById('filter-severity').value,
    kind: selectById('filter-kind').value,
    province: selectById('filter-province').value,
    unit: inputById('filter-unit').value.trim(),
    overdue: inputById('filter-overdue').checked ? '1' : '',
    from,
    to,
  });
  go(listHash(filter, view.month));
}

/**
 * One page of the list (the first with `restart`), from the server; an empty page with more
 * after it is followed (a filter few cases match gives such pages). The case link that had the
 * focus keeps it across a refresh.
 */
async function loadCases({ restart = false, scroll = false } = {}) {
  const key = view.filter.toString();
  if (restart || list.key !== key) Object.assign(list, { key, cursors: [null], before: [0], page: 0 });
  const request = ++list.request;
  const tableElement = byId('cases-table');
  tableElement.setAttribute('aria-busy', 'true');
  setPager(false, false, 'กำลังโหลด…');
  const body = byId('cases-body');
  const focused = /** @type {HTMLElement | null} */ (document.activeElement?.closest('#cases-body [data-case-id] a'));
  const focusedAt = focused ? [focused.closest('tr').dataset.caseId, focused.dataset.link] : null;
  try {
    /** @type {CaseSummary[]} */
    const cases = [];
    /** @type {string | null} */
    let next = list.cursors[list.page];
    for (let requests = 0; ; requests++) {
      const params = new URLSearchParams(view.filter);
      params.set('limit', String(PAGE_SIZE - cases.length));
      if (next) params.set('cursor', next);
      /** @type {{cases: CaseSummary[], next: string | null}} */
      const answer = await api(`/api/cases?${params}`);
      if (request !== list.request) return;
      cases.push(...answer.cases);
      next = answer.next;
      if (!next || cases.length >= PAGE_SIZE / 2 || requests >= FILL_REQUESTS) break;
    }
    list.cursors.length = list.page + 1;
    list.before.length = list.page + 1;
    if (next) {
      list.cursors.push(next);
      list.before.push(list.before[list.page] + cases.length);
    }
    const empty = next ? 'ยังไม่พบในส่วนนี้ของรายการ กด "หน้าถัดไป" เพื่อค้นต่อ' : noCasesText();
    body.replaceChildren(...(cases.length > 0 ? cases.map((c) => caseRow(c)) : [h('tr', {}, h('td', { colspan: 7, class: 'empty' }, empty))]));
    const first = list.before[list.page] + 1;
    const last = next ? '' : list.page > 0 ? ' (หน้าสุดท้าย)' : '';
    setPager(
      list.page > 0,
      next !== null,
      cases.length === 0 ? `หน้า ${count(list.page + 1)}${last}` : `หน้า ${count(list.page + 1)} · เคสที่ ${count(first)}${cases.length > 1 ? `–${count(first + cases.length - 1)}` : ''}${last}`,
    );
    if (focusedAt) /** @type {HTMLElement} */ (body.querySelector(`tr[data-case-id="${CSS.escape(focusedAt[0])}"] a[data-link="${focusedAt[1]}"]`))?.focus();
  } catch (err) {
    if (request !== list.request) return;
    // A cursor the server no longer takes (or a filter it refuses): the list can start again.
    const again = list.page > 0 ? [' ', h('button', { type: 'button', onclick: () => loadCases({ restart: true }) }, bilingual('เริ่มจากหน้าแรก', 'first page'))] : null;
    body.replaceChildren(h('tr', {}, h('td', { colspan: 7, class: 'error' }, failure(err.status === 400 ? 'ตัวกรองไม่ถูกต้อง' : 'โหลดรายการเคสไม่ได้', err), again)));
    setPager(list.page > 0, false, '');
  } finally {
    if (request === list.request) tableElement.removeAttribute('aria-busy');
  }
  if (scroll && request === list.request) {
    const top = byId('case-list').getBoundingClientRect().top;
    if (top < 0) byId('case-list').scrollIntoView({ block: 'start' });
  }
}

const noCasesText = () => (view.filter.toString() === '' ? 'ไม่มีเคสค้าง' : 'ไม่มีเคสตามตัวกรองนี้');

function setPager(previous, next, info) {
  buttonById('cases-prev').disabled = !previous;
  buttonById('cases-next').disabled = !next;
  byId('cases-page-info').textContent = info;
}

const severityBadge = (severity) => h('span', { class: `severity ${severity}` }, SEVERITY_LABELS[severity] ?? severity);

/** The file name of a document's address, for people to recognize it. */
function documentName(address) {
  const last = address.split(/[?#]/)[0].split('/').filter(Boolean).pop() ?? address;
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

/** An address the analyst may open: http(s) only (never `javascript:`), or null. */
function openable(url) {
  if (typeof url !== 'string') return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'https:' || parsed.protocol === 'http:' ? parsed.href : null;
  } catch {
    return null;
  }
}

/** An address as a link that opens apart (http(s) only), else as text. */
function outsideLink(address) {
  const href = openable(address);
  return href ? h('a', { href, target: '_blank', rel: 'noopener noreferrer' }, address) : address;
}

/** The masked address as text, a link to the real document when there is one (it opens apart, telling the site nothing of the dashboard). */
function documentAddress(masked, url) {
  const href = openable(url);
  if (!href) return h('span', { class: 'address' }, masked);
  return h(
    'a',
    { class: 'address', href, target: '_blank', rel: 'noopener noreferrer', 'data-link': 'document', title: 'เปิดเอกสารต้นฉบับในแท็บใหม่ (open the published document)' },
    masked,
    h('span', { 'aria-hidden': 'true' }, ' ↗'),
  );
}

/** A unit's name as a link to its page; not for documents of no registered unit. */
function unitLink(unitId, unitName) {
  if (!unitId || unitId === UNASSIGNED) return h('span', {}, groupName(unitId));
  return h('a', { href: unitHash(unitId), 'data-link': 'unit' }, unitName ?? unitId);
}

/**
 * The time left to notify the PDPC, coloured: overdue, less than a day, more; none before the
 * unit is told, nothing to count once remediated.
 */
function timeLeft(c) {
  if (c.state === 'remediated') return h('span', { class: 'level-ok' }, 'แก้ไขแล้ว');
  if (!c.deadline) return h('span', { class: 'level-none' }, bilingual('ยังไม่ได้แจ้ง', 'unit not told yet'));
  const hours = typeof c.hoursLeft === 'number' ? c.hoursLeft : (Date.parse(c.deadline) - Date.now()) / 3_600_000;
  if (c.overdue || hours < 0) return h('span', { class: 'level-bad time-left' }, `เกินกำหนด ${hoursText(hours)}`);
  return h('span', { class: `${hours < DEADLINE_WATCH_HOURS ? 'level-warn' : 'level-ok'} time-left` }, `เหลือ ${hoursText(hours)}`);
}

/**
 * A case in a list: its first link opens the case. `unit`: with its unit (the unit page's list
 * has none), `testid` its rows' test ID.
 * @param {CaseSummary} c
 */
function caseRow(c, { unit = true, testid = 'case-row' } = {}) {
  const where = [c.kind, c.province].filter((part) => part && part !== UNASSIGNED).join(' · ');
  return h(
    'tr',
    { 'data-testid': testid, 'data-case-id': c.caseId, class: c.overdue && c.state !== 'remediated' ? 'overdue' : null },
    h('td', { 'data-label': 'เวลาที่เหลือ' }, timeLeft(c), c.deadline ? h('small', { class: 'block' }, `กำหนด ${thaiDateTime(c.deadline)}`) : null),
    h(
      'td',
      { class: 'document', 'data-label': 'เอกสาร' },
      h('a', { href: caseHash(c.caseId), class: 'case-link', 'data-link': 'case', title: `เคส ${c.caseId}` }, documentName(c.documentId)),
      h('small', { class: 'block' }, documentAddress(c.documentId, c.documentUrl)),
    ),
    unit ? h('td', { class: 'unit', 'data-label': 'หน่วยงาน' }, unitLink(c.unitId, c.unitName), where ? h('small', { class: 'block' }, where) : null) : null,
    h('td', { 'data-label': 'ความรุนแรง' }, severityBadge(c.severity)),
    h('td', { 'data-label': 'สถานะ' }, STATES[c.state] ?? c.state),
    h('td', { 'data-label': 'เปิดเมื่อ', class: 'opened' }, thaiDateTime(c.openedAt)),
    h('td', { class: 'num', 'data-label': 'รายการ' }, count(c.leaks), c.unreadable > 0 ? h('small', { class: 'unreadable block' }, `อ่านไม่ออก ${count(c.unreadable)}`) : null),
  );
}

// ---------------------------------------------------------------------------------------------
// A case.

/** Regions OCR could not read: no leak, but a person must look. */
const UNREADABLE_NOTE = bilingual('มีตัวเลขที่อ่านไม่ออก โปรดตรวจด้วยตา', 'a number here could not be read, check it by eye');
const EMAIL_KINDS = { notice: 'แจ้งหน่วยงาน', escalation: 'แจ้งหน่วยงานกำกับและ สคส.' };

/** Beside an insufficiently masked ID: whether its check digit gives the hidden digits back. */
function maskNote(f) {
  if (f.recoverable) return [' ', h('span', { class: 'badge', 'data-testid': 'recoverable' }, bilingual('คำนวณเลขเต็มกลับได้จากเลขตรวจสอบ', 'recoverable'))];
  if (f.status === 'insufficient' && f.candidates !== null && f.candidates !== undefined) return [' ', h('small', {}, `(เลขที่เป็นไปได้ ${count(f.candidates)} เลข)`)];
  return null;
}

const fact = (term, ...description) => [h('dt', {}, term), h('dd', {}, ...description)];

function caseDetail(c) {
  const where = [c.kind, c.province].filter((part) => part && part !== UNASSIGNED).join(' · ');
  const unit =
    c.unitId === UNASSIGNED
      ? [groupName(c.unitId), c.claimedUnitId ? `: ${c.claimedUnitId}` : '']
      : [unitLink(c.unitId, c.unitName), ` (${c.unitId})`, where ? h('small', { class: 'block' }, where) : null];
  const address = c.document?.sourceUrl ?? c.document?.key ?? c.documentId;
  return [
    h('div', { class: 'panel-head' }, h('h2', { tabindex: '-1' }, bilingual('รายละเอียดเคส', 'case')), closeLink('case')),
    h(
      'dl',
      { class: 'facts' },
      fact(bilingual('เอกสาร', 'document'), h('span', { class: 'document' }, documentAddress(address, c.documentUrl)), ` (${c.document?.format ?? ''})`),
      fact(bilingual('หน่วยงาน', 'unit'), unit),
      fact(bilingual('เลขเคส', 'case ID'), h('code', {}, c.caseId)),
      fact(bilingual('สถานะ', 'state'), STATES[c.state] ?? c.state),
      fact(bilingual('เปิดเมื่อ', 'opened'), c.openedAt ? thaiDateTime(c.openedAt) : '–'),
      fact(bilingual('กำหนดแจ้ง สคส.', 'deadline'), c.deadline ? [thaiDateTime(c.deadline), ' · '] : null, timeLeft(c)),
      fact(
        bilingual('ความรุนแรง', 'severity'),
        severityBadge(c.severity),
        h(
          'ul',
          {},
          c.severityReasons.map((reason) => h('li', {}, reason)),
        ),
      ),
      fact(bilingual('ที่พบ', 'leaks'), `${count(c.counts.leaks)} รายการ ของบุคคลประมาณ ${count(c.counts.persons)} คน`),
      fact(bilingual('ตรวจล่าสุด', 'scanned'), thaiDateTime(c.scannedAt)),
      fact(
        bilingual('ฉบับปิดบังเลข', 'masked copy'),
        // Made on request, scanned again before it is given: the server refuses (422) what it cannot mask safely.
        h('a', { href: `/api/cases/${encodeURIComponent(c.caseId)}/masked-copy`, download: '', 'data-testid': 'masked-copy' }, bilingual('ดาวน์โหลดสำเนาที่ปิดบังตามหลัก X4', 'download an X4-masked copy')),
        // OCR misses numbers a person sees: a scan's copy is not a checked copy.
        h(
          'p',
          { class: 'note', 'data-testid': 'masked-copy-scan-note' },
          bilingual(
            'เอกสารสแกน: สำเนาปิดเฉพาะเลขที่ OCR อ่านพบหรืออ่านไม่ออก โปรดตรวจด้วยตาทุกหน้าก่อนเผยแพร่',
            'scans: the copy covers only the numbers OCR found or could not read; check every page by eye before publishing',
          ),
        ),
      ),
    ),
    h('h3', {}, bilingual('ข้อมูลที่พบ (แสดงเลขเพียงบางส่วน)', 'findings, masked')),
    table(
      [bilingual('ข้อมูล', 'display'), bilingual('ประเภท', 'type'), bilingual('สถานะ', 'status'), bilingual('ตำแหน่ง', 'where')],
      c.findings.map((f) => [h('code', {}, f.display), TYPE_LABELS[f.type] ?? f.type, [STATUS_LABELS[f.status] ?? f.status, maskNote(f)], f.where]),
      'ไม่มีรายการ',
    ),
    ...(c.findingsTruncated ? [h('p', { class: 'note' }, `ระบบเก็บตำแหน่งไว้เพียง ${count(c.findings.length)} รายการแรก`)] : []),
    ...(c.unreadable.length > 0
      ? [
          h('h3', { 'data-testid': 'unreadable' }, bilingual('ตัวเลขที่อ่านไม่ออก (ไม่นับเป็นการเปิดเผย)', 'could not be read, not counted as leaks')),
          h('p', { class: 'status unreadable' }, UNREADABLE_NOTE),
          table(
            [bilingual('ลักษณะที่เห็น', 'shape'), bilingual('คาดว่าเป็น', 'looks like'), bilingual('ตำแหน่ง', 'where')],
            c.unreadable.map((f) => [h('code', {}, f.display), TYPE_LABELS[f.type] ?? f.type, f.where]),
            'ไม่มีรายการ',
          ),
        ]
      : []),
    h('h3', {}, bilingual('อีเมลที่ส่ง', 'e-mails sent')),
    table(
      [bilingual('เวลา', 'time'), bilingual('ประเภท', 'kind'), bilingual('ถึง', 'to'), bilingual('สำเนา', 'cc')],
      c.emails.map((email) => [thaiDateTime(email.at), EMAIL_KINDS[email.kind] ?? email.kind, email.to.join(', '), email.cc.join(', ')]),
      'ยังไม่ได้ส่งอีเมล',
    ),
    h('h3', {}, bilingual('ประวัติ', 'history')),
    table(
      [bilingual('เวลา', 'time'), bilingual('สถานะ', 'state'), bilingual('เหตุผล', 'reason')],
      c.history.map((event) => [thaiDateTime(event.at), STATES[event.state] ?? event.state, event.reason]),
      'ไม่มีประวัติ',
    ),
  ];
}

// ---------------------------------------------------------------------------------------------
// A unit.

/** @param {UnitPage} page */
function unitPage({ unit, months = [], cases = [], crawl = null }) {
  const websites = (unit.websites ?? []).map((site) => h('li', {}, outsideLink(site)));
  const allCases = listHash(withFilter(new URLSearchParams(), { unit: unit.id, state: 'all' }), view.month);
  return [
    h('div', { class: 'panel-head' }, h('h2', { tabindex: '-1' }, unit.name, ' ', h('small', { lang: 'en' }, 'unit')), closeLink('unit')),
    h(
      'div',
      { class: 'unit-facts' },
      h(
        'dl',
        { class: 'facts' },
        fact(bilingual('รหัส', 'ID'), h('code', {}, unit.id)),
        fact(bilingual('ประเภท', 'kind'), unit.kind),
        fact(bilingual('จังหวัด', 'province'), unit.province, unit.district ? ` · อำเภอ${unit.district}` : ''),
        fact(bilingual('เว็บไซต์', 'websites'), websites.length > 0 ? h('ul', { class: 'plain' }, websites) : h('span', { class: 'empty' }, 'ไม่มีในทะเบียน')),
        fact(bilingual('อีเมลติดต่อ', 'contact e-mails'), unit.contactEmails?.length > 0 ? unit.contactEmails.join(', ') : h('span', { class: 'empty' }, 'ไม่มีในทะเบียน')),
        fact(bilingual('ผู้ประสานงาน', 'coordinator'), unit.coordinator ?? h('span', { class: 'empty' }, 'ไม่มีในทะเบียน')),
        unit.supervisorEmail ? fact(bilingual('หน่วยงานกำกับ', 'supervising office'), unit.supervisorEmail) : null,
      ),
      crawlHealth(crawl),
    ),
    h('h3', {}, bilingual('12 เดือนล่าสุด', 'the last 12 months')),
    months.length > 0 ? setChart(h('div', { class: 'chart-box narrow' }), (width) => monthlyChart(months, null, null, width)) : null,
    table(
      [
        bilingual('เดือน', 'month'),
        bilingual('ตรวจ', 'scanned'),
        bilingual('เปิดเผย', 'leaking'),
        bilingual('อัตราการเปิดเผย', 'leak rate'),
        bilingual('ปิดบังถูกต้อง', 'masked'),
        bilingual('เคสที่เปิด', 'opened'),
        bilingual('แก้ไข', 'remediated'),
        bilingual('ส่งต่อ', 'escalated'),
        bilingual('เวลาแก้ไข (มัธยฐาน)', 'median hours'),
        // Drafts its clerks checked before publishing: apart from the leak rate.
        bilingual('ตรวจก่อนเผยแพร่', 'drafts checked'),
        bilingual('พบข้อมูล (ได้สำเนาปิดบัง)', 'with leaks (masked copy)'),
      ],
      [...months]
        .reverse()
        .map((row) => [
          thaiMonth(row.group),
          count(row.documentsScanned),
          count(row.documentsWithLeaks),
          rateBar(row.leakRatePercent),
          maskingText(row.maskingCompliancePercent),
          count(row.casesOpened),
          count(row.casesRemediated),
          count(row.casesEscalated),
          row.medianRemediationHours === null ? '–' : `${row.medianRemediationHours} ชม.`,
          count(row.checksRun),
          `${count(row.checksWithLeaks)} (${count(row.checksMasked)})`,
        ]),
      'ยังไม่มีข้อมูล',
      'months',
    ),
    h('h3', {}, bilingual(`เคสล่าสุด ${count(cases.length)} เคส`, 'newest cases'), ' ', h('a', { href: allCases, class: 'more' }, bilingual('ดูทั้งหมดในรายการเคส', 'all, in the case list'))),
    cases.length === 0
      ? h('p', { class: 'empty', 'data-testid': 'unit-cases' }, 'ไม่มีเคสของหน่วยงานนี้')
      : h(
          'div',
          { class: 'scroll' },
          h(
            'table',
            { class: 'cases', 'data-testid': 'unit-cases' },
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                h('th', { scope: 'col' }, bilingual('เวลาที่เหลือ', 'time left')),
                h('th', { scope: 'col' }, bilingual('เอกสาร', 'document')),
                h('th', { scope: 'col' }, bilingual('ความรุนแรง', 'severity')),
                h('th', { scope: 'col' }, bilingual('สถานะ', 'state')),
                h('th', { scope: 'col' }, bilingual('เปิดเมื่อ', 'opened')),
                h('th', { scope: 'col', class: 'num' }, bilingual('รายการ', 'leaks')),
              ),
            ),
            h(
              'tbody',
              {},
              cases.map((c) => caseRow(c, { unit: false, testid: 'unit-case-row' })),
            ),
          ),
        ),
  ];
}

/** How the crawl of the unit's websites went. */
function crawlHealth(crawl) {
  const heading = h('h3', {}, bilingual('การเก็บเอกสารจากเว็บไซต์', 'crawl health'));
  if (!crawl) return h('div', { class: 'crawl' }, heading, h('p', { class: 'empty' }, bilingual('ยังไม่เคยเก็บเอกสารจากเว็บไซต์ของหน่วยงานนี้', 'never crawled')));
  return h(
    'div',
    { class: 'crawl', 'data-testid': 'unit-crawl' },
    heading,
    h(
      'dl',
      { class: 'facts' },
      fact(
        bilingual('เก็บล่าสุด', 'last crawled'),
        crawl.lastCrawledAt ? [thaiDateTime(crawl.lastCrawledAt), ' ', h('small', {}, `(${ago(crawl.lastCrawledAt)})`)] : h('span', { class: 'level-warn' }, 'ยังไม่เคยเก็บ'),
      ),
      crawl.unreachable ? fact(bilingual('สถานะ', 'status'), h('span', { class: 'level-bad' }, 'เข้าเว็บไซต์ไม่ได้ในการเก็บครั้งล่าสุด ไม่ได้รับคำตอบเลย'), ' ', h('small', { lang: 'en' }, 'unreachable')) : null,
      typeof crawl.pages === 'number' ? fact(bilingual('หน้าเว็บที่ได้รับครั้งล่าสุด', 'responses, last crawl'), count(crawl.pages)) : null,
      typeof crawl.stored === 'number' ? fact(bilingual('เอกสารใหม่หรือเปลี่ยนไป ครั้งล่าสุด', 'stored anew, last crawl'), count(crawl.stored)) : null,
      typeof crawl.documents === 'number' ? fact(bilingual('ที่อยู่ที่เคยเก็บทั้งหมด', 'addresses held'), count(crawl.documents)) : null,
      // The crawler's own words (an HTTP status, a network error), as it logged them.
      crawl.lastError ? fact(bilingual('สาเหตุ', 'reason'), h('span', { lang: 'en' }, crawl.lastError)) : null,
    ),
    crawl.recentDocuments?.length
      ? [
          h('h4', {}, bilingual('เอกสารที่เก็บล่าสุด', 'documents fetched last')),
          h(
            'ul',
            { class: 'documents', 'data-testid': 'unit-documents' },
            crawl.recentDocuments.map((d) => h('li', {}, outsideLink(d.url), ' ', h('small', {}, thaiDateTime(d.fetchedAt)))),
          ),
        ]
      : null,
  );
}

// ---------------------------------------------------------------------------------------------
// The header's buttons, and keeping the page current.

/** A number of an answer, or null when it has none. */
const numberOf = (outcome, name) => (outcome && typeof outcome[name] === 'number' ? outcome[name] : null);

/** The crawl planner's answer as a sentence. */
function crawlSentence(outcome) {
  const [units, jobs] = [numberOf(outcome, 'units'), numberOf(outcome, 'jobs')];
  if (units === null) return bilingual('ส่งงานเก็บเอกสารจากเว็บไซต์แล้ว', 'crawl started');
  if (units === 0) return bilingual('ไม่มีหน่วยงานที่มีเว็บไซต์ให้เก็บเอกสาร', 'no unit has a website to crawl');
  return bilingual(`ส่งงานเก็บเอกสารของ ${count(units)} หน่วยงานแล้ว${jobs === null ? '' : ` (${count(jobs)} งานในคิว)`}`, `crawl queued for ${units} units${jobs === null ? '' : `, ${jobs} jobs`}`);
}

/** The follow-up's answer as a sentence: what it checked and what came of it. */
function followUpSentence(outcome) {
  const parts = [
    ['remediated', 'แก้ไขแล้ว', 'remediated'],
    ['escalated', 'ส่งต่อหน่วยงานกำกับและ สคส.', 'escalated'],
    ['pending', 'ยังรอผลตรวจ', 'pending'],
    ['pastDeadline', 'เลยกำหนด', 'past the deadline'],
  ]
    .map(([name, thai, english]) => [numberOf(outcome, name), thai, english])
    .filter(([n]) => n !== null);
  const checked = numberOf(outcome, 'checked');
  if (checked === null) return bilingual('ติดตามเคสเสร็จแล้ว', 'follow-up done');
  if (checked === 0) return bilingual('ติดตามเคสแล้ว: ไม่มีเคสที่แจ้งหน่วยงานแล้วให้ตรวจซ้ำ', 'follow-up: no notified case to check');
  return bilingual(
    `ติดตามเคสแล้ว: ตรวจเอกสารซ้ำ ${count(checked)} เคส${parts.map(([n, thai]) => ` · ${thai} ${count(n)}`).join('')}`,
    `follow-up: ${checked} checked${parts.map(([n, , english]) => `, ${n} ${english}`).join('')}`,
  );
}

function setUpAction(buttonId, path, busy, failed, sentence) {
  const button = buttonById(buttonId);
  const status = byId('action-status');
  button.addEventListener('click', async () => {
    button.disabled = true;
    say(status, 'busy', busy);
    try {
      say(status, 'done', sentence(await api(path, { method: 'POST' })));
      refresh();
    } catch (err) {
      say(status, 'error', failure(failed, err));
    } finally {
      button.disabled = false;
    }
  });
}

async function refresh() {
  const error = byId('load-error');
  try {
    await Promise.all([showOverview(), loadCases()]);
    error.hidden = true;
  } catch (err) {
    error.replaceChildren(...failure('โหลดตัวเลขไม่ได้', err));
    error.hidden = false;
  }
}

async function start() {
  setUpFilter();
  byId('legend').replaceChildren(...legend());
  byId('cases-legend').replaceChildren(casesLegend());
  setUpAction('crawl-now', '/api/crawl', bilingual('กำลังส่งงานเก็บเอกสารจากเว็บไซต์…', 'crawling'), 'เก็บเอกสารจากเว็บไซต์ไม่สำเร็จ', crawlSentence);
  setUpAction('follow-up-now', '/api/follow-up', bilingual('กำลังติดตามเคส…', 'following up'), 'ติดตามเคสไม่สำเร็จ', followUpSentence);
  selectById('month-select').addEventListener('change', (event) => {
    const month = /** @type {HTMLSelectElement} */ (event.target).value;
    go(listHash(view.filter, month === thisMonth() ? null : month));
  });
  let resizing = 0;
  window.addEventListener('resize', () => {
    clearTimeout(resizing);
    resizing = setTimeout(drawCharts, 150);
  });
  window.addEventListener('hashchange', () => {
    showRoute().catch(showLoadError);
  });
  // The list and figures of the address's filter and month (the list's defaults under a panel's address).
  const route = parseRoute(location.hash);
  if (route.kind === 'list') Object.assign(view, { filter: route.filter, month: route.month });
  fillFilterForm(view.filter);
  if (route.kind === 'list') place.hash = location.hash;
  await Promise.all([refresh(), route.kind === 'list' ? null : showRoute()]);
  // The pipeline works in the background: its cases and figures show up without a reload.
  setInterval(refresh, 30_000);
}

function showLoadError(err) {
  const error = byId('load-error');
  error.replaceChildren(...failure('โหลดตัวเลขไม่ได้', err));
  error.hidden = false;
}

start();

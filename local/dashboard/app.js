// The PDPC dashboard page, served by server.ts: the figures, the open cases and a case's detail
// (#case/<id>), all read from the dashboard's JSON API; clerks check drafts on their own page
// (/clerk/). Plain browser JS, no build step. Values from the API go into the page as text, never as HTML: document names,
// addresses and unit names come from outside.
import { SEVERITY_LABELS, STATUS_LABELS, TYPE_LABELS } from './thai-labels.js';

const byId = (id) => document.getElementById(id);
/** A form control of the page, by its id. */
const controlById = (id) => /** @type {HTMLInputElement & HTMLButtonElement} */ (document.getElementById(id));
const SVG_NS = 'http://www.w3.org/2000/svg';

/** An element with attributes (`on…` ones are listeners) and children (strings become text). */
const h = (tag, attributes = {}, ...children) => build(document.createElement(tag), attributes, children);
const svg = (tag, attributes = {}, ...children) => build(document.createElementNS(SVG_NS, tag), attributes, children);
function build(element, attributes, children) {
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name.startsWith('on')) element.addEventListener(name.slice(2), value);
    else element.setAttribute(name, String(value));
  }
  element.append(...children.flat(Infinity).filter((child) => child !== null && child !== undefined && child !== false));
  return element;
}

/** Thai first, English in small type. */
const bilingual = (thai, english) => [thai, ' ', h('small', { lang: 'en' }, english)];

// Dates as Thai readers write them: Buddhist era, Thailand's time (28 พ.ย. 2569 14:05).
const DATE_TIME = new Intl.DateTimeFormat('th-TH-u-ca-buddhist', { timeZone: 'Asia/Bangkok', day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
// Metrics days are Thailand dates already: read at UTC midnight and shown as they are.
const DAY = new Intl.DateTimeFormat('th-TH-u-ca-buddhist', { timeZone: 'UTC', day: 'numeric', month: 'short', year: 'numeric' });
const NUMBER = new Intl.NumberFormat('th-TH');
const thaiDateTime = (iso) => DATE_TIME.format(new Date(iso));
const thaiDay = (day) => DAY.format(new Date(`${day}T00:00:00Z`));
const count = (n) => NUMBER.format(n);
const percent = (value) => (value === null ? '–' : `${value.toFixed(1)}%`);

const STATES = { open: 'พบแล้ว ยังไม่ได้แจ้ง', notified: 'แจ้งหน่วยงานแล้ว', escalated: 'แจ้งหน่วยงานกำกับและ สคส. แล้ว', remediated: 'แก้ไขแล้ว' };
/** Regions OCR could not read: no leak, but a person must look. */
const UNREADABLE_NOTE = bilingual('มีตัวเลขที่อ่านไม่ออก โปรดตรวจด้วยตา', 'a number here could not be read, check it by eye');
const EMAIL_KINDS = { notice: 'แจ้งหน่วยงาน', escalation: 'แจ้งหน่วยงานกำกับและ สคส.' };
// Documents of units the registry does not know are counted under this group.
const groupName = (group) => (group === 'unassigned' ? 'ไม่อยู่ในทะเบียน' : group);

async function api(path, init) {
  const response = await fetch(path, init);
  const body = await response.json();
  if (!response.ok) throw new Error(body.error || `HTTP ${response.status}`);
  return body;
}

/** A status line: what happened, its English gist, and anything to add (a link). */
function say(element, kind, thai, english, ...extra) {
  element.className = `status ${kind}`;
  element.replaceChildren(h('span', {}, bilingual(thai, english), extra));
}

/** A table of headings and rows of cells (text or elements); `empty` when there are no rows. */
function table(headings, rows, empty, className = '') {
  if (rows.length === 0) return h('p', { class: 'empty' }, empty);
  return h(
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
  );
}

// ---------------------------------------------------------------------------------------------
// Figures.

async function showOverview() {
  const range = new URLSearchParams();
  for (const name of ['from', 'to']) if (controlById(name).value) range.set(name, controlById(name).value);
  const { from, to, total, days, byKind, byProvince } = await api(`/api/overview?${range}`);
  const identifiersSeen = total.maskedIdentifiers + total.exposedNationalIds + total.exposedPhones + total.exposedLaserCodes;
  byId('range-shown').textContent = `${thaiDay(from)} – ${thaiDay(to)}`;
  byId('leak-rate').textContent = percent(total.leakRatePercent);
  byId('leak-counts').textContent = `พบใน ${count(total.documentsWithLeaks)} จาก ${count(total.documentsScanned)} เอกสาร`;
  // Drafts checked before publishing are no published document: shown apart from the leak rate.
  byId('check-counts').textContent =
    `ตรวจก่อนเผยแพร่ ${count(total.checksRun)} ฉบับ พบข้อมูลใน ${count(total.checksWithLeaks)} ฉบับ ได้สำเนาที่ปิดบังแล้ว ${count(total.checksMasked)} ฉบับ (checked before publishing)`;
  byId('masking-rate').textContent = percent(total.maskingCompliancePercent);
  byId('masking-counts').textContent = `ปิดบังถูกต้อง ${count(total.maskedIdentifiers)} จาก ${count(identifiersSeen)} เลข`;
  byId('unreadable-counts').textContent = total.unreadableFindings > 0 ? `อ่านไม่ออก ${count(total.unreadableFindings)} จุด โปรดตรวจด้วยตา (ไม่นับเป็นการเปิดเผย)` : '';
  byId('remediation-hours').textContent = total.medianRemediationHours === null ? '–' : `${total.medianRemediationHours} ชม.`;
  byId('case-counts').textContent = `เปิด ${count(total.casesOpened)} · แจ้ง ${count(total.casesNotified)} · แก้ไข ${count(total.casesRemediated)} · ส่งต่อ ${count(total.casesEscalated)} เคส`;
  byId('leak-chart').replaceChildren(leakRateChart(days));
  byId('by-kind').replaceChildren(rateTable(byKind, bilingual('ประเภทหน่วยงาน', 'unit kind')));
  byId('by-province').replaceChildren(rateTable(byProvince, bilingual('จังหวัด', 'province')));
}

/** The leak rate of each day as a line; a day without scans leaves a gap. */
function leakRateChart(days) {
  const [width, height, left, right, top, bottom] = [720, 220, 48, 16, 12, 28];
  const rates = days.map((day) => day.leakRatePercent);
  const highest = Math.max(0, ...rates.filter((rate) => rate !== null));
  // The scale ends at the next 10% above the highest day, at 100% at most.
  const max = Math.min(100, Math.max(10, Math.ceil(highest / 10) * 10));
  const x = (i) => left + (days.length === 1 ? (width - left - right) / 2 : (i * (width - left - right)) / (days.length - 1));
  const y = (rate) => top + (height - top - bottom) * (1 - rate / max);
  let path = '';
  let pen = 'M';
  rates.forEach((rate, i) => {
    if (rate === null) {
      pen = 'M';
      return;
    }
    path += `${pen}${x(i).toFixed(1)},${y(rate).toFixed(1)} `;
    pen = 'L';
  });
  const gridlines = [0, max / 2, max].map((value) => [
    svg('line', { x1: left, x2: width - right, y1: y(value), y2: y(value), class: 'grid' }),
    svg('text', { x: left - 6, y: y(value) + 4, class: 'axis', 'text-anchor': 'end' }, `${value}%`),
  ]);
  const labelled = [...new Set([0, Math.floor((days.length - 1) / 2), days.length - 1])];
  const dayLabels = labelled.map((i) => svg('text', { x: x(i), y: height - 8, class: 'axis', 'text-anchor': i === 0 ? 'start' : i === days.length - 1 ? 'end' : 'middle' }, thaiDay(days[i].group)));
  const points = days.map((day, i) =>
    day.leakRatePercent === null
      ? null
      : svg(
          'circle',
          { cx: x(i), cy: y(day.leakRatePercent), r: 3.5, class: 'point' },
          svg('title', {}, `${thaiDay(day.group)}: ${percent(day.leakRatePercent)} (${count(day.documentsWithLeaks)}/${count(day.documentsScanned)} เอกสาร)`),
        ),
  );
  const empty = path === '' ? svg('text', { x: width / 2, y: height / 2, class: 'axis', 'text-anchor': 'middle' }, 'ยังไม่มีการตรวจเอกสารในช่วงนี้') : null;
  return svg(
    'svg',
    { viewBox: `0 0 ${width} ${height}`, class: 'chart', role: 'img', 'aria-label': `อัตราการเปิดเผยรายวัน ${thaiDay(days[0].group)} – ${thaiDay(days.at(-1).group)}` },
    gridlines,
    dayLabels,
    svg('path', { d: path.trim(), class: 'line' }),
    points,
    empty,
  );
}

/** Report rows as a table whose leak rates are bars too: comparing groups is what it is for. */
function rateTable(rows, groupHeading) {
  return table(
    [
      groupHeading,
      bilingual('ตรวจ', 'scanned'),
      bilingual('เปิดเผย', 'leaking'),
      bilingual('อัตราการเปิดเผย', 'leak rate'),
      bilingual('ปิดบังถูกต้อง', 'masked'),
      bilingual('ตรวจก่อนเผยแพร่', 'checked before publishing'),
      bilingual('พบก่อนเผยแพร่', 'checked, with leaks'),
      bilingual('ได้สำเนาปิดบัง', 'masked copy made'),
    ],
    rows.map((row) => [
      groupName(row.group),
      count(row.documentsScanned),
      count(row.documentsWithLeaks),
      rateBar(row.leakRatePercent),
      percent(row.maskingCompliancePercent),
      count(row.checksRun),
      count(row.checksWithLeaks),
      count(row.checksMasked),
    ]),
    'ยังไม่มีข้อมูลในช่วงนี้',
    'rates',
  );
}

function rateBar(rate) {
  const bar = h('span', { class: 'bar' });
  bar.style.width = `${rate ?? 0}%`;
  return h('span', { class: 'rate' }, h('span', { class: 'track' }, bar), percent(rate));
}

// ---------------------------------------------------------------------------------------------
// Cases.

const caseLink = (caseId, ...text) => h('a', { href: `#case/${encodeURIComponent(caseId)}` }, ...text);
const severityBadge = (severity) => h('span', { class: `severity ${severity}` }, SEVERITY_LABELS[severity]);

/** The file name of a document's address, for people to recognize it. */
function documentName(address) {
  const last = address.split(/[?#]/)[0].split('/').filter(Boolean).pop() ?? address;
  try {
    return decodeURIComponent(last);
  } catch {
    return last;
  }
}

async function showCases() {
  const { cases } = await api('/api/cases');
  const rows = cases.length > 0 ? cases.map(caseRow) : [h('tr', {}, h('td', { colspan: 6, class: 'empty' }, 'ไม่มีเคสค้าง'))];
  byId('cases-body').replaceChildren(...rows);
}

function caseRow(c) {
  return h(
    'tr',
    { 'data-testid': 'case-row', 'data-case-id': c.caseId, class: c.overdue ? 'overdue' : null },
    h('td', {}, c.deadline ? thaiDateTime(c.deadline) : 'ยังไม่ได้แจ้งหน่วยงาน', c.overdue ? [' ', h('span', { class: 'badge' }, 'เลยกำหนด')] : null),
    h('td', {}, c.unitName ?? groupName(c.unitId)),
    h('td', { class: 'document', title: c.documentId }, caseLink(c.caseId, documentName(c.documentId))),
    h('td', {}, severityBadge(c.severity)),
    h('td', {}, STATES[c.state]),
    h('td', { class: 'num' }, count(c.leaks), c.unreadable > 0 ? h('small', { class: 'unreadable' }, ` (อ่านไม่ออก ${count(c.unreadable)})`) : null),
  );
}

/** The case of the #case/<id> route in the detail panel; hidden on any other route. */
async function showRoute() {
  const panel = byId('case-detail');
  const match = /^#case\/(.+)$/.exec(location.hash);
  panel.hidden = !match;
  if (!match) return panel.replaceChildren();
  panel.replaceChildren(h('p', {}, 'กำลังโหลด…'));
  try {
    panel.replaceChildren(...caseDetail(await api(`/api/cases/${match[1]}`)));
  } catch (err) {
    panel.replaceChildren(h('p', { class: 'error' }, `เปิดเคสไม่ได้: ${err.message}`), closeLink());
  }
  panel.scrollIntoView({ block: 'start' });
}

/** Beside an insufficiently masked ID: whether its check digit gives the hidden digits back. */
function maskNote(f) {
  if (f.recoverable) return [' ', h('span', { class: 'badge', 'data-testid': 'recoverable' }, bilingual('คำนวณเลขเต็มกลับได้จากเลขตรวจสอบ', 'recoverable'))];
  if (f.status === 'insufficient' && f.candidates !== null) return [' ', h('small', {}, `(เลขที่เป็นไปได้ ${count(f.candidates)} เลข)`)];
  return null;
}

const closeLink = () => h('a', { href: '#', class: 'close' }, bilingual('ปิด', 'close'));
const fact = (term, ...description) => [h('dt', {}, term), h('dd', {}, ...description)];

function caseDetail(c) {
  const unit = c.unitName ? `${c.unitName} (${c.unitId})` : c.claimedUnitId ? `ไม่อยู่ในทะเบียน: ${c.claimedUnitId}` : groupName(c.unitId);
  return [
    h('div', { class: 'panel-head' }, h('h2', {}, bilingual('รายละเอียดเคส', 'case')), closeLink()),
    h(
      'dl',
      { class: 'facts' },
      fact(bilingual('เอกสาร', 'document'), h('span', { class: 'document' }, c.document.sourceUrl ?? c.document.key), ` (${c.document.format})`),
      fact(bilingual('หน่วยงาน', 'unit'), unit),
      fact(bilingual('สถานะ', 'state'), STATES[c.state]),
      fact(bilingual('กำหนดแจ้ง สคส.', 'deadline'), c.deadline ? thaiDateTime(c.deadline) : 'ยังไม่ได้แจ้งหน่วยงาน', c.overdue ? [' ', h('span', { class: 'badge' }, 'เลยกำหนด')] : null),
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
      c.findings.map((f) => [h('code', {}, f.display), TYPE_LABELS[f.type], [STATUS_LABELS[f.status], maskNote(f)], f.where]),
      'ไม่มีรายการ',
    ),
    ...(c.findingsTruncated ? [h('p', { class: 'note' }, `ระบบเก็บตำแหน่งไว้เพียง ${count(c.findings.length)} รายการแรก`)] : []),
    ...(c.unreadable.length > 0
      ? [
          h('h3', { 'data-testid': 'unreadable' }, bilingual('ตัวเลขที่อ่านไม่ออก (ไม่นับเป็นการเปิดเผย)', 'could not be read, not counted as leaks')),
          h('p', { class: 'status unreadable' }, UNREADABLE_NOTE),
          table(
            [bilingual('ลักษณะที่เห็น', 'shape'), bilingual('คาดว่าเป็น', 'looks like'), bilingual('ตำแหน่ง', 'where')],
            c.unreadable.map((f) => [h('code', {}, f.display), TYPE_LABELS[f.type], f.where]),
            'ไม่มีรายการ',
          ),
        ]
      : []),
    h('h3', {}, bilingual('อีเมลที่ส่ง', 'e-mails sent')),
    table(
      [bilingual('เวลา', 'time'), bilingual('ประเภท', 'kind'), bilingual('ถึง', 'to'), bilingual('สำเนา', 'cc')],
      c.emails.map((email) => [thaiDateTime(email.at), EMAIL_KINDS[email.kind], email.to.join(', '), email.cc.join(', ')]),
      'ยังไม่ได้ส่งอีเมล',
    ),
    h('h3', {}, bilingual('ประวัติ', 'history')),
    table(
      [bilingual('เวลา', 'time'), bilingual('สถานะ', 'state'), bilingual('เหตุผล', 'reason')],
      c.history.map((event) => [thaiDateTime(event.at), STATES[event.state], event.reason]),
      'ไม่มีประวัติ',
    ),
  ];
}

// ---------------------------------------------------------------------------------------------
// The header's buttons, and keeping the page current.

function setUpAction(buttonId, path, thai, english) {
  const button = controlById(buttonId);
  const status = byId('action-status');
  button.addEventListener('click', async () => {
    button.disabled = true;
    say(status, 'busy', `${thai}…`, english);
    try {
      const outcome = await api(path, { method: 'POST' });
      say(status, 'done', `${thai} เสร็จแล้ว`, `${english}: done`, ' ', h('code', {}, JSON.stringify(outcome).slice(0, 300)));
      refresh();
    } catch (err) {
      say(status, 'error', `${thai} ไม่สำเร็จ: ${err.message}`, `${english}: failed`);
    } finally {
      button.disabled = false;
    }
  });
}

async function refresh() {
  const error = byId('load-error');
  try {
    await Promise.all([showOverview(), showCases()]);
    error.hidden = true;
  } catch (err) {
    error.textContent = `โหลดข้อมูลไม่ได้: ${err.message}`;
    error.hidden = false;
  }
}

setUpAction('crawl-now', '/api/crawl', 'เก็บเอกสารจากเว็บไซต์', 'crawl');
setUpAction('follow-up-now', '/api/follow-up', 'ติดตามเคส', 'follow-up');
byId('range').addEventListener('submit', (event) => {
  event.preventDefault();
  refresh();
});
window.addEventListener('hashchange', showRoute);
refresh();
showRoute();
// The pipeline works in the background: its cases and figures show up without a reload.
setInterval(refresh, 30_000);

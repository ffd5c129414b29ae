// The e-mails the notify function sends, in formal, short Thai: a notice to a unit about its
// documents that expose personal identifiers, and an escalation to its supervising office and the
// PDPC when they are still exposed after the deadline. Each is built once as a list of blocks and
// rendered both as plain text and as HTML, so the two always say the same thing. Regions of scans
// that OCR could not read are no leak: the notice lists them in a section of their own.
//
// No e-mail ever holds a full identifier: findings appear only as their masked `display` (at most
// 4 digits) and as counts, never with their excerpt; long numbers in document addresses are
// masked; and a final check refuses any output with a run of 9 or more digits.
import { IDENTIFIER_TYPE_NAMES } from '../identifier-types.ts';
import { describeLocationInThai } from '../report/location.ts';
import { type Finding, isRecoverable } from '../types.ts';
import type { Unit } from '../units.ts';
import { SEVERITY_LABELS, STATUS_LABELS, TYPE_LABELS } from '../thai-labels.ts';
import { type Case, type CaseSeverity, MAX_CASE_FINDINGS, NOTIFICATION_DEADLINE_HOURS } from './model.ts';
import { CHAR_CLASS, type ClusterSpan, DIGIT, nextCluster } from '../detect/characters.ts';
import { THAILAND_TIME_ZONE, dateParts } from './thailand-time.ts';

export interface RenderedEmail {
  subject: string;
  text: string;
  html: string;
}

/** The notify function's settings for both e-mails; the escalation uses only `replyTo`. */
export interface EmailOptions {
  /** Where answers go: the address the e-mail asks people to reply to. */
  replyTo: string;
  /** The PDPC's address for breach notifications, given to the unit in the notice. */
  pdpcEmail?: string;
  /**
   * The clerk page, where the unit checks a document before publishing it again and downloads its
   * X4-masked copy (nothing filed); the notice points there, and to `leakscan mask` on the command line.
   */
  clerkPageUrl?: string;
}

type EmailUnit = Pick<Unit, 'id' | 'name'>;

// ---------------------------------------------------------------------------------------------
// Digits: the safety check, and the masking that lets addresses pass it.

const FULL_IDENTIFIER_LENGTH = 9;
const isDigit = (ch: string): boolean => CHAR_CLASS[ch.charCodeAt(0)] === DIGIT;

/**
 * The numbers with 9 or more digits, read as the detector reads them (its clusters: digits,
 * masks, separators and zero-width characters), so that no writing of a number slips by.
 */
function* longDigitRuns(text: string): Generator<{ start: number; end: number }> {
  const span: ClusterSpan = { start: 0, end: 0, positions: 0 };
  for (let i = 0; nextCluster(text, i, span, FULL_IDENTIFIER_LENGTH); i = span.end) {
    if ([...text.slice(span.start, span.end)].filter(isDigit).length >= FULL_IDENTIFIER_LENGTH) yield { start: span.start, end: span.end };
  }
}

/** Throws if the text holds a number of 9 or more digits (separators between them ignored). */
export function assertNoFullIdentifier(text: string): void {
  const run = longDigitRuns(text).next();
  // The message says where, never what: it may end up in a log.
  if (!run.done) throw new Error(`refusing to send an e-mail with a run of ${FULL_IDENTIFIER_LENGTH}+ digits (at offset ${run.value.start})`);
}

/** Every number of 9 or more digits with all but its last 4 digits replaced by X. */
function maskLongDigitRuns(text: string): string {
  let out = '';
  let at = 0;
  for (const { start, end } of longDigitRuns(text)) {
    const run = [...text.slice(start, end)];
    let digitsLeft = run.filter(isDigit).length;
    out += text.slice(at, start) + run.map((ch) => (isDigit(ch) && digitsLeft-- > 4 ? 'X' : ch)).join('');
    at = end;
  }
  return out + text.slice(at);
}

// ---------------------------------------------------------------------------------------------
// Thai wording.

const THAI_DATE_TIME = new Intl.DateTimeFormat('th-TH-u-ca-buddhist', {
  timeZone: THAILAND_TIME_ZONE,
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
});

/** `28 พฤศจิกายน 2569 เวลา 14:05 น.`: the instant in Thailand's time, Buddhist era year (the fields set in the letters' own words). */
export function thaiDateTime(iso: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) throw new Error(`not a date: ${iso}`);
  const { day, month, year, hour, minute } = dateParts(THAI_DATE_TIME, new Date(ms));
  return `${day} ${month} ${year} เวลา ${hour}:${minute} น.`;
}

const RECOVERABLE_STATUS = 'ปิดบังไม่เพียงพอ คำนวณเลขเต็มกลับได้';
const statusName = (f: Finding): string => (isRecoverable(f) ? RECOVERABLE_STATUS : STATUS_LABELS[f.status]);
const RECOVERABLE_NOTE =
  `รายการที่ระบุว่า “${RECOVERABLE_STATUS}” ปิดบังไว้น้อยกว่า 4 หลัก ผู้ใดก็คำนวณหลักที่ปิดไว้กลับได้จากเลขตรวจสอบ (หลักที่ 13) ` +
  'จึงเท่ากับเปิดเผยเลขประจำตัวประชาชนครบทุกหลัก (the full number can be recovered from its check digit) การปิดบังต้องซ่อนอย่างน้อย 4 หลัก';
const UNREADABLE_NOTE =
  'มีตัวเลขที่อ่านไม่ออก โปรดตรวจด้วยตา (a number here could not be read, check it by eye): ตำแหน่งต่อไปนี้ในเอกสารสแกนดูเหมือนเป็นเลขที่ระบุตัวบุคคลได้ ' +
  'แต่ระบบอ่านตัวเลขไม่ได้ จึงไม่นับรวมในรายการที่เปิดเผยข้างต้น โปรดเปิดเอกสารตรวจดู หากเป็นเลขที่ไม่ได้ปิดบัง ให้ปิดบังอย่างน้อย 4 หลักเช่นเดียวกัน';
const SEVERITY_RANK: Record<CaseSeverity, number> = { high: 0, medium: 1, low: 2 };

const PDPC = 'สำนักงานคณะกรรมการคุ้มครองข้อมูลส่วนบุคคล (สคส.)';
const PDPA = 'พระราชบัญญัติคุ้มครองข้อมูลส่วนบุคคล พ.ศ. 2562';
const SENDER = 'ระบบตรวจสอบการเปิดเผยข้อมูลส่วนบุคคล leakscan';
const MAX_LISTED_FINDINGS = 20;

// ---------------------------------------------------------------------------------------------
// Blocks: the content of an e-mail, rendered as text and as HTML.

type Inline = string | { link: string; text: string } | { code: string };
type Block = { heading: string; level: 2 | 3 } | { paragraph: Inline[] } | { list: Inline[][]; ordered?: boolean } | { table: { head: string[]; rows: string[][] } };

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
const escapeHtml = (value: string): string => value.replace(/[&<>"']/g, (ch) => ESCAPES[ch]!);

function inlineText(inline: Inline): string {
  if (typeof inline === 'string') return inline;
  if ('code' in inline) return inline.code;
  return inline.text === inline.link ? inline.link : `${inline.text} (${inline.link})`;
}

function inlineHtml(inline: Inline): string {
  if (typeof inline === 'string') return escapeHtml(inline);
  if ('code' in inline) return `<code style="background:#f2f2f2;padding:1px 4px">${escapeHtml(inline.code)}</code>`;
  return `<a href="${escapeHtml(inline.link)}">${escapeHtml(inline.text)}</a>`;
}

function blockText(block: Block): string {
  if ('heading' in block) return block.level === 2 ? `=== ${block.heading} ===` : `--- ${block.heading} ---`;
  if ('paragraph' in block) return block.paragraph.map(inlineText).join('');
  if ('list' in block) return block.list.map((item, i) => `${block.ordered ? `${i + 1}.` : '-'} ${item.map(inlineText).join('')}`).join('\n');
  // Cells split by a bar: no spacing can line up Thai text, and no two numbers run together.
  return [block.table.head, ...block.table.rows].map((row) => row.join(' | ')).join('\n');
}

const CELL_STYLE = 'border:1px solid #bbb;padding:4px 8px;text-align:left;vertical-align:top';

function blockHtml(block: Block): string {
  if ('heading' in block) return `<h${block.level} style="margin:1.2em 0 0.4em">${escapeHtml(block.heading)}</h${block.level}>`;
  if ('paragraph' in block) return `<p style="margin:0.5em 0">${block.paragraph.map(inlineHtml).join('')}</p>`;
  if ('list' in block) {
    const tag = block.ordered ? 'ol' : 'ul';
    return `<${tag} style="margin:0.3em 0">${block.list.map((item) => `<li>${item.map(inlineHtml).join('')}</li>`).join('')}</${tag}>`;
  }
  const row = (cells: string[], tag: 'th' | 'td'): string => `<tr>${cells.map((c) => `<${tag} style="${CELL_STYLE}">${escapeHtml(c)}</${tag}>`).join('')}</tr>`;
  return `<table style="border-collapse:collapse;margin:0.4em 0"><thead>${row(block.table.head, 'th')}</thead><tbody>${block.table.rows.map((r) => row(r, 'td')).join('')}</tbody></table>`;
}

// Case IDs are hex hashes (shared/cases/case.ts), about one in seven of which holds 9 digits in
// a row: they are left out of the check, as people must be able to quote them as they are. Only
// what has the shape of a hash is: a number put there by mistake is still caught.
const HASH_ID = /^(?=.*[a-f])[0-9a-f]{16,64}$/;

/** The e-mail in both forms, checked: it throws rather than let a full identifier out. */
function render(subject: string, blocks: Block[], caseIds: string[]): RenderedEmail {
  const oneLineSubject = subject.replace(/\s+/g, ' ').trim();
  const text = `${blocks.map(blockText).join('\n\n')}\n`;
  const html = [
    '<!DOCTYPE html>',
    '<html lang="th">',
    `<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(oneLineSubject)}</title></head>`,
    '<body style="font-family:Tahoma,\'Noto Sans Thai\',sans-serif;font-size:15px;line-height:1.6;color:#1a1a1a;max-width:800px;margin:0 auto;padding:16px">',
    ...blocks.map(blockHtml),
    '</body>',
    '</html>',
    '',
  ].join('\n');
  // Replaced by a character that is no digit nor separator, so nothing around an ID joins up.
  const hashIds = caseIds.filter((id) => HASH_ID.test(id));
  const withoutCaseIds = (part: string): string => hashIds.reduce((rest, id) => rest.replaceAll(id, '#'), part);
  for (const part of [oneLineSubject, text, html]) assertNoFullIdentifier(withoutCaseIds(part));
  return { subject: oneLineSubject, text, html };
}

// ---------------------------------------------------------------------------------------------
// Cases as the e-mails show them.

const bySeverity = (cases: Case[]): Case[] => [...cases].sort((a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity]);

const isWebUrl = (url: string): boolean => /^https?:\/\//i.test(url);

/** The document's file name, from its address or bucket key, for people to recognize it. */
function documentName(c: Case): string {
  const path = c.document.sourceUrl?.split(/[?#]/)[0] ?? c.document.key;
  const last = path.split('/').filter(Boolean).pop() ?? '';
  let name = last;
  try {
    name = decodeURIComponent(last);
  } catch {
    // A malformed escape: show the name as it is written.
  }
  return maskLongDigitRuns(name || c.document.sourceUrl || c.document.key);
}

/** A link to the document when it has a web address; else its key in the bucket, as text. */
function documentAddress(c: Case): Inline[] {
  const url = c.document.sourceUrl;
  if (url) {
    const shown = maskLongDigitRuns(url);
    return ['ที่อยู่เอกสาร: ', isWebUrl(url) ? { link: shown, text: shown } : shown];
  }
  return ['ไฟล์ที่ส่งเข้าระบบ (ไม่มีที่อยู่บนเว็บไซต์): ', maskLongDigitRuns(c.document.key)];
}

function countsTable(c: Case): Block {
  const rows = IDENTIFIER_TYPE_NAMES.map((type) => ({ type, ...c.counts.byTypeAndStatus[type] }))
    .filter((row) => row.unmasked + row.insufficient > 0)
    .map((row) => [TYPE_LABELS[row.type], String(row.unmasked), String(row.insufficient), String(row.unmasked + row.insufficient)]);
  return { table: { head: ['ประเภทข้อมูล', STATUS_LABELS.unmasked, STATUS_LABELS.insufficient, 'รวม'], rows } };
}

function findingsBlocks(c: Case): Block[] {
  const listed = c.findings.slice(0, MAX_LISTED_FINDINGS);
  const blocks: Block[] = [
    { paragraph: [`ตำแหน่งที่พบ${c.findings.length > MAX_LISTED_FINDINGS ? ` ${MAX_LISTED_FINDINGS} รายการแรก` : ''} (แสดงเลขเพียงบางส่วน):`] },
    {
      table: {
        head: ['ลำดับ', 'ข้อมูลที่พบ', 'ประเภท', 'สถานะ', 'ตำแหน่ง'],
        rows: listed.map((f, i) => [String(i + 1), f.display, TYPE_LABELS[f.type], statusName(f), describeLocationInThai(f.location)]),
      },
    },
  ];
  if (c.findings.some(isRecoverable)) blocks.push({ paragraph: [RECOVERABLE_NOTE] });
  // The counts cover every finding, the case keeps at most MAX_CASE_FINDINGS of them.
  const more = Math.max(c.counts.leaks, c.findings.length) - listed.length;
  if (more > 0) blocks.push({ paragraph: [`และอีก ${more} รายการ`] });
  if (c.findingsTruncated) blocks.push({ paragraph: [`ระบบบันทึกตำแหน่งไว้เพียง ${MAX_CASE_FINDINGS} รายการแรก โปรดตรวจทั้งเอกสาร ไม่เฉพาะตำแหน่งที่ระบุ`] });
  return blocks;
}

/** The regions of every case that could not be read, apart from the leaks: none, no section. */
function unreadableBlocks(cases: Case[]): Block[] {
  const listed = cases.map((c) => ({ c, all: c.unreadable ?? [] })).filter(({ all }) => all.length > 0);
  if (listed.length === 0) return [];
  const rows = listed.flatMap(({ c, all }) => all.slice(0, MAX_LISTED_FINDINGS).map((f) => [documentName(c), TYPE_LABELS[f.type], f.display, describeLocationInThai(f.location)]));
  const more = listed.filter(({ all }) => all.length > MAX_LISTED_FINDINGS).map(({ c, all }): Inline[] => [`${documentName(c)}: และอีก ${all.length - MAX_LISTED_FINDINGS} ตำแหน่ง`]);
  return [
    { heading: 'ตัวเลขที่อ่านไม่ออก', level: 2 },
    { paragraph: [UNREADABLE_NOTE] },
    { table: { head: ['เอกสาร', 'คาดว่าเป็น', 'ลักษณะที่เห็น', 'ตำแหน่ง'], rows } },
    ...(more.length > 0 ? [{ list: more }] : []),
  ];
}

function leakSummary(c: Case): string {
  return `รวม ${c.counts.leaks} รายการ เกี่ยวกับบุคคลประมาณ ${c.counts.persons} คน`;
}

function severityBlocks(c: Case): Block[] {
  const blocks: Block[] = [{ paragraph: [`ระดับความรุนแรง: ${SEVERITY_LABELS[c.severity]}`] }];
  if (c.severityReasons.length > 0) blocks.push({ list: c.severityReasons.map((reason) => [maskLongDigitRuns(reason)]) });
  return blocks;
}

function noticeCaseBlocks(c: Case, index: number, total: number): Block[] {
  return [
    { heading: `เอกสารที่ ${index + 1} จาก ${total}: ${documentName(c)}`, level: 3 },
    { list: [documentAddress(c), [`รูปแบบไฟล์: ${c.document.format.toUpperCase()}`], [`ตรวจพบเมื่อ: ${thaiDateTime(c.scannedAt)}`], [`รหัสเรื่อง: ${c.caseId}`]] },
    ...severityBlocks(c),
    { paragraph: ['จำนวนที่พบ:'] },
    countsTable(c),
    { paragraph: [leakSummary(c)] },
    ...findingsBlocks(c),
  ];
}

const earliest = (isoDates: string[]): string | undefined => [...isoDates].sort((a, b) => Date.parse(a) - Date.parse(b))[0];

/** When the unit was first told of the case: its first notice e-mail, else the history. */
function notifiedAt(c: Case): string | undefined {
  const notices = c.emails.filter((e) => e.kind === 'notice').map((e) => e.at);
  const at = notices.length > 0 ? notices : c.history.filter((e) => e.state === 'notified').map((e) => e.at);
  return earliest(at);
}

function escalationCaseBlocks(c: Case, index: number, total: number): Block[] {
  const told = notifiedAt(c);
  return [
    { heading: `เอกสารที่ ${index + 1} จาก ${total}: ${documentName(c)}`, level: 3 },
    {
      list: [
        documentAddress(c),
        [`แจ้งหน่วยงานเมื่อ: ${told ? thaiDateTime(told) : 'ไม่พบบันทึกการแจ้ง'}`],
        [`ครบกำหนดเมื่อ: ${c.deadline ? thaiDateTime(c.deadline) : 'ไม่ได้กำหนด'}`],
        [`ตรวจล่าสุดเมื่อ: ${thaiDateTime(c.scannedAt)} (ยังพบข้อมูลเปิดเผยอยู่)`],
        [`รหัสเรื่อง: ${c.caseId}`],
      ],
    },
    ...severityBlocks(c),
    countsTable(c),
    { paragraph: [leakSummary(c)] },
  ];
}

/** The cases of one unit, or an error: an e-mail must never tell a unit of another's documents. */
function checkedCases(unit: EmailUnit, cases: Case[]): Case[] {
  if (cases.length === 0) throw new Error(`no case to write to unit ${unit.id} about`);
  const foreign = cases.find((c) => c.unitId !== unit.id);
  if (foreign) throw new Error(`case ${foreign.caseId} belongs to unit ${foreign.unitId}, not ${unit.id}`);
  return bySeverity(cases);
}

const earliestDeadline = (cases: Case[]): string | undefined => earliest(cases.flatMap((c) => (c.deadline ? [c.deadline] : [])));

const caseIdsBlock = (cases: Case[]): Block => ({ list: cases.map((c) => [{ code: c.caseId }]) });

// ---------------------------------------------------------------------------------------------
// The e-mails.

/** One e-mail to a unit about all of its new cases of a run. */
export function renderNotice(unit: EmailUnit, cases: Case[], options: EmailOptions): RenderedEmail {
  const sorted = checkedCases(unit, cases);
  const deadlineIso = earliestDeadline(sorted);
  if (!deadlineIso) throw new Error(`no deadline on the cases of unit ${unit.id}: set it before the notice is written`);
  const deadline = thaiDateTime(deadlineIso);
  const unitName = maskLongDigitRuns(unit.name);
  const subject = `[leakscan] พบข้อมูลส่วนบุคคลเปิดเผยใน ${sorted.length} เอกสารของ ${unitName} — โปรดดำเนินการภายใน ${deadline}`;

  const maskAdvice: Inline[] = options.clerkPageUrl
    ? [
        ' ก่อนเผยแพร่ใหม่ เจ้าหน้าที่ของหน่วยงานตรวจเอกสารและดาวน์โหลดสำเนาที่ปิดบังเลขแล้วได้ที่หน้าตรวจเอกสารก่อนเผยแพร่ ',
        { link: options.clerkPageUrl, text: options.clerkPageUrl },
        ' (การตรวจไม่เปิดเรื่องและไม่แจ้งผู้ใด) หรือใช้คำสั่ง ',
        { code: 'leakscan mask <ไฟล์ต้นฉบับ> -o <ไฟล์ที่ปิดบังแล้ว>' },
        ' และโปรดตรวจทานก่อนเผยแพร่',
      ]
    : [];
  const pdpcContact: Inline[] = options.pdpcEmail ? [` (ติดต่อ สคส. ได้ที่ ${options.pdpcEmail})`] : [];

  const blocks: Block[] = [
    { paragraph: [`เรียน ผู้ประสานงาน/เจ้าหน้าที่คุ้มครองข้อมูลส่วนบุคคล ${unitName}`] },
    {
      paragraph: [
        `${SENDER} ซึ่งดำเนินการในนามของ${PDPC} ตรวจพบเลขประจำตัวประชาชน หมายเลขโทรศัพท์ หรือเลขหลังบัตรประชาชน ที่ไม่ได้ปิดบังหรือปิดบังไม่เพียงพอ ในเอกสารที่หน่วยงานเผยแพร่ จำนวน ${sorted.length} เอกสาร รายละเอียดตามด้านล่าง (เรียงตามระดับความรุนแรง) เพื่อความปลอดภัย อีเมลนี้แสดงเลขเพียงบางส่วนเท่านั้น`,
      ],
    },
    { heading: 'เอกสารที่พบ', level: 2 },
    ...sorted.flatMap((c, i) => noticeCaseBlocks(c, i, sorted.length)),
    ...unreadableBlocks(sorted),
    { heading: 'เหตุใดจึงต้องแก้ไข', level: 2 },
    {
      paragraph: [
        'เลขที่ระบุตัวบุคคลได้ (เลขประจำตัวประชาชน หมายเลขโทรศัพท์ เลขหลังบัตรประชาชน) ที่เผยแพร่ต่อสาธารณะ ต้องปิดบังอย่างน้อย 4 หลักด้วย X เช่น 1-2345-678XX-XX-X ',
        `เลขที่เปิดเผยอาจถูกนำไปใช้สวมรอยหรือหลอกลวงเจ้าของข้อมูล และการเปิดเผยดังกล่าวอาจเป็นเหตุการละเมิดข้อมูลส่วนบุคคลตาม${PDPA} (PDPA) ซึ่งหน่วยงานในฐานะผู้ควบคุมข้อมูลส่วนบุคคลมีหน้าที่ต้องดำเนินการ`,
      ],
    },
    { heading: 'สิ่งที่ขอให้ดำเนินการ', level: 2 },
    {
      ordered: true,
      list: [
        ['นำเอกสารออกจากการเผยแพร่โดยเร็ว หรือเผยแพร่ใหม่โดยปิดบังเลขตามหลักเกณฑ์ข้างต้น โดยตรวจทั้งเอกสาร รวมถึงส่วนที่ซ่อนอยู่และสำเนาที่เผยแพร่ไว้ที่อื่น', ...maskAdvice],
        ['ประเมินความเสี่ยงที่การเปิดเผยนี้จะมีผลกระทบต่อสิทธิและเสรีภาพของเจ้าของข้อมูล'],
        [`แจ้งเหตุการละเมิดข้อมูลส่วนบุคคลต่อ สคส. ภายใน ${NOTIFICATION_DEADLINE_HOURS} ชั่วโมงนับแต่ทราบเหตุ เว้นแต่การละเมิดนั้นไม่มีความเสี่ยงที่จะมีผลกระทบต่อสิทธิและเสรีภาพของบุคคล (มาตรา 37(4))`, ...pdpcContact],
        ['หากการละเมิดมีความเสี่ยงสูงที่จะมีผลกระทบต่อสิทธิและเสรีภาพของบุคคล ให้แจ้งเจ้าของข้อมูลทราบโดยไม่ชักช้า พร้อมแนวทางการเยียวยา'],
      ],
    },
    { heading: 'กำหนดเวลา', level: 2 },
    {
      paragraph: [`โปรดดำเนินการภายใน ${deadline} หากพ้นกำหนดแล้วยังพบข้อมูลเปิดเผยอยู่ ระบบจะแจ้งหน่วยงานที่กำกับดูแลและ สคส. เพื่อติดตามต่อไป`],
    },
    { heading: 'การตอบกลับ', level: 2 },
    { paragraph: [`เมื่อดำเนินการแล้ว โปรดตอบกลับอีเมลนี้ (${options.replyTo}) แจ้งสิ่งที่ได้ดำเนินการ พร้อมอ้างอิงรหัสเรื่อง:`] },
    caseIdsBlock(sorted),
    { paragraph: ['ขอแสดงความนับถือ'] },
    { paragraph: [SENDER] },
    { paragraph: [`ในนามของ${PDPC}`] },
  ];
  return render(
    subject,
    blocks,
    sorted.map((c) => c.caseId),
  );
}

/** One e-mail to a unit's supervising office and the PDPC about its cases past the deadline. */
export function renderEscalation(unit: EmailUnit, cases: Case[], options: EmailOptions): RenderedEmail {
  const sorted = checkedCases(unit, cases);
  const unitName = maskLongDigitRuns(unit.name);
  const firstDeadline = earliestDeadline(sorted);
  const subject = `[leakscan] ขอให้ติดตาม: ข้อมูลส่วนบุคคลยังเปิดเผยใน ${sorted.length} เอกสารของ ${unitName} หลังพ้นกำหนด${firstDeadline ? ` ${thaiDateTime(firstDeadline)}` : ''}`;

  const blocks: Block[] = [
    { paragraph: [`เรียน หน่วยงานที่กำกับดูแล ${unitName} และ${PDPC}`] },
    {
      paragraph: [
        `${SENDER} ซึ่งดำเนินการในนามของ${PDPC} ได้แจ้ง ${unitName} ว่าเอกสารที่หน่วยงานเผยแพร่มีเลขประจำตัวประชาชน หมายเลขโทรศัพท์ หรือเลขหลังบัตรประชาชนที่ไม่ได้ปิดบังหรือปิดบังไม่เพียงพอ แต่เมื่อพ้นกำหนดแล้ว ยังพบข้อมูลดังกล่าวเปิดเผยอยู่ใน ${sorted.length} เอกสาร ตามรายละเอียดด้านล่าง (เรียงตามระดับความรุนแรง) อีเมลนี้แสดงเพียงจำนวน ไม่แสดงเลขใด ๆ`,
      ],
    },
    { heading: 'เอกสารที่ยังเปิดเผยข้อมูล', level: 2 },
    ...sorted.flatMap((c, i) => escalationCaseBlocks(c, i, sorted.length)),
    { heading: 'ขอความร่วมมือ', level: 2 },
    {
      ordered: true,
      list: [
        [`หน่วยงานที่กำกับดูแล: โปรดติดตามให้ ${unitName} นำเอกสารออกจากการเผยแพร่ หรือเผยแพร่ใหม่โดยปิดบังเลขอย่างน้อย 4 หลักด้วย X โดยเร็ว`],
        [`สคส.: โปรดพิจารณาติดตามการแจ้งเหตุการละเมิดข้อมูลส่วนบุคคลตามมาตรา 37(4) แห่ง${PDPA} ตามอำนาจหน้าที่`],
      ],
    },
    { heading: 'การตอบกลับ', level: 2 },
    { paragraph: [`โปรดตอบกลับอีเมลนี้ (${options.replyTo}) แจ้งผลการติดตาม พร้อมอ้างอิงรหัสเรื่อง:`] },
    caseIdsBlock(sorted),
    { paragraph: ['ขอแสดงความนับถือ'] },
    { paragraph: [SENDER] },
    { paragraph: [`ในนามของ${PDPC}`] },
  ];
  return render(
    subject,
    blocks,
    sorted.map((c) => c.caseId),
  );
}

// The notice and escalation e-mails: what they say, in Thai, in text and HTML alike, and that no
// full identifier can get into them.
import { describe, expect, it } from 'vitest';
import { assertNoFullIdentifier, renderEscalation, renderNotice, thaiDateTime } from '../../shared/cases/email.ts';
import { type Case, caseListing } from '../../shared/cases/model.ts';
import { RECOVERABLE_REASON } from '../../shared/cases/severity.ts';
import { displayForm } from '../../shared/masking.ts';
import type { Finding, FindingLocation, FindingStatus, IdentifierType, MaskStatus } from '../../shared/types.ts';
import { UNREAD_DIGITS, dashed, unreadableFinding, withCheckDigit } from '../helpers.ts';

const UNIT = { id: 'khaonoi', name: 'องค์การบริหารส่วนตำบลเขาน้อย' };
const OPTIONS = { replyTo: 'leakscan@pdpc.or.th' };
const FULL_ID = withCheckDigit('310140012345');

const finding = (type: IdentifierType, status: MaskStatus, normalized: string, location: Omit<FindingLocation, 'excerpt'>): Finding => ({
  type,
  status,
  fingerprint: 'f'.repeat(64),
  display: displayForm(type, normalized),
  // Excerpts hold surrounding text: an e-mail must never show them.
  location: { ...location, excerpt: `นายสมชาย ใจดี ${dashed(FULL_ID)}` },
  confidence: 0.99,
});

const counts = (byType: Partial<Record<IdentifierType, Partial<Record<FindingStatus, number>>>>, persons: number): Case['counts'] => {
  const of = (type: IdentifierType) => ({ unmasked: 0, insufficient: 0, masked: 0, unreadable: 0, ...byType[type] });
  const byTypeAndStatus = { national_id: of('national_id'), phone: of('phone'), laser_code: of('laser_code') };
  const leaks = Object.values(byTypeAndStatus).reduce((sum, s) => sum + s.unmasked + s.insufficient, 0);
  return { byTypeAndStatus, leaks, persons };
};

const baseCase = (caseId: string, document: Case['document'], rest: Pick<Case, 'findings' | 'counts' | 'severity' | 'severityReasons'> & Partial<Case>): Case => ({
  ...caseListing({ unitId: UNIT.id, province: 'ชัยภูมิ', kind: 'อบต.' }, UNIT),
  caseId,
  unitId: UNIT.id,
  documentId: document.sourceUrl ?? `s3://${document.bucket}/${document.key}`,
  document,
  state: 'open',
  openedAt: '2026-11-25T07:05:00Z',
  history: [{ state: 'open', at: '2026-11-25T07:05:00Z', reason: 'leaks found' }],
  emails: [],
  scannedAt: '2026-11-25T07:00:00Z',
  ...rest,
});

// A PDF list of 25 people with their full national IDs, on a web page whose address has `<&` and a long number.
const PDF_URL = 'https://www.khaonoi.go.th/files/list.pdf?id=1234567890123&x=<&';
const pdfCase = baseCase(
  'case-pdf',
  { bucket: 'docs', key: 'crawled/khaonoi/list.pdf', sourceUrl: PDF_URL, unitId: UNIT.id, origin: 'crawl', format: 'pdf' },
  {
    findings: Array.from({ length: 25 }, (_, i) => finding('national_id', 'unmasked', withCheckDigit(`3101400${String(12345 + i)}`), { page: 1 + Math.floor(i / 10), line: 5 + (i % 10) })),
    counts: counts({ national_id: { unmasked: 25 } }, 25),
    severity: 'high',
    severityReasons: ['พบเลขประจำตัวประชาชนที่ไม่ปิดบัง 25 รายการ'],
    deadline: '2026-11-28T07:05:00Z',
  },
);

// A spreadsheet with phones and laser codes, some in a hidden row; more findings than a case keeps.
const XLSX_URL = 'https://www.khaonoi.go.th/files/elderly.xlsx';
const xlsxCase = baseCase(
  'case-xlsx',
  { bucket: 'docs', key: 'crawled/khaonoi/elderly.xlsx', sourceUrl: XLSX_URL, unitId: UNIT.id, origin: 'crawl', format: 'xlsx' },
  {
    findings: [
      finding('laser_code', 'unmasked', 'JT1234567890', { sheet: 'รายชื่อผู้สูงอายุ', cell: 'E5', hidden: 'hidden-row' }),
      ...Array.from({ length: 199 }, (_, i) => finding('phone', 'insufficient', `08123X${String(1000 + i)}`, { sheet: 'รายชื่อผู้สูงอายุ', cell: `F${6 + i}` })),
    ],
    findingsTruncated: true,
    counts: counts({ phone: { insufficient: 440 }, laser_code: { unmasked: 10 } }, 300),
    severity: 'medium',
    severityReasons: ['พบเลขหลังบัตรประชาชน 10 รายการ', 'พบหมายเลขโทรศัพท์ที่ปิดบังไม่เพียงพอ 440 รายการ'],
    deadline: '2026-11-29T01:00:00Z',
  },
);

// A Word document the unit uploaded: no web address, a phone in its footer.
const docxCase = baseCase(
  'case-docx',
  { bucket: 'docs', key: 'uploads/khaonoi/คำสั่ง.docx', unitId: UNIT.id, origin: 'upload', format: 'docx' },
  {
    findings: [finding('phone', 'unmasked', '0812345678', { part: 'footer', line: 3 })],
    counts: counts({ phone: { unmasked: 1 } }, 1),
    severity: 'low',
    severityReasons: ['พบหมายเลขโทรศัพท์ 1 รายการ'],
    deadline: '2026-11-30T01:00:00Z',
  },
);

const CASES = [docxCase, xlsxCase, pdfCase];
const DEADLINE = '28 พฤศจิกายน 2569 เวลา 14:05 น.';
const both = (email: { text: string; html: string }) => [email.text, email.html];

describe('thaiDateTime', () => {
  it('writes the instant in Thailand time, Buddhist era', () => {
    expect(thaiDateTime('2026-11-28T07:05:00Z')).toBe(DEADLINE);
    expect(thaiDateTime('2026-12-31T17:30:00Z')).toBe('1 มกราคม 2570 เวลา 00:30 น.');
  });
});

describe('renderNotice', () => {
  const email = renderNotice(UNIT, CASES, { ...OPTIONS, pdpcEmail: 'breach@pdpc.or.th', clerkPageUrl: 'https://d111111abcdef8.cloudfront.net/' });

  it('has a short subject with the unit, the number of documents and the earliest deadline', () => {
    expect(email.subject).toBe(`[leakscan] พบข้อมูลส่วนบุคคลเปิดเผยใน 3 เอกสารของ ${UNIT.name} — โปรดดำเนินการภายใน ${DEADLINE}`);
  });

  it('greets the unit, says who writes, and carries the key facts in text and HTML alike', () => {
    for (const body of both(email)) {
      expect(body).toContain(`เรียน ผู้ประสานงาน/เจ้าหน้าที่คุ้มครองข้อมูลส่วนบุคคล ${UNIT.name}`);
      expect(body).toContain('leakscan');
      expect(body).toContain('สำนักงานคณะกรรมการคุ้มครองข้อมูลส่วนบุคคล (สคส.)');
      expect(body).toContain(`โปรดดำเนินการภายใน ${DEADLINE}`);
      expect(body).toContain('leakscan@pdpc.or.th');
      expect(body).toContain('breach@pdpc.or.th');
      for (const id of ['case-pdf', 'case-xlsx', 'case-docx']) expect(body).toContain(id);
      for (const name of ['เลขประจำตัวประชาชน', 'หมายเลขโทรศัพท์', 'เลขหลังบัตรประชาชน (laser code)', 'ไม่ปิดบัง', 'ปิดบังไม่เพียงพอ']) expect(body).toContain(name);
    }
  });

  it('lists the documents by severity, each with its link or, for an upload, its key', () => {
    const order = ['list.pdf', 'elderly.xlsx', 'คำสั่ง.docx'].map((name) => email.text.indexOf(`: ${name}`));
    expect(order.every((at, i) => at > 0 && (i === 0 || at > order[i - 1]!))).toBe(true);
    const severities = ['สูง', 'ปานกลาง', 'ต่ำ'].map((s) => email.text.indexOf(`ระดับความรุนแรง: ${s}`));
    expect(severities).toEqual([...severities].sort((a, b) => a - b));
    expect(email.text).toContain(`ที่อยู่เอกสาร: ${XLSX_URL}`);
    expect(email.html).toContain(`<a href="${XLSX_URL}">${XLSX_URL}</a>`);
    expect(email.text).toContain('ไฟล์ที่ส่งเข้าระบบ (ไม่มีที่อยู่บนเว็บไซต์): uploads/khaonoi/คำสั่ง.docx');
    expect(email.html).not.toContain('href="uploads/');
    for (const body of both(email)) for (const reason of [...pdfCase.severityReasons, ...xlsxCase.severityReasons]) expect(body).toContain(reason);
  });

  it('escapes the HTML, and masks a long number in an address down to its last 4 digits', () => {
    expect(email.html).toContain('<html lang="th">');
    expect(email.html).toContain('<meta charset="utf-8">');
    expect(email.html).toContain('href="https://www.khaonoi.go.th/files/list.pdf?id=XXXXXXXXX0123&amp;x=&lt;&amp;"');
    expect(email.html).not.toContain('x=<&');
    expect(email.text).toContain('list.pdf?id=XXXXXXXXX0123&x=<&');
    expect(email.html).toContain('leakscan mask &lt;ไฟล์ต้นฉบับ&gt; -o &lt;ไฟล์ที่ปิดบังแล้ว&gt;');
    expect(email.text).toContain('leakscan mask <ไฟล์ต้นฉบับ> -o <ไฟล์ที่ปิดบังแล้ว>');
    // The clerk page first: check and mask before republishing, nothing filed.
    expect(email.html).toContain('<a href="https://d111111abcdef8.cloudfront.net/">https://d111111abcdef8.cloudfront.net/</a>');
    expect(email.text).toContain('หน้าตรวจเอกสารก่อนเผยแพร่ https://d111111abcdef8.cloudfront.net/');
    const named = renderNotice({ ...UNIT, name: 'อบต. <ทดสอบ> & ลูก' }, [docxCase], OPTIONS);
    expect(named.html).toContain('อบต. &lt;ทดสอบ&gt; &amp; ลูก');
    expect(named.html).not.toContain('<ทดสอบ>');
  });

  it('shows counts per type and status, at most 20 findings, how many more, and when the case kept only some', () => {
    expect(email.text).toContain('เลขประจำตัวประชาชน | 25 | 0 | 25');
    expect(email.text).toContain('หมายเลขโทรศัพท์ | 0 | 440 | 440');
    expect(email.text).toContain('เลขหลังบัตรประชาชน (laser code) | 10 | 0 | 10');
    expect(email.html).toContain('<td style="border:1px solid #bbb;padding:4px 8px;text-align:left;vertical-align:top">25</td>');
    for (const body of both(email)) {
      expect(body).toContain('และอีก 5 รายการ');
      expect(body).toContain('และอีก 430 รายการ');
      expect(body).toContain('ระบบบันทึกตำแหน่งไว้เพียง 200 รายการแรก');
    }
    const pdfSection = email.text.slice(email.text.indexOf(': list.pdf'), email.text.indexOf(': elderly.xlsx'));
    expect(pdfSection.match(/^\d+ \| X-XXXX-XXXX\d-\d\d-\d \| เลขประจำตัวประชาชน \| ไม่ปิดบัง \| หน้า \d, บรรทัด \d+$/gm)).toHaveLength(20);
    expect(pdfSection).toContain('20 | X-XXXX-XXXX');
    expect(pdfSection).not.toContain('21 | ');
    expect(email.text).toContain('| เลขหลังบัตรประชาชน (laser code) | ไม่ปิดบัง | แผ่นงาน “รายชื่อผู้สูงอายุ”, เซลล์ E5 (ซ่อนอยู่: แถวที่ซ่อน)');
    expect(email.text).toContain('1 | XXX-XXX-5678 | หมายเลขโทรศัพท์ | ไม่ปิดบัง | ท้ายกระดาษ, บรรทัด 3');
    expect(renderNotice(UNIT, [docxCase], OPTIONS).text).not.toContain('และอีก');
  });

  it('explains the X4 rule, the PDPA, and what to do within 72 hours', () => {
    for (const body of both(email)) {
      expect(body).toContain('ต้องปิดบังอย่างน้อย 4 หลักด้วย X');
      expect(body).toContain('พระราชบัญญัติคุ้มครองข้อมูลส่วนบุคคล พ.ศ. 2562');
      expect(body).toContain('ภายใน 72 ชั่วโมงนับแต่ทราบเหตุ');
      expect(body).toContain('มาตรา 37(4)');
      expect(body).toContain('แจ้งเจ้าของข้อมูลทราบโดยไม่ชักช้า');
      expect(body).toContain('นำเอกสารออกจากการเผยแพร่');
    }
    const plain = renderNotice(UNIT, [docxCase], OPTIONS);
    expect(plain.text).not.toContain('leakscan mask');
    expect(plain.text).not.toContain('ติดต่อ สคส. ได้ที่');
  });

  it('says when an insufficiently masked ID can be recovered from its check digit, and only then', () => {
    const masked = `${FULL_ID.slice(0, 4)}X${FULL_ID.slice(5)}`;
    const recoverable = { ...finding('national_id', 'insufficient', masked, { line: 4 }), candidates: 1 };
    const ambiguous = { ...finding('national_id', 'insufficient', `${FULL_ID.slice(0, 11)}XX`, { line: 5 }), candidates: 10 };
    const c = baseCase(
      'case-txt',
      { bucket: 'docs', key: 'uploads/khaonoi/list.txt', unitId: UNIT.id, origin: 'upload', format: 'txt' },
      {
        findings: [recoverable, ambiguous],
        counts: counts({ national_id: { insufficient: 2 } }, 2),
        severity: 'medium',
        severityReasons: [RECOVERABLE_REASON],
        deadline: '2026-11-28T07:05:00Z',
      },
    );
    const notice = renderNotice(UNIT, [c], OPTIONS);
    expect(notice.text).toContain(`1 | ${recoverable.display} | เลขประจำตัวประชาชน | ปิดบังไม่เพียงพอ คำนวณเลขเต็มกลับได้ | บรรทัด 4`);
    expect(notice.text).toContain(`2 | ${ambiguous.display} | เลขประจำตัวประชาชน | ปิดบังไม่เพียงพอ | บรรทัด 5`);
    for (const body of both(notice)) {
      expect(body).toContain('คำนวณหลักที่ปิดไว้กลับได้จากเลขตรวจสอบ (หลักที่ 13)');
      expect(body).toContain('the full number can be recovered from its check digit');
      expect(body).toContain(RECOVERABLE_REASON);
      expect(body).not.toContain(FULL_ID);
    }
    expect(renderNotice(UNIT, [{ ...c, findings: [ambiguous] }], OPTIONS).text).not.toContain('เลขตรวจสอบ (หลักที่ 13)');
    expect(email.text).not.toContain('เลขตรวจสอบ (หลักที่ 13)');
  });

  it('lists regions OCR could not read in a section of their own, apart from the leaks, without their digits', () => {
    const unreadable = Array.from({ length: 22 }, unreadableFinding);
    const scanned = { ...pdfCase, unreadable, counts: counts({ national_id: { unmasked: 25, unreadable: 22 } }, 25) };
    const notice = renderNotice(UNIT, [docxCase, xlsxCase, scanned], OPTIONS);
    for (const body of both(notice)) {
      expect(body).toContain('ตัวเลขที่อ่านไม่ออก');
      expect(body).toContain('มีตัวเลขที่อ่านไม่ออก โปรดตรวจด้วยตา (a number here could not be read, check it by eye)');
      expect(body).toContain('list.pdf: และอีก 2 ตำแหน่ง');
      expect(body.replace(/\D/g, '')).not.toContain(UNREAD_DIGITS);
      expect(body).not.toContain('บ้านเลขที่');
    }
    const section = notice.text.slice(notice.text.indexOf('=== ตัวเลขที่อ่านไม่ออก ==='), notice.text.indexOf('=== เหตุใดจึงต้องแก้ไข ==='));
    expect(section.match(/^list\.pdf \| เลขประจำตัวประชาชน \| \?-\?{4}-\?{5}-\?\?-\? \| หน้า 2, บรรทัด 2$/gm)).toHaveLength(20);
    // Not leaks: the counts and the leak listing are those of the leaks alone.
    expect(notice.text).toContain('เลขประจำตัวประชาชน | 25 | 0 | 25');
    expect(notice.text.slice(0, notice.text.indexOf('=== ตัวเลขที่อ่านไม่ออก ==='))).not.toContain('?-????');
    expect(email.text).not.toContain('ตัวเลขที่อ่านไม่ออก');
  });

  it('never shows a full identifier or an excerpt', () => {
    for (const body of [email.subject, ...both(email)]) {
      expect(body).not.toContain('นายสมชาย');
      expect(body).not.toContain(FULL_ID);
      expect(() => assertNoFullIdentifier(body)).not.toThrow();
    }
  });

  it('shows a hash case ID as it is, even with 9 digits in a row, but no other long number', () => {
    const hashId = 'ab31014001234560123456789cdef012';
    expect(renderNotice(UNIT, [{ ...docxCase, caseId: hashId }], OPTIONS).text).toContain(`รหัสเรื่อง: ${hashId}`);
    expect(() => renderNotice(UNIT, [{ ...docxCase, caseId: `case-${FULL_ID}` }], OPTIONS)).toThrow(/digits/);
  });

  it('refuses to write to a unit about another unit’s case, without a case, or without a deadline', () => {
    expect(() => renderNotice(UNIT, [{ ...docxCase, unitId: 'other' }], OPTIONS)).toThrow(/belongs to unit other/);
    expect(() => renderNotice(UNIT, [], OPTIONS)).toThrow(/no case/);
    expect(() => renderNotice(UNIT, [{ ...docxCase, deadline: undefined }], OPTIONS)).toThrow(/no deadline/);
  });
});

describe('renderEscalation', () => {
  const notified = (c: Case): Case => ({
    ...c,
    state: 'notified',
    history: [...c.history, { state: 'notified', at: '2026-11-25T07:05:00Z', reason: 'e-mail sent' }],
    emails: [{ kind: 'notice', messageId: 'm-1', at: '2026-11-25T07:05:00Z', to: ['dpo@khaonoi.go.th'], cc: [] }],
  });
  const email = renderEscalation(UNIT, [notified(xlsxCase), notified(pdfCase)], OPTIONS);

  it('asks the supervisor and the PDPC to follow up on the documents still exposed after the deadline', () => {
    expect(email.subject).toBe(`[leakscan] ขอให้ติดตาม: ข้อมูลส่วนบุคคลยังเปิดเผยใน 2 เอกสารของ ${UNIT.name} หลังพ้นกำหนด ${DEADLINE}`);
    for (const body of both(email)) {
      expect(body).toContain(`เรียน หน่วยงานที่กำกับดูแล ${UNIT.name} และสำนักงานคณะกรรมการคุ้มครองข้อมูลส่วนบุคคล (สคส.)`);
      expect(body).toContain('แจ้งหน่วยงานเมื่อ: 25 พฤศจิกายน 2569 เวลา 14:05 น.');
      expect(body).toContain(`ครบกำหนดเมื่อ: ${DEADLINE}`);
      expect(body).toContain('ครบกำหนดเมื่อ: 29 พฤศจิกายน 2569 เวลา 08:00 น.');
      expect(body).toContain('ระดับความรุนแรง: สูง');
      expect(body).toContain('ติดตาม');
      expect(body).toContain('leakscan@pdpc.or.th');
      expect(body).toContain('case-pdf');
      expect(body).not.toContain('X-XXXX');
    }
    expect(email.text.indexOf(': list.pdf')).toBeLessThan(email.text.indexOf(': elderly.xlsx'));
    expect(email.text).toContain('เลขประจำตัวประชาชน | 25 | 0 | 25');
  });

  it('reads when the unit was told from the history when no e-mail is recorded', () => {
    const fromHistory = renderEscalation(UNIT, [{ ...notified(docxCase), emails: [] }], OPTIONS);
    expect(fromHistory.text).toContain('แจ้งหน่วยงานเมื่อ: 25 พฤศจิกายน 2569 เวลา 14:05 น.');
  });
});

describe('assertNoFullIdentifier', () => {
  it('throws on 9 or more digits in a row, separators or Thai digits notwithstanding', () => {
    for (const text of ['3-1014-00123-45-6', '๓๑๐๑๔๐๐๑๒๓๔๕๖', '081 234 5678', 'โทร 081.234.567', `x${FULL_ID}x`]) expect(() => assertNoFullIdentifier(text), text).toThrow(/digits/);
  });

  it('lets masked numbers, dates, times and counts pass', () => {
    for (const text of ['XXXX-XX123-45-6', 'X-XXXX-XXXX3-45-6', DEADLINE, '12345678', 'หน้า 3, บรรทัด 12 | 25 | 0 | 25']) expect(() => assertNoFullIdentifier(text), text).not.toThrow();
  });

  it('does not repeat the number in its message', () => {
    expect(() => assertNoFullIdentifier('3-1014-00123-45-6')).toThrow(expect.objectContaining({ message: expect.not.stringContaining('1014') }));
  });
});

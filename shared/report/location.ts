import { maskLongNumbers } from '../masking.ts';
import type { BlockLocation } from '../types.ts';

/**
 * "page 2, sheet รายชื่อ, cell E5, line 12, column 8 (hidden: html-comment)". A sheet's name is the
 * one part the document wrote: its long numbers are masked.
 */
export function describeLocation(location: BlockLocation): string {
  const parts: string[] = [];
  if (location.page !== undefined) parts.push(`page ${location.page}`);
  if (location.sheet !== undefined) parts.push(`sheet ${maskLongNumbers(location.sheet)}`);
  if (location.cell !== undefined) parts.push(`cell ${location.cell}`);
  if (location.line !== undefined) parts.push(`line ${location.line}`);
  if (location.column !== undefined) parts.push(`column ${location.column}`);
  const where = parts.join(', ') || 'document';
  return location.hidden ? `${where} (hidden: ${location.hidden})` : where;
}

// The parts of a Word document and the reasons content is hidden, as the extractors name them.
const PART_NAMES: Record<string, string> = {
  header: 'หัวกระดาษ',
  footer: 'ท้ายกระดาษ',
  footnotes: 'เชิงอรรถ',
  endnotes: 'อ้างอิงท้ายเรื่อง',
  comments: 'ข้อคิดเห็น',
  'text box': 'กล่องข้อความ',
};
const HIDDEN_NAMES: Record<string, string> = {
  'html-comment': 'คอมเมนต์ใน HTML',
  'html-script': 'สคริปต์ของหน้าเว็บ',
  'html-hidden-element': 'ส่วนที่ซ่อนของหน้าเว็บ',
  'html-hidden-input': 'ช่องข้อมูลที่ซ่อนของหน้าเว็บ',
  'docx-hidden-text': 'ข้อความที่ตั้งค่าให้ซ่อน',
  'docx-deleted-text': 'ข้อความที่ลบแล้วแต่ยังอยู่ในประวัติการแก้ไข',
  'hidden-sheet': 'แผ่นงานที่ซ่อน',
  'very-hidden-sheet': 'แผ่นงานที่ซ่อนแบบพิเศษ (very hidden)',
  'hidden-row': 'แถวที่ซ่อน',
  'hidden-column': 'คอลัมน์ที่ซ่อน',
  'cell-comment': 'ข้อคิดเห็นในเซลล์',
};

/**
 * The same in Thai, for the e-mails and the Thai pages: `ท้ายกระดาษ, หน้า 2, แผ่นงาน “รายชื่อ”,
 * เซลล์ E5, บรรทัด 12 (ซ่อนอยู่: แถวที่ซ่อน)` (the column within a line is left out: a reader finds
 * the line).
 */
export function describeLocationInThai(location: BlockLocation): string {
  const parts: string[] = [];
  if (location.part !== undefined) parts.push(PART_NAMES[location.part] ?? location.part);
  if (location.page !== undefined) parts.push(`หน้า ${location.page}`);
  if (location.sheet !== undefined) parts.push(`แผ่นงาน “${maskLongNumbers(location.sheet)}”`);
  if (location.cell !== undefined) parts.push(`เซลล์ ${location.cell}`);
  if (location.line !== undefined) parts.push(`บรรทัด ${location.line}`);
  const where = parts.join(', ') || 'ในเอกสาร';
  return location.hidden ? `${where} (ซ่อนอยู่: ${HIDDEN_NAMES[location.hidden] ?? location.hidden})` : where;
}

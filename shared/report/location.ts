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

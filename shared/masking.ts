// Masked forms of identifiers. `normalized` values are ASCII digits with 'X' for each masked
// position (and uppercase letters for laser codes), as in fingerprints and corpus labels.
import { CHAR_CLASS, type ClusterSpan, LINE_BREAK, SEPARATOR, ZERO_WIDTH, nextCluster } from './detect/characters.ts';
import type { IdentifierType, MaskStatus } from './types.ts';

/** X4 rule: 4 or more hidden digits is masked, 1–3 is insufficient. */
export function maskStatus(normalized: string): MaskStatus {
  let hidden = 0;
  for (const ch of normalized) if (ch === 'X') hidden++;
  return hidden === 0 ? 'unmasked' : hidden < 4 ? 'insufficient' : 'masked';
}

const GROUPINGS: Record<IdentifierType, (length: number, value: string) => number[]> = {
  national_id: () => [1, 4, 5, 2, 1],
  phone: (length, value) => (length === 10 ? [3, 3, 4] : value.startsWith('02') ? [2, 3, 4] : [3, 3, 3]),
  laser_code: () => [3, 7, 2],
};

/**
 * The form shown to people (e-mails, reports, dashboards): the usual grouping with only the last
 * 4 positions left as they are, so at most 4 digits of a number are ever shown. Laser code
 * letters are hidden too.
 */
export function displayForm(type: IdentifierType, normalized: string): string {
  const keepFrom = normalized.length - 4;
  let shown = '';
  for (let i = 0; i < normalized.length; i++) shown += i >= keepFrom ? normalized[i] : 'X';
  const parts: string[] = [];
  let at = 0;
  for (const size of GROUPINGS[type](normalized.length, normalized)) {
    parts.push(shown.slice(at, at + size));
    at += size;
  }
  if (at < shown.length) parts.push(shown.slice(at));
  return parts.filter(Boolean).join('-');
}

/**
 * The form shown for a region OCR could not read: `?` for every character but its separators
 * (spaces and line breaks as one space), so that it shows the number's shape and no digit, not
 * even one OCR misread as a letter.
 */
export function unreadableForm(written: string): string {
  let shown = '';
  for (const ch of written) {
    const cls = CHAR_CLASS[ch.charCodeAt(0)];
    if (cls === ZERO_WIDTH) continue;
    shown += cls === LINE_BREAK || /\s/.test(ch) ? ' ' : cls === SEPARATOR ? ch : '?';
  }
  return shown.replace(/ +/g, ' ').trim();
}

const DIGITS = /[0-9\u0E50-\u0E59\uFF10-\uFF19]/g;

/** The text with every digit, of any digit system, replaced by X. */
export const maskAllDigits = (text: string): string => text.replace(DIGITS, 'X');

/**
 * The text with the digits of every number of 4 or more positions replaced by X: safe to show
 * around a finding, or in a message about a document, without exposing any other identifier.
 */
export function maskLongNumbers(text: string): string {
  const span: ClusterSpan = { start: 0, end: 0, positions: 0 };
  let out = '';
  let at = 0;
  for (let i = 0; nextCluster(text, i, span, 4); i = span.end) {
    out += text.slice(at, span.start) + maskAllDigits(text.slice(span.start, span.end));
    at = span.end;
  }
  return out + text.slice(at);
}

/**
 * An address (URL, object key) with its long numbers masked, percent-escapes decoded first: a
 * number written `%31%32…` or as escaped Thai digits would pass the mask and show when decoded.
 */
export function maskAddress(address: string): string {
  let decoded = address;
  try {
    decoded = decodeURIComponent(address);
  } catch {
    // A malformed escape: masked as it is written.
  }
  return maskLongNumbers(decoded);
}

// Masked forms of identifiers. `normalized` values are ASCII digits with 'X' for each masked
// position (and uppercase letters for laser codes), as in fingerprints and corpus labels.
import { CHAR_CLASS, type ClusterSpan, LINE_BREAK, SEPARATOR, ZERO_WIDTH, nextCluster } from './detect/characters.ts';
import { IDENTIFIER_TYPES, type IdentifierType } from './identifier-types.ts';
import type { MaskStatus } from './types.ts';

/** X4 rule: as many hidden digits as the type asks for (its letters aside) is masked, fewer is insufficient. */
export function maskStatus(type: IdentifierType, normalized: string): MaskStatus {
  const { letters, maskedAt } = IDENTIFIER_TYPES[type];
  let hidden = 0;
  for (let i = letters; i < normalized.length; i++) if (normalized[i] === 'X') hidden++;
  return hidden === 0 ? 'unmasked' : hidden < maskedAt ? 'insufficient' : 'masked';
}

/** A display shows no more than the last 4 positions of a number. */
const SHOWN_POSITIONS = 4;

/**
 * The form shown to people (e-mails, reports, dashboards): the usual grouping with only the last
 * 4 positions left as they are, so at most 4 digits of a number are ever shown. Laser code
 * letters are hidden too.
 */
export function displayForm(type: IdentifierType, normalized: string): string {
  const keepFrom = normalized.length - SHOWN_POSITIONS;
  let shown = '';
  for (let i = 0; i < normalized.length; i++) shown += i >= keepFrom ? normalized[i] : 'X';
  const parts: string[] = [];
  let at = 0;
  for (const size of IDENTIFIER_TYPES[type].displayGroups(normalized)) {
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
 * The text with the digits of every number of `minPositions` (4) or more positions replaced by X:
 * safe to show around a finding, or in a message about a document, without exposing any other identifier.
 */
export function maskLongNumbers(text: string, minPositions = 4): string {
  const span: ClusterSpan = { start: 0, end: 0, positions: 0 };
  let out = '';
  let at = 0;
  for (let i = 0; nextCluster(text, i, span, minPositions); i = span.end) {
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

/** The fewest digits of a number that may identify a person: a phone number without its leading 0. */
const IDENTIFYING_DIGITS = 9;

/**
 * A web address the analyst can open: its host and port as they are, and in its path and query
 * only the numbers long enough to identify a person masked (a year or a page number stays, so
 * that the link still works); undefined for anything but http(s).
 */
export function openableAddress(address: string): string | undefined {
  let url: URL;
  try {
    url = new URL(address);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return undefined;
  let rest = `${url.pathname}${url.search}`;
  try {
    rest = decodeURIComponent(rest);
  } catch {
    // A malformed escape: masked as it is written.
  }
  return `${url.protocol}//${url.host}${maskLongNumbers(rest, IDENTIFYING_DIGITS)}`;
}

/** The name of a document's masked copy: `<name>-masked.<ext>`, long numbers in it masked (a file may be named after a person's ID). */
export function maskedCopyName(path: string): string {
  const name = path.split('/').pop() ?? path;
  return name.replace(/^(.*?)(\.[^.]*)?$/, (_, base: string, ext = '') => `${maskAddress(base)}-masked${ext}`);
}

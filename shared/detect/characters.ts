// Character classes of numbers as Thai documents write them: ASCII, Thai (๐–๙) and full-width
// digits, the many characters used to mask a digit, and the separators that PDF, OCR and
// people put between digits (spaces, no-break and zero-width spaces, dashes, dots).
//
// The characters themselves are the written-forms model's (written-forms.ts).
//
// Scanning is the hot path (every character of every document passes here), so classes live in
// a lookup table and clusters are found by a plain loop, which V8 runs several times faster
// than a regular expression with the same classes.

import { DIGIT_SYSTEMS, LINE_BREAKS, MASK_CHARACTERS, MAX_GAP, SEPARATORS, ZERO_WIDTH as ZERO_WIDTH_CHARACTERS } from './written-forms.ts';

export const OTHER = 0;
export const DIGIT = 1;
export const MASK = 2;
export const SEPARATOR = 3;
/** Invisible: may sit anywhere inside a number and never counts as a gap. */
export const ZERO_WIDTH = 4;
/** A line or page break: a number may go on after it (a wrapped cell), counted as a gap. */
export const LINE_BREAK = 5;

export const CHAR_CLASS = new Uint8Array(0x10000);
for (const zero of Object.values(DIGIT_SYSTEMS)) CHAR_CLASS.fill(DIGIT, zero, zero + 10);
for (const ch of MASK_CHARACTERS) CHAR_CLASS[ch.charCodeAt(0)] = MASK;
for (const ch of SEPARATORS) CHAR_CLASS[ch.charCodeAt(0)] = SEPARATOR;
for (const ch of ZERO_WIDTH_CHARACTERS) CHAR_CLASS[ch.charCodeAt(0)] = ZERO_WIDTH;
for (const ch of LINE_BREAKS) CHAR_CLASS[ch.charCodeAt(0)] = LINE_BREAK;

/** Whether a character code is a position of a number: a digit or a mask character. */
export const isPositionCode = (code: number): boolean => CHAR_CLASS[code] === DIGIT || CHAR_CLASS[code] === MASK;

/** How many positions (digits and mask signs) a text holds. */
export const positionsIn = (text: string): number => [...text].filter((ch) => isPositionCode(ch.charCodeAt(0))).length;

/** A position, or a separator between two positions. */
export function inNumber(text: string, i: number): boolean {
  const code = text.charCodeAt(i);
  if (isPositionCode(code)) return true;
  const cls = CHAR_CLASS[code];
  return (cls === SEPARATOR || cls === ZERO_WIDTH) && i > 0 && isPositionCode(text.charCodeAt(i - 1)) && isPositionCode(text.charCodeAt(i + 1));
}

/** [start, end) grown over the number it is part of: positions, and separators between them. */
export function numberExtent(text: string, start: number, end: number): [number, number] {
  while (start > 0 && inNumber(text, start - 1)) start--;
  while (end < text.length && inNumber(text, end)) end++;
  return [start, end];
}

/** ASCII digit for any digit system, 'X' for a mask character, '' for anything else. */
export function positionChar(ch: string): string {
  const c = ch.charCodeAt(0);
  switch (CHAR_CLASS[c]) {
    case DIGIT:
      return c <= 0x39 ? ch : String.fromCharCode((c & 0xf) + 0x30);
    case MASK:
      return 'X';
    default:
      return '';
  }
}

/** A run of positions (digits, masks) joined by short gaps: [start, end) in the text. */
export interface ClusterSpan {
  start: number;
  end: number;
  positions: number;
}

/**
 * The next cluster of at least `minPositions` positions at or after `from`, written into `span`;
 * false when there is none. Mutates `span` instead of allocating: this runs over every document.
 *
 * Such a cluster spans at least `minPositions` characters, all of them digits, masks or
 * separators. So, as Boyer–Moore–Horspool does for fixed strings, the scan looks only at every
 * `minPositions`-th character until one could belong to a number, and then walks back to the
 * start of the run: in Thai prose, where digits are sparse, most characters are never read.
 */
export function nextCluster(text: string, from: number, span: ClusterSpan, minPositions = 1): boolean {
  const length = text.length;
  const step = Math.max(1, minPositions);
  let floor = from;
  let probe = from + step - 1;
  while (probe < length) {
    if (CHAR_CLASS[text.charCodeAt(probe)] === OTHER) {
      floor = probe + 1;
      probe += step;
      continue;
    }
    let start = probe;
    while (start > floor && CHAR_CLASS[text.charCodeAt(start - 1)] !== OTHER) start--;
    clusterAt(text, start, span);
    if (span.positions >= minPositions) return true;
    floor = span.end;
    probe = floor + step - 1;
  }
  // The tail is shorter than a step: read it character by character.
  while (floor < length) {
    clusterAt(text, floor, span);
    if (span.positions >= minPositions && span.positions > 0) return true;
    floor = Math.max(span.end, floor + 1);
  }
  return false;
}

/**
 * The cluster at the first position at or after `from`, within the run of number characters
 * there. With no position before the run ends, `span.positions` is 0 and `span.end` is where the
 * run ended, so that the caller never reads those characters again.
 */
function clusterAt(text: string, from: number, span: ClusterSpan): void {
  const length = text.length;
  let i = from;
  for (; i < length; i++) {
    const cls = CHAR_CLASS[text.charCodeAt(i)]!;
    if (cls === DIGIT || cls === MASK) break;
    if (cls === OTHER) break;
  }
  if (i >= length || CHAR_CLASS[text.charCodeAt(i)] === OTHER) {
    span.start = span.end = i;
    span.positions = 0;
    return;
  }
  span.start = i;
  let positions = 1;
  let last = i;
  let gap = 0;
  for (let j = i + 1; j < length; j++) {
    const cls = CHAR_CLASS[text.charCodeAt(j)]!;
    if (cls === DIGIT || cls === MASK) {
      positions++;
      last = j;
      gap = 0;
    } else if (cls === SEPARATOR || cls === LINE_BREAK) {
      if (++gap > MAX_GAP) break;
    } else if (cls !== ZERO_WIDTH) break;
  }
  span.end = last + 1;
  span.positions = positions;
}

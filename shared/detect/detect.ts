// The identifier detection engine: a pure function from text blocks to findings.
//
// 1. A single regular expression finds "clusters": runs of digits (any digit system) and mask
//    characters joined by short separators. It does not use \b, so numbers glued to Thai letters
//    are found, and it spans one-digit-per-box layouts ("1 2 3 4 …").
// 2. A cluster is split at its separators into groups. Identifiers are windows of whole groups
//    with the right number of positions (13 for an ID, 10/9 for phones, 10 after two letters for
//    a laser code), so a 13-digit window inside a longer reference number is never taken.
// 3. Each window is judged by its structure (check digit, province code, type digit, phone
//    prefixes, grouping) and by cues around it (column header, the label before it, the row),
//    and the best non-overlapping windows become findings.
// The full value never leaves this module: findings carry a fingerprint and a masked display.
import type { Fingerprinter } from '../fingerprint.ts';
import { displayForm, maskStatus } from '../masking.ts';
import type { BlockLocation, Finding, FindingLocation, IdentifierType, TextBlock } from '../types.ts';
import { CLUSTER_SOURCE, SEPARATOR_CLASS, positionChar } from './characters.ts';
import { type Cue, type CueKind, findCues, hasCue, nearestCue } from './cues.ts';
import { hasPersonalIdShape, isValidNationalId } from './national-id.ts';
import { TextTableHeaders, delimiterOf } from './text-tables.ts';

export interface DetectOptions {
  fingerprint: Fingerprinter;
}

interface Cluster {
  start: number;
  end: number;
  /** One char per position: ASCII digit or 'X'. */
  chars: string;
  /** Text offset of each position. */
  offsets: number[];
  /** Position index where each group starts, plus a final entry = chars.length. */
  groupStarts: number[];
}

interface Candidate {
  type: IdentifierType;
  /** Position range [first, last) within the cluster. */
  first: number;
  last: number;
  normalized: string;
  confidence: number;
  checksumValid?: boolean;
}

/** What the surroundings of a cluster say. */
interface Context {
  header: Cue[];
  before: Cue[];
  after: Cue[];
  row: Cue[];
}

const MIN_POSITIONS = 8;
const BEFORE_CHARS = 80;
const AFTER_CHARS = 30;
const EXCERPT_CHARS = 30;
const ZERO_WIDTH = /[\u200B-\u200D\u2060\uFEFF]/;

// Groupings people use; anything else needs an explicit label to count.
const ID_GROUPINGS = new Set(['13', '1,4,5,2,1', '1,12', '1,4,5,3', '1,4,8', '4,4,5', '1,4,5,2,1']);
const MOBILE_GROUPINGS = new Set(['10', '3,3,4', '3,7', '2,4,4', '3,4,3', '4,3,3', '2,8', '4,6', '2,3,5']);
const LANDLINE_GROUPINGS = new Set(['9', '2,3,4', '1,4,4', '3,6', '3,3,3', '2,7', '1,8', '4,5', '2,4,3']);
const LASER_GROUPINGS = new Set(['1,7,2', '3,7,2', '10', '1,9', '3,5,2']);

export function detectIdentifiers(input: string | readonly TextBlock[], options: DetectOptions): Finding[] {
  const blocks = typeof input === 'string' ? [{ text: input, location: {} }] : input;
  const findings: Finding[] = [];
  const headerCues = new Map<string, Cue[]>();
  for (const block of blocks) detectInBlock(block, options, headerCues, findings);
  return findings;
}

function detectInBlock(block: TextBlock, options: DetectOptions, headerCues: Map<string, Cue[]>, out: Finding[]): void {
  const { text } = block;
  const re = new RegExp(CLUSTER_SOURCE, 'g');
  const tables = new TextTableHeaders(text);
  const lines = new LineCounter(text);
  const cuesOf = (s: string | undefined): Cue[] => {
    if (!s) return [];
    let cues = headerCues.get(s);
    if (!cues) headerCues.set(s, (cues = findCues(s)));
    return cues;
  };
  let rowCues: Cue[] | undefined;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m[0].length < MIN_POSITIONS) continue;
    const cluster = parseCluster(m.index, m[0]);
    if (cluster.chars.length < MIN_POSITIONS) continue;
    const shapes = structuralCandidates(text, cluster);
    if (shapes.length === 0) continue;
    const context = contextOf(text, cluster, block, tables, cuesOf, () => (rowCues ??= cuesOf(block.row)));
    const accepted = chooseCandidates(shapes.map((s) => judge(s, cluster, context)).filter((c): c is Candidate => c !== undefined));
    for (const c of accepted) out.push(toFinding(c, cluster, block, lines, options));
  }
}

function parseCluster(start: number, raw: string): Cluster {
  let chars = '';
  const offsets: number[] = [];
  const groupStarts = [0];
  let pendingSeparator = false;
  for (let i = 0; i < raw.length; i++) {
    const ch = raw[i]!;
    const p = positionChar(ch);
    if (p) {
      if (pendingSeparator && chars.length > 0) groupStarts.push(chars.length);
      pendingSeparator = false;
      chars += p;
      offsets.push(start + i);
    } else if (!ZERO_WIDTH.test(ch)) {
      // Zero-width characters are invisible: they do not split a group.
      pendingSeparator = true;
    }
  }
  groupStarts.push(chars.length);
  return { start, end: start + raw.length, chars, offsets, groupStarts };
}

/** Windows of whole groups whose size and shape could be an identifier. */
function structuralCandidates(text: string, cluster: Cluster): Array<Omit<Candidate, 'confidence'> & { grouping: string }> {
  const { chars, groupStarts } = cluster;
  const out: Array<Omit<Candidate, 'confidence'> & { grouping: string }> = [];
  const groups = groupStarts.length - 1;
  const laserLetters = laserPrefix(text, cluster.start);
  const intl = isInternationalPrefix(text, cluster);
  for (let g = 0; g < groups; g++) {
    const first = groupStarts[g]!;
    for (let h = g + 1; h <= groups; h++) {
      const last = groupStarts[h]!;
      const n = last - first;
      if (n > 13) break;
      const grouping = sizes(groupStarts, g, h);
      const value = chars.slice(first, last);
      if (!/\d/.test(value)) continue;
      if (n === 13) out.push({ type: 'national_id', first, last, normalized: value, grouping });
      if (n === 10 || n === 9 || n === 8) out.push({ type: 'phone', first, last, normalized: value, grouping });
      if (g === 0 && n === 10 && laserLetters) out.push({ type: 'laser_code', first, last, normalized: laserLetters + value, grouping });
      if (g === 0 && intl && (n === 11 || n === 10) && value.startsWith('66')) {
        const national = value[2] === '0' ? value.slice(2) : '0' + value.slice(2);
        out.push({ type: 'phone', first, last, normalized: national, grouping: `intl:${grouping}` });
      }
    }
  }
  return out;
}

function sizes(groupStarts: number[], g: number, h: number): string {
  const s: number[] = [];
  for (let i = g; i < h; i++) s.push(groupStarts[i + 1]! - groupStarts[i]!);
  return s.join(',');
}

const isBoxes = (grouping: string): boolean => /^1(,1)+$/.test(grouping.replace(/^intl:/, ''));

/** Two uppercase letters right before the cluster, not part of a longer word. */
function laserPrefix(text: string, start: number): string | undefined {
  const letters = text.slice(Math.max(0, start - 3), start);
  const m = /(?:^|[^A-Za-z])([A-Z]{2})$/.exec(letters.length === 3 ? letters : ' ' + letters);
  return m?.[1];
}

function isInternationalPrefix(text: string, cluster: Cluster): boolean {
  if (!cluster.chars.startsWith('66')) return false;
  const before = text.slice(Math.max(0, cluster.start - 3), cluster.start);
  return /\+[\s(]*$/.test(before);
}

function contextOf(
  text: string,
  cluster: Cluster,
  block: TextBlock,
  tables: TextTableHeaders,
  cuesOf: (s: string | undefined) => Cue[],
  blockRowCues: () => Cue[],
): Context {
  const lineStart = text.lastIndexOf('\n', cluster.start - 1) + 1;
  let lineEnd = text.indexOf('\n', cluster.end);
  if (lineEnd < 0) lineEnd = text.length;
  const line = text.slice(lineStart, lineEnd);
  const delimiter = delimiterOf(line);
  let from = lineStart;
  let to = lineEnd;
  let header = block.header;
  let row: Cue[] = block.row ? blockRowCues() : [];
  if (delimiter) {
    from = text.lastIndexOf(delimiter, cluster.start - 1) + 1;
    if (from < lineStart) from = lineStart;
    const next = text.indexOf(delimiter, cluster.end);
    if (next >= 0 && next < lineEnd) to = next;
    if (header === undefined) {
      const cell = countOf(text, delimiter, lineStart, from);
      header = tables.headerCells(lineStart, delimiter)?.[cell];
    }
    row = findCues(line);
  }
  let before = text.slice(Math.max(from, cluster.start - BEFORE_CHARS), cluster.start);
  // A label on the line above (forms: "เลขประจำตัวประชาชน" then the boxes below it).
  if (from === lineStart && !/\p{L}/u.test(before) && lineStart > 0) {
    const prevStart = Math.max(0, text.lastIndexOf('\n', lineStart - 2) + 1, lineStart - 1 - BEFORE_CHARS);
    before = text.slice(prevStart, lineStart - 1) + ' ' + before;
  }
  return {
    header: cuesOf(header),
    before: findCues(before),
    after: findCues(text.slice(cluster.end, Math.min(to, cluster.end + AFTER_CHARS))),
    row,
  };
}

function countOf(text: string, ch: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf(ch, from); i >= 0 && i < to; i = text.indexOf(ch, i + 1)) n++;
  return n;
}

const ID_KINDS: CueKind[] = ['idLabel', 'taxLabel', 'notPersonalNumber', 'juristic', 'bank', 'phoneLabel', 'laserLabel'];
const PHONE_OWNER_KINDS: CueKind[] = ['personal', 'recipient', 'office', 'juristic', 'bank', 'notPersonalNumber', 'idLabel', 'taxLabel'];

/** The cue that describes the number: the column header first, then the nearest label before it. */
function describingCue(context: Context, kinds: CueKind[]): CueKind | undefined {
  return nearestCue(context.header, kinds) ?? nearestCue(context.before, kinds);
}

function judge(shape: Omit<Candidate, 'confidence'> & { grouping: string }, cluster: Cluster, context: Context): Candidate | undefined {
  switch (shape.type) {
    case 'national_id':
      return judgeNationalId(shape, context);
    case 'phone':
      return judgePhone(shape, cluster, context);
    case 'laser_code':
      return judgeLaserCode(shape, context);
  }
}

function judgeNationalId(shape: Omit<Candidate, 'confidence'> & { grouping: string }, context: Context): Candidate | undefined {
  const v = shape.normalized;
  const hidden = v.split('X').length - 1;
  if (hidden === 13) return undefined;
  const cue = describingCue(context, ID_KINDS);
  const personType = v[0] !== '0';
  // A tax ID of a person (type digit 1–8) is that person's national ID (sole traders, contractors).
  const labelled = cue === 'idLabel' || (cue === 'taxLabel' && personType);
  const negative = cue === 'notPersonalNumber' || cue === 'bank' || cue === 'juristic' || (cue === 'taxLabel' && !personType);
  const wellGrouped = ID_GROUPINGS.has(shape.grouping) || isBoxes(shape.grouping);
  if (negative || (!wellGrouped && !labelled)) return undefined;
  const base = { ...shape };
  if (v[0] === '0') {
    // 0 starts juristic persons' tax IDs (not personal data) and, rarely, IDs of persons without
    // registration status: only an explicit personal-ID label with no company around makes it one.
    if (cue !== 'idLabel' || hasCue(context.before, 'juristic') || hasCue(context.row, 'juristic')) return undefined;
    return hidden === 0 && !isValidNationalId(v) ? undefined : { ...base, confidence: 0.6, ...(hidden === 0 ? { checksumValid: true } : {}) };
  }
  if (!hasPersonalIdShape(v) && !labelled) return undefined;
  if (hidden > 0) return { ...base, confidence: labelled ? 0.95 : 0.8 };
  if (isValidNationalId(v)) return { ...base, confidence: labelled ? 0.98 : 0.85, checksumValid: true };
  // A typo under an explicit ID label still exposes the person.
  return labelled ? { ...base, confidence: 0.55, checksumValid: false } : undefined;
}

function judgePhone(shape: Omit<Candidate, 'confidence'> & { grouping: string }, cluster: Cluster, context: Context): Candidate | undefined {
  let v = shape.normalized;
  const intl = shape.grouping.startsWith('intl:');
  const grouping = shape.grouping.replace(/^intl:/, '');
  const labelled = nearestCue(context.header, ['phoneLabel', 'personal']) !== undefined || hasCue(context.before, 'phoneLabel');
  let confidence = labelled ? 0.95 : 0.75;
  // Spreadsheets drop the leading zero of a number stored as a number: only a phone column or
  // label says that 9 digits starting with 6/8/9 (or 8 with 2–7) were a phone.
  const lostZero = !intl && ((v.length === 9 && /^[689]/.test(v)) || (v.length === 8 && /^[2-7]/.test(v)));
  if (lostZero) {
    const wholeCluster = shape.first === 0 && (shape.last === cluster.chars.length || /^0+$/.test(cluster.chars.slice(shape.last)));
    if (!labelled || !wholeCluster || !/^\d+$/.test(v)) return undefined;
    v = '0' + v;
    confidence = 0.8;
  } else if (v.length === 8) {
    return undefined;
  }
  const mobile = v.length === 10;
  if (mobile ? !/^[0X][689X]/.test(v) : !/^[0X][2-7X]/.test(v)) return undefined;
  if (/^\d?X/.test(v) && !labelled) return undefined; // the prefix is hidden: only a label says it is a phone
  const groupings = mobile ? MOBILE_GROUPINGS : LANDLINE_GROUPINGS;
  if (!lostZero && !intl && !groupings.has(grouping) && !isBoxes(grouping) && !labelled) return undefined;
  if (!isPersonalLine(context, mobile)) return undefined;
  return { ...shape, normalized: v, confidence };
}

/** Personal data is a person's line; an agency's office, a company's or a bank account is not. */
function isPersonalLine(context: Context, mobile: boolean): boolean {
  const header = nearestCue(context.header, PHONE_OWNER_KINDS);
  if (header && header !== 'personal' && header !== 'recipient') return false;
  const before = nearestCue(context.before, PHONE_OWNER_KINDS);
  if (before === 'personal') return true;
  // A document's party (the winner, the recipient) may be a person or a company: their mobile
  // is taken as personal, a landline is not.
  if (before === 'recipient') return mobile;
  if (before) return false;
  if (hasCue(context.after, 'office') || hasCue(context.row, 'juristic')) return false;
  // A column of phone numbers in a list of people holds their numbers.
  if (header === 'personal' || nearestCue(context.header, ['phoneLabel'])) return true;
  // Mobiles mostly belong to people; landlines mostly to offices.
  return mobile;
}

function judgeLaserCode(shape: Omit<Candidate, 'confidence'> & { grouping: string }, context: Context): Candidate | undefined {
  if (!LASER_GROUPINGS.has(shape.grouping)) return undefined;
  const labelled = describingCue(context, ['laserLabel']) !== undefined;
  return { ...shape, confidence: labelled || shape.grouping === '1,7,2' ? 0.95 : 0.7 };
}

/** The most confident windows that do not overlap; a laser code claims its digits first. */
function chooseCandidates(candidates: Candidate[]): Candidate[] {
  const ranked = [...candidates].sort(
    (a, b) => Number(b.type === 'laser_code') - Number(a.type === 'laser_code') || b.confidence - a.confidence || a.first - b.first,
  );
  const chosen: Candidate[] = [];
  for (const c of ranked) if (!chosen.some((o) => c.first < o.last && o.first < c.last)) chosen.push(c);
  return chosen.sort((a, b) => a.first - b.first);
}

function toFinding(c: Candidate, cluster: Cluster, block: TextBlock, lines: LineCounter, options: DetectOptions): Finding {
  const start = cluster.offsets[c.first]!;
  const end = cluster.offsets[c.last - 1]! + 1;
  const display = displayForm(c.type, c.normalized);
  const location: FindingLocation = { ...locate(block.location, lines, start), excerpt: excerpt(block.text, start, end, display) };
  const finding: Finding = {
    type: c.type,
    status: maskStatus(c.type === 'laser_code' ? c.normalized.slice(2) : c.normalized),
    fingerprint: options.fingerprint(c.type, c.normalized),
    display,
    location,
    confidence: c.confidence,
  };
  if (c.checksumValid !== undefined) finding.checksumValid = c.checksumValid;
  return finding;
}

function locate(base: BlockLocation, lines: LineCounter, offset: number): BlockLocation {
  const { line, column } = lines.at(offset);
  if (base.cell) return { ...base };
  return { ...base, line: (base.line ?? 1) + line - 1, column: line === 1 && base.column ? base.column + column - 1 : column };
}

const EXCERPT_CLUSTER = new RegExp(CLUSTER_SOURCE, 'g');
const SEPARATOR = new RegExp(SEPARATOR_CLASS);

/** The surrounding text with the identifier as its display form and every other long number masked. */
function excerpt(text: string, start: number, end: number, display: string): string {
  const mask = (s: string): string =>
    s.replace(EXCERPT_CLUSTER, (run) => (run.replace(/[^\p{Nd}]/gu, '').length >= 4 ? run.replace(/\p{Nd}/gu, 'X') : run));
  let from = Math.max(0, start - EXCERPT_CHARS);
  let to = Math.min(text.length, end + EXCERPT_CHARS);
  // Never cut a number in two: a cut fragment would escape the mask.
  const inNumber = (i: number): boolean =>
    positionChar(text[i] ?? '') !== '' || (SEPARATOR.test(text[i] ?? '') && positionChar(text[i - 1] ?? '') !== '' && positionChar(text[i + 1] ?? '') !== '');
  while (from > 0 && inNumber(from - 1)) from--;
  while (to < text.length && inNumber(to)) to++;
  const flat = (s: string): string => s.replace(/\s+/g, ' ');
  return flat(mask(text.slice(from, start))).trimStart() + display + flat(mask(text.slice(end, to))).trimEnd();
}

/** Line and column of offsets that arrive in increasing order, without rescanning the text. */
class LineCounter {
  private line = 1;
  private lineStart = 0;
  private scanned = 0;

  constructor(private readonly text: string) {}

  at(offset: number): { line: number; column: number } {
    if (offset < this.scanned) {
      this.line = 1;
      this.lineStart = 0;
      this.scanned = 0;
    }
    for (let i = this.text.indexOf('\n', this.scanned); i >= 0 && i < offset; i = this.text.indexOf('\n', i + 1)) {
      this.line++;
      this.lineStart = i + 1;
    }
    this.scanned = offset;
    return { line: this.line, column: offset - this.lineStart + 1 };
  }
}

// The identifier detection engine: a pure function from text blocks to findings.
//
// 1. A scan (a lookup table per character, see characters.ts) finds "clusters": runs of digits
//    (any digit system) and mask characters joined by short separators. No word boundaries, so
//    numbers glued to Thai letters are found, and it spans one-digit-per-box layouts ("1 2 3 4 …").
// 2. A cluster is split at its separators into groups. Identifiers are windows of whole groups
//    with the right number of positions (13 for an ID, 10/9 for phones, 10 after two letters for
//    a laser code), so a 13-digit window inside a longer reference number is never taken.
// 3. Each window is judged by its structure (check digit, province code, type digit, phone
//    prefixes, grouping) and by cues around it (column header, the label before it, the row),
//    and the best non-overlapping windows become findings.
// The full value never leaves this module: findings carry a fingerprint and a masked display.
import type { Fingerprinter } from '../fingerprint.ts';
import { displayForm, maskAllDigits, maskLongNumbers, maskStatus } from '../masking.ts';
import type { BlockLocation, Finding, FindingLocation, IdentifierType, TextBlock } from '../types.ts';
import { CHAR_CLASS, type ClusterSpan, DIGIT, MASK, SEPARATOR, ZERO_WIDTH, isPositionCode, nextCluster } from './characters.ts';
import { type Cue, type CueKind, findCues, hasCue, nearestCue } from './cues.ts';
import { hasPersonalIdShape, isValidNationalId } from './national-id.ts';
import { type CellDelimiter, TextTableHeaders, delimiterOf } from './text-tables.ts';
import { besideOf } from './beside.ts';

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

const MIN_POSITIONS = 8;
const ID_LENGTH = 13;
const BEFORE_CHARS = 80;
const AFTER_CHARS = 30;
const LABEL_ABOVE_CHARS = 5000;
const EXCERPT_CHARS = 30;

// Groupings people use; anything else needs an explicit label to count.
const ID_GROUPINGS = new Set(['13', '1,4,5,2,1', '1,12', '1,4,5,3', '1,4,8', '4,4,5']);
const MOBILE_GROUPINGS = new Set(['10', '3,3,4', '3,7', '2,4,4', '3,4,3', '4,3,3', '2,8', '4,6', '2,3,5']);
const LANDLINE_GROUPINGS = new Set(['9', '2,3,4', '1,4,4', '3,6', '3,3,3', '2,7', '1,8', '4,5', '2,4,3']);
const LASER_GROUPINGS = new Set(['1,7,2', '3,7,2', '10', '1,9', '3,5,2']);

export function detectIdentifiers(input: string | readonly TextBlock[], options: DetectOptions): Finding[] {
  const blocks = typeof input === 'string' ? [{ text: input, location: {} }] : input;
  const findings: Finding[] = [];
  const headerCues = new CueCache();
  for (const block of blocks) detectInBlock(block, options, headerCues, (finding) => findings.push(finding));
  return findings;
}

/** A finding with where it sits: [start, end) in its block's text, from its first to its last position. */
export interface SpannedFinding<B extends TextBlock = TextBlock> {
  finding: Finding;
  block: B;
  start: number;
  end: number;
}

/** The findings of detectIdentifiers with their spans, for tools that rewrite the text (masking). */
export function detectSpans<B extends TextBlock>(blocks: readonly B[], options: DetectOptions): SpannedFinding<B>[] {
  const spanned: SpannedFinding<B>[] = [];
  const headerCues = new CueCache();
  for (const block of blocks) detectInBlock(block, options, headerCues, (finding, start, end) => spanned.push({ finding, block, start, end }));
  return spanned;
}

type EmitFinding = (finding: Finding, start: number, end: number) => void;

/** Cues of headers and rows, which repeat across the cells of a table. */
class CueCache {
  private readonly cues = new Map<string, Cue[]>();

  of(s: string | undefined): Cue[] {
    if (!s) return [];
    let cues = this.cues.get(s);
    if (!cues) this.cues.set(s, (cues = findCues(s)));
    return cues;
  }
}

function detectInBlock(block: TextBlock, options: DetectOptions, cueCache: CueCache, emit: EmitFinding): void {
  const { text } = block;
  // Made on first use: most blocks (cells, short paragraphs) hold no identifier.
  let tables: TextTableHeaders | undefined;
  let lines: LineCounter | undefined;
  const span: ClusterSpan = { start: 0, end: 0, positions: 0 };
  for (let from = 0; nextCluster(text, from, span, MIN_POSITIONS); from = span.end) {
    let taken = -1; // text offset up to which an accepted identifier covers the cluster
    for (const cluster of clusterParts(parseCluster(text, span.start, span.end))) {
      const shapes = structuralCandidates(text, cluster);
      if (shapes.length === 0) continue;
      const context = new NumberContext(text, cluster, block, (tables ??= new TextTableHeaders(text)), cueCache);
      const accepted = chooseCandidates(shapes.map((s) => judge(s, cluster, context)).filter((c): c is Candidate => c !== undefined));
      for (const c of accepted) {
        // Parts overlap: what the previous part took is not taken again.
        if (cluster.offsets[c.first]! <= taken) continue;
        const start = cluster.offsets[c.first]!;
        const end = cluster.offsets[c.last - 1]! + 1;
        emit(toFinding(c, start, end, block, (lines ??= new LineCounter(text)), options), start, end);
        taken = end - 1;
      }
    }
  }
}

/** Most groups judged at once; identifiers span at most 13, so parts overlap by 12. */
const MAX_PART_GROUPS = 64;
const PART_OVERLAP = ID_LENGTH - 1;

/**
 * A cluster of many groups (a long row of boxes, or a hostile document) in overlapping parts,
 * so that every window of up to 13 groups lies whole in one part and the work stays linear.
 */
function clusterParts(cluster: Cluster): Cluster[] {
  const groups = cluster.groupStarts.length - 1;
  if (groups <= MAX_PART_GROUPS) return [cluster];
  const parts: Cluster[] = [];
  for (let g = 0; g < groups; g += MAX_PART_GROUPS - PART_OVERLAP) {
    const h = Math.min(groups, g + MAX_PART_GROUPS);
    const from = cluster.groupStarts[g]!;
    const to = cluster.groupStarts[h]!;
    parts.push({
      start: cluster.offsets[from]!,
      end: cluster.offsets[to - 1]! + 1,
      chars: cluster.chars.slice(from, to),
      offsets: cluster.offsets.slice(from, to),
      groupStarts: cluster.groupStarts.slice(g, h + 1).map((p) => p - from),
    });
    if (h === groups) break;
  }
  return parts;
}

const LATIN1 = new TextDecoder('latin1');

function parseCluster(text: string, start: number, end: number): Cluster {
  const codes = new Uint8Array(end - start);
  let n = 0;
  const offsets: number[] = [];
  const groupStarts = [0];
  let pendingSeparator = false;
  for (let i = start; i < end; i++) {
    const code = text.charCodeAt(i);
    const cls = CHAR_CLASS[code];
    if (cls === DIGIT || cls === MASK) {
      if (pendingSeparator) groupStarts.push(n);
      pendingSeparator = false;
      codes[n++] = cls === MASK ? 0x58 : (code & 0xf) + 0x30;
      offsets.push(i);
    } else if (cls === SEPARATOR) {
      pendingSeparator = true;
    }
  }
  groupStarts.push(n);
  // Decoded, not spread into fromCharCode: a hostile run of a million digits is one cluster.
  return { start, end, chars: LATIN1.decode(codes.subarray(0, n)), offsets, groupStarts };
}

/** A window of whole groups with the size of an identifier, before judgement. */
interface Shape {
  type: IdentifierType;
  first: number;
  last: number;
  normalized: string;
  /** Group sizes, e.g. "1,4,5,2,1". */
  grouping: string;
  /** Written with the +66 country code. */
  international: boolean;
}

// Window sizes: 13 an ID; 10/9 a mobile/landline (9/8 when a spreadsheet dropped the leading
// zero); 11/10 a phone after +66 (ID_LENGTH is defined with the other limits above).

/** Windows of whole groups whose size could be an identifier. */
function structuralCandidates(text: string, cluster: Cluster): Shape[] {
  const { chars, groupStarts } = cluster;
  const out: Shape[] = [];
  const groups = groupStarts.length - 1;
  let laserLetters: string | undefined | null = null;
  let international: boolean | null = null;
  for (let g = 0; g < groups; g++) {
    const first = groupStarts[g]!;
    for (let h = g + 1; h <= groups; h++) {
      const last = groupStarts[h]!;
      const n = last - first;
      if (n > ID_LENGTH) break;
      if (n !== 8 && n !== 9 && n !== 10 && n !== 11 && n !== ID_LENGTH) continue;
      const value = chars.slice(first, last);
      if (!/\d/.test(value)) continue;
      const grouping = sizes(groupStarts, g, h);
      if (n === ID_LENGTH) out.push({ type: 'national_id', first, last, normalized: value, grouping, international: false });
      if (n <= 10 && couldBePhone(value)) out.push({ type: 'phone', first, last, normalized: value, grouping, international: false });
      if (g !== 0) continue;
      if (n === 10 && (laserLetters ??= laserPrefix(text, cluster.start))) {
        out.push({ type: 'laser_code', first, last, normalized: laserLetters + value, grouping, international: false });
      }
      if ((n === 11 || n === 10) && value.startsWith('66') && (international ??= isInternationalPrefix(text, cluster))) {
        const national = value[2] === '0' ? value.slice(2) : '0' + value.slice(2);
        out.push({ type: 'phone', first, last, normalized: national, grouping, international: true });
      }
    }
  }
  return out;
}

/** National form (0 then the area or mobile prefix), or a spreadsheet number that lost its 0. */
function couldBePhone(value: string): boolean {
  const c = value.charCodeAt(0);
  if (value.length === 8) return c >= 0x32 && c <= 0x37; // 2–7
  return c === 0x30 || c === 0x58 || (value.length === 9 && (c === 0x36 || c === 0x38 || c === 0x39)); // 0, X; 6/8/9
}

function sizes(groupStarts: number[], g: number, h: number): string {
  let s = String(groupStarts[g + 1]! - groupStarts[g]!);
  for (let i = g + 1; i < h; i++) s += ',' + (groupStarts[i + 1]! - groupStarts[i]!);
  return s;
}

const isBoxes = (grouping: string): boolean => /^1(,1)+$/.test(grouping);
/** A grouping of 13 digits (sizes joined by commas) that IDs are written in, or one per box. */
export const isIdGrouping = (grouping: string): boolean => ID_GROUPINGS.has(grouping) || isBoxes(grouping);

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

/** What the surroundings of a cluster say, computed only as far as a judgement needs. */
class NumberContext {
  private readonly lineStart: number;
  private readonly lineEnd: number;
  private readonly cellStart: number;
  private readonly cellEnd: number;
  private readonly delimiter: CellDelimiter | undefined;
  /** Whether lineStart is where the line really starts (not a bound on a very long line). */
  private readonly realLineStart: boolean;
  private cache: Partial<Record<'header' | 'before' | 'after' | 'row', Cue[]>> = {};
  private labelAbove: boolean | undefined;

  constructor(
    private readonly text: string,
    private readonly cluster: Cluster,
    private readonly block: TextBlock,
    private readonly tables: TextTableHeaders,
    private readonly cueCache: CueCache,
  ) {
    // Searches are bounded: in a document that is one huge line, each would otherwise read to
    // the line's ends for every number in it.
    const lineBreak = lastIndexWithin(text, NEWLINE, cluster.start - 1, cluster.start - MAX_CONTEXT);
    this.lineStart = lineBreak >= 0 ? lineBreak + 1 : Math.max(0, cluster.start - MAX_CONTEXT);
    this.realLineStart = lineBreak >= 0 || this.lineStart === 0;
    const lineEnd = indexWithin(text, NEWLINE, cluster.end, cluster.end + MAX_CONTEXT);
    this.lineEnd = lineEnd >= 0 ? lineEnd : Math.min(text.length, cluster.end + MAX_CONTEXT);
    this.delimiter = delimiterOf(text, this.lineStart, this.lineEnd);
    this.cellStart = this.lineStart;
    this.cellEnd = this.lineEnd;
    if (this.delimiter) {
      const code = this.delimiter.charCodeAt(0);
      this.cellStart = lastIndexWithin(text, code, cluster.start - 1, this.lineStart) + 1 || this.lineStart;
      const next = indexWithin(text, code, cluster.end, this.lineEnd);
      if (next >= 0) this.cellEnd = next;
    }
  }

  /** Cues in the column header: the block's own, or the header line of a text table. */
  get header(): Cue[] {
    return (this.cache.header ??= this.cueCache.of(this.block.header ?? this.textTableHeader()));
  }

  /** Cues before the number in its cell or line (and the line above, when the line starts with it). */
  get before(): Cue[] {
    if (this.cache.before) return this.cache.before;
    const { text, cluster } = this;
    let before = text.slice(Math.max(this.cellStart, cluster.start - BEFORE_CHARS), cluster.start);
    // A label on the line above (forms: "เลขประจำตัวประชาชน" then the boxes below it).
    if (this.cellStart === this.lineStart && this.realLineStart && this.lineStart > 0 && !/\p{L}/u.test(before)) {
      const prevStart = Math.max(lastIndexWithin(text, NEWLINE, this.lineStart - 2, this.lineStart - 1 - BEFORE_CHARS) + 1, this.lineStart - 1 - BEFORE_CHARS);
      before = text.slice(prevStart, this.lineStart - 1) + ' ' + before;
    }
    return (this.cache.before = findCues(before));
  }

  get after(): Cue[] {
    const { text, cluster } = this;
    return (this.cache.after ??= findCues(text.slice(cluster.end, Math.min(this.cellEnd, cluster.end + AFTER_CHARS))));
  }

  get ocr(): boolean {
    return this.block.ocr === true;
  }

  /** Whether an ID label appears in the text above (a table header lines or pages up). */
  get idLabelAbove(): boolean {
    const { text, cluster } = this;
    return (this.labelAbove ??= hasCue(findCues(text.slice(Math.max(0, cluster.start - LABEL_ABOVE_CHARS), cluster.start)), 'idLabel'));
  }

  /** Cues in the rest of the table row: a company name, a person's name. */
  get row(): Cue[] {
    if (this.cache.row) return this.cache.row;
    const line = this.delimiter ? findCues(this.text.slice(this.lineStart, this.lineEnd)) : [];
    return (this.cache.row = this.block.row ? [...this.cueCache.of(this.block.row), ...line] : line);
  }

  private textTableHeader(): string | undefined {
    if (!this.delimiter || !this.realLineStart) return undefined;
    const cell = countOf(this.text, this.delimiter.charCodeAt(0), this.lineStart, this.cellStart);
    return this.tables.headerCells(this.lineStart, this.delimiter)?.[cell];
  }
}

function countOf(text: string, code: number, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) if (text.charCodeAt(i) === code) n++;
  return n;
}

const NEWLINE = 0x0a;
/** How far around a number its line is read for context. */
const MAX_CONTEXT = 400;

/** Last index of `code` in text[limit, from], or -1. */
function lastIndexWithin(text: string, code: number, from: number, limit: number): number {
  for (let i = from; i >= limit && i >= 0; i--) if (text.charCodeAt(i) === code) return i;
  return -1;
}

/** First index of `code` in text[from, limit), or -1. */
function indexWithin(text: string, code: number, from: number, limit: number): number {
  const end = Math.min(limit, text.length);
  for (let i = from; i < end; i++) if (text.charCodeAt(i) === code) return i;
  return -1;
}

const ID_KINDS: CueKind[] = ['idLabel', 'taxLabel', 'notPersonalNumber', 'juristic', 'bank', 'phoneLabel', 'laserLabel'];
const PHONE_OWNER_KINDS: CueKind[] = ['personal', 'recipient', 'office', 'juristic', 'bank', 'notPersonalNumber'];

/** The cue that describes the number: the column header first, then the nearest label before it. */
function describingCue(context: NumberContext, kinds: CueKind[]): CueKind | undefined {
  return nearestCue(context.header, kinds) ?? nearestCue(context.before, kinds);
}

function judge(shape: Shape, cluster: Cluster, context: NumberContext): Candidate | undefined {
  switch (shape.type) {
    case 'national_id':
      return judgeNationalId(shape, context);
    case 'phone':
      return judgePhone(shape, cluster, context);
    case 'laser_code':
      return judgeLaserCode(shape, context);
  }
}

function judgeNationalId(shape: Shape, context: NumberContext): Candidate | undefined {
  const v = shape.normalized;
  const hidden = v.split('X').length - 1;
  if (hidden === 13) return undefined;
  const cue = describingCue(context, ID_KINDS);
  const personType = v[0] !== '0';
  // A tax ID of a person (type digit 1–8) is that person's national ID (sole traders, contractors).
  const labelled = cue === 'idLabel' || (cue === 'taxLabel' && personType);
  const negative = cue === 'notPersonalNumber' || cue === 'bank' || cue === 'juristic' || (cue === 'taxLabel' && !personType);
  const wellGrouped = isIdGrouping(shape.grouping);
  if (negative || (!wellGrouped && !labelled)) return undefined;
  const accept = (confidence: number, checksumValid?: boolean): Candidate => candidate(shape, confidence, checksumValid);
  if (v[0] === '0') {
    // 0 starts juristic persons' tax IDs (not personal data) and, rarely, IDs of persons without
    // registration status: only an explicit personal-ID label with no company around makes it one.
    if (cue !== 'idLabel' || hasCue(context.before, 'juristic') || hasCue(context.row, 'juristic')) return undefined;
    if (hidden > 0) return accept(0.6);
    return isValidNationalId(v) ? accept(0.6, true) : undefined;
  }
  // Outside the province codes, a number is a person's ID only under an ID label, or written in
  // the ID's own 1-4-5-2-1 grouping (or boxes) below one, as in a table whose header is lines above.
  const idGroupedBelowLabel = (shape.grouping === '1,4,5,2,1' || isBoxes(shape.grouping)) && context.idLabelAbove;
  if (!hasPersonalIdShape(v) && !labelled && !idGroupedBelowLabel) return undefined;
  // 885 is the GS1 prefix of Thai products: without an ID label such a number is a barcode
  // (it would be a type-8 ID registered in Ranong, which is rare).
  if (v.startsWith('885') && !labelled) return undefined;
  if (hidden > 0) return accept(labelled ? 0.95 : 0.8);
  if (isValidNationalId(v)) return accept(labelled ? 0.98 : 0.85, true);
  // A typo under an explicit ID label still exposes the person. In PDF tables the header may sit
  // lines above; an ID written in its usual 1-4-5-2-1 grouping below such a label is one too.
  // In OCR text a failed check digit is almost always a misread, reported as it is it would be a
  // number nobody has.
  if (context.ocr) return undefined;
  if (labelled) return accept(0.55, false);
  return idGroupedBelowLabel ? accept(0.5, false) : undefined;
}

function candidate(shape: Shape, confidence: number, checksumValid?: boolean, normalized = shape.normalized): Candidate {
  const c: Candidate = { type: shape.type, first: shape.first, last: shape.last, normalized, confidence };
  if (checksumValid !== undefined) c.checksumValid = checksumValid;
  return c;
}

function judgePhone(shape: Shape, cluster: Cluster, context: NumberContext): Candidate | undefined {
  const { international: intl, grouping } = shape;
  let v = shape.normalized;
  // Structure first, context (the costly part) only for what could be a phone.
  // Spreadsheets drop the leading zero of a number stored as a number: 9 digits starting with
  // 6/8/9 (or 8 with 2–5/7) that fill the cell may have been a phone; only a label can say.
  const lostZero = !intl && ((v.length === 9 && /^[689]/.test(v)) || (v.length === 8 && /^[2-57]/.test(v)));
  if (lostZero) {
    const wholeCluster = shape.first === 0 && (shape.last === cluster.chars.length || /^0+$/.test(cluster.chars.slice(shape.last)));
    if (!wholeCluster || !/^\d+$/.test(v)) return undefined;
    v = '0' + v;
  } else if (v.length === 8) {
    return undefined;
  }
  const mobile = v.length === 10;
  // Landline area codes are 02–05 and 07; 06, 08 and 09 are mobile.
  if (mobile ? !/^[0X][689X]/.test(v) : !/^[0X][2-57X]/.test(v)) return undefined;
  const hiddenPrefix = /^\d?X/.test(v);
  const usualGrouping = intl || (mobile ? MOBILE_GROUPINGS : LANDLINE_GROUPINGS).has(grouping) || isBoxes(grouping);
  const labelled = nearestCue(context.header, ['phoneLabel', 'personal']) !== undefined || hasCue(context.before, 'phoneLabel');
  if ((lostZero || hiddenPrefix || !usualGrouping) && !labelled) return undefined;
  if (!isPersonalLine(context, mobile)) return undefined;
  return candidate(shape, lostZero ? 0.8 : labelled ? 0.95 : 0.75, undefined, v);
}

/** Personal data is a person's line; an agency's office, a company's or a bank account is not. */
function isPersonalLine(context: NumberContext, mobile: boolean): boolean {
  const header = nearestCue(context.header, PHONE_OWNER_KINDS);
  if (header && header !== 'personal' && header !== 'recipient') return false;
  // A landline followed by office cues ("… fax …", "in office hours", an extension) is the office's.
  const officeAfter = hasCue(context.after, 'office');
  if (!mobile && officeAfter) return false;
  const before = nearestCue(context.before, PHONE_OWNER_KINDS);
  if (before === 'personal') return true;
  // A document's party (the winner, the recipient) may be a person or a company: their mobile
  // is taken as personal, a landline is not.
  if (before === 'recipient') return mobile;
  if (before) return false;
  if (officeAfter || hasCue(context.row, 'juristic')) return false;
  // A column of phone numbers in a list of people holds their numbers.
  if (header === 'personal' || nearestCue(context.header, ['phoneLabel'])) return true;
  // Mobiles mostly belong to people; landlines mostly to offices.
  return mobile;
}

function judgeLaserCode(shape: Shape, context: NumberContext): Candidate | undefined {
  if (!LASER_GROUPINGS.has(shape.grouping)) return undefined;
  const labelled = describingCue(context, ['laserLabel']) !== undefined;
  return candidate(shape, labelled || shape.grouping === '1,7,2' ? 0.95 : 0.7);
}

/** The most confident windows that do not overlap; a laser code claims its digits first. */
function chooseCandidates(candidates: Candidate[]): Candidate[] {
  const ranked = [...candidates].sort(
    (a, b) =>
      Number(b.type === 'laser_code') - Number(a.type === 'laser_code') ||
      b.confidence - a.confidence ||
      a.first - b.first ||
      b.last - a.last,
  );
  const chosen: Candidate[] = [];
  for (const c of ranked) if (!chosen.some((o) => c.first < o.last && o.first < c.last)) chosen.push(c);
  return chosen.sort((a, b) => a.first - b.first);
}

// How far around an identifier a name or an address counts as beside it: a line of a list.
const BESIDE_CHARS = 80;

function toFinding(c: Candidate, start: number, end: number, block: TextBlock, lines: LineCounter, options: DetectOptions): Finding {
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
  const beside = besideOf(block.text.slice(Math.max(0, start - BESIDE_CHARS), end + BESIDE_CHARS), block.row, block.header);
  if (beside.length > 0) finding.beside = beside;
  return finding;
}

function locate(base: BlockLocation, lines: LineCounter, offset: number): BlockLocation {
  const { line, column } = lines.at(offset);
  if (base.cell) return { ...base };
  return { ...base, line: (base.line ?? 1) + line - 1, column: line === 1 && base.column ? base.column + column - 1 : column };
}

/** The surrounding text with the identifier as its display form and every other long number masked. */
function excerpt(text: string, start: number, end: number, display: string): string {
  let from = Math.max(0, start - EXCERPT_CHARS);
  let to = Math.min(text.length, end + EXCERPT_CHARS);
  // Never cut a number in two (a cut fragment would escape the mask), within a bound: a side
  // still cut after it has every digit masked.
  const floor = Math.max(0, from - EXCERPT_CHARS);
  const ceiling = Math.min(text.length, to + EXCERPT_CHARS);
  while (from > floor && inNumber(text, from - 1)) from--;
  while (to < ceiling && inNumber(text, to)) to++;
  const side = (a: number, b: number, cut: boolean): string => (cut ? maskAllDigits(text.slice(a, b)) : maskLongNumbers(text.slice(a, b)));
  const before = side(from, start, from > 0 && inNumber(text, from - 1));
  const after = side(end, to, to < text.length && inNumber(text, to));
  return (before.trimStart() + display + after.trimEnd()).replace(/\s+/g, ' ');
}

/** A position, or a separator between two positions. */
function inNumber(text: string, i: number): boolean {
  const code = text.charCodeAt(i);
  if (isPositionCode(code)) return true;
  const cls = CHAR_CLASS[code];
  return (cls === SEPARATOR || cls === ZERO_WIDTH) && i > 0 && isPositionCode(text.charCodeAt(i - 1)) && isPositionCode(text.charCodeAt(i + 1));
}


/** Line and column of offsets that arrive in increasing order, without rescanning the text. */
class LineCounter {
  private line = 1;
  private lineStart = 0;
  private nextBreak: number;

  constructor(private readonly text: string) {
    this.nextBreak = text.indexOf('\n');
  }

  at(offset: number): { line: number; column: number } {
    if (offset < this.lineStart) {
      this.line = 1;
      this.lineStart = 0;
      this.nextBreak = this.text.indexOf('\n');
    }
    // Each line break is found once, however many findings a line holds.
    while (this.nextBreak >= 0 && this.nextBreak < offset) {
      this.line++;
      this.lineStart = this.nextBreak + 1;
      this.nextBreak = this.text.indexOf('\n', this.lineStart);
    }
    return { line: this.line, column: offset - this.lineStart + 1 };
  }
}

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
import { IDENTIFIER_TYPES, IDENTIFIER_TYPE_NAMES, type IdentifierType } from '../identifier-types.ts';
import { displayForm, maskAllDigits, maskLongNumbers, maskStatus, unreadableForm } from '../masking.ts';
import type { BlockLocation, Finding, FindingLocation, TextBlock, TextRange, UnreadableSpan } from '../types.ts';
import { CHAR_CLASS, type ClusterSpan, DIGIT, LINE_BREAK, MASK, SEPARATOR, ZERO_WIDTH, inNumber, isPositionCode, nextCluster, numberExtent } from './characters.ts';
import { type Cue, type CueKind, findCues, hasCue, nearestCue } from './cues.ts';
import { ID_LENGTH, hasPersonalIdShape, isValidNationalId } from './national-id.ts';
import { type CellDelimiter, TextTableHeaders, cellContinuation, delimiterOf, displayWidth } from './text-tables.ts';
import { besideOf } from './beside.ts';
import { DASH, GROUP_MARK, ID_GROUPING_KEYS, LANDLINE_GROUPING_KEYS, LASER_CODE, LASER_GROUPING_KEYS, MOBILE_GROUPING_KEYS, isBoxes, phoneKind } from './written-forms.ts';

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
  /** The gap before each group (the first group's is NO_GAP). */
  gaps: Gap[];
}

/** What separates two groups: the separators' kind, and whether the gap is wide or breaks a line. */
interface Gap {
  kind: 'space' | 'dash' | 'dot' | 'bracket' | 'none';
  wide: boolean;
  lineBreak: boolean;
  /** A dash or dot touches the line break (`1-1020-` ⏎ `30405-06-1`): the writer meant the number to go on. */
  markedBreak: boolean;
}

const NO_GAP: Gap = { kind: 'none', wide: false, lineBreak: false, markedBreak: false };
/** Separators between two groups beyond which the gap is no longer a grouping but padding. */
const USUAL_GAP = 3;

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
/** Positions of a national ID, the longest identifier. */
export { ID_LENGTH };
const BEFORE_CHARS = 80;
const AFTER_CHARS = 30;
/** How far above a number the header of its table is looked for. */
const LABEL_ABOVE_CHARS = 5000;
/** Lines of prose without a number that a table may hold between its header and a row (a wrapped header). */
const TABLE_GAP_LINES = 2;
/** Longer lines without a number are prose, not the wrapped text of a table's cells. */
const WRAPPED_CELL_WIDTH = 40;
const EXCERPT_CHARS = 30;

export function detectIdentifiers(input: string | readonly TextBlock[], options: DetectOptions): Finding[] {
  const blocks = typeof input === 'string' ? [{ text: input, location: {} }] : input;
  const findings: Finding[] = [];
  const headerCues = new CueCache();
  eachBlock(blocks, (block, above) => detectInBlock(block, above, options, headerCues, (finding) => findings.push(finding)));
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
  eachBlock(blocks, (block, above) => detectInBlock(block, above, options, headerCues, (finding, start, end) => spanned.push({ finding, block, start, end })));
  return spanned;
}

/** Text that flows (paragraphs, pages), unlike a table cell. */
const flowing = (block: TextBlock): boolean => block.location.cell === undefined && block.header === undefined;

/** Each block with the last line of the flowing text before it (none for table cells). */
function eachBlock<B extends TextBlock>(blocks: readonly B[], visit: (block: B, above: string | undefined) => void): void {
  let previous: TextBlock | undefined;
  for (const block of blocks) {
    const above = previous && flowing(previous) && flowing(block) ? previous.text.slice(previous.text.lastIndexOf('\n', previous.text.length - 2) + 1) : undefined;
    visit(block, above);
    previous = block;
  }
}

type EmitFinding = (finding: Finding, start: number, end: number) => void;

/** Cues of headers and rows, which repeat across the cells of a table. */
class CueCache {
  private readonly cues = new Map<string, Cue[]>();

  of(s: string | undefined, ocr: boolean): Cue[] {
    if (!s) return [];
    const key = ocr ? `ocr:${s}` : s;
    let cues = this.cues.get(key);
    if (!cues) this.cues.set(key, (cues = findCues(s, ocr)));
    return cues;
  }
}

/**
 * `above` is the last line of the block before, for a label over a number that starts its block
 * (forms in web pages and documents: the label and the value are separate paragraphs).
 */
function detectInBlock(block: TextBlock, above: string | undefined, options: DetectOptions, cueCache: CueCache, emit: EmitFinding): void {
  const { text } = block;
  // Made on first use: most blocks (cells, short paragraphs) hold no identifier.
  let tables: TextTableHeaders | undefined;
  let lineCounter: LineCounter | undefined;
  const span: ClusterSpan = { start: 0, end: 0, positions: 0 };
  // Pieces of wrapped cells already read with the cell above them (the row's other cells lie between).
  let continuations: Set<number> | undefined;
  for (let from = 0; nextCluster(text, from, span, MIN_POSITIONS); from = span.end) {
    if (continuations?.has(span.start)) continue;
    let taken = -1; // text offset up to which an accepted identifier covers the cluster
    let whole = parseCluster(text, span.start, span.end);
    // A number in a wrapped cell of a text table goes on in the same column of the next row.
    const continuedBelow = cellContinuation(text, span.end - 1, false, isPositionCode);
    if (continuedBelow >= 0) {
      const piece = clusterFrom(text, continuedBelow);
      whole = joinClusters(whole, piece);
      (continuations ??= new Set()).add(piece.start);
    }
    const continuedFrom = cellContinuation(text, span.start, true, isPositionCode);
    if (continuedFrom >= 0) {
      // Only a piece too short to be found on its own: a longer one was joined on its own turn.
      const piece = clusterFrom(text, cellNumberStart(text, continuedFrom));
      if (piece.chars.length < MIN_POSITIONS && piece.end === continuedFrom + 1) whole = joinClusters(piece, whole);
    }
    for (const cluster of clusterParts(whole)) {
      const shapes = structuralCandidates(text, cluster);
      if (shapes.length === 0) continue;
      const lines = clusterLines(cluster);
      // Each window is judged where it starts: a cluster may run over several columns of a
      // table padded with spaces (a bank account, then a phone) or over several lines.
      const judged: Candidate[] = [];
      let context: NumberContext | undefined; // of the windows starting where the last one did
      for (let i = 0; i < shapes.length; i++) {
        const shape = shapes[i]!;
        let l = lines.length - 1;
        while (lines[l]!.first > shape.first) l--;
        const line = lines[l]!;
        if (i === 0 || shapes[i - 1]!.first !== shape.first) {
          const at = { start: cluster.offsets[shape.first]!, end: line.end };
          context = new NumberContext(text, at, block, above, (tables ??= new TextTableHeaders(text)), cueCache, (line.bounds ??= lineBounds(text, line.start, line.end)));
        }
        const c = RECOGNIZERS[shape.type].judge(shape, context!, cluster, line);
        if (c) judged.push(c);
      }
      const accepted = chooseCandidates(judged);
      for (const c of accepted) {
        // Parts overlap: what the previous part took is not taken again.
        if (cluster.offsets[c.first]! <= taken) continue;
        const start = cluster.offsets[c.first]!;
        const end = cluster.offsets[c.last - 1]! + 1;
        emit(toFinding(c, start, end, block, (lineCounter ??= new LineCounter(text)), options), start, end);
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
      gaps: [NO_GAP, ...cluster.gaps.slice(g + 1, h)],
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
  const gaps: Gap[] = [NO_GAP];
  let gapFrom = -1; // text offset where the pending gap starts
  for (let i = start; i < end; i++) {
    const code = text.charCodeAt(i);
    const cls = CHAR_CLASS[code];
    if (cls === DIGIT || cls === MASK) {
      if (gapFrom >= 0) {
        groupStarts.push(n);
        gaps.push(gapOf(text, gapFrom, i));
      }
      gapFrom = -1;
      codes[n++] = cls === MASK ? 0x58 : (code & 0xf) + 0x30;
      offsets.push(i);
    } else if ((cls === SEPARATOR || cls === LINE_BREAK) && gapFrom < 0) {
      gapFrom = i;
    }
  }
  groupStarts.push(n);
  // Decoded, not spread into fromCharCode: a hostile run of a million digits is one cluster.
  return { start, end, chars: LATIN1.decode(codes.subarray(0, n)), offsets, groupStarts, gaps };
}

/** The cluster that starts at a position. */
function clusterFrom(text: string, at: number): Cluster {
  const span: ClusterSpan = { start: 0, end: 0, positions: 0 };
  nextCluster(text, at, span, 1);
  return parseCluster(text, span.start, span.end);
}

/** Where the number whose last position is `last` starts, within its line. */
function cellNumberStart(text: string, last: number): number {
  let start = last;
  for (let i = last - 1; i >= 0 && i > last - MAX_CONTEXT; i--) {
    const cls = CHAR_CLASS[text.charCodeAt(i)];
    if (cls === DIGIT || cls === MASK) start = i;
    else if (cls !== SEPARATOR && cls !== ZERO_WIDTH) break;
  }
  return start;
}

/**
 * Two pieces of one number in a wrapped cell of a text table, as one cluster. The table marks
 * the break as surely as a dash would: the row below continues the cell above.
 */
function joinClusters(a: Cluster, b: Cluster): Cluster {
  const shift = a.chars.length;
  return {
    start: a.start,
    end: b.end,
    chars: a.chars + b.chars,
    offsets: [...a.offsets, ...b.offsets],
    groupStarts: [...a.groupStarts.slice(0, -1), ...b.groupStarts.map((g) => g + shift)],
    gaps: [...a.gaps, { kind: 'space', wide: false, lineBreak: true, markedBreak: true }, ...b.gaps.slice(1)],
  };
}

/** Gaps as written repeat ("-", " ", " - "): each is read once. */
const GAPS = new Map<string, Gap>();

function gapOf(text: string, from: number, to: number): Gap {
  const raw = text.slice(from, to);
  let gap = GAPS.get(raw);
  if (!gap) {
    gap = readGap(raw);
    if (raw.length <= 8) GAPS.set(raw, gap);
  }
  return gap;
}

function readGap(raw: string): Gap {
  const visible = raw.replace(/[\u200B-\u200D\u2060\uFEFF\u00AD]/g, '');
  const breakAt = visible.search(/[\n\r\f\v\u2028\u2029]/);
  const dash = DASH.test(visible);
  const kind = dash ? 'dash' : /[.\u00B7\u2027\u2219\u22C5]/.test(visible) ? 'dot' : /[()\uFF08\uFF09]/.test(visible) ? 'bracket' : 'space';
  if (breakAt < 0) return { kind, wide: visible.length > USUAL_GAP, lineBreak: false, markedBreak: false };
  const beforeBreak = visible.slice(0, breakAt).trim();
  const afterBreak = visible.slice(breakAt).trim();
  return { kind, wide: false, lineBreak: true, markedBreak: GROUP_MARK.test(beforeBreak.slice(-1)) || GROUP_MARK.test(afterBreak.slice(0, 1)) };
}

/** The part of a cluster on one line: its positions [first, last) and text span [start, end). */
interface ClusterLine {
  first: number;
  last: number;
  start: number;
  end: number;
  bounds?: LineBounds;
}

/** A cluster's parts line by line: each number is judged by the line it starts on. */
function clusterLines(cluster: Cluster): ClusterLine[] {
  const { gaps, groupStarts, offsets } = cluster;
  const lines: ClusterLine[] = [];
  let first = 0;
  for (let g = 1; g <= gaps.length; g++) {
    if (g < gaps.length && !gaps[g]!.lineBreak) continue;
    const last = g < gaps.length ? groupStarts[g]! : cluster.chars.length;
    lines.push({ first, last, start: offsets[first]!, end: offsets[last - 1]! + 1 });
    first = last;
  }
  return lines;
}

/** A window of whole groups with the size of an identifier, before judgement. */
interface Shape extends Window {
  type: IdentifierType;
}

/** A window as its type's rules find it in a cluster. */
interface Window {
  first: number;
  last: number;
  normalized: string;
  /** Group sizes, e.g. "1,4,5,2,1"; a wide gap is written ";" (no usual grouping has one). */
  grouping: string;
  /** Written with the country code (+66, 0066). */
  international: boolean;
  /** Line breaks inside the window, and how many of them are at a dash or dot. */
  lineBreaks: number;
  markedBreaks: number;
  /** The grouping with the groups that a line wrap cut in two made whole again. */
  wrappedGrouping: string;
  /** The number goes on past the window in the same style (`…-03-01`): the window is part of a longer number. */
  partOfLonger: boolean;
  /** A neighbouring group is joined to the window as its own groups are joined to each other. */
  joinedOutside: boolean;
  /** A laser code whose letters stand apart from its digits. */
  detachedLetters?: boolean;
}

/**
 * The detection rules of each identifier type (shared/identifier-types.ts declares the types, as
 * Presidio's registry holds a recognizer per entity): the windows of a cluster that could be one,
 * and the judgement of each.
 */
interface Recognizer {
  windows(text: string, cluster: Cluster): Window[];
  judge(shape: Shape, context: NumberContext, cluster: Cluster, line: ClusterLine): Candidate | undefined;
}

const RECOGNIZERS: { readonly [T in IdentifierType]: Recognizer } = {
  national_id: { windows: nationalIdWindows, judge: judgeNationalId },
  phone: { windows: phoneWindows, judge: judgePhone },
  laser_code: { windows: laserCodeWindows, judge: judgeLaserCode },
};

/** Windows of whole groups whose size could be an identifier, each with its type; those starting together side by side. */
function structuralCandidates(text: string, cluster: Cluster): Shape[] {
  const shapes: Shape[] = [];
  for (const type of IDENTIFIER_TYPE_NAMES) for (const found of RECOGNIZERS[type].windows(text, cluster)) shapes.push(Object.assign(found, { type }));
  // Windows that start at the same position share their context (detectInBlock).
  return shapes.sort((a, b) => a.first - b.first);
}

// Window sizes: 13 an ID; 10/9 a mobile/landline (9/8 when a spreadsheet dropped the leading
// zero); after the country code 9/8 digits, with the code 11/10, 12/11 with a bracketed national 0.

/**
 * Calls `visit` with each window of whole groups of 8 to 13 positions holding a digit, and how many
 * positions of its start are a country code.
 */
function eachWindow(text: string, cluster: Cluster, visit: (g: number, h: number, value: string, countryCode: number) => void): void {
  const { chars, groupStarts } = cluster;
  const groups = groupStarts.length - 1;
  for (let g = 0; g < groups; g++) {
    const first = groupStarts[g]!;
    const countryCode = internationalPrefix(text, cluster, first);
    for (let h = g + 1; h <= groups; h++) {
      const last = groupStarts[h]!;
      const n = last - first;
      if (n > ID_LENGTH) break;
      if (n < MIN_POSITIONS) continue;
      const value = chars.slice(first, last);
      if (/\d/.test(value)) visit(g, h, value, countryCode);
    }
  }
}

const windowAt = (cluster: Cluster, g: number, h: number, normalized: string, international: boolean): Window => ({
  first: cluster.groupStarts[g]!,
  last: cluster.groupStarts[h]!,
  normalized,
  international,
  ...windowLayout(cluster, g, h),
});

/** 13 positions, never after a country code. */
function nationalIdWindows(text: string, cluster: Cluster): Window[] {
  const out: Window[] = [];
  eachWindow(text, cluster, (g, h, value, countryCode) => {
    if (!countryCode && value.length === ID_LENGTH) out.push(windowAt(cluster, g, h, value, false));
  });
  return out;
}

/** A number of the plan in national form; after +66 the number is international only, in national form with its 0. */
function phoneWindows(text: string, cluster: Cluster): Window[] {
  const out: Window[] = [];
  eachWindow(text, cluster, (g, h, value, countryCode) => {
    if (countryCode) {
      const national = value.slice(countryCode);
      const rest = national[0] === '0' ? national : '0' + national;
      if (rest.length === 10 || rest.length === 9) out.push(windowAt(cluster, g, h, rest, true));
    } else if (value.length <= 10 && couldBePhone(value)) out.push(windowAt(cluster, g, h, value, false));
  });
  return out;
}

/**
 * The laser code a cluster may hold: 10 digits after two capital letters. A letter X is a mask
 * character to the scan, so `JX1-…` or `XX 1-…` start a cluster at an X: the code then starts
 * after the letters.
 */
function laserCodeWindows(text: string, cluster: Cluster): Window[] {
  const { chars, groupStarts, offsets } = cluster;
  let letters = laserPrefix(text, cluster.start);
  let first = 0;
  if (!letters) {
    // Capital Xs glued to each other at the cluster's start, after no other letter or one.
    while (first < 2 && text[offsets[first]!] === 'X' && (first === 0 || offsets[first]! === offsets[0]! + first)) first++;
    const before = first === 1 ? /(?<![A-Za-z])[A-Z]$/.exec(text.slice(Math.max(0, offsets[0]! - 2), offsets[0]!))?.[0] : '';
    if (first === 0 || before === undefined || /[A-Za-z]/.test(text[offsets[0]! - (first === 1 ? 2 : 1)] ?? '')) return [];
    letters = { letters: before + 'X'.repeat(first), detached: false };
  }
  const last = first + 10;
  const h = groupStarts.indexOf(last);
  if (h < 0 || !/\d/.test(chars.slice(first, last))) return [];
  const layout = windowLayout(cluster, 0, h);
  // The letters' own group loses them.
  const sizes = layout.grouping.split(/([,;])/);
  sizes[0] = String(Number(sizes[0]) - first);
  const grouping = (sizes[0] === '0' ? sizes.slice(2) : sizes).join('');
  return [{ first, last, normalized: letters.letters + chars.slice(first, last), international: false, ...layout, grouping, detachedLetters: letters.detached || sizes[0] === '0' }];
}

/** National form (0 then a prefix of the numbering plan), or a spreadsheet number that lost its 0. */
function couldBePhone(value: string): boolean {
  const c = value.charCodeAt(0);
  if (c === 0x30 || c === 0x58) return value.length >= 9; // 0, X
  return value.length <= 9 && /^\d+$/.test(value) && phoneKind('0' + value) !== undefined;
}

/** The grouping of groups [g, h) and how the window sits in its cluster. */
function windowLayout(cluster: Cluster, g: number, h: number): Pick<Shape, 'grouping' | 'wrappedGrouping' | 'lineBreaks' | 'markedBreaks' | 'partOfLonger' | 'joinedOutside'> {
  const { gaps } = cluster;
  let grouping = String(groupSize(cluster, g));
  const wrappedSizes = [groupSize(cluster, g)];
  let lineBreaks = 0;
  let markedBreaks = 0;
  let inside = 0; // the kinds of gap inside the window, as bits
  for (let i = g + 1; i < h; i++) {
    const gap = gaps[i]!;
    const size = groupSize(cluster, i);
    grouping += (gap.wide ? ';' : ',') + size;
    if (gap.lineBreak) lineBreaks++;
    if (gap.markedBreak) markedBreaks++;
    // A line wrapped without a dash may have cut a group in two: the group as it was written.
    if (gap.lineBreak && !gap.markedBreak) wrappedSizes[wrappedSizes.length - 1]! += size;
    else wrappedSizes.push(size);
    if (!gap.lineBreak) inside |= KIND_BIT[gap.kind];
  }
  // Only dashes and dots surely continue a number: a space is also how PDF text joins narrow
  // columns (an ordinal before an ID, a house number after it).
  const partOfLonger = (gaps[h]?.kind !== 'space' && continues(cluster, inside, h, 1)) || (gaps[g]?.kind !== 'space' && continues(cluster, inside, g, -1));
  const joinedOutside = joinedLike(cluster, inside, g) || joinedLike(cluster, inside, h);
  return { grouping, wrappedGrouping: wrappedSizes.join(','), lineBreaks, markedBreaks, partOfLonger, joinedOutside };
}

const groupSize = (cluster: Cluster, i: number): number => cluster.groupStarts[i + 1]! - cluster.groupStarts[i]!;

/** Whether the gap before group `gapIndex` joins it to its neighbour as the window's own groups are joined. */
function joinedLike(cluster: Cluster, inside: number, gapIndex: number): boolean {
  const gap = cluster.gaps[gapIndex];
  return gap !== undefined && gapIndex > 0 && gapIndex < cluster.groupStarts.length - 1 && !gap.wide && !gap.lineBreak && (inside & KIND_BIT[gap.kind]) !== 0;
}

/**
 * A neighbour joined like the window's own groups (`1-4-5-3` then `-1`) continues the number,
 * unless its run is a whole identifier of its own (an ID and a phone side by side).
 */
function continues(cluster: Cluster, inside: number, gapIndex: number, step: 1 | -1): boolean {
  if (!joinedLike(cluster, inside, gapIndex)) return false;
  const { groupStarts, gaps } = cluster;
  const groupCount = groupStarts.length - 1;
  const near = step === 1 ? gapIndex : gapIndex - 1;
  let far = near;
  for (let next = far + step; next >= 0 && next < groupCount && sameJoin(gaps[step === 1 ? next : far]!, gaps[gapIndex]!); next += step) far = next;
  const run = groupStarts[Math.max(near, far) + 1]! - groupStarts[Math.min(near, far)]!;
  return run !== 9 && run !== 10 && run !== ID_LENGTH;
}

/** Positions in the row of one-digit boxes, joined alike, that a window of boxes lies in. */
function boxRun(cluster: Cluster, shape: Shape): number {
  const { groupStarts, gaps } = cluster;
  const single = (i: number): boolean => groupStarts[i + 1]! - groupStarts[i]! === 1;
  let g = groupStarts.indexOf(shape.first);
  let h = groupStarts.indexOf(shape.last);
  const kind = gaps[g + 1]?.kind;
  while (g > 0 && single(g - 1) && sameJoin(gaps[g]!, gaps[g + 1]!) && gaps[g]!.kind === kind) g--;
  while (h < groupStarts.length - 1 && single(h) && sameJoin(gaps[h]!, gaps[h - 1]!) && gaps[h]!.kind === kind) h++;
  return groupStarts[h]! - groupStarts[g]!;
}

const KIND_BIT: Record<Gap['kind'], number> = { none: 0, space: 1, dash: 2, dot: 4, bracket: 8 };

const sameJoin = (a: Gap, b: Gap): boolean => a.kind === b.kind && !a.wide && !a.lineBreak;

/** A grouping of 13 digits (sizes joined by commas) that IDs are written in, or one per box. */
export const isIdGrouping = (grouping: string): boolean => ID_GROUPING_KEYS.has(grouping) || isBoxes(grouping);

/** Two uppercase letters right before the cluster, not part of a longer word. */
function laserPrefix(text: string, start: number): LaserLetters | undefined {
  const m = LASER_LETTERS.exec(text.slice(Math.max(0, start - 7), start));
  return m ? { letters: m[1]! + m[2]!, detached: m[0].length > 2 } : undefined;
}

/** Two capital letters (in boxes they may be spaced) and the separators between them and the digits. */
const LASER_LETTERS = /(?<![A-Za-z])([A-Z])[ \u00A0\u200B-\u200D\u2060\uFEFF\u00AD]{0,2}([A-Z])[ \u00A0\u200B-\u200D\u2060\uFEFF\u00AD\-\u2010-\u2013.\u00B7]{0,4}$/;

interface LaserLetters {
  letters: string;
  /** Written apart from the digits (`AB 1234567890`, `J T 1 2 …`): common words look like that too. */
  detached: boolean;
}

/**
 * How many positions from `first` (a group's start) are a country code: 2 after "+" (+66), 4 for
 * 0066 before a number of the plan, set apart or run together (`0066812345678`); else 0. A
 * cluster may run over several columns of a table, so any group may start such a number.
 */
function internationalPrefix(text: string, cluster: Cluster, first: number): number {
  const { chars, offsets } = cluster;
  const at = offsets[first]!;
  if (chars.startsWith('66', first) && /\+[\s(\uFF08\u200B-\u200D\u2060\uFEFF]*$/.test(text.slice(Math.max(0, at - 4), at))) return 2;
  // 0066, not glued to digits before it, then a number of the plan.
  if (!chars.startsWith('0066', first) || isPositionCode(text.charCodeAt(at - 1))) return 0;
  const national = '0' + chars.slice(first + 4, first + 13);
  return phoneKind(national) !== undefined || phoneKind(national.slice(0, 9)) !== undefined ? 4 : 0;
}

/** What the surroundings of a cluster say, computed only as far as a judgement needs. */
/** The line a number is on, as far as context is read: shared by the numbers of one line. */
interface LineBounds {
  lineStart: number;
  lineEnd: number;
  /** Whether lineStart is where the line really starts (not a bound on a very long line). */
  realLineStart: boolean;
  delimiter: CellDelimiter | undefined;
  /** Two spaces in a row somewhere: the line may be a row of a table padded into columns. */
  padded: boolean;
}

function lineBounds(text: string, start: number, end: number): LineBounds {
  // Searches are bounded: in a document that is one huge line, each would otherwise read to the
  // line's ends for every number in it.
  const lineBreak = lastIndexWithin(text, NEWLINE, start - 1, start - MAX_CONTEXT);
  const lineStart = lineBreak >= 0 ? lineBreak + 1 : Math.max(0, start - MAX_CONTEXT);
  const next = indexWithin(text, NEWLINE, end, end + MAX_CONTEXT);
  const lineEnd = next >= 0 ? next : Math.min(text.length, end + MAX_CONTEXT);
  const delimiter = delimiterOf(text, lineStart, lineEnd);
  let padded = false;
  for (let i = lineStart + 1; !delimiter && !padded && i < lineEnd; i++) padded = text.charCodeAt(i) === 0x20 && text.charCodeAt(i - 1) === 0x20;
  return { lineStart, lineEnd, realLineStart: lineBreak >= 0 || lineStart === 0, delimiter, padded };
}

class NumberContext {
  private readonly lineStart: number;
  private readonly lineEnd: number;
  private readonly cellStart: number;
  private readonly cellEnd: number;
  private readonly delimiter: CellDelimiter | undefined;
  private readonly realLineStart: boolean;
  private readonly padded: boolean;
  private cache: Partial<Record<'header' | 'before' | 'after' | 'row', Cue[]>> = {};
  private labelAbove: boolean | undefined;

  constructor(
    private readonly text: string,
    private readonly cluster: Pick<ClusterLine, 'start' | 'end'>,
    private readonly block: TextBlock,
    private readonly above: string | undefined,
    private readonly tables: TextTableHeaders,
    private readonly cueCache: CueCache,
    line: LineBounds,
  ) {
    ({ lineStart: this.lineStart, lineEnd: this.lineEnd, realLineStart: this.realLineStart, delimiter: this.delimiter, padded: this.padded } = line);
    this.cellStart = this.lineStart;
    this.cellEnd = this.lineEnd;
    if (this.delimiter) {
      const code = this.delimiter.charCodeAt(0);
      this.cellStart = lastIndexWithin(text, code, cluster.start - 1, this.lineStart) + 1 || this.lineStart;
      const next = indexWithin(text, code, cluster.end, this.lineEnd);
      if (next >= 0) this.cellEnd = next;
    }
  }

  /** Cues in the column header: the block's own, the one OCR found over the number, or the header line of a text table. */
  get header(): Cue[] {
    return (this.cache.header ??= this.cueCache.of(this.block.header ?? this.columnHeader() ?? this.textTableHeader(), this.ocr));
  }

  /** Cues before the number in its cell or line (and the line above, when the line starts with it). */
  get before(): Cue[] {
    if (this.cache.before) return this.cache.before;
    const { text, cluster } = this;
    let before = text.slice(Math.max(this.cellStart, cluster.start - BEFORE_CHARS), cluster.start);
    // A label on the line above (forms: "เลขประจำตัวประชาชน" then the boxes below it), when
    // nothing but the number (and a laser code's two letters) is on its own line.
    if (this.cellStart === this.lineStart && this.realLineStart && !/\p{L}{3}/u.test(before)) {
      if (this.lineStart > 0) {
        const prevStart = Math.max(lastIndexWithin(text, NEWLINE, this.lineStart - 2, this.lineStart - 1 - BEFORE_CHARS) + 1, this.lineStart - 1 - BEFORE_CHARS);
        before = text.slice(prevStart, this.lineStart - 1) + ' ' + before;
      } else if (this.above) before = this.above.slice(-BEFORE_CHARS) + ' ' + before;
    }
    // A label before another number names that number ("เลขที่ใบสั่งซื้อ 0914218419 … โทร"): only
    // whose numbers they are (a person, a company, an office) carries over to the next one.
    const span: ClusterSpan = { start: 0, end: 0, positions: 0 };
    let labelsFrom = 0;
    for (let i = 0; nextCluster(before, i, span, NAMED_NUMBER_POSITIONS); i = span.end) labelsFrom = span.end;
    const earlier = findCues(before.slice(0, labelsFrom), this.ocr).filter((cue) => !NAMING_KINDS.has(cue.kind));
    return (this.cache.before = [...earlier, ...findCues(before.slice(labelsFrom), this.ocr)]);
  }

  get after(): Cue[] {
    const { text, cluster } = this;
    return (this.cache.after ??= findCues(text.slice(cluster.end, Math.min(this.cellEnd, cluster.end + AFTER_CHARS)), this.ocr));
  }

  get ocr(): boolean {
    return this.block.ocr === true;
  }

  /** Whether OCR read the text from `start` to `end` alike from every cut, each character sure. */
  surelyRead(start: number, end: number): boolean {
    return (this.block.sureReadings ?? []).some((range) => range.start <= start && end <= range.end);
  }

  /** A table cell holds one value: a line break in it wraps that value. */
  get inCell(): boolean {
    return this.block.location.cell !== undefined;
  }

  /**
   * Whether an ID label heads the table the number is in: every line from the label's down to the
   * number's holds a long number (the rows above it), but for short lines (wrapped cells) and a
   * couple of wrapped header lines.
   * A label in boilerplate paragraphs away says nothing of a number further down.
   */
  get idLabelAbove(): boolean {
    if (this.labelAbove !== undefined) return this.labelAbove;
    // On a line too long to have been read to its start, nothing is "above" within reach.
    if (!this.realLineStart) return (this.labelAbove = false);
    const { text } = this;
    const floor = Math.max(0, this.lineStart - LABEL_ABOVE_CHARS);
    const span: ClusterSpan = { start: 0, end: 0, positions: 0 };
    let otherLines = 0;
    for (let end = this.lineStart - 1; end > floor; ) {
      const start = Math.max(floor, lastIndexWithin(text, NEWLINE, end - 1, floor) + 1);
      const line = text.slice(start, end);
      if (hasCue(findCues(line, this.ocr), 'idLabel')) return (this.labelAbove = true);
      if (nextCluster(line, 0, span, MIN_POSITIONS)) otherLines = 0;
      // Short lines are a table's wrapped cells; lines of prose end the table.
      else if (displayWidth(line) > WRAPPED_CELL_WIDTH && ++otherLines > TABLE_GAP_LINES) break;
      end = start - 1;
    }
    return (this.labelAbove = false);
  }

  /** Cues in the rest of the table row: a company name, a person's name. */
  get row(): Cue[] {
    if (this.cache.row) return this.cache.row;
    const line = this.delimiter ? findCues(this.text.slice(this.lineStart, this.lineEnd), this.ocr) : [];
    return (this.cache.row = this.block.row ? [...this.cueCache.of(this.block.row, this.ocr), ...line] : line);
  }

  /** The header OCR found over the number's column (TextBlock.columnHeaders). */
  private columnHeader(): string | undefined {
    const at = this.cluster.start;
    return this.block.columnHeaders?.find((h) => h.start <= at && at < h.end)?.header;
  }

  private textTableHeader(): string | undefined {
    if (!this.realLineStart) return undefined;
    if (!this.delimiter) return this.padded ? this.tables.alignedHeaderCell(this.lineStart, () => displayWidth(this.text.slice(this.lineStart, this.cluster.start))) : undefined;
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

/** A number this long after a label is what the label named (references are often short). */
const NAMED_NUMBER_POSITIONS = 4;
/** Cues that name the one number after them, unlike those that say whose the numbers are. */
const NAMING_KINDS: ReadonlySet<CueKind> = new Set(['idLabel', 'taxLabel', 'notPersonalNumber', 'bank', 'phoneLabel', 'personalPhone', 'laserLabel']);

const ID_KINDS: CueKind[] = ['idLabel', 'taxLabel', 'notPersonalNumber', 'juristic', 'bank', 'phoneLabel', 'laserLabel'];
const PHONE_OWNER_KINDS: CueKind[] = ['personal', 'personalPhone', 'recipient', 'office', 'juristic', 'bank', 'notPersonalNumber'];
const PHONE_LABELS: CueKind[] = ['phoneLabel', 'personalPhone'];
const NUMBER_LABELS: CueKind[] = [...PHONE_LABELS, 'idLabel', 'taxLabel', 'laserLabel'];
/** A column of a list of people, headed by their names, holds their numbers. */
const PHONE_HEADER_LABELS: CueKind[] = [...PHONE_LABELS, 'personal'];
const isPersonal = (kind: CueKind | undefined): boolean => kind === 'personal' || kind === 'personalPhone';

/** The cue that describes the number: the column header first, then the nearest label before it. */
function describingCue(context: NumberContext, kinds: CueKind[]): CueKind | undefined {
  return nearestCue(context.header, kinds) ?? nearestCue(context.before, kinds);
}

function judgeNationalId(shape: Shape, context: NumberContext, cluster: Cluster): Candidate | undefined {
  const v = shape.normalized;
  const hidden = v.split('X').length - 1;
  if (hidden === 13 || shape.partOfLonger) return undefined;
  // Across a line break not at a dash or dot, only what the check digit vouches for: two numbers on
  // consecutive lines are otherwise far likelier than one number wrapped.
  if (shape.lineBreaks > shape.markedBreaks && !context.inCell && !isValidNationalId(v)) return undefined;
  const cue = describingCue(context, ID_KINDS);
  const personType = v[0] !== '0';
  // A tax ID of a person (type digit 1–8) is that person's national ID (sole traders, contractors).
  const labelled = cue === 'idLabel' || (cue === 'taxLabel' && personType);
  const negative = cue === 'notPersonalNumber' || cue === 'bank' || cue === 'juristic' || (cue === 'taxLabel' && !personType);
  const wellGrouped = isIdGrouping(shape.grouping) || isIdGrouping(shape.wrappedGrouping);
  // An unusual grouping counts under a label, but only as a whole: never carved out of a longer
  // run. Nor does a failed check digit where the number may go on (a 14-digit reference), unless
  // it is in the card's own grouping (PDF text joins a table's narrow columns with spaces).
  if (negative || (!wellGrouped && (!labelled || shape.joinedOutside))) return undefined;
  const cardGrouped = shape.grouping === '1,4,5,2,1' || isBoxes(shape.grouping);
  if (shape.joinedOutside && !cardGrouped && hidden === 0 && !isValidNationalId(v)) return undefined;
  const accept = (confidence: number, checksumValid?: boolean): Candidate => candidate(shape, confidence, checksumValid);
  if (v[0] === '0') {
    // 0 starts juristic persons' tax IDs (not personal data) and, rarely, IDs of persons without
    // registration status: only an explicit personal-ID label with no company around makes it one.
    if (cue !== 'idLabel' || hasCue(context.before, 'juristic') || hasCue(context.row, 'juristic')) return undefined;
    if (hidden > 0) return accept(0.6);
    return isValidNationalId(v) ? accept(0.6, true) : undefined;
  }
  // Outside the province codes, a number is a person's ID only under an ID label, or written in
  // the card's own 1-4-5-2-1 grouping (or boxes) in a table headed by one.
  if (!hasPersonalIdShape(v) && !labelled && !(cardGrouped && context.idLabelAbove)) return undefined;
  // 885 is the GS1 prefix of Thai products: without an ID label such a number is a barcode
  // (it would be a type-8 ID registered in Ranong, which is rare).
  if (v.startsWith('885') && !labelled) return undefined;
  if (hidden > 0) return accept(labelled ? 0.95 : 0.8);
  if (isValidNationalId(v)) return accept(labelled ? 0.98 : 0.85, true);
  // A typo under an explicit ID label still exposes the person, as does one in the card's
  // grouping in a table headed by an ID label. In OCR text a failed check digit is almost always
  // a misread, reported as it is it would be a number nobody has: unless OCR read it surely.
  if (context.ocr && !context.surelyRead(cluster.offsets[shape.first]!, cluster.offsets[shape.last - 1]! + 1)) return undefined;
  if (labelled) return accept(0.55, false);
  return cardGrouped && context.idLabelAbove ? accept(0.5, false) : undefined;
}

function candidate(shape: Shape, confidence: number, checksumValid?: boolean, normalized = shape.normalized): Candidate {
  const c: Candidate = { type: shape.type, first: shape.first, last: shape.last, normalized, confidence };
  if (checksumValid !== undefined) c.checksumValid = checksumValid;
  return c;
}

function judgePhone(shape: Shape, context: NumberContext, cluster: Cluster, line: ClusterLine): Candidate | undefined {
  const { international: intl, grouping } = shape;
  let v = shape.normalized;
  // A phone goes on past a line break where the writer broke it at a dash or dot, in a table
  // cell, in boxes, or right after its label with no whole number before the break.
  let isLabelled: boolean | undefined;
  const labelledBefore = (): boolean => nearestCue(context.before, PHONE_LABELS) !== undefined;
  const labelled = (): boolean => (isLabelled ??= nearestCue(context.header, PHONE_HEADER_LABELS) !== undefined || labelledBefore());
  const wrapped = shape.lineBreaks > shape.markedBreaks && !context.inCell && !isBoxes(grouping);
  // An OCR line break is no cell's edge: under a column header the next line may be another cell's wrapped text.
  if (wrapped && (line.last - shape.first >= 9 || !(context.ocr ? labelledBefore() : labelled()))) return undefined;
  // Structure first, context (the costly part) only for what could be a phone.
  // Spreadsheets drop the leading zero of a number stored as a number: 9 or 8 digits that would
  // be a phone with it, filling the cell, may have been one; only a label can say.
  const lostZero = !intl && v[0] !== '0' && v[0] !== 'X';
  if (lostZero) {
    const wholeLine = shape.first === line.first && (shape.last === line.last || /^0+$/.test(cluster.chars.slice(shape.last, line.last)));
    if (!wholeLine || !/^\d+$/.test(v)) return undefined;
    v = '0' + v;
  }
  const kind = phoneKind(v);
  if (!kind) return undefined;
  // A number right after an ID, tax ID or laser-code label is that, whatever its digits.
  const named = nearestCue(context.before, NUMBER_LABELS);
  if (named && !PHONE_LABELS.includes(named)) return undefined;
  // Ten boxes out of a row of thirteen are an ID's digits (a typo in it may fail its check), not a phone.
  if (!intl && isBoxes(grouping) && boxRun(cluster, shape) === ID_LENGTH) return undefined;
  const mobile = kind === 'mobile';
  const hiddenPrefix = /^\d?X/.test(v);
  const usualGrouping = intl || (mobile ? MOBILE_GROUPING_KEYS : LANDLINE_GROUPING_KEYS).has(grouping) || isBoxes(grouping);
  if ((lostZero || hiddenPrefix || !usualGrouping) && !labelled()) return undefined;
  if (!isPersonalLine(context, mobile)) return undefined;
  return candidate(shape, lostZero ? 0.8 : labelled() ? 0.95 : 0.75, undefined, v);
}

/** Personal data is a person's line; an agency's office, a company's or a bank account is not. */
function isPersonalLine(context: NumberContext, mobile: boolean): boolean {
  const header = nearestCue(context.header, PHONE_OWNER_KINDS);
  if (header && !isPersonal(header) && header !== 'recipient') return false;
  // A landline followed by office cues ("… fax …", "in office hours", an extension) is the office's.
  const officeAfter = hasCue(context.after, 'office');
  if (!mobile && officeAfter) return false;
  const before = nearestCue(context.before, PHONE_OWNER_KINDS);
  if (isPersonal(before)) return true;
  // A document's party (the winner, the recipient) may be a person or a company: their mobile
  // is taken as personal, a landline is not.
  if (before === 'recipient') return mobile;
  if (before) return false;
  if (officeAfter || hasCue(context.row, 'juristic')) return false;
  // A column of phone numbers in a list of people holds their numbers.
  if (isPersonal(header) || nearestCue(context.header, PHONE_LABELS)) return true;
  // Mobiles mostly belong to people; landlines mostly to offices.
  return mobile;
}

/** Two letters that stand for "number" before one: not a laser code's letters. */
const NUMBER_ABBREVIATION = /^(?:NO|ID|NR|NB)$/;

function judgeLaserCode(shape: Shape, context: NumberContext): Candidate | undefined {
  const labelled = describingCue(context, ['laserLabel']) !== undefined;
  // A wide gap after the letters or between groups is padding under a label.
  const grouping = labelled ? shape.grouping.replaceAll(';', ',') : shape.grouping;
  // Across a line break not at a dash or dot only right after its label.
  if (!(LASER_GROUPING_KEYS.has(grouping) || isBoxes(grouping)) || (shape.lineBreaks > shape.markedBreaks && !labelled)) return undefined;
  // Letters apart from the digits ("NO 0812345678") are a laser code's only in the card's own
  // grouping or under a laser-code label; boxes only under the label. In OCR text the label is
  // not needed: the Thai page engine reads a Latin "Laser code" header as Thai letters, and two
  // capitals set before ten digits are then a code unless they are an abbreviation of "number",
  // however far apart the digits are read (a wide hand's digits come out one by one).
  const unlabelledCode = context.ocr && !NUMBER_ABBREVIATION.test(shape.normalized.slice(0, LASER_CODE.letters));
  const labelNeeded = (shape.detachedLetters && grouping !== '1,7,2') || isBoxes(grouping);
  if (labelNeeded && !labelled && !unlabelledCode) return undefined;
  return candidate(shape, labelled || grouping === '1,7,2' ? 0.95 : 0.7);
}

/** The most confident windows that do not overlap; a type written with letters (a laser code) claims its digits first. */
function chooseCandidates(candidates: Candidate[]): Candidate[] {
  const lettered = (c: Candidate): number => Number(IDENTIFIER_TYPES[c.type].letters > 0);
  const ranked = [...candidates].sort((a, b) => lettered(b) - lettered(a) || b.confidence - a.confidence || a.first - b.first || b.last - a.last);
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
    status: maskStatus(c.type, c.normalized),
    fingerprint: options.fingerprint(c.type, c.normalized),
    display,
    location,
    confidence: c.confidence,
  };
  if (c.checksumValid !== undefined) finding.checksumValid = c.checksumValid;
  const { candidates } = IDENTIFIER_TYPES[c.type];
  if (candidates) finding.candidates = candidates(c.normalized);
  const beside = besideOf(block.text.slice(Math.max(0, start - BESIDE_CHARS), end + BESIDE_CHARS), block.row, block.header);
  if (beside.length > 0) finding.beside = beside;
  return finding;
}

/** Not read, so as sure as a guess: the region only looks like an identifier. */
const UNREADABLE_CONFIDENCE = 0.5;

/**
 * A finding for each region OCR took for an identifier but could not read (TextBlock.unreadable)
 * and that no identifier `found` in its block overlaps. Nothing was read, so it is fingerprinted
 * by where it is, never by its characters, and shown without any of them.
 */
export function unreadableFindings(blocks: readonly TextBlock[], found: readonly SpannedFinding[], options: DetectOptions): Finding[] {
  const findings: Finding[] = [];
  for (const block of blocks) {
    if (!block.unreadable?.length) continue;
    const { text } = block;
    const lines = new LineCounter(text);
    for (const { start, end, type } of unreadRegions(
      block,
      found.filter((f) => f.block === block),
    )) {
      const display = unreadableForm(text.slice(start, end));
      const where = locate(block.location, lines, start);
      findings.push({
        type,
        status: 'unreadable',
        fingerprint: options.fingerprint(type, `unreadable:p${where.page ?? 0}:l${where.line ?? 0}:c${where.column ?? 0}`),
        display,
        location: { ...where, excerpt: excerpt(text, start, end, display) },
        confidence: UNREADABLE_CONFIDENCE,
      });
    }
  }
  return findings;
}

/**
 * The regions of a block OCR could not read that no identifier `found` in it overlaps, each grown
 * over the number it is part of (a region may stop short of it): what the scanner reports
 * unreadable and a masked copy covers, one and the same.
 */
export function unreadRegions(block: TextBlock, found: readonly TextRange[]): UnreadableSpan[] {
  return (block.unreadable ?? [])
    .filter((span) => !found.some((f) => f.start < span.end && span.start < f.end))
    .map((span) => {
      const [start, end] = numberExtent(block.text, span.start, span.end);
      return { start, end, type: span.type };
    });
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

// The shapes that cross module boundaries: extraction produces TextBlocks, detection turns them
// into Findings, scanning wraps them in a DocumentResult. None of them ever holds a full identifier.
import { IDENTIFIER_TYPES, IDENTIFIER_TYPE_NAMES, type IdentifierType } from './identifier-types.ts';

export type { IdentifierType };

/** X4 rule (IdentifierTypeSpec.maskedAt): `masked` hides 4 or more digits, `insufficient` 1–3, `unmasked` none. */
export type MaskStatus = 'unmasked' | 'insufficient' | 'masked';

/** `unreadable`: OCR saw what looks like an identifier but could not read it; a person must look. */
export type FindingStatus = MaskStatus | 'unreadable';

/** Where something sits in a document. Every field is optional: each format fills what it has. */
export interface BlockLocation {
  page?: number;
  line?: number;
  column?: number;
  sheet?: string;
  /** Spreadsheet-style cell reference (`E12`), also used for CSV, HTML and Word tables. */
  cell?: string;
  /** Part of a word-processing document: header, footer, footnotes, comments, text box. */
  part?: string;
  /** Why a reader does not see this content on screen (`html-comment`, `hidden-sheet`, …). */
  hidden?: string;
}

export interface FindingLocation extends BlockLocation {
  /** The surrounding text with the identifier shown as `display` and other long numbers masked. */
  excerpt: string;
}

/** A run of text the detector reads, with what the format knows about its surroundings. */
export interface TextBlock {
  text: string;
  location: BlockLocation;
  /** Column header of a table cell: the strongest hint of what the cell holds. */
  header?: string;
  /** The other cells of the same table row, for cues such as a company or a person's name. */
  row?: string;
  /** Text read by OCR: a failed check digit is then far more often a misread than a typo. */
  ocr?: boolean;
  /** Regions OCR took for an identifier (by its label, header or digit-like glyphs) but could not read. */
  unreadable?: UnreadableSpan[];
  /** Numbers OCR read alike from every cut with every character sure: a failed check digit there is a typo in the document. */
  sureReadings?: TextRange[];
  /** Column headers of numbers in the text, where the block has no cells to carry them (a page read by OCR). */
  columnHeaders?: ColumnHeader[];
}

/** [start, end) in a text. */
export interface TextRange {
  start: number;
  end: number;
}

/** A number in its block's text, and the text heading its column. */
export interface ColumnHeader extends TextRange {
  header: string;
}

/** A region of its block's text, and the identifier the region seems to hold. */
export interface UnreadableSpan extends TextRange {
  type: IdentifierType;
}

export interface Finding {
  type: IdentifierType;
  status: FindingStatus;
  /**
   * hex HMAC-SHA256(key, "<type>:<normalized>"), see shared/fingerprint.ts; for an unreadable region
   * `normalized` is where it is (`unreadable:p<page>:l<line>:c<column>`), never what it holds.
   */
  fingerprint: string;
  /** A masked form that shows at most 4 digits (none for an unreadable region). */
  display: string;
  location: FindingLocation;
  /** 0..1: how sure the engine is that this is the identifier it says. */
  confidence: number;
  /** National IDs with every digit visible: whether the check digit holds. */
  checksumValid?: boolean;
  /**
   * Types with a check digit (national IDs): how many full numbers agree with the visible digits
   * and pass it (IdentifierTypeSpec.candidates). 1 with digits masked: the mask hides nothing.
   */
  candidates?: number;
  /** A person's name or address stands beside it (its line or table row): shared/detect/beside.ts. */
  beside?: Array<'name' | 'address'>;
}

export const LEAK_STATUSES: readonly FindingStatus[] = ['unmasked', 'insufficient'];

export type StatusCounts = Record<IdentifierType, Record<FindingStatus, number>>;

/** Occurrences of each type and status. */
export function countByTypeAndStatus(findings: Iterable<Pick<Finding, 'type' | 'status'>>): StatusCounts {
  const zeros = (): Record<FindingStatus, number> => ({ unmasked: 0, insufficient: 0, masked: 0, unreadable: 0 });
  const counts = Object.fromEntries(IDENTIFIER_TYPE_NAMES.map((type) => [type, zeros()])) as StatusCounts;
  for (const f of findings) counts[f.type][f.status]++;
  return counts;
}

/** Occurrences of one status, all types together. */
export const countOfStatus = (counts: StatusCounts, status: FindingStatus): number => IDENTIFIER_TYPE_NAMES.reduce((sum, type) => sum + counts[type][status], 0);

export const isLeak = (finding: Pick<Finding, 'status'>): boolean => LEAK_STATUSES.includes(finding.status);

/** An insufficiently masked identifier whose check digit gives its hidden digits back (a national ID): a full one in effect. */
export const isRecoverable = (finding: Pick<Finding, 'type' | 'status' | 'candidates'>): boolean =>
  IDENTIFIER_TYPES[finding.type].candidates !== undefined && finding.status === 'insufficient' && finding.candidates === 1;

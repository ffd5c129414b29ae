// What a generated document is made of, before a writer turns it into bytes, and its labels
// (the conventions of ../shared/corpus/README.md, plus form tags for the benchmark).
import type { IdentifierType, MaskStatus } from '../../shared/types.ts';
import type { Rng } from './random.ts';

export const FORMATS = ['txt', 'csv', 'html', 'docx', 'xlsx', 'pdf'] as const;
export type Format = (typeof FORMATS)[number];
/** Scanned pages: images, and PDFs of images without a text layer (./scan.ts). */
export const SCAN_FORMATS = ['png', 'jpeg', 'pdf-image'] as const;
export type ScanFormat = (typeof SCAN_FORMATS)[number];
export type GeneratedFormat = Format | ScanFormat;

export interface LabeledFinding {
  type: IdentifierType;
  /** ASCII digits, X per masked position, laser letters uppercase, phones in national form. */
  value: string;
  status: MaskStatus;
  checksum_valid?: boolean;
  /** How it was written: grouping, separators, digits, masks, label, layout, hiding, … */
  tags: string[];
  /** The generated line around it (synthetic), for debugging misses. */
  context: string;
}

/** A finding's label is one per type, status and value: the same identifier written twice is one label. */
export const findingKey = (f: Pick<LabeledFinding, 'type' | 'status' | 'value'>): string => `${f.type}|${f.status}|${f.value}`;

export interface LabeledDecoy {
  kind: string;
  /** The digits of the number as written (ASCII). */
  value: string;
  tags: string[];
  context: string;
}

export interface Labels {
  findings: LabeledFinding[];
  decoys: LabeledDecoy[];
}

/** A table cell: its text, and how a spreadsheet stores it when that is a number. */
export interface Cell {
  text: string;
  number?: number;
}

/** How a reader is kept from seeing a block (the block is still in the file). */
export type Hiding = 'html-comment' | 'html-display-none' | 'html-data-attribute' | 'docx-vanish' | 'docx-comment' | 'xlsx-hidden-sheet' | 'xlsx-hidden-row' | 'xlsx-comment';

/** Table layouts of the text formats (the others have native tables). */
export type TableStyle = 'native' | 'pipes' | 'tabs' | 'fixed' | 'columns';

export type Block =
  | { kind: 'heading'; text: string }
  | { kind: 'para'; text: string; hidden?: Hiding }
  | { kind: 'list'; items: string[] }
  | { kind: 'table'; header: string[]; rows: Cell[][]; style: TableStyle; hiddenRows?: number[]; hidden?: Hiding }
  | { kind: 'boxes'; label: string; cells: string[] };

export interface GeneratedDocument {
  name: string;
  format: GeneratedFormat;
  bytes: Uint8Array;
  labels: Labels;
}

/** Marks a number a PDF writer draws one character per text item, letter-spaced. */
export const SPACED_START = '\uE000';
export const SPACED_END = '\uE001';

/** Generated text: an identifier or a decoy with its label, or plain text. */
export interface Piece {
  text: string;
  finding?: Omit<LabeledFinding, 'context'>;
  decoy?: Omit<LabeledDecoy, 'context'>;
  /** How a spreadsheet stores it, when that is a number. */
  number?: number;
}
export type Part = string | Piece;
export const textOf = (p: Part): string => (typeof p === 'string' ? p : p.text);

/** Everything a document kind needs while it draws: chance, the format's limits, the labels. */
export class Ctx {
  /** Labelled pieces in the order they were written, with their line and the tags in scope. */
  private readonly committed: Array<{ piece: Piece; context: string; scope: string[] }> = [];
  private scope: string[] = [];

  constructor(
    readonly rng: Rng,
    readonly format: GeneratedFormat,
    /** Whether the format (its encoding, its font) can carry a character. */
    readonly canWrite: (ch: string) => boolean,
    /** Hiding mechanisms the format has. */
    readonly hidings: readonly Hiding[],
  ) {}

  /** Tags added to everything labelled while `draw` runs (a layout, a hiding). */
  within<T>(tags: string[], draw: () => T): T {
    const saved = this.scope;
    this.scope = [...saved, ...tags];
    try {
      return draw();
    } finally {
      this.scope = saved;
    }
  }

  /** Joins a line's parts, labelling the identifiers and decoys in it with the line as context. */
  line(parts: readonly Part[]): string {
    const text = parts.map(textOf).join('');
    this.commit(parts, text);
    return text;
  }

  /** A table row: one part per cell, each labelled with the whole row as context. */
  row(cells: readonly Part[]): Cell[] {
    this.commit(cells, cells.map(textOf).join(' | '));
    return cells.map((c) => (typeof c === 'string' ? { text: c } : c.number === undefined ? { text: c.text } : { text: c.text, number: c.number }));
  }

  private commit(parts: readonly Part[], context: string): void {
    for (const p of parts) if (typeof p !== 'string' && (p.finding || p.decoy)) this.committed.push({ piece: p, context, scope: this.scope });
  }

  /** The labelled pieces, in the order they were written. */
  pieces(): Piece[] {
    return this.committed.map((c) => c.piece);
  }

  /**
   * The labels; with `shown`, only of the pieces in it (those a page shows), each with its own
   * extra tags (how the page drew it).
   */
  labels(shown?: ReadonlyMap<Piece, readonly string[]>): Labels {
    const findings = new Map<string, LabeledFinding>();
    const decoys: LabeledDecoy[] = [];
    for (const { piece, context, scope } of this.committed) {
      const extra = shown ? shown.get(piece) : [];
      if (!extra) continue;
      if (piece.finding) {
        const f = piece.finding;
        const key = findingKey(f);
        const tags = [...f.tags, ...scope, ...extra];
        const known = findings.get(key);
        if (known) {
          for (const t of tags) if (!known.tags.includes(t)) known.tags.push(t);
          if (f.checksum_valid === false) known.checksum_valid = false;
        } else findings.set(key, { ...f, tags, context });
      }
      if (piece.decoy) decoys.push({ ...piece.decoy, tags: [...piece.decoy.tags, ...scope, ...extra], context });
    }
    return { findings: [...findings.values()], decoys };
  }

  /** Only the characters of `options` the format can carry (at least the first). */
  writable(options: readonly string[]): string[] {
    const ok = options.filter((o) => [...o].every((ch) => this.canWrite(ch)));
    return ok.length ? ok : [options[0]!];
  }
}

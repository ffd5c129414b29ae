// Scores leakscan's own scanDocument on generated documents against their labels, the way
// ../shared/tools/eval-corpus.mjs scores a report: per document, sets of type|status|fingerprint;
// a leak is unmasked or insufficient; a wrong masked finding does not count against leaks.
import { fingerprinter } from '../../shared/fingerprint.ts';
import { scanDocument } from '../../shared/scan.ts';
import type { Finding, IdentifierType } from '../../shared/types.ts';
import type { GeneratedDocument, LabeledDecoy, LabeledFinding } from './model.ts';

export const SCORE_KEY = 'generated-documents-key';
const fingerprint = fingerprinter(SCORE_KEY);
const TYPES: IdentifierType[] = ['national_id', 'phone', 'laser_code'];

const isLeakStatus = (status: string) => status === 'unmasked' || status === 'insufficient';
const keyOf = (type: IdentifierType, status: string, value: string) => `${type}|${status}|${fingerprint(type, value)}`;

export interface Miss {
  document: string;
  /** missed: a labelled leak not reported; false-alarm: a leak reported that no label holds. */
  kind: 'missed' | 'false-alarm';
  type: IdentifierType;
  status: string;
  tags: string[];
  /** The generated text around it (synthetic). */
  context: string;
  /** The detector's own excerpt, identifier masked (false alarms). */
  excerpt?: string;
}

export interface DocumentScore {
  document: string;
  format: string;
  error?: string;
  tp: number;
  fp: number;
  fn: number;
  /** Per form tag: labelled leaks found and missed; false alarms by the decoy's tags. */
  byTag: Map<string, { tp: number; fn: number; fp: number }>;
  misses: Miss[];
}

/** Which decoy a false alarm came from: any window of its digits, as an ID, phone or lost-zero phone. */
function decoyOf(decoys: readonly LabeledDecoy[], type: IdentifierType, fp: string): LabeledDecoy | undefined {
  for (const d of decoys) {
    const v = d.value;
    for (const len of type === 'phone' ? [8, 9, 10] : type === 'national_id' ? [13] : [10]) {
      for (let i = 0; i + len <= v.length; i++) {
        const w = v.slice(i, i + len);
        if (fingerprint(type, w) === fp || (type === 'phone' && fingerprint(type, '0' + w) === fp)) return d;
      }
    }
  }
  return undefined;
}

/** Scans one generated document in-process (no OCR) and compares with its labels. */
export async function scoreDocument(doc: GeneratedDocument): Promise<DocumentScore> {
  const result = await scanDocument(doc.name, doc.bytes, { fingerprint, extraction: {} });
  return compare(doc, result.findings, result.status === 'error' ? `${result.error!.code}: ${result.error!.message}` : undefined);
}

export function compare(doc: GeneratedDocument, findings: readonly Finding[], error?: string): DocumentScore {
  const score: DocumentScore = { document: doc.name, format: doc.format, tp: 0, fp: 0, fn: 0, byTag: new Map(), misses: [], ...(error ? { error } : {}) };
  const bump = (tags: readonly string[], k: 'tp' | 'fn' | 'fp') => {
    for (const t of new Set(tags)) {
      const s = score.byTag.get(t) ?? { tp: 0, fn: 0, fp: 0 };
      s[k]++;
      score.byTag.set(t, s);
    }
  };
  const gold = new Map<string, LabeledFinding>();
  for (const f of doc.labels.findings) gold.set(keyOf(f.type, f.status, f.value), f);
  const found = new Map<string, Finding>();
  for (const f of findings) if (TYPES.includes(f.type)) found.set(`${f.type}|${f.status}|${f.fingerprint}`, f);

  for (const [k, f] of gold) {
    if (!isLeakStatus(f.status)) continue;
    const hit = found.has(k);
    score[hit ? 'tp' : 'fn']++;
    bump(['all', ...f.tags], hit ? 'tp' : 'fn');
    if (!hit) score.misses.push({ document: doc.name, kind: 'missed', type: f.type, status: f.status, tags: f.tags, context: f.context });
  }
  for (const [k, f] of found) {
    if (gold.has(k) || !isLeakStatus(f.status)) continue;
    score.fp++;
    // Explain it: a labelled identifier read with another status or value, or a decoy.
    const same = [...gold.values()].find((g) => sharesVisibleDigits(g.value, f.location.excerpt));
    const decoy = decoyOf(doc.labels.decoys, f.type, f.fingerprint);
    const tags = decoy ? decoy.tags : same ? [`misread-labelled:${same.type}-as-${f.type}`, ...same.tags] : ['unexplained', `format:${doc.format}`];
    bump(['all', ...tags], 'fp');
    score.misses.push({ document: doc.name, kind: 'false-alarm', type: f.type, status: f.status, tags, context: decoy?.context ?? same?.context ?? '', excerpt: f.location.excerpt });
  }
  return score;
}

/** Whether the last visible digits of a labelled value appear in a finding's excerpt. */
function sharesVisibleDigits(value: string, excerpt: string): boolean {
  const tail = value.replace(/\D/g, '').slice(-4);
  return tail.length === 4 && excerpt.replace(/\D/g, '').includes(tail);
}

export interface Tally {
  tp: number;
  fp: number;
  fn: number;
}

export const recall = (s: Tally) => (s.tp + s.fn ? s.tp / (s.tp + s.fn) : NaN);
export const precision = (s: Tally) => (s.tp + s.fp ? s.tp / (s.tp + s.fp) : NaN);

/** Makes invisible and unusual characters visible in a debugging excerpt. */
export const visible = (s: string) =>
  s
    .replace(/[\u200B-\u200D\u2060\uFEFF\u00AD]/g, (c) => `⟨ZW${c.charCodeAt(0).toString(16)}⟩`)
    .replace(/[\uE000\uE001]/g, '⟨spaced⟩')
    .replace(/\n/g, '⏎')
    .replace(/\t/g, '⇥');

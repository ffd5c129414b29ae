// What to hide: every unmasked or insufficiently masked identifier that detection finds in the
// blocks, X4-masked, as offsets into the sources the blocks came from.
import { CHAR_CLASS, SEPARATOR, numberExtent, positionChar } from '../detect/characters.ts';
import { detectSpans } from '../detect/detect.ts';
import type { Fingerprinter } from '../fingerprint.ts';
import { displayForm } from '../masking.ts';
import { type BlockLocation, type IdentifierType, isLeak } from '../types.ts';
import { MADE, type SourcedBlock } from './sourced.ts';
import { type KeepSide, maskX4 } from './x4.ts';

export interface MaskOptions {
  keep: KeepSide;
  fingerprint: Fingerprinter;
}

export interface MaskChange {
  type: IdentifierType;
  location: BlockLocation;
  /** The masked identifier in display form: at most its last 4 positions shown. */
  display: string;
  block: SourcedBlock;
}

export interface MaskPlan {
  /** Per source, the offsets of the digits to replace by X. */
  hide: Map<string, Set<number>>;
  changes: MaskChange[];
  /** Leaks whose digits the reader made (an entity such as &#49;): reported, not masked. */
  unmappable: MaskChange[];
  /** Regions of scans OCR could not read (and no identifier was found in), covered whole. */
  coveredUnread: number;
}

export function planMasks(blocks: readonly SourcedBlock[], options: MaskOptions): MaskPlan {
  const plan: MaskPlan = { hide: new Map(), changes: [], unmappable: [], coveredUnread: 0 };
  const hideIn = (block: SourcedBlock, offsets: readonly number[]): void => {
    let hide = plan.hide.get(block.source);
    if (!hide) plan.hide.set(block.source, (hide = new Set()));
    for (const o of offsets) hide.add(o);
  };
  const found = new Map<SourcedBlock, Array<[number, number]>>();
  for (const { finding, block, start, end } of detectSpans(blocks, options)) {
    found.set(block, [...(found.get(block) ?? []), [start, end]]);
    if (!isLeak(finding)) continue;
    // On a scan every glyph of the number is covered: OCR may have misread which glyph is which,
    // and a glyph it read as something else still shows the digit.
    const [from, to] = block.ocr ? numberExtent(block.text, start, end) : [start, end];
    const original = block.text.slice(from, to);
    const masked = block.ocr ? coveredWhole(original) : maskX4(original, options.keep);
    const offsets: number[] = [];
    for (let i = 0; i < original.length; i++) if (masked[i] !== original[i]) offsets.push(block.origins[from + i]!);
    const { excerpt: _excerpt, ...location } = finding.location;
    const change: MaskChange = { type: finding.type, location, display: maskedDisplay(finding.type, block.ocr ? coveredWhole(block.text.slice(start, end)) : masked), block };
    if (offsets.includes(MADE)) {
      plan.unmappable.push(change);
      continue;
    }
    hideIn(block, offsets);
    plan.changes.push(change);
  }
  // What OCR could not read is covered whole, whatever it holds: the scanner reports it unreadable.
  for (const block of blocks) {
    for (const span of block.unreadable ?? []) {
      if ((found.get(block) ?? []).some(([s, e]) => s < span.end && span.start < e)) continue;
      // The region as the scanner reports it (unreadableFindings): grown over its number.
      const [start, end] = numberExtent(block.text, span.start, span.end);
      const covered = coveredWhole(block.text.slice(start, end));
      const offsets: number[] = [];
      for (let i = start; i < end; i++) if (covered[i - start] !== block.text[i]) offsets.push(block.origins[i]!);
      hideIn(block, offsets.filter((o) => o !== MADE));
      plan.coveredUnread++;
    }
  }
  return plan;
}

/** Every glyph of a number read by OCR as X, but separators and spaces: what a covered region shows. */
const coveredWhole = (text: string): string => text.replace(/\S/gu, (ch) => (CHAR_CLASS[ch.charCodeAt(0)] === SEPARATOR ? ch : 'X'));

function maskedDisplay(type: IdentifierType, masked: string): string {
  const positions = [...masked].map(positionChar).join('');
  // The letters of a laser code are outside its span; display forms hide them anyway.
  return displayForm(type, type === 'laser_code' ? 'XX' + positions : positions);
}

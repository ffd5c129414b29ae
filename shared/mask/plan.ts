// What to hide: every unmasked or insufficiently masked identifier that detection finds in the
// blocks, X4-masked, as offsets into the sources the blocks came from.
import { CHAR_CLASS, SEPARATOR, numberExtent, positionChar } from '../detect/characters.ts';
import { detectSpans, unreadRegions } from '../detect/detect.ts';
import type { Fingerprinter } from '../fingerprint.ts';
import { IDENTIFIER_TYPES } from '../identifier-types.ts';
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
  const spans = detectSpans(blocks, options);
  for (const { finding, block, start, end } of spans) {
    if (!isLeak(finding)) continue;
    // On a scan every glyph of the number is covered: OCR may have misread which glyph is which,
    // and a glyph it read as something else still shows the digit.
    const [from, to] = block.ocr ? numberExtent(block.text, start, end) : [start, end];
    const original = block.text.slice(from, to);
    const masked = block.ocr ? coveredWhole(original) : maskX4(finding.type, original, options.keep);
    const offsets = changedOffsets(block, from, masked);
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
    for (const { start, end } of unreadRegions(
      block,
      spans.filter((s) => s.block === block),
    )) {
      hideIn(
        block,
        changedOffsets(block, start, coveredWhole(block.text.slice(start, end))).filter((o) => o !== MADE),
      );
      plan.coveredUnread++;
    }
  }
  return plan;
}

/** Where in its source each character of `replacement` differs from the block's text at `from`. */
function changedOffsets(block: SourcedBlock, from: number, replacement: string): number[] {
  const offsets: number[] = [];
  for (let i = 0; i < replacement.length; i++) if (replacement[i] !== block.text[from + i]) offsets.push(block.origins[from + i]!);
  return offsets;
}

/** Every glyph of a number read by OCR as X, but separators and spaces: what a covered region shows. */
const coveredWhole = (text: string): string => text.replace(/\S/gu, (ch) => (CHAR_CLASS[ch.charCodeAt(0)] === SEPARATOR ? ch : 'X'));

function maskedDisplay(type: IdentifierType, masked: string): string {
  const positions = [...masked].map(positionChar).join('');
  // The letters of a laser code are outside its span; display forms hide them anyway.
  return displayForm(type, 'X'.repeat(IDENTIFIER_TYPES[type].letters) + positions);
}

// What to hide: every unmasked or insufficiently masked identifier that detection finds in the
// blocks, X4-masked, as offsets into the sources the blocks came from.
import { positionChar } from '../detect/characters.ts';
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
}

export function planMasks(blocks: readonly SourcedBlock[], options: MaskOptions): MaskPlan {
  const plan: MaskPlan = { hide: new Map(), changes: [], unmappable: [] };
  for (const { finding, block, start, end } of detectSpans(blocks, options)) {
    if (!isLeak(finding)) continue;
    const original = block.text.slice(start, end);
    const masked = maskX4(original, options.keep);
    const offsets: number[] = [];
    for (let i = 0; i < original.length; i++) if (masked[i] !== original[i]) offsets.push(block.origins[start + i]!);
    const { excerpt: _excerpt, ...location } = finding.location;
    const change: MaskChange = { type: finding.type, location, display: maskedDisplay(finding.type, masked), block };
    if (offsets.includes(MADE)) {
      plan.unmappable.push(change);
      continue;
    }
    let hide = plan.hide.get(block.source);
    if (!hide) plan.hide.set(block.source, (hide = new Set()));
    for (const o of offsets) hide.add(o);
    plan.changes.push(change);
  }
  return plan;
}

function maskedDisplay(type: IdentifierType, masked: string): string {
  const positions = [...masked].map(positionChar).join('');
  // The letters of a laser code are outside its span; display forms hide them anyway.
  return displayForm(type, type === 'laser_code' ? 'XX' + positions : positions);
}

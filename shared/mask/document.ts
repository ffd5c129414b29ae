// A document opened for masking: the blocks detection reads (with their origins) and how to
// write the document back with the planned digits hidden.
import type { MaskPlan } from './plan.ts';
import type { SourcedBlock } from './sourced.ts';

export interface MaskableDocument {
  blocks: SourcedBlock[];
  write(plan: MaskPlan): Uint8Array;
}

// A document opened for masking: the blocks detection reads (with their origins) and how to
// write the document back with the planned digits hidden.
import type { ExtractionLimits } from '../extract/index.ts';
import type { OcrEngine } from '../ocr/engine.ts';
import type { MaskPlan } from './plan.ts';
import type { SourcedBlock } from './sourced.ts';

export interface MaskableDocument {
  blocks: SourcedBlock[];
  write(plan: MaskPlan): Uint8Array | Promise<Uint8Array>;
}

/** What readers of scanned pages need: an OCR engine that gives positions, and the scanner's limits. */
export interface MaskingContext {
  ocr: OcrEngine | undefined;
  limits: ExtractionLimits;
}

export type MaskableReader = (bytes: Uint8Array, context: MaskingContext) => MaskableDocument | Promise<MaskableDocument>;

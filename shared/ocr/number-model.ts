// leakscan's number model: a small convolutional network read with CTC that reads a cut-out
// number span (digits Thai and Arabic, mask characters, separators, the capitals of laser codes).
// Trained by tools/digit-model on generated lines only; run by onnxruntime.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { distance } from 'fastest-levenshtein';
import { InferenceSession, Tensor } from 'onnxruntime-node';
import { positionsIn } from '../detect/characters.ts';
import { ID_LENGTH } from '../detect/detect.ts';
import type { Box } from './layout.ts';
import type { GrayImage } from './page.ts';

/** The height, in pixels, spans are scaled to before the model reads them. */
export const MODEL_HEIGHT = 32;

/** The margin a span is cut out with, in heights of its ink: enough for the glyphs' faint edges, little of the neighbours. */
export const SPAN_MARGIN = { x: 0.3, y: 0.2 };

/** The least margin, in pixels: the ink box leaves out the faint edges of small, blurred glyphs. */
const MIN_MARGIN_PIXELS = 4;

/** The margin, in pixels, a span with this ink box is cut out with (`margin`: in heights of its ink). */
export function spanMargin(ink: Box, margin = SPAN_MARGIN): { x: number; y: number } {
  const height = ink.y1 - ink.y0;
  return { x: Math.max(MIN_MARGIN_PIXELS, Math.round(height * margin.x)), y: Math.max(MIN_MARGIN_PIXELS, Math.round(height * margin.y)) };
}

/** A reading of a number span, and how sure the model is of its least certain character (0..100). */
export interface Reading {
  text: string;
  confidence: number;
  /** Every cut of the span read it alike, each character sure (readNumber): its digits are the document's. */
  sure?: boolean;
  /** Other readings the model found nearly as likely (ALTERNATIVE_ODDS), likeliest first: what a failed check digit chooses among. */
  alternatives?: string[];
}

/** The model's description beside it (written by tools/digit-model/train_crnn.py). */
interface ModelCard {
  height: number;
  /** Class k + 1 is alphabet[k]; class 0 is CTC's blank. */
  alphabet: string[];
}

const NUMBER_MODEL = 'leakscan_num';

/** Where the number model is: $LEAKSCAN_NUMBER_MODEL_DIR in a bundle, else beside this file. */
const modelDirectory = (): string => process.env.LEAKSCAN_NUMBER_MODEL_DIR ?? fileURLToPath(new URL('./models/', import.meta.url));

export class NumberModel {
  private constructor(
    private readonly session: InferenceSession,
    private readonly card: ModelCard,
  ) {}

  static async load(directory = modelDirectory()): Promise<NumberModel> {
    const card = JSON.parse(readFileSync(join(directory, `${NUMBER_MODEL}.json`), 'utf8')) as ModelCard;
    if (card.height !== MODEL_HEIGHT) throw new Error(`the number model reads lines ${card.height} px high; spans are cut ${MODEL_HEIGHT} px high`);
    // One thread: a scan worker reads one document, and the pool runs a worker per core.
    const session = await InferenceSession.create(join(directory, `${NUMBER_MODEL}.onnx`), { intraOpNumThreads: 1, interOpNumThreads: 1 });
    return new NumberModel(session, card);
  }

  /** The model's reading of a span scaled to MODEL_HEIGHT (spanGray). */
  async read(span: GrayImage): Promise<Reading> {
    const pixels = Float32Array.from(span.gray);
    const { probabilities } = await this.session.run({ pixels: new Tensor('float32', pixels, [1, 1, span.height, span.width]) });
    const [, columns, classes] = probabilities!.dims as [number, number, number];
    const data = probabilities!.data as Float32Array;
    const reading = ctcReading(data, columns, classes, this.card.alphabet);
    // Alternatives serve an ID's check digit: none for what is one hesitation short of an ID's digits.
    if (positionsIn(reading.text) < ID_LENGTH - 1) return reading;
    const alternatives = ctcBeams(data, columns, classes, this.card.alphabet)
      .filter((beam, _, [best]) => beam.text !== reading.text && beam.likelihood >= best!.likelihood * ALTERNATIVE_ODDS && isNearlyMade(beam.text, reading.text))
      .map((beam) => beam.text);
    return alternatives.length > 0 ? { ...reading, alternatives } : reading;
  }

  async close(): Promise<void> {
    await this.session.release();
  }
}

/**
 * Greedy CTC decoding: each column's likeliest class, repeats merged, blanks dropped. A
 * character is as sure as its surest column; the reading as its least sure character.
 */
export function ctcReading(probabilities: Float32Array, columns: number, classes: number, alphabet: readonly string[]): Reading {
  let text = '';
  let confidence = 1;
  let previous = 0;
  let sure = 0;
  const close = () => {
    if (previous !== 0) confidence = Math.min(confidence, sure);
  };
  for (let c = 0; c < columns; c++) {
    let best = 0;
    for (let k = 1; k < classes; k++) if (probabilities[c * classes + k]! > probabilities[c * classes + best]!) best = k;
    const p = probabilities[c * classes + best]!;
    if (best === previous) {
      sure = Math.max(sure, p);
      continue;
    }
    close();
    previous = best;
    sure = p;
    if (best !== 0) text += alphabet[best - 1];
  }
  close();
  return { text, confidence: text === '' ? 0 : Math.round(confidence * 100) };
}

/** How much less likely than the likeliest a reading may be and still be an alternative. */
const ALTERNATIVE_ODDS = 0.05;

/** A reading's digits, masks and letters in order: its separators and spaces aside. */
export const readPositions = (text: string): string => text.replace(/[\s\-.,:/()+]/g, '');

/**
 * One hesitation away from the reading: a digit, mask or letter changed, added or dropped, any
 * separators. On held-out rendered lines, alternatives two away that made an ID's check digit hold
 * were mostly another wrong number (tools/digit-model/evaluate.ts measures the choice).
 */
const isNearlyMade = (alternative: string, reading: string): boolean => distance(readPositions(alternative), readPositions(reading)) <= 1;

/** Readings the prefix beam search keeps at each column. */
const BEAM_WIDTH = 8;
/** A class this unlikely in a column extends no reading there. */
const MIN_CLASS_PROBABILITY = 1e-3;

interface Beam {
  text: string;
  /** The class of its last character (0: none). */
  last: number;
  /** Probability of the columns so far ending in a blank, and in its last character. */
  blank: number;
  character: number;
}

/**
 * The likeliest readings by CTC prefix beam search (Hannun et al., 2014), each with its
 * likelihood relative to the likeliest: where greedy decoding keeps one class a column, this sums
 * every alignment of a reading, so a digit the model hesitated over has its second choice too.
 */
export function ctcBeams(probabilities: Float32Array, columns: number, classes: number, alphabet: readonly string[], width = BEAM_WIDTH): Array<{ text: string; likelihood: number }> {
  let beams: Beam[] = [{ text: '', last: 0, blank: 1, character: 0 }];
  for (let c = 0; c < columns; c++) {
    const p = (k: number): number => probabilities[c * classes + k]!;
    const next = new Map<string, Beam>();
    const at = (text: string, last: number): Beam => {
      let beam = next.get(text);
      if (!beam) next.set(text, (beam = { text, last, blank: 0, character: 0 }));
      return beam;
    };
    for (const beam of beams) {
      const total = beam.blank + beam.character;
      at(beam.text, beam.last).blank += total * p(0);
      // The same character again without a blank between is the same character, held.
      if (beam.last !== 0) at(beam.text, beam.last).character += beam.character * p(beam.last);
      for (let k = 1; k < classes; k++) {
        if (p(k) < MIN_CLASS_PROBABILITY) continue;
        at(beam.text + alphabet[k - 1], k).character += (k === beam.last ? beam.blank : total) * p(k);
      }
    }
    beams = [...next.values()].sort((a, b) => b.blank + b.character - (a.blank + a.character)).slice(0, width);
    // Scaled each column so that long spans do not underflow: only ratios are kept.
    const top = beams[0]!.blank + beams[0]!.character;
    for (const beam of beams) [beam.blank, beam.character] = [beam.blank / top, beam.character / top];
  }
  return beams.map((beam) => ({ text: beam.text, likelihood: beam.blank + beam.character }));
}

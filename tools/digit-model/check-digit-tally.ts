// What the check digit's choice among the number model's alternatives (byCheckDigit) does to the
// IDs of held-out lines: counted by evaluate.ts and by the shipped model's tests.
import { byCheckDigit, numberText, validIds } from '../../shared/ocr/layout.ts';
import type { Reading } from '../../shared/ocr/number-model.ts';

/** IDs whose check digit holds: the lines' own, those read right as read and as chosen, and those read that no line holds. */
export class CheckDigitTally {
  truth = 0;
  read = 0;
  chosen = 0;
  wrongRead = 0;
  wrongChosen = 0;

  /** One line: what it shows (`text`) and the model's reading of it. */
  add(text: string, reading: Reading): void {
    const truth = validIds(text);
    const read = validIds(numberText(reading.text));
    const chosen = validIds(byCheckDigit([numberText(reading.text)], (reading.alternatives ?? []).map(numberText)));
    this.truth += truth.length;
    this.read += read.filter((id) => truth.includes(id)).length;
    this.chosen += chosen.filter((id) => truth.includes(id)).length;
    this.wrongRead += read.filter((id) => !truth.includes(id)).length;
    this.wrongChosen += chosen.filter((id) => !truth.includes(id)).length;
  }
}

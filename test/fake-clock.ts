// A clock for tests: it stands still until a test moves it, and a sleep moves it on at once by
// the time slept (noted in `slept`), so that nothing waits for the wall clock.
import type { Clock } from '../shared/clock.ts';

export class FakeClock implements Clock {
  /** Every sleep asked for, in ms, in order. */
  readonly slept: number[] = [];

  constructor(private time = Date.parse('2026-11-25T03:00:00Z')) {}

  now = (): Date => new Date(this.time);

  sleep = async (ms: number): Promise<void> => {
    this.slept.push(ms);
    this.time += ms;
  };

  advance(ms: number): void {
    this.time += ms;
  }
}

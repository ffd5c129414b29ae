// Trying again what may succeed on a later try: a batch request that left items unprocessed, a
// conditional write that another writer got to first. One loop for all of them: so many attempts,
// and a wait before each retry.
import { type Clock, systemClock } from './clock.ts';

/** What an attempt returns when it should be made again. */
export const TRY_AGAIN: unique symbol = Symbol('try again');

export interface RetryPolicy {
  /** Attempts in all, the first one included. */
  attempts: number;
  /** The wait before the nth retry (1 for the second attempt); none when absent. */
  backoffMs?: (retry: number) => number;
  /** The error thrown when the last attempt, too, asked for another. */
  exhausted: () => Error;
  sleep?: Clock['sleep'];
}

/** Waits doubling from `firstMs`, never longer than `maxMs`. */
export const doublingBackoff =
  (firstMs: number, maxMs: number) =>
  (retry: number): number =>
    Math.min(maxMs, firstMs * 2 ** (retry - 1));

/** The first result of `attempt` that is not TRY_AGAIN; `exhausted()` thrown when every attempt asked for another. */
export async function retrying<T>(attempt: () => Promise<T | typeof TRY_AGAIN>, policy: RetryPolicy): Promise<T> {
  const sleep = policy.sleep ?? systemClock.sleep;
  for (let n = 1; n <= policy.attempts; n++) {
    if (n > 1 && policy.backoffMs) await sleep(policy.backoffMs(n - 1));
    const result = await attempt();
    if (result !== TRY_AGAIN) return result;
  }
  throw policy.exhausted();
}

import { describe, expect, it } from 'vitest';
import { TRY_AGAIN, doublingBackoff, retrying } from '../shared/retry.ts';
import { FakeClock } from './fake-clock.ts';

describe('retrying', () => {
  it('makes the attempt again after each wait until it gives a result, and returns that result', async () => {
    const clock = new FakeClock();
    let left = 3;
    const result = await retrying(async () => (left-- > 0 ? TRY_AGAIN : 'done'), { attempts: 9, backoffMs: doublingBackoff(100, 2000), exhausted: () => new Error('no'), sleep: clock.sleep });
    expect(result).toBe('done');
    // No wait before the first attempt; doubling before each retry.
    expect(clock.slept).toEqual([100, 200, 400]);
  });

  it('waits no longer than the cap, and throws what `exhausted` makes after the last attempt, without waiting after it', async () => {
    const clock = new FakeClock();
    let attempts = 0;
    const retried = retrying(
      async () => {
        attempts++;
        return TRY_AGAIN;
      },
      { attempts: 9, backoffMs: doublingBackoff(100, 2000), exhausted: () => new Error(`gave up after ${attempts}`), sleep: clock.sleep },
    );
    await expect(retried).rejects.toThrow('gave up after 9');
    expect(clock.slept).toEqual([100, 200, 400, 800, 1600, 2000, 2000, 2000]);
  });

  it('retries at once without a backoff, and passes an attempt’s own error through', async () => {
    const clock = new FakeClock();
    let attempts = 0;
    const result = await retrying(async () => (++attempts < 5 ? TRY_AGAIN : attempts), { attempts: 5, exhausted: () => new Error('no'), sleep: clock.sleep });
    expect(result).toBe(5);
    expect(clock.slept).toEqual([]);
    await expect(retrying(() => Promise.reject(new Error('broken')), { attempts: 5, exhausted: () => new Error('no') })).rejects.toThrow('broken');
  });

  it('takes a false or undefined result as a result, not as a reason to try again', async () => {
    expect(await retrying(async () => false, { attempts: 2, exhausted: () => new Error('no') })).toBe(false);
    expect(await retrying(async () => undefined, { attempts: 2, exhausted: () => new Error('no') })).toBeUndefined();
  });
});

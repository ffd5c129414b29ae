// The per-host politeness of the crawl, on a fake clock: spacing and concurrency without waiting.
import { describe, expect, it } from 'vitest';
import { HostGate } from '../../shared/crawl/host-gate.ts';
import { FakeClock } from '../fake-clock.ts';

/** Lets every pending promise callback run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('HostGate', () => {
  it('spaces the starts of a host’s requests by its delay, the site’s Crawl-delay when longer', async () => {
    const clock = new FakeClock(0);
    const gate = new HostGate(2, 100, clock);
    const starts: Record<string, number[]> = { plain: [], slow: [], eager: [] };
    const request = (host: string) => gate.run(host, async () => void starts[host]!.push(clock.now().getTime()));
    await Promise.all([request('plain'), request('plain'), request('plain'), request('plain')]);
    expect(starts.plain).toEqual([0, 100, 200, 300]);
    gate.setDelay('slow', 250);
    gate.setDelay('eager', 10);
    await Promise.all([request('slow'), request('slow'), request('slow')]);
    await Promise.all([request('eager'), request('eager')]);
    // Each host keeps its own turns; a shorter Crawl-delay does not shorten the default.
    expect(starts.slow.map((t) => t - starts.slow[0]!)).toEqual([0, 250, 500]);
    expect(starts.eager[1]! - starts.eager[0]!).toBe(100);
  });

  it('lets a host have at most so many requests at once, the next one starting as one ends', async () => {
    const gate = new HostGate(2, 0, new FakeClock(0));
    const ends: Array<() => void> = [];
    let running = 0;
    let most = 0;
    const request = () =>
      gate.run('site', async () => {
        most = Math.max(most, ++running);
        await new Promise<void>((end) => ends.push(end));
        running--;
      });
    const all = Promise.all([request(), request(), request(), request(), request()]);
    for (let left = 5; left > 0; left--) {
      await settle();
      expect(running).toBe(Math.min(2, left));
      ends.shift()!();
    }
    await all;
    expect(most).toBe(2);
  });
});

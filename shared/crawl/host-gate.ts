// Politeness per host: at most a few requests at once, and request starts spaced by a delay (the
// site's Crawl-delay when it sets a longer one), by the clock it is given.
import { type Clock, systemClock } from '../clock.ts';

interface HostState {
  active: number;
  waiting: Array<() => void>;
  nextStart: number;
  delayMs: number;
}

export class HostGate {
  private readonly hosts = new Map<string, HostState>();

  constructor(
    private readonly maxConcurrent: number,
    private readonly delayMs: number,
    private readonly clock: Clock = systemClock,
  ) {}

  /** A host's own delay (robots.txt Crawl-delay), used when longer than the default. */
  setDelay(host: string, delayMs: number): void {
    this.state(host).delayMs = Math.max(this.delayMs, delayMs);
  }

  async run<T>(host: string, task: () => Promise<T>): Promise<T> {
    const state = this.state(host);
    while (state.active >= this.maxConcurrent) await new Promise<void>((resolve) => state.waiting.push(resolve));
    state.active++;
    try {
      const now = this.clock.now().getTime();
      const start = Math.max(now, state.nextStart);
      state.nextStart = start + state.delayMs;
      if (start > now) await this.clock.sleep(start - now);
      return await task();
    } finally {
      state.active--;
      state.waiting.shift()?.();
    }
  }

  private state(host: string): HostState {
    let state = this.hosts.get(host);
    if (!state) this.hosts.set(host, (state = { active: 0, waiting: [], nextStart: 0, delayMs: this.delayMs }));
    return state;
  }
}

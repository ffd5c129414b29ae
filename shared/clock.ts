// Time as code that dates things or waits sees it: the system's, or a test's fake one, so that no
// test has to wait for the wall clock.
export interface Clock {
  now(): Date;
  sleep(ms: number): Promise<void>;
}

export const systemClock: Clock = {
  now: () => new Date(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

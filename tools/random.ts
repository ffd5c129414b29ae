// A seeded random number generator for generated test and training data: the same seed gives
// the same data, so benchmarks and trained models can be rebuilt exactly.

export type Random = () => number;

/** mulberry32: small, fast, good enough for sampling. */
export function seededRandom(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

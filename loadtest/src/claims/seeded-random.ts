/**
 * A tiny seeded pseudo-random generator (mulberry32 over a splitmix-style seed mix) so that
 * simulated claims are reproducible: the same seed always gives the same sequence. Not for
 * anything secret. Its numbers choose indices, counts and digits, never amounts directly:
 * callers turn the integers it gives into bigint fen.
 */

/** A reproducible source of pseudo-random choices. */
export interface SeededRandom {
  /** Next value in [0, 1). */
  next(): number;
  /** Integer in [min, max], both inclusive (safe integers, min ≤ max). */
  int(min: number, max: number): number;
  /** True with probability `p` (0 ≤ p ≤ 1). */
  chance(p: number): boolean;
  /** One element of a non-empty list, uniformly. */
  pick<T>(items: readonly T[]): T;
  /** A string of `count` decimal digits (leading zeros allowed). */
  digits(count: number): string;
}

/** Folds any finite number (negative, fractional or beyond 32 bits, e.g. Date.now()) into 32 bits. */
function mixSeed(seed: number): number {
  const whole = Number.isFinite(seed) ? Math.trunc(seed) : 0;
  const low = whole >>> 0;
  const high = Math.floor(whole / 0x1_0000_0000) >>> 0;
  let h = Math.imul(low ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul((high + 0x7f4a7c15) >>> 0, 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h, 0x7feb352d);
  h ^= h >>> 15;
  h = Math.imul(h, 0x846ca68b);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * Creates a generator for `seed`. Two generators with the same seed produce the same values in
 * the same order; nearby seeds (1, 2, 3, …) give unrelated sequences.
 */
export function createSeededRandom(seed: number): SeededRandom {
  let state = mixSeed(seed);
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 0x1_0000_0000;
  };
  const int = (min: number, max: number): number => {
    if (!Number.isSafeInteger(min) || !Number.isSafeInteger(max) || max < min) {
      throw new RangeError(`bad integer range [${min}, ${max}]`);
    }
    return min + Math.floor(next() * (max - min + 1));
  };
  return {
    next,
    int,
    chance: (p) => next() < p,
    pick<T>(items: readonly T[]): T {
      if (items.length === 0) throw new RangeError("pick from an empty list");
      return items[int(0, items.length - 1)] as T;
    },
    digits(count) {
      let out = "";
      for (let i = 0; i < count; i++) out += String(int(0, 9));
      return out;
    },
  };
}

/**
 * A 32-bit seed from text (FNV-1a), for generators that follow an identity such as a person
 * number rather than a message: the same text always gives the same seed.
 */
export function seedFromText(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

import { isInvalidInputError } from "@tongxing/domain";
import { createSeededRandom } from "@tongxing/loadtest";
import type { Dialect } from "@tongxing/dialects";
import { mutate } from "./mutate.js";

/** This process's CPU time in ms. The limits below guard against inputs that make a decoder
 * pathologically slow; CPU time, unlike wall time, is not stretched by other work on a busy box. */
const cpuNow = (): number => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1_000;
};

/** Options for {@link fuzzDialect}. */
export interface FuzzOptions {
  readonly dialect: Dialect;
  /** What is fed the inputs; default the dialect's decodeClaim (e.g. a reply decoder instead). */
  readonly decode?: (input: Uint8Array) => unknown;
  /** Valid messages to mutate (at least one). */
  readonly seeds: readonly Uint8Array[];
  readonly count: number;
  readonly seed?: number;
  /** A message that takes more CPU time than this (ms) is a failure. Default 50 ms. */
  readonly maxMsPerMessage?: number;
  /** Called every `progressEvery` inputs. */
  readonly onProgress?: (done: number, stats: FuzzStats) => void;
  readonly progressEvery?: number;
}

/** What a fuzz run saw. */
export interface FuzzStats {
  runs: number;
  decoded: number;
  rejected: number;
  /** Rejections whose violations named no field. */
  unnamed: number;
  /** Exceptions other than InvalidInputError: crashes (all counted, the first 20 kept). */
  crashCount: number;
  crashes: { message: string; input: string }[];
  slow: number;
  maxMs: number;
  totalMs: number;
}

/**
 * Feeds `count` mutated inputs to a dialect's decodeClaim (or `decode`): each must decode or be rejected with
 * InvalidInputError naming a field, within the time bound. Deterministic for a seed.
 */
export function fuzzDialect(options: FuzzOptions): FuzzStats {
  if (options.seeds.length === 0) throw new Error(`no seed messages for ${options.dialect.name}`);
  const rng = createSeededRandom(options.seed ?? 1);
  const limit = options.maxMsPerMessage ?? 50;
  const decode = options.decode ?? ((input: Uint8Array) => options.dialect.decodeClaim(input));
  const stats: FuzzStats = { runs: 0, decoded: 0, rejected: 0, unnamed: 0, crashCount: 0, crashes: [], slow: 0, maxMs: 0, totalMs: 0 };
  for (let i = 0; i < options.count; i++) {
    const a = options.seeds[rng.int(0, options.seeds.length - 1)] as Uint8Array;
    const b = options.seeds[rng.int(0, options.seeds.length - 1)] as Uint8Array;
    let input = mutate(a, b, rng);
    if (rng.chance(0.3)) input = mutate(input, b, rng);
    const started = cpuNow();
    try {
      decode(input);
      stats.decoded += 1;
    } catch (err) {
      if (isInvalidInputError(err)) {
        stats.rejected += 1;
        if (err.violations.length === 0 || err.violations.some((v) => v.field === "")) stats.unnamed += 1;
      } else {
        stats.crashCount += 1;
        if (stats.crashes.length < 20) stats.crashes.push({ message: err instanceof Error ? `${err.name}: ${err.message}` : String(err), input: Buffer.from(input).toString("base64").slice(0, 2_000) });
      }
    }
    let ms = cpuNow() - started;
    if (ms > limit) {
      // Timed again once: a GC pause or the other test process on a shared core is not the
      // decoder's fault; a decoder that is really slow on this input is slow twice.
      const again = cpuNow();
      try {
        decode(input);
      } catch {
        // the outcome was recorded above; only the time matters here
      }
      ms = Math.min(ms, cpuNow() - again);
    }
    stats.runs += 1;
    stats.totalMs += ms;
    if (ms > stats.maxMs) stats.maxMs = ms;
    if (ms > limit) stats.slow += 1;
    if (options.onProgress !== undefined && (i + 1) % (options.progressEvery ?? 10_000) === 0) options.onProgress(i + 1, stats);
  }
  return stats;
}

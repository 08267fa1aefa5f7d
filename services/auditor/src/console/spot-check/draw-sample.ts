import { createHash } from "node:crypto";

/** The published name of the draw algorithm; a redraw with another algorithm is another draw. */
export const DRAW_ALGORITHM = "sha256-rank/1";

/** What a draw publishes (双随机一公开): enough for anyone to redraw the same sample. */
export interface SampleDraw {
  readonly algorithm: typeof DRAW_ALGORITHM;
  readonly seed: string;
  /** SHA-256 (hex) of the sorted candidate ids joined by "\n". */
  readonly candidatesSha256: string;
  readonly candidateCount: number;
  readonly sample: readonly string[];
  /** The roster the inspectors were drawn from, sorted (published with the draw). */
  readonly roster: readonly string[];
  readonly inspectors: readonly string[];
}

const rank = (seed: string, kind: string, item: string) => createHash("sha256").update(`${seed}\n${kind}\n${item}`).digest("hex");

function pick(seed: string, kind: string, items: readonly string[], n: number): string[] {
  return [...items]
    .map((item) => ({ item, r: rank(seed, kind, item) }))
    .sort((a, b) => (a.r < b.r ? -1 : a.r > b.r ? 1 : 0))
    .slice(0, n)
    .map((x) => x.item);
}

/**
 * Draws `sampleSize` items and `inspectorCount` inspectors: each candidate's rank is
 * SHA-256(seed ‖ "\n" ‖ kind ‖ "\n" ‖ id) and the lowest ranks win (kind "item" or "inspector").
 * The candidates are deduplicated and sorted first, so the draw depends only on the seed and the
 * candidate set, whose hash is published with it.
 */
export function drawSample(seed: string, candidates: readonly string[], sampleSize: number, roster: readonly string[], inspectorCount = 2): SampleDraw {
  const sorted = [...new Set(candidates)].sort();
  const people = [...new Set(roster)].sort();
  return {
    algorithm: DRAW_ALGORITHM,
    seed,
    candidatesSha256: createHash("sha256").update(sorted.join("\n")).digest("hex"),
    candidateCount: sorted.length,
    sample: pick(seed, "item", sorted, sampleSize),
    roster: people,
    inspectors: pick(seed, "inspector", people, inspectorCount),
  };
}

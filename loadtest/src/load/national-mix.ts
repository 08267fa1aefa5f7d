import { buildNhsaSettleMessage, DEFAULT_KIND_WEIGHTS, pickProvinceByPopulation, type ClaimKindWeights, type ClaimSpecKind } from "../claims/claim-factory.js";
import { createSeededRandom, type SeededRandom } from "../claims/seeded-random.js";

/** One claim ready to send: the treatment platform that sends it and its national message. */
export interface PreparedClaim {
  readonly platform: string;
  readonly payload: Uint8Array;
}

function pickKind(rng: SeededRandom, weights: ClaimKindWeights): ClaimSpecKind {
  const total = weights.outpatient + weights.inpatient + weights.pharmacy;
  let r = rng.next() * total;
  for (const kind of ["outpatient", "inpatient", "pharmacy"] as const) {
    r -= weights[kind];
    if (r < 0) return kind;
  }
  return "outpatient";
}

/**
 * `count` claims of the national mix: treatment and insured provinces drawn by population
 * (always different provinces: cross-province care), outpatient / inpatient / pharmacy by the
 * given shares. Built before a run so message construction is not measured.
 */
export function prepareNationalMix(count: number, seed = 1, weights: ClaimKindWeights = DEFAULT_KIND_WEIGHTS): PreparedClaim[] {
  const rng = createSeededRandom(seed);
  const runTag = Date.now() % 1_000_000;
  return Array.from({ length: count }, (_, i) => {
    const treatment = pickProvinceByPopulation(rng);
    let insured = pickProvinceByPopulation(rng);
    while (insured.code === treatment.code) insured = pickProvinceByPopulation(rng);
    const message = buildNhsaSettleMessage({
      kind: pickKind(rng, weights),
      treatmentAdmdvs: `${treatment.capitalAdmdvs.slice(0, 4)}02`,
      insuredAdmdvs: insured.capitalAdmdvs,
      seq: i,
      seed: seed * 1_000_003 + i,
      // A distinct message time per run keeps msgids (idempotency keys) unique across runs.
      at: new Date(Date.UTC(2026, 0, 1) + runTag * 86_400 + i * 1_000),
    });
    return { platform: treatment.code, payload: message.payload };
  });
}

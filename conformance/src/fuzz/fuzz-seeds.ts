import { buildNhsaSettleMessage, type ClaimSpec } from "@tongxing/loadtest";
import type { Dialect, DialectRegistry } from "@tongxing/translator";
import { loadGoldenVectors, vectorDialects } from "../golden-vectors.js";

const KINDS: ClaimSpec["kind"][] = ["outpatient", "inpatient", "pharmacy"];

/**
 * Valid messages of a dialect to start mutating from: its golden vectors' inputs, plus claims
 * from the national-format factory re-rendered in the dialect (when it can render claims).
 */
export function fuzzSeeds(dialect: Dialect, registry: DialectRegistry, factoryClaims = 12): Uint8Array[] {
  const seeds: Uint8Array[] = [];
  if (vectorDialects().includes(dialect.name)) {
    for (const v of loadGoldenVectors(dialect.name)) if (v.kind === "claim") seeds.push(v.input);
  }
  const nhsa = registry.get("nhsa-json");
  for (let i = 0; i < factoryClaims; i++) {
    const message = buildNhsaSettleMessage({ kind: KINDS[i % 3] ?? "outpatient", treatmentAdmdvs: "370102", insuredAdmdvs: "320100", seq: i, seed: 100 + i });
    if (dialect.name === "nhsa-json") seeds.push(message.payload);
    else if (dialect.encodeClaim !== undefined) seeds.push(dialect.encodeClaim(nhsa.decodeClaim(message.payload).claim));
  }
  return seeds;
}

import { ClaimStatus } from "@tongxing/proto";
import { createDialectRegistry } from "@tongxing/dialects";
import { inflateOutpatient } from "../anomalies/anomaly-plan.js";
import { buildNhsaSettleMessage, DEFAULT_KIND_WEIGHTS, pickProvinceByPopulation, type ClaimKindWeights, type ClaimSpecKind } from "../claims/claim-factory.js";
import { createSeededRandom, type SeededRandom } from "../claims/seeded-random.js";

/** What a treatment platform sends to reverse a settlement it got (a national 2208 / 2305 / 2103). */
export interface PreparedCancel {
  /** The cancel message for the settlement's setl_id (nhsa-json). */
  message(setlId: string): Uint8Array;
}

/** One claim ready to send: the treatment platform that sends it, its message and what it must end as. */
export interface PreparedClaim {
  readonly platform: string;
  readonly payload: Uint8Array;
  /** Dialect of `payload`. */
  readonly dialect: string;
  /** The final status a correct hub answers (HELD for a planted anomaly). */
  readonly expect: ClaimStatus;
  /** Set when the treatment side reverses the settlement right after it is answered. */
  readonly cancel?: PreparedCancel;
}

/** What the claims carry besides national JSON settlements; shares are fractions of all claims. */
export interface MixOptions {
  /** Relative weights of the dialects the treatment platforms send in. Default: national JSON only. */
  readonly dialects?: Readonly<Record<string, number>>;
  /** Share of settled claims reversed by CancelSettlement afterwards. Default 0. */
  readonly cancelShare?: number;
  /** Share of planted anomalies (outpatient claims above R1's review threshold, to be HELD). Default 0. */
  readonly anomalyShare?: number;
  /**
   * One share of a set prepared by several processes: claim i of this share is claim
   * `i × every + offset` of the whole (its message sequence and time), so the shares' msgids never
   * meet when they use the same `runTag`. Default: the whole set.
   */
  readonly share?: { readonly every: number; readonly offset: number };
  /** The run's tag in the message times (keeps msgids unique across runs). Default: from the clock. */
  readonly runTag?: number;
}

/**
 * The standard scenario's mix: mostly the national JSON interface, the other dialects at the
 * shares provinces plausibly send them, 2 % reversals and 1 % anomalies held for review.
 */
export const STANDARD_MIX: MixOptions = {
  dialects: { "nhsa-json": 84, "xml-esb": 6, "jinbao-legacy": 5, "fhir-r4": 3, canonical: 2 },
  cancelShare: 0.02,
  anomalyShare: 0.01,
};

const CANCEL_INFNO: Readonly<Record<ClaimSpecKind, string>> = { outpatient: "2208", inpatient: "2305", pharmacy: "2103" };

function pickWeighted<K extends string>(rng: SeededRandom, weights: Readonly<Record<K, number>>): K {
  const entries = Object.entries(weights) as [K, number][];
  let r = rng.next() * entries.reduce((a, [, w]) => a + w, 0);
  for (const [k, w] of entries) {
    r -= w;
    if (r < 0) return k;
  }
  return (entries[0] as [K, number])[0];
}

/**
 * `count` claims of the national mix: treatment and insured provinces drawn by population
 * (always different provinces: cross-province care), outpatient / inpatient / pharmacy by the
 * given shares, and, per `mix`, other dialects, reversals and anomalies. Built before a run so
 * message construction is not measured.
 */
export function prepareNationalMix(count: number, seed = 1, weights: ClaimKindWeights = DEFAULT_KIND_WEIGHTS, mix: MixOptions = {}): PreparedClaim[] {
  const rng = createSeededRandom(seed);
  const runTag = mix.runTag ?? Date.now() % 1_000_000;
  const every = mix.share?.every ?? 1;
  const offset = mix.share?.offset ?? 0;
  if (!Number.isInteger(every) || every < 1 || !Number.isInteger(offset) || offset < 0 || offset >= every) {
    throw new Error(`a mix share needs whole numbers 0 ≤ offset < every, got ${offset} of ${every}`);
  }
  const registry = createDialectRegistry();
  const nhsa = registry.get("nhsa-json");
  return Array.from({ length: count }, (_, k) => {
    const i = k * every + offset;
    const treatment = pickProvinceByPopulation(rng);
    let insured = pickProvinceByPopulation(rng);
    while (insured.code === treatment.code) insured = pickProvinceByPopulation(rng);
    const anomaly = rng.next() < (mix.anomalyShare ?? 0);
    const kind = anomaly ? "outpatient" : pickWeighted(rng, weights);
    const message = buildNhsaSettleMessage({
      kind,
      treatmentAdmdvs: `${treatment.capitalAdmdvs.slice(0, 4)}02`,
      insuredAdmdvs: insured.capitalAdmdvs,
      seq: i,
      seed: seed * 1_000_003 + i,
      // A distinct message time per run keeps msgids (idempotency keys) unique across runs.
      at: new Date(Date.UTC(2026, 0, 1) + runTag * 86_400 + i * 1_000),
    });
    const base = { platform: treatment.code };
    if (anomaly) return { ...base, payload: inflateOutpatient(message.json), dialect: "nhsa-json", expect: ClaimStatus.HELD };
    const dialect = mix.dialects === undefined ? "nhsa-json" : pickWeighted(rng, mix.dialects);
    const rendered = dialect === "nhsa-json" ? undefined : registry.get(dialect).encodeClaim?.(nhsa.decodeClaim(message.payload).claim);
    const sent = rendered === undefined ? { payload: message.payload, dialect: "nhsa-json" } : { payload: rendered, dialect };
    if (rng.next() >= (mix.cancelShare ?? 0)) return { ...base, ...sent, expect: ClaimStatus.SETTLED };
    const m = message.json;
    const cancel: PreparedCancel = {
      message: (setlId) =>
        new TextEncoder().encode(
          JSON.stringify({
            infno: CANCEL_INFNO[kind],
            // The cancel's own message id: the settlement's with an R (for reversal) in place of the
            // first sequence digit, so it never equals a settle message's all-digit msgid.
            msgid: `${m.msgid.slice(0, 26)}R${m.msgid.slice(27)}`,
            mdtrtarea_admvs: m.mdtrtarea_admvs,
            insuplc_admdvs: m.insuplc_admdvs,
            fixmedins_code: m.fixmedins_code,
            inf_time: m.inf_time,
            input: { data: { setl_id: setlId, mdtrt_id: m.input.data.mdtrt_id, psn_no: m.input.data.psn_no } },
          }),
        ),
    };
    return { ...base, ...sent, expect: ClaimStatus.SETTLED, cancel };
  });
}

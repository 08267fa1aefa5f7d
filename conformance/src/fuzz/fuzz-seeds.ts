import { buildNhsaSettleMessage, type ClaimSpec } from "@tongxing/loadtest";
import { create } from "@bufbuild/protobuf";
import { AdjudicationSchema, type Claim } from "@tongxing/proto";
import type { Dialect, DialectRegistry } from "@tongxing/dialects";
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

/** An insured platform's replies to fuzz: valid adjudication replies to one claim, and that claim. */
export interface ReplySeeds {
  readonly claim: Claim;
  readonly seeds: Uint8Array[];
}

/**
 * Valid adjudication replies in a dialect (for dialects with the insured-side directions): one
 * claim, rendered replies with varied amounts, settlement ids and times. undefined when the
 * dialect has no reply form.
 */
export function replySeeds(dialect: Dialect, registry: DialectRegistry, count = 8): ReplySeeds | undefined {
  const encode = dialect.encodeAdjudication;
  if (encode === undefined || dialect.decodeAdjudication === undefined) return undefined;
  const message = buildNhsaSettleMessage({ kind: "outpatient", treatmentAdmdvs: "370102", insuredAdmdvs: "320100", seq: 7, seed: 707 });
  const claim = registry.get("nhsa-json").decodeClaim(message.payload).claim;
  claim.claimId = "C0123456789abcdef01234567";
  const total = claim.totals?.medfeeSumamt ?? 0n;
  const seeds = Array.from({ length: count }, (_, i) => {
    const fund = (total * BigInt(300 + 50 * i)) / 1000n;
    const acct = i % 2 === 0 ? 0n : (total - fund) / 2n;
    const adjudication = create(AdjudicationSchema, {
      claimId: claim.claimId,
      setlId: `S3201002026120114053${String(i).padStart(4, "0")}`,
      medfeeSumamt: total,
      inscpScpAmt: total,
      hifpPay: fund,
      fundPaySumamt: fund,
      psnPartAmt: total - fund,
      acctPay: acct,
      psnCashPay: total - fund - acct,
      poolPropPermille: 300 + 50 * i,
      clrType: "11",
      clrWay: "01",
      clrOptins: "320000",
      setlTime: `2026-12-01 14:05:${String(10 + i).padStart(2, "0")}`,
    });
    return encode.call(dialect, adjudication, claim);
  });
  return { claim, seeds };
}

import { fromBinary } from "@bufbuild/protobuf";
import type { KV } from "@nats-io/kv";
import { preSettlementKey } from "@tongxing/nats";
import { openClaim } from "@tongxing/privacy";
import { PreSettlementSchema, type Claim, type PreSettlement } from "@tongxing/proto";

/**
 * The pre-settlement kept for the claim's encounter (institution, mdtrt_id, charge batch), if the
 * counter asked for one (ClaimGateway.PreSettleClaim) and the insured platform answered it.
 */
export async function preSettlementOf(presettlements: KV, claim: Claim): Promise<PreSettlement | undefined> {
  const e = claim.encounter;
  const entry = await presettlements.get(preSettlementKey(claim.fixmedinsCode, e?.mdtrtId ?? "", e?.chrgBchno ?? ""));
  if (entry === null || entry.operation !== "PUT" || entry.value.byteLength === 0) return undefined;
  const p = fromBinary(PreSettlementSchema, entry.value);
  openClaim(p.claim);
  // Only the same person's: an encounter id reused for someone else is not this claim's.
  return p.claim?.person?.psnNo === claim.person?.psnNo ? p : undefined;
}

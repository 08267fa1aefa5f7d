import { isInterim, type ClaimStore } from "@tongxing/claim-store";
import type { Claim } from "@tongxing/proto";
import { HubError, HubErrorCode } from "../grpc/hub-error.js";

/**
 * Refuses the cancel of an interim settlement (住院中途结算, mid_setl_flag 1) whose stay already
 * has a settled final: the final stated the whole stay and was posted net of the interims, so
 * reversing the interim alone would leave the ledger paying its part twice. The final is
 * cancelled first (its reversal nets the interims back), then the interim may be.
 */
export async function refuseCancelOfNettedInterim(store: ClaimStore, claim: Claim): Promise<void> {
  if (!isInterim(claim)) return;
  const final = (await store.readEncounterParts(claim)).find((p) => p.final);
  if (final === undefined) return;
  throw new HubError(
    HubErrorCode.FAILED_PRECONDITION,
    `claim ${claim.claimId} is an interim settlement of a stay whose final settlement (claim ${final.claimId}) has netted it; cancel the final settlement ${final.claimId} first`,
  );
}

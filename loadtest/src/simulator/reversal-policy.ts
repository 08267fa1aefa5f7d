import type { ReversalDelivery } from "@tongxing/proto";

/** What a platform answers to one reversal: reversed (with its reference) or refused (with why). */
export type ReversalReply = { readonly accepted: true; readonly reversalRef: string } | { readonly accepted: false; readonly reason: string };

/**
 * The simulated platforms' answer to reversals: acknowledge by default (reversal reference
 * `REV-<setl_id>`); refuse the configurable case, a cancel whose `reason` contains `refuseMarker`
 * (SIM_REFUSE_REVERSAL_MARKER), as a real platform refuses a reversal of a payment it cannot undo.
 */
export function createReversalPolicy(refuseMarker = ""): (delivery: ReversalDelivery) => ReversalReply {
  return (delivery) => {
    if (refuseMarker !== "" && (delivery.cancel?.reason ?? "").includes(refuseMarker)) {
      return { accepted: false, reason: `fund payment ${delivery.settlement?.setlId ?? "?"} cannot be reversed: ${refuseMarker}` };
    }
    return { accepted: true, reversalRef: `REV-${delivery.settlement?.setlId ?? delivery.claimId}`.slice(0, 64) };
  };
}

/** The marker the simulators refuse by default: a cancel whose reason says so. */
export const DEFAULT_REFUSE_REVERSAL_MARKER = "SIM-REFUSE-REVERSAL";

import { fromBinary, toBinary } from "@bufbuild/protobuf";
import { InvalidInputError, isInvalidInputError } from "@tongxing/domain";
import { AdjudicationSchema, ClaimSchema, PreSettlementSchema, SettlementCancelSchema, SettlementResultSchema, type Claim } from "@tongxing/proto";
import { validateAdjudication } from "./adjudication-validation.js";
import { validateClaim } from "./claim-validation.js";
import type { Dialect } from "./dialect.js";

/** Violations reported per message, as in the other dialects. */
const MAX_VIOLATIONS = 20;

/**
 * Reads a tongxing.v1.Claim from protobuf binary. Unknown fields are dropped rather than kept
 * and re-serialized: the hub forwards only what it understands and has checked.
 */
function readClaim(payload: Uint8Array): Claim {
  try {
    return fromBinary(ClaimSchema, payload, { readUnknownFields: false });
  } catch (err) {
    throw new InvalidInputError([{ field: "payload", description: "is not a tongxing.v1.Claim in protobuf binary" }], { cause: err });
  }
}

/**
 * The hub's own schema: the payload is a tongxing.v1.Claim in protobuf binary and the result a
 * tongxing.v1.SettlementResult in protobuf binary. A claim is held to the same rules as one
 * translated from a province's message (claim-validation), with proto field names as paths
 * (`insuplc_admdvs`, `person.psn_no`, `totals.medfee_sumamt`, `fee_lines[0].pric_e6`).
 */
export const canonicalDialect: Dialect = {
  name: "canonical",
  decodeClaim(payload) {
    const claim = readClaim(payload);
    let violations;
    try {
      violations = validateClaim(claim);
    } catch (err) {
      // The Dialect contract: whatever the bytes, only InvalidInputError leaves decodeClaim.
      if (isInvalidInputError(err)) throw err;
      throw new InvalidInputError([{ field: "payload", description: "could not be read as a claim" }], { cause: err });
    }
    if (violations.length > 0) throw new InvalidInputError(violations.slice(0, MAX_VIOLATIONS));
    // The gateway assigns these from the caller's identity; a submitter cannot choose them.
    claim.claimId = "";
    claim.submitterPlatform = "";
    claim.dialect = "canonical";
    return { claim, msgid: claim.msgid };
  },
  encodeResult(result) {
    return toBinary(SettlementResultSchema, result);
  },
  // A pre-settlement asks about a tongxing.v1.Claim; its answer is the tongxing.v1.PreSettlement.
  decodePreSettle(payload) {
    return canonicalDialect.decodeClaim(payload);
  },
  encodePreSettleResult(preSettlement) {
    return toBinary(PreSettlementSchema, preSettlement);
  },
  encodeClaim(claim) {
    return toBinary(ClaimSchema, claim);
  },
  decodeAdjudication(payload, claim) {
    let adjudication;
    try {
      adjudication = fromBinary(AdjudicationSchema, payload);
    } catch (err) {
      throw new InvalidInputError([{ field: "payload", description: "is not a tongxing.v1.Adjudication in protobuf binary" }], { cause: err });
    }
    const violations = validateAdjudication(adjudication);
    if (violations.length > 0) throw new InvalidInputError(violations.slice(0, MAX_VIOLATIONS));
    adjudication.claimId = claim.claimId;
    return adjudication;
  },
  encodeAdjudication(adjudication) {
    return toBinary(AdjudicationSchema, adjudication);
  },
  decodeCancel(payload) {
    let cancel;
    try {
      cancel = fromBinary(SettlementCancelSchema, payload);
    } catch (err) {
      throw new InvalidInputError([{ field: "payload", description: "is not a tongxing.v1.SettlementCancel in protobuf binary" }], { cause: err });
    }
    const v: { field: string; description: string }[] = [];
    if (cancel.setlId === "") v.push({ field: "setl_id", description: "is required" });
    if (cancel.mdtrtId === "") v.push({ field: "mdtrt_id", description: "is required" });
    if (cancel.psnNo === "") v.push({ field: "psn_no", description: "is required" });
    if (!/^[0-9A-Za-z]{1,30}$/.test(cancel.msgid)) v.push({ field: "msgid", description: "must be 1–30 letters or digits" });
    if (v.length > 0) throw new InvalidInputError(v);
    return { cancel, msgid: cancel.msgid };
  },
};

import { FindingSeverity } from "@tongxing/proto";
import { finding, type AuditRule } from "./rule.js";

/** D1: one settlement per (institution, mdtrt_id, charge batch): duplicate billing is refused. */
export const duplicateSettlement: AuditRule = {
  id: "D1",
  severity: FindingSeverity.ERROR,
  description:
    "One settlement per institution, encounter (mdtrt_id) and charge batch (chrg_bchno): a second claim for an encounter and batch already settled under another claim id is rejected (duplicate billing). An inpatient interim settlement (mid_setl_flag 1) counts apart from the final of the same batch, so a stay's interim parts and then its final settle (S2 keeps their order), but the same part twice does not.",
  check({ claim, facts }) {
    const other = facts?.otherSettlementOfEncounter;
    return other === undefined || other === claim.claimId
      ? []
      : [finding(this, `mdtrt_id ${claim.encounter?.mdtrtId ?? ""} batch ${claim.encounter?.chrgBchno ?? ""} is already settled as claim ${other}`, "no earlier settlement", other)];
  },
};

/** D2: a sender's msgid identifies one message: a second claim under the same msgid is refused. */
export const duplicateMsgid: AuditRule = {
  id: "D2",
  severity: FindingSeverity.ERROR,
  description:
    "A submitting platform's msgid is unique: a claim whose msgid that platform already used for another claim (one submitted under a different idempotency key) is rejected; a resubmission under the same key is the same claim and is answered, not re-decided.",
  check({ claim, facts }) {
    const other = facts?.otherClaimOfMsgid;
    return other === undefined || other === claim.claimId
      ? []
      : [finding(this, `msgid ${claim.msgid} of platform ${claim.submitterPlatform} was already used by claim ${other}`, "an unused msgid", other)];
  },
};

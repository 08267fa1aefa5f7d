import { FindingSeverity } from "@tongxing/proto";
import { finding, type AuditRule } from "./rule.js";

/** D1: one settlement per (institution, mdtrt_id, charge batch): duplicate billing is refused. */
export const duplicateSettlement: AuditRule = {
  id: "D1",
  severity: FindingSeverity.ERROR,
  description:
    "One settlement per institution, encounter (mdtrt_id) and charge batch (chrg_bchno): a second claim for an encounter and batch already settled under another claim id is rejected (duplicate billing).",
  check({ claim, facts }) {
    const other = facts?.otherSettlementOfEncounter;
    return other === undefined || other === claim.claimId
      ? []
      : [finding(this, `mdtrt_id ${claim.encounter?.mdtrtId ?? ""} batch ${claim.encounter?.chrgBchno ?? ""} is already settled as claim ${other}`, "no earlier settlement", other)];
  },
};

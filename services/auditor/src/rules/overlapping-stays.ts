import { ClaimKind, FindingSeverity } from "@tongxing/proto";
import { finding, type AuditRule } from "./rule.js";

/** O1: two inpatient stays of one person that overlap in time (挂床, ghost stays). */
export const overlappingStays: AuditRule = {
  id: "O1",
  severity: FindingSeverity.WARNING,
  description:
    "An inpatient stay overlapping another settled inpatient stay of the same person is held for review (possible ghost stay, 挂床). The parts of one stay (its interim settlements and its final, same institution and mdtrt_id) are one stay, not an overlap.",
  check({ claim, facts }) {
    const span = facts?.encounterSpanMs;
    if (claim.kind !== ClaimKind.INPATIENT || span === undefined) return [];
    const [begin, end] = span;
    const sameStay = new Set(facts?.encounterParts?.map((p) => p.claimId) ?? []);
    const other = facts?.history?.encounters.find((e) => e.kind === "inpatient" && e.claimId !== claim.claimId && !sameStay.has(e.claimId) && e.beginMs < end && begin < e.endMs);
    return other === undefined ? [] : [finding(this, `inpatient stay overlaps the stay of claim ${other.claimId} in ${other.mdtrtareaAdmvs}`, "no overlapping stay", other.claimId)];
  },
};

import { ClaimKind, FindingSeverity } from "@tongxing/proto";
import { finding, type AuditRule } from "./rule.js";

/**
 * Review thresholds per claim kind, fen: a claim above them is not wrong, but a regulator looks
 * at it before it is settled. (Per-region caps from policy tables replace these later.)
 */
export const REVIEW_THRESHOLD_FEN: Readonly<Record<ClaimKind, bigint>> = {
  [ClaimKind.UNSPECIFIED]: 2_000_000n,
  [ClaimKind.OUTPATIENT]: 2_000_000n, // 20,000.00 yuan
  [ClaimKind.PHARMACY]: 500_000n, // 5,000.00 yuan
  [ClaimKind.INPATIENT]: 100_000_000n, // 1,000,000.00 yuan
};

/** R1: unusually large claims are held for a regulator's review. */
export const amountCaps: AuditRule = {
  id: "R1",
  severity: FindingSeverity.WARNING,
  description:
    "medfee_sumamt above the review threshold of its kind (outpatient 20,000.00, pharmacy 5,000.00, inpatient 1,000,000.00 yuan) holds the claim for a regulator.",
  check({ claim, adjudication }) {
    const threshold = REVIEW_THRESHOLD_FEN[claim.kind];
    // An absent medfee_sumamt is A1's to reject, not compared here.
    return adjudication.medfeeSumamt !== undefined && adjudication.medfeeSumamt > threshold
      ? [finding(this, "medfee_sumamt is above the review threshold for this kind of claim", `≤ ${threshold}`, adjudication.medfeeSumamt)]
      : [];
  },
};

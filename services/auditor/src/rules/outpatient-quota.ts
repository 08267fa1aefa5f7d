import { ClaimKind, FindingSeverity } from "@tongxing/proto";
import { finding, type AuditRule } from "./rule.js";

const yearOf = (ms: number) => new Date(ms + 8 * 3_600_000).getUTCFullYear();

/** Q1: remote outpatient pooled-fund use beyond the person's annual quota. */
export const outpatientQuota: AuditRule = {
  id: "Q1",
  severity: FindingSeverity.WARNING,
  description:
    "Outpatient pooled-fund payments of one person in one calendar year, counted across the remote claims the hub settled, may not exceed the insured region's annual outpatient quota; a claim that would is held for review (local use is the insured region's to add). A hifp_pay not stated counts as nothing paid.",
  check({ claim, adjudication, policy, facts }) {
    const quota = policy.insured?.outpatientQuotaFen;
    const at = facts?.encounterAtMs;
    if (quota === undefined || at === undefined || claim.kind !== ClaimKind.OUTPATIENT) return [];
    const year = yearOf(at);
    const used = (facts?.history?.encounters ?? []).filter((e) => e.kind === "outpatient" && e.claimId !== claim.claimId && yearOf(e.endMs) === year).reduce((s, e) => s + e.hifpFen, 0n);
    // A pooled-fund payment the adjudication does not state paid nothing towards the quota.
    const total = used + (adjudication.hifpPay ?? 0n);
    return total > quota ? [finding(this, `outpatient pooled-fund use in ${year} would reach ${total} fen, above the annual quota`, `≤ ${quota}`, total)] : [];
  },
};

import { ClaimKind, FindingSeverity } from "@tongxing/proto";
import { finding, type AuditRule } from "./rule.js";

/** Pharmacy purchases of one person in one day from which on a claim is held. */
export const PHARMACY_PURCHASES_PER_DAY = 3;

const dayOf = (ms: number) => new Date(ms + 8 * 3_600_000).toISOString().slice(0, 10);

/** M1: repeated pharmacy purchases in one day (card cash-out at pharmacies, 刷卡套现). */
export const pharmacyRepeats: AuditRule = {
  id: "M1",
  severity: FindingSeverity.WARNING,
  description: "A third (or later) pharmacy purchase of the same person on the same day (Beijing time) is held for review (possible card cash-out, 刷卡套现).",
  check({ claim, facts }) {
    const at = facts?.encounterAtMs;
    if (claim.kind !== ClaimKind.PHARMACY || at === undefined) return [];
    const day = dayOf(at);
    const earlier = (facts?.history?.encounters ?? []).filter((e) => e.kind === "pharmacy" && e.claimId !== claim.claimId && dayOf(e.endMs) === day).length;
    return earlier + 1 >= PHARMACY_PURCHASES_PER_DAY ? [finding(this, `pharmacy purchase number ${earlier + 1} on ${day}`, `< ${PHARMACY_PURCHASES_PER_DAY}`, String(earlier + 1))] : [];
  },
};

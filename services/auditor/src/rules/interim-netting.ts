import { ClaimKind, FindingSeverity, type Adjudication, type Finding } from "@tongxing/proto";
import { finding, type AuditRule } from "./rule.js";

/** The amounts a final settlement states for the whole stay and nets its interims from. */
const NETTED = [
  ["medfee_sumamt", "medfeeSumamt"],
  ["fund_pay_sumamt", "fundPaySumamt"],
  ["hifp_pay", "hifpPay"],
  ["acct_pay", "acctPay"],
  ["psn_part_amt", "psnPartAmt"],
  ["psn_cash_pay", "psnCashPay"],
] as const satisfies readonly (readonly [string, keyof Adjudication])[];

/**
 * S2: interim settlement of a long inpatient stay (住院中途结算, mid_setl_flag 1). Each interim
 * settles the stay so far; the final (mid_setl_flag 0) states the whole stay and the hub posts it
 * net of the interims (the ledger entry is the final less the interims). So the final must
 * restate every interim fee line unchanged and state, for each netted amount, at least what the
 * interims already paid; an interim after the stay's final, or a second final, is refused.
 */
export const interimNetting: AuditRule = {
  id: "S2",
  severity: FindingSeverity.ERROR,
  description:
    "Inpatient interim settlements (mid_setl_flag 1) of one stay (institution, mdtrt_id) settle in order before its final: an interim after the stay's final, or a second final, is rejected. The final states the whole stay and is posted net of the interims, so it must restate each interim's fee lines (same feedetl_sn and det_item_fee_sumamt) and, for each of medfee_sumamt, fund_pay_sumamt, hifp_pay, acct_pay, psn_part_amt and psn_cash_pay, be at least the interims' sum (the net is never negative); an amount a part does not state counts as nothing paid, so a final leaving one out nets only interims that paid none of it.",
  check({ claim, adjudication: a, facts }) {
    const parts = facts?.encounterParts;
    if (claim.kind !== ClaimKind.INPATIENT || parts === undefined || parts.length === 0) return [];
    const finals = parts.filter((p) => p.final);
    const interims = parts.filter((p) => !p.final);
    const out: Finding[] = [];
    const interim = claim.encounter?.midSetlFlag === "1";
    if (finals.length > 0) {
      out.push(finding(this, interim ? `an interim settlement after the stay's final settlement (claim ${finals[0]?.claimId})` : `the stay already has a final settlement (claim ${finals[0]?.claimId})`, "no final", finals[0]?.claimId ?? ""));
    }
    if (interim || interims.length === 0) return out;
    for (const [wire, field] of NETTED) {
      // An amount an interim does not state paid nothing; a final that does not state one agrees
      // only with interims that paid nothing of it.
      const paid = interims.reduce((s, p) => s + (p[field] ?? 0n), 0n);
      const stated = a[field];
      if (stated === undefined ? paid !== 0n : stated < paid) out.push(finding(this, `${wire} of the final is less than its ${interims.length} interim settlement(s) paid: it does not net them`, paid, stated));
    }
    const lines = new Map(claim.feeLines.map((l) => [l.feedetlSn, l.detItemFeeSumamt]));
    for (const p of interims) {
      for (const l of p.lines) {
        const restated = lines.get(l.feedetlSn);
        if (restated !== l.detItemFeeSumamt) out.push(finding(this, `the final does not restate fee line ${l.feedetlSn.slice(0, 40)} of interim claim ${p.claimId}`, l.detItemFeeSumamt, restated ?? "absent"));
      }
    }
    return out;
  },
};

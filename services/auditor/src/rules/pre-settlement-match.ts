import { FindingSeverity } from "@tongxing/proto";
import { finding, type AuditRule } from "./rule.js";

/** The smallest difference S1 reports, fen (10.00 yuan). */
export const PRE_SETTLE_TOLERANCE_FEN = 1_000n;
/** …or this share of the pre-settled medfee_sumamt, per mille, when larger. */
export const PRE_SETTLE_TOLERANCE_PERMILLE = 50n;

const abs = (x: bigint): bigint => (x < 0n ? -x : x);

/**
 * S1: the settlement of an encounter the counter pre-settled (2206 / 2303 / 2101) pays about what
 * the insured platform's pre-settlement said. The patient was told psn_part_amt at the counter;
 * a settlement far from it (a changed bill, a changed policy, a platform computing differently)
 * is held for a regulator to look at, not rejected: the patient may owe it legitimately.
 */
export const preSettlementMatch: AuditRule = {
  id: "S1",
  severity: FindingSeverity.WARNING,
  description:
    "Where the counter pre-settled the encounter (PreSettleClaim: same institution, mdtrt_id, chrg_bchno and person), the settlement's psn_part_amt and fund_pay_sumamt each differ from the pre-settlement's by at most max(10.00 yuan, 5 % of the pre-settled medfee_sumamt); a larger difference, or an amount stated by only one of them, holds the claim for review. Without a pre-settlement the rule does not apply.",
  check({ adjudication: a, facts }) {
    const pre = facts?.preSettlement;
    if (pre === undefined) return [];
    const permille = ((pre.medfeeSumamt ?? 0n) * PRE_SETTLE_TOLERANCE_PERMILLE) / 1000n;
    const tolerance = permille > PRE_SETTLE_TOLERANCE_FEN ? permille : PRE_SETTLE_TOLERANCE_FEN;
    const out = [];
    for (const [name, was, is] of [
      ["psn_part_amt", pre.psnPartAmt, a.psnPartAmt],
      ["fund_pay_sumamt", pre.fundPaySumamt, a.fundPaySumamt],
    ] as const) {
      // Absent is not zero: stated on one side only cannot be compared and is a difference; on neither, nothing to compare.
      if (was === undefined && is === undefined) continue;
      if (was === undefined || is === undefined || abs(is - was) > tolerance) out.push(finding(this, `${name} differs from the encounter's pre-settlement by more than ${tolerance} fen`, was, is));
    }
    return out;
  },
};

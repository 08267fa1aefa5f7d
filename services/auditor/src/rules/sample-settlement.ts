import { create } from "@bufbuild/protobuf";
import { AdjudicationSchema, ClaimSchema, type Adjudication, type Claim, type Finding } from "@tongxing/proto";
import type { AuditRule } from "./rule.js";

/**
 * Test fixture: a consistent employee (310) outpatient claim and its adjudication that pass every
 * rule. 120.50 yuan in two lines (2 × 50.00 and 1 × 20.50); the basic fund pays 70.00, the
 * personal account 30.00, cash 20.50. fund_pay_sumamt is 7000 fen, or 10000 where the platform
 * counts the account in it.
 */
export function sampleSettlement(fundIncludesAcct: boolean): { claim: Claim; adjudication: Adjudication } {
  const claim = create(ClaimSchema, {
    claimId: "C0123456789abcdef01234567",
    person: { insutype: "310" },
    totals: { medfeeSumamt: 12050n, inscpScpAmt: 10500n, preselfpayAmt: 550n, fulamtOwnpayAmt: 1000n, overlmtSelfpay: 0n },
    feeLines: [
      { feedetlSn: "FD001", cntE4: 20_000n, pricE6: 50_000_000n, detItemFeeSumamt: 10000n, inscpScpAmt: 9450n, preselfpayAmt: 550n },
      { feedetlSn: "FD002", cntE4: 10_000n, pricE6: 20_500_000n, detItemFeeSumamt: 2050n, inscpScpAmt: 1050n, fulamtOwnpayAmt: 1000n },
    ],
  });
  const adjudication = create(AdjudicationSchema, {
    claimId: claim.claimId,
    medfeeSumamt: 12050n,
    inscpScpAmt: 10500n,
    preselfpayAmt: 550n,
    fulamtOwnpayAmt: 1000n,
    overlmtSelfpay: 0n,
    hifpPay: 7000n,
    fundPaySumamt: fundIncludesAcct ? 10000n : 7000n,
    psnPartAmt: 5050n,
    acctPay: 3000n,
    psnCashPay: 2050n,
    hospPartAmt: 0n,
    balc: 47000n,
  });
  return { claim, adjudication };
}

/** Test helper: runs `rule` on the sample after `mutate` has changed it. */
export function checkSample(rule: AuditRule, fundIncludesAcct: boolean, mutate: (claim: Claim, adjudication: Adjudication) => void = () => {}): Finding[] {
  const { claim, adjudication } = sampleSettlement(fundIncludesAcct);
  mutate(claim, adjudication);
  return rule.check({ claim, adjudication, policy: { fundIncludesAcct } });
}

/** Test helper: the comparable part of findings (rule id, message, expected, actual). */
export function summarize(findings: readonly Finding[]): { ruleId: string; message: string; expected: string; actual: string }[] {
  return findings.map(({ ruleId, message, expected, actual }) => ({ ruleId, message, expected, actual }));
}

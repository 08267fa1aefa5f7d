/**
 * A simulated insured platform's adjudication (参保地政策): its policy applied to a claim's totals,
 * giving the national setlinfo breakdown, or a refusal from its simulated insured-side checks.
 */
import { create } from "@bufbuild/protobuf";
import { isAdmdvs, provinceOf } from "@tongxing/domain";
import { AdjudicationRefusalSchema, AdjudicationSchema, ClaimKind, type Adjudication, type AdjudicationRefusal, type Claim } from "@tongxing/proto";
import type { PolicyKind, ProvincePolicy } from "./policy-table.js";

/** What the platform knows besides the claim: its settlement id, its clock, the person's account. */
export interface AdjudicationOptions {
  /** 结算ID the platform assigns. */
  readonly setlId: string;
  /** Settlement time, "yyyy-MM-dd HH:mm:ss". */
  readonly setlTime: string;
  /** The person's personal-account balance before this claim, fen. */
  readonly accountBalanceFen: bigint;
  /** Routing-table id of the adjudicating platform. */
  readonly adjudicatedBy: string;
}

/** The platform's answer: a settlement breakdown or a refusal. */
export type AdjudicationOutcome = { readonly adjudication: Adjudication } | { readonly refusal: AdjudicationRefusal };

const POLICY_KIND: Readonly<Record<ClaimKind, PolicyKind | undefined>> = {
  [ClaimKind.UNSPECIFIED]: undefined,
  [ClaimKind.OUTPATIENT]: "outpatient",
  [ClaimKind.INPATIENT]: "inpatient",
  [ClaimKind.PHARMACY]: "pharmacy",
};

const CLR_TYPE: Readonly<Record<PolicyKind, string>> = { outpatient: "11", inpatient: "21", pharmacy: "41" };

const minOf = (a: bigint, b: bigint): bigint => (a < b ? a : b);
const maxOf = (a: bigint, b: bigint): bigint => (a > b ? a : b);

function refusal(claim: Claim, code: string, message: string): AdjudicationOutcome {
  return { refusal: create(AdjudicationRefusalSchema, { claimId: claim.claimId, code, message }) };
}

/**
 * Adjudicates `claim` under the insured province's `policy`. Pure: the same inputs always give
 * the same answer.
 *
 * - Totals (medfee_sumamt, fulamt_ownpay_amt, overlmt_selfpay, preselfpay_amt, inscp_scp_amt) are
 *   restated from the claim, so I1 holds whenever it holds on the claim.
 * - act_pay_dedc = min(deductible, inscp_scp_amt); hifp_pay = ⌊(inscp − dedc) × ratio / 1000⌋,
 *   capped per claim; cvlserv_pay (insutype 320 only) = ⌊(inscp − dedc − hifp) × ‰ / 1000⌋;
 *   the other funds and hosp_part_amt are 0.
 * - psn_part_amt = medfee − Σ funds − hosp_part_amt; acct_pay (insutype 310 with
 *   acct_used_flag "1" only) = min(balance, psn_part_amt), never negative;
 *   psn_cash_pay = psn_part_amt − acct_pay; balc = balance − acct_pay.
 * - clr_type 11 / 21 / 41 by kind, clr_way "01", clr_optins the insured province's admdvs ("320000").
 * - fund_pay_sumamt = Σ funds, plus acct_pay where `policy.fundIncludesAcct` (the platform's
 *   I2/I4 convention); I3 holds either way.
 *
 * Refusals: psn_no starting with "NOTINS" → PSN_NOT_INSURED; insutype 410 → INSUTYPE_NOT_COVERED;
 * a claim of unspecified kind → CLAIM_KIND_UNSPECIFIED.
 */
export function adjudicate(claim: Claim, policy: ProvincePolicy, opts: AdjudicationOptions): AdjudicationOutcome {
  const psnNo = claim.person?.psnNo ?? "";
  const insutype = claim.person?.insutype ?? "";
  if (psnNo.startsWith("NOTINS")) {
    return refusal(claim, "PSN_NOT_INSURED", `参保地无此参保人员: ${psnNo} is not insured in ${policy.provinceName}`);
  }
  if (insutype === "410") {
    return refusal(claim, "INSUTYPE_NOT_COVERED", "长期护理保险不属于跨省直接结算范围: insutype 410 is not settled across provinces");
  }
  const kind = POLICY_KIND[claim.kind];
  if (kind === undefined) {
    return refusal(claim, "CLAIM_KIND_UNSPECIFIED", "无法确定医疗类别: claim kind is unspecified");
  }

  const medfee = claim.totals?.medfeeSumamt ?? 0n;
  const inscp = claim.totals?.inscpScpAmt ?? 0n;
  const ratio = policy.poolRatioPermille[kind];

  const dedc = maxOf(0n, minOf(policy.deductibleFen[kind], inscp));
  const eligible = maxOf(0n, inscp - dedc);
  const hifp = minOf((eligible * BigInt(ratio)) / 1000n, policy.hifpCapFen[kind]);
  const cvlserv = insutype === "320" && policy.cvlservPermille !== undefined ? ((eligible - hifp) * BigInt(policy.cvlservPermille)) / 1000n : 0n;
  const hifes = 0n;
  const hifmi = 0n;
  const hifob = 0n;
  const maf = 0n;
  const oth = 0n;
  const funds = hifp + cvlserv + hifes + hifmi + hifob + maf + oth;

  const hospPart = 0n;
  const psnPart = medfee - funds - hospPart;
  const accountUsable = insutype === "310" && claim.encounter?.acctUsedFlag === "1";
  const acct = accountUsable ? maxOf(0n, minOf(opts.accountBalanceFen, psnPart)) : 0n;

  return {
    adjudication: create(AdjudicationSchema, {
      claimId: claim.claimId,
      setlId: opts.setlId,
      medfeeSumamt: medfee,
      fulamtOwnpayAmt: claim.totals?.fulamtOwnpayAmt ?? 0n,
      overlmtSelfpay: claim.totals?.overlmtSelfpay ?? 0n,
      preselfpayAmt: claim.totals?.preselfpayAmt ?? 0n,
      inscpScpAmt: inscp,
      actPayDedc: dedc,
      hifpPay: hifp,
      cvlservPay: cvlserv,
      hifesPay: hifes,
      hifmiPay: hifmi,
      hifobPay: hifob,
      mafPay: maf,
      othPay: oth,
      fundPaySumamt: policy.fundIncludesAcct ? funds + acct : funds,
      hospPartAmt: hospPart,
      psnPartAmt: psnPart,
      acctPay: acct,
      psnCashPay: psnPart - acct,
      acctMulaidPay: 0n,
      balc: opts.accountBalanceFen - acct,
      poolPropPermille: ratio,
      clrType: CLR_TYPE[kind],
      clrWay: "01",
      clrOptins: `${isAdmdvs(claim.insuplcAdmdvs) ? provinceOf(claim.insuplcAdmdvs) : policy.provinceCode}0000`,
      setlTime: opts.setlTime,
      adjudicatedBy: opts.adjudicatedBy,
    }),
  };
}

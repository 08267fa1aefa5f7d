/**
 * A simulated insured platform's adjudication (参保地政策): its policy applied to a claim's totals,
 * giving the national setlinfo breakdown, or a refusal from its simulated insured-side checks.
 */
import { create } from "@bufbuild/protobuf";
import { isAdmdvs, provinceOf } from "@tongxing/domain";
import { travellerCategory } from "@tongxing/filings";
import { firstSelfPayPermille, isRemoteCare, levelFor, poolRatioFor, type TravellerCategory } from "@tongxing/policy";
import { AdjudicationRefusalSchema, AdjudicationSchema, ClaimKind, type Adjudication, type AdjudicationRefusal, type Claim, type Filing } from "@tongxing/proto";
import { judgeLines } from "./judge-lines.js";
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
  /** The person's filings with the platform (its own registry); none = unfiled. */
  readonly filings?: readonly Filing[];
  /** The treating institution's level as the platform knows it; undefined = unknown (base ratio). */
  readonly institutionLevel?: string;
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
 *   restated from the claim, so I1 holds whenever it holds on the claim. Lines sent without their
 *   split (a fee upload) are judged (judge-lines.ts) and answered per line in fee_lines; a split
 *   total the claim did not send is the sum over the lines.
 * - Remote care (treatment admdvs outside the insured pool's first four digits) of a temporary
 *   traveller pays a first self-pay share first: the category (long-term resident, referral,
 *   emergency, temporary, unfiled) from the person's filings at the encounter (end, else begin
 *   time), fsp = ⌊inscp × ‰ / 1000⌋, base = inscp − fsp (long-term residents: fsp = 0).
 * - act_pay_dedc = min(deductible, base); ratio = the med_type override, else the institution
 *   level's (unfiled care: the policy's unfiled level), else the kind's; hifp_pay =
 *   ⌊(base − dedc) × ratio / 1000⌋, capped per claim; cvlserv_pay (insutype 320 only) =
 *   ⌊(base − dedc − hifp) × ‰ / 1000⌋; the other funds and hosp_part_amt are 0.
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
  const judged = judgeLines(claim);
  const inscp = judged.totals.inscpScpAmt;
  const medType = claim.encounter?.medType ?? "";
  const category: TravellerCategory | undefined = isRemoteCare(claim.mdtrtareaAdmvs, claim.insuplcAdmdvs)
    ? travellerCategory(opts.filings ?? [], claim.mdtrtareaAdmvs, medType, encounterAtMs(claim))
    : undefined;
  const fspPermille = category === undefined ? 0 : firstSelfPayPermille(policy, kind, category);
  const firstSelfPay = (maxOf(0n, inscp) * BigInt(fspPermille)) / 1000n;
  const base = inscp - firstSelfPay;
  const ratio = poolRatioFor(policy, kind, medType, category === undefined ? opts.institutionLevel : levelFor(policy, category, opts.institutionLevel));

  const dedc = maxOf(0n, minOf(policy.deductibleFen[kind], base));
  const eligible = maxOf(0n, base - dedc);
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
      fulamtOwnpayAmt: judged.totals.fulamtOwnpayAmt,
      overlmtSelfpay: judged.totals.overlmtSelfpay,
      preselfpayAmt: judged.totals.preselfpayAmt,
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
      feeLines: judged.results,
    }),
  };
}

/** When care ended, else began ("yyyy-MM-dd HH:mm:ss" Beijing time), else now: the day filings are judged on. */
function encounterAtMs(claim: Claim): number {
  for (const text of [claim.encounter?.endtime, claim.encounter?.begntime]) {
    if (text !== undefined && /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(text)) {
      const ms = Date.parse(`${text.replace(" ", "T")}+08:00`);
      if (!Number.isNaN(ms)) return ms;
    }
  }
  return Date.now();
}

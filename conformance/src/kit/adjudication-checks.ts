import { ClaimKind, type Adjudication, type Claim } from "@tongxing/proto";
import type { CaseRecorder } from "./case-outcome.js";

const CLR_TYPE: Readonly<Record<number, string>> = { [ClaimKind.OUTPATIENT]: "11", [ClaimKind.INPATIENT]: "21", [ClaimKind.PHARMACY]: "41" };
const CLR_WAYS = new Set(["1", "2", "3", "4", "5"]);
const NATIONAL_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

/**
 * Checks one adjudication of `claim` against ADJ-01 to ADJ-07, naming the field of each
 * violation. Amounts are bigint fen; an absent field reads as 0n (proto3), so identities treat
 * a missing component as zero, as the national interface does for I2.
 */
export function checkAdjudication(claim: Claim, a: Adjudication, rec: CaseRecorder): void {
  rec.check(a.claimId === claim.claimId, "ADJ-01", `claim_id is "${a.claimId}", the delivered claim is "${claim.claimId}"`);
  rec.check(a.setlId !== "", "ADJ-01", "setl_id is empty");
  rec.check(NATIONAL_TIME.test(a.setlTime), "ADJ-01", `setl_time "${a.setlTime}" is not yyyy-MM-dd HH:mm:ss`);

  const t = claim.totals;
  const restated: [string, bigint, bigint][] = [
    ["medfee_sumamt", a.medfeeSumamt, t?.medfeeSumamt ?? 0n],
    ["fulamt_ownpay_amt", a.fulamtOwnpayAmt, t?.fulamtOwnpayAmt ?? 0n],
    ["overlmt_selfpay", a.overlmtSelfpay, t?.overlmtSelfpay ?? 0n],
    ["preselfpay_amt", a.preselfpayAmt, t?.preselfpayAmt ?? 0n],
    ["inscp_scp_amt", a.inscpScpAmt, t?.inscpScpAmt ?? 0n],
  ];
  for (const [field, got, want] of restated) rec.check(got === want, "ADJ-02", `${field} is ${got} fen, the claim's is ${want} fen`);

  const i1 = a.inscpScpAmt + a.preselfpayAmt + a.fulamtOwnpayAmt + a.overlmtSelfpay;
  rec.check(a.medfeeSumamt === i1, "ADJ-03", `I1: medfee_sumamt ${a.medfeeSumamt} ≠ inscp_scp_amt + preselfpay_amt + fulamt_ownpay_amt + overlmt_selfpay = ${i1}`);

  const funds = a.hifpPay + a.cvlservPay + a.hifesPay + a.hifmiPay + a.hifobPay + a.mafPay + a.othPay;
  const excludes = a.fundPaySumamt === funds && a.medfeeSumamt === a.fundPaySumamt + a.psnPartAmt + a.hospPartAmt;
  const includes = a.fundPaySumamt === funds + a.acctPay && a.medfeeSumamt === a.fundPaySumamt - a.acctPay + a.psnPartAmt + a.hospPartAmt;
  rec.check(
    excludes || includes,
    "ADJ-04",
    `I2/I4: fund_pay_sumamt ${a.fundPaySumamt}, Σ fund payments ${funds}, acct_pay ${a.acctPay}, psn_part_amt ${a.psnPartAmt}, hosp_part_amt ${a.hospPartAmt}, medfee_sumamt ${a.medfeeSumamt}: neither convention holds`,
  );

  rec.check(a.psnPartAmt === a.acctPay + a.psnCashPay, "ADJ-05", `I3: psn_part_amt ${a.psnPartAmt} ≠ acct_pay ${a.acctPay} + psn_cash_pay ${a.psnCashPay}`);

  const amounts: [string, bigint][] = [
    ["medfee_sumamt", a.medfeeSumamt], ["fulamt_ownpay_amt", a.fulamtOwnpayAmt], ["overlmt_selfpay", a.overlmtSelfpay],
    ["preselfpay_amt", a.preselfpayAmt], ["inscp_scp_amt", a.inscpScpAmt], ["act_pay_dedc", a.actPayDedc], ["hifp_pay", a.hifpPay],
    ["cvlserv_pay", a.cvlservPay], ["hifes_pay", a.hifesPay], ["hifmi_pay", a.hifmiPay], ["hifob_pay", a.hifobPay], ["maf_pay", a.mafPay],
    ["oth_pay", a.othPay], ["fund_pay_sumamt", a.fundPaySumamt], ["hosp_part_amt", a.hospPartAmt], ["psn_part_amt", a.psnPartAmt],
    ["acct_pay", a.acctPay], ["psn_cash_pay", a.psnCashPay], ["acct_mulaid_pay", a.acctMulaidPay],
  ];
  for (const [field, v] of amounts) rec.check(v >= 0n, "ADJ-06", `${field} is negative (${v} fen)`);

  const wantClr = CLR_TYPE[claim.kind];
  rec.check(a.clrType === wantClr, "ADJ-07", `clr_type "${a.clrType}" does not match the claim's kind (expected "${wantClr ?? "?"}")`);
  rec.check(CLR_WAYS.has(a.clrWay.replace(/^0+/, "")), "ADJ-07", `clr_way "${a.clrWay}" is not in the national table (01 to 05)`);
}

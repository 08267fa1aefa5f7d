import { REQUIRED_ADJUDICATION_AMOUNTS } from "@tongxing/domain";
import { FindingSeverity, type Adjudication, type Finding } from "@tongxing/proto";
import { finding, type AuditRule } from "./rule.js";

/** Every amount of the setlinfo breakdown, by wire name. */
const AMOUNTS: readonly (readonly [string, (a: Adjudication) => bigint | undefined])[] = [
  ["medfee_sumamt", (a) => a.medfeeSumamt],
  ["fulamt_ownpay_amt", (a) => a.fulamtOwnpayAmt],
  ["overlmt_selfpay", (a) => a.overlmtSelfpay],
  ["preselfpay_amt", (a) => a.preselfpayAmt],
  ["inscp_scp_amt", (a) => a.inscpScpAmt],
  ["act_pay_dedc", (a) => a.actPayDedc],
  ["hifp_pay", (a) => a.hifpPay],
  ["cvlserv_pay", (a) => a.cvlservPay],
  ["hifes_pay", (a) => a.hifesPay],
  ["hifmi_pay", (a) => a.hifmiPay],
  ["hifob_pay", (a) => a.hifobPay],
  ["maf_pay", (a) => a.mafPay],
  ["oth_pay", (a) => a.othPay],
  ["fund_pay_sumamt", (a) => a.fundPaySumamt],
  ["hosp_part_amt", (a) => a.hospPartAmt],
  ["psn_part_amt", (a) => a.psnPartAmt],
  ["acct_pay", (a) => a.acctPay],
  ["psn_cash_pay", (a) => a.psnCashPay],
  ["acct_mulaid_pay", (a) => a.acctMulaidPay],
  ["balc", (a) => a.balc],
];

/** 职工基本医疗保险: the only insurance type with a personal account. */
const EMPLOYEES_BASIC = "310";

/**
 * A1: plausibility of a settlement's amounts.
 * - medfee_sumamt and fund_pay_sumamt are stated (absent is not zero: a settlement is never
 *   computed with a missing total read as 0); expected "stated", actual "absent". Dialects refuse
 *   such a reply already; this covers an adjudication that reached the auditor without them.
 * - No amount is negative (refunds and cancellations are separate transactions, not settlements
 *   audited here); expected is "0", the least allowed value.
 * - acct_pay is 0 or not stated unless the claim's insutype is 310: residents (390) and the rest have no
 *   personal account. Family sharing (acct_mulaid_pay) may pay for a relative; rule A2 checks
 *   that a family-sharing binding is in force.
 * - What the insurance pays, funds plus personal account (fund_pay_sumamt net of acct_pay where
 *   it includes it), is at most medfee_sumamt; expected is medfee_sumamt, actual the payment.
 */
export const amountsSane: AuditRule = {
  id: "A1",
  severity: FindingSeverity.ERROR,
  description:
    "medfee_sumamt and fund_pay_sumamt are stated (absent is not zero); no amount of a settlement is negative; acct_pay is 0 or not stated unless the claim's insutype is 310 (employees' basic: residents have no personal account); funds plus acct_pay (fund_pay_sumamt already counting acct_pay where the platform includes it) pay at most medfee_sumamt (an acct_pay not stated paid nothing).",
  check({ claim, adjudication: a, policy }) {
    const out: Finding[] = [];
    for (const [name, field] of REQUIRED_ADJUDICATION_AMOUNTS) {
      if (a[field] === undefined) out.push(finding(amountsSane, `${name} is absent; the insured platform's adjudication must state it (absent is not zero)`, "stated", undefined));
    }
    for (const [name, get] of AMOUNTS) {
      const value = get(a);
      if (value !== undefined && value < 0n) out.push(finding(amountsSane, `${name} is negative; no amount of a settlement may be below 0`, 0n, value));
    }

    const insutype = claim.person?.insutype ?? "";
    if (a.acctPay !== undefined && a.acctPay !== 0n && insutype !== EMPLOYEES_BASIC) {
      out.push(finding(amountsSane, `acct_pay is not 0 for insutype ${insutype || "(none)"}, which has no personal account (only 310 has)`, 0n, a.acctPay));
    }

    if (a.fundPaySumamt === undefined || a.medfeeSumamt === undefined) return out;
    const insurancePays = policy.fundIncludesAcct ? a.fundPaySumamt : a.fundPaySumamt + (a.acctPay ?? 0n);
    if (insurancePays > a.medfeeSumamt) {
      const paysText = policy.fundIncludesAcct ? "fund_pay_sumamt (including acct_pay)" : "fund_pay_sumamt + acct_pay";
      out.push(finding(amountsSane, `${paysText} exceeds medfee_sumamt`, a.medfeeSumamt, insurancePays));
    }
    return out;
  },
};

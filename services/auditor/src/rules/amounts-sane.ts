import type { Adjudication, Finding } from "@tongxing/proto";
import { finding, Severity, type AuditRule } from "./rule.js";

const AMOUNT_FIELDS = [
  ["medfee_sumamt", (a: Adjudication) => a.medfeeSumamt],
  ["act_pay_dedc", (a: Adjudication) => a.actPayDedc],
  ["hifp_pay", (a: Adjudication) => a.hifpPay],
  ["cvlserv_pay", (a: Adjudication) => a.cvlservPay],
  ["hifes_pay", (a: Adjudication) => a.hifesPay],
  ["hifmi_pay", (a: Adjudication) => a.hifmiPay],
  ["hifob_pay", (a: Adjudication) => a.hifobPay],
  ["maf_pay", (a: Adjudication) => a.mafPay],
  ["oth_pay", (a: Adjudication) => a.othPay],
  ["fund_pay_sumamt", (a: Adjudication) => a.fundPaySumamt],
  ["psn_part_amt", (a: Adjudication) => a.psnPartAmt],
  ["acct_pay", (a: Adjudication) => a.acctPay],
  ["psn_cash_pay", (a: Adjudication) => a.psnCashPay],
  ["hosp_part_amt", (a: Adjudication) => a.hospPartAmt],
] as const;

/** Employees' basic insurance: the only insurance type with a personal account. */
const EMPLOYEES_BASIC = "310";

/** A1: no negative amount in a settlement, the account only for employees, no overpayment. */
export const amountsSane: AuditRule = {
  id: "A1",
  severity: Severity.ERROR,
  description:
    "No amount of a settlement is negative; acct_pay is zero unless insutype is 310 (residents have no personal account); fund and account together never pay more than medfee_sumamt.",
  check({ claim, adjudication: a, policy }) {
    const out: Finding[] = [];
    for (const [name, get] of AMOUNT_FIELDS) {
      if (get(a) < 0n) out.push(finding(this, `${name} is negative in a settlement`, "≥ 0", get(a)));
    }
    const insutype = claim.person?.insutype ?? "";
    if (a.acctPay !== 0n && insutype !== EMPLOYEES_BASIC) {
      out.push(finding(this, `acct_pay is paid for insutype ${insutype || "(none)"}, which has no personal account`, 0n, a.acctPay));
    }
    const fundOnly = policy.fundIncludesAcct ? a.fundPaySumamt - a.acctPay : a.fundPaySumamt;
    if (fundOnly + a.acctPay > a.medfeeSumamt) {
      out.push(finding(this, "fund and account together pay more than medfee_sumamt", `≤ ${a.medfeeSumamt}`, fundOnly + a.acctPay));
    }
    return out;
  },
};

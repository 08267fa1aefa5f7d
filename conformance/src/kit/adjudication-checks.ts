import { REQUIRED_ADJUDICATION_AMOUNTS, sumStated } from "@tongxing/domain";
import { ClaimKind, type Adjudication, type Claim } from "@tongxing/proto";
import type { CaseRecorder } from "./case-outcome.js";

const CLR_TYPE: Readonly<Record<number, string>> = { [ClaimKind.OUTPATIENT]: "11", [ClaimKind.INPATIENT]: "21", [ClaimKind.PHARMACY]: "41" };
const CLR_WAYS = new Set(["1", "2", "3", "4", "5"]);
const NATIONAL_TIME = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

/** An amount as a check message quotes it. */
const shown = (fen: bigint | undefined): string => (fen === undefined ? "absent" : `${fen} fen`);

/**
 * Checks one adjudication of `claim` against ADJ-01 to ADJ-07, naming the field of each
 * violation. Amounts are bigint fen with presence (absent is not zero): medfee_sumamt and
 * fund_pay_sumamt must be stated; in the identities a component not stated contributes nothing,
 * as the hub's rules read it (docs/audit-rules.md).
 */
export function checkAdjudication(claim: Claim, a: Adjudication, rec: CaseRecorder): void {
  rec.check(a.claimId === claim.claimId, "ADJ-01", `claim_id is "${a.claimId}", the delivered claim is "${claim.claimId}"`);
  rec.check(a.setlId !== "", "ADJ-01", "setl_id is empty");
  rec.check(NATIONAL_TIME.test(a.setlTime), "ADJ-01", `setl_time "${a.setlTime}" is not yyyy-MM-dd HH:mm:ss`);

  for (const [wire, field] of REQUIRED_ADJUDICATION_AMOUNTS) rec.check(a[field] !== undefined, "ADJ-02", `${wire} is absent; an adjudication must state it (absent is not zero)`);
  const t = claim.totals;
  // A split part the claim did not send is the insured side's to state.
  const restated: [string, bigint | undefined, bigint | undefined][] = [
    ["medfee_sumamt", a.medfeeSumamt, t?.medfeeSumamt],
    ["fulamt_ownpay_amt", a.fulamtOwnpayAmt, t?.fulamtOwnpayAmt],
    ["overlmt_selfpay", a.overlmtSelfpay, t?.overlmtSelfpay],
    ["preselfpay_amt", a.preselfpayAmt, t?.preselfpayAmt],
    ["inscp_scp_amt", a.inscpScpAmt, t?.inscpScpAmt],
  ];
  for (const [field, got, want] of restated) rec.check(want === undefined || got === want, "ADJ-02", `${field} is ${shown(got)}, the claim's is ${shown(want)}`);

  const medfee = a.medfeeSumamt ?? 0n;
  const fund = a.fundPaySumamt ?? 0n;
  const acct = a.acctPay ?? 0n;
  const i1 = sumStated([a.inscpScpAmt, a.preselfpayAmt, a.fulamtOwnpayAmt, a.overlmtSelfpay]) ?? 0n;
  rec.check(medfee === i1, "ADJ-03", `I1: medfee_sumamt ${shown(a.medfeeSumamt)} ≠ inscp_scp_amt + preselfpay_amt + fulamt_ownpay_amt + overlmt_selfpay = ${i1} fen`);

  const funds = sumStated([a.hifpPay, a.cvlservPay, a.hifesPay, a.hifmiPay, a.hifobPay, a.mafPay, a.othPay]) ?? 0n;
  const shares = sumStated([a.psnPartAmt, a.hospPartAmt]) ?? 0n;
  const excludes = fund === funds && medfee === fund + shares;
  const includes = fund === funds + acct && medfee === fund - acct + shares;
  rec.check(
    excludes || includes,
    "ADJ-04",
    `I2/I4: fund_pay_sumamt ${shown(a.fundPaySumamt)}, Σ fund payments ${funds} fen, acct_pay ${shown(a.acctPay)}, psn_part_amt ${shown(a.psnPartAmt)}, hosp_part_amt ${shown(a.hospPartAmt)}, medfee_sumamt ${shown(a.medfeeSumamt)}: neither convention holds`,
  );

  rec.check(a.psnPartAmt === undefined || a.psnPartAmt === acct + (a.psnCashPay ?? 0n), "ADJ-05", `I3: psn_part_amt ${shown(a.psnPartAmt)} ≠ acct_pay ${shown(a.acctPay)} + psn_cash_pay ${shown(a.psnCashPay)}`);

  const amounts: [string, bigint | undefined][] = [
    ["medfee_sumamt", a.medfeeSumamt], ["fulamt_ownpay_amt", a.fulamtOwnpayAmt], ["overlmt_selfpay", a.overlmtSelfpay],
    ["preselfpay_amt", a.preselfpayAmt], ["inscp_scp_amt", a.inscpScpAmt], ["act_pay_dedc", a.actPayDedc], ["hifp_pay", a.hifpPay],
    ["cvlserv_pay", a.cvlservPay], ["hifes_pay", a.hifesPay], ["hifmi_pay", a.hifmiPay], ["hifob_pay", a.hifobPay], ["maf_pay", a.mafPay],
    ["oth_pay", a.othPay], ["fund_pay_sumamt", a.fundPaySumamt], ["hosp_part_amt", a.hospPartAmt], ["psn_part_amt", a.psnPartAmt],
    ["acct_pay", a.acctPay], ["psn_cash_pay", a.psnCashPay], ["acct_mulaid_pay", a.acctMulaidPay],
  ];
  for (const [field, v] of amounts) rec.check(v === undefined || v >= 0n, "ADJ-06", `${field} is negative (${shown(v)})`);

  const wantClr = CLR_TYPE[claim.kind];
  rec.check(a.clrType === wantClr, "ADJ-07", `clr_type "${a.clrType}" does not match the claim's kind (expected "${wantClr ?? "?"}")`);
  rec.check(CLR_WAYS.has(a.clrWay.replace(/^0+/, "")), "ADJ-07", `clr_way "${a.clrWay}" is not in the national table (01 to 05)`);
}

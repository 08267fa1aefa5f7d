import type { Adjudication } from "@tongxing/proto";

/** Amount fields of the national `setlinfo`, mapped onto the canonical Adjudication (fen). */
export const SETLINFO_AMOUNTS = [
  ["medfee_sumamt", "medfeeSumamt"],
  ["fulamt_ownpay_amt", "fulamtOwnpayAmt"],
  ["overlmt_selfpay", "overlmtSelfpay"],
  ["preselfpay_amt", "preselfpayAmt"],
  ["inscp_scp_amt", "inscpScpAmt"],
  ["act_pay_dedc", "actPayDedc"],
  ["hifp_pay", "hifpPay"],
  ["cvlserv_pay", "cvlservPay"],
  ["hifes_pay", "hifesPay"],
  ["hifmi_pay", "hifmiPay"],
  ["hifob_pay", "hifobPay"],
  ["maf_pay", "mafPay"],
  ["oth_pay", "othPay"],
  ["fund_pay_sumamt", "fundPaySumamt"],
  ["psn_part_amt", "psnPartAmt"],
  ["acct_pay", "acctPay"],
  ["psn_cash_pay", "psnCashPay"],
  ["hosp_part_amt", "hospPartAmt"],
  ["balc", "balc"],
  ["acct_mulaid_pay", "acctMulaidPay"],
] as const satisfies readonly (readonly [string, keyof Adjudication])[];

/** Text fields of `setlinfo` carried by the canonical Adjudication. */
export const SETLINFO_TEXTS = [
  ["setl_id", "setlId"],
  ["clr_optins", "clrOptins"],
  ["clr_way", "clrWay"],
  ["clr_type", "clrType"],
  ["setl_time", "setlTime"],
] as const satisfies readonly (readonly [string, keyof Adjudication])[];

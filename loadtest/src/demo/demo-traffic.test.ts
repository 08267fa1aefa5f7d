import assert from "node:assert/strict";
import { test } from "node:test";
import { settledAmounts } from "./demo-traffic.js";

test("a settled demo claim's amounts: the account beside the fund, or inside it where the insured province counts it there", () => {
  const a = { medfeeSumamt: 3630n, fundPaySumamt: 3630n, acctPay: 1452n, psnCashPay: 0n };
  // Zhejiang (33) includes the personal account in fund_pay_sumamt.
  assert.equal(settledAmounts(a, "33"), "total ¥36.30  fund ¥36.30 (incl. account ¥14.52)  cash ¥0.00");
  assert.equal(settledAmounts({ medfeeSumamt: 27380n, fundPaySumamt: 12096n, acctPay: 15284n, psnCashPay: 0n }, "61"), "total ¥273.80  fund ¥120.96  account ¥152.84  cash ¥0.00");
  assert.equal(settledAmounts({ medfeeSumamt: 100n }, "61"), "total ¥1.00  fund (not stated)  account (not stated)  cash (not stated)");
});

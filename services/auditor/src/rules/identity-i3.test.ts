import assert from "node:assert/strict";
import { test } from "node:test";
import { identityI3 } from "./identity-i3.js";
import { checkSample, summarize } from "./sample-settlement.js";

test("I3 passes when psn_part_amt = acct_pay + psn_cash_pay, under both conventions", () => {
  assert.deepEqual(checkSample(identityI3, false), []);
  assert.deepEqual(checkSample(identityI3, true), []);
});

test("I3 reports acct_pay + psn_cash_pay as expected and psn_part_amt as actual", () => {
  for (const flag of [false, true]) {
    const findings = checkSample(identityI3, flag, (_, a) => (a.psnCashPay = 2049n));
    assert.deepEqual(summarize(findings), [{ ruleId: "I3", message: "psn_part_amt differs from acct_pay + psn_cash_pay", expected: "5049", actual: "5050" }]);
  }
});

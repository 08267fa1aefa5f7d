import assert from "node:assert/strict";
import { test } from "node:test";
import { identityI2 } from "./identity-i2.js";
import { checkSample, summarize } from "./sample-settlement.js";

test("I2 passes under each convention with that convention's fund_pay_sumamt", () => {
  assert.deepEqual(checkSample(identityI2, false), []); // 7000 + 5050 + 0
  assert.deepEqual(checkSample(identityI2, true), []); // 10000 − 3000 + 5050 + 0
});

test("I2 without the account in the fund total: fund_pay_sumamt + psn_part_amt + hosp_part_amt", () => {
  // The fund total of a platform that includes the account, read as one that does not.
  const findings = checkSample(identityI2, false, (_, a) => (a.fundPaySumamt = 10000n));
  assert.deepEqual(summarize(findings), [
    { ruleId: "I2", message: "medfee_sumamt differs from fund_pay_sumamt + psn_part_amt + hosp_part_amt", expected: "15050", actual: "12050" },
  ]);
});

test("I2 with the account in the fund total: fund_pay_sumamt − acct_pay + psn_part_amt + hosp_part_amt", () => {
  const findings = checkSample(identityI2, true, (_, a) => (a.fundPaySumamt = 7000n));
  assert.deepEqual(summarize(findings), [
    { ruleId: "I2", message: "medfee_sumamt differs from fund_pay_sumamt − acct_pay + psn_part_amt + hosp_part_amt", expected: "9050", actual: "12050" },
  ]);
});

test("I2 counts hosp_part_amt", () => {
  const findings = checkSample(identityI2, false, (_, a) => (a.hospPartAmt = 100n));
  assert.deepEqual(summarize(findings).map((f) => [f.expected, f.actual]), [["12150", "12050"]]);
});

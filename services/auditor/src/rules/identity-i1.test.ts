import assert from "node:assert/strict";
import { test } from "node:test";
import { FindingSeverity } from "@tongxing/proto";
import { identityI1 } from "./identity-i1.js";
import { checkSample, summarize } from "./sample-settlement.js";

test("I1 passes when medfee_sumamt is the sum of its four parts, under both conventions", () => {
  assert.deepEqual(checkSample(identityI1, false), []);
  assert.deepEqual(checkSample(identityI1, true), []);
});

test("I1 reports the sum of the parts as expected and medfee_sumamt as actual", () => {
  const findings = checkSample(identityI1, false, (_, a) => (a.overlmtSelfpay = 1n));
  assert.deepEqual(summarize(findings), [
    { ruleId: "I1", message: "medfee_sumamt differs from inscp_scp_amt + preselfpay_amt + fulamt_ownpay_amt + overlmt_selfpay", expected: "12051", actual: "12050" },
  ]);
  assert.equal(findings[0]?.severity, FindingSeverity.ERROR);
});

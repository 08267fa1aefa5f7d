import assert from "node:assert/strict";
import { test } from "node:test";
import { checkSample, summarize } from "./sample-settlement.js";
import { totalsMatch } from "./totals-match.js";

test("C1 passes when the adjudication restates the claim's totals", () => {
  assert.deepEqual(checkSample(totalsMatch, false), []);
  assert.deepEqual(checkSample(totalsMatch, true), []);
});

test("C1 reports each restated total that differs: the claim's as expected, the adjudication's as actual", () => {
  const findings = checkSample(totalsMatch, false, (_, a) => {
    a.medfeeSumamt = 12000n;
    a.preselfpayAmt = 500n;
  });
  assert.deepEqual(summarize(findings), [
    { ruleId: "C1", message: "medfee_sumamt of the adjudication differs from the claim's medfee_sumamt", expected: "12050", actual: "12000" },
    { ruleId: "C1", message: "preselfpay_amt of the adjudication differs from the claim's preselfpay_amt", expected: "550", actual: "500" },
  ]);
});

test("C1 reads a claim without totals as zero", () => {
  const findings = checkSample(totalsMatch, false, (c) => (c.totals = undefined));
  assert.deepEqual(summarize(findings).map((f) => [f.message.split(" ")[0], f.expected, f.actual]), [
    ["medfee_sumamt", "0", "12050"],
    ["fulamt_ownpay_amt", "0", "1000"],
    ["preselfpay_amt", "0", "550"],
    ["inscp_scp_amt", "0", "10500"],
  ]);
});

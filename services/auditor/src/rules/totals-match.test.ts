import assert from "node:assert/strict";
import { test } from "node:test";
import { checkSample, summarize } from "./sample-settlement.js";
import type { Claim } from "@tongxing/proto";
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

test("C1 compares nothing a claim without totals did not send (absent is not zero; intake requires medfee_sumamt)", () => {
  assert.deepEqual(checkSample(totalsMatch, false, (c) => (c.totals = undefined)), []);
});

test("C1: a split part the claim sent and the adjudication leaves out is a difference, quoted as absent", () => {
  const findings = checkSample(totalsMatch, false, (_c, a) => (a.inscpScpAmt = undefined));
  assert.deepEqual(summarize(findings).map((f) => [f.message.split(" ")[0], f.actual]), [["inscp_scp_amt", "absent"]]);
});

test("C1 leaves a split part the claim did not send to the insured side, and compares a sent zero", () => {
  const notSent = (c: Claim) => {
    c.totals!.fulamtOwnpayAmt = undefined;
    c.totals!.preselfpayAmt = undefined;
    c.totals!.inscpScpAmt = undefined;
    c.totals!.overlmtSelfpay = undefined;
  };
  assert.deepEqual(checkSample(totalsMatch, false, notSent), []);
  // A sent 0.00 is a value, and differs from the adjudication's 10.00.
  const findings = checkSample(totalsMatch, false, (c) => (c.totals!.fulamtOwnpayAmt = 0n));
  assert.deepEqual(summarize(findings).map((f) => [f.message.split(" ")[0], f.expected, f.actual]), [["fulamt_ownpay_amt", "0", "1000"]]);
});

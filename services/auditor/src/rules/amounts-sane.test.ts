import assert from "node:assert/strict";
import { test } from "node:test";
import { amountsSane } from "./amounts-sane.js";
import { checkSample, summarize } from "./sample-settlement.js";

test("A1 passes a plausible employee settlement under both conventions", () => {
  assert.deepEqual(checkSample(amountsSane, false), []);
  assert.deepEqual(checkSample(amountsSane, true), []);
});

test("A1 passes a resident (390) settlement without personal account", () => {
  const findings = checkSample(amountsSane, false, (c, a) => {
    c.person!.insutype = "390";
    a.acctPay = 0n;
    a.psnCashPay = 5050n;
    a.balc = 0n;
  });
  assert.deepEqual(findings, []);
});

test("A1 reports every negative amount with 0 as expected", () => {
  const findings = checkSample(amountsSane, false, (_, a) => {
    a.hifmiPay = -1n;
    a.balc = -5n;
  });
  assert.deepEqual(summarize(findings), [
    { ruleId: "A1", message: "hifmi_pay is negative; no amount of a settlement may be below 0", expected: "0", actual: "-1" },
    { ruleId: "A1", message: "balc is negative; no amount of a settlement may be below 0", expected: "0", actual: "-5" },
  ]);
});

test("A1 reports acct_pay for a resident, who has no personal account", () => {
  const findings = checkSample(amountsSane, false, (c) => (c.person!.insutype = "390"));
  assert.deepEqual(summarize(findings), [
    { ruleId: "A1", message: "acct_pay is not 0 for insutype 390, which has no personal account (only 310 has)", expected: "0", actual: "3000" },
  ]);
  const unknown = checkSample(amountsSane, false, (c) => (c.person = undefined));
  assert.equal(unknown[0]?.message, "acct_pay is not 0 for insutype (none), which has no personal account (only 310 has)");
});

test("A1 reports funds and account paying more than the bill, under each convention", () => {
  const without = checkSample(amountsSane, false, (_, a) => (a.fundPaySumamt = 9051n));
  assert.deepEqual(summarize(without), [{ ruleId: "A1", message: "fund_pay_sumamt + acct_pay exceeds medfee_sumamt", expected: "12050", actual: "12051" }]);
  const within = checkSample(amountsSane, true, (_, a) => (a.fundPaySumamt = 12051n));
  assert.deepEqual(summarize(within), [{ ruleId: "A1", message: "fund_pay_sumamt (including acct_pay) exceeds medfee_sumamt", expected: "12050", actual: "12051" }]);
  // Exactly the bill is allowed.
  assert.deepEqual(checkSample(amountsSane, false, (_, a) => (a.fundPaySumamt = 9050n)), []);
});

test("A1 rejects an adjudication that does not state medfee_sumamt or fund_pay_sumamt, naming it (absent is not zero)", () => {
  const findings = checkSample(amountsSane, false, (_, a) => (a.fundPaySumamt = undefined));
  assert.deepEqual(summarize(findings), [
    { ruleId: "A1", message: "fund_pay_sumamt is absent; the insured platform's adjudication must state it (absent is not zero)", expected: "stated", actual: "absent" },
  ]);
  const both = checkSample(amountsSane, false, (_, a) => ((a.fundPaySumamt = undefined), (a.medfeeSumamt = undefined)));
  assert.deepEqual(both.map((f) => f.message.split(" ")[0]), ["medfee_sumamt", "fund_pay_sumamt"]);
});

test("A1: an optional component not stated is neither negative nor a personal account", () => {
  assert.deepEqual(checkSample(amountsSane, false, (c, a) => ((c.person!.insutype = "390"), (a.acctPay = undefined), (a.psnCashPay = a.psnPartAmt))), []);
});

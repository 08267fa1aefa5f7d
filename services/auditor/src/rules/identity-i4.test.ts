import assert from "node:assert/strict";
import { test } from "node:test";
import type { Adjudication } from "@tongxing/proto";
import { identityI4 } from "./identity-i4.js";
import { checkSample, summarize } from "./sample-settlement.js";

const FUNDS = "hifp_pay + cvlserv_pay + hifes_pay + hifmi_pay + hifob_pay + maf_pay + oth_pay";

test("I4 passes under each convention with that convention's fund_pay_sumamt", () => {
  assert.deepEqual(checkSample(identityI4, false), []); // 7000
  assert.deepEqual(checkSample(identityI4, true), []); // 7000 + 3000
});

test("I4 without the account: fund_pay_sumamt = Σ funds", () => {
  const findings = checkSample(identityI4, false, (_, a) => (a.fundPaySumamt = 10000n));
  assert.deepEqual(summarize(findings), [{ ruleId: "I4", message: `fund_pay_sumamt differs from ${FUNDS}`, expected: "7000", actual: "10000" }]);
});

test("I4 with the account: fund_pay_sumamt = Σ funds + acct_pay", () => {
  const findings = checkSample(identityI4, true, (_, a) => (a.fundPaySumamt = 7000n));
  assert.deepEqual(summarize(findings), [{ ruleId: "I4", message: `fund_pay_sumamt differs from ${FUNDS} + acct_pay`, expected: "10000", actual: "7000" }]);
});

test("I4 sums every fund", () => {
  const findings = checkSample(identityI4, false, (_, a) => {
    a.cvlservPay = 1n;
    a.hifesPay = 2n;
    a.hifmiPay = 3n;
    a.hifobPay = 4n;
    a.mafPay = 5n;
    a.othPay = 6n;
  });
  assert.deepEqual(summarize(findings).map((f) => [f.expected, f.actual]), [["7021", "7000"]]);
});

test("I4: a fund the adjudication does not state contributes nothing; with none stated only a fund total of 0 holds", () => {
  assert.deepEqual(checkSample(identityI4, false, (_, a) => (a.cvlservPay = undefined)), [], "an unstated fund paid nothing");
  const none = (a: Adjudication) => {
    for (const k of ["hifpPay", "cvlservPay", "hifesPay", "hifmiPay", "hifobPay", "mafPay", "othPay"] as const) a[k] = undefined;
  };
  const findings = summarize(checkSample(identityI4, false, (_, a) => none(a)));
  assert.equal(findings.length, 1);
  assert.equal(findings[0]?.expected, "absent");
  assert.deepEqual(checkSample(identityI4, false, (_, a) => (none(a), (a.fundPaySumamt = 0n))), []);
});

import assert from "node:assert/strict";
import { test } from "node:test";
import { create } from "@bufbuild/protobuf";
import type { InsuredPolicyVersion } from "@tongxing/policy";
import { AdjudicationSchema, ClaimKind, ClaimSchema, FindingSeverity } from "@tongxing/proto";
import { policyRecompute } from "./policy-recompute.js";

const policy: InsuredPolicyVersion = {
  version: "2026-01",
  effectiveFrom: "2026-01-01T00:00:00+08:00",
  deductibleFen: { outpatient: 10_000n, inpatient: 80_000n, pharmacy: 0n },
  poolRatioPermille: { outpatient: 600, inpatient: 850, pharmacy: 500 },
  hifpCapFen: { outpatient: 30_000n, inpatient: 30_000_000n, pharmacy: 15_000n },
  cvlservPermille: 100,
};

function check(insutype: string, inscp: bigint, a: { dedc: bigint; hifp: bigint; cvl?: bigint }, withPolicy = true) {
  const claim = create(ClaimSchema, { kind: ClaimKind.OUTPATIENT, person: { insutype }, totals: { inscpScpAmt: inscp } });
  const adjudication = create(AdjudicationSchema, { actPayDedc: a.dedc, hifpPay: a.hifp, cvlservPay: a.cvl ?? 0n });
  return policyRecompute.check({ claim, adjudication, policy: { fundIncludesAcct: false, ...(withPolicy ? { insured: policy } : {}) } });
}

test("P1 agrees with an adjudication computed by the policy: deductible, ratio, cap, subsidy", () => {
  // 300.00 eligible: deductible 100.00, 60 % of 200.00 = 120.00
  assert.deepEqual(check("310", 30_000n, { dedc: 10_000n, hifp: 12_000n }), []);
  // the cap: 60 % of 900.00 = 540.00, capped at 300.00
  assert.deepEqual(check("310", 100_000n, { dedc: 10_000n, hifp: 30_000n }), []);
  // below the deductible: nothing from the fund
  assert.deepEqual(check("390", 5_000n, { dedc: 5_000n, hifp: 0n }), []);
  // civil servants: 10 % of what the fund leaves (200.00 − 120.00 = 80.00 → 8.00)
  assert.deepEqual(check("320", 30_000n, { dedc: 10_000n, hifp: 12_000n, cvl: 800n }), []);
});

test("P1 holds a differing adjudication with expected and actual, and says nothing without a policy", () => {
  const [f] = check("310", 30_000n, { dedc: 10_000n, hifp: 12_500n });
  assert.equal(f?.ruleId, "P1");
  assert.equal(f?.severity, FindingSeverity.WARNING);
  assert.equal(f?.expected, "12000");
  assert.equal(f?.actual, "12500");
  assert.match(f?.message ?? "", /hifp_pay .* policy 2026-01/);
  assert.deepEqual(check("310", 30_000n, { dedc: 0n, hifp: 0n }, false), []);
});

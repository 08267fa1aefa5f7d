import assert from "node:assert/strict";
import { test } from "node:test";
import { create } from "@bufbuild/protobuf";
import { AdjudicationSchema, ClaimKind, ClaimSchema, FindingSeverity } from "@tongxing/proto";
import { amountCaps } from "./amount-caps.js";

const check = (kind: ClaimKind, medfee: bigint) =>
  amountCaps.check({ claim: create(ClaimSchema, { kind }), adjudication: create(AdjudicationSchema, { medfeeSumamt: medfee }), policy: { fundIncludesAcct: false } });

test("R1 holds claims above the threshold of their kind, not at it", () => {
  assert.deepEqual(check(ClaimKind.OUTPATIENT, 2_000_000n), []);
  const [f] = check(ClaimKind.OUTPATIENT, 2_000_001n);
  assert.equal(f?.ruleId, "R1");
  assert.equal(f?.severity, FindingSeverity.WARNING);
  assert.equal(f?.expected, "≤ 2000000");
  assert.equal(f?.actual, "2000001");
  assert.equal(check(ClaimKind.PHARMACY, 500_001n).length, 1);
  assert.equal(check(ClaimKind.INPATIENT, 500_001n).length, 0, "inpatient has a higher threshold");
});

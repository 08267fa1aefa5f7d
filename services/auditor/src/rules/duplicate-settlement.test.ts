import assert from "node:assert/strict";
import { test } from "node:test";
import { create } from "@bufbuild/protobuf";
import { AdjudicationSchema, ClaimSchema, FindingSeverity } from "@tongxing/proto";
import { duplicateSettlement } from "./duplicate-settlement.js";

const claim = create(ClaimSchema, { claimId: "C000000000000000000000001", encounter: { mdtrtId: "M1", chrgBchno: "B1" } });
const check = (other?: string) =>
  duplicateSettlement.check({ claim, adjudication: create(AdjudicationSchema), policy: { fundIncludesAcct: false }, ...(other === undefined ? {} : { facts: { otherSettlementOfEncounter: other } }) });

test("D1 rejects a second settlement of the same encounter and batch, naming the first claim", () => {
  assert.deepEqual(check(), []);
  assert.deepEqual(check(claim.claimId), [], "the claim's own reservation is not a duplicate");
  const [f] = check("C000000000000000000000002");
  assert.equal(f?.ruleId, "D1");
  assert.equal(f?.severity, FindingSeverity.ERROR);
  assert.equal(f?.actual, "C000000000000000000000002");
  assert.match(f?.message ?? "", /M1 batch B1/);
});

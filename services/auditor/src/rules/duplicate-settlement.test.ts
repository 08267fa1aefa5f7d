import assert from "node:assert/strict";
import { test } from "node:test";
import { create } from "@bufbuild/protobuf";
import { AdjudicationSchema, ClaimSchema, FindingSeverity } from "@tongxing/proto";
import { duplicateMsgid, duplicateSettlement } from "./duplicate-settlement.js";

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

test("D2 rejects a second claim under a msgid the platform already used, naming the first claim", () => {
  const c = create(ClaimSchema, { claimId: "C000000000000000000000003", msgid: "H37010200001202612011405300211", submitterPlatform: "37" });
  const d2 = (other?: string) =>
    duplicateMsgid.check({ claim: c, adjudication: create(AdjudicationSchema), policy: { fundIncludesAcct: false }, ...(other === undefined ? {} : { facts: { otherClaimOfMsgid: other } }) });
  assert.deepEqual(d2(), []);
  assert.deepEqual(d2(c.claimId), [], "the claim's own reservation is not a duplicate");
  const [f] = d2("C000000000000000000000004");
  assert.equal(f?.ruleId, "D2");
  assert.equal(f?.severity, FindingSeverity.ERROR);
  assert.equal(f?.expected, "an unused msgid");
  assert.equal(f?.actual, "C000000000000000000000004");
  assert.equal(f?.message, "msgid H37010200001202612011405300211 of platform 37 was already used by claim C000000000000000000000004");
});

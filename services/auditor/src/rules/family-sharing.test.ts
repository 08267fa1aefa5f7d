import assert from "node:assert/strict";
import { test } from "node:test";
import { create } from "@bufbuild/protobuf";
import { AdjudicationSchema, ClaimSchema, FamilyBindingSchema, FamilyRelation, FindingSeverity } from "@tongxing/proto";
import { familySharing } from "./family-sharing.js";

const at = Date.parse("2026-03-10T10:00:00+08:00");
const binding = (over: Partial<{ beneficiaryPsnNo: string; insuplcAdmdvs: string; begndate: string; enddate: string }> = {}) =>
  create(FamilyBindingSchema, { bindingNo: "B1", holderPsnNo: "HOLDER", beneficiaryPsnNo: "CHILD", insuplcAdmdvs: "320100", relation: FamilyRelation.CHILD, begndate: "2026-01-01", enddate: "", ...over });

function check(mulaid: bigint, bindings?: ReturnType<typeof binding>[]) {
  const claim = create(ClaimSchema, { insuplcAdmdvs: "320100", person: { psnNo: "CHILD", insutype: "390" } });
  return familySharing.check({ claim, adjudication: create(AdjudicationSchema, { acctMulaidPay: mulaid }), policy: { fundIncludesAcct: false }, facts: { encounterAtMs: at, ...(bindings === undefined ? {} : { familyBindings: bindings }) } });
}

test("A2 holds family-sharing payments without a binding in force, with exact message and amounts", () => {
  const [f, ...rest] = check(1_000n);
  assert.equal(rest.length, 0);
  assert.equal(f?.ruleId, "A2");
  assert.equal(f?.severity, FindingSeverity.WARNING);
  assert.equal(f?.message, "acct_mulaid_pay is not 0 but no family-sharing binding with 320100 names the person as beneficiary on the day of care (0 binding(s), none in force)");
  assert.equal(f?.expected, "0");
  assert.equal(f?.actual, "1000");
  assert.equal(check(1_000n, [binding({ enddate: "2026-03-09" })])[0]?.message.endsWith("(1 binding(s), none in force)"), true, "ended the day before");
  assert.equal(check(1_000n, [binding({ begndate: "2026-03-11" })]).length, 1, "not yet in force");
  assert.equal(check(1_000n, [binding({ beneficiaryPsnNo: "SOMEONE" })]).length, 1, "another beneficiary");
  assert.equal(check(1_000n, [binding({ insuplcAdmdvs: "440300" })]).length, 1, "another insured province");
});

test("A2 passes with a binding in force, and whenever no relative's account paid", () => {
  assert.deepEqual(check(1_000n, [binding()]), []);
  assert.deepEqual(check(1_000n, [binding({ begndate: "2026-03-10", enddate: "2026-03-10" })]), [], "both days included");
  assert.deepEqual(check(1_000n, [binding({ insuplcAdmdvs: "320500" })]), [], "bound within the insured province");
  assert.deepEqual(check(0n), []);
});

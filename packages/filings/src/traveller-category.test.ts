import assert from "node:assert/strict";
import { test } from "node:test";
import { create } from "@bufbuild/protobuf";
import { FamilyBindingSchema, FamilyRelation, FilingSchema, FilingType } from "@tongxing/proto";
import { bindingInForce, familyBindingKey, validateFamilyBinding } from "./family-binding-store.js";
import { travellerCategory } from "./traveller-category.js";

const at = Date.parse("2026-03-10T10:00:00+08:00");
const filing = (filingType: FilingType, over: Partial<{ mdtrtareaAdmvs: string; enddate: string }> = {}) =>
  create(FilingSchema, { filingNo: `F${filingType}`, psnNo: "P", insuplcAdmdvs: "371000", mdtrtareaAdmvs: "320000", filingType, begndate: "2026-03-01", enddate: "2026-03-31", ...over });

test("traveller category from the filings covering the day of care, most favourable first", () => {
  assert.equal(travellerCategory([], "320102", "21", at), "unfiled");
  assert.equal(travellerCategory([], "320102", "13", at), "emergency");
  assert.equal(travellerCategory([], "320102", "24", at), "emergency");
  assert.equal(travellerCategory([filing(FilingType.TEMPORARY)], "320102", "21", at), "temporary");
  assert.equal(travellerCategory([filing(FilingType.TEMPORARY)], "320102", "13", at), "emergency", "emergency is more favourable than a temporary filing");
  assert.equal(travellerCategory([filing(FilingType.REFERRAL)], "320102", "13", at), "referral");
  assert.equal(travellerCategory([filing(FilingType.REFERRAL), filing(FilingType.LONG_TERM_RESIDENT)], "320102", "21", at), "long-term");
  assert.equal(travellerCategory([filing(FilingType.REFERRAL, { enddate: "2026-03-09" })], "320102", "21", at), "unfiled", "expired the day before");
  assert.equal(travellerCategory([filing(FilingType.REFERRAL, { mdtrtareaAdmvs: "440000" })], "320102", "21", at), "unfiled", "filed for another province");
});

test("family bindings: key by beneficiary, in force on the day, validated", () => {
  const b = create(FamilyBindingSchema, { bindingNo: "B1", holderPsnNo: "H", beneficiaryPsnNo: "K", insuplcAdmdvs: "320100", relation: FamilyRelation.CHILD, begndate: "2026-03-10", enddate: "2026-03-10" });
  assert.match(familyBindingKey("320100", "K"), /^family\.32\.[0-9a-f]{32}$/);
  assert.equal(familyBindingKey("320100", "K"), familyBindingKey("320500", "K"), "per insured province");
  assert.equal(bindingInForce(b, at), true, "both days included");
  assert.equal(bindingInForce(b, at + 86_400_000), false);
  assert.equal(bindingInForce({ ...b, enddate: "" }, at + 86_400_000 * 365), true, "open-ended");
  assert.deepEqual(validateFamilyBinding(b), []);
  assert.deepEqual(validateFamilyBinding({ ...b, beneficiaryPsnNo: "H" }).map((v) => v.field), ["binding.beneficiary_psn_no"]);
  assert.deepEqual(validateFamilyBinding({ ...b, relation: FamilyRelation.UNSPECIFIED, begndate: "2026/03/10" }).map((v) => v.field), ["binding.relation", "binding.begndate"]);
  assert.deepEqual(validateFamilyBinding(undefined).map((v) => v.field), ["binding"]);
});

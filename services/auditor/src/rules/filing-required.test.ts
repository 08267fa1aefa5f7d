import assert from "node:assert/strict";
import { test } from "node:test";
import { create } from "@bufbuild/protobuf";
import { DEFAULT_INSURED_POLICIES } from "@tongxing/policy";
import { AdjudicationSchema, ClaimSchema, FilingSchema, FilingType } from "@tongxing/proto";
import { filingRequired } from "./filing-required.js";

const insured = { ...DEFAULT_INSURED_POLICIES.get("32")!.versions[0]!, filingRequired: true };
const at = Date.parse("2026-03-10T10:00:00+08:00");
const filing = (over: Partial<{ mdtrtareaAdmvs: string; begndate: string; enddate: string }> = {}) =>
  create(FilingSchema, { filingNo: "F1", psnNo: "P", insuplcAdmdvs: "320100", mdtrtareaAdmvs: "370100", filingType: FilingType.TEMPORARY, begndate: "2026-03-01", enddate: "2026-03-31", ...over });

function check(opts: { medType?: string; treated?: string; filings?: ReturnType<typeof filing>[]; required?: boolean }) {
  const claim = create(ClaimSchema, { mdtrtareaAdmvs: opts.treated ?? "370102", insuplcAdmdvs: "320100", encounter: { medType: opts.medType ?? "11" } });
  return filingRequired.check({
    claim,
    adjudication: create(AdjudicationSchema),
    policy: { fundIncludesAcct: false, insured: { ...insured, filingRequired: opts.required ?? true } },
    facts: { encounterAtMs: at, ...(opts.filings === undefined ? {} : { filings: opts.filings }) },
  });
}

test("F1 wants a filing covering the region (or its province) on the day of care", () => {
  assert.equal(check({})[0]?.ruleId, "F1");
  assert.equal(check({ filings: [filing({ mdtrtareaAdmvs: "370100" })] }).length, 1, "370100 does not cover 370102");
  assert.deepEqual(check({ filings: [filing({ mdtrtareaAdmvs: "370102" })] }), []);
  assert.deepEqual(check({ filings: [filing({ mdtrtareaAdmvs: "370000" })] }), [], "a province-wide filing");
  assert.equal(check({ filings: [filing({ mdtrtareaAdmvs: "370000", enddate: "2026-03-09" })] }).length, 1, "expired the day before");
  assert.deepEqual(check({ filings: [filing({ mdtrtareaAdmvs: "370000", begndate: "2026-03-10", enddate: "2026-03-10" })] }), [], "both days included");
});

test("F1 exempts emergencies, intra-province care and regions that require no filing", () => {
  assert.deepEqual(check({ medType: "13" }), []);
  assert.deepEqual(check({ medType: "24" }), []);
  assert.deepEqual(check({ treated: "320581" }), []);
  assert.deepEqual(check({ required: false }), []);
});

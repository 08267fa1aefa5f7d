import assert from "node:assert/strict";
import { test } from "node:test";
import { PROVINCES } from "@tongxing/domain";
import { FUND_INCLUDES_ACCT_PROVINCES } from "@tongxing/routing";
import { policyFor, PROVINCE_POLICIES } from "./policy-table.js";

test("one policy per province, in PROVINCES order", () => {
  assert.equal(PROVINCE_POLICIES.size, 31);
  assert.deepEqual([...PROVINCE_POLICIES.keys()], PROVINCES.map((p) => p.code));
  for (const p of PROVINCES) assert.equal(policyFor(p.code).provinceName, p.name);
});

test("figures are plausible: inpatient deductible largest, ratios 500–900 ‰, positive caps and balances", () => {
  for (const p of PROVINCE_POLICIES.values()) {
    assert.ok(p.deductibleFen.inpatient > p.deductibleFen.outpatient, p.provinceCode);
    assert.ok(p.deductibleFen.inpatient > p.deductibleFen.pharmacy, p.provinceCode);
    for (const kind of ["outpatient", "inpatient", "pharmacy"] as const) {
      const ratio = p.poolRatioPermille[kind];
      assert.ok(Number.isInteger(ratio) && ratio >= 500 && ratio <= 900, `${p.provinceCode} ${kind} ${ratio}`);
      assert.ok(p.deductibleFen[kind] >= 0n);
      assert.ok(p.hifpCapFen[kind] > 0n);
    }
    assert.ok(p.hifpCapFen.inpatient > p.hifpCapFen.outpatient);
    assert.ok(p.accountBalanceFen > 0n);
    if (p.cvlservPermille !== undefined) assert.ok(p.cvlservPermille > 0 && p.cvlservPermille < 1000);
  }
});

test("provinces differ", () => {
  const distinct = new Set([...PROVINCE_POLICIES.values()].map((p) => JSON.stringify(p, (_k, v: unknown) => (typeof v === "bigint" ? String(v) : v)).replace(/"province(Code|Name)":"[^"]*",?/g, "")));
  assert.ok(distinct.size >= 15, `${distinct.size} distinct policies`);
  assert.ok([...PROVINCE_POLICIES.values()].some((p) => p.cvlservPermille === undefined), "some provinces pay no civil-servant subsidy");
});

test("fund-includes-account provinces agree with the routing table's default", () => {
  const flagged = [...PROVINCE_POLICIES.values()].filter((p) => p.fundIncludesAcct).map((p) => p.provinceCode);
  assert.deepEqual(flagged, ["33", "44", "51"]);
  assert.deepEqual(flagged, [...FUND_INCLUDES_ACCT_PROVINCES].sort());
});

test("policyFor takes a province code or any admdvs in it, and refuses unknown codes", () => {
  assert.equal(policyFor("320100"), policyFor("32"));
  assert.equal(policyFor("370102").provinceCode, "37");
  assert.throws(() => policyFor("99"), RangeError);
  assert.throws(() => policyFor("990100"), RangeError);
  assert.throws(() => policyFor(""), RangeError);
});

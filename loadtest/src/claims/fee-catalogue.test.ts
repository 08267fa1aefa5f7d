import assert from "node:assert/strict";
import { test } from "node:test";
import { FEE_CATALOGUE } from "./fee-catalogue.js";

test("every quantity step × unit price is whole fen, so any line total has two decimals", () => {
  for (const item of FEE_CATALOGUE) {
    assert.equal((item.stepE4 * item.pricE6) % 100_000_000n, 0n, item.name);
    assert.ok(item.pricE6 > 0n && item.stepE4 > 0n, item.name);
    assert.ok(item.steps[0] >= 1 && item.steps[0] <= item.steps[1], item.name);
    assert.ok(item.settings.length > 0, item.name);
  }
});

test("codes are unique and classes and categories are national codes", () => {
  assert.equal(new Set(FEE_CATALOGUE.map((i) => i.medListCodg)).size, FEE_CATALOGUE.length);
  assert.equal(new Set(FEE_CATALOGUE.map((i) => i.medinsListCodg)).size, FEE_CATALOGUE.length);
  for (const item of FEE_CATALOGUE) {
    assert.ok(["01", "02", "03"].includes(item.chrgitmLv));
    assert.match(item.medChrgitmType, /^(0[1-9]|1[0-4])$/);
  }
});

test("every setting has drugs, and a fractional quantity exists", () => {
  for (const setting of ["outpatient", "inpatient", "pharmacy"] as const) {
    assert.ok(FEE_CATALOGUE.some((i) => i.role === "drug" && i.settings.includes(setting)), setting);
  }
  assert.ok(FEE_CATALOGUE.some((i) => i.stepE4 % 10_000n !== 0n));
  assert.ok(FEE_CATALOGUE.some((i) => i.pricE6 % 10_000n !== 0n), "some unit prices need more than two decimals");
});

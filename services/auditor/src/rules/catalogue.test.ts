import assert from "node:assert/strict";
import { test } from "node:test";
import { FindingSeverity } from "@tongxing/proto";
import { DEFAULT_RULES, RULESET_VERSION } from "./catalogue.js";

test("the catalogue lists every rule once, in report order; identities reject, review thresholds hold", () => {
  assert.deepEqual(DEFAULT_RULES.map((r) => r.id), ["I1", "I2", "I3", "I4", "L1", "C1", "A1", "A2", "D1", "D2", "F1", "N1", "P1", "R1", "O1", "T1", "Q1", "M1", "S1", "S2", "LS1"]);
  assert.ok(DEFAULT_RULES.filter((r) => !["R1", "P1", "A2", "O1", "T1", "Q1", "M1", "S1", "LS1"].includes(r.id)).every((r) => r.severity === FindingSeverity.ERROR));
  assert.equal(DEFAULT_RULES.find((r) => r.id === "R1")?.severity, FindingSeverity.WARNING);
  assert.equal(DEFAULT_RULES.find((r) => r.id === "LS1")?.severity, FindingSeverity.INFO, "a late claim is flagged, not held");
  assert.ok(DEFAULT_RULES.every((r) => r.description.length > 20));
  assert.match(RULESET_VERSION, /^\d{4}\.\d{2}-\d+$/);
});

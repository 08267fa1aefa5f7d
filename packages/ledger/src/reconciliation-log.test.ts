import assert from "node:assert/strict";
import { test } from "node:test";
import { summariseReconciliations, type ReconciliationOutcome } from "./reconciliation-log.js";

const call = (platform: string, side: "treatment" | "insured", date: string, matched: boolean, at: string): ReconciliationOutcome => ({ platform, side, date, call: "totals", matched, hubCount: 3, differences: matched ? 0 : 3, at });

test("per platform and side: not yet without a call, mismatched when any day's latest call did not match, else matched", () => {
  const rows = summariseReconciliations(
    ["32", "37"],
    [call("37", "treatment", "2026-12-01", true, "2026-12-02T01:00:00Z"), call("37", "treatment", "2026-12-02", true, "2026-12-03T01:00:00Z"), call("32", "insured", "2026-12-02", false, "2026-12-03T02:00:00Z"), call("32", "insured", "2026-12-01", true, "2026-12-02T02:00:00Z")],
  );
  assert.deepEqual(
    rows.map((r) => [r.platform, r.side, r.status, r.daysMatched, r.daysMismatched.join(","), r.lastAt]),
    [
      ["32", "treatment", "not-yet", 0, "", null],
      ["32", "insured", "mismatched", 1, "2026-12-02", "2026-12-03T02:00:00Z"],
      ["37", "treatment", "matched", 2, "", "2026-12-03T01:00:00Z"],
      ["37", "insured", "not-yet", 0, "", null],
    ],
  );
  assert.deepEqual(summariseReconciliations(["44"], []).map((r) => r.status), ["not-yet", "not-yet"], "a platform that never called is listed, not left out");
});

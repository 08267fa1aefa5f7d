import assert from "node:assert/strict";
import { test } from "node:test";
import { waitBudgetMs } from "./wait-budget.js";

test("waits until just before the caller's deadline, at most 10 minutes, else the default", () => {
  const now = Date.now();
  const budget = waitBudgetMs(new Date(now + 2_000), 30_000);
  assert.ok(budget > 1_800 && budget <= 1_950, String(budget));
  assert.equal(waitBudgetMs(Infinity, 30_000), 30_000);
  assert.equal(waitBudgetMs(now + 3_600_000, 30_000), 600_000);
  assert.equal(waitBudgetMs(now - 1_000, 30_000), 0);
});

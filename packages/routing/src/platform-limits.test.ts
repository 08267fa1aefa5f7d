import assert from "node:assert/strict";
import { test } from "node:test";
import { parsePlatformEntry } from "./routing-entry.js";
import { parsePlatformLimits } from "./platform-limits.js";

test("a platform's own limits: positive integers, field by field", () => {
  assert.equal(parsePlatformLimits(undefined), undefined);
  assert.deepEqual(parsePlatformLimits({ ratePerSecond: 5_000 }), { ratePerSecond: 5_000 });
  assert.deepEqual(parsePlatformLimits({ ratePerSecond: 50, burst: 100, maxConcurrentCalls: 16 }), { ratePerSecond: 50, burst: 100, maxConcurrentCalls: 16 });
  for (const bad of [null, 7, [], { ratePerSecond: 0 }, { burst: -1 }, { maxConcurrentCalls: 1.5 }, { ratePerSecond: "100" }, { burst: 2_000_000 }, { rate: 10 }]) {
    assert.equal(parsePlatformLimits(bad), null, JSON.stringify(bad));
  }
});

test("a routing entry carries its limits; unusable limits make the entry unusable, as other bad fields do", () => {
  const base = { id: "44", name: "广东", dialect: "nhsa-json", mode: "accept" };
  assert.deepEqual(parsePlatformEntry({ ...base, limits: { burst: 8 } })?.limits, { burst: 8 });
  assert.equal(parsePlatformEntry(base)?.limits, undefined);
  assert.equal(parsePlatformEntry({ ...base, limits: { burst: 0 } }), undefined);
});

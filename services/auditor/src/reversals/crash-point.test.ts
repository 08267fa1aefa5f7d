import assert from "node:assert/strict";
import { test } from "node:test";
import { auditorOptionsFromEnv, resolveAuditorConfig } from "../config/config.js";
import { ReversalCrashPoints } from "./crash-point.js";

test("the reversal's crash points are distinct names under reversal.*", () => {
  const points = Object.values(ReversalCrashPoints);
  assert.equal(new Set(points).size, points.length);
  for (const p of points) assert.match(p, /^reversal\.after-[a-z-]+$/);
});

test("TONGXING_CRASH_AT names a reversal step outside production and is refused in production", () => {
  assert.equal(resolveAuditorConfig(auditorOptionsFromEnv({ TONGXING_CRASH_AT: ReversalCrashPoints.AFTER_LEDGER })).crashAt, "reversal.after-ledger");
  assert.throws(() => resolveAuditorConfig(auditorOptionsFromEnv({ TONGXING_CRASH_AT: ReversalCrashPoints.AFTER_LEDGER, TONGXING_ENV: "production", PRIVACY_KEY_FILE: "/etc/tongxing/privacy-keys.json" })), /refused in production/);
  assert.equal(resolveAuditorConfig(auditorOptionsFromEnv({})).crashAt, undefined);
});

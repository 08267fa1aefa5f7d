import assert from "node:assert/strict";
import { test } from "node:test";
import { auditorOptionsFromEnv, resolveAuditorConfig } from "../config/config.js";
import { crashAt, ReversalCrashPoints } from "./crash-point.js";

test("the crash hook fires only at its own point", () => {
  const fired: string[] = [];
  const hook = crashAt(ReversalCrashPoints.AFTER_LEDGER, () => fired.push("crash"));
  hook(ReversalCrashPoints.AFTER_CANCEL_REQUESTED);
  hook(ReversalCrashPoints.AFTER_DELIVERY_QUEUED);
  assert.deepEqual(fired, []);
  hook(ReversalCrashPoints.AFTER_LEDGER);
  assert.deepEqual(fired, ["crash"]);
});

test("TONGXING_CRASH_AT is honoured only when TONGXING_ENV is not production", () => {
  assert.equal(resolveAuditorConfig(auditorOptionsFromEnv({ TONGXING_CRASH_AT: "reversal.after-ledger" })).crashAt, "reversal.after-ledger");
  assert.equal(resolveAuditorConfig(auditorOptionsFromEnv({ TONGXING_CRASH_AT: "reversal.after-ledger", TONGXING_ENV: "production" })).crashAt, undefined);
  assert.equal(resolveAuditorConfig(auditorOptionsFromEnv({})).crashAt, undefined);
});

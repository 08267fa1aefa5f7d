import assert from "node:assert/strict";
import { test } from "node:test";
import { create } from "@bufbuild/protobuf";
import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import { AuditBlockSchema, ClaimEventSchema, ClaimStatus } from "@tongxing/proto";
import { LiveStats } from "./live-stats.js";

const ev = (claimId: string, status: ClaimStatus, atMs: number, actor = "auditor") => create(ClaimEventSchema, { claimId, status, actor, at: timestampFromMs(atMs) });

test("answers per second and latency quantiles by outcome come from the chain's blocks", () => {
  const stats = new LiveStats();
  const now = Date.now();
  const events = [];
  for (let i = 0; i < 100; i++) events.push(ev(`C${i}`, ClaimStatus.RECEIVED, now - 1000), ev(`C${i}`, ClaimStatus.SETTLED, now - 1000 + (i < 98 ? 20 : 900)));
  events.push(ev("H1", ClaimStatus.RECEIVED, now - 500), ev("H1", ClaimStatus.HELD, now - 450));
  events.push(ev("X", ClaimStatus.APPROVED, now), ev("X", ClaimStatus.SETTLED, now, "regulator")); // a decision, not a fresh answer
  stats.addBlock(create(AuditBlockSchema, { height: 1n, events }));
  const f = stats.figures(now);
  assert.equal(f.counts.SETTLED, 100);
  assert.equal(f.counts.HELD, 1);
  assert.equal(f.counts.REJECTED, 0);
  assert.equal(f.ratePerS.SETTLED, 100, "100 answers in the first second of the window");
  assert.ok(f.p50Ms.SETTLED !== null && f.p50Ms.SETTLED >= 20 && f.p50Ms.SETTLED < 24, `p50 ${f.p50Ms.SETTLED}`);
  assert.ok(f.p99Ms.SETTLED !== null && f.p99Ms.SETTLED >= 900 && f.p99Ms.SETTLED < 1100, `p99 ${f.p99Ms.SETTLED}`);
  assert.equal(f.p50Ms.REJECTED, null, "no answers, no figure");
  assert.ok(f.series.length >= 1 && (f.series.at(-1)?.perS ?? 0) > 0);
});

test("answers older than an hour leave the window", () => {
  const stats = new LiveStats();
  stats.record("SETTLED", 10, Date.now() - 3_700_000);
  assert.equal(stats.figures().counts.SETTLED, 0);
});

import assert from "node:assert/strict";
import { test } from "node:test";
import { create } from "@bufbuild/protobuf";
import { timestampFromMs } from "@bufbuild/protobuf/wkt";
import { AuditBlockSchema, ClaimEventSchema, ClaimStatus } from "@tongxing/proto";
import { bucketOf, LiveStats } from "./live-stats.js";

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

test("a latency's histogram bucket is the first bound at or above it (the log2 shortcut agrees with a linear search)", async () => {
  const fc = await import("fast-check");
  const bounds = Array.from({ length: 84 }, (_, i) => 2 ** (i / 4));
  const linear = (ms: number) => {
    const i = bounds.findIndex((b) => ms <= b);
    return i < 0 ? bounds.length - 1 : i;
  };
  fc.assert(fc.property(fc.double({ min: 0, max: 3_000_000, noNaN: true }), (ms) => bucketOf(ms) === linear(ms)));
  for (const ms of [0, 1, 1.0000001, 2, 2 ** (5 / 4), 2 ** 20, 2 ** 21, 1e9]) assert.equal(bucketOf(ms), linear(ms), `latency ${ms}`);
});

test("an hour of answers: counted by the minute over the last 60 minutes, the rate over the last 10 s", () => {
  const now = Date.UTC(2026, 11, 4, 10, 30, 30);
  const stats = new LiveStats(now - 2 * 3_600_000);
  const real = Date.now;
  Date.now = () => now;
  try {
    // one SETTLED answer every second for the last 2 hours, 10 ms each; 5 HELD in the last 10 s
    for (let t = now - 2 * 3_600_000; t <= now; t += 1000) stats.record("SETTLED", 10, t);
    for (let i = 0; i < 5; i++) stats.record("HELD", 300, now - i * 1000);
  } finally {
    Date.now = real;
  }
  const f = stats.figures(now);
  assert.equal(f.windowS, 3600);
  assert.equal(f.series.length, 60, "the current minute and the 59 before it");
  // the 59 whole minutes (60 answers each) and the current one up to :30 (31 answers)
  assert.equal(f.counts.SETTLED, 59 * 60 + 31);
  assert.equal(f.counts.HELD, 5);
  assert.equal(f.ratePerS.SETTLED, 1);
  assert.equal(f.ratePerS.HELD, 0.5);
  assert.ok(f.p50Ms.SETTLED !== null && f.p50Ms.SETTLED >= 10 && f.p50Ms.SETTLED < 12);
  assert.ok(f.p99Ms.HELD !== null && f.p99Ms.HELD >= 300 && f.p99Ms.HELD < 360);
  assert.equal(f.series[0]?.minute, new Date(now - 59 * 60_000 - 30_000).toISOString());
  assert.equal(f.series.at(-2)?.perS, 1);
});

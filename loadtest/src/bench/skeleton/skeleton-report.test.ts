import { strict as assert } from "node:assert";
import { test } from "node:test";
import { openLoopLatencyLines, skeletonComparison, skeletonVariantLines, targetBudgetLines } from "./skeleton-report.js";

const row = (name: string, usPerClaim: number) => ({ name, corePercent: 0, usPerClaim });

test("the comparison pairs each skeleton process with the hub's and totals both", () => {
  const hub = { perSec: 250, cpu: { rows: [row("nats-server", 1_800), row("translator", 3_000), row("router", 400), row("auditor", 1_600), row("simulator", 300), row("load generator", 900)], total: row("all processes", 8_000) } };
  const skeleton = {
    perSec: 1_000,
    cpu: { rows: [row("nats-server", 900), row("skeleton-edge", 600), row("skeleton-router", 200), row("skeleton-auditor", 500), row("skeleton-platform", 100), row("load generator", 700)], total: row("all processes", 3_000) },
  };
  const { lines, json } = skeletonComparison(hub, skeleton, 600);
  assert.deepEqual(json.processes.find((p) => p.process === "translator"), { process: "translator", hubUs: 3_000, skeletonUs: 600 });
  assert.deepEqual(json.processes.find((p) => p.process === "simulator"), { process: "simulator", hubUs: 300, skeletonUs: 100 });
  assert.equal(json.hubOverSkeletonCpu, 2.67);
  assert.equal(json.skeletonInEchoCalls, 5);
  assert.equal(json.hubOverSkeletonRate, 0.25);
  assert.ok(lines.includes("| translator | 3000 | 600 | 2400 | 5 |"));
  assert.ok(lines.includes("| all processes | 8000 | 3000 | 5000 | 2.67 |"));
});

test("each design gets a line with its CPU in echo calls", () => {
  const run = (perSec: number, total: number) => ({ perSec, errors: 0, cpu: { rows: [row("skeleton-edge", total / 2), row("load generator", total / 2)], total: row("all processes", total) } });
  const lines = skeletonVariantLines(new Map([["hub", run(400, 4_000)], ["edge-only", run(1_500, 1_000)]]), 500);
  assert.equal(lines.length, 4);
  assert.equal(lines[2], "| hub | 400 | 0 | 4000 | 8.00 | skeleton-edge 2000, load generator 2000 |");
  assert.equal(lines[3], "| edge-only | 1500 | 0 | 1000 | 2.00 | skeleton-edge 500, load generator 500 |");
});

test("the open-loop latency table puts the hub first and each design measured at its rate after it", () => {
  const latencyMs = (p99: string) => ({ p50: "5.00", p90: "9.00", p99, p999: "70.00", max: "71.00" });
  const hub = { ratePerSec: 300, throughputPerSec: 296, errors: 1, latencyMs: latencyMs("250.00") };
  const open = (p99: string) => ({ openLoop: { ratePerSec: 300, durationSec: 5, sent: 1_500, completed: 1_500, errors: 0, dropped: 0, throughputPerSec: 300, latencyMs: latencyMs(p99) } });
  const lines = openLoopLatencyLines(hub, new Map<string, { openLoop?: ReturnType<typeof open>["openLoop"] }>([["hub", open("40.00")], ["direct", {}], ["edge-only", open("12.50")]]));
  assert.equal(lines.length, 5, "header, rule, the hub and the two designs with an open loop");
  assert.equal(lines[2], "| the hub | 300 | 296 | 1 | 5.00 | 9.00 | 250.00 | 70.00 | 71.00 |");
  assert.equal(lines[3], "| skeleton: hub | 300 | 300 | 0 | 5.00 | 9.00 | 40.00 | 70.00 | 71.00 |");
  assert.equal(lines[4], "| skeleton: edge-only | 300 | 300 | 0 | 5.00 | 9.00 | 12.50 | 70.00 | 71.00 |");
});

test("the target's budget in echo calls is set against the hub and each design", () => {
  const run = (perSec: number, total: number) => ({ perSec, cpu: { rows: [], total: row("all processes", total) } });
  const lines = targetBudgetLines(new Map([["hub", run(800, 2_400)], ["link-only", run(2_800, 500)]]), { perSec: 350, cpuUsPerClaim: 5_000 }, { perSec: 4_000, cpuUsPerCall: 320 }, 6);
  assert.match(lines[0] ?? "", /target allows 6.00 echo calls/);
  assert.equal(lines[3], "| the hub | 0.09 | 15.63 | over by 9.63 |");
  assert.equal(lines[4], "| skeleton: hub | 0.20 | 7.50 | over by 1.50 |");
  assert.equal(lines[5], "| skeleton: link-only | 0.70 | 1.56 | 4.44 |");
});

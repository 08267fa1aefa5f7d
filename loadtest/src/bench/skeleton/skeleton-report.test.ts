import { strict as assert } from "node:assert";
import { test } from "node:test";
import { skeletonComparison, skeletonVariantLines } from "./skeleton-report.js";

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

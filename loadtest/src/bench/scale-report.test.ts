// The scale table: one row per instance count with its ratio to one instance, the load
// generator's own CPU beside it, and a note wherever the generator was the limit.
import assert from "node:assert/strict";
import { test } from "node:test";
import { GENERATOR_LIMIT, renderScaleTable } from "./scale-report.js";
import type { ScalePoint } from "./scale-scenario.js";

function point(instances: number, settledPerSec: number, loadGeneratorCore: number): ScalePoint {
  return {
    instances,
    clusterNodes: 3,
    replicas: 3,
    links: 31 + instances,
    saturation: { inFlight: 256, durationSec: 8, settled: settledPerSec * 8, settledPerSec, errors: 0, ranOut: false, loadGeneratorCore },
    openLoop: {
      ratePerSec: 300,
      durationSec: 8,
      sent: 2_400,
      completed: 2_400,
      errors: 0,
      dropped: 0,
      throughputPerSec: 300,
      latencyMs: { p50: "12.00", p90: "20.00", p99: "40.00", p999: "45.00", max: "50.00" },
    },
    perInstance: { settleCallsAnswered: [1_000], linkReplies: [1_000], routed: [1_000], decided: [1_000], resultsReceived: [1_000] },
    ledger: { settledClaims: 4_400, ledgerEntries: 4_400, missing: 0, duplicates: 0 },
  };
}

test("each point shows its ratio to one instance and the load generator's share of its core", () => {
  const lines = renderScaleTable([point(1, 500, 0.4), point(2, 900, 0.7)]);
  const rows = lines.filter((l) => /^\| \d/.test(l));
  assert.equal(rows.length, 2);
  assert.match(rows[0] ?? "", /^\| 1 \| 500 \| 1\.00 \| 256 \| 40 \|/);
  assert.match(rows[1] ?? "", /^\| 2 \| 900 \| 1\.80 \| 256 \| 70 \|/);
  assert.ok(!lines.some((l) => l.startsWith("note:")), "no generator at its limit, no note");
});

test("a point where a load process was at its limit says so", () => {
  const lines = renderScaleTable([point(1, 500, 0.5), point(4, 1_100, GENERATOR_LIMIT + 0.1)]);
  const notes = lines.filter((l) => l.startsWith("note:"));
  assert.equal(notes.length, 1);
  assert.match(notes[0] ?? "", /at 4 instance\(s\) the busiest load process used 95 % of its core.*raise --load-processes/);
});

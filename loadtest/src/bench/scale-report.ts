// The scale scenario's table: throughput against instance count, one row per point.
import type { ScalePoint } from "./scale-scenario.js";

const int = (n: number) => Math.round(n).toLocaleString("en-US");

/** A load generator this busy (share of its one core) is the limit of what it measures. */
export const GENERATOR_LIMIT = 0.85;

/** Per-instance counts as "a / b / c" (what each instance did). */
function shares(values: readonly number[]): string {
  return values.map((v) => int(v)).join(" / ");
}

/** The Markdown table of the points, with the ratio of each to the one-instance point. */
export function renderScaleTable(points: readonly ScalePoint[]): string[] {
  const base = points.find((p) => p.instances === 1)?.saturation.settledPerSec;
  const lines = [
    "| instances (each) | saturation settled/s | vs 1 | in flight | load generator: busiest process, % of a core | open loop offered / settled per s | p50 / p99 ms | errors (sat + open) | exactly once (settled / ledger / dup / missing) |",
    "|---:|---:|---:|---:|---:|---|---|---:|---|",
  ];
  for (const p of points) {
    const ratio = base === undefined || base === 0 ? "" : (p.saturation.settledPerSec / base).toFixed(2);
    const o = p.openLoop;
    const l = p.ledger;
    lines.push(
      `| ${p.instances} | ${int(p.saturation.settledPerSec)} | ${ratio} | ${p.saturation.inFlight} | ${Math.round(p.saturation.loadGeneratorCore * 100)} | ${int(o.ratePerSec)} / ${int(o.throughputPerSec)} | ${o.latencyMs.p50} / ${o.latencyMs.p99} | ${p.saturation.errors + o.errors + o.dropped} | ${int(l.settledClaims)} / ${int(l.ledgerEntries)} / ${l.duplicates} / ${l.missing} |`,
    );
  }
  for (const p of points) {
    if (p.saturation.loadGeneratorCore >= GENERATOR_LIMIT) {
      lines.push(
        `note: at ${p.instances} instance(s) the busiest load process used ${Math.round(p.saturation.loadGeneratorCore * 100)} % of its core during saturation: ` +
          "that figure is the load generator's limit, not the hub's (raise --load-processes)",
      );
    }
  }
  lines.push("");
  lines.push("Work per instance (whole point, warm-up included): SettleClaim answers, result messages received (each translator should receive about its own answers), link replies carried, claims routed, claims decided");
  for (const p of points) {
    const w = p.perInstance;
    lines.push(
      `  ${p.instances}: answers ${shares(w.settleCallsAnswered)}; results received ${shares(w.resultsReceived)}; links ${shares(w.linkReplies)}; routed ${shares(w.routed)}; decided ${shares(w.decided)}`,
    );
  }
  return lines;
}

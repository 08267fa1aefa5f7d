// The hub's saturation figures beside the pipeline skeleton's, process by process: what the
// process design costs per claim (the skeleton) and what the hub's own work adds on top.
import type { CpuRow } from "../cpu-per-claim.js";
import type { OpenLoopSummary } from "../open-loop-summary.js";
import { CLAIM_PATH_TARGETS } from "../targets.js";
import type { SkeletonRun } from "./measure-skeleton.js";

/** The hub's process for each skeleton process. */
const HUB_PROCESS_OF: Readonly<Record<string, string>> = {
  "nats-server": "nats-server",
  "skeleton-edge": "translator",
  "skeleton-router": "router",
  "skeleton-auditor": "auditor",
  "skeleton-platform": "simulator",
  "load generator": "load generator",
};

/** One process's CPU per claim in the hub and in the skeleton. */
export interface ProcessComparison {
  readonly process: string;
  readonly hubUs: number;
  readonly skeletonUs: number;
}

/** Table lines for the terminal and the figures for the JSON report. */
export function skeletonComparison(
  hub: { readonly perSec: number; readonly cpu: { readonly rows: readonly CpuRow[]; readonly total: CpuRow } },
  skeleton: Pick<SkeletonRun, "perSec" | "cpu">,
  echoCpuUsPerCall: number,
): { lines: string[]; json: { processes: ProcessComparison[]; hubOverSkeletonCpu: number; skeletonInEchoCalls: number; hubOverSkeletonRate: number } } {
  const hubUs = new Map(hub.cpu.rows.map((r) => [r.name, r.usPerClaim]));
  const processes = skeleton.cpu.rows.map((r) => {
    const name = HUB_PROCESS_OF[r.name] ?? r.name;
    return { process: name, hubUs: hubUs.get(name) ?? Number.NaN, skeletonUs: r.usPerClaim };
  });
  const ratio = (a: number, b: number) => (b > 0 && Number.isFinite(a) ? Number((a / b).toFixed(2)) : Number.NaN);
  const hubOverSkeletonCpu = ratio(hub.cpu.total.usPerClaim, skeleton.cpu.total.usPerClaim);
  const skeletonInEchoCalls = ratio(skeleton.cpu.total.usPerClaim, echoCpuUsPerCall);
  const hubOverSkeletonRate = ratio(hub.perSec, skeleton.perSec);
  const lines = [
    "| process | hub CPU µs per claim | skeleton CPU µs per claim | hub's own work µs | hub / skeleton |",
    "|---|---:|---:|---:|---:|",
    ...processes.map((p) => `| ${p.process} | ${p.hubUs} | ${p.skeletonUs} | ${p.hubUs - p.skeletonUs} | ${ratio(p.hubUs, p.skeletonUs)} |`),
    `| all processes | ${hub.cpu.total.usPerClaim} | ${skeleton.cpu.total.usPerClaim} | ${hub.cpu.total.usPerClaim - skeleton.cpu.total.usPerClaim} | ${hubOverSkeletonCpu} |`,
    `| answered per s (saturation) | ${Math.round(hub.perSec)} | ${Math.round(skeleton.perSec)} | | ${hubOverSkeletonRate} |`,
    `hub / skeleton CPU per claim: ${hubOverSkeletonCpu} (target ≤ ${CLAIM_PATH_TARGETS.hubOverSkeletonCpu}); the skeleton's claim costs the CPU of ${skeletonInEchoCalls} echo calls: the floor of this process design`,
  ];
  return { lines, json: { processes, hubOverSkeletonCpu, skeletonInEchoCalls, hubOverSkeletonRate } };
}

/** One line per skeleton design: its rate, its CPU per claim (by process) and that in echo calls. */
export function skeletonVariantLines(runs: ReadonlyMap<string, Pick<SkeletonRun, "perSec" | "cpu" | "errors">>, echoCpuUsPerCall: number): string[] {
  const lines = ["| design | answered per s | errors | CPU µs per claim | in echo calls | by process (µs) |", "|---|---:|---:|---:|---:|---|"];
  for (const [variant, run] of runs) {
    const byProcess = run.cpu.rows.map((r) => `${r.name} ${r.usPerClaim}`).join(", ");
    const calls = echoCpuUsPerCall > 0 ? (run.cpu.total.usPerClaim / echoCpuUsPerCall).toFixed(2) : "n/a";
    lines.push(`| ${variant} | ${Math.round(run.perSec)} | ${run.errors} | ${run.cpu.total.usPerClaim} | ${calls} | ${byProcess} |`);
  }
  return lines;
}

/** An open-loop phase as the latency table needs it (the hub's or a skeleton design's). */
export type OpenLoopFigures = Pick<OpenLoopSummary, "ratePerSec" | "throughputPerSec" | "errors" | "latencyMs">;

/**
 * The hub's open loop beside each skeleton design's at the same offered rate: how much of the
 * latency is the process design's (the skeleton: same hops, no work) and how much the hub's own.
 * A design measured without an open loop has no line.
 */
export function openLoopLatencyLines(hub: OpenLoopFigures, runs: ReadonlyMap<string, Pick<SkeletonRun, "openLoop">>): string[] {
  const line = (name: string, o: OpenLoopFigures) => {
    const l = o.latencyMs;
    return `| ${name} | ${o.ratePerSec} | ${o.throughputPerSec} | ${o.errors} | ${l.p50} | ${l.p90} | ${l.p99} | ${l.p999} | ${l.max} |`;
  };
  const lines = ["| design | offered per s | answered per s | errors | p50 ms | p90 ms | p99 ms | p99.9 ms | max ms |", "|---|---:|---:|---:|---:|---:|---:|---:|---:|", line("the hub", hub)];
  for (const [variant, run] of runs) if (run.openLoop !== undefined) lines.push(line(`skeleton: ${variant}`, run.openLoop));
  return lines;
}

/**
 * The CPU-per-claim target against the measured floors: the budget in echo calls, and each
 * design's cost in that unit, with what it leaves of the budget. `link-only` is the mission's own
 * floor (the call and the insured platform's reply, nothing stored).
 */
export function targetBudgetLines(
  runs: ReadonlyMap<string, Pick<SkeletonRun, "perSec" | "cpu">>,
  hub: { readonly perSec: number; readonly cpuUsPerClaim: number },
  echo: { readonly perSec: number; readonly cpuUsPerCall: number },
  budget: number = CLAIM_PATH_TARGETS.echoCallsPerClaim,
): string[] {
  const calls = (us: number) => (echo.cpuUsPerCall > 0 ? us / echo.cpuUsPerCall : Number.NaN);
  const line = (name: string, perSec: number, us: number) => {
    const c = calls(us);
    const left = budget - c;
    return `| ${name} | ${(perSec / echo.perSec).toFixed(2)} | ${c.toFixed(2)} | ${left >= 0 ? left.toFixed(2) : `over by ${(-left).toFixed(2)}`} |`;
  };
  return [
    `the target allows ${budget.toFixed(2)} echo calls of CPU per claim; what each design takes of it:`,
    "| design | × echo rate | echo calls per claim | left of the budget |",
    "|---|---:|---:|---:|",
    line("the hub", hub.perSec, hub.cpuUsPerClaim),
    ...[...runs].map(([variant, run]) => line(`skeleton: ${variant}`, run.perSec, run.cpu.total.usPerClaim)),
  ];
}

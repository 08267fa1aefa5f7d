// An open-loop run as the reports carry it: counts, the rate achieved and the latency quantiles
// in milliseconds. One shape for the bench's hub, the skeleton's designs and the scale scenario.
import type { OpenLoopResult } from "../load/open-loop.js";
import { latencySummaryMs } from "./settle-load.js";

/** An open-loop run's figures for the reports. */
export interface OpenLoopSummary {
  readonly ratePerSec: number;
  readonly durationSec: number;
  readonly sent: number;
  readonly completed: number;
  readonly errors: number;
  readonly dropped: number;
  /** Answered per second over the run, drain included, rounded. */
  readonly throughputPerSec: number;
  readonly latencyMs: ReturnType<typeof latencySummaryMs>;
  readonly firstError?: string;
}

export function openLoopSummary(r: OpenLoopResult, durationSec: number): OpenLoopSummary {
  return {
    ratePerSec: r.ratePerSec,
    durationSec,
    sent: r.sent,
    completed: r.completed,
    errors: r.errors,
    dropped: r.dropped,
    throughputPerSec: Math.round(r.throughputPerSec),
    latencyMs: latencySummaryMs(r.latencyUs),
    ...(r.firstError === undefined ? {} : { firstError: r.firstError }),
  };
}

/**
 * Histogram bucket bounds in seconds for every hop latency: 1 ms (a route decision) to 30 s (the
 * default SettleClaim wait), about 2.5× apart, so p50/p99 read well at any load.
 */
export const LATENCY_BUCKETS_SECONDS: readonly number[] = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** Milliseconds (performance.now() differences) to the seconds Prometheus expects. */
export function secondsOf(elapsedMs: number): number {
  return Math.max(0, elapsedMs) / 1_000;
}

import { Gauge, Histogram, type Registry } from "prom-client";
import { createErrorCounter, type ErrorKind } from "./error-counter.js";
import { LATENCY_BUCKETS_SECONDS, secondsOf } from "./latency-buckets.js";

/** How the router handled a claim: sent to its platform, dead-lettered (no route / refusing), or poison. */
export type RouteOutcome = "routed" | "deadlettered" | "poison";

/** One platform's waiting claims, as the backlog probe reads them. */
export interface PlatformBacklog {
  readonly platform: string;
  /** Claims on the platform's DELIVERY subject: not yet delivered or delivered and unanswered. */
  readonly waiting: number;
  /** Age of the oldest of them in seconds; 0 when none waits. */
  readonly oldestWaitingSeconds: number;
}

/** The router's instruments, one helper per event. */
export interface RouterMetrics {
  /** One claim taken from CLAIMS was handled in `elapsedMs`. */
  routed(outcome: RouteOutcome, elapsedMs: number): void;
  /** The latest backlog reading of each platform. */
  backlogRead(readings: readonly PlatformBacklog[]): void;
  error(kind: ErrorKind): void;
}

/** Creates the router's instruments in `registry`. */
export function createRouterMetrics(registry: Registry): RouterMetrics {
  const registers = [registry];
  const route = new Histogram({
    name: "tongxing_route_duration_seconds",
    help: "Router handling of one claim: decode, resolve, publish to DELIVERY",
    labelNames: ["outcome"] as const,
    buckets: [...LATENCY_BUCKETS_SECONDS],
    registers,
  });
  const backlog = new Gauge({
    name: "tongxing_platform_backlog",
    help: "Claims waiting for the insured platform (JetStream: pending plus delivered-unanswered)",
    labelNames: ["platform"] as const,
    registers,
  });
  const oldest = new Gauge({
    name: "tongxing_platform_oldest_waiting_seconds",
    help: "Age of the oldest claim waiting for the insured platform, 0 when none waits",
    labelNames: ["platform"] as const,
    registers,
  });
  return {
    routed: (outcome, elapsedMs) => route.labels(outcome).observe(secondsOf(elapsedMs)),
    backlogRead(readings) {
      for (const r of readings) {
        backlog.labels(r.platform).set(r.waiting);
        oldest.labels(r.platform).set(r.oldestWaitingSeconds);
      }
    },
    error: createErrorCounter(registry, "router"),
  };
}

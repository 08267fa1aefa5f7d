import { Counter, Gauge, Histogram, type Registry } from "prom-client";
import { createErrorCounter, ErrorKind } from "./error-counter.js";
import { LATENCY_BUCKETS_SECONDS, secondsOf } from "./latency-buckets.js";

/** The ClaimGateway RPCs that take claims in. */
export type IntakeRpc = "SettleClaim" | "SubmitClaim";
/** How intake ended: stored and published, found already known, or refused / failed. */
export type IntakeResult = "accepted" | "duplicate" | "failed";
/** The kind of a platform's answer to a delivered claim. */
export type LinkReply = "adjudication" | "refusal";

/** gRPC codes that are the hub's failure rather than the caller's (UNKNOWN, DEADLINE_EXCEEDED, INTERNAL, UNAVAILABLE, DATA_LOSS). */
const SERVER_FAULT_CODES = new Set([2, 4, 13, 14, 15]);

/** The translator's instruments, one helper per event. */
export interface TranslatorMetrics {
  /** Intake (decode, store, publish to CLAIMS) of one claim ended. */
  intakeObserved(rpc: IntakeRpc, result: IntakeResult, elapsedMs: number): void;
  /**
   * A SettleClaim call was answered, from submission to answer: `status` is the claim's final
   * status in lower case (settled, rejected, held…), "timeout" or "error".
   */
  settleAnswered(status: string, elapsedMs: number): void;
  /** An RPC failed with gRPC `code`; counted as an error only when the fault is the hub's. */
  rpcFailed(code: number | undefined): void;
  /** A platform is in the routing table: its link gauge starts at 0. */
  linkKnown(platform: string): void;
  /** A link of the platform came up / went down (several links per platform may be up). */
  linkUp(platform: string): void;
  linkDown(platform: string): void;
  /** The platform answered a delivered claim after `elapsedMs`. */
  linkReplied(platform: string, reply: LinkReply, elapsedMs: number): void;
  /** A result message reached this instance's result subscriptions (addressed to it, or watched). */
  resultReceived(): void;
  error(kind: ErrorKind): void;
}

/** Creates the translator's instruments in `registry`. */
export function createTranslatorMetrics(registry: Registry): TranslatorMetrics {
  const registers = [registry];
  const intake = new Histogram({
    name: "tongxing_intake_duration_seconds",
    help: "Translator intake of a claim: decode, store the record, publish to CLAIMS",
    labelNames: ["rpc", "result"] as const,
    buckets: [...LATENCY_BUCKETS_SECONDS],
    registers,
  });
  const settle = new Histogram({
    name: "tongxing_settle_claim_duration_seconds",
    help: "SettleClaim from submission to answer, by the answered claim status",
    labelNames: ["status"] as const,
    buckets: [...LATENCY_BUCKETS_SECONDS],
    registers,
  });
  const linkUpGauge = new Gauge({
    name: "tongxing_link_up",
    help: "1 while at least one ProvinceLink of the platform is connected to this translator",
    labelNames: ["platform"] as const,
    registers,
  });
  const linkReply = new Histogram({
    name: "tongxing_link_reply_duration_seconds",
    help: "ProvinceLink: claim delivered to the insured platform until its reply",
    labelNames: ["platform", "reply"] as const,
    buckets: [...LATENCY_BUCKETS_SECONDS],
    registers,
  });
  const resultsReceived = new Counter({
    name: "tongxing_results_received_total",
    help: "Result messages this translator's result subscriptions received: about its own SettleClaim answers, more while calls watch a submitter's results",
    registers,
  });
  const error = createErrorCounter(registry, "translator");
  const links = new Map<string, number>();
  const setLinks = (platform: string, count: number) => {
    links.set(platform, count);
    linkUpGauge.labels(platform).set(count > 0 ? 1 : 0);
  };
  return {
    intakeObserved: (rpc, result, elapsedMs) => intake.labels(rpc, result).observe(secondsOf(elapsedMs)),
    settleAnswered: (status, elapsedMs) => settle.labels(status).observe(secondsOf(elapsedMs)),
    rpcFailed(code) {
      if (code === undefined || SERVER_FAULT_CODES.has(code)) error(ErrorKind.RPC_FAILED);
    },
    linkKnown(platform) {
      if (!links.has(platform)) setLinks(platform, 0);
    },
    linkUp: (platform) => setLinks(platform, (links.get(platform) ?? 0) + 1),
    linkDown: (platform) => setLinks(platform, Math.max(0, (links.get(platform) ?? 0) - 1)),
    linkReplied: (platform, reply, elapsedMs) => linkReply.labels(platform, reply).observe(secondsOf(elapsedMs)),
    resultReceived: () => resultsReceived.inc(),
    error,
  };
}

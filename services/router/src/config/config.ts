import { readFileSync } from "node:fs";
import { checkReplicas, checkRetryPolicy, HOP_RETRY_POLICY, type RetryPolicy, natsAuthOptionsFromEnv, resolveNatsAuth, type NatsAuth } from "@tongxing/nats";
import { DEFAULT_METRICS_ADDRESS, parseMetricsAddress, type MetricsAddress } from "@tongxing/metrics";
import { otlpTracesUrlOf, type SpanExporter } from "@tongxing/telemetry";
import type { RouterEnv } from "./env.js";

/** Router options as callers give them. */
export interface RouterOptions {
  /** NATS server URL(s), comma-separated. Default nats://127.0.0.1:4222. */
  readonly natsUrl?: string;
  /** This service's own NATS user and password (its subject permissions); absent: no credentials. */
  readonly natsUser?: string;
  readonly natsPassword?: string;
  /** The user's nkey seed (`SU…`) instead of a password. */
  readonly natsNkeySeed?: string;
  /** Replicas of the hub's streams and KV buckets when this service creates them: 1 (default) on one server, 3 in a cluster. */
  readonly natsReplicas?: number;
  /** "default" seeds one platform per province where the table has none; "none" seeds nothing. */
  readonly routingSeed?: "default" | "none";
  /** Claims routed at once. Default 256. */
  readonly concurrency?: number;
  /** Deliveries and backoff of the `router` consumer before a claim is dead-lettered. Default {@link HOP_RETRY_POLICY}. */
  readonly retry?: RetryPolicy;
  /** How often platform backlogs are read against their limits. Default 5000. */
  readonly backlogIntervalMs?: number;
  /** How often work queues are read for messages over their delivery limit that no advisory dead-lettered. Default 60000. */
  readonly strandedSweepIntervalMs?: number;
  /** Results (SETTLEMENTS) are kept at least this long; longer where a platform's backlog maxAgeMinutes needs it. Default 7 days. */
  readonly resultRetentionDays?: number;
  /** Duplicate window of streams this router creates (tests). Default 2 minutes. */
  readonly duplicateWindowMs?: number;
  readonly logLevel?: string;
  /** host:port of /metrics, /healthz and /readyz. Default 127.0.0.1:0 (a free port, logged). */
  readonly metricsAddress?: string;
  /** OTLP/HTTP traces URL; no trace export when absent. */
  readonly otlpTracesUrl?: string;
  /** An extra span exporter (tests: an in-memory one). */
  readonly spanExporter?: SpanExporter;
}

/** Fully resolved router configuration. */
export interface RouterConfig {
  readonly natsUrl: string;
  /** The NATS user to connect as (with its password), when one is set. */
  readonly natsAuth: NatsAuth | undefined;
  readonly natsReplicas: number;
  readonly routingSeed: "default" | "none";
  readonly concurrency: number;
  readonly retry: RetryPolicy;
  readonly duplicateWindowMs: number | undefined;
  readonly backlogIntervalMs: number;
  readonly strandedSweepIntervalMs: number;
  readonly resultRetentionMs: number;
  readonly logLevel: string;
  readonly metricsAddress: MetricsAddress;
  readonly tracing: { readonly otlpTracesUrl: string | undefined; readonly spanExporter: SpanExporter | undefined };
}

export function resolveRouterConfig(options: RouterOptions): RouterConfig {
  const concurrency = options.concurrency ?? 256;
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 10_000) {
    throw new Error(`router concurrency must be an integer in 1..10000, got ${concurrency}`);
  }
  return {
    natsUrl: options.natsUrl ?? "nats://127.0.0.1:4222",
    natsAuth: resolveNatsAuth(options),
    natsReplicas: checkReplicas(options.natsReplicas ?? 1),
    routingSeed: options.routingSeed ?? "default",
    concurrency,
    retry: checkRetryPolicy(options.retry ?? HOP_RETRY_POLICY),
    duplicateWindowMs: options.duplicateWindowMs,
    backlogIntervalMs: positive("backlog interval ms", options.backlogIntervalMs ?? 5_000),
    strandedSweepIntervalMs: positive("stranded sweep interval ms", options.strandedSweepIntervalMs ?? 60_000),
    resultRetentionMs: positive("result retention days", options.resultRetentionDays ?? 7) * 24 * 60 * 60_000,
    logLevel: options.logLevel ?? "info",
    metricsAddress: parseMetricsAddress(options.metricsAddress ?? DEFAULT_METRICS_ADDRESS),
    tracing: { otlpTracesUrl: options.otlpTracesUrl, spanExporter: options.spanExporter },
  };
}

function positive(what: string, value: number): number {
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${what} must be a positive number, got ${value}`);
  return value;
}

export function routerOptionsFromEnv(env: RouterEnv): RouterOptions {
  const seed = env.ROUTING_SEED;
  if (seed !== undefined && seed !== "default" && seed !== "none") {
    throw new Error(`ROUTING_SEED must be "default" or "none", got "${seed}"`);
  }
  return {
    ...(env.NATS_URL === undefined ? {} : { natsUrl: env.NATS_URL }),
    ...natsAuthOptionsFromEnv(env, (path) => readFileSync(path, "utf8")),
    ...(env.NATS_REPLICAS === undefined ? {} : { natsReplicas: Number(env.NATS_REPLICAS) }),
    ...(seed === undefined ? {} : { routingSeed: seed }),
    ...(env.ROUTER_CONCURRENCY === undefined ? {} : { concurrency: Number(env.ROUTER_CONCURRENCY) }),
    ...(env.RESULT_RETENTION_DAYS === undefined ? {} : { resultRetentionDays: Number(env.RESULT_RETENTION_DAYS) }),
    ...(env.LOG_LEVEL === undefined ? {} : { logLevel: env.LOG_LEVEL }),
    ...(env.METRICS_ADDRESS === undefined ? {} : { metricsAddress: env.METRICS_ADDRESS }),
    otlpTracesUrl: otlpTracesUrlOf(env.OTEL_EXPORTER_OTLP_ENDPOINT, env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT),
  };
}

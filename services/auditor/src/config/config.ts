import { readFileSync } from "node:fs";
import { checkReplicas, natsAuthOptionsFromEnv, resolveNatsAuth, type NatsAuth } from "@tongxing/nats";
import { hubSigningKeyOf, type HubSigningKey } from "@tongxing/pki";
import { ChainHash } from "@tongxing/proto";
import { DEFAULT_METRICS_ADDRESS, parseMetricsAddress, type MetricsAddress } from "@tongxing/metrics";
import { otlpTracesUrlOf, type SpanExporter } from "@tongxing/telemetry";
import type { AuditorEnv } from "./env.js";
import { resolveRetention, type RetentionConfig } from "./retention-config.js";

/** Auditor options as callers give them. */
export interface AuditorOptions {
  /** NATS server URL(s), comma-separated. Default nats://127.0.0.1:4222. */
  readonly natsUrl?: string;
  /** This service's own NATS user and password (its subject permissions); absent: no credentials. */
  readonly natsUser?: string;
  readonly natsPassword?: string;
  /** The user's nkey seed (`SU…`) instead of a password. */
  readonly natsNkeySeed?: string;
  /** Replicas of the hub's streams and KV buckets when this service creates them: 1 (default) on one server, 3 in a cluster. */
  readonly natsReplicas?: number;
  /** Adjudications checked at once. Default 256. */
  readonly concurrency?: number;
  readonly logLevel?: string;
  /** Hash of the audit chain: "sm3" (default) or "sha256". */
  readonly chainHash?: "sm3" | "sha256";
  /**
   * The hub's SM2 private key (PEM) that signs each verdict and settlement in the audit chain.
   * Absent: they are chained unsigned (development only; `npm start` and the test kit set one).
   */
  readonly hubSigningKeyPem?: string;
  /** Where a period closed from the console exports its root, signed with that key (outside NATS). */
  readonly periodRootsDir?: string;
  /** host:port of the regulators' HTTP API. Default 127.0.0.1:8081; port 0 picks a free one. */
  readonly regulatorApiAddress?: string;
  /** host:port of /metrics, /healthz and /readyz. Default 127.0.0.1:0 (a free port, logged). */
  readonly metricsAddress?: string;
  /** Console: approvals of held claims above this many fen need a second reviewer. Default 5000000 (50,000.00 yuan). */
  readonly fourEyesAboveFen?: bigint;
  /** Console: the session cookie's Secure flag. Default on, except when the API listens on loopback (plain-HTTP development). */
  readonly secureCookies?: boolean;
  /** Console: claim records a claims search (and the rule statistics) reads at most; the bucket has no index. Default 20000. */
  readonly searchScanLimit?: number;
  /** OTLP/HTTP traces URL; no trace export when absent. */
  readonly otlpTracesUrl?: string;
  /** The privacy key file; absent: .data/privacy-keys.json under the working directory, created once (development; refused in production). */
  readonly privacyKeyFile?: string;
  /** Retention per data class, and how often the pruning job runs. */
  readonly retention?: Partial<RetentionConfig>;
  /** An extra span exporter (tests: an in-memory one). */
  readonly spanExporter?: SpanExporter;
  /** How often a sweep finishes regulators' decisions a crash left part-done. Default 60000. */
  readonly decisionSweepIntervalMs?: number;
  /**
   * An instance for the regulators' console alone (AUDITOR_CONSOLE_ONLY=1): it serves the console
   * and finishes regulators' decisions, and takes no adjudications, cancels or reversals, so the
   * console answers at its own pace while the other instances settle the load. Default false.
   */
  readonly consoleOnly?: boolean;
  /**
   * Testing hook: the process SIGKILLs itself at this fault point (e.g. "decision.after-record"),
   * to prove a restarted auditor finishes the step. Refused in production.
   */
  readonly crashAt?: string;
  /** Production mode (TONGXING_ENV=production): testing hooks are refused, a privacy key file and the hub's signing key are required. */
  readonly production?: boolean;
}

/** Fully resolved auditor configuration. */
export interface AuditorConfig {
  readonly natsUrl: string;
  /** The NATS user to connect as (with its password), when one is set. */
  readonly natsAuth: NatsAuth | undefined;
  readonly natsReplicas: number;
  readonly concurrency: number;
  readonly logLevel: string;
  readonly chainHash: ChainHash;
  readonly hubSigningKey: HubSigningKey | undefined;
  readonly periodRootsDir: string | undefined;
  readonly regulatorApi: { readonly host: string; readonly port: number };
  readonly console: { readonly fourEyesAboveFen: bigint; readonly secureCookies: boolean; readonly searchScanLimit: number };
  readonly metricsAddress: MetricsAddress;
  readonly tracing: { readonly otlpTracesUrl: string | undefined; readonly spanExporter: SpanExporter | undefined };
  readonly privacyKeyFile: string | undefined;
  readonly retention: RetentionConfig;
  readonly decisionSweepIntervalMs: number;
  readonly consoleOnly: boolean;
  readonly crashAt: string | undefined;
}

export function resolveAuditorConfig(options: AuditorOptions): AuditorConfig {
  if (options.production === true && options.privacyKeyFile === undefined) throw new Error("production mode needs privacyKeyFile (PRIVACY_KEY_FILE): personal identifiers are sealed at rest with its keys");
  const concurrency = options.concurrency ?? 256;
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 10_000) {
    throw new Error(`auditor concurrency must be an integer in 1..10000, got ${concurrency}`);
  }
  const chainHash = options.chainHash === "sha256" ? ChainHash.SHA256 : ChainHash.SM3;
  const api = options.regulatorApiAddress ?? "127.0.0.1:8081";
  const m = /^(.+):(\d{1,5})$/.exec(api);
  if (m?.[1] === undefined || m[2] === undefined) throw new Error(`regulatorApiAddress must be host:port, got "${api}"`);
  const fourEyesAboveFen = options.fourEyesAboveFen ?? 5_000_000n;
  if (fourEyesAboveFen < 0n) throw new Error(`fourEyesAboveFen must be at least 0, got ${fourEyesAboveFen}`);
  let hubSigningKey: HubSigningKey | undefined;
  try {
    hubSigningKey = options.hubSigningKeyPem === undefined ? undefined : hubSigningKeyOf(options.hubSigningKeyPem);
  } catch (err) {
    throw new Error(`hubSigningKeyPem (HUB_SIGNING_KEY_FILE): ${(err as Error).message}`, { cause: err });
  }
  const searchScanLimit = options.searchScanLimit ?? 20_000;
  if (!Number.isInteger(searchScanLimit) || searchScanLimit < 1 || searchScanLimit > 1_000_000) throw new Error(`searchScanLimit must be an integer in 1..1000000, got ${searchScanLimit}`);
  if (options.crashAt !== undefined && options.production === true) throw new Error("crashAt (TONGXING_CRASH_AT) is a testing hook and is refused in production mode");
  if (options.production === true && hubSigningKey === undefined) throw new Error("production mode needs hubSigningKeyPem (HUB_SIGNING_KEY_FILE): verdicts, settlements and closed periods' roots are signed with it");
  const decisionSweepIntervalMs = options.decisionSweepIntervalMs ?? 60_000;
  if (!Number.isInteger(decisionSweepIntervalMs) || decisionSweepIntervalMs < 100) throw new Error(`decisionSweepIntervalMs must be an integer of at least 100, got ${decisionSweepIntervalMs}`);
  const loopback = m[1] === "127.0.0.1" || m[1] === "localhost" || m[1] === "::1" || m[1] === "[::1]";
  return {
    console: { fourEyesAboveFen, secureCookies: options.secureCookies ?? !loopback, searchScanLimit },
    natsUrl: options.natsUrl ?? "nats://127.0.0.1:4222",
    natsAuth: resolveNatsAuth(options), natsReplicas: checkReplicas(options.natsReplicas ?? 1), concurrency, logLevel: options.logLevel ?? "info", chainHash, hubSigningKey, periodRootsDir: options.periodRootsDir, regulatorApi: { host: m[1], port: Number(m[2]) },
    metricsAddress: parseMetricsAddress(options.metricsAddress ?? DEFAULT_METRICS_ADDRESS),
    tracing: { otlpTracesUrl: options.otlpTracesUrl, spanExporter: options.spanExporter },
    privacyKeyFile: options.privacyKeyFile,
    retention: resolveRetention(options.retention),
    decisionSweepIntervalMs,
    consoleOnly: options.consoleOnly === true,
    crashAt: options.crashAt,
  };
}

export function auditorOptionsFromEnv(env: AuditorEnv): AuditorOptions {
  return {
    ...(env.NATS_URL === undefined ? {} : { natsUrl: env.NATS_URL }),
    ...natsAuthOptionsFromEnv(env, (path) => readFileSync(path, "utf8")),
    ...(env.NATS_REPLICAS === undefined ? {} : { natsReplicas: Number(env.NATS_REPLICAS) }),
    ...(env.AUDITOR_CONCURRENCY === undefined ? {} : { concurrency: Number(env.AUDITOR_CONCURRENCY) }),
    ...(env.AUDITOR_CONSOLE_ONLY === undefined || env.AUDITOR_CONSOLE_ONLY === "" ? {} : { consoleOnly: consoleOnlyOf(env.AUDITOR_CONSOLE_ONLY) }),
    ...(env.LOG_LEVEL === undefined ? {} : { logLevel: env.LOG_LEVEL }),
    ...(env.AUDIT_CHAIN_HASH === undefined ? {} : { chainHash: chainHashOf(env.AUDIT_CHAIN_HASH) }),
    ...(env.HUB_SIGNING_KEY_FILE === undefined || env.HUB_SIGNING_KEY_FILE === "" ? {} : { hubSigningKeyPem: readFileSync(env.HUB_SIGNING_KEY_FILE, "utf8") }),
    ...(env.PERIOD_ROOTS_DIR === undefined || env.PERIOD_ROOTS_DIR === "" ? {} : { periodRootsDir: env.PERIOD_ROOTS_DIR }),
    ...(env.REGULATOR_API_ADDRESS === undefined ? {} : { regulatorApiAddress: env.REGULATOR_API_ADDRESS }),
    ...(env.METRICS_ADDRESS === undefined ? {} : { metricsAddress: env.METRICS_ADDRESS }),
    ...(env.CONSOLE_FOUR_EYES_ABOVE_FEN === undefined ? {} : { fourEyesAboveFen: fenOf("CONSOLE_FOUR_EYES_ABOVE_FEN", env.CONSOLE_FOUR_EYES_ABOVE_FEN) }),
    ...(env.CONSOLE_SECURE_COOKIES === undefined ? {} : { secureCookies: env.CONSOLE_SECURE_COOKIES !== "0" && env.CONSOLE_SECURE_COOKIES !== "false" }),
    ...(env.PRIVACY_KEY_FILE === undefined ? {} : { privacyKeyFile: env.PRIVACY_KEY_FILE }),
    retention: {
      ...(env.RETENTION_CLAIM_DAYS === undefined ? {} : { claimRecordDays: Number(env.RETENTION_CLAIM_DAYS) }),
      ...(env.RETENTION_HISTORY_DAYS === undefined ? {} : { personHistoryDays: Number(env.RETENTION_HISTORY_DAYS) }),
    },
    ...(env.CONSOLE_SEARCH_SCAN_LIMIT === undefined ? {} : { searchScanLimit: Number(env.CONSOLE_SEARCH_SCAN_LIMIT) }),
    ...(env.TONGXING_CRASH_AT === undefined || env.TONGXING_CRASH_AT === "" ? {} : { crashAt: env.TONGXING_CRASH_AT }),
    production: env.TONGXING_ENV === "production",
    otlpTracesUrl: otlpTracesUrlOf(env.OTEL_EXPORTER_OTLP_ENDPOINT, env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT),
  };
}

function chainHashOf(text: string): "sm3" | "sha256" {
  if (text !== "sm3" && text !== "sha256") throw new Error(`AUDIT_CHAIN_HASH must be "sm3" or "sha256", got "${text}"`);
  return text;
}

function fenOf(name: string, text: string): bigint {
  if (!/^[0-9]{1,15}$/.test(text)) throw new Error(`${name} must be an amount in integer fen, got "${text}"`);
  return BigInt(text);
}

function consoleOnlyOf(value: string): boolean {
  if (value === "1" || value === "true") return true;
  if (value === "0" || value === "false") return false;
  throw new Error(`AUDITOR_CONSOLE_ONLY must be 1 or 0, got "${value}"`);
}

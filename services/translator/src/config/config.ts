import { DEFAULT_LATE_SETTLEMENT_MONTHS } from "@tongxing/lifecycle";
import { readFileSync } from "node:fs";
import { checkReplicas, natsAuthOptionsFromEnv, resolveNatsAuth, type NatsAuth } from "@tongxing/nats";
import { DEFAULT_METRICS_ADDRESS, parseMetricsAddress, type MetricsAddress } from "@tongxing/metrics";
import { otlpTracesUrlOf, type SpanExporter } from "@tongxing/telemetry";
import type { TranslatorEnv } from "./env.js";
import { DEFAULT_PLATFORM_LIMITS, type PlatformLimits } from "../grpc/platform-limits-interceptor.js";

/** Translator options as callers give them. */
export interface TranslatorOptions {
  /** NATS server URL(s), comma-separated. Default nats://127.0.0.1:4222. */
  readonly natsUrl?: string;
  /** This service's own NATS user and password (its subject permissions); absent: no credentials. */
  readonly natsUser?: string;
  readonly natsPassword?: string;
  /** The user's nkey seed (`SU…`) instead of a password. */
  readonly natsNkeySeed?: string;
  /** Replicas of the hub's streams and KV buckets when this service creates them: 1 (default) on one server, 3 in a cluster. */
  readonly natsReplicas?: number;
  /** host:port for the gRPC gateway. Default 127.0.0.1:50051; port 0 picks a free port. */
  readonly grpcAddress?: string;
  /**
   * Largest claim payload accepted; larger ones get INVALID_ARGUMENT on `payload`, and a message
   * larger than this plus 64 KiB is refused by gRPC (RESOURCE_EXHAUSTED) from its length prefix,
   * before it is buffered. Default 1 MiB.
   */
  readonly maxPayloadBytes?: number;
  /** How long SettleClaim waits when the caller set no deadline. Default 30 s. */
  readonly settleTimeoutMs?: number;
  /** A late claim (补录) is accepted up to this many months after its outage ended. Default 3. */
  readonly lateSettlementMonths?: number;
  readonly logLevel?: string;
  /** The hub's SM2 private key (PEM) for signing answers to platforms that sign theirs. */
  readonly hubPrivateKeyPem?: string;
  /** host:port of /metrics, /healthz and /readyz. Default 127.0.0.1:0 (a free port, logged). */
  readonly metricsAddress?: string;
  /** OTLP/HTTP traces URL; no trace export when absent. */
  readonly otlpTracesUrl?: string;
  /** An extra span exporter (tests: an in-memory one). */
  readonly spanExporter?: SpanExporter;
  /**
   * mTLS material (PEM): the CA bundle platforms' client certificates must chain to, the hub's
   * server certificate and key, and optionally a CRL. Required unless `devHeaderIdentity`.
   */
  readonly tls?: TranslatorTlsOptions;
  /**
   * Development only: no TLS, the caller names its platform in the x-tongxing-platform header.
   * Logged as a warning at start; refused when `production`.
   */
  readonly devHeaderIdentity?: boolean;
  /** Production mode: contradictions with it (the development identity switch) throw at start. */
  readonly production?: boolean;
  /** The privacy key file; absent: .data/privacy-keys.json under the working directory, created once (development; refused in production). */
  readonly privacyKeyFile?: string;
  /** Per-platform rate and concurrency limits on every RPC (defaults: DEFAULT_PLATFORM_LIMITS). */
  readonly limits?: Partial<PlatformLimits>;
}

/** The translator's mTLS material, PEM. */
export interface TranslatorTlsOptions {
  /** CA certificate(s) a client certificate must chain to (the operator's bundle in production). */
  readonly caPem: string;
  readonly certPem: string;
  readonly keyPem: string;
  /** Certificate revocation list(s) of the CA(s); a listed client certificate is refused. */
  readonly crlPem?: string;
}

/** How callers prove which platform they are. */
export type CallerIdentityConfig =
  | { readonly kind: "mtls"; readonly tls: TranslatorTlsOptions }
  | { readonly kind: "dev-header" };

/** Fully resolved translator configuration. */
export interface TranslatorConfig {
  readonly natsUrl: string;
  /** The NATS user to connect as (with its password), when one is set. */
  readonly natsAuth: NatsAuth | undefined;
  readonly natsReplicas: number;
  readonly grpcAddress: string;
  readonly maxPayloadBytes: number;
  /** gRPC receive limit: the payload limit plus 64 KiB (an envelope's other fields), so a payload a little over gets a field error and a larger message is never buffered. */
  readonly maxReceiveMessageBytes: number;
  readonly settleTimeoutMs: number;
  readonly lateSettlementMonths: number;
  /** Link window when the platform's Hello asks for none, and the most it may ask for. */
  readonly linkDefaultWindow: number;
  readonly linkMaxWindow: number;
  /** How long a new link may take to send its Hello. */
  readonly linkHelloTimeoutMs: number;
  readonly logLevel: string;
  readonly hubPrivateKeyPem: string | undefined;
  readonly metricsAddress: MetricsAddress;
  readonly tracing: { readonly otlpTracesUrl: string | undefined; readonly spanExporter: SpanExporter | undefined };
  readonly identity: CallerIdentityConfig;
  readonly production: boolean;
  readonly privacyKeyFile: string | undefined;
  readonly limits: PlatformLimits;
}

function resolveIdentity(options: TranslatorOptions): CallerIdentityConfig {
  if (options.devHeaderIdentity === true) {
    if (options.production === true) throw new Error("devHeaderIdentity (the x-tongxing-platform header) is refused in production mode: platforms authenticate with mTLS client certificates");
    if (options.tls !== undefined) throw new Error("give either tls (mTLS identity) or devHeaderIdentity, not both");
    return { kind: "dev-header" };
  }
  if (options.tls === undefined) {
    throw new Error("the translator requires mTLS: give tls (TLS_CA_FILE, TLS_CERT_FILE, TLS_KEY_FILE; `npm run certs` issues development ones) or, in development only, devHeaderIdentity (DEV_HEADER_IDENTITY=1)");
  }
  return { kind: "mtls", tls: options.tls };
}

function privacyKeyFileOf(options: TranslatorOptions): string | undefined {
  if (options.production === true && options.privacyKeyFile === undefined) throw new Error("production mode needs privacyKeyFile (PRIVACY_KEY_FILE): personal identifiers are sealed at rest with its keys");
  return options.privacyKeyFile;
}

function resolveLimits(options: Partial<PlatformLimits> = {}): PlatformLimits {
  const limits = { ...DEFAULT_PLATFORM_LIMITS, ...options };
  for (const [name, v] of Object.entries(limits)) {
    if (!Number.isFinite(v) || v < 1) throw new Error(`limits.${name} must be a number ≥ 1, got ${v}`);
  }
  return limits;
}

const MiB = 1024 * 1024;

export function resolveTranslatorConfig(options: TranslatorOptions): TranslatorConfig {
  const maxPayloadBytes = options.maxPayloadBytes ?? MiB;
  if (!Number.isInteger(maxPayloadBytes) || maxPayloadBytes < 1024 || maxPayloadBytes > 8 * MiB) {
    throw new Error(`maxPayloadBytes must be an integer in 1024..${8 * MiB}, got ${maxPayloadBytes}`);
  }
  const settleTimeoutMs = options.settleTimeoutMs ?? 30_000;
  if (!Number.isInteger(settleTimeoutMs) || settleTimeoutMs < 100) {
    throw new Error(`settleTimeoutMs must be an integer ≥ 100, got ${settleTimeoutMs}`);
  }
  const lateSettlementMonths = options.lateSettlementMonths ?? DEFAULT_LATE_SETTLEMENT_MONTHS;
  if (!Number.isInteger(lateSettlementMonths) || lateSettlementMonths < 1 || lateSettlementMonths > 120) {
    throw new Error(`lateSettlementMonths must be an integer in 1..120, got ${lateSettlementMonths}`);
  }
  const grpcAddress = options.grpcAddress ?? "127.0.0.1:50051";
  if (!/^[^\s]+:\d{1,5}$/.test(grpcAddress)) throw new Error(`grpcAddress must be host:port, got "${grpcAddress}"`);
  return {
    natsUrl: options.natsUrl ?? "nats://127.0.0.1:4222",
    natsAuth: resolveNatsAuth(options),
    natsReplicas: checkReplicas(options.natsReplicas ?? 1),
    grpcAddress,
    maxPayloadBytes,
    maxReceiveMessageBytes: maxPayloadBytes + 64 * 1024,
    settleTimeoutMs,
    lateSettlementMonths,
    linkDefaultWindow: 64,
    linkMaxWindow: 1_024,
    linkHelloTimeoutMs: 10_000,
    logLevel: options.logLevel ?? "info",
    hubPrivateKeyPem: options.hubPrivateKeyPem,
    metricsAddress: parseMetricsAddress(options.metricsAddress ?? DEFAULT_METRICS_ADDRESS),
    tracing: { otlpTracesUrl: options.otlpTracesUrl, spanExporter: options.spanExporter },
    identity: resolveIdentity(options),
    production: options.production === true,
    privacyKeyFile: privacyKeyFileOf(options),
    limits: resolveLimits(options.limits),
  };
}

function tlsOptionsFromEnv(env: TranslatorEnv): TranslatorTlsOptions | undefined {
  const files = [env.TLS_CA_FILE, env.TLS_CERT_FILE, env.TLS_KEY_FILE];
  if (files.every((f) => f === undefined)) return undefined;
  const [caFile, certFile, keyFile] = files;
  if (caFile === undefined || certFile === undefined || keyFile === undefined) throw new Error("TLS_CA_FILE, TLS_CERT_FILE and TLS_KEY_FILE go together");
  return {
    caPem: readFileSync(caFile, "utf8"),
    certPem: readFileSync(certFile, "utf8"),
    keyPem: readFileSync(keyFile, "utf8"),
    ...(env.TLS_CRL_FILE === undefined ? {} : { crlPem: readFileSync(env.TLS_CRL_FILE, "utf8") }),
  };
}

export function translatorOptionsFromEnv(env: TranslatorEnv): TranslatorOptions {
  const tls = tlsOptionsFromEnv(env);
  return {
    ...(env.NATS_URL === undefined ? {} : { natsUrl: env.NATS_URL }),
    ...natsAuthOptionsFromEnv(env, (path) => readFileSync(path, "utf8")),
    ...(env.NATS_REPLICAS === undefined ? {} : { natsReplicas: Number(env.NATS_REPLICAS) }),
    ...(env.GRPC_ADDRESS === undefined ? {} : { grpcAddress: env.GRPC_ADDRESS }),
    ...(env.MAX_PAYLOAD_BYTES === undefined ? {} : { maxPayloadBytes: Number(env.MAX_PAYLOAD_BYTES) }),
    ...(env.SETTLE_TIMEOUT_MS === undefined ? {} : { settleTimeoutMs: Number(env.SETTLE_TIMEOUT_MS) }),
    ...(env.LATE_SETTLEMENT_MONTHS === undefined ? {} : { lateSettlementMonths: Number(env.LATE_SETTLEMENT_MONTHS) }),
    ...(env.LOG_LEVEL === undefined ? {} : { logLevel: env.LOG_LEVEL }),
    ...(env.HUB_SM2_KEY_FILE === undefined ? {} : { hubPrivateKeyPem: readFileSync(env.HUB_SM2_KEY_FILE, "utf8") }),
    ...(env.METRICS_ADDRESS === undefined ? {} : { metricsAddress: env.METRICS_ADDRESS }),
    otlpTracesUrl: otlpTracesUrlOf(env.OTEL_EXPORTER_OTLP_ENDPOINT, env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT),
    ...(tls === undefined ? {} : { tls }),
    devHeaderIdentity: env.DEV_HEADER_IDENTITY === "1" || env.DEV_HEADER_IDENTITY === "true",
    production: env.TONGXING_ENV === "production",
    ...(env.PRIVACY_KEY_FILE === undefined ? {} : { privacyKeyFile: env.PRIVACY_KEY_FILE }),
    limits: {
      ...(env.LIMIT_RATE_PER_SECOND === undefined ? {} : { ratePerSecond: Number(env.LIMIT_RATE_PER_SECOND) }),
      ...(env.LIMIT_BURST === undefined ? {} : { burst: Number(env.LIMIT_BURST) }),
      ...(env.LIMIT_CONCURRENT_CALLS === undefined ? {} : { maxConcurrentCalls: Number(env.LIMIT_CONCURRENT_CALLS) }),
    },
  };
}

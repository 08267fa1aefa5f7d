/** The only place the translator reads process.env. */
export interface TranslatorEnv {
  readonly NATS_URL?: string;
  /** This service's NATS user, and a file holding its password. */
  readonly NATS_USER?: string;
  readonly NATS_PASSWORD_FILE?: string;
  /** A file holding the user's nkey seed (SU…), instead of a password. */
  readonly NATS_NKEY_SEED_FILE?: string;
  readonly NATS_REPLICAS?: string;
  readonly GRPC_ADDRESS?: string;
  readonly MAX_PAYLOAD_BYTES?: string;
  readonly SETTLE_TIMEOUT_MS?: string;
  /** Months after an outage within which its late claims are accepted (default 3). */
  readonly LATE_SETTLEMENT_MONTHS?: string;
  readonly LOG_LEVEL?: string;
  readonly HUB_SM2_KEY_FILE?: string;
  readonly METRICS_ADDRESS?: string;
  readonly OTEL_EXPORTER_OTLP_ENDPOINT?: string;
  readonly OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?: string;
  /** PEM files of mTLS: the CA bundle client certificates must chain to, the server's certificate and key, a CRL. */
  readonly TLS_CA_FILE?: string;
  readonly TLS_CERT_FILE?: string;
  readonly TLS_KEY_FILE?: string;
  readonly TLS_CRL_FILE?: string;
  /** "1": development identity by the x-tongxing-platform header, no TLS (refused in production). */
  readonly DEV_HEADER_IDENTITY?: string;
  /** "production" refuses development switches. */
  readonly TONGXING_ENV?: string;
  /** The privacy key file (personal identifiers sealed at rest); required in production. */
  readonly PRIVACY_KEY_FILE?: string;
  /** Per-platform limits on every RPC: calls/s, burst, unary calls in flight. */
  readonly LIMIT_RATE_PER_SECOND?: string;
  readonly LIMIT_BURST?: string;
  readonly LIMIT_CONCURRENT_CALLS?: string;
}

export function readTranslatorEnv(env: NodeJS.ProcessEnv = process.env): TranslatorEnv {
  return {
    NATS_URL: env.NATS_URL,
    NATS_USER: env.NATS_USER,
    NATS_PASSWORD_FILE: env.NATS_PASSWORD_FILE,
    NATS_NKEY_SEED_FILE: env.NATS_NKEY_SEED_FILE,
    NATS_REPLICAS: env.NATS_REPLICAS,
    GRPC_ADDRESS: env.GRPC_ADDRESS,
    MAX_PAYLOAD_BYTES: env.MAX_PAYLOAD_BYTES,
    SETTLE_TIMEOUT_MS: env.SETTLE_TIMEOUT_MS,
    LATE_SETTLEMENT_MONTHS: env.LATE_SETTLEMENT_MONTHS,
    LOG_LEVEL: env.LOG_LEVEL,
    HUB_SM2_KEY_FILE: env.HUB_SM2_KEY_FILE,
    METRICS_ADDRESS: env.METRICS_ADDRESS,
    OTEL_EXPORTER_OTLP_ENDPOINT: env.OTEL_EXPORTER_OTLP_ENDPOINT,
    OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT,
    TLS_CA_FILE: env.TLS_CA_FILE,
    TLS_CERT_FILE: env.TLS_CERT_FILE,
    TLS_KEY_FILE: env.TLS_KEY_FILE,
    TLS_CRL_FILE: env.TLS_CRL_FILE,
    DEV_HEADER_IDENTITY: env.DEV_HEADER_IDENTITY,
    TONGXING_ENV: env.TONGXING_ENV,
    PRIVACY_KEY_FILE: env.PRIVACY_KEY_FILE,
    LIMIT_RATE_PER_SECOND: env.LIMIT_RATE_PER_SECOND,
    LIMIT_BURST: env.LIMIT_BURST,
    LIMIT_CONCURRENT_CALLS: env.LIMIT_CONCURRENT_CALLS,
  };
}

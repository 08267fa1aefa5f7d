/** The only place the auditor reads process.env. */
export interface AuditorEnv {
  readonly NATS_URL?: string;
  /** This service's NATS user, and a file holding its password. */
  readonly NATS_USER?: string;
  readonly NATS_PASSWORD_FILE?: string;
  /** A file holding the user's nkey seed (SU…), instead of a password. */
  readonly NATS_NKEY_SEED_FILE?: string;
  readonly NATS_REPLICAS?: string;
  readonly AUDITOR_CONCURRENCY?: string;
  readonly AUDITOR_CONSOLE_ONLY?: string;
  readonly LOG_LEVEL?: string;
  readonly AUDIT_CHAIN_HASH?: string;
  /** The hub's SM2 private key (PEM) that signs verdicts and settlements in the audit chain. */
  readonly HUB_SIGNING_KEY_FILE?: string;
  /** Where periods closed from the console export their signed roots (outside NATS). */
  readonly PERIOD_ROOTS_DIR?: string;
  readonly REGULATOR_API_ADDRESS?: string;
  readonly METRICS_ADDRESS?: string;
  readonly CONSOLE_FOUR_EYES_ABOVE_FEN?: string;
  readonly CONSOLE_SECURE_COOKIES?: string;
  /** The privacy key file (data keys for personal identifiers at rest, the lookup key). */
  readonly PRIVACY_KEY_FILE?: string;
  /** Days kept per data class before the pruning job removes them (see docs/operations.md). */
  readonly RETENTION_CLAIM_DAYS?: string;
  readonly RETENTION_HISTORY_DAYS?: string;
  readonly CONSOLE_SEARCH_SCAN_LIMIT?: string;
  readonly OTEL_EXPORTER_OTLP_ENDPOINT?: string;
  readonly OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?: string;
  /** Testing hook: the fault point at which the process kills itself (refused in production). */
  readonly TONGXING_CRASH_AT?: string;
  /** "production" refuses testing hooks. */
  readonly TONGXING_ENV?: string;
}

export function readAuditorEnv(env: NodeJS.ProcessEnv = process.env): AuditorEnv {
  return {
    NATS_URL: env.NATS_URL,
    NATS_USER: env.NATS_USER,
    NATS_PASSWORD_FILE: env.NATS_PASSWORD_FILE,
    NATS_NKEY_SEED_FILE: env.NATS_NKEY_SEED_FILE, NATS_REPLICAS: env.NATS_REPLICAS, AUDITOR_CONCURRENCY: env.AUDITOR_CONCURRENCY, AUDITOR_CONSOLE_ONLY: env.AUDITOR_CONSOLE_ONLY, LOG_LEVEL: env.LOG_LEVEL, AUDIT_CHAIN_HASH: env.AUDIT_CHAIN_HASH, HUB_SIGNING_KEY_FILE: env.HUB_SIGNING_KEY_FILE, PERIOD_ROOTS_DIR: env.PERIOD_ROOTS_DIR, REGULATOR_API_ADDRESS: env.REGULATOR_API_ADDRESS,
    METRICS_ADDRESS: env.METRICS_ADDRESS,
    CONSOLE_FOUR_EYES_ABOVE_FEN: env.CONSOLE_FOUR_EYES_ABOVE_FEN,
    CONSOLE_SECURE_COOKIES: env.CONSOLE_SECURE_COOKIES,
    PRIVACY_KEY_FILE: env.PRIVACY_KEY_FILE,
    RETENTION_CLAIM_DAYS: env.RETENTION_CLAIM_DAYS,
    RETENTION_HISTORY_DAYS: env.RETENTION_HISTORY_DAYS,
    CONSOLE_SEARCH_SCAN_LIMIT: env.CONSOLE_SEARCH_SCAN_LIMIT,
    OTEL_EXPORTER_OTLP_ENDPOINT: env.OTEL_EXPORTER_OTLP_ENDPOINT,
    OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT,
    TONGXING_CRASH_AT: env.TONGXING_CRASH_AT,
    TONGXING_ENV: env.TONGXING_ENV,
  };
}

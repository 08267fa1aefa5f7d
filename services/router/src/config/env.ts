/** The only place the router reads process.env. */
export interface RouterEnv {
  readonly NATS_URL?: string;
  /** This service's NATS user, and a file holding its password. */
  readonly NATS_USER?: string;
  readonly NATS_PASSWORD_FILE?: string;
  /** A file holding the user's nkey seed (SU…), instead of a password. */
  readonly NATS_NKEY_SEED_FILE?: string;
  readonly NATS_REPLICAS?: string;
  readonly ROUTING_SEED?: string;
  readonly ROUTER_CONCURRENCY?: string;
  readonly RESULT_RETENTION_DAYS?: string;
  readonly LOG_LEVEL?: string;
  readonly METRICS_ADDRESS?: string;
  readonly OTEL_EXPORTER_OTLP_ENDPOINT?: string;
  readonly OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?: string;
}

export function readRouterEnv(env: NodeJS.ProcessEnv = process.env): RouterEnv {
  return {
    NATS_URL: env.NATS_URL,
    NATS_USER: env.NATS_USER,
    NATS_PASSWORD_FILE: env.NATS_PASSWORD_FILE,
    NATS_NKEY_SEED_FILE: env.NATS_NKEY_SEED_FILE,
    NATS_REPLICAS: env.NATS_REPLICAS,
    ROUTING_SEED: env.ROUTING_SEED,
    ROUTER_CONCURRENCY: env.ROUTER_CONCURRENCY,
    RESULT_RETENTION_DAYS: env.RESULT_RETENTION_DAYS,
    LOG_LEVEL: env.LOG_LEVEL,
    METRICS_ADDRESS: env.METRICS_ADDRESS,
    OTEL_EXPORTER_OTLP_ENDPOINT: env.OTEL_EXPORTER_OTLP_ENDPOINT,
    OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT,
  };
}

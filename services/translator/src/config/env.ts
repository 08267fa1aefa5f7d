/** The only place the translator reads process.env. */
export interface TranslatorEnv {
  readonly NATS_URL?: string;
  readonly NATS_REPLICAS?: string;
  readonly GRPC_ADDRESS?: string;
  readonly MAX_PAYLOAD_BYTES?: string;
  readonly SETTLE_TIMEOUT_MS?: string;
  readonly LOG_LEVEL?: string;
  readonly HUB_SM2_KEY_FILE?: string;
  readonly METRICS_ADDRESS?: string;
  readonly OTEL_EXPORTER_OTLP_ENDPOINT?: string;
  readonly OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?: string;
}

export function readTranslatorEnv(env: NodeJS.ProcessEnv = process.env): TranslatorEnv {
  return {
    NATS_URL: env.NATS_URL,
    NATS_REPLICAS: env.NATS_REPLICAS,
    GRPC_ADDRESS: env.GRPC_ADDRESS,
    MAX_PAYLOAD_BYTES: env.MAX_PAYLOAD_BYTES,
    SETTLE_TIMEOUT_MS: env.SETTLE_TIMEOUT_MS,
    LOG_LEVEL: env.LOG_LEVEL,
    HUB_SM2_KEY_FILE: env.HUB_SM2_KEY_FILE,
    METRICS_ADDRESS: env.METRICS_ADDRESS,
    OTEL_EXPORTER_OTLP_ENDPOINT: env.OTEL_EXPORTER_OTLP_ENDPOINT,
    OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT,
  };
}

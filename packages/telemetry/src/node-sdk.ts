import { trace } from "@opentelemetry/api";
import { NodeSDK } from "@opentelemetry/sdk-node";
import { AlwaysOnSampler } from "@opentelemetry/sdk-trace-base";

/** Options for {@link startNodeTelemetry}. */
export interface NodeTelemetryOptions {
  /** `service.name` unless OTEL_SERVICE_NAME or OTEL_RESOURCE_ATTRIBUTES names one. */
  readonly service: string;
  /** The process environment, handed over by the service's main (the only reader of process). */
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** The process's OpenTelemetry SDK, as started by a service's main. */
export interface NodeTelemetry {
  /** Whether spans are exported (an exporter is configured); otherwise the SDK is not started. */
  readonly exporting: boolean;
  forceFlush(): Promise<void>;
  /** Flushes and stops the SDK; idempotent, never rejects. */
  shutdown(): Promise<void>;
}

let started: NodeTelemetry | undefined;

/** The SDK a main started with an exporter, for {@link createTracing} to hand spans to. */
export function exportingNodeTelemetry(): NodeTelemetry | undefined {
  return started?.exporting === true ? started : undefined;
}

const set = (v: string | undefined): boolean => v !== undefined && v.trim() !== "";

/**
 * Starts `@opentelemetry/sdk-node` the standard way: OTEL_TRACES_EXPORTER (otlp, console,
 * zipkin, none), OTEL_EXPORTER_OTLP_*, OTEL_TRACES_SAMPLER / OTEL_TRACES_SAMPLER_ARG,
 * OTEL_SERVICE_NAME, OTEL_RESOURCE_ATTRIBUTES, OTEL_PROPAGATORS and OTEL_SDK_DISABLED are read by
 * the SDK itself. Only traces: the hub's metrics are Prometheus (/metrics) and its logs pino lines,
 * so metric readers and log processors are left empty rather than defaulting to OTLP.
 *
 * With no exporter configured (neither OTEL_TRACES_EXPORTER nor an OTLP endpoint), the SDK is not
 * started at all, so there is no export cost: each service keeps its own non-recording provider,
 * which still mints trace ids for logs and claim events. No auto-instrumentation: the hub makes its
 * own server/producer/consumer spans for every gRPC call and NATS hop, and grpc/http
 * instrumentation would count those calls twice (docs/observability.md).
 */
export function startNodeTelemetry(options: NodeTelemetryOptions): NodeTelemetry {
  if (started !== undefined) return started;
  const { env } = options;
  const exporter = env.OTEL_TRACES_EXPORTER?.trim();
  const exporting =
    env.OTEL_SDK_DISABLED?.trim().toLowerCase() !== "true" &&
    exporter !== "none" &&
    (set(exporter) || set(env.OTEL_EXPORTER_OTLP_ENDPOINT) || set(env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT));
  if (!exporting) {
    started = { exporting: false, forceFlush: () => Promise.resolve(), shutdown: () => Promise.resolve() };
    return started;
  }
  const named = set(env.OTEL_SERVICE_NAME) || /(^|,)\s*service\.name\s*=/.test(env.OTEL_RESOURCE_ATTRIBUTES ?? "");
  const sdk = new NodeSDK({
    ...(named ? {} : { serviceName: options.service }),
    // Unset OTEL_TRACES_SAMPLER means always_on, not the spec's parentbased_always_on: a hop
    // behind a service that does not export carries traceparent flag 00, and each service decides
    // for itself whether to record (docs/observability.md, "Traces").
    ...(set(env.OTEL_TRACES_SAMPLER) ? {} : { sampler: new AlwaysOnSampler() }),
    instrumentations: [],
    metricReaders: [],
    logRecordProcessors: [],
  });
  sdk.start();
  let shutdown: Promise<void> | undefined;
  started = {
    exporting: true,
    async forceFlush() {
      const provider = trace.getTracerProvider() as { forceFlush?: () => Promise<void> };
      // the global provider is a ProxyTracerProvider; its delegate is the SDK's
      const delegate = (provider as { getDelegate?: () => { forceFlush?: () => Promise<void> } }).getDelegate?.() ?? provider;
      await delegate.forceFlush?.().catch(() => undefined);
    },
    shutdown() {
      shutdown ??= sdk.shutdown().catch(() => undefined);
      return shutdown;
    },
  };
  return started;
}

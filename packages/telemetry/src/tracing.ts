import { trace, type Tracer } from "@opentelemetry/api";
import { OTLPTraceExporter } from "@opentelemetry/exporter-trace-otlp-http";
import { resourceFromAttributes } from "@opentelemetry/resources";
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  BasicTracerProvider,
  BatchSpanProcessor,
  SimpleSpanProcessor,
  type SpanExporter,
  type SpanProcessor,
} from "@opentelemetry/sdk-trace-base";

import { exportingNodeTelemetry } from "./node-sdk.js";

export type { SpanExporter } from "@opentelemetry/sdk-trace-base";

/** Options for {@link createTracing}. */
export interface TracingOptions {
  /** `service.name` of every span (translator, router, auditor). */
  readonly service: string;
  /** OTLP/HTTP traces URL (…/v1/traces); no OTLP export when absent. */
  readonly otlpTracesUrl?: string | undefined;
  /** An extra exporter fed span by span as each ends (tests: InMemorySpanExporter). */
  readonly spanExporter?: SpanExporter | undefined;
  /** Told of a flush or shutdown that failed; tracing never throws into the service. */
  readonly onError?: (err: unknown) => void;
}

/** One service's tracer and the lifetime of what exports its spans. */
export interface Tracing {
  readonly tracer: Tracer;
  /** Exports what is buffered; never rejects. */
  forceFlush(): Promise<void>;
  /** Flushes and stops exporting; idempotent, never rejects. */
  shutdown(): Promise<void>;
}

/**
 * A service's own tracer provider (not the global one: the test hub runs three services in one
 * process, each with its own `service.name`). With an exporter, every span is recorded (whatever
 * the caller's sampled flag: each service decides for itself) and leaves the process through it.
 * Without one, spans are not recorded at all — nothing would read them — but each still has its
 * span context, so the trace id and W3C traceparent travel with every claim all the same.
 */
export function createTracing(options: TracingOptions): Tracing {
  // A service main started the Node SDK with an exporter: spans go to the global provider, which
  // honours the OTEL_* variables (sampler, resource, exporter); the SDK owns flush and shutdown.
  const sdk = options.spanExporter === undefined ? exportingNodeTelemetry() : undefined;
  if (sdk !== undefined) return { tracer: trace.getTracer("tongxing"), forceFlush: () => sdk.forceFlush(), shutdown: () => sdk.shutdown() };
  const spanProcessors: SpanProcessor[] = [];
  if (options.otlpTracesUrl !== undefined) {
    spanProcessors.push(new BatchSpanProcessor(new OTLPTraceExporter({ url: options.otlpTracesUrl })));
  }
  if (options.spanExporter !== undefined) spanProcessors.push(new SimpleSpanProcessor(options.spanExporter));
  const provider = new BasicTracerProvider({
    resource: resourceFromAttributes({ "service.name": options.service }),
    sampler: spanProcessors.length > 0 ? new AlwaysOnSampler() : new AlwaysOffSampler(),
    spanProcessors,
  });
  const report = (err: unknown) => options.onError?.(err);
  let shutdown: Promise<void> | undefined;
  return {
    tracer: provider.getTracer("tongxing"),
    forceFlush: () => provider.forceFlush().catch(report),
    shutdown() {
      shutdown ??= provider.shutdown().catch(report);
      return shutdown;
    },
  };
}

/**
 * The OTLP/HTTP traces URL from the standard variables: OTEL_EXPORTER_OTLP_TRACES_ENDPOINT is
 * used as given, OTEL_EXPORTER_OTLP_ENDPOINT gets `/v1/traces` appended; undefined when neither
 * is set (no export).
 */
export function otlpTracesUrlOf(endpoint: string | undefined, tracesEndpoint: string | undefined): string | undefined {
  if (tracesEndpoint !== undefined && tracesEndpoint !== "") return tracesEndpoint;
  if (endpoint === undefined || endpoint === "") return undefined;
  return `${endpoint.replace(/\/+$/, "")}/v1/traces`;
}

import { SpanKind, SpanStatusCode, trace, type Attributes, type Context, type Link, type Span, type Tracer } from "@opentelemetry/api";
import { incomingTraceContext, type TraceHeaderReader } from "./tracing-context.js";

export type { Attributes, Span, Tracer } from "@opentelemetry/api";

/** What a hop span stands for, after OpenTelemetry's span kinds. */
export const HopKind = {
  /** An RPC the hub serves (SettleClaim, SubmitClaim). */
  SERVER: SpanKind.SERVER,
  /** Sends a message on: a JetStream publish, a delivery over a platform link. */
  PRODUCER: SpanKind.PRODUCER,
  /** Handles a message taken from a stream (route, audit). */
  CONSUMER: SpanKind.CONSUMER,
} as const;
export type HopKind = (typeof HopKind)[keyof typeof HopKind];

/** Options for {@link startHopSpan}. */
export interface HopSpanOptions {
  readonly kind: HopKind;
  /** The incoming context (another hop's span, or ROOT for a new trace). */
  readonly parent: Context;
  readonly attributes?: Attributes;
  readonly links?: readonly Link[];
}

/** A started span with the context its children and outgoing headers use. */
export interface HopSpan {
  readonly span: Span;
  /** `parent` with this span set: hand it to children and to {@link injectTraceContext}. */
  readonly context: Context;
  /** Ends the span; with an error, records it and marks the span failed. Idempotent. */
  end(error?: unknown): void;
}

/**
 * Starts one hop's span under an explicit parent (no ambient context manager: each hop passes
 * its context along, so nothing depends on async-hooks bookkeeping).
 */
export function startHopSpan(tracer: Tracer, name: string, options: HopSpanOptions): HopSpan {
  const span = tracer.startSpan(
    name,
    { kind: options.kind, ...(options.attributes === undefined ? {} : { attributes: options.attributes }), ...(options.links === undefined ? {} : { links: [...options.links] }) },
    options.parent,
  );
  let ended = false;
  return {
    span,
    context: trace.setSpan(options.parent, span),
    end(error?: unknown) {
      if (ended) return;
      ended = true;
      if (error !== undefined) {
        span.recordException(error instanceof Error ? error : String(error));
        span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
      }
      span.end();
    },
  };
}

/** A link to another trace's span (a duplicate submission to the original claim's trace). */
export function linkTo(context: Context): Link[] {
  const sc = trace.getSpanContext(context);
  return sc === undefined ? [] : [{ context: sc }];
}

/**
 * The server span of one gRPC call (`rpc.method` as its name), child of the caller's
 * `traceparent` metadata when it sent one, else the root of a new trace.
 */
export function startRpcServerSpan(tracer: Tracer, service: string, method: string, readMetadata: TraceHeaderReader): HopSpan {
  return startHopSpan(tracer, method, {
    kind: HopKind.SERVER,
    parent: incomingTraceContext(readMetadata),
    attributes: { "rpc.system": "grpc", "rpc.service": service, "rpc.method": method },
  });
}

import { ROOT_CONTEXT, TraceFlags, isSpanContextValid, trace, type Context, type TextMapGetter, type TextMapSetter } from "@opentelemetry/api";
import { W3CTraceContextPropagator } from "@opentelemetry/core";

export type { Context } from "@opentelemetry/api";

/** Reads a header or metadata entry: NATS headers give "" when absent, gRPC metadata an array. */
export type TraceHeaderReader = (name: string) => unknown;
/** Writes a header or metadata entry. */
export type TraceHeaderWriter = (name: string, value: string) => void;

const propagator = new W3CTraceContextPropagator();

const getter: TextMapGetter<TraceHeaderReader> = {
  keys: () => [],
  get(read, key) {
    const value = read(key);
    const first: unknown = Array.isArray(value) ? value[0] : value;
    return typeof first === "string" && first !== "" ? first : undefined;
  },
};

const setter: TextMapSetter<TraceHeaderWriter> = {
  set: (write, key, value) => write(key, value),
};

const TRACE_ID = /^[0-9a-f]{32}$/;

/**
 * The parent context of an incoming hop: the W3C `traceparent` it carries, so every hop of a
 * claim is one trace. The claim's own trace id (its envelope's, in every event and log line)
 * wins over a disagreeing or missing `traceparent`: the hop then hangs under a stand-in parent
 * derived from the trace id, so logs and traces still agree.
 */
export function incomingTraceContext(read: TraceHeaderReader, traceId?: string): Context {
  const extracted = propagator.extract(ROOT_CONTEXT, read, getter);
  const carried = trace.getSpanContext(extracted);
  if (carried !== undefined && isSpanContextValid(carried) && (traceId === undefined || carried.traceId === traceId)) return extracted;
  if (traceId === undefined || !TRACE_ID.test(traceId) || /^0+$/.test(traceId)) return ROOT_CONTEXT;
  return traceContextOf(traceId);
}

/** A remote parent in the given trace: the same stand-in span id for every hop of the claim. */
export function traceContextOf(traceId: string): Context {
  const spanId = /^0+$/.test(traceId.slice(0, 16)) ? "0000000000000001" : traceId.slice(0, 16);
  return trace.setSpanContext(ROOT_CONTEXT, { traceId, spanId, traceFlags: TraceFlags.SAMPLED, isRemote: true });
}

/** Writes `traceparent` (and `tracestate`) for the span of `context` into outgoing headers. */
export function injectTraceContext(context: Context, write: TraceHeaderWriter): void {
  propagator.inject(context, write, setter);
}

/** The trace id of the span in `context`, if it has a valid one. */
export function traceIdOf(context: Context): string | undefined {
  const sc = trace.getSpanContext(context);
  return sc !== undefined && isSpanContextValid(sc) ? sc.traceId : undefined;
}

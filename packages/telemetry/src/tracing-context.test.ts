import assert from "node:assert/strict";
import { test } from "node:test";
import { InMemorySpanExporter } from "@opentelemetry/sdk-trace-base";
import { createTracing, otlpTracesUrlOf } from "./tracing.js";
import { incomingTraceContext, injectTraceContext, traceIdOf } from "./tracing-context.js";
import { HopKind, startHopSpan } from "./tracing-span.js";

const TRACE = "0af7651916cd43dd8448eb211c80319c";
const headersOf = (entries: Record<string, string>) => (name: string) => entries[name] ?? "";

test("a hop's traceparent is carried through headers to the next hop", async () => {
  const exporter = new InMemorySpanExporter();
  const tracing = createTracing({ service: "test", spanExporter: exporter });
  const first = startHopSpan(tracing.tracer, "first", { kind: HopKind.PRODUCER, parent: incomingTraceContext(headersOf({}), TRACE) });
  const headers: Record<string, string> = {};
  injectTraceContext(first.context, (k, v) => (headers[k] = v));
  first.end();
  assert.match(headers.traceparent ?? "", new RegExp(`^00-${TRACE}-[0-9a-f]{16}-01$`));
  const second = startHopSpan(tracing.tracer, "second", { kind: HopKind.CONSUMER, parent: incomingTraceContext(headersOf(headers), TRACE) });
  second.end(new Error("boom"));
  const [a, b] = exporter.getFinishedSpans();
  assert.equal(b?.parentSpanContext?.spanId, a?.spanContext().spanId);
  assert.equal(b?.spanContext().traceId, TRACE);
  assert.equal(b?.status.code, 2, "an error marks the span failed");
  await tracing.shutdown();
});

test("the claim's trace id wins over a missing or disagreeing traceparent; garbage gives a new trace", () => {
  const other = "00-11111111111111111111111111111111-2222222222222222-01";
  assert.equal(traceIdOf(incomingTraceContext(headersOf({ traceparent: other }), TRACE)), TRACE);
  assert.equal(traceIdOf(incomingTraceContext(headersOf({ traceparent: other }))), "11111111111111111111111111111111");
  assert.equal(traceIdOf(incomingTraceContext((name) => (name === "traceparent" ? [other] : []))), "11111111111111111111111111111111", "gRPC metadata arrays");
  assert.equal(traceIdOf(incomingTraceContext(headersOf({}), "not-a-trace-id")), undefined);
  assert.equal(traceIdOf(incomingTraceContext(headersOf({}), "0".repeat(32))), undefined);
});

test("OTLP export only when an endpoint is set", () => {
  assert.equal(otlpTracesUrlOf(undefined, undefined), undefined);
  assert.equal(otlpTracesUrlOf("http://collector:4318/", undefined), "http://collector:4318/v1/traces");
  assert.equal(otlpTracesUrlOf("http://collector:4318", "http://other:4318/traces"), "http://other:4318/traces");
});

test("without an exporter spans are not recorded, yet every hop still carries the claim's trace", async () => {
  const tracing = createTracing({ service: "test" });
  const first = startHopSpan(tracing.tracer, "first", { kind: HopKind.PRODUCER, parent: incomingTraceContext(headersOf({}), TRACE) });
  assert.equal(first.span.isRecording(), false);
  const headers: Record<string, string> = {};
  injectTraceContext(first.context, (k, v) => (headers[k] = v));
  first.end();
  assert.match(headers.traceparent ?? "", new RegExp(`^00-${TRACE}-[0-9a-f]{16}-00$`));
  const second = startHopSpan(tracing.tracer, "second", { kind: HopKind.CONSUMER, parent: incomingTraceContext(headersOf(headers)) });
  assert.equal(traceIdOf(second.context), TRACE, "the next hop reads the trace from traceparent");
  second.end();
  const fresh = startHopSpan(tracing.tracer, "fresh", { kind: HopKind.SERVER, parent: incomingTraceContext(headersOf({})) });
  assert.match(traceIdOf(fresh.context) ?? "", /^[0-9a-f]{32}$/, "a call without trace context still starts a trace");
  assert.notEqual(traceIdOf(fresh.context), "0".repeat(32));
  fresh.end();
  await tracing.shutdown();
});

test("with an exporter every span is recorded, even under a caller's unsampled traceparent", async () => {
  const exporter = new InMemorySpanExporter();
  const tracing = createTracing({ service: "test", spanExporter: exporter });
  const unsampled = `00-${TRACE}-00f067aa0ba902b7-00`;
  const hop = startHopSpan(tracing.tracer, "hop", { kind: HopKind.CONSUMER, parent: incomingTraceContext(headersOf({ traceparent: unsampled })) });
  assert.equal(hop.span.isRecording(), true);
  hop.end();
  assert.equal(exporter.getFinishedSpans()[0]?.spanContext().traceId, TRACE);
  await tracing.shutdown();
});

import type { sendUnaryData, ServerUnaryCall } from "@grpc/grpc-js";
import { context } from "@opentelemetry/api";
import { startRpcServerSpan, type Tracer } from "@tongxing/telemetry";

/**
 * Wraps a unary handler in the RPC's server span (child of the caller's traceparent, like
 * SettleClaim's and SubmitClaim's own spans), ended when the handler answers: with the gRPC status
 * code as `rpc.grpc.status_code` and, on an error, the span marked failed with its details. The
 * span is the active context while the handler runs, so its log lines carry the trace id.
 */
export function tracedUnary<Req, Res>(
  tracer: Tracer,
  service: string,
  method: string,
  handler: (call: ServerUnaryCall<Req, Res>, callback: sendUnaryData<Res>) => void,
): (call: ServerUnaryCall<Req, Res>, callback: sendUnaryData<Res>) => void {
  return (call, callback) => {
    const rpc = startRpcServerSpan(tracer, service, method, (k) => call.metadata.get(k));
    // active for the handler's async work, so its log lines carry the span's trace_id (logger.ts)
    context.with(rpc.context, () => handler(call, (err, value, trailer, flags) => {
      rpc.span.setAttribute("rpc.grpc.status_code", err === null ? 0 : (err.code ?? 2));
      rpc.end(err === null ? undefined : new Error(err.details ?? ("message" in err ? err.message : "error")));
      callback(err, value, trailer, flags);
    }));
  };
}

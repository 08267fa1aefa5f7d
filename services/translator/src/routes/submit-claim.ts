import type { sendUnaryData, ServerUnaryCall } from "@grpc/grpc-js";
import { create } from "@bufbuild/protobuf";
import { ClaimGateway, SubmitClaimResponseSchema, type SubmitClaimRequest, type SubmitClaimResponse } from "@tongxing/proto";
import { startRpcServerSpan } from "@tongxing/telemetry";
import { callerPlatform } from "../grpc/caller-platform.js";
import { toStatus } from "../grpc/to-status.js";
import { acceptClaim, prepareClaim } from "../intake/claim-intake.js";
import type { RouteContext } from "./context.js";

/** ClaimGateway.SubmitClaim: accept and answer at once with the claim id and status. */
export function submitClaimRoute(ctx: RouteContext) {
  return (call: ServerUnaryCall<SubmitClaimRequest, SubmitClaimResponse>, callback: sendUnaryData<SubmitClaimResponse>): void => {
    void (async () => {
      const startedMs = performance.now();
      const rpc = startRpcServerSpan(ctx.tracer, ClaimGateway.typeName, "SubmitClaim", (k) => call.metadata.get(k));
      try {
        const submitter = callerPlatform(call.metadata, ctx.routing);
        const prepared = prepareClaim(call.request, submitter, ctx);
        rpc.span.setAttribute("tongxing.claim_id", prepared.claim.claimId);
        const accepted = await acceptClaim(prepared, ctx, rpc.context);
        callback(null, create(SubmitClaimResponseSchema, accepted));
        ctx.metrics.intakeObserved("SubmitClaim", accepted.duplicate ? "duplicate" : "accepted", performance.now() - startedMs);
        rpc.end();
      } catch (err) {
        const status = toStatus(err, ctx.log);
        callback(status);
        ctx.metrics.intakeObserved("SubmitClaim", "failed", performance.now() - startedMs);
        ctx.metrics.rpcFailed(status.code);
        rpc.end(err);
      }
    })();
  };
}

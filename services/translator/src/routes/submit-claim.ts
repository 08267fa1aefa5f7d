import type { sendUnaryData, ServerUnaryCall } from "@grpc/grpc-js";
import { create } from "@bufbuild/protobuf";
import { SubmitClaimResponseSchema, type SubmitClaimRequest, type SubmitClaimResponse } from "@tongxing/proto";
import { callerPlatform } from "../grpc/caller-platform.js";
import { toStatus } from "../grpc/to-status.js";
import { acceptClaim, prepareClaim } from "../intake/claim-intake.js";
import type { RouteContext } from "./context.js";

/** ClaimGateway.SubmitClaim: accept and answer at once with the claim id and status. */
export function submitClaimRoute(ctx: RouteContext) {
  return (call: ServerUnaryCall<SubmitClaimRequest, SubmitClaimResponse>, callback: sendUnaryData<SubmitClaimResponse>): void => {
    void (async () => {
      try {
        const submitter = callerPlatform(call.metadata, ctx.routing);
        const prepared = prepareClaim(call.request, submitter, ctx);
        const accepted = await acceptClaim(prepared, ctx);
        callback(null, create(SubmitClaimResponseSchema, accepted));
      } catch (err) {
        callback(toStatus(err, ctx.log));
      }
    })();
  };
}

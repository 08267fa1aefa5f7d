import type { sendUnaryData, ServerUnaryCall } from "@grpc/grpc-js";
import { create } from "@bufbuild/protobuf";
import { InvalidInputError } from "@tongxing/domain";
import { isClaimId } from "@tongxing/lifecycle";
import { GetClaimResponseSchema, type GetClaimRequest, type GetClaimResponse } from "@tongxing/proto";
import { callerPlatform } from "../grpc/caller-platform.js";
import { HubError, HubErrorCode } from "../grpc/hub-error.js";
import { toStatus } from "../grpc/to-status.js";
import { isClaimParty } from "../authorization/authorization-matrix.js";
import type { RouteContext } from "./context.js";

/**
 * ClaimGateway.GetClaim: status and ordered events. A platform sees only claims it submitted
 * or that are insured by it; any other id answers NOT_FOUND, as if it did not exist.
 */
export function getClaimRoute(ctx: RouteContext) {
  return (call: ServerUnaryCall<GetClaimRequest, GetClaimResponse>, callback: sendUnaryData<GetClaimResponse>): void => {
    void (async () => {
      try {
        const caller = callerPlatform(call.metadata, ctx.routing);
        const claimId = call.request.claimId;
        if (!isClaimId(claimId)) throw InvalidInputError.of("claim_id", "is not a claim id (C + 24 hex characters)");
        const record = (await ctx.store.read(claimId))?.record;
        const claim = record?.claim;
        const visible = claim !== undefined && isClaimParty(ctx.routing, caller, claim);
        if (record === undefined || !visible) throw new HubError(HubErrorCode.NOT_FOUND, `claim ${claimId} not found`);
        // The message as received stays with the hub (sealed, for regulators): a platform has its own.
        record.received = undefined;
        callback(null, create(GetClaimResponseSchema, { record }));
      } catch (err) {
        callback(toStatus(err, ctx.log));
      }
    })();
  };
}

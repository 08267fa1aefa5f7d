import type { sendUnaryData, ServerUnaryCall } from "@grpc/grpc-js";
import { create } from "@bufbuild/protobuf";
import { PreSettleClaimResponseSchema, type PreSettleClaimRequest, type PreSettleClaimResponse } from "@tongxing/proto";
import { callerPlatform } from "../grpc/caller-platform.js";
import { toStatus } from "../grpc/to-status.js";
import { askPreSettlement, preparePreSettle } from "../intake/pre-settlement.js";
import { waitBudgetMs } from "../intake/wait-budget.js";
import type { RouteContext } from "./context.js";

/**
 * ClaimGateway.PreSettleClaim (2206 / 2303 / 2101): what the patient would pay. The insured
 * platform answers over its link, booking nothing; the hub keeps the answer (rule S1 compares the
 * encounter's later settlement with it) and records no claim, settlement or ledger entry. Bounded
 * by the call's deadline like SettleClaim.
 */
export function preSettleClaimRoute(ctx: RouteContext) {
  return (call: ServerUnaryCall<PreSettleClaimRequest, PreSettleClaimResponse>, callback: sendUnaryData<PreSettleClaimResponse>): void => {
    void (async () => {
      try {
        const submitter = callerPlatform(call.metadata, ctx.routing);
        const prepared = preparePreSettle(call.request, submitter, ctx);
        const preSettlement = await askPreSettlement(prepared, ctx, waitBudgetMs(call.getDeadline(), ctx.config.settleTimeoutMs));
        const payload = prepared.dialect.encodePreSettleResult?.(preSettlement) ?? new Uint8Array();
        callback(null, create(PreSettleClaimResponseSchema, { preSettlement, payload }));
      } catch (err) {
        callback(toStatus(err, ctx.log));
      }
    })();
  };
}

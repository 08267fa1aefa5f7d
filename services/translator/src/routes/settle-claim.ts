import type { sendUnaryData, ServerUnaryCall } from "@grpc/grpc-js";
import { create } from "@bufbuild/protobuf";
import { isFinalStatus, settlementResultOf, statusName } from "@tongxing/lifecycle";
import { startRpcServerSpan } from "@tongxing/telemetry";
import {
  ClaimGateway,
  SettleClaimResponseSchema,
  type Claim,
  type SettleClaimRequest,
  type SettleClaimResponse,
  type SettlementResult,
} from "@tongxing/proto";
import type { Dialect } from "@tongxing/dialects";
import { callerPlatform } from "../grpc/caller-platform.js";
import { HubError, HubErrorCode } from "../grpc/hub-error.js";
import { toStatus } from "../grpc/to-status.js";
import { acceptClaim, prepareClaim } from "../intake/claim-intake.js";
import type { SubmitterWatch } from "../intake/settlement-waiters.js";
import { waitBudgetMs } from "../intake/wait-budget.js";
import type { RouteContext } from "./context.js";


/**
 * ClaimGateway.SettleClaim, the hospital counter's path: accept the claim, then wait (bounded
 * by the call's deadline, or the configured default) for its final result, and answer with the
 * canonical settlement and its rendering in the submitter's dialect. A resubmitted claim that
 * is already final is answered from its record at once; it is never settled again. One still in
 * progress may have been accepted by another translator instance, whose subject its result goes
 * to: the call watches the submitter's results while it waits.
 */
export function settleClaimRoute(ctx: RouteContext) {
  return (call: ServerUnaryCall<SettleClaimRequest, SettleClaimResponse>, callback: sendUnaryData<SettleClaimResponse>): void => {
    void (async () => {
      const startedMs = performance.now();
      const rpc = startRpcServerSpan(ctx.tracer, ClaimGateway.typeName, "SettleClaim", (k) => call.metadata.get(k));
      let intakeDone = false;
      let failure = "error";
      const answered = (status: string) => {
        ctx.metrics.settleAnswered(status.toLowerCase(), performance.now() - startedMs);
        rpc.span.setAttribute("tongxing.claim.status", status);
        rpc.end();
      };
      let cancelWait: (() => void) | undefined;
      let timer: NodeJS.Timeout | undefined;
      let watch: SubmitterWatch | undefined;
      try {
        const submitter = callerPlatform(call.metadata, ctx.routing);
        const prepared = prepareClaim(call.request, submitter, ctx);
        const claimId = prepared.claim.claimId;
        const waiter = ctx.waiters.wait(claimId);
        cancelWait = waiter.cancel;
        call.once("cancelled", () => waiter.cancel());

        rpc.span.setAttribute("tongxing.claim_id", claimId);
        const accepted = await acceptClaim(prepared, ctx, rpc.context, ctx.waiters.instance);
        ctx.metrics.intakeObserved("SettleClaim", accepted.duplicate ? "duplicate" : "accepted", performance.now() - startedMs);
        intakeDone = true;
        let existing = accepted.existing;
        if (accepted.duplicate && (existing === undefined || !isFinalStatus(existing.status))) {
          // The first call for this claim may wait on another instance, which its result is
          // addressed to: hear the submitter's results, then read the record again in case the
          // result went out before the watch was up.
          watch = await ctx.waiters.watchSubmitter(submitter);
          existing = (await ctx.store.read(claimId))?.record ?? existing;
        }
        if (existing !== undefined && isFinalStatus(existing.status)) {
          waiter.cancel();
          const claim = existing.claim ?? prepared.claim;
          callback(null, respond(settlementResultOf(existing), claim, prepared.dialect, true));
          answered(statusName(existing.status));
          return;
        }
        const waitMs = waitBudgetMs(call.getDeadline(), ctx.config.settleTimeoutMs);
        const timeout = new Promise<undefined>((resolve) => {
          timer = setTimeout(() => resolve(undefined), waitMs);
        });
        const settlement = await Promise.race([waiter.settled, timeout]);
        if (settlement?.result === undefined) {
          waiter.cancel();
          failure = "timeout";
          throw new HubError(
            HubErrorCode.DEADLINE_EXCEEDED,
            `claim ${claimId} is not final after ${waitMs} ms (last known status ${statusName(accepted.status)}); ` +
              "it stays in progress: ask GetClaim, or resubmit with the same idempotency key",
          );
        }
        const claim = settlement.claim ?? prepared.claim;
        callback(null, respond(settlement.result, claim, prepared.dialect, accepted.duplicate));
        answered(statusName(settlement.result.status));
      } catch (err) {
        cancelWait?.();
        const status = toStatus(err, ctx.log);
        callback(status);
        if (!intakeDone) ctx.metrics.intakeObserved("SettleClaim", "failed", performance.now() - startedMs);
        ctx.metrics.rpcFailed(status.code);
        ctx.metrics.settleAnswered(failure, performance.now() - startedMs);
        rpc.end(err);
      } finally {
        clearTimeout(timer);
        watch?.release();
      }
    })();
  };
}


function respond(result: SettlementResult, claim: Claim, dialect: Dialect, duplicate: boolean): SettleClaimResponse {
  const payload = dialect.encodeResult(result, claim);
  result.dialect = dialect.name;
  result.payload = payload;
  return create(SettleClaimResponseSchema, { claimId: result.claimId, status: result.status, settlement: result, payload, duplicate });
}

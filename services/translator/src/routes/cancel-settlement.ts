import type { sendUnaryData, ServerUnaryCall } from "@grpc/grpc-js";
import { create, toBinary } from "@bufbuild/protobuf";
import { headers as natsHeaders } from "@nats-io/nats-core";
import { InvalidInputError } from "@tongxing/domain";
import { settlementResultOf, statusName } from "@tongxing/lifecycle";
import { Headers, MsgIds, Subjects } from "@tongxing/nats";
import {
  CancelSettlementResponseSchema,
  ClaimEnvelopeSchema,
  ClaimStatus,
  SettlementCancelSchema,
  type CancelSettlementRequest,
  type CancelSettlementResponse,
  type Claim,
  type ClaimRecord,
  type SettlementCancel,
  type SettlementResult,
} from "@tongxing/proto";
import { sealClaim, sealIdentifier } from "@tongxing/privacy";
import { dialectAt } from "@tongxing/routing";
import { bindSecurity } from "../bind-security.js";
import type { Dialect } from "@tongxing/dialects";
import { callerPlatform } from "../grpc/caller-platform.js";
import { HubError, HubErrorCode } from "../grpc/hub-error.js";
import { toStatus } from "../grpc/to-status.js";
import { refuseCancelOfNettedInterim } from "./interim-netted.js";
import type { SubmitterWatch } from "../intake/settlement-waiters.js";
import { waitBudgetMs } from "../intake/wait-budget.js";
import type { RouteContext } from "./context.js";


/**
 * ClaimGateway.CancelSettlement (2208 / 2305 / 2103): reverses a settled claim. Only the
 * platform that submitted it may, only a SETTLED claim, only once. The edge changes nothing
 * itself: it stores the cancel as a request on REVERSALS (its own path, one per claim), and the
 * auditor moves the record SETTLED → CANCEL_REQUESTED (the "once" guard), sends the reversal to
 * the insured platform's link, and on its acknowledgement posts the exact negation to the ledger
 * and marks it CANCELLED (refused: REVERSAL_HELD, for a regulator). Nothing is left half-done if
 * the request cannot be stored (the caller gets UNAVAILABLE and the claim stays SETTLED), and a
 * repeated cancel re-sends the request, so a cancel is never stuck. The final result goes on the
 * submitter's link subject, which the call watches while it waits.
 */
export function cancelSettlementRoute(ctx: RouteContext) {
  return (call: ServerUnaryCall<CancelSettlementRequest, CancelSettlementResponse>, callback: sendUnaryData<CancelSettlementResponse>): void => {
    void (async () => {
      let cancelWait: (() => void) | undefined;
      let timer: NodeJS.Timeout | undefined;
      let watch: SubmitterWatch | undefined;
      try {
        const caller = callerPlatform(call.metadata, ctx.routing);
        const platform = ctx.routing.platform(caller);
        const name = call.request.dialect !== "" ? call.request.dialect : platform === undefined ? "" : dialectAt(platform, Date.now());
        const dialect = bindSecurity(ctx.dialects.get(name), platform, ctx.hubPrivateKeyPem);
        if (call.request.payload.byteLength > ctx.maxPayloadBytes) throw InvalidInputError.of("payload", `is larger than ${ctx.maxPayloadBytes} bytes`);
        if (dialect.decodeCancel === undefined) throw InvalidInputError.of("dialect", `"${dialect.name}" has no cancel message`);
        const { cancel } = dialect.decodeCancel(call.request.payload);

        const claimId = (await ctx.store.findSettlement(caller, cancel.setlId)) ?? "";
        const stored = claimId === "" ? undefined : await ctx.store.read(claimId);
        const record = stored?.record;
        const claim = record?.claim;
        if (stored === undefined || record === undefined || claim === undefined || claim.submitterPlatform !== caller) {
          throw new HubError(HubErrorCode.NOT_FOUND, `no settlement ${cancel.setlId.slice(0, 64)} of platform ${caller}`);
        }
        const mismatch = [
          ...(claim.encounter?.mdtrtId !== cancel.mdtrtId ? [{ field: "mdtrt_id", description: "does not match the settled claim" }] : []),
          ...(claim.person?.psnNo !== cancel.psnNo ? [{ field: "psn_no", description: "does not match the settled claim" }] : []),
        ];
        if (mismatch.length > 0) throw new InvalidInputError(mismatch);

        if (isReversalFinal(record.status)) {
          callback(null, respond(settlementResultOf(record), claim, dialect, true));
          return;
        }
        if (record.status !== ClaimStatus.SETTLED && record.status !== ClaimStatus.CANCEL_REQUESTED) {
          throw new HubError(HubErrorCode.FAILED_PRECONDITION, `claim ${claimId} is ${statusName(record.status)}; only a settled claim can be cancelled`);
        }
        if (record.status === ClaimStatus.SETTLED) await refuseCancelOfNettedInterim(ctx.store, claim);
        const waiter = ctx.waiters.wait(claimId);
        cancelWait = waiter.cancel;
        call.once("cancelled", () => waiter.cancel());
        // The result goes on the submitter's link subject: hear it before asking for it.
        watch = await ctx.waiters.watchSubmitter(caller);
        // A cancel already under way may have finished before the watch was up.
        const now = record.status === ClaimStatus.SETTLED ? record : (await ctx.store.read(claimId))?.record;
        if (now !== undefined && isReversalFinal(now.status)) {
          waiter.cancel();
          callback(null, respond(settlementResultOf(now), claim, dialect, true));
          return;
        }
        // Asked again while under way: the request is sent again (a no-op for the auditor if it
        // has it), which also finishes a cancel whose first request was never stored.
        await requestReversal(ctx, record, claim, cancel);
        const waitMs = waitBudgetMs(call.getDeadline(), ctx.config.settleTimeoutMs);
        const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), waitMs)));
        const settled = await Promise.race([waiter.settled, timeout]);
        if (settled?.result === undefined || !isReversalFinal(settled.result.status)) {
          waiter.cancel();
          throw new HubError(HubErrorCode.DEADLINE_EXCEEDED, `cancellation of ${claimId} is requested but the insured platform has not answered yet; ask GetClaim or repeat the cancel`);
        }
        callback(null, respond(settled.result, claim, dialect, record.status === ClaimStatus.CANCEL_REQUESTED));
      } catch (err) {
        cancelWait?.();
        callback(toStatus(err, ctx.log));
      } finally {
        clearTimeout(timer);
        watch?.release();
      }
    })();
  };
}

/** Where a cancel ends: reversed, or held for a regulator because the insured platform refused it. */
function isReversalFinal(status: ClaimStatus): boolean {
  return status === ClaimStatus.CANCELLED || status === ClaimStatus.REVERSAL_HELD;
}

/**
 * Stores the cancel as a request for the auditor (REVERSALS, one per claim within the duplicate
 * window). Nothing else changes here, so a failed publish leaves the claim SETTLED.
 */
async function requestReversal(ctx: RouteContext, record: ClaimRecord, claim: Claim, cancel: SettlementCancel): Promise<void> {
  const traceId = record.events[0]?.traceId ?? "";
  // Identifiers sealed at rest (@tongxing/privacy), as every claim on a stream.
  const sealedCancel = create(SettlementCancelSchema, { ...cancel, psnNo: sealIdentifier(cancel.psnNo, "cancel.psn_no") });
  const envelope = create(ClaimEnvelopeSchema, { claim: sealClaim(claim), traceId, cancel: sealedCancel, ...(record.adjudication === undefined ? {} : { adjudication: record.adjudication }) });
  const h = natsHeaders();
  h.set(Headers.CLAIM_ID, record.claimId);
  h.set(Headers.TRACE_ID, traceId);
  try {
    await ctx.js.publish(Subjects.reversalRequest(claim.submitterPlatform), toBinary(ClaimEnvelopeSchema, envelope), { msgID: MsgIds.reversalRequest(record.claimId), headers: h });
  } catch (err) {
    throw new HubError(HubErrorCode.UNAVAILABLE, "the cancel could not be stored; nothing changed, repeat the cancel", { cause: err });
  }
}

function respond(result: SettlementResult, claim: Claim, dialect: Dialect, duplicate: boolean): CancelSettlementResponse {
  const payload = dialect.encodeResult(result, claim);
  result.dialect = dialect.name;
  result.payload = payload;
  return create(CancelSettlementResponseSchema, { claimId: result.claimId, status: result.status, settlement: result, payload, duplicate });
}

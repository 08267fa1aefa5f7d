import type { sendUnaryData, ServerUnaryCall } from "@grpc/grpc-js";
import { create, toBinary } from "@bufbuild/protobuf";
import { headers as natsHeaders } from "@nats-io/nats-core";
import { AllowedFrom, isClaimStoreError, type StoredRecord } from "@tongxing/claim-store";
import { InvalidInputError } from "@tongxing/domain";
import { Actor, claimEvent, settlementResultOf, statusName } from "@tongxing/lifecycle";
import { Headers, MsgIds, Subjects } from "@tongxing/nats";
import {
  CancelSettlementResponseSchema,
  ClaimEnvelopeSchema,
  ClaimStatus,
  SettlementCancelSchema,
  type CancelSettlementRequest,
  type CancelSettlementResponse,
  type Claim,
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
import type { SubmitterWatch } from "../intake/settlement-waiters.js";
import { waitBudgetMs } from "../intake/wait-budget.js";
import type { RouteContext } from "./context.js";


/**
 * ClaimGateway.CancelSettlement (2208 / 2305 / 2103): reverses a settled claim. Only the
 * platform that submitted it may, only a SETTLED claim, only once: the claim record moves
 * SETTLED → CANCEL_REQUESTED by compare-and-set (the "once" guard), then the auditor posts the
 * exact negation to the ledger and marks it CANCELLED. A repeated cancel is answered from the
 * record; the original settlement is never edited. The CANCELLED result goes on the submitter's
 * link subject, which the call watches while it waits.
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

        if (record.status === ClaimStatus.CANCELLED) {
          callback(null, respond(settlementResultOf(record), claim, dialect, true));
          return;
        }
        const waiter = ctx.waiters.wait(claimId);
        cancelWait = waiter.cancel;
        call.once("cancelled", () => waiter.cancel());
        if (record.status !== ClaimStatus.SETTLED && record.status !== ClaimStatus.CANCEL_REQUESTED) {
          throw new HubError(HubErrorCode.FAILED_PRECONDITION, `claim ${claimId} is ${statusName(record.status)}; only a settled claim can be cancelled`);
        }
        // The result goes on the submitter's link subject: hear it before asking for it.
        watch = await ctx.waiters.watchSubmitter(caller);
        if (record.status === ClaimStatus.SETTLED) {
          await requestCancel(ctx, stored, cancel);
        } else {
          // A cancel already under way: its result may have gone out before the watch was up.
          const now = (await ctx.store.read(claimId))?.record;
          if (now?.status === ClaimStatus.CANCELLED) {
            waiter.cancel();
            callback(null, respond(settlementResultOf(now), claim, dialect, true));
            return;
          }
        }
        const waitMs = waitBudgetMs(call.getDeadline(), ctx.config.settleTimeoutMs);
        const timeout = new Promise<undefined>((resolve) => (timer = setTimeout(() => resolve(undefined), waitMs)));
        const settled = await Promise.race([waiter.settled, timeout]);
        if (settled?.result === undefined || settled.result.status !== ClaimStatus.CANCELLED) {
          waiter.cancel();
          throw new HubError(HubErrorCode.DEADLINE_EXCEEDED, `cancellation of ${claimId} is requested but not yet posted; ask GetClaim or repeat the cancel`);
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

/** SETTLED → CANCEL_REQUESTED (the claim store's compare-and-set), then hand the reversal to the auditor. */
async function requestCancel(ctx: RouteContext, stored: StoredRecord, cancel: SettlementCancel): Promise<void> {
  const claimId = stored.record.claimId;
  const traceId = stored.record.events[0]?.traceId ?? "";
  let record;
  try {
    const done = await ctx.store.transition(
      claimId,
      AllowedFrom.CANCEL_REQUEST,
      () => ({ to: ClaimStatus.CANCEL_REQUESTED, events: [claimEvent(claimId, ClaimStatus.CANCEL_REQUESTED, traceId, Actor.TRANSLATOR, `cancel ${cancel.infno} ${cancel.msgid}`)] }),
      { known: stored },
    );
    record = done.record;
  } catch (err) {
    // Another cancel got there first (REFUSED), or the store is away: a repeat is answered from the record.
    if (isClaimStoreError(err)) throw new HubError(HubErrorCode.UNAVAILABLE, "the claim changed while cancelling; repeat the cancel", { cause: err });
    throw err;
  }
  const claim = record.claim as Claim;
  const event = record.events.at(-1);
  // Identifiers sealed at rest (@tongxing/privacy), as every claim on a stream.
  const sealedCancel = create(SettlementCancelSchema, { ...cancel, psnNo: sealIdentifier(cancel.psnNo, "cancel.psn_no") });
  const envelope = create(ClaimEnvelopeSchema, { claim: sealClaim(claim), traceId, events: event === undefined ? [] : [event], cancel: sealedCancel, ...(record.adjudication === undefined ? {} : { adjudication: record.adjudication }) });
  const h = natsHeaders();
  h.set(Headers.CLAIM_ID, record.claimId);
  h.set(Headers.TRACE_ID, traceId);
  await ctx.js.publish(Subjects.adjudications(claim.submitterPlatform), toBinary(ClaimEnvelopeSchema, envelope), { msgID: MsgIds.cancelRequest(record.claimId), headers: h });
}



function respond(result: SettlementResult, claim: Claim, dialect: Dialect, duplicate: boolean): CancelSettlementResponse {
  const payload = dialect.encodeResult(result, claim);
  result.dialect = dialect.name;
  result.payload = payload;
  return create(CancelSettlementResponseSchema, { claimId: result.claimId, status: result.status, settlement: result, payload, duplicate });
}

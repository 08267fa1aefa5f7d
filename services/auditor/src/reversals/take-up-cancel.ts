import { create, toBinary } from "@bufbuild/protobuf";
import { headers as natsHeaders } from "@nats-io/nats-core";
import { AllowedFrom, ClaimStoreErrorCode, isClaimStoreError, type StoredRecord } from "@tongxing/claim-store";
import { Actor, claimEvent, statusName } from "@tongxing/lifecycle";
import { Headers, MsgIds, Outcome, Subjects, type MessageOutcome } from "@tongxing/nats";
import { ClaimEnvelopeSchema, ClaimStatus, type Claim, type ClaimEnvelope, type ClaimRecord } from "@tongxing/proto";
import { sealClaim } from "@tongxing/privacy";
import { publishResult } from "../publish-result.js";
import { retryOutcomeOf } from "../store-outcome.js";
import { ReversalCrashPoints } from "./crash-point.js";
import { insuredPlatformOf } from "./insured-platform.js";
import type { ReversalDeps } from "./reversal-deps.js";

/**
 * Takes up a cancel the translator accepted (a request on REVERSALS, which is the cancel's
 * outbox: the translator changes nothing before it is stored). Idempotent at every step:
 * SETTLED → CANCEL_REQUESTED by compare-and-set (the "once" guard), then the reversal is queued
 * for the insured platform's link (one per claim: Nats-Msg-Id). A claim already past
 * CANCEL_REQUESTED (a repeat) is answered from its record.
 */
export async function takeUpCancel(envelope: ClaimEnvelope, deliveryCount: number, deps: ReversalDeps): Promise<MessageOutcome> {
  const claimId = envelope.claim?.claimId ?? "";
  const log = deps.log.child({ claim_id: claimId, trace_id: envelope.traceId });
  try {
    let stored = await deps.store.read(claimId);
    if (stored === undefined) return Outcome.poison(`cancel for unknown claim ${claimId}`);
    const tookUp = stored.record.status === ClaimStatus.SETTLED;
    if (tookUp) stored = await requestCancel(envelope, stored, deps);
    const record = stored.record;
    switch (record.status) {
      case ClaimStatus.CANCEL_REQUESTED:
        // The message that took the cancel up queues its reversal (again, if it was cut short:
        // then it comes back as a redelivery). A later request for a cancel under way (the
        // submitter repeating it) leaves it to that one, so the insured side is told once.
        if (!tookUp && deliveryCount === 1) return Outcome.done();
        await queueReversal(envelope, record, deps);
        deps.crashPoint(ReversalCrashPoints.AFTER_DELIVERY_QUEUED);
        log.info({ insured: insuredPlatformOf(record, deps.routing) }, "reversal sent to the insured platform");
        return Outcome.done();
      case ClaimStatus.CANCELLED:
      case ClaimStatus.REVERSAL_HELD:
        // A repeat of a cancel already reversed or held: answer again (deduplicated per status).
        await publishResult(deps, record, record.claim ?? (envelope.claim as Claim), envelope.traceId);
        return Outcome.done();
      default:
        log.error({ status: statusName(record.status) }, "cancel for a claim that is not settled; ignored");
        return Outcome.done();
    }
  } catch (err) {
    const retry = retryOutcomeOf(err, deps.metrics);
    if (retry !== undefined) return retry;
    throw err;
  }
}

/** SETTLED → CANCEL_REQUESTED; a lost race answers with the record as the winner left it. */
async function requestCancel(envelope: ClaimEnvelope, stored: StoredRecord, deps: ReversalDeps): Promise<StoredRecord> {
  const claimId = stored.record.claimId;
  const cancel = envelope.cancel;
  try {
    const done = await deps.store.transition(
      claimId,
      AllowedFrom.CANCEL_REQUEST,
      () => ({ to: ClaimStatus.CANCEL_REQUESTED, events: [claimEvent(claimId, ClaimStatus.CANCEL_REQUESTED, envelope.traceId, Actor.AUDITOR, `cancel ${cancel?.infno ?? ""} ${cancel?.msgid ?? ""}`.trim())] }),
      { known: stored },
    );
    deps.crashPoint(ReversalCrashPoints.AFTER_CANCEL_REQUESTED);
    return { ...stored, record: done.record };
  } catch (err) {
    if (isClaimStoreError(err, ClaimStoreErrorCode.REFUSED) && err.current !== undefined) return { ...stored, record: err.current };
    throw err;
  }
}

/** The reversal for the insured platform's link: the claim, its settlement and the cancel. */
async function queueReversal(envelope: ClaimEnvelope, record: ClaimRecord, deps: ReversalDeps): Promise<void> {
  const insured = insuredPlatformOf(record, deps.routing);
  if (insured === undefined) throw new Error(`no platform serves ${record.claim?.insuplcAdmdvs ?? "?"}: the reversal waits`);
  const out = create(ClaimEnvelopeSchema, {
    // Identifiers sealed at rest (@tongxing/privacy); the link opens them for the platform.
    claim: record.claim === undefined ? envelope.claim : sealClaim(record.claim),
    traceId: envelope.traceId,
    insuredPlatform: insured,
    ...(envelope.cancel === undefined ? {} : { cancel: envelope.cancel }),
    ...(record.adjudication === undefined ? {} : { adjudication: record.adjudication }),
  });
  const h = natsHeaders();
  h.set(Headers.CLAIM_ID, record.claimId);
  h.set(Headers.TRACE_ID, envelope.traceId);
  await deps.js.publish(Subjects.reversalLink(insured), toBinary(ClaimEnvelopeSchema, out), { msgID: MsgIds.reversalDelivery(record.claimId), headers: h });
}

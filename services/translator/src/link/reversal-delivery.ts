import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import type { JetStreamClient, JsMsg } from "@nats-io/jetstream";
import { headers as natsHeaders } from "@nats-io/nats-core";
import { Headers, MsgIds, Subjects } from "@tongxing/nats";
import { openClaim, openIdentifier } from "@tongxing/privacy";
import { ClaimEnvelopeSchema, ClaimSchema, ConnectResponseSchema, ReversalAnswerSchema, SettlementCancelSchema, type ClaimEnvelope, type ConnectResponse, type ReversalAnswer } from "@tongxing/proto";

/** The link's frame for a reversal on REVERSALS `reversals.link.<platform>`, and its envelope. */
export function reversalFrame(msg: JsMsg, deliveryId: string): { readonly envelope: ClaimEnvelope; readonly frame: ConnectResponse } {
  const envelope = fromBinary(ClaimEnvelopeSchema, msg.data);
  if (envelope.claim === undefined || envelope.cancel === undefined) throw new Error("reversal without claim or cancel");
  // Sealed at rest: the platform gets the identifiers in clear, the answer goes back sealed (the envelope as stored).
  const claim = openClaim(create(ClaimSchema, envelope.claim));
  const cancel = create(SettlementCancelSchema, { ...envelope.cancel, psnNo: openIdentifier(envelope.cancel.psnNo, "cancel.psn_no") });
  const frame = create(ConnectResponseSchema, {
    msg: {
      case: "reversal",
      value: {
        deliveryId,
        claimId: claim.claimId,
        cancel,
        attempt: msg.info.deliveryCount,
        claim,
        ...(envelope.adjudication === undefined ? {} : { settlement: envelope.adjudication }),
      },
    },
  });
  return { envelope, frame };
}

/** Why an answer cannot be passed on as it is ("" when it can). */
export function reversalAnswerProblem(answer: ReversalAnswer): string {
  if (!answer.accepted && answer.reason.trim() === "") return "reason: is required when a reversal is refused";
  return "";
}

/**
 * Passes the insured platform's answer to the auditor (REVERSALS `reversals.hub.answer.<platform>`,
 * one per claim): the delivered envelope with the answer and who gave it.
 */
export async function publishReversalAnswer(js: JetStreamClient, platform: string, envelope: ClaimEnvelope, answer: ReversalAnswer): Promise<void> {
  const claimId = envelope.claim?.claimId ?? "";
  const out = create(ClaimEnvelopeSchema, {
    ...envelope,
    answeredBy: platform,
    reversalAnswer: create(ReversalAnswerSchema, { deliveryId: answer.deliveryId, accepted: answer.accepted, reason: answer.reason.slice(0, 500), reversalRef: answer.reversalRef.slice(0, 64) }),
  });
  const h = natsHeaders();
  h.set(Headers.CLAIM_ID, claimId);
  h.set(Headers.TRACE_ID, envelope.traceId);
  await js.publish(Subjects.reversalAnswer(platform), toBinary(ClaimEnvelopeSchema, out), { msgID: MsgIds.reversalAnswer(claimId), headers: h });
}

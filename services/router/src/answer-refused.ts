import { create, toBinary } from "@bufbuild/protobuf";
import type { JetStreamClient } from "@nats-io/jetstream";
import { headers as natsHeaders, type MsgHdrs } from "@nats-io/nats-core";
import { Actor, claimEvent } from "@tongxing/lifecycle";
import { HUB_PLATFORM, Headers, MsgIds, Subjects } from "@tongxing/nats";
import { AdjudicationRefusalSchema, ClaimEnvelopeSchema, ClaimStatus, type ClaimEnvelope } from "@tongxing/proto";

export { HUB_PLATFORM };

/**
 * Answers a claim the hub will not deliver (no route, a refusing platform, a backlog past its
 * policy): copies it, refused, to `tongxing.deadletter.<code>` and sends the refusal through the
 * auditor like an insured platform's, so the submitter gets REJECTED with the code and message
 * and the claim's record and audit chain get the event. Idempotent: both publishes carry the
 * claim's Nats-Msg-Id (`:deadletter`, `:adjudicated`).
 */
export async function answerRefused(js: JetStreamClient, envelope: ClaimEnvelope, code: string, message: string, hopHeaders: MsgHdrs): Promise<void> {
  const claimId = envelope.claim?.claimId ?? "";
  envelope.refusal = create(AdjudicationRefusalSchema, { claimId, code, message });
  envelope.events.push(claimEvent(claimId, ClaimStatus.REJECTED, envelope.traceId, Actor.ROUTER, `${code}: ${message}`));
  const bytes = toBinary(ClaimEnvelopeSchema, envelope);
  const dh = natsHeaders();
  dh.set(Headers.CLAIM_ID, claimId);
  dh.set(Headers.DEADLETTER_REASON, code);
  dh.set(Headers.DEADLETTER_DETAIL, message.replace(/[\r\n]+/g, " "));
  await js.publish(Subjects.deadletter(code), bytes, { msgID: MsgIds.deadletter(claimId), headers: dh });
  await js.publish(Subjects.adjudications(HUB_PLATFORM), bytes, { msgID: MsgIds.adjudication(claimId), headers: hopHeaders });
}

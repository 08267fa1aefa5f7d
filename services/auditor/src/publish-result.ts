import { create, toBinary } from "@bufbuild/protobuf";
import type { JetStreamClient } from "@nats-io/jetstream";
import { headers as natsHeaders, type NatsConnection } from "@nats-io/nats-core";
import { settlementResultOf, statusName } from "@tongxing/lifecycle";
import { Headers, isSubjectToken, MsgIds, Subjects } from "@tongxing/nats";
import { SettlementEnvelopeSchema, type Claim, type ClaimRecord } from "@tongxing/proto";
import { sealClaim } from "@tongxing/privacy";
import { mergeMessageBytes, messageFieldBytes } from "@tongxing/proto/wire";
import { HopKind, incomingTraceContext, injectTraceContext, startHopSpan, type Context, type Tracer } from "@tongxing/telemetry";

/** How {@link publishResult} sends a result. */
export interface ResultOptions {
  /** The claim's encoding, copied into the message instead of encoding `claim` again. */
  readonly claimBytes?: Uint8Array;
  /** A SettleClaim call waits for this result: to the answered subject, not pushed on the link. */
  readonly answeredOnCall?: boolean;
  /**
   * With `answeredOnCall`: the translator instance whose call waits, so the result goes to it
   * alone, by core NATS. Anything but a plain subject token is ignored (the unaddressed
   * SETTLEMENTS subject that every translator hears).
   */
  readonly answerInstance?: string;
}

/**
 * Sends a final result to its submitter. A result a SettleClaim call waits for goes to that
 * translator instance by core NATS (`tongxing.answers.<submitter>.<instance>`, not stored: the
 * record holds it, and a call that missed it is answered from there), without the claim (the
 * call holds it). Every other result (SubmitClaim, a regulator's decision, a reversal, a waiting
 * call from a translator too old to name its instance) goes to the submitter's SETTLEMENTS
 * subject, deduplicated per outcome, for the link (with the claim). With `trace`, as a
 * `publish SETTLEMENTS` / `publish answer` span under its parent; the message carries the
 * claim's trace context either way.
 */
export async function publishResult(
  bus: { readonly js: JetStreamClient; readonly nc: NatsConnection },
  record: ClaimRecord,
  claim: Claim,
  traceId: string,
  trace?: { readonly tracer: Tracer; readonly parent: Context },
  options: ResultOptions = {},
): Promise<void> {
  const { claimBytes } = options;
  const submitter = claim.submitterPlatform;
  const instance = options.answerInstance !== undefined && isSubjectToken(options.answerInstance) ? options.answerInstance : "";
  const direct = options.answeredOnCall === true && instance !== "";
  const subject = direct ? Subjects.answers(submitter, instance) : options.answeredOnCall === true ? Subjects.settlementsAnswered(submitter) : Subjects.settlements(submitter);
  // An answered result goes to the call that holds the claim; only link results carry it.
  const withClaim = options.answeredOnCall !== true;
  const envelope = create(SettlementEnvelopeSchema, { result: settlementResultOf(record), traceId, ...(withClaim && claimBytes === undefined ? { claim: sealClaim(claim) } : {}) });
  const hop = trace === undefined ? undefined : startHopSpan(trace.tracer, direct ? "publish answer" : "publish SETTLEMENTS", {
    kind: HopKind.PRODUCER,
    parent: trace.parent,
    attributes: { "messaging.system": "nats", "messaging.destination.name": subject, "tongxing.claim.status": statusName(record.status) },
  });
  const h = natsHeaders();
  h.set(Headers.CLAIM_ID, record.claimId);
  h.set(Headers.TRACE_ID, traceId);
  injectTraceContext(hop?.context ?? incomingTraceContext(() => undefined, traceId), (k, v) => h.set(k, v));
  try {
    const bytes = !withClaim || claimBytes === undefined ? toBinary(SettlementEnvelopeSchema, envelope) : mergeMessageBytes(toBinary(SettlementEnvelopeSchema, envelope), messageFieldBytes(SettlementEnvelopeSchema.field.claim.number, claimBytes));
    if (direct) bus.nc.publish(subject, bytes, { headers: h });
    else await bus.js.publish(subject, bytes, { msgID: MsgIds.result(record.claimId, record.status), headers: h });
    hop?.end();
  } catch (err) {
    hop?.end(err);
    throw err;
  }
}

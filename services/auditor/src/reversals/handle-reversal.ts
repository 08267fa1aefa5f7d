import { fromBinary } from "@bufbuild/protobuf";
import type { JsMsg } from "@nats-io/jetstream";
import { ErrorKind } from "@tongxing/metrics";
import { DeadLetterReasons, Outcome, type MessageOutcome } from "@tongxing/nats";
import { ClaimEnvelopeSchema } from "@tongxing/proto";
import { completeReversal } from "./complete-reversal.js";
import type { ReversalDeps } from "./reversal-deps.js";
import { takeUpCancel } from "./take-up-cancel.js";

/**
 * One message of the auditor's REVERSALS consumer (`reversals.hub.>`): a treatment side's cancel
 * request, or an insured platform's answer to the reversal (the envelope then carries it).
 */
export async function handleReversal(msg: JsMsg, deps: ReversalDeps): Promise<MessageOutcome> {
  let envelope;
  try {
    envelope = fromBinary(ClaimEnvelopeSchema, msg.data);
  } catch (err) {
    deps.metrics.error(ErrorKind.UNDECODABLE);
    deps.log.error({ err, seq: msg.seq }, "undecodable message on REVERSALS; dead-lettered");
    return Outcome.poison("undecodable reversal envelope", DeadLetterReasons.UNDECODABLE);
  }
  if (envelope.claim === undefined || envelope.claim.claimId === "") return Outcome.poison("reversal envelope without claim");
  if (envelope.cancel === undefined) return Outcome.poison("reversal envelope without cancel");
  if (envelope.reversalAnswer !== undefined) return completeReversal(envelope, envelope.reversalAnswer, deps);
  return takeUpCancel(envelope, msg.info.deliveryCount, deps);
}

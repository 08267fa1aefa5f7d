import { create } from "@bufbuild/protobuf";
import { Actor } from "./claim-event.js";
import { ClaimRecordSchema, ClaimStatus, type Claim, type ClaimEnvelope, type ClaimEvent, type ClaimRecord } from "@tongxing/proto";

/**
 * A claim's record as intake stores it: RECEIVED, its one event, the submitter's idempotency key
 * (and the claim, which intake splices in as bytes). The one definition of that record, so that a
 * later hop holding the claim's envelope and the record's revision knows the record without
 * reading it ({@link intakeRecordOfEnvelope}).
 */
export function intakeRecord(claimId: string, received: ClaimEvent, idempotencyKey: string, claim?: Claim, insuredPlatform = ""): ClaimRecord {
  return create(ClaimRecordSchema, {
    claimId,
    status: ClaimStatus.RECEIVED,
    events: [received],
    idempotencyKey,
    insuredPlatform,
    ...(claim === undefined ? {} : { claim }),
  });
}

/**
 * The intake record rebuilt from a claim's envelope (which carries intake's RECEIVED event and
 * idempotency key), or undefined when the envelope does not say at which revision it was stored.
 */
export function intakeRecordOfEnvelope(envelope: ClaimEnvelope): { record: ClaimRecord; revision: number } | undefined {
  const received = envelope.events.find((e) => e.status === ClaimStatus.RECEIVED);
  const claim = envelope.claim;
  if (envelope.recordRevision === 0n || received === undefined || claim === undefined) return undefined;
  // Intake's own ROUTED event says intake routed it, to the envelope's platform (kept in the record).
  const routedAtIntake = envelope.events.some((e) => e.status === ClaimStatus.ROUTED && e.actor === Actor.TRANSLATOR);
  // Intake kept the message as received (its digest is on RECEIVED): a write without reading
  // must carry that copy, so an envelope that lacks it (a hop that dropped it) is not enough.
  const keptReceived = (received.evidence?.receivedDigest.byteLength ?? 0) > 0;
  if (keptReceived && envelope.received === undefined) return undefined;
  const record = intakeRecord(claim.claimId, received, envelope.idempotencyKey, claim, routedAtIntake ? envelope.insuredPlatform : "");
  if (envelope.received !== undefined) record.received = envelope.received;
  return { record, revision: Number(envelope.recordRevision) };
}

import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { Actor, claimEvent, statusName } from "@tongxing/lifecycle";
import { Outcome, type MessageOutcome } from "@tongxing/nats";
import { ClaimRecordSchema, ClaimStatus, LedgerEntryKind, type ClaimEnvelope } from "@tongxing/proto";
import { postLedgerEntry } from "./ledger/post-ledger-entry.js";
import { publishResult, releaseEncounter, type SettleDeps } from "./settle-claim.js";

const MAX_CAS_ATTEMPTS = 5;

/**
 * Completes a cancellation the translator accepted (the record is CANCEL_REQUESTED): posts the
 * exact negation of the settlement to the ledger (once, whatever repeats), marks the record
 * CANCELLED and answers the submitter. The settlement entry itself is never touched.
 */
export async function reverseSettlement(envelope: ClaimEnvelope, deps: SettleDeps): Promise<MessageOutcome> {
  const claimId = envelope.claim?.claimId ?? "";
  const log = deps.log.child({ claim_id: claimId, trace_id: envelope.traceId });
  for (let attempt = 0; attempt < MAX_CAS_ATTEMPTS; attempt++) {
    const entry = await deps.claims.get(claimId);
    const record = entry === null || entry.operation !== "PUT" ? undefined : fromBinary(ClaimRecordSchema, entry.value);
    if (record === undefined || entry === null) return Outcome.poison(`cancel for unknown claim ${claimId}`);
    if (record.status === ClaimStatus.CANCELLED) {
      await publishResult(deps.js, record, record.claim ?? envelope.claim!, envelope.traceId);
      return Outcome.done();
    }
    if (record.status !== ClaimStatus.CANCEL_REQUESTED) {
      log.error({ status: statusName(record.status) }, "cancel for a claim that is not awaiting cancellation; ignored");
      return Outcome.done();
    }
    await postLedgerEntry(deps.js, record, LedgerEntryKind.REVERSAL, deps.routing.platform(record.adjudication?.adjudicatedBy ?? "")?.fundIncludesAcct ?? false);
    const done = claimEvent(claimId, ClaimStatus.CANCELLED, envelope.traceId, Actor.AUDITOR, envelope.cancel?.msgid ?? "");
    const next = create(ClaimRecordSchema, { ...record, status: ClaimStatus.CANCELLED, events: [...record.events, done] });
    await deps.chain.append(next.events.slice(record.chainedEvents));
    next.chainedEvents = next.events.length;
    try {
      await deps.claims.update(claimId, toBinary(ClaimRecordSchema, next), entry.revision);
    } catch {
      continue;
    }
    log.info({ setl_id: record.adjudication?.setlId }, "settlement reversed");
    if (next.claim !== undefined) await releaseEncounter(deps, next.claim);
    await publishResult(deps.js, next, next.claim ?? envelope.claim!, envelope.traceId);
    return Outcome.done();
  }
  return Outcome.retry("claim record contended", 500);
}

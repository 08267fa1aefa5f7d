import { AllowedFrom, ClaimStoreErrorCode, isClaimStoreError } from "@tongxing/claim-store";
import { Actor, claimEvent, statusName } from "@tongxing/lifecycle";
import { Outcome, type MessageOutcome } from "@tongxing/nats";
import { ClaimStatus, LedgerEntryKind, type Claim, type ClaimEnvelope, type ClaimRecord } from "@tongxing/proto";
import { postLedgerEntry } from "./ledger/post-ledger-entry.js";
import { publishResult } from "./publish-result.js";
import { fundIncludesAcct, interimNetting } from "./record-settlement.js";
import type { SettleDeps } from "./settle-deps.js";
import { retryOutcomeOf } from "./store-outcome.js";

/**
 * Completes a cancellation the translator accepted (the record is CANCEL_REQUESTED): posts the
 * exact negation of the settlement to the ledger (once, whatever repeats), moves the record
 * CANCEL_REQUESTED → CANCELLED through the claim store and answers the submitter. The settlement
 * entry itself is never touched.
 */
export async function reverseSettlement(envelope: ClaimEnvelope, deps: SettleDeps): Promise<MessageOutcome> {
  const claimId = envelope.claim?.claimId ?? "";
  const log = deps.log.child({ claim_id: claimId, trace_id: envelope.traceId });
  const answer = (record: ClaimRecord) => publishResult(deps.js, record, record.claim ?? (envelope.claim as Claim), envelope.traceId);
  try {
    const stored = await deps.store.read(claimId);
    if (stored === undefined) return Outcome.poison(`cancel for unknown claim ${claimId}`);
    if (stored.record.status === ClaimStatus.CANCEL_REQUESTED) {
      // The reversal's ledger entry first (idempotent: one per claim): a crash after it repeats it, never loses it.
      const includesAcct = fundIncludesAcct(deps, stored.record);
      await postLedgerEntry(deps.js, stored.record, LedgerEntryKind.REVERSAL, includesAcct, await interimNetting(deps, stored.record, includesAcct));
    }
    const done = await deps.store.transition(
      claimId,
      AllowedFrom.REVERSAL,
      () => ({ to: ClaimStatus.CANCELLED, events: [claimEvent(claimId, ClaimStatus.CANCELLED, envelope.traceId, Actor.AUDITOR, envelope.cancel?.msgid ?? "")] }),
      { known: stored },
    );
    log.info({ setl_id: done.record.adjudication?.setlId }, "settlement reversed");
    await answer(done.record);
    return Outcome.done();
  } catch (err) {
    if (isClaimStoreError(err, ClaimStoreErrorCode.REFUSED) && err.current !== undefined) {
      // Reversed before (a repeat): answer again. Anything else is not awaiting a reversal.
      if (err.current.status === ClaimStatus.CANCELLED) {
        await answer(err.current);
        return Outcome.done();
      }
      log.error({ status: statusName(err.current.status) }, "cancel for a claim that is not awaiting cancellation; ignored");
      return Outcome.done();
    }
    const retry = retryOutcomeOf(err, deps.metrics);
    if (retry !== undefined) return retry;
    throw err;
  }
}

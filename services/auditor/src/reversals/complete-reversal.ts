import { AllowedFrom, ClaimStoreErrorCode, isClaimStoreError } from "@tongxing/claim-store";
import { Actor, claimEvent, statusName } from "@tongxing/lifecycle";
import { Outcome, type MessageOutcome } from "@tongxing/nats";
import { ClaimStatus, LedgerEntryKind, type Claim, type ClaimEnvelope, type ClaimRecord, type ReversalAnswer } from "@tongxing/proto";
import { postLedgerEntry } from "../ledger/post-ledger-entry.js";
import { publishResult } from "../publish-result.js";
import { fundIncludesAcct, interimNetting } from "../record-settlement.js";
import { retryOutcomeOf } from "../store-outcome.js";
import { ReversalCrashPoints } from "./crash-point.js";
import { insuredPlatformOf } from "./insured-platform.js";
import { reversalDecisionOf } from "./reversal-decision-of.js";
import type { ReversalDeps } from "./reversal-deps.js";

/**
 * Records the insured platform's answer to a reversal. Acknowledged: the exact negation goes to
 * the ledger first (once, forever: its own subject, expected empty), then CANCEL_REQUESTED →
 * CANCELLED with the acknowledgement as an event (so in the audit chain), then the submitter's
 * answer. Refused: CANCEL_REQUESTED → REVERSAL_HELD (the review queue), no ledger entry. Each
 * step is safe to repeat, so a crash anywhere is finished by the redelivered answer.
 */
export async function completeReversal(envelope: ClaimEnvelope, answer: ReversalAnswer, deps: ReversalDeps): Promise<MessageOutcome> {
  const claimId = envelope.claim?.claimId ?? "";
  const log = deps.log.child({ claim_id: claimId, trace_id: envelope.traceId });
  const reply = (record: ClaimRecord) => publishResult(deps, record, record.claim ?? (envelope.claim as Claim), envelope.traceId);
  try {
    const stored = await deps.store.read(claimId);
    if (stored === undefined) return Outcome.poison(`reversal answer for unknown claim ${claimId}`);
    const record = stored.record;
    if (record.status !== ClaimStatus.CANCEL_REQUESTED) {
      if (record.status === ClaimStatus.CANCELLED || record.status === ClaimStatus.REVERSAL_HELD) {
        await reply(record);
        return Outcome.done();
      }
      log.error({ status: statusName(record.status) }, "reversal answer for a claim not awaiting one; ignored");
      return Outcome.done();
    }
    if (reversalDecisionOf(record) !== undefined) {
      // A regulator approved this reversal after the platform refused it; a late repeat of the
      // platform's answer changes nothing (the decision's own steps finish it).
      log.warn("reversal answer for a reversal a regulator has decided; ignored");
      return Outcome.done();
    }
    const insured = insuredPlatformOf(record, deps.routing);
    if (envelope.answeredBy !== insured) {
      log.error({ answered_by: envelope.answeredBy, insured }, "reversal answer from a platform that did not pay the claim; ignored");
      return Outcome.poison(`reversal answer from ${envelope.answeredBy}, not the insured platform ${insured ?? "?"}`);
    }
    const traceId = envelope.traceId;
    const ref = answer.reversalRef.slice(0, 64);
    let to: ClaimStatus;
    let detail: string;
    if (answer.accepted) {
      const includesAcct = fundIncludesAcct(deps, record);
      // An inpatient final posts net of its interim parts; its reversal negates that net.
      await postLedgerEntry(deps.js, record, LedgerEntryKind.REVERSAL, includesAcct, await interimNetting(deps, record, includesAcct));
      deps.crashPoint(ReversalCrashPoints.AFTER_LEDGER);
      to = ClaimStatus.CANCELLED;
      detail = `insured platform ${envelope.answeredBy} acknowledged the reversal${ref === "" ? "" : ` (ref ${ref})`}`;
    } else {
      to = ClaimStatus.REVERSAL_HELD;
      detail = `insured platform ${envelope.answeredBy} refused the reversal: ${answer.reason.slice(0, 500) || "no reason given"}`;
    }
    const done = await deps.store.transition(
      claimId,
      AllowedFrom.REVERSAL,
      () => ({ to, events: [claimEvent(claimId, ClaimStatus.CANCEL_REQUESTED, traceId, Actor.AUDITOR, detail), claimEvent(claimId, to, traceId, Actor.AUDITOR, envelope.cancel?.msgid ?? "")] }),
      { known: stored },
    );
    if (to === ClaimStatus.CANCELLED) deps.crashPoint(ReversalCrashPoints.AFTER_CANCELLED);
    log.info({ status: statusName(done.record.status), setl_id: done.record.adjudication?.setlId }, answer.accepted ? "settlement reversed" : "reversal refused by the insured platform; held for a regulator");
    await reply(done.record);
    return Outcome.done();
  } catch (err) {
    if (isClaimStoreError(err, ClaimStoreErrorCode.REFUSED) && err.current !== undefined) {
      // Decided meanwhile (a repeat of this answer): answer from the record.
      if (err.current.status === ClaimStatus.CANCELLED || err.current.status === ClaimStatus.REVERSAL_HELD) await reply(err.current);
      return Outcome.done();
    }
    const retry = retryOutcomeOf(err, deps.metrics);
    if (retry !== undefined) return retry;
    throw err;
  }
}

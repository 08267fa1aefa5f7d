import { create, fromBinary } from "@bufbuild/protobuf";
import type { MsgHdrs } from "@nats-io/nats-core";
import { AllowedFrom, ClaimStoreErrorCode, isClaimStoreError } from "@tongxing/claim-store";
import { provinceOf } from "@tongxing/domain";
import { familyBindingsOf, filingsOf } from "@tongxing/filings";
import { Actor, intakeRecordOfEnvelope, statusName } from "@tongxing/lifecycle";
import { ErrorKind } from "@tongxing/metrics";
import { DeadLetterReasons, HUB_PLATFORM, Headers, Outcome, Subjects, type MessageOutcome } from "@tongxing/nats";
import { ClaimEnvelopeSchema, ClaimKind, ClaimRecordSchema, ClaimStatus, FindingSeverity, VerdictOutcome, type Claim, type ClaimEnvelope, type ClaimRecord } from "@tongxing/proto";
import { openClaim, openIdentifier } from "@tongxing/privacy";
import { messageFieldValue } from "@tongxing/proto/wire";
import { HopKind, incomingTraceContext, startHopSpan, type Context, type HopSpan, type Tracer } from "@tongxing/telemetry";
import { decideClaim } from "./decide-claim.js";
import { encounterSpanMs, encounterTimeMs } from "./encounter-time.js";
import { preSettlementOf } from "./pre-settlement-of.js";
import { publishResult } from "./publish-result.js";
import { recordSettlement } from "./record-settlement.js";
import { needsFilings, type AuditFacts } from "./rules/rule.js";
import type { SettleDeps } from "./settle-deps.js";
import { retryOutcomeOf } from "./store-outcome.js";

/** Kept for callers that named it here before it had a file of its own. */
export type { SettleDeps } from "./settle-deps.js";

/**
 * One adjudication (or refusal, or cancel) to decide: from a link's request (`linkPlatform` set:
 * the platform whose link sent it) or from the ADJUDICATIONS stream (the hub's own refusals and
 * cancels).
 */
export interface InboundAdjudication {
  readonly data: Uint8Array;
  readonly subject: string;
  readonly headers?: MsgHdrs;
  /** The delivery attempt of the claim it answers (1: its first delivery). */
  readonly deliveryCount: number;
  /** The platform whose link sent it (the request subject's token); undefined from the stream. */
  readonly linkPlatform?: string;
}

/**
 * Decides one claim and makes the decision durable exactly once. The claim record's
 * compare-and-set (KV update at the revision read) is the guard that a claim is settled once:
 * a redelivered or duplicate adjudication finds the record final and only re-publishes the
 * result (deduplicated by Nats-Msg-Id), never re-decides it.
 */
export async function settleClaim(msg: InboundAdjudication, deps: SettleDeps): Promise<MessageOutcome> {
  const hop = startHopSpan(deps.tracer, "audit", {
    kind: HopKind.CONSUMER,
    parent: incomingTraceContext((k) => msg.headers?.get(k), msg.headers?.get(Headers.TRACE_ID)),
    attributes: { "messaging.system": "nats", "messaging.destination.name": msg.subject },
  });
  try {
    const outcome = await auditAndSettle(msg, deps, hop, performance.now());
    hop.end();
    return outcome;
  } catch (err) {
    hop.end(err);
    throw err;
  }
}

async function auditAndSettle(msg: InboundAdjudication, deps: SettleDeps, hop: HopSpan, startedMs: number): Promise<MessageOutcome> {
  let envelope;
  try {
    envelope = fromBinary(ClaimEnvelopeSchema, msg.data);
  } catch (err) {
    deps.metrics.error(ErrorKind.UNDECODABLE);
    deps.log.error({ err, subject: msg.subject }, "undecodable adjudication; refused");
    return Outcome.poison("undecodable adjudication envelope", DeadLetterReasons.UNDECODABLE);
  }
  let claim;
  try {
    // Identifiers travel sealed (@tongxing/privacy); the rules read them in clear, in memory only.
    claim = openClaim(envelope.claim);
    if (envelope.cancel !== undefined) envelope.cancel.psnNo = openIdentifier(envelope.cancel.psnNo, "cancel.psn_no");
  } catch (err) {
    deps.log.error({ err, subject: msg.subject }, "sealed identifiers of an adjudication do not open; refused");
    return Outcome.poison("sealed identifiers do not open", DeadLetterReasons.UNDECODABLE);
  }
  if (claim === undefined || claim.claimId === "") return Outcome.poison("envelope without claim");
  // Cancels travel on REVERSALS (reversals/handle-reversal.ts); one here is from an old translator.
  if (envelope.cancel !== undefined) return Outcome.poison("a cancel on the adjudication hop (cancels travel on REVERSALS)");
  const foreign = foreignAdjudication(msg, envelope);
  if (foreign !== undefined) {
    deps.metrics.error(ErrorKind.FOREIGN_ADJUDICATION);
    deps.log.warn({ claim_id: claim.claimId, subject: msg.subject }, foreign);
    return Outcome.poison(foreign);
  }
  const claimId = claim.claimId;
  const log = deps.log.child({ claim_id: claimId, trace_id: envelope.traceId });
  const trace = { tracer: deps.tracer, parent: hop.context };
  hop.span.setAttribute("tongxing.claim_id", claimId);

  // Everything the rules need from the stores, at once (one round trip, not one each): the
  // encounter and msgid reservations (D1, D2), the person's history, filings and family bindings.
  const adjudicated = envelope.adjudication !== undefined;
  const psnNo = claim.person?.psnNo ?? "";
  const encounterAtMs = encounterTimeMs(claim);
  const insured = deps.policies.inForce(claim.insuplcAdmdvs, encounterAtMs);
  const none: Reserved = { facts: {}, heldAlready: false };
  const [encounter, msgid, historyRead, filings, familyBindings, preSettlement, encounterParts] = await Promise.all([
    adjudicated ? reserveEncounter(deps, claim) : none,
    adjudicated ? reserveMsgid(deps, claim, envelope.idempotencyKey) : none,
    adjudicated ? deps.store.readHistory(claim.insuplcAdmdvs, psnNo) : undefined,
    // One lookup of the person's filings serves F1 and P1; bindings only when a relative's account paid.
    needsFilings(insured) ? filingsOf(deps.filings, claim.insuplcAdmdvs, psnNo) : undefined,
    (envelope.adjudication?.acctMulaidPay ?? 0n) !== 0n ? familyBindingsOf(deps.filings, claim.insuplcAdmdvs, psnNo) : undefined,
    adjudicated && deps.presettlements !== undefined ? preSettlementOf(deps.presettlements, claim) : undefined,
    // An inpatient stay's other settled parts: interim settlements and their netting (S2).
    adjudicated && claim.kind === ClaimKind.INPATIENT ? deps.store.readEncounterParts(claim) : undefined,
  ]);
  const facts: AuditFacts = { ...encounter.facts, ...msgid.facts };
  // The claim as it came, bytes: copied into the record and the result instead of encoded again.
  const claimBytes = messageFieldValue(msg.data, ClaimEnvelopeSchema.field.claim.number);
  // On a first delivery of a claim not audited before (its reservations were not its own yet),
  // the record is, as a rule, still the intake record at the revision the envelope names: the
  // store writes there by compare-and-set without reading it. Should anything have written it
  // since, the write fails and the store reads it, as on any redelivery. A repeat (a redelivery,
  // or the same adjudication published again after the duplicate window) reads the record first,
  // so it finds the decision made (REFUSED) and adds nothing to the audit chain.
  const firstAudit = msg.deliveryCount === 1 && !encounter.heldAlready && !msgid.heldAlready;
  const atIntake = firstAudit ? intakeRecordOfEnvelope(envelope) : undefined;
  const platform = deps.routing.platform(envelope.insuredPlatform);
  const history = historyRead?.history;
  const policy = { fundIncludesAcct: platform?.fundIncludesAcct ?? false, ...(insured === undefined ? {} : { insured }) };
  const answer = { answeredOnCall: envelope.answeredOnCall, answerInstance: envelope.answerInstance };
  let record: ClaimRecord;
  try {
    const decided = await deps.store.transition(
      claimId,
      AllowedFrom.DECISION,
      (current) => {
        // The record names the platform intake routed the claim to: only that platform's link decides it.
        const routedTo = current.insuredPlatform;
        if (msg.linkPlatform !== undefined && routedTo !== "" && routedTo !== msg.linkPlatform && !routedByRouter(envelope)) {
          throw new ForeignAdjudicationError(`adjudication from the link of platform ${msg.linkPlatform} for a claim routed to platform ${routedTo}`);
        }
        return decideClaim(envelope, policy, new Date(), {
          ...facts,
          encounterAtMs,
          encounterSpanMs: encounterSpanMs(claim, encounterAtMs),
          ...institutionFact(deps, claim, encounterAtMs),
          ...(filings === undefined ? {} : { filings }),
          ...(familyBindings === undefined ? {} : { familyBindings }),
          ...(history === undefined ? {} : { history }),
          ...(preSettlement?.adjudication === undefined ? {} : { preSettlement: preSettlement.adjudication }),
          ...(encounterParts === undefined ? {} : { encounterParts }),
        });
      },
      {
        // No intake record at all (it was lost): the decision creates one.
        absent: create(ClaimRecordSchema, { claimId, idempotencyKey: envelope.idempotencyKey }),
        ...(atIntake === undefined ? {} : { known: atIntake }),
        ...(claimBytes === undefined ? {} : { claimBytes }),
        // The settlement's ledger entry and history, alongside the store's settlement index.
        afterWrite: (decided) => (decided.status === ClaimStatus.SETTLED ? recordSettlement(deps, decided, historyRead) : Promise.resolve()),
      },
    );
    record = decided.record;
  } catch (err) {
    if (err instanceof ForeignAdjudicationError) {
      deps.metrics.error(ErrorKind.FOREIGN_ADJUDICATION);
      log.warn({ link_platform: msg.linkPlatform }, err.message);
      return Outcome.poison(err.message);
    }
    if (isClaimStoreError(err, ClaimStoreErrorCode.REFUSED) && err.current !== undefined) return replayDecision(deps, err.current, envelope, hop, trace);
    const retry = retryOutcomeOf(err, deps.metrics);
    if (retry !== undefined) return retry;
    throw err;
  }
  // Settled claims are the bulk (debug); rejections and holds are what an operator looks for.
  const settled = record.status === ClaimStatus.SETTLED;
  log[settled ? "debug" : "info"]({ status: statusName(record.status), rules: record.verdict?.findings.map((f) => f.ruleId) }, "claim decided");
  // The result only after the settlement's traces (index, ledger, history: all done when the
  // transition returns), since a platform may cancel a settlement the moment it has the answer.
  await publishResult(deps, record, claim, envelope.traceId, trace, { ...answer, ...(claimBytes === undefined ? {} : { claimBytes }) });
  const verdict = record.verdict;
  const status = statusName(record.status);
  hop.span.setAttributes({ "tongxing.claim.status": status, ...(verdict === undefined ? {} : { "tongxing.verdict.outcome": VerdictOutcome[verdict.outcome] }) });
  deps.metrics.claimDecided({
    status,
    treatmentAdmdvs: claim.mdtrtareaAdmvs,
    insuredAdmdvs: claim.insuplcAdmdvs,
    findings: verdict?.findings.map((f) => ({ rule: f.ruleId, severity: FindingSeverity[f.severity] })) ?? [],
    elapsedMs: performance.now() - startedMs,
  });
  return Outcome.done();
}

/**
 * A claim decided before (a redelivery, or the same adjudication published again after the
 * duplicate window): its traces are redone (idempotent: a crash may have cut them short) and its
 * result re-published (deduplicated by Nats-Msg-Id); it is never decided again.
 */
async function replayDecision(deps: SettleDeps, previous: ClaimRecord, envelope: ClaimEnvelope, hop: HopSpan, trace: { readonly tracer: Tracer; readonly parent: Context }): Promise<MessageOutcome> {
  const claim = envelope.claim as Claim;
  deps.log.debug({ claim_id: claim.claimId, status: statusName(previous.status) }, "already decided; re-publishing result");
  hop.span.setAttributes({ "tongxing.claim.status": statusName(previous.status), "tongxing.replayed": true });
  // A claim whose reversal is under way answers when the reversal completes, not here.
  if (previous.status === ClaimStatus.CANCEL_REQUESTED) return Outcome.done();
  await deps.store.repairIndexes(previous);
  if (previous.status === ClaimStatus.SETTLED) await recordSettlement(deps, previous, undefined, { replay: true });
  await publishResult(deps, previous, claim, envelope.traceId, trace, { answeredOnCall: envelope.answeredOnCall, answerInstance: envelope.answerInstance });
  return Outcome.done();
}

/** An adjudication that did not come from the link of the claim's insured platform. */
class ForeignAdjudicationError extends Error {
  override readonly name = "ForeignAdjudicationError";
}

/** Whether the router (not intake) routed the claim this envelope carries. */
function routedByRouter(envelope: ClaimEnvelope): boolean {
  return envelope.events.some((e) => e.status === ClaimStatus.ROUTED && e.actor === Actor.ROUTER);
}

/**
 * Why an adjudication must not be decided, judged on its envelope before anything is reserved:
 * a platform's adjudication or refusal comes only by its link's request, for a claim delivered to
 * that platform, and says so (`adjudicated_by`); on the stream only the hub's own refusals (the
 * router's, subject `….hub`) remain. Undefined when it may be decided.
 */
function foreignAdjudication(msg: InboundAdjudication, envelope: ClaimEnvelope): string | undefined {
  if (msg.linkPlatform === undefined) {
    return msg.subject === Subjects.adjudications(HUB_PLATFORM) && envelope.refusal !== undefined ? undefined : `a platform's adjudication on ${msg.subject}: adjudications come by the link's request, not the stream`;
  }
  if (envelope.insuredPlatform !== msg.linkPlatform) return `adjudication from the link of platform ${msg.linkPlatform} for a claim delivered to platform ${envelope.insuredPlatform || "(none)"}`;
  const by = envelope.adjudication?.adjudicatedBy;
  if (by !== undefined && by !== msg.linkPlatform) return `adjudication by platform ${by} on the link of platform ${msg.linkPlatform}`;
  return undefined;
}

/** A reservation's rule fact. */
interface Reserved {
  readonly facts: AuditFacts;
  /** The key was this claim's before: the claim has been audited before (a repeat, not a first). */
  readonly heldAlready: boolean;
}

/** The claim's encounter (institution, mdtrt_id, batch), reserved before deciding: rule D1's fact. */
async function reserveEncounter(deps: SettleDeps, claim: Claim): Promise<Reserved> {
  const r = await deps.store.reserveEncounter(claim);
  return { facts: r.other === undefined ? {} : { otherSettlementOfEncounter: r.other }, heldAlready: r.heldAlready };
}

/**
 * Rule D2's fact: the claim's (submitter, msgid), reserved before deciding and never released
 * when it came with an explicit idempotency key (a claim keyed by its msgid holds it by its id).
 */
async function reserveMsgid(deps: SettleDeps, claim: Claim, idempotencyKey: string): Promise<Reserved> {
  const r = await deps.store.reserveMsgid(claim, idempotencyKey);
  return { facts: r.other === undefined ? {} : { otherClaimOfMsgid: r.other }, heldAlready: r.heldAlready };
}

function institutionFact(deps: SettleDeps, claim: Claim, atMs: number): { institutionListed?: boolean; institutionLevel?: string; institutionNotSettling?: string } {
  const province = provinceOf(claim.mdtrtareaAdmvs);
  const listed = deps.institutions.isListed(province, claim.fixmedinsCode);
  const level = deps.institutions.levelOf(province, claim.fixmedinsCode);
  const notSettling = deps.institutions.notSettlingOn(province, claim.fixmedinsCode, atMs);
  return { ...(listed === undefined ? {} : { institutionListed: listed }), ...(level === undefined ? {} : { institutionLevel: level }), ...(notSettling === undefined ? {} : { institutionNotSettling: notSettling }) };
}

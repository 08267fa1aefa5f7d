import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import type { JetStreamClient, JsMsg } from "@nats-io/jetstream";
import type { KV } from "@nats-io/kv";
import { headers as natsHeaders } from "@nats-io/nats-core";
import { intakeRecordOfEnvelope, isFinalStatus, settlementResultOf, statusName } from "@tongxing/lifecycle";
import { mergeMessageBytes, messageFieldBytes, messageFieldValue } from "@tongxing/proto/wire";
import { encounterIndexKey, msgidIndexKey, Headers, heldIndexKey, isSubjectToken, MsgIds, Outcome, Subjects, settlementIndexKey, type MessageOutcome } from "@tongxing/nats";
import {
  ClaimEnvelopeSchema,
  ClaimRecordSchema,
  ClaimKind,
  ClaimStatus,
  FindingSeverity,
  LedgerEntryKind,
  SettlementEnvelopeSchema,
  VerdictOutcome,
  type Claim,
  type ClaimRecord,
} from "@tongxing/proto";
import type { RoutingTable } from "@tongxing/routing";
import { ErrorKind, type AuditorMetrics } from "@tongxing/metrics";
import { HopKind, incomingTraceContext, injectTraceContext, startHopSpan, type Context, type HopSpan, type Logger, type Tracer } from "@tongxing/telemetry";
import type { ChainAppender } from "./audit-chain/chain-appender.js";
import { decideClaim } from "./decide-claim.js";
import type { NetworkedInstitutions } from "./institutions/networked-institutions.js";
import { readHistory, recordEncounter, type HistoryRead } from "./history/person-history.js";
import { needsFilings, type AuditFacts } from "./rules/rule.js";
import type { PolicyBook } from "@tongxing/policy";
import { familyBindingsOf, filingsOf } from "@tongxing/filings";
import { provinceOf } from "@tongxing/domain";
import { postLedgerEntry } from "./ledger/post-ledger-entry.js";
import { reverseSettlement } from "./reverse-settlement.js";

/** What the settlement step needs. */
export interface SettleDeps {
  readonly js: JetStreamClient;
  /** Insured-region policies (hot-reloaded from the policies bucket). */
  readonly policies: PolicyBook;
  /** Remote-care filings by person. */
  readonly filings: KV;
  /** The networked-institution lists (watched). */
  readonly institutions: NetworkedInstitutions;
  /** The audit chain every claim event goes into before its record is written. */
  readonly chain: ChainAppender;
  readonly claims: KV;
  readonly routing: RoutingTable;
  readonly log: Logger;
  readonly tracer: Tracer;
  readonly metrics: AuditorMetrics;
}

/** Attempts at the record's compare-and-set before the message is retried later. */
const MAX_CAS_ATTEMPTS = 5;

/**
 * Decides one claim and makes the decision durable exactly once. The claim record's
 * compare-and-set (KV update at the revision read) is the guard that a claim is settled once:
 * a redelivered or duplicate adjudication finds the record final and only re-publishes the
 * result (deduplicated by Nats-Msg-Id), never re-decides it.
 */
export async function settleClaim(msg: JsMsg, deps: SettleDeps): Promise<MessageOutcome> {
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

async function auditAndSettle(msg: JsMsg, deps: SettleDeps, hop: HopSpan, startedMs: number): Promise<MessageOutcome> {
  let envelope;
  try {
    envelope = fromBinary(ClaimEnvelopeSchema, msg.data);
  } catch (err) {
    deps.metrics.error(ErrorKind.UNDECODABLE);
    deps.log.error({ err, seq: msg.seq }, "undecodable message on ADJUDICATIONS; dead-lettered");
    await deps.js.publish(Subjects.deadletter("undecodable"), msg.data, { msgID: `adj-seq-${msg.seq}:deadletter` });
    return Outcome.poison("undecodable adjudication envelope");
  }
  const claim = envelope.claim;
  if (claim === undefined || claim.claimId === "") return Outcome.poison("envelope without claim");
  if (envelope.cancel !== undefined) return reverseSettlement(envelope, deps);
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
  const [encounter, msgid, historyRead, filings, familyBindings] = await Promise.all([
    adjudicated ? reserveEncounter(deps, claim) : none,
    adjudicated ? reserveMsgid(deps, claim) : none,
    adjudicated ? readHistory(deps.claims, claim.insuplcAdmdvs, psnNo) : undefined,
    // One lookup of the person's filings serves F1 and P1; bindings only when a relative's account paid.
    needsFilings(insured) ? filingsOf(deps.filings, claim.insuplcAdmdvs, psnNo) : undefined,
    (envelope.adjudication?.acctMulaidPay ?? 0n) !== 0n ? familyBindingsOf(deps.filings, claim.insuplcAdmdvs, psnNo) : undefined,
  ]);
  const facts: AuditFacts = { ...encounter.facts, ...msgid.facts };
  // The claim as it came, bytes: copied into the record and the result instead of encoded again.
  const claimBytes = messageFieldValue(msg.data, ClaimEnvelopeSchema.field.claim.number);
  // On a first delivery of a claim not audited before (its reservations were not its own yet),
  // the record is, as a rule, still the intake record at the revision the envelope names: it is
  // written there by compare-and-set without being read. Should anything have written it since,
  // the write fails and the loop reads it, as on any redelivery. A repeat (a redelivery, or the
  // same adjudication published again after the duplicate window) reads the record first, so it
  // finds the decision made and adds nothing to the audit chain.
  const firstAudit = msg.info.deliveryCount === 1 && !encounter.heldAlready && !msgid.heldAlready;
  const atIntake = firstAudit ? intakeRecordOfEnvelope(envelope) : undefined;
  for (let attempt = 0; attempt < MAX_CAS_ATTEMPTS; attempt++) {
    let previous: ClaimRecord | undefined;
    let revision: number | undefined;
    if (attempt === 0 && atIntake !== undefined) {
      previous = atIntake.record;
      revision = atIntake.revision;
    } else {
      const entry = await deps.claims.get(claimId);
      previous = entry !== null && entry.operation === "PUT" ? fromBinary(ClaimRecordSchema, entry.value) : undefined;
      revision = entry?.revision;
    }
    if (previous !== undefined && (isFinalStatus(previous.status) || previous.status === ClaimStatus.CANCEL_REQUESTED)) {
      log.debug({ status: statusName(previous.status) }, "already decided; re-publishing result");
      hop.span.setAttributes({ "tongxing.claim.status": statusName(previous.status), "tongxing.replayed": true });
      if (previous.status === ClaimStatus.SETTLED) await recordSettlement(deps, previous);
      // A claim whose reversal is under way answers when the reversal completes, not here.
      if (previous.status !== ClaimStatus.CANCEL_REQUESTED) await publishResult(deps.js, previous, claim, envelope.traceId, trace, { answeredOnCall: envelope.answeredOnCall, answerInstance: envelope.answerInstance });
      return Outcome.done();
    }
    const platform = deps.routing.platform(envelope.insuredPlatform);
    const history = historyRead?.history;
    const policy = { fundIncludesAcct: platform?.fundIncludesAcct ?? false, ...(insured === undefined ? {} : { insured }) };
    const decision = decideClaim(envelope, previous, policy, new Date(), {
      ...facts,
      encounterAtMs,
      encounterSpanMs: encounterSpanMs(claim, encounterAtMs),
      ...institutionFact(deps, claim, encounterAtMs),
      ...(filings === undefined ? {} : { filings }),
      ...(familyBindings === undefined ? {} : { familyBindings }),
      ...(history === undefined ? {} : { history }),
    });
    // Into the audit chain first: a crash after this repeats events there, never loses them.
    await deps.chain.append(decision.record.events.slice(previous?.chainedEvents ?? 0));
    decision.record.chainedEvents = decision.record.events.length;
    const bytes = recordBytes(decision.record, claimBytes);
    try {
      if (revision === undefined) await deps.claims.create(claimId, bytes);
      else await deps.claims.update(claimId, bytes, revision);
    } catch (err) {
      log.debug({ err, attempt }, "claim record changed underneath; re-reading");
      continue;
    }
    // Settled claims are the bulk (debug); rejections and holds are what an operator looks for.
    const settled = decision.record.status === ClaimStatus.SETTLED;
    log[settled ? "debug" : "info"](
      { status: statusName(decision.record.status), rules: decision.record.verdict?.findings.map((f) => f.ruleId) },
      "claim decided",
    );
    // The decision's other traces together; the result only after them, since a platform may
    // cancel a settlement the moment it has the answer (the cancel looks up the settlement index).
    await Promise.all([
      settled ? recordSettlement(deps, decision.record, historyRead) : undefined,
      decision.record.status === ClaimStatus.HELD ? deps.claims.put(heldIndexKey(claimId), new TextEncoder().encode(claimId)) : undefined,
      decision.record.status === ClaimStatus.REJECTED ? releaseEncounter(deps, claim) : undefined,
    ]);
    await publishResult(deps.js, decision.record, claim, envelope.traceId, trace, { answeredOnCall: envelope.answeredOnCall, answerInstance: envelope.answerInstance, ...(claimBytes === undefined ? {} : { claimBytes }) });
    const verdict = decision.record.verdict;
    const status = statusName(decision.record.status);
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
  deps.metrics.error(ErrorKind.RECORD_CONTENDED);
  return Outcome.retry("claim record contended", 500);
}

/**
 * The record's encoding, with the claim copied in as the bytes it came in (when given) rather than
 * encoded again: the record's claim is the envelope's, unchanged.
 */
function recordBytes(record: ClaimRecord, claimBytes: Uint8Array | undefined): Uint8Array {
  if (claimBytes === undefined) return toBinary(ClaimRecordSchema, record);
  return mergeMessageBytes(toBinary(ClaimRecordSchema, { ...record, claim: undefined }), messageFieldBytes(ClaimRecordSchema.field.claim.number, claimBytes));
}

/**
 * The settlement's lasting traces besides the record: its ledger entry (exactly once) and the
 * (submitter, setl_id) → claim index that a cancellation looks it up by. Both are idempotent,
 * so they are simply redone when a decision is replayed.
 */
export async function recordSettlement(deps: SettleDeps, record: ClaimRecord, historyRead?: HistoryRead): Promise<void> {
  const setlId = record.adjudication?.setlId ?? "";
  const submitter = record.claim?.submitterPlatform ?? "";
  // Independent writes, made together.
  await Promise.all([
    addToHistory(deps, record, historyRead),
    postLedgerEntry(deps.js, record, LedgerEntryKind.SETTLEMENT, fundIncludesAcct(deps, record)),
    setlId !== "" && submitter !== "" ? deps.claims.put(settlementIndexKey(submitter, setlId), new TextEncoder().encode(record.claimId)) : undefined,
  ]);
}

/** The settled encounter into the person's history (what the history rules compare with). */
async function addToHistory(deps: SettleDeps, record: ClaimRecord, historyRead: HistoryRead | undefined): Promise<void> {
  if (record.claim !== undefined) {
    const claim = record.claim;
    const at = encounterTimeMs(claim);
    const [beginMs, endMs] = encounterSpanMs(claim, at);
    const kind = claim.kind === ClaimKind.INPATIENT ? "inpatient" : claim.kind === ClaimKind.PHARMACY ? "pharmacy" : "outpatient";
    await recordEncounter(deps.claims, claim.insuplcAdmdvs, claim.person?.psnNo ?? "", {
      claimId: record.claimId,
      mdtrtareaAdmvs: claim.mdtrtareaAdmvs,
      kind,
      beginMs,
      endMs,
      hifpFen: record.adjudication?.hifpPay ?? 0n,
    }, historyRead);
  }
}

/**
 * Reserves the claim's encounter (institution, mdtrt_id, batch) for it before deciding, with a
 * create-if-absent: of two claims for one encounter, however concurrent, only the first gets it,
 * and the other learns which claim holds it (rule D1 then rejects it).
 */
async function reserveEncounter(deps: SettleDeps, claim: Claim): Promise<Reserved> {
  const e = claim.encounter;
  if (e === undefined || e.mdtrtId === "") return { facts: {}, heldAlready: false };
  const r = await reserveIndex(deps, encounterIndexKey(claim.fixmedinsCode, e.mdtrtId, e.chrgBchno), claim.claimId);
  return { facts: r.other === undefined ? {} : { otherSettlementOfEncounter: r.other }, heldAlready: r.heldAlready };
}

/** A reservation's outcome: the rule fact it gives, and whether this claim held the key already. */
interface Reserved {
  readonly facts: AuditFacts;
  /** The key was this claim's before: the claim has been audited before (a repeat, not a first). */
  readonly heldAlready: boolean;
}

/**
 * Puts `claimId` under an index key unless a claim is there already (create-if-absent, so of
 * concurrent claims exactly one wins); resolves with the other claim that holds it, if any, and
 * whether this claim held it already.
 */
async function reserveIndex(deps: SettleDeps, key: string, claimId: string): Promise<{ other?: string; heldAlready: boolean }> {
  try {
    await deps.claims.create(key, new TextEncoder().encode(claimId));
    return { heldAlready: false };
  } catch {
    const held = await deps.claims.get(key);
    const holder = held === null || held.operation !== "PUT" ? undefined : new TextDecoder().decode(held.value);
    return holder === claimId ? { heldAlready: true } : { ...(holder === undefined ? {} : { other: holder }), heldAlready: false };
  }
}

/**
 * Reserves the claim's (submitter, msgid) for it, create-if-absent like the encounter. Never
 * released: a msgid names one message whatever became of it, so a corrected claim comes with a new
 * one (rule D2 rejects a claim whose msgid another claim holds).
 */
async function reserveMsgid(deps: SettleDeps, claim: Claim): Promise<Reserved> {
  if (claim.msgid === "" || claim.submitterPlatform === "") return { facts: {}, heldAlready: false };
  const r = await reserveIndex(deps, msgidIndexKey(claim.submitterPlatform, claim.msgid), claim.claimId);
  return { facts: r.other === undefined ? {} : { otherClaimOfMsgid: r.other }, heldAlready: r.heldAlready };
}

/** Frees the encounter for a corrected claim, when this claim will not be settled after all. */
export async function releaseEncounter(deps: SettleDeps, claim: Claim): Promise<void> {
  const e = claim.encounter;
  if (e === undefined || e.mdtrtId === "") return;
  const key = encounterIndexKey(claim.fixmedinsCode, e.mdtrtId, e.chrgBchno);
  const held = await deps.claims.get(key);
  if (held !== null && held.operation === "PUT" && new TextDecoder().decode(held.value) === claim.claimId) await deps.claims.delete(key);
}

function nationalTimeMs(text: string | undefined): number | undefined {
  if (text === undefined || !/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(text)) return undefined;
  const ms = Date.parse(`${text.replace(" ", "T")}+08:00`);
  return Number.isNaN(ms) ? undefined : ms;
}

/** Start and end of care, epoch ms; a missing end is the start and vice versa. */
function encounterSpanMs(claim: Claim, fallbackMs: number): [number, number] {
  const begin = nationalTimeMs(claim.encounter?.begntime);
  const end = nationalTimeMs(claim.encounter?.endtime);
  const b = begin ?? end ?? fallbackMs;
  const e = end ?? begin ?? fallbackMs;
  return b <= e ? [b, e] : [e, b];
}

/** When care ended (national "yyyy-MM-dd HH:mm:ss", Beijing time), else began, else now. */
function encounterTimeMs(claim: Claim): number {
  for (const text of [claim.encounter?.endtime, claim.encounter?.begntime]) {
    if (text !== undefined && /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/.test(text)) {
      const ms = Date.parse(`${text.replace(" ", "T")}+08:00`);
      if (!Number.isNaN(ms)) return ms;
    }
  }
  return Date.now();
}

function institutionFact(deps: SettleDeps, claim: Claim, atMs: number): { institutionListed?: boolean; institutionLevel?: string; institutionNotSettling?: string } {
  const province = provinceOf(claim.mdtrtareaAdmvs);
  const listed = deps.institutions.isListed(province, claim.fixmedinsCode);
  const level = deps.institutions.levelOf(province, claim.fixmedinsCode);
  const notSettling = deps.institutions.notSettlingOn(province, claim.fixmedinsCode, atMs);
  return { ...(listed === undefined ? {} : { institutionListed: listed }), ...(level === undefined ? {} : { institutionLevel: level }), ...(notSettling === undefined ? {} : { institutionNotSettling: notSettling }) };
}

/** The convention of the platform that adjudicated the claim (identities I2/I4). */
function fundIncludesAcct(deps: SettleDeps, record: ClaimRecord): boolean {
  return deps.routing.platform(record.adjudication?.adjudicatedBy ?? "")?.fundIncludesAcct ?? false;
}

/** How {@link publishResult} sends a result. */
export interface ResultOptions {
  /** The claim's encoding, copied into the message instead of encoding `claim` again. */
  readonly claimBytes?: Uint8Array;
  /** A SettleClaim call waits for this result: to the answered subject, not pushed on the link. */
  readonly answeredOnCall?: boolean;
  /**
   * With `answeredOnCall`: the translator instance whose call waits, so the result goes to its
   * subject only. Anything but a plain subject token is ignored (the unaddressed subject).
   */
  readonly answerInstance?: string;
}

/**
 * Publishes a final result to the submitter's SETTLEMENTS subject (deduplicated per outcome): a
 * result answered on a call without the claim (the call holds it), a result for the link with it.
 * With `trace`, as a `publish SETTLEMENTS` span under its parent; the message carries the
 * claim's trace context either way.
 */
export async function publishResult(
  js: JetStreamClient,
  record: ClaimRecord,
  claim: Claim,
  traceId: string,
  trace?: { readonly tracer: Tracer; readonly parent: Context },
  options: ResultOptions = {},
): Promise<void> {
  const { claimBytes } = options;
  const submitter = claim.submitterPlatform;
  const instance = options.answerInstance !== undefined && isSubjectToken(options.answerInstance) ? options.answerInstance : "";
  const subject = options.answeredOnCall === true ? Subjects.settlementsAnswered(submitter, instance) : Subjects.settlements(submitter);
  // An answered result goes to the call that holds the claim; only link results carry it.
  const withClaim = options.answeredOnCall !== true;
  const envelope = create(SettlementEnvelopeSchema, { result: settlementResultOf(record), traceId, ...(withClaim && claimBytes === undefined ? { claim } : {}) });
  const hop = trace === undefined ? undefined : startHopSpan(trace.tracer, "publish SETTLEMENTS", {
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
    await js.publish(subject, bytes, { msgID: MsgIds.result(record.claimId, record.status), headers: h });
    hop?.end();
  } catch (err) {
    hop?.end(err);
    throw err;
  }
}

import { create, toBinary } from "@bufbuild/protobuf";
import type { JetStreamClient } from "@nats-io/jetstream";
import { headers as natsHeaders } from "@nats-io/nats-core";
import type { ClaimStore } from "@tongxing/claim-store";
import { InvalidInputError, provinceOf } from "@tongxing/domain";
import { Actor, claimEvent, deriveClaimId, intakeRecord } from "@tongxing/lifecycle";
import { Headers, MsgIds, NatsDisconnectedError, Subjects } from "@tongxing/nats";
import { ClaimEnvelopeSchema, ClaimSchema, ClaimStatus, EventEvidenceSchema, type Claim, type ClaimRecord, type ReceivedMessage } from "@tongxing/proto";
import { mergeMessageBytes, messageFieldBytes } from "@tongxing/proto/wire";
import { sealClaim } from "@tongxing/privacy";
import { dialectAt, needsRouter, type PlatformEntry, type RoutingTable } from "@tongxing/routing";
import type { TranslatorMetrics } from "@tongxing/metrics";
import { HopKind, injectTraceContext, linkTo, newTraceId, startHopSpan, traceContextOf, traceIdOf, type Context, type Tracer } from "@tongxing/telemetry";
import type { Dialect, DialectRegistry } from "@tongxing/dialects";
import { authorizeSubmission } from "../authorization/authorization-matrix.js";
import { bindSecurity } from "../bind-security.js";
import { HubError, HubErrorCode } from "../grpc/hub-error.js";
import { refuseUnnetworkedInstitution, type InstitutionStatusLookup } from "./institution-check.js";
import { refuseLateSettlementWithoutWindow } from "./late-settlement-check.js";
import { receivedCopyOf } from "./received-message.js";

/** Longest idempotency key accepted. */
export const MAX_IDEMPOTENCY_KEY_LENGTH = 128;

/** A submitted claim, decoded and identified, not yet stored. */
export interface PreparedClaim {
  readonly claim: Claim;
  readonly dialect: Dialect;
  /** The message as the platform sent it (kept in the record: what regulators see as received). */
  readonly payload: Uint8Array;
  readonly idempotencyKey: string;
  /** The platform serving the claim's insured region now (intake's one routing decision). */
  readonly platform: PlatformEntry;
}

/** The outcome of accepting a claim. */
export interface AcceptedClaim {
  readonly claimId: string;
  readonly status: ClaimStatus;
  readonly duplicate: boolean;
  /** The stored record when the claim had been seen before. */
  readonly existing?: ClaimRecord;
}

/** What intake needs. */
export interface IntakeDeps {
  readonly js: JetStreamClient;
  /** The claim records (intake creates them; the routes read and cancel). */
  readonly store: ClaimStore;
  readonly routing: RoutingTable;
  readonly dialects: DialectRegistry;
  readonly maxPayloadBytes: number;
  /** The hub's SM2 private key (PEM), to sign answers to platforms that sign. */
  readonly hubPrivateKeyPem?: string;
  /** The translator's tracer and instruments (also used by its routes and links). */
  readonly tracer: Tracer;
  readonly metrics: TranslatorMetrics;
  /** The institution registry's live status (absent: no intake check). */
  readonly institutionStatus?: InstitutionStatusLookup;
  /**
   * Whether the NATS connection is up now (absent: assumed up). While it is down intake refuses
   * at once (UNAVAILABLE with a retry hint) and stores nothing, instead of waiting for its
   * JetStream requests to time out.
   */
  readonly natsConnected?: () => boolean;
  /** Months after its outage ended within which a late claim (补录) is accepted (default 3). */
  readonly lateSettlementMonths?: number;
}

/** The raw request as both SubmitClaim and SettleClaim carry it. */
export interface ClaimRequest {
  readonly dialect: string;
  readonly payload: Uint8Array;
  readonly idempotencyKey: string;
}

/**
 * Decodes and identifies a claim (synchronous, no I/O): size limit, dialect (the submitter's
 * routing-table dialect in force now when the request names none), translation, idempotency key (the
 * payload's msgid by default), claim id, and a route check so a claim nobody can serve is
 * refused at once with a clear status.
 */
export function prepareClaim(request: ClaimRequest, submitter: string, deps: IntakeDeps): PreparedClaim {
  if (request.payload.byteLength === 0) throw InvalidInputError.of("payload", "is empty");
  if (request.payload.byteLength > deps.maxPayloadBytes) {
    throw InvalidInputError.of("payload", `is ${request.payload.byteLength} bytes; the limit is ${deps.maxPayloadBytes} bytes`);
  }
  const platform = deps.routing.platform(submitter);
  // Without an explicit dialect, the one the submitter's routing entry has in force now.
  const dialectName = request.dialect !== "" ? request.dialect : platform === undefined ? "" : dialectAt(platform, Date.now());
  const dialect = bindSecurity(deps.dialects.get(dialectName), platform, deps.hubPrivateKeyPem);
  const decoded = dialect.decodeClaim(request.payload);
  const idempotencyKey = request.idempotencyKey !== "" ? request.idempotencyKey : decoded.msgid;
  if (idempotencyKey.length > MAX_IDEMPOTENCY_KEY_LENGTH) {
    throw InvalidInputError.of("idempotency_key", `is longer than ${MAX_IDEMPOTENCY_KEY_LENGTH} characters`);
  }
  const claim = decoded.claim;
  claim.claimId = deriveClaimId(submitter, idempotencyKey);
  claim.submitterPlatform = submitter;
  claim.dialect = dialect.name;
  authorizeSubmission(deps.routing, submitter, claim.mdtrtareaAdmvs);
  const route = deps.routing.resolve(claim.insuplcAdmdvs);
  if (!route.ok && route.reason === "NO_ROUTE") throw InvalidInputError.of("insuplc_admdvs", route.message);
  if (!route.ok) throw new HubError(HubErrorCode.FAILED_PRECONDITION, route.message);
  refuseUnnetworkedInstitution(claim, deps.institutionStatus);
  refuseLateSettlementWithoutWindow(claim, route.platform, Date.now(), deps.lateSettlementMonths);
  return { claim, dialect, payload: request.payload, idempotencyKey, platform: route.platform };
}

/**
 * Stores the claim's record (create-if-absent: the idempotency check) and publishes it to its
 * platform's DELIVERY subject (routed here, once), or to CLAIMS for the router when the platform's
 * policy needs it ({@link needsRouter}). A claim seen before is not stored again; if it never got past RECEIVED (a crash
 * between store and publish) it is published again, deduplicated by its Nats-Msg-Id.
 * The claim's trace id is that of `trace` (the RPC's server span), so its events, log lines and
 * spans agree. `answeredBy` names the translator instance whose SettleClaim call waits for the
 * result (its results go to that instance's subject); without it (SubmitClaim) the result goes
 * on the submitter's link.
 */
export async function acceptClaim(prepared: PreparedClaim, deps: IntakeDeps, trace: Context, answeredBy?: string): Promise<AcceptedClaim> {
  const { claim } = prepared;
  const claimId = claim.claimId;
  if (deps.natsConnected?.() === false) throw new NatsDisconnectedError(`NATS is unreachable; claim ${claimId} not accepted`);
  const traceId = traceIdOf(trace) ?? newTraceId();
  // Personal identifiers are sealed here, once: the record and every stream carry these bytes.
  const claimBytes = toBinary(ClaimSchema, sealClaim(claim));
  // The message as received, sealed, in the record; the RECEIVED event (chained) holds its digest.
  const copy = receivedCopyOf(prepared.payload, prepared.dialect.name, claimBytes.byteLength, deps.store.maxRecordBytes);
  const received = claimEvent(claimId, ClaimStatus.RECEIVED, traceId, Actor.TRANSLATOR, `from platform ${claim.submitterPlatform}`);
  received.evidence = create(EventEvidenceSchema, { receivedDigest: copy.digest });
  // The record as stored holds the claim; it is encoded once and carried as bytes into both the
  // record and the CLAIMS envelope.
  const direct = directPlatform(prepared.platform);
  const record = intakeRecord(claimId, received, prepared.idempotencyKey, undefined, direct?.id);
  record.received = copy.message;
  // A store that cannot be reached answers UNAVAILABLE with a retry hint (toStatus).
  const made = await deps.store.create(record, { claimBytes });
  if (!made.created) {
    const { record: existing, revision } = made.existing;
    if (existing.status === ClaimStatus.RECEIVED && existing.claim !== undefined) {
      // The republish continues the original claim's trace, linked from this call's.
      const original = existing.events[0]?.traceId ?? traceId;
      // Routed again now: a route that went away sends the claim to the router, which refuses it.
      const route = deps.routing.resolve(existing.claim.insuplcAdmdvs);
      // The record names the platform its claim went to first; a record that names none (the
      // router's) or another one is republished through the router.
      const platform = route.ok && directPlatform(route.platform)?.id === existing.insuredPlatform ? route.platform : undefined;
      const target = { claim: existing.claim, claimBytes: toBinary(ClaimSchema, sealClaim(existing.claim)), platform, received: existing.received };
      await publishClaim(deps, target, original, existing, revision, answeredBy, original === traceId ? trace : traceContextOf(original), trace);
    }
    return { claimId, status: existing.status, duplicate: true, existing };
  }
  const revision = made.revision;
  await publishClaim(deps, { claim, claimBytes, platform: direct, received: copy.message }, traceId, record, revision, answeredBy, trace, trace);
  return { claimId, status: ClaimStatus.RECEIVED, duplicate: false };
}

/** The platform when intake routes the claim itself; undefined when its policy needs the router ({@link needsRouter}). */
function directPlatform(platform: PlatformEntry): PlatformEntry | undefined {
  return needsRouter(platform, Date.now()) ? undefined : platform;
}

/** A claim to publish: the claim, its encoding, and the platform it is routed to (none: through the router). */
interface Publishable {
  readonly claim: Claim;
  readonly claimBytes: Uint8Array;
  readonly platform: PlatformEntry | undefined;
  /** The record's copy of the message as received (sealed), which the auditor's first write keeps. */
  readonly received: ReceivedMessage | undefined;
}

/**
 * Publishes the claim with its intake event, the revision its record was stored at (which the
 * auditor writes its decision against) and which instance's SettleClaim call, if any, waits for
 * it: straight to `DELIVERY.<platform>` with the `ROUTED` event (Nats-Msg-Id `<claim>:routed`,
 * the id the router would give it), or to `CLAIMS` when the router must apply the platform's
 * policy (a claim-count backlog limit, a queueing maintenance window) or no route is known.
 */
async function publishClaim(deps: IntakeDeps, target: Publishable, traceId: string, record: ClaimRecord, revision: number, answeredBy: string | undefined, parent: Context, caller: Context): Promise<void> {
  const { claim, claimBytes } = target;
  const direct = target.platform?.id;
  const envelope = create(ClaimEnvelopeSchema, {
    traceId,
    events: direct === undefined ? record.events.slice(0, 1) : [...record.events.slice(0, 1), claimEvent(claim.claimId, ClaimStatus.ROUTED, traceId, Actor.TRANSLATOR, `to platform ${direct}`)],
    idempotencyKey: record.idempotencyKey,
    recordRevision: BigInt(revision),
    answeredOnCall: answeredBy !== undefined,
    answerInstance: answeredBy ?? "",
    insuredPlatform: direct ?? "",
    ...(target.received === undefined ? {} : { received: target.received }),
  });
  const subject = direct === undefined ? Subjects.claims(provinceOf(claim.insuplcAdmdvs)) : Subjects.delivery(direct);
  const hop = startHopSpan(deps.tracer, direct === undefined ? "publish CLAIMS" : "publish DELIVERY", {
    kind: HopKind.PRODUCER,
    parent,
    attributes: { "messaging.system": "nats", "messaging.destination.name": subject, "tongxing.claim_id": claim.claimId },
    ...(parent === caller ? {} : { links: linkTo(caller) }),
  });
  const h = natsHeaders();
  h.set(Headers.CLAIM_ID, claim.claimId);
  h.set(Headers.TRACE_ID, traceId);
  injectTraceContext(hop.context, (k, v) => h.set(k, v));
  try {
    const bytes = mergeMessageBytes(messageFieldBytes(ClaimEnvelopeSchema.field.claim.number, claimBytes), toBinary(ClaimEnvelopeSchema, envelope));
    await deps.js.publish(subject, bytes, { msgID: direct === undefined ? MsgIds.claim(claim.claimId) : MsgIds.delivery(claim.claimId), headers: h });
    hop.end();
  } catch (err) {
    hop.end(err);
    throw err;
  }
}

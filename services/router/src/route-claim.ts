import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import type { JetStreamClient, JsMsg } from "@nats-io/jetstream";
import { headers as natsHeaders } from "@nats-io/nats-core";
import { Actor, claimEvent } from "@tongxing/lifecycle";
import { DeadLetterReasons, Headers, MsgIds, Outcome, Subjects, type MessageOutcome } from "@tongxing/nats";
import { AdjudicationRefusalSchema, ClaimEnvelopeSchema, ClaimStatus } from "@tongxing/proto";
import { decodeEnvelopeHead, mergeMessageBytes } from "@tongxing/proto/wire";
import { BacklogRefusal, type RoutingTable } from "@tongxing/routing";
import { ErrorKind, type RouteOutcome, type RouterMetrics } from "@tongxing/metrics";
import { answerRefused } from "./answer-refused.js";
import type { BacklogPolicy } from "./backlog/backlog-policy.js";
import type { QueueReleaser } from "./maintenance/queue-releaser.js";
import { HopKind, incomingTraceContext, injectTraceContext, startHopSpan, type HopSpan, type Logger, type Tracer } from "@tongxing/telemetry";


/** The router's tracer and instruments. */
export interface RouteTelemetry {
  readonly tracer: Tracer;
  readonly metrics: RouterMetrics;
}

/**
 * Moves one claim from CLAIMS to its serving platform's DELIVERY subject. A claim with no
 * route (or whose platform refuses) is copied to DEADLETTER and answered with a refusal through
 * the auditor, so the submitter always gets a result. Idempotent: every publish carries a
 * Nats-Msg-Id, so a redelivered claim is not delivered twice within the duplicate window.
 */
export async function routeClaim(msg: JsMsg, js: JetStreamClient, table: RoutingTable, log: Logger, telemetry: RouteTelemetry, queue?: QueueReleaser, backlog?: BacklogPolicy): Promise<MessageOutcome> {
  const startedMs = performance.now();
  const hop = startHopSpan(telemetry.tracer, "route", {
    kind: HopKind.CONSUMER,
    parent: incomingTraceContext((k) => msg.headers?.get(k), msg.headers?.get(Headers.TRACE_ID)),
    attributes: { "messaging.system": "nats", "messaging.destination.name": msg.subject },
  });
  try {
    const { outcome, routed } = await routeOne(msg, js, table, log, hop, queue, backlog);
    if (routed === "poison") telemetry.metrics.error(ErrorKind.UNDECODABLE);
    telemetry.metrics.routed(routed, performance.now() - startedMs);
    hop.span.setAttribute("tongxing.route.outcome", routed);
    hop.end();
    return outcome;
  } catch (err) {
    hop.end(err);
    throw err;
  }
}

async function routeOne(msg: JsMsg, js: JetStreamClient, table: RoutingTable, log: Logger, hop: HopSpan, queue: QueueReleaser | undefined, backlog: BacklogPolicy | undefined): Promise<{ outcome: MessageOutcome; routed: RouteOutcome }> {
  // Routing needs the envelope's few fields and the claim's head (id, insured region): the fee
  // lines, the bulk of a claim, are not decoded.
  let envelope;
  try {
    envelope = decodeEnvelopeHead(msg.data).envelope;
  } catch (err) {
    log.error({ err, seq: msg.seq }, "undecodable message on CLAIMS; dead-lettered");
    return { outcome: Outcome.poison(`undecodable claim envelope: ${err instanceof Error ? err.message : String(err)}`, DeadLetterReasons.UNDECODABLE), routed: "poison" };
  }
  const claim = envelope.claim;
  if (claim === undefined) return { outcome: Outcome.poison("envelope without claim", DeadLetterReasons.UNDECODABLE), routed: "poison" };
  const claimId = claim.claimId;
  hop.span.setAttribute("tongxing.claim_id", claimId);
  const route = table.resolve(claim.insuplcAdmdvs);
  const h = natsHeaders();
  h.set(Headers.CLAIM_ID, claimId);
  h.set(Headers.TRACE_ID, envelope.traceId);
  injectTraceContext(hop.context, (k, v) => h.set(k, v));

  if (!route.ok) {
    // Dead-lettered and answered with the whole claim, as it came.
    await answerRefused(js, fromBinary(ClaimEnvelopeSchema, msg.data), route.reason, route.message, h);
    log.warn({ claim_id: claimId, trace_id: envelope.traceId, reason: route.reason }, route.message);
    return { outcome: Outcome.done(), routed: "deadlettered" };
  }

  const platformId = route.platform.id;
  const full = backlog?.fullFor(platformId);
  if (full !== undefined) {
    await answerRefused(js, fromBinary(ClaimEnvelopeSchema, msg.data), BacklogRefusal.FULL, full, h);
    log.warn({ claim_id: claimId, trace_id: envelope.traceId, platform: platformId }, full);
    return { outcome: Outcome.done(), routed: "deadlettered" };
  }
  const hold = queue?.queueFor(platformId, Date.now());
  if (hold !== undefined && queue !== undefined) {
    // A queueing maintenance window: the claim waits, in order, beside the platform's subject.
    const queued = create(ClaimEnvelopeSchema, {
      insuredPlatform: platformId,
      events: [claimEvent(claimId, ClaimStatus.ROUTED, envelope.traceId, Actor.ROUTER, `to platform ${platformId}, queued until ${hold.until} (maintenance window)`)],
    });
    await js.publish(Subjects.deliveryQueued(platformId), mergeMessageBytes(msg.data, toBinary(ClaimEnvelopeSchema, queued)), { msgID: MsgIds.queued(claimId), headers: h });
    await queue.watch(platformId);
    backlog?.noteRouted(platformId);
    log.debug({ claim_id: claimId, platform: platformId, until: hold.until }, "queued for a maintenance window");
    hop.span.setAttribute("tongxing.platform", platformId);
    return { outcome: Outcome.done(), routed: "routed" };
  }

  // The claim as it came, with what routing adds appended (parsed as their merge): the claim is
  // not encoded again.
  const added = create(ClaimEnvelopeSchema, {
    insuredPlatform: route.platform.id,
    events: [claimEvent(claimId, ClaimStatus.ROUTED, envelope.traceId, Actor.ROUTER, `to platform ${route.platform.id}`)],
  });
  await js.publish(Subjects.delivery(route.platform.id), mergeMessageBytes(msg.data, toBinary(ClaimEnvelopeSchema, added)), {
    msgID: MsgIds.delivery(claimId),
    headers: h,
  });
  backlog?.noteRouted(platformId);
  log.debug({ claim_id: claimId, trace_id: envelope.traceId, platform: route.platform.id }, "routed");
  hop.span.setAttribute("tongxing.platform", route.platform.id);
  return { outcome: Outcome.done(), routed: "routed" };
}

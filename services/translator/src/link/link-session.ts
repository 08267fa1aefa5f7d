import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import type { ServerDuplexStream } from "@grpc/grpc-js";
import type { ConsumerMessages, JsMsg } from "@nats-io/jetstream";
import { headers as natsHeaders } from "@nats-io/nats-core";
import { isInvalidInputError } from "@tongxing/domain";
import { Actor, claimEvent } from "@tongxing/lifecycle";
import { AdjudicationOutcomes, Consumers, DeadLetterReasons, Headers, Streams, Subjects, ensureDurableConsumer, publishDeadLetter } from "@tongxing/nats";
import {
  AdjudicationRefusalSchema,
  AdjudicationSchema,
  ClaimDeliverySchema,
  ClaimEnvelopeSchema,
  ClaimSchema,
  ClaimStatus,
  ConnectResponseSchema,
  SettlementEnvelopeSchema,
  type ClaimEnvelope,
  type ConnectRequest,
  type ConnectResponse,
} from "@tongxing/proto";
import { decodeEnvelopeHead, mergeMessageBytes, messageFieldBytes, withoutFields } from "@tongxing/proto/wire";
import { encodedMessage } from "@tongxing/proto/grpc";
import { dialectAt } from "@tongxing/routing";
import { ErrorKind } from "@tongxing/metrics";
import { openClaim, openClaimBytes } from "@tongxing/privacy";
import { HopKind, incomingTraceContext, injectTraceContext, startHopSpan, type HopSpan, type Logger } from "@tongxing/telemetry";
import type { Dialect } from "@tongxing/dialects";
import { bindSecurity } from "../bind-security.js";
import { adjudicationProblems, INVALID_ADJUDICATION } from "../invalid-adjudication.js";
import type { RouteContext } from "../routes/context.js";
import { CreditWindow } from "./credit-window.js";
import { publishReversalAnswer, reversalAnswerProblem, reversalFrame } from "./reversal-delivery.js";
import { PreSettleRelay } from "./pre-settle-relay.js";

/** A delivery the platform has not answered yet, with its span (`deliver` / `deliver result`). */
type Outstanding =
  | {
      readonly kind: "claim";
      readonly msg: JsMsg;
      readonly envelope: ClaimEnvelope;
      /** How many of envelope.events the delivered message already had (the rest are added here). */
      readonly eventsDelivered: number;
      readonly dialect: Dialect | undefined;
      readonly hop: HopSpan;
      readonly deliveredMs: number;
    }
  | { readonly kind: "result"; readonly msg: JsMsg; readonly hop: HopSpan }
  /** A reversal of a settlement this platform paid (REVERSALS), until it answers. */
  | { readonly kind: "reversal"; readonly msg: JsMsg; readonly envelope: ClaimEnvelope; readonly hop: HopSpan };

/** Link consumers hand out at most this many unacknowledged messages across all instances. */
const LINK_MAX_ACK_PENDING = 4_096;
/**
 * Redelivery if a delivery stays unanswered this long without a sign of life. While the link is
 * up, outstanding deliveries are kept alive with working() every LINK_KEEPALIVE_MS, so a slow
 * platform keeps its claims, and a crashed translator's claims come back within this time.
 */
const LINK_ACK_WAIT_MS = 10_000;
const LINK_KEEPALIVE_MS = 4_000;
/**
 * A delivery the platform has not answered in this long is handed back (nak) and delivered again
 * (bounded by the consumer's delivery limit), rather than kept alive for as long as the link
 * stays up: a reply lost on the way (a publish that failed while JetStream had no leader) would
 * otherwise strand its claim (docs/reliability.md).
 */
const LINK_MAX_UNANSWERED_MS = 60_000;
/**
 * How long the link waits for the auditor to decide and store an adjudication. Past it the
 * platform is asked to resend (the delivery stays unacknowledged); a decision the auditor
 * finished meanwhile is found in the record by the repeat.
 */
const ADJUDICATE_TIMEOUT_MS = 20_000;

/**
 * One connected provincial platform. Delivers the claims insured by it (DELIVERY.<platform>),
 * the results of the claims it submitted (SETTLEMENTS.<platform>) and the reversals of the
 * settlements it paid (REVERSALS `reversals.link.<platform>`) within its credit window; passes
 * its replies to the auditor by request (`tongxing.adjudicate.<platform>`) and its reversal
 * answers to REVERSALS `reversals.hub.answer.<platform>`. A claim's delivery stays unacknowledged
 * until the auditor answers that its decision is stored; a result's until the platform
 * acknowledges it, a reversal's until its answer is stored; when the link ends, everything outstanding is handed back at
 * once (nak), so nothing is lost and a reconnect resumes.
 */
export class LinkSession {
  readonly #outstanding = new Map<string, Outstanding>();
  /** performance.now() of each outstanding delivery. */
  readonly #deliveredAt = new Map<string, number>();
  readonly #iterators: ConsumerMessages[] = [];
  readonly #credits: CreditWindow;
  readonly #log: Logger;
  readonly #keepalive: NodeJS.Timeout;
  /** Pre-settlement requests for this platform (core NATS, apart from the settle path). */
  readonly #preSettle: PreSettleRelay;
  #closed = false;
  #up = false;

  constructor(
    private readonly call: ServerDuplexStream<ConnectRequest, ConnectResponse>,
    private readonly platform: string,
    window: number,
    private readonly ctx: RouteContext,
    /** Whether the platform asked for claims rendered in its dialect (Hello.dialect_payloads). */
    private readonly dialectPayloads = false,
  ) {
    this.#credits = new CreditWindow(window);
    this.#log = ctx.log.child({ platform, link: true });
    this.#keepalive = setInterval(() => {
      const now = performance.now();
      for (const [deliveryId, entry] of this.#outstanding) {
        if (now - (this.#deliveredAt.get(deliveryId) ?? now) > LINK_MAX_UNANSWERED_MS) this.handBack(deliveryId, entry);
        else entry.msg.working();
      }
    }, LINK_KEEPALIVE_MS);
    this.#keepalive.unref();
    this.#preSettle = new PreSettleRelay(ctx.nc, platform, (r) => this.write(r), this.#log);
  }

  async run(): Promise<void> {
    const { jsm, js } = this.ctx;
    await ensureDurableConsumer(jsm, {
      stream: Streams.DELIVERY,
      durable: Consumers.link(this.platform),
      filterSubject: Subjects.delivery(this.platform),
      maxAckPending: LINK_MAX_ACK_PENDING,
      ackWaitMs: LINK_ACK_WAIT_MS,
    });
    await ensureDurableConsumer(jsm, {
      stream: Streams.SETTLEMENTS,
      durable: Consumers.results(this.platform),
      filterSubject: Subjects.settlements(this.platform),
      maxAckPending: LINK_MAX_ACK_PENDING,
      ackWaitMs: LINK_ACK_WAIT_MS,
    });
    await ensureDurableConsumer(jsm, {
      stream: Streams.REVERSALS,
      durable: Consumers.reversalLink(this.platform),
      filterSubject: Subjects.reversalLink(this.platform),
      maxAckPending: LINK_MAX_ACK_PENDING,
      ackWaitMs: LINK_ACK_WAIT_MS,
    });
    if (this.#closed) return;
    const window = this.#credits.size;
    this.write(create(ConnectResponseSchema, { msg: { case: "welcome", value: { platform: this.platform, maxInFlight: window } } }));
    const claims = await (await js.consumers.get(Streams.DELIVERY, Consumers.link(this.platform))).consume({ max_messages: window });
    const results = await (await js.consumers.get(Streams.SETTLEMENTS, Consumers.results(this.platform))).consume({ max_messages: window });
    const reversals = await (await js.consumers.get(Streams.REVERSALS, Consumers.reversalLink(this.platform))).consume({ max_messages: window });
    this.#iterators.push(claims, results, reversals);
    if (this.#closed) return this.close("closed while starting");
    this.#log.info({ window }, "platform link up");
    this.#up = true;
    this.#preSettle.start();
    this.ctx.metrics.linkUp(this.platform);
    await Promise.all([this.pump(claims, (m) => this.deliverClaim(m)), this.pump(results, (m) => this.deliverResult(m)), this.pump(reversals, (m) => this.deliverReversal(m))]);
  }

  private async pump(messages: ConsumerMessages, deliver: (msg: JsMsg) => void): Promise<void> {
    for await (const msg of messages) {
      if (this.#closed || !(await this.#credits.acquire())) {
        msg.nak();
        continue;
      }
      try {
        deliver(msg);
      } catch (err) {
        this.#log.error({ err, seq: msg.seq }, "undeliverable message; dead-lettered");
        this.ctx.metrics.error(ErrorKind.UNDECODABLE);
        this.#credits.release();
        const stream = msg.info.stream;
        const source = { subject: msg.subject, stream, seq: msg.seq, data: msg.data, headers: msg.headers, deliveries: msg.info.deliveryCount };
        await publishDeadLetter(this.ctx.js, source, DeadLetterReasons.UNDECODABLE, err instanceof Error ? err.message : String(err));
        msg.term(); // no reason text: nats-server 2.9 ignores "+TERM <reason>"
      }
    }
  }

  private deliverClaim(msg: JsMsg): void {
    // The claim goes out as the bytes it came in. It is decoded whole only for a platform that
    // takes its dialect (rendering, reading dialect replies); otherwise its head (ids, regions)
    // is enough here, and the fee lines are not decoded at all.
    const dialect = this.dialectPayloads ? this.platformDialect() : undefined;
    const { envelope, claimBytes } = decodeEnvelopeHead(msg.data);
    if (claimBytes === undefined || envelope.claim === undefined) throw new Error("envelope without claim");
    // Identifiers are sealed at rest; the insured platform gets them in clear (over its mTLS link).
    const plainClaimBytes = openClaimBytes(claimBytes);
    envelope.claim = dialect !== undefined ? fromBinary(ClaimSchema, plainClaimBytes) : openClaim(envelope.claim);
    const claim = envelope.claim;
    const deliveryId = `c${msg.seq}.${msg.info.deliveryCount}`;
    const payload = dialect?.encodeClaim?.(claim);
    const eventsDelivered = envelope.events.length;
    envelope.events.push(claimEvent(claim.claimId, ClaimStatus.DELIVERED, envelope.traceId, Actor.TRANSLATOR, `to platform ${this.platform}`));
    const hop = this.startDelivery("deliver", msg, envelope.traceId, claim.claimId);
    this.#outstanding.set(deliveryId, { kind: "claim", msg, envelope, eventsDelivered, dialect, hop, deliveredMs: performance.now() });
    this.#deliveredAt.set(deliveryId, performance.now());
    const delivery = create(ClaimDeliverySchema, {
      deliveryId,
      attempt: msg.info.deliveryCount,
      ...(payload === undefined || dialect === undefined ? {} : { dialect: dialect.name, payload }),
    });
    const deliveryBytes = mergeMessageBytes(toBinary(ClaimDeliverySchema, delivery), messageFieldBytes(ClaimDeliverySchema.field.claim.number, plainClaimBytes));
    this.write(encodedMessage<ConnectResponse>(messageFieldBytes(ConnectResponseSchema.field.claim.number, deliveryBytes)));
  }

  /** The platform's dialect in force now, when it is not the canonical one. */
  private platformDialect(): Dialect | undefined {
    const entry = this.ctx.routing.platform(this.platform);
    const name = entry === undefined ? "canonical" : dialectAt(entry, Date.now());
    if (name === "canonical") return undefined;
    try {
      return this.ctx.dialects.get(name);
    } catch {
      // A routing entry naming a dialect this translator lacks must not cost the claim:
      // it is delivered in canonical form only.
      this.#log.warn({ dialect: name }, "platform's dialect is unknown here; delivering canonical claims only");
      return undefined;
    }
  }

  private deliverResult(msg: JsMsg): void {
    // Rendering costs the hub per claim: only for platforms that asked for dialect payloads; the
    // others get the canonical result, and the claim in the envelope is not even decoded.
    const settlement = fromBinary(SettlementEnvelopeSchema, this.dialectPayloads ? msg.data : withoutFields(msg.data, [SettlementEnvelopeSchema.field.claim.number]));
    const result = settlement.result;
    if (result === undefined) throw new Error("settlement without result");
    const claim = openClaim(settlement.claim);
    if (this.dialectPayloads && claim !== undefined && claim.dialect !== "") {
      const dialect = bindSecurity(this.ctx.dialects.get(claim.dialect), this.ctx.routing.platform(this.platform), this.ctx.hubPrivateKeyPem);
      result.payload = dialect.encodeResult(result, claim);
      result.dialect = dialect.name;
    }
    const deliveryId = `r${msg.seq}.${msg.info.deliveryCount}`;
    const hop = this.startDelivery("deliver result", msg, settlement.traceId, result.claimId);
    this.#outstanding.set(deliveryId, { kind: "result", msg, hop });
    this.#deliveredAt.set(deliveryId, performance.now());
    this.write(create(ConnectResponseSchema, { msg: { case: "result", value: { deliveryId, result } } }));
  }

  private deliverReversal(msg: JsMsg): void {
    const deliveryId = `v${msg.seq}.${msg.info.deliveryCount}`;
    const { envelope, frame } = reversalFrame(msg, deliveryId);
    const hop = this.startDelivery("deliver reversal", msg, envelope.traceId, envelope.claim?.claimId ?? "");
    this.#outstanding.set(deliveryId, { kind: "reversal", msg, envelope, hop });
    this.#deliveredAt.set(deliveryId, performance.now());
    this.write(frame);
  }

  /** The span of one delivery to the platform, under the trace its message carries; ends when answered. */
  private startDelivery(name: string, msg: JsMsg, traceId: string, claimId: string): HopSpan {
    return startHopSpan(this.ctx.tracer, name, {
      kind: HopKind.PRODUCER,
      parent: incomingTraceContext((k) => msg.headers?.get(k), traceId),
      attributes: { "tongxing.platform": this.platform, "tongxing.claim_id": claimId, "tongxing.delivery.attempt": msg.info.deliveryCount },
    });
  }

  /** Handles one message from the platform. */
  async onRequest(request: ConnectRequest): Promise<void> {
    const m = request.msg;
    switch (m.case) {
      case "hello":
        return this.replyAck("", false, "hello was already received");
      case "adjudication":
      case "refusal": {
        const deliveryId = m.value.deliveryId;
        const entry = this.#outstanding.get(deliveryId);
        if (entry?.kind !== "claim") return this.replyAck(deliveryId, false, `no claim delivery "${deliveryId.slice(0, 40)}" is outstanding`);
        const { envelope } = entry;
        const claimId = envelope.claim?.claimId ?? "";
        // Why the platform's reply cannot be settled on (a required amount absent, a field
        // unreadable): the claim is answered with it, as the hub's refusal, never settled on zeros.
        let invalid = "";
        if (m.case === "adjudication") {
          let adjudication = m.value.adjudication;
          if (adjudication === undefined && m.value.payload.byteLength > 0 && envelope.claim !== undefined) {
            const decode = entry.dialect?.decodeAdjudication;
            if (decode === undefined) return this.replyAck(deliveryId, false, "payload given, but the platform's dialect has no adjudication reply form");
            try {
              adjudication = decode.call(entry.dialect, m.value.payload, envelope.claim);
            } catch (err) {
              if (!isInvalidInputError(err)) return this.replyAck(deliveryId, false, "unreadable adjudication payload");
              invalid = err.message;
            }
          } else if (adjudication !== undefined) {
            invalid = adjudicationProblems(adjudication);
          }
          if (invalid !== "") {
            envelope.refusal = create(AdjudicationRefusalSchema, {
              claimId,
              code: INVALID_ADJUDICATION,
              message: `the reply of insured platform ${this.platform} cannot be settled on: ${invalid}`.slice(0, 500),
            });
          } else {
            if (adjudication === undefined) return this.replyAck(deliveryId, false, "adjudication (or payload) is required");
            envelope.adjudication = create(AdjudicationSchema, { ...adjudication, claimId, adjudicatedBy: this.platform });
            envelope.events.push(claimEvent(claimId, ClaimStatus.ADJUDICATED, envelope.traceId, Actor.TRANSLATOR, envelope.adjudication.setlId));
          }
        } else {
          const refusal = m.value.refusal;
          envelope.refusal = create(AdjudicationRefusalSchema, {
            claimId,
            code: (refusal?.code ?? "").slice(0, 64) || "REFUSED",
            message: (refusal?.message ?? "").slice(0, 500),
          });
        }
        const subject = Subjects.adjudicate(this.platform);
        const reply = startHopSpan(this.ctx.tracer, m.case === "adjudication" ? "adjudicated" : "refused", {
          kind: HopKind.PRODUCER,
          parent: entry.hop.context,
          attributes: { "messaging.system": "nats", "messaging.destination.name": subject },
        });
        const h = natsHeaders();
        h.set(Headers.CLAIM_ID, claimId);
        h.set(Headers.TRACE_ID, envelope.traceId);
        h.set(Headers.DELIVERY_ATTEMPT, String(entry.msg.info.deliveryCount));
        injectTraceContext(reply.context, (k, v) => h.set(k, v));
        let refused = "";
        try {
          // The delivered message with what this link added appended (parsed as their merge): the
          // claim is not encoded again.
          const added = create(ClaimEnvelopeSchema, {
            events: envelope.events.slice(entry.eventsDelivered),
            ...(envelope.adjudication === undefined ? {} : { adjudication: envelope.adjudication }),
            ...(envelope.refusal === undefined ? {} : { refusal: envelope.refusal }),
          });
          const answer = await this.ctx.nc.request(subject, mergeMessageBytes(entry.msg.data, toBinary(ClaimEnvelopeSchema, added)), { timeout: ADJUDICATE_TIMEOUT_MS, headers: h });
          const outcome = answer.headers?.get(Headers.ADJUDICATION_OUTCOME) ?? "";
          if (outcome === AdjudicationOutcomes.REFUSED) refused = answer.headers?.get(Headers.ADJUDICATION_DETAIL) || "adjudication refused";
          else if (outcome !== AdjudicationOutcomes.STORED) throw new Error(`auditor answered ${outcome || "nothing"}: ${answer.headers?.get(Headers.ADJUDICATION_DETAIL) ?? ""}`);
        } catch (err) {
          reply.end(err);
          this.ctx.metrics.error(ErrorKind.LINK_PUBLISH_FAILED);
          this.#log.warn({ err, claim_id: claimId }, "could not pass on a reply; the platform may resend it");
          return this.replyAck(deliveryId, false, "hub temporarily unavailable; resend this reply");
        }
        if (refused !== "") {
          // Kept outstanding: handed back unanswered in time, delivered again.
          reply.end(new Error(refused));
          this.#log.warn({ claim_id: claimId, reason: refused }, "the auditor refused a reply");
          return this.replyAck(deliveryId, false, refused.slice(0, 500));
        }
        reply.end();
        // Handed back (or the link closed) while the auditor decided: the redelivery finds it decided.
        if (this.#outstanding.get(deliveryId) !== entry) return this.replyAck(deliveryId, true, "");
        this.ctx.metrics.linkReplied(this.platform, m.case, performance.now() - entry.deliveredMs);
        this.settle(deliveryId, entry);
        // An invalid reply rejected the claim: the platform is told why, and that it was not accepted.
        return invalid === "" ? this.replyAck(deliveryId, true, "") : this.replyAck(deliveryId, false, `${invalid} (the claim was rejected)`.slice(0, 500));
      }
      case "resultAck": {
        const deliveryId = m.value.deliveryId;
        const entry = this.#outstanding.get(deliveryId);
        if (entry?.kind !== "result") return this.replyAck(deliveryId, false, `no result delivery "${deliveryId.slice(0, 40)}" is outstanding`);
        this.settle(deliveryId, entry);
        return;
      }
      case "reversalAnswer": {
        const deliveryId = m.value.deliveryId;
        const entry = this.#outstanding.get(deliveryId);
        if (entry?.kind !== "reversal") return this.replyAck(deliveryId, false, `no reversal delivery "${deliveryId.slice(0, 40)}" is outstanding`);
        const problem = reversalAnswerProblem(m.value);
        if (problem !== "") return this.replyAck(deliveryId, false, problem);
        try {
          await publishReversalAnswer(this.ctx.js, this.platform, entry.envelope, m.value);
        } catch (err) {
          this.ctx.metrics.error(ErrorKind.LINK_PUBLISH_FAILED);
          this.#log.warn({ err, claim_id: entry.envelope.claim?.claimId }, "could not pass on a reversal answer; the platform may resend it");
          return this.replyAck(deliveryId, false, "hub temporarily unavailable; resend this answer");
        }
        this.settle(deliveryId, entry);
        return this.replyAck(deliveryId, true, "");
      }
      case "preSettleReply": {
        const deliveryId = m.value.deliveryId;
        if (!this.#preSettle.answer(m.value)) return this.replyAck(deliveryId, false, `no pre-settlement "${deliveryId.slice(0, 40)}" is outstanding`);
        return this.replyAck(deliveryId, true, "");
      }
      case undefined:
        return this.replyAck("", false, "empty message");
      default: {
        const unknown: never = m;
        throw new Error(`unknown link message ${String(unknown)}`);
      }
    }
  }

  /** Gives an unanswered delivery back to JetStream, to be delivered again. */
  private handBack(deliveryId: string, entry: Outstanding): void {
    this.#outstanding.delete(deliveryId);
    this.#deliveredAt.delete(deliveryId);
    entry.hop.end(new Error("unanswered; handed back"));
    entry.msg.nak();
    this.#credits.release();
    this.#log.warn({ delivery_id: deliveryId, kind: entry.kind }, `unanswered for ${LINK_MAX_UNANSWERED_MS / 1_000} s; handed back to be delivered again`);
  }

  private settle(deliveryId: string, entry: Outstanding): void {
    this.#outstanding.delete(deliveryId);
    this.#deliveredAt.delete(deliveryId);
    entry.hop.end();
    entry.msg.ack();
    this.#credits.release();
  }

  private replyAck(deliveryId: string, accepted: boolean, error: string): void {
    this.write(create(ConnectResponseSchema, { msg: { case: "replyAck", value: { deliveryId, accepted, error } } }));
  }

  private write(response: ConnectResponse): void {
    if (!this.#closed && !this.call.destroyed && this.call.writable) this.call.write(response);
  }

  /** Ends the session: stops pulling and hands every unanswered delivery back at once. */
  close(reason: string): void {
    if (this.#closed) return;
    this.#closed = true;
    clearInterval(this.#keepalive);
    this.#preSettle.close();
    this.#credits.close();
    for (const it of this.#iterators) it.stop();
    const pending = this.#outstanding.size;
    for (const entry of this.#outstanding.values()) {
      entry.msg.nak();
      entry.hop.end(new Error(`handed back unanswered: ${reason}`));
    }
    this.#outstanding.clear();
    this.#deliveredAt.clear();
    if (this.#up) this.ctx.metrics.linkDown(this.platform);
    this.#log.info({ reason, returned: pending }, "platform link down");
    if (!this.call.destroyed && this.call.writable) this.call.end();
  }
}

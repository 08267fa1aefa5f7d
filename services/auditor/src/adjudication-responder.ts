import { headers as natsHeaders, type Msg, type NatsConnection, type Subscription } from "@nats-io/nats-core";
import { ErrorKind } from "@tongxing/metrics";
import { AdjudicationOutcomes, Headers, QueueGroups, Subjects, type AdjudicationOutcome } from "@tongxing/nats";
import { settleClaim } from "./settle-claim.js";
import type { SettleDeps } from "./settle-deps.js";

const ADJUDICATE_PREFIX = Subjects.adjudicate("");

/** The auditors' side of the links' adjudication requests, until stopped. */
export interface AdjudicationResponder {
  /** Stops taking requests and waits for those in hand (their replies are sent). */
  stop(): Promise<void>;
}

/**
 * Answers the links' adjudication requests (`tongxing.adjudicate.<platform>`, queue group
 * `auditor`: one auditor takes each): decides the claim as {@link settleClaim} does and replies
 * STORED once the decision, its traces and the result are durable, so the link acks the claim's
 * delivery only then. A failure replies RETRY (the link keeps the delivery, the platform resends,
 * and a repeat is idempotent by the record's state); an adjudication that is not acceptable
 * (undecodable, not from the link of the claim's insured platform) is REFUSED. No request is
 * stored anywhere: while it is unanswered, the claim's delivery is.
 */
export function startAdjudicationResponder(nc: NatsConnection, deps: SettleDeps): AdjudicationResponder {
  const inHand = new Set<Promise<void>>();
  const sub: Subscription = nc.subscribe(Subjects.adjudicateAll, {
    queue: QueueGroups.AUDITOR,
    callback: (err, msg) => {
      if (err !== null) return deps.log.warn({ err }, "adjudication subscription error");
      const p = answer(msg, deps).finally(() => inHand.delete(p));
      inHand.add(p);
    },
  });
  return {
    async stop() {
      sub.unsubscribe();
      await Promise.all([...inHand]);
    },
  };
}

async function answer(msg: Msg, deps: SettleDeps): Promise<void> {
  let outcome: AdjudicationOutcome = AdjudicationOutcomes.RETRY;
  let detail = "";
  try {
    const attempt = Number(msg.headers?.get(Headers.DELIVERY_ATTEMPT) ?? "");
    const result = await settleClaim(
      { data: msg.data, subject: msg.subject, ...(msg.headers === undefined ? {} : { headers: msg.headers }), deliveryCount: Number.isInteger(attempt) && attempt > 0 ? attempt : 2, linkPlatform: msg.subject.slice(ADJUDICATE_PREFIX.length) },
      deps,
    );
    switch (result.kind) {
      case "done":
        outcome = AdjudicationOutcomes.STORED;
        break;
      case "retry":
        detail = result.reason;
        break;
      case "poison":
        outcome = AdjudicationOutcomes.REFUSED;
        detail = result.reason;
        break;
    }
  } catch (err) {
    deps.metrics.error(ErrorKind.HANDLER_FAILED);
    deps.log.error({ err, subject: msg.subject }, "adjudication request failed; the link keeps the delivery");
  }
  if (msg.reply === undefined || msg.reply === "") return;
  const h = natsHeaders();
  h.set(Headers.ADJUDICATION_OUTCOME, outcome);
  if (detail !== "") h.set(Headers.ADJUDICATION_DETAIL, detail.replace(/[\r\n]+/g, " ").slice(0, 500));
  msg.respond(new Uint8Array(0), { headers: h });
}

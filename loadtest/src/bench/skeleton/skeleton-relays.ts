// The skeleton's router and auditor: durable pull consumers with the hub's message pump and
// concurrency, doing per claim the JetStream operations the hub's services do, on opaque bytes.
import type { JetStreamClient, JsMsg } from "@nats-io/jetstream";
import type { KV } from "@nats-io/kv";
import type { Msg, NatsConnection } from "@nats-io/nats-core";
import { Outcome, startMessagePump, type MessageOutcome, type MessagePump } from "@tongxing/nats";
import { frame, hubLikeHeaders, SkeletonHeaders, SkeletonStreams, SkeletonSubjects, type SkeletonSizes } from "./skeleton-layout.js";

/** What both relays need. */
export interface SkeletonRelayOptions {
  readonly js: JetStreamClient;
  readonly kv: KV;
  readonly sizes: SkeletonSizes;
  /** Messages handled at once (the hub's router and auditor default: 256). */
  readonly concurrency: number;
}

const onError = (err: unknown) => console.error(JSON.stringify({ level: 50, msg: `skeleton handler failed: ${String(err)}` }));

/** The hub's message pump on one durable consumer, at the relay's concurrency. */
function pump(options: SkeletonRelayOptions, stream: string, durable: string, handler: (m: JsMsg) => Promise<MessageOutcome>): Promise<MessagePump> {
  return startMessagePump({ js: options.js, stream, durable, concurrency: options.concurrency, onError, handler });
}

/** The router: per claim one CLAIMS delivery, one DELIVERY publish, one ack. */
export function startSkeletonRouter(options: SkeletonRelayOptions): Promise<MessagePump> {
  const { js, sizes } = options;
  return pump(options, SkeletonStreams.CLAIMS, "router", async (m) => {
    const claimId = m.headers?.get(SkeletonHeaders.CLAIM_ID) ?? "";
    const platform = m.subject.slice(m.subject.lastIndexOf(".") + 1);
    const h = hubLikeHeaders(claimId, {
      [SkeletonHeaders.REVISION]: m.headers?.get(SkeletonHeaders.REVISION) ?? "",
      [SkeletonHeaders.SUBMITTER]: m.headers?.get(SkeletonHeaders.SUBMITTER) ?? "",
    });
    await js.publish(SkeletonSubjects.delivery(platform), frame(claimId, sizes.claim + 120), { msgID: `${claimId}:routed`, headers: h });
    return Outcome.done();
  });
}

/**
 * The auditor: per claim, as the hub's on a first delivery of a settled claim, the encounter and
 * msgid reservations and the person-history read together, the record's compare-and-set at the
 * intake revision, then the history update, the ledger entry and the settlement index together,
 * then the result; one ack. (The hub's audit chain writes one block for many claims; not here.)
 */
export function startSkeletonAuditor(options: SkeletonRelayOptions): Promise<MessagePump> {
  const { js, kv, sizes } = options;
  return pump(options, SkeletonStreams.ADJUDICATIONS, "auditor", async (m) => {
    const claimId = m.headers?.get(SkeletonHeaders.CLAIM_ID) ?? "";
    const submitter = m.headers?.get(SkeletonHeaders.SUBMITTER) ?? "";
    const revision = Number(m.headers?.get(SkeletonHeaders.REVISION) ?? "0");
    const small = frame(claimId, 48);
    const [, , history] = await Promise.all([kv.create(`enc.${claimId}`, small), kv.create(`msgid.${claimId}`, small), kv.get(`hist.${claimId}`)]);
    await kv.update(`rec.${claimId}`, frame(claimId, sizes.claim + 600), revision);
    const historyValue = frame(claimId, 160);
    await Promise.all([
      history === null ? kv.create(`hist.${claimId}`, historyValue) : kv.update(`hist.${claimId}`, historyValue, history.revision),
      js.publish(SkeletonSubjects.ledger(claimId), frame(claimId, 320), { msgID: `${claimId}:ledger`, headers: hubLikeHeaders(claimId) }),
      kv.put(`setl.${claimId}`, small),
    ]);
    // As the hub's answered result: the settlement without the claim (the waiting call holds it).
    await js.publish(SkeletonSubjects.answered(submitter), frame(claimId, 450), { msgID: `${claimId}:result`, headers: hubLikeHeaders(claimId) });
    return Outcome.done();
  });
}

/**
 * The lean design's auditor (docs/design/claim-path.md): adjudications arrive as core requests
 * (queue group "auditor"); per claim the encounter reservation and the history read together,
 * the record's compare-and-set, then the history update and the ledger entry together (the entry's
 * subject is the settlement index, so no separate index key), then the answer to the waiting call
 * by core publish, and the reply that lets the link ack its delivery. No msgid reservation: the
 * claim id is derived from the msgid, so the record's create already reserved it.
 */
export function startSkeletonLeanAuditor(options: SkeletonRelayOptions & { readonly nc: NatsConnection }): { stop(): Promise<void> } {
  const { nc, js, kv } = options;
  const handle = async (m: Msg) => {
    const claimId = m.headers?.get(SkeletonHeaders.CLAIM_ID) ?? "";
    const submitter = m.headers?.get(SkeletonHeaders.SUBMITTER) ?? "";
    const revision = Number(m.headers?.get(SkeletonHeaders.REVISION) ?? "0");
    const [, history] = await Promise.all([kv.create(`enc.${claimId}`, frame(claimId, 48)), kv.get(`hist.${claimId}`)]);
    await kv.update(`rec.${claimId}`, frame(claimId, options.sizes.claim + 600), revision);
    const historyValue = frame(claimId, 160);
    await Promise.all([
      history === null ? kv.create(`hist.${claimId}`, historyValue) : kv.update(`hist.${claimId}`, historyValue, history.revision),
      js.publish(SkeletonSubjects.ledger(claimId), frame(claimId, 320), { msgID: `${claimId}:ledger`, headers: hubLikeHeaders(claimId) }),
    ]);
    nc.publish(SkeletonSubjects.answers(submitter), frame(claimId, 450), { headers: hubLikeHeaders(claimId) });
    m.respond(frame(claimId, 16));
  };
  const sub = nc.subscribe(SkeletonSubjects.audit, { queue: "auditor", callback: (_err, m) => void handle(m).catch(onError) });
  return { stop: async () => sub.unsubscribe() };
}

import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import type { Msg, NatsConnection, Subscription } from "@nats-io/nats-core";
import { Subjects } from "@tongxing/nats";
import { ClaimSchema, ConnectResponseSchema, PreSettleReplySchema, type ConnectResponse, type PreSettleReply } from "@tongxing/proto";
import type { Logger } from "@tongxing/telemetry";

/** Pre-settlement requests one link holds unanswered at most; more are refused at once (no responder waits). */
const MAX_OUTSTANDING = 256;
/** A request unanswered this long is forgotten (the asking call has long given up). */
const FORGET_AFTER_MS = 60_000;
/** NATS queue group of the links: one of a platform's links answers each request. */
const QUEUE = "link";

/**
 * The pre-settlement side of one platform's link: takes requests from `tongxing.presettle.<platform>`
 * (core NATS request/reply, whichever translator holds a link of the platform answers), hands each
 * to the platform as a PreSettleDelivery and answers the request with the platform's
 * PreSettleReply. Nothing is stored and nothing is redelivered: a pre-settlement books nothing,
 * and a lost one is asked again by the counter.
 */
export class PreSettleRelay {
  readonly #pending = new Map<string, { readonly msg: Msg; readonly atMs: number }>();
  #subscription: Subscription | undefined;
  #serial = 0;

  constructor(
    private readonly nc: NatsConnection,
    private readonly platform: string,
    private readonly write: (response: ConnectResponse) => void,
    private readonly log: Logger,
  ) {}

  /** Starts taking the platform's pre-settlement requests. */
  start(): void {
    this.#subscription = this.nc.subscribe(Subjects.preSettle(this.platform), {
      queue: QUEUE,
      callback: (err, msg) => {
        if (err !== null) {
          this.log.warn({ err }, "pre-settlement subscription failed");
          return;
        }
        this.deliver(msg);
      },
    });
  }

  private deliver(msg: Msg): void {
    this.forgetStale();
    if (this.#pending.size >= MAX_OUTSTANDING) {
      msg.respond(toBinary(PreSettleReplySchema, create(PreSettleReplySchema, { refusal: { code: "BUSY", message: "too many pre-settlements outstanding on the platform's link" } })));
      return;
    }
    let claim;
    try {
      claim = fromBinary(ClaimSchema, msg.data);
    } catch (err) {
      this.log.warn({ err }, "undecodable pre-settlement request; dropped");
      return;
    }
    this.#serial += 1;
    const deliveryId = `p${this.#serial}`;
    this.#pending.set(deliveryId, { msg, atMs: performance.now() });
    this.write(create(ConnectResponseSchema, { msg: { case: "preSettle", value: { deliveryId, claim } } }));
  }

  /** Passes the platform's answer on; false when no such request is outstanding. */
  answer(reply: PreSettleReply): boolean {
    const entry = this.#pending.get(reply.deliveryId);
    if (entry === undefined) return false;
    this.#pending.delete(reply.deliveryId);
    entry.msg.respond(toBinary(PreSettleReplySchema, reply));
    return true;
  }

  private forgetStale(): void {
    const now = performance.now();
    for (const [id, entry] of this.#pending) if (now - entry.atMs > FORGET_AFTER_MS) this.#pending.delete(id);
  }

  /** Stops taking requests; the outstanding ones go unanswered (their callers time out). */
  close(): void {
    this.#subscription?.unsubscribe();
    this.#subscription = undefined;
    this.#pending.clear();
  }
}

import { fromBinary } from "@bufbuild/protobuf";
import { nuid, type Msg, type NatsConnection, type Subscription } from "@nats-io/nats-core";
import { Headers, Subjects } from "@tongxing/nats";
import { SettlementEnvelopeSchema, type SettlementEnvelope } from "@tongxing/proto";
import { withoutFields } from "@tongxing/proto/wire";
import type { Logger } from "@tongxing/telemetry";

type Waiter = (settlement: SettlementEnvelope) => void;

/** What {@link SettlementWaiters.watchSubmitter} holds open until released. */
export interface SubmitterWatch {
  /** Ends this watch; the subscriptions close when no watch of the submitter is left. */
  release(): void;
}

/**
 * SettleClaim and CancelSettlement callers waiting for their claim's final result on this
 * translator instance (plain subscriptions: a waiter exists only while its call is open; the
 * claim's record holds the result). Only the results of claims somebody waits for are decoded,
 * and of those only the result (the envelope's claim is left unset).
 *
 * Each instance has its own id, which intake puts on the claims its SettleClaim calls accept;
 * the auditor sends their results to `tongxing.answers.<submitter>.<instance>` by core NATS (the
 * auditors before it: `tongxing.settlements.<submitter>.answered.<instance>`, still heard), so an
 * instance hears its own results and not every translator's. A call that waits for a result
 * another instance's claim will get (a resubmission while the first call is in flight elsewhere,
 * a cancellation's result on the submitter's link) first opens a watch of that submitter's results
 * ({@link watchSubmitter}), held only while it waits.
 */
export class SettlementWaiters {
  readonly #waiters = new Map<string, Set<Waiter>>();
  readonly #watches = new Map<string, { count: number; subs: Subscription[] }>();
  readonly #subs: Subscription[] = [];
  #nc: NatsConnection | undefined;
  /** This instance's id: one subject token, new at every start of the process. */
  readonly instance: string;

  readonly #onReceived: (() => void) | undefined;

  /**
   * `instance` defaults to a new id (tests name theirs); `onReceived` is told of every result
   * message the subscriptions receive (the translator's `tongxing_results_received_total`).
   */
  constructor(private readonly log: Logger, options: { readonly instance?: string; readonly onReceived?: () => void } = {}) {
    this.instance = options.instance ?? nuid.next();
    this.#onReceived = options.onReceived;
  }

  start(nc: NatsConnection): void {
    this.#nc = nc;
    // Its own results, and those addressed to no instance (claims from translators before
    // answer_instance, still in flight during an upgrade).
    for (const subject of [Subjects.answersTo(this.instance), Subjects.settlementsAnsweredTo(this.instance), Subjects.settlementsAnsweredUnaddressed]) {
      this.#subs.push(nc.subscribe(subject, { callback: (err, msg) => this.#deliver(err, msg) }));
    }
  }

  stop(): void {
    for (const sub of this.#subs.splice(0)) sub.unsubscribe();
    for (const watch of this.#watches.values()) for (const sub of watch.subs) sub.unsubscribe();
    this.#watches.clear();
  }

  /**
   * Registers interest in one claim's result before the claim is published, so the result
   * cannot slip past. Returns the promise and a cancel function (for timeouts and cancelled calls).
   */
  wait(claimId: string): { readonly settled: Promise<SettlementEnvelope>; cancel(): void } {
    let waiter!: Waiter;
    const settled = new Promise<SettlementEnvelope>((resolve) => (waiter = resolve));
    let set = this.#waiters.get(claimId);
    if (set === undefined) {
      set = new Set();
      this.#waiters.set(claimId, set);
    }
    set.add(waiter);
    return {
      settled,
      cancel: () => {
        const s = this.#waiters.get(claimId);
        s?.delete(waiter);
        if (s?.size === 0) this.#waiters.delete(claimId);
      },
    };
  }

  /**
   * Hears every result of one submitting platform (its link results and its answered results,
   * whichever instance they are addressed to) until released. Resolves once the server has the
   * subscriptions, so a result published after that reaches a waiter; one published before it
   * does not, which is why a caller reads the claim's record again after this.
   */
  async watchSubmitter(submitter: string): Promise<SubmitterWatch> {
    const nc = this.#nc;
    if (nc === undefined) throw new Error("settlement waiters are not started");
    let watch = this.#watches.get(submitter);
    if (watch === undefined) {
      watch = { count: 0, subs: [...Subjects.settlementsOfSubmitter(submitter), Subjects.answersOfSubmitter(submitter)].map((subject) => nc.subscribe(subject, { callback: (err, msg) => this.#deliver(err, msg) })) };
      this.#watches.set(submitter, watch);
    }
    watch.count += 1;
    const held = watch;
    let released = false;
    const release = (): void => {
      if (released) return;
      released = true;
      held.count -= 1;
      if (held.count === 0 && this.#watches.get(submitter) === held) {
        this.#watches.delete(submitter);
        for (const sub of held.subs) sub.unsubscribe();
      }
    };
    try {
      await nc.flush();
    } catch (err) {
      release();
      throw err;
    }
    return { release };
  }

  /** Claims somebody waits for here. */
  get size(): number {
    return this.#waiters.size;
  }

  #deliver(err: Error | null, msg: Msg): void {
    if (err !== null) return this.log.warn({ err }, "settlement subscription error");
    this.#onReceived?.();
    const claimId = msg.headers?.get(Headers.CLAIM_ID) ?? "";
    const waiting = this.#waiters.get(claimId);
    if (waiting === undefined) return;
    let settlement: SettlementEnvelope;
    try {
      // Without the claim: the caller holds it already (the claim it submitted).
      settlement = fromBinary(SettlementEnvelopeSchema, withoutFields(msg.data, [SettlementEnvelopeSchema.field.claim.number]));
    } catch (decodeErr) {
      return this.log.error({ err: decodeErr, claim_id: claimId }, "undecodable settlement");
    }
    this.#waiters.delete(claimId);
    for (const w of waiting) w(settlement);
  }
}

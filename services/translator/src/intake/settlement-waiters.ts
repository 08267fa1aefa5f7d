import { fromBinary } from "@bufbuild/protobuf";
import type { NatsConnection, Subscription } from "@nats-io/nats-core";
import { Headers, Subjects } from "@tongxing/nats";
import { SettlementEnvelopeSchema, type SettlementEnvelope } from "@tongxing/proto";
import { withoutFields } from "@tongxing/proto/wire";
import type { Logger } from "@tongxing/telemetry";

type Waiter = (settlement: SettlementEnvelope) => void;

/**
 * SettleClaim callers waiting for their claim's final result on this translator instance.
 * Listens to every result published to SETTLEMENTS (a plain subscription: a waiter exists only
 * while its call is open, and the durable copy stays in the stream) and decodes only those
 * somebody waits for, and of those only the result (the envelope's claim is left unset).
 */
export class SettlementWaiters {
  readonly #waiters = new Map<string, Set<Waiter>>();
  #sub: Subscription | undefined;

  constructor(private readonly log: Logger) {}

  start(nc: NatsConnection): void {
    this.#sub = nc.subscribe(Subjects.settlementsAll, {
      callback: (err, msg) => {
        if (err !== null) return this.log.warn({ err }, "settlement subscription error");
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
      },
    });
  }

  stop(): void {
    this.#sub?.unsubscribe();
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

  get size(): number {
    return this.#waiters.size;
  }
}

import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { JetStreamApiCodes, JetStreamApiError, jetstreamManager, type JetStreamClient } from "@nats-io/jetstream";
import type { NatsConnection } from "@nats-io/nats-core";
import { Streams, Subjects } from "@tongxing/nats";
import { AuditBlockSchema, BlockLayout, ChainHash, type ClaimEvent } from "@tongxing/proto";
import type { Logger } from "@tongxing/telemetry";
import { blockHash } from "./block-hash.js";

/** Options for {@link ChainAppender}. */
export interface ChainAppenderOptions {
  readonly nc: NatsConnection;
  readonly js: JetStreamClient;
  readonly hash?: ChainHash;
  /**
   * How long a block waits for more events after its first arrived, when no write is under way.
   * Default 0: group commit — a block is written as soon as the chain is free, and holds whatever
   * arrived while the previous block was being written, so blocks grow with the load by
   * themselves and an event waits for at most one write ahead of it.
   */
  readonly maxDelayMs?: number;
  readonly maxEventsPerBlock?: number;
  readonly log: Logger;
}

interface Pending {
  readonly events: readonly ClaimEvent[];
  readonly done: (err?: unknown) => void;
}

/**
 * Appends claim events to the audit chain in blocks. Appends cannot fork, whatever the number of
 * writers: each block is published with JetStream's expected-last-sequence set to the head it
 * was built on; a writer that lost the race reloads the head and rebuilds its block. Blocks are
 * written in the event-digest layout, so an evidence file can leave other claims' events out of
 * its copies (docs/audit-chain.md#block-layouts). append()
 * resolves once the events are stored, so a caller acks its message only after that.
 */
export class ChainAppender {
  readonly #queue: Pending[] = [];
  readonly #hash: ChainHash;
  #head: { seq: number; height: bigint; hash: Uint8Array } | undefined;
  #timer: NodeJS.Timeout | undefined;
  #flushing: Promise<void> | undefined;

  constructor(private readonly options: ChainAppenderOptions) {
    this.#hash = options.hash ?? ChainHash.SM3;
  }

  append(events: readonly ClaimEvent[]): Promise<void> {
    if (events.length === 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.#queue.push({ events, done: (err) => (err === undefined ? resolve() : reject(err)) });
      if (this.#queue.length >= (this.options.maxEventsPerBlock ?? 1_000)) void this.flush();
      else this.#timer ??= setTimeout(() => void this.flush(), this.options.maxDelayMs ?? 0);
    });
  }

  /** Writes everything queued. */
  async flush(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    while (this.#flushing !== undefined) await this.#flushing;
    const batch = this.#queue.splice(0);
    if (batch.length === 0) return;
    this.#flushing = this.write(batch.flatMap((p) => p.events)).then(
      () => batch.forEach((p) => p.done()),
      (err: unknown) => batch.forEach((p) => p.done(err)),
    );
    try {
      await this.#flushing;
    } finally {
      this.#flushing = undefined;
      if (this.#queue.length > 0) this.#timer ??= setTimeout(() => void this.flush(), 0);
    }
  }

  private async loadHead(): Promise<{ seq: number; height: bigint; hash: Uint8Array }> {
    const jsm = await jetstreamManager(this.options.nc);
    const last = await jsm.streams.getMessage(Streams.AUDIT_CHAIN, { last_by_subj: Subjects.auditChain });
    if (last === null) return { seq: 0, height: 0n, hash: new Uint8Array() };
    const block = fromBinary(AuditBlockSchema, last.data);
    return { seq: last.seq, height: block.height, hash: block.blockHash };
  }

  private async write(events: ClaimEvent[]): Promise<void> {
    for (let attempt = 0; attempt < 20; attempt++) {
      const head = this.#head ?? (await this.loadHead());
      const height = head.height + 1n;
      const block = create(AuditBlockSchema, { height, hash: this.#hash, layout: BlockLayout.EVENT_DIGESTS, prevHash: head.hash, events });
      const hash = blockHash(block);
      block.blockHash = hash;
      try {
        const ack = await this.options.js.publish(Subjects.auditChain, toBinary(AuditBlockSchema, block), { expect: { lastSequence: head.seq } });
        this.#head = { seq: ack.seq, height, hash };
        return;
      } catch (err) {
        if (!(err instanceof JetStreamApiError && err.code === JetStreamApiCodes.StreamWrongLastSequence)) throw err;
        this.options.log.debug({ attempt }, "audit chain head moved; rebuilding the block");
        this.#head = undefined;
      }
    }
    throw new Error("audit chain: could not append after 20 attempts");
  }
}

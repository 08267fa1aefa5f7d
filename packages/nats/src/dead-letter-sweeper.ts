import type { JetStreamClient, JetStreamManager } from "@nats-io/jetstream";
import type { NatsConnection, Subscription } from "@nats-io/nats-core";
import { publishDeadLetter } from "./dead-letter.js";
import { Advisories, DeadLetterReasons, Streams } from "./topology.js";

/** Options for {@link startDeadLetterSweeper}. */
export interface DeadLetterSweeperOptions {
  readonly nc: NatsConnection;
  readonly js: JetStreamClient;
  readonly jsm: JetStreamManager;
  readonly onError: (err: unknown) => void;
  readonly onDeadLettered?: (stream: string, consumer: string, seq: number) => void;
}

/** A running sweeper. */
export interface DeadLetterSweeper {
  stop(): void;
}

/** The server's max-deliveries advisory (`io.nats.jetstream.advisory.v1.max_deliver`). */
interface MaxDeliveriesAdvisory {
  readonly stream: string;
  readonly consumer: string;
  readonly stream_seq: number;
  readonly deliveries: number;
}

/** Work-queue streams: a message the consumer gave up on stays there unseen, so it is moved. */
export const DEAD_LETTER_WORK_QUEUES: ReadonlySet<string> = new Set([Streams.CLAIMS, Streams.DELIVERY, Streams.ADJUDICATIONS]);
/** Streams whose messages the hub dead-letters when a consumer gives up on them. */
const SWEPT: ReadonlySet<string> = new Set([...DEAD_LETTER_WORK_QUEUES, Streams.SETTLEMENTS]);
/** Queue group: with several routers, each advisory is handled by one. */
const QUEUE = "tongxing-deadletter-sweeper";

/**
 * Dead-letters the messages a consumer stopped delivering after `max_deliver` without an ack —
 * a handler that never answers, a process that crashes on the message every time, a platform
 * link that never acknowledges. (A message its pump saw fail on its last delivery is
 * dead-lettered by the pump itself.) The server announces each with an advisory; the sweeper
 * copies the message to `tongxing.deadletter.MAX_DELIVERIES` and then removes it from a work
 * queue, where it would otherwise sit unseen. A core subscription: advisories sent while no
 * router runs are not seen; the router's periodic stranded-message sweep (`stranded-message-sweep.ts`) finds those messages
 * (docs/reliability.md).
 */
export function startDeadLetterSweeper(options: DeadLetterSweeperOptions): DeadLetterSweeper {
  const sub: Subscription = options.nc.subscribe(Advisories.maxDeliveriesAll, {
    queue: QUEUE,
    callback: (err, msg) => {
      if (err !== null) return options.onError(err);
      let advisory: MaxDeliveriesAdvisory;
      try {
        advisory = msg.json<MaxDeliveriesAdvisory>();
      } catch (parseErr) {
        return options.onError(parseErr);
      }
      sweep(advisory).catch(options.onError);
    },
  });

  async function sweep(a: MaxDeliveriesAdvisory): Promise<void> {
    if (!SWEPT.has(a.stream)) return;
    const stored = await options.jsm.streams.getMessage(a.stream, { seq: a.stream_seq }).catch(() => null);
    if (stored === null) return; // already acked, terminated or swept
    const detail = `consumer ${a.consumer} gave up after ${a.deliveries} deliveries without an ack`;
    await publishDeadLetter(options.js, { subject: stored.subject, stream: a.stream, seq: a.stream_seq, data: stored.data, headers: stored.header, deliveries: a.deliveries }, DeadLetterReasons.MAX_DELIVERIES, detail);
    if (DEAD_LETTER_WORK_QUEUES.has(a.stream)) await options.jsm.streams.deleteMessage(a.stream, a.stream_seq, false).catch(() => false);
    options.onDeadLettered?.(a.stream, a.consumer, a.stream_seq);
  }

  return {
    stop() {
      sub.unsubscribe();
    },
  };
}

import type { JetStreamClient, JsMsg } from "@nats-io/jetstream";
import type { MessageOutcome } from "./message-outcome.js";

/** Options for {@link startMessagePump}. */
export interface MessagePumpOptions {
  readonly js: JetStreamClient;
  readonly stream: string;
  readonly durable: string;
  /** Messages handled at once; the rest wait in the client buffer. */
  readonly concurrency: number;
  readonly handler: (msg: JsMsg) => Promise<MessageOutcome>;
  /** Called when a handler throws (the message is then retried after 1 s). */
  readonly onError: (err: unknown, msg: JsMsg) => void;
}

/** A running pump; `stop()` stops pulling and waits for handlers in flight. */
export interface MessagePump {
  stop(): Promise<void>;
  /** Resolves when the pump has ended (stopped or its consumer vanished). */
  readonly closed: Promise<void>;
}

/**
 * Pulls from a durable consumer and runs a handler on each message with bounded concurrency.
 * At-least-once: a message is acked only after its handler says it is done; a crash before
 * that means redelivery, so handlers must be idempotent.
 */
export async function startMessagePump(options: MessagePumpOptions): Promise<MessagePump> {
  const consumer = await options.js.consumers.get(options.stream, options.durable);
  const messages = await consumer.consume({ max_messages: Math.max(options.concurrency * 2, 16) });
  const inFlight = new Set<Promise<void>>();
  let slotFree: (() => void) | undefined;

  async function run(msg: JsMsg): Promise<void> {
    let outcome: MessageOutcome;
    try {
      outcome = await options.handler(msg);
    } catch (err) {
      options.onError(err, msg);
      outcome = { kind: "retry", delayMs: 1_000, reason: "handler failed" };
    }
    switch (outcome.kind) {
      case "done":
        msg.ack();
        break;
      case "retry":
        msg.nak(outcome.delayMs);
        break;
      case "poison":
        msg.term(outcome.reason);
        break;
      default: {
        const unknown: never = outcome;
        throw new Error(`unknown outcome ${String(unknown)}`);
      }
    }
  }

  const closed = (async () => {
    for await (const msg of messages) {
      while (inFlight.size >= options.concurrency) {
        await new Promise<void>((r) => (slotFree = r));
      }
      const p: Promise<void> = run(msg).finally(() => {
        inFlight.delete(p);
        const free = slotFree;
        slotFree = undefined;
        free?.();
      });
      inFlight.add(p);
    }
    await Promise.allSettled([...inFlight]);
  })();

  return {
    closed,
    async stop() {
      messages.stop();
      await closed;
    },
  };
}

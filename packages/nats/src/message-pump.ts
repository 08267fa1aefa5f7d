import type { JetStreamClient, JsMsg } from "@nats-io/jetstream";
import { publishDeadLetter } from "./dead-letter.js";
import type { MessageOutcome } from "./message-outcome.js";
import { HOP_RETRY_POLICY, retryDelayMs, retryPolicyOfConsumer, type RetryPolicy } from "./retry-policy.js";
import { DeadLetterReasons } from "./topology.js";

/** Options for {@link startMessagePump}. */
export interface MessagePumpOptions {
  readonly js: JetStreamClient;
  readonly stream: string;
  readonly durable: string;
  /** Messages handled at once; the rest wait in the client buffer. */
  readonly concurrency: number;
  readonly handler: (msg: JsMsg) => Promise<MessageOutcome>;
  /** Called when a handler throws (the message is then retried after its consumer's backoff). */
  readonly onError: (err: unknown, msg: JsMsg) => void;
  /** Called after a message went to the dead letters (and was terminated). */
  readonly onDeadLettered?: (reason: string, detail: string, msg: JsMsg) => void;
}

/**
 * A running pump; `stop()` stops pulling, hands back (nak) messages pulled but not started, and
 * waits for handlers in flight.
 */
export interface MessagePump {
  stop(): Promise<void>;
  /** Resolves when the pump has ended (stopped or its consumer vanished). */
  readonly closed: Promise<void>;
}

/**
 * Pulls from a durable consumer and runs a handler on each message with bounded concurrency.
 * At-least-once: a message is acked only after its handler says it is done; a crash before
 * that means redelivery, so handlers must be idempotent.
 *
 * Bounded: the consumer's own `max_deliver` and `backoff` (read from the server, see
 * {@link RetryPolicy}) set the nak delays, and a message that fails on its last delivery, or
 * that its handler calls poison, is copied to the dead letters with the reason before it is
 * terminated. If that copy fails, the message is retried instead: nothing is dropped without one.
 */
export async function startMessagePump(options: MessagePumpOptions): Promise<MessagePump> {
  const consumer = await options.js.consumers.get(options.stream, options.durable);
  const configured = retryPolicyOfConsumer((await consumer.info(true)).config);
  // A consumer without max_deliver (made by an older version) retries for ever, as it did.
  const unbounded = configured === undefined;
  const policy: RetryPolicy = configured ?? HOP_RETRY_POLICY;
  const messages = await consumer.consume({ max_messages: Math.max(options.concurrency * 2, 16) });
  const inFlight = new Set<Promise<void>>();
  let slotFree: (() => void) | undefined;
  let stopping = false;

  async function deadLetter(msg: JsMsg, reason: string, detail: string): Promise<void> {
    try {
      await publishDeadLetter(options.js, { subject: msg.subject, stream: options.stream, seq: msg.seq, data: msg.data, headers: msg.headers, deliveries: msg.info.deliveryCount }, reason, detail);
    } catch (err) {
      options.onError(err, msg);
      msg.nak(retryDelayMs(policy, msg.info.deliveryCount));
      return;
    }
    // No reason text: nats-server 2.9 ignores "+TERM <reason>" (the reason is in the dead letter).
    msg.term();
    options.onDeadLettered?.(reason, detail, msg);
  }

  async function run(msg: JsMsg): Promise<void> {
    let outcome: MessageOutcome;
    try {
      outcome = await options.handler(msg);
    } catch (err) {
      options.onError(err, msg);
      outcome = { kind: "retry", delayMs: retryDelayMs(policy, msg.info.deliveryCount), reason: `handler failed: ${err instanceof Error ? err.message : String(err)}` };
    }
    switch (outcome.kind) {
      case "done":
        msg.ack();
        break;
      case "retry":
        if (!unbounded && msg.info.deliveryCount >= policy.maxDeliver) {
          await deadLetter(msg, DeadLetterReasons.MAX_DELIVERIES, `${msg.info.deliveryCount} deliveries; last: ${outcome.reason}`);
        } else {
          msg.nak(outcome.delayMs);
        }
        break;
      case "poison":
        await deadLetter(msg, outcome.deadLetter, outcome.reason);
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
      if (stopping) {
        // Pulled but not started: handed back at once, so another instance takes it now rather
        // than after the ack wait.
        msg.nak();
        continue;
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
      stopping = true;
      messages.stop();
      // Wake a loop waiting for a free slot, so it can hand back what it holds.
      slotFree?.();
      await closed;
    },
  };
}

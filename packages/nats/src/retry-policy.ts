import { nanos } from "@nats-io/nats-core";

/**
 * How often and how patiently a durable consumer retries one message, as data. The same policy
 * configures the consumer on the server (`max_deliver`, `backoff`, `ack_wait = backoffMs[0]`)
 * and the message pump's nak delays, so a message is retried the same way whether its handler
 * failed (nak) or never answered (a crashed process: ack wait).
 */
export interface RetryPolicy {
  /** Deliveries at most; the last failed one sends the message to the dead letters. */
  readonly maxDeliver: number;
  /**
   * Wait before the next delivery: `backoffMs[i]` after delivery i+1 (the last value repeats).
   * `backoffMs[0]` is also the consumer's ack wait.
   */
  readonly backoffMs: readonly number[];
}

/**
 * The hub's hop consumers (router, auditor): a crashed process's messages come back after 10 s
 * (as before bounded retries); a message that keeps failing is retried for about half an hour
 * (12 deliveries) before it is dead-lettered.
 */
export const HOP_RETRY_POLICY: RetryPolicy = { maxDeliver: 12, backoffMs: [10_000, 20_000, 40_000, 80_000, 160_000, 300_000] };

/** Deliveries at most of a consumer given only an ack wait (platform links): generous, since a link that drops hands its messages back (nak) and that counts. */
export const LINK_MAX_DELIVER = 100;

/** The policy of a consumer configured with an ack wait only: that wait, doubling, capped at 5 minutes. */
export function retryPolicyFromAckWait(ackWaitMs: number, maxDeliver = LINK_MAX_DELIVER): RetryPolicy {
  const backoffMs: number[] = [];
  for (let wait = ackWaitMs; backoffMs.length < 6; wait = Math.min(wait * 2, Math.max(300_000, ackWaitMs))) backoffMs.push(wait);
  return checkRetryPolicy({ maxDeliver, backoffMs });
}

/** Checks a policy (the server refuses a backoff list as long as max_deliver or longer). */
export function checkRetryPolicy(policy: RetryPolicy): RetryPolicy {
  const { maxDeliver, backoffMs } = policy;
  if (!Number.isInteger(maxDeliver) || maxDeliver < 1) throw new Error(`maxDeliver must be a positive integer, got ${maxDeliver}`);
  if (backoffMs.length === 0) throw new Error("backoffMs needs at least one wait");
  if (backoffMs.some((ms) => !Number.isInteger(ms) || ms < 1)) throw new Error(`backoffMs must be positive integers, got ${backoffMs.join(",")}`);
  if (maxDeliver > 1 && backoffMs.length >= maxDeliver) return { maxDeliver, backoffMs: backoffMs.slice(0, maxDeliver - 1) };
  return policy;
}

/** Wait before redelivering a message that failed on its `deliveryCount`-th delivery. */
export function retryDelayMs(policy: RetryPolicy, deliveryCount: number): number {
  const i = Math.min(Math.max(deliveryCount, 1), policy.backoffMs.length) - 1;
  return policy.backoffMs[i] ?? policy.backoffMs[0] ?? 1_000;
}

/** The consumer fields of a policy (nanoseconds, as the server takes them). */
export function consumerRetryConfig(policy: RetryPolicy): { max_deliver: number; ack_wait: number; backoff?: number[] } {
  const ackWait = nanos(policy.backoffMs[0] ?? 10_000);
  // The server wants more deliveries than backoff steps; with one delivery there is no backoff.
  return policy.maxDeliver > 1
    ? { max_deliver: policy.maxDeliver, ack_wait: ackWait, backoff: policy.backoffMs.map((ms) => nanos(ms)) }
    : { max_deliver: policy.maxDeliver, ack_wait: ackWait };
}

/** A policy read back from a consumer's configuration (what the server enforces). */
export function retryPolicyOfConsumer(config: { max_deliver?: number; ack_wait?: number; backoff?: number[] }): RetryPolicy | undefined {
  const max = config.max_deliver ?? -1;
  if (max < 1) return undefined;
  const backoff = config.backoff ?? [];
  const waits = backoff.length > 0 ? backoff : [config.ack_wait ?? nanos(30_000)];
  return { maxDeliver: max, backoffMs: waits.map((n) => Math.round(n / 1_000_000)) };
}

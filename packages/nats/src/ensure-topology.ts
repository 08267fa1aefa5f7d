import {
  AckPolicy,
  DiscardPolicy,
  JetStreamApiCodes,
  JetStreamApiError,
  RetentionPolicy,
  StorageType,
  type ConsumerConfig,
  type JetStreamManager,
  type StreamConfig,
} from "@nats-io/jetstream";
import { Kvm } from "@nats-io/kv";
import { nanos, type NatsConnection } from "@nats-io/nats-core";
import { checkRetryPolicy, consumerRetryConfig, HOP_RETRY_POLICY, retryPolicyFromAckWait, type RetryPolicy } from "./retry-policy.js";
import { mayUpdateStream } from "./service-permissions.js";
import { Buckets, Streams, Subjects } from "./topology.js";

/** JetStream's duplicate window: a republished hop message within it is dropped. */
export const DUPLICATE_WINDOW_MS = 2 * 60_000;
/** Largest message a hop carries; claims are validated far below it at the edge. */
export const MAX_MSG_BYTES = 4 * 1024 * 1024;
const DAY_MS = 24 * 60 * 60_000;

/** Stream settings of an append-only stream: the server refuses message deletes and purges. */
const APPEND_ONLY = { deny_delete: true, deny_purge: true } as const;

function streamConfigs(storage: StorageType, duplicateWindowMs: number): (Partial<StreamConfig> & { name: string })[] {
  const common = { storage, num_replicas: 1, duplicate_window: nanos(duplicateWindowMs), max_msg_size: MAX_MSG_BYTES };
  return [
    { ...common, name: Streams.CLAIMS, subjects: [Subjects.claimsAll], retention: RetentionPolicy.Workqueue },
    { ...common, name: Streams.DELIVERY, subjects: [Subjects.deliveryAll], retention: RetentionPolicy.Workqueue },
    { ...common, name: Streams.ADJUDICATIONS, subjects: [Subjects.adjudicationsAll], retention: RetentionPolicy.Workqueue },
    { ...common, name: Streams.REVERSALS, subjects: [Subjects.reversalsAll], retention: RetentionPolicy.Workqueue },
    {
      ...common,
      name: Streams.SETTLEMENTS,
      subjects: [Subjects.settlementsAll],
      retention: RetentionPolicy.Limits,
      discard: DiscardPolicy.Old,
      max_age: nanos(7 * DAY_MS),
    },
    // Evidence: no message of the ledger or the audit chain can be deleted, nor the stream purged.
    { ...common, name: Streams.LEDGER, subjects: [Subjects.ledgerAll], retention: RetentionPolicy.Limits, ...APPEND_ONLY },
    { ...common, name: Streams.AUDIT_CHAIN, subjects: [Subjects.auditChain], retention: RetentionPolicy.Limits, ...APPEND_ONLY },
    {
      ...common,
      name: Streams.DEADLETTER,
      subjects: [Subjects.deadletterAll],
      retention: RetentionPolicy.Limits,
      discard: DiscardPolicy.Old,
      max_age: nanos(30 * DAY_MS),
    },
  ];
}

/** Options for {@link ensureTopology}. */
export interface TopologyOptions {
  /** File storage (default) survives restarts; memory is for throwaway benchmarks only. */
  readonly storage?: "file" | "memory";
  /** Replicas for a JetStream cluster; 1 on a single server. */
  readonly replicas?: number;
  /**
   * JetStream's duplicate window of the streams created here. Default {@link DUPLICATE_WINDOW_MS};
   * tests shorten it to replay dead letters (same Nats-Msg-Id) without waiting two minutes.
   */
  readonly duplicateWindowMs?: number;
  /**
   * The NATS user running this (the service's `NATS_USER`): an existing stream's configuration is
   * brought up to date (append-only evidence) only by a user allowed to update it
   * (service-permissions.ts); the others leave it to that one.
   */
  readonly user?: string;
}

/**
 * Checks a replica count for the hub's streams and buckets (NATS_REPLICAS): 1 on a single
 * server, 3 (or 5) in a JetStream cluster; JetStream allows at most 5.
 */
export function checkReplicas(replicas: number): number {
  if (!Number.isInteger(replicas) || replicas < 1 || replicas > 5) throw new Error(`NATS replicas must be an integer in 1..5, got ${replicas}`);
  return replicas;
}

/**
 * Creates (or brings up to date) every stream and KV bucket the hub uses. Safe to call from
 * every service at start-up, concurrently.
 */
export async function ensureTopology(nc: NatsConnection, jsm: JetStreamManager, options: TopologyOptions = {}): Promise<void> {
  const storage = options.storage === "memory" ? StorageType.Memory : StorageType.File;
  const replicas = checkReplicas(options.replicas ?? 1);
  for (const config of streamConfigs(storage, options.duplicateWindowMs ?? DUPLICATE_WINDOW_MS)) {
    await retried(() => ensureStream(jsm, { ...config, num_replicas: replicas }, mayUpdateStream(options.user, config.name)));
  }
  const kvm = new Kvm(nc);
  await retried(() => kvm.create(Buckets.CLAIMS, { history: 1, storage, replicas }));
  await retried(() => kvm.create(Buckets.ROUTING, { history: 5, storage, replicas }));
  await retried(() => kvm.create(Buckets.POLICIES, { history: 10, storage, replicas }));
  await retried(() => kvm.create(Buckets.FILINGS, { history: 1, storage, replicas }));
  await retried(() => kvm.create(Buckets.INSTITUTIONS, { history: 1, storage, replicas }));
  await retried(() => kvm.create(Buckets.RECONCILIATIONS, { history: 5, storage, replicas }));
  // A pre-settlement matters until its encounter settles: an inpatient stay's can be weeks old.
  await retried(() => kvm.create(Buckets.PRESETTLEMENTS, { history: 1, storage, replicas, ttl: PRESETTLEMENT_TTL_MS }));
  await retried(() => kvm.create(Buckets.PLATFORM_KEYS, { history: 5, storage, replicas }));
}

/** How long a pre-settlement answer is kept (rule S1 compares settlements within this time). */
const PRESETTLEMENT_TTL_MS = 90 * 24 * 3600_000;

/**
 * Runs an idempotent topology step again after a failure (up to 5 attempts). In a JetStream
 * cluster, services starting together create the same replicated streams at once, and an API
 * request can time out while the meta leader places them; the next attempt finds them.
 */
async function retried<T>(step: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await step();
    } catch (err) {
      if (attempt >= 5) throw err;
      await new Promise((r) => setTimeout(r, 250 * attempt));
    }
  }
}

async function ensureStream(jsm: JetStreamManager, config: Partial<StreamConfig> & { name: string }, mayUpdate: boolean): Promise<void> {
  const name = config.name;
  try {
    const info = await jsm.streams.info(name);
    // A stream made before it was append-only becomes so (the server allows turning these on).
    if (mayUpdate && ((config.deny_delete === true && !info.config.deny_delete) || (config.deny_purge === true && !info.config.deny_purge))) {
      await jsm.streams.update(name, { ...info.config, deny_delete: info.config.deny_delete || config.deny_delete === true, deny_purge: info.config.deny_purge || config.deny_purge === true });
    }
  } catch (err) {
    if (err instanceof JetStreamApiError && err.code === JetStreamApiCodes.StreamNotFound) {
      try {
        await jsm.streams.add(config);
        return;
      } catch (addErr) {
        // Another service created it between our info and add: fine, it is the same layout.
        await jsm.streams.info(name).catch(() => {
          throw addErr;
        });
        return;
      }
    }
    throw err;
  }
}

/** Options for a durable pull consumer. */
export interface DurableConsumerOptions {
  readonly stream: string;
  readonly durable: string;
  readonly filterSubject?: string;
  /** Unacknowledged messages the consumer hands out at most. */
  readonly maxAckPending?: number;
  /**
   * Redelivery after this long without ack. Default 10 s: hub steps take milliseconds, and a
   * crashed process's messages should come back soon; slow work extends it with working().
   * Given alone, the consumer retries with {@link retryPolicyFromAckWait}; not with `retry`.
   */
  readonly ackWaitMs?: number;
  /** Deliveries at most and backoff; default {@link HOP_RETRY_POLICY} (ack wait 10 s). */
  readonly retry?: RetryPolicy;
}

/** The retry policy a durable gets from {@link DurableConsumerOptions}. */
export function durableRetryPolicy(options: Pick<DurableConsumerOptions, "ackWaitMs" | "retry">): RetryPolicy {
  if (options.retry !== undefined && options.ackWaitMs !== undefined) throw new Error("give a consumer either ackWaitMs or a retry policy, not both");
  if (options.retry !== undefined) return checkRetryPolicy(options.retry);
  return options.ackWaitMs === undefined ? HOP_RETRY_POLICY : retryPolicyFromAckWait(options.ackWaitMs);
}

/**
 * Creates a durable pull consumer with explicit acks and bounded retries, or brings an existing
 * one's ack wait, ack-pending limit, delivery limit and backoff up to date (the fields
 * nats-server 2.9 lets a consumer change).
 */
export async function ensureDurableConsumer(jsm: JetStreamManager, options: DurableConsumerOptions): Promise<void> {
  const retry = consumerRetryConfig(durableRetryPolicy(options));
  const config: Partial<ConsumerConfig> = {
    durable_name: options.durable,
    ack_policy: AckPolicy.Explicit,
    max_ack_pending: options.maxAckPending ?? 1_000,
    ...retry,
    ...(options.filterSubject === undefined ? {} : { filter_subject: options.filterSubject }),
  };
  let existing;
  try {
    existing = await jsm.consumers.info(options.stream, options.durable);
  } catch (err) {
    if (err instanceof JetStreamApiError && err.code === JetStreamApiCodes.ConsumerNotFound) {
      await jsm.consumers.add(options.stream, config);
      await waitForConsumerLeader(jsm, options.stream, options.durable);
      return;
    }
    throw err;
  }
  const current = existing.config;
  const sameBackoff = (current.backoff ?? []).join(",") === (retry.backoff ?? []).join(",");
  if (current.ack_wait !== config.ack_wait || current.max_ack_pending !== config.max_ack_pending || current.max_deliver !== retry.max_deliver || !sameBackoff) {
    await jsm.consumers.update(options.stream, options.durable, {
      ack_wait: config.ack_wait,
      max_ack_pending: config.max_ack_pending,
      max_deliver: retry.max_deliver,
      backoff: retry.backoff ?? [],
    });
  }
  await waitForConsumerLeader(jsm, options.stream, options.durable);
}

/**
 * In a JetStream cluster a new replicated consumer elects its leader a moment after it is
 * created; a pull request sent before that is lost, and the puller then waits for missed
 * heartbeats (about 30 s) before it asks again. So the consumer is handed out only once it has
 * a leader. A single server answers with its own name at once.
 */
async function waitForConsumerLeader(jsm: JetStreamManager, stream: string, durable: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const info = await jsm.consumers.info(stream, durable);
      if (info.cluster === undefined || (info.cluster.leader ?? "") !== "") return;
    } catch (err) {
      if (Date.now() >= deadline) throw err;
    }
    if (Date.now() >= deadline) return;
    await new Promise((r) => setTimeout(r, 100));
  }
}

import type { JetStreamClient, JetStreamManager, JsMsg } from "@nats-io/jetstream";
import { headers as natsHeaders } from "@nats-io/nats-core";
import { Consumers, ensureDurableConsumer, Headers, MsgIds, Outcome, Streams, Subjects, startMessagePump, type MessageOutcome, type MessagePump, type RetryPolicy } from "@tongxing/nats";
import { maintenanceWindowAt, WindowMode, type RoutingTable } from "@tongxing/routing";
import type { Logger } from "@tongxing/telemetry";

/**
 * Release consumers wait out a window with naks of at most this long, so an operator who ends a
 * window early is followed within a minute.
 */
export const RELEASE_RECHECK_MS = 60_000;
/** Each recheck is a delivery: enough for windows of about 69 days, bounded all the same. */
const RELEASE_RETRY: RetryPolicy = { maxDeliver: 100_000, backoffMs: [10_000, 20_000, 40_000, 60_000] };

/** Options for {@link createQueueReleaser}. */
export interface QueueReleaserOptions {
  readonly js: JetStreamClient;
  readonly jsm: JetStreamManager;
  readonly table: RoutingTable;
  readonly log: Logger;
  readonly onError: (err: unknown) => void;
}

/** Holds and releases claims of platforms in a queueing maintenance window. */
export interface QueueReleaser {
  /** Whether a claim for `platform` must be queued now: a queue window is in force, or earlier queued claims are still being released (order). */
  queueFor(platform: string, nowMs: number): { readonly until: string } | undefined;
  /** Makes sure `platform`'s queued claims are released (after a claim was queued for it). */
  watch(platform: string): Promise<void>;
  /** Starts releasers for platforms that have queued claims (at start-up). */
  resume(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * One durable consumer per platform with queued claims (`release-<platform>` on
 * `tongxing.delivery.<platform>.queued`), one message at a time (max ack pending 1), so claims
 * leave in the order they were queued: while the window lasts the head is naked until its end
 * (re-checked each minute), then each claim is published to the platform's own subject with
 * its usual Nats-Msg-Id and acked.
 */
export function createQueueReleaser(options: QueueReleaserOptions): QueueReleaser {
  const pumps = new Map<string, Promise<MessagePump>>();
  const draining = new Set<string>();

  async function release(platform: string, msg: JsMsg): Promise<MessageOutcome> {
    const window = maintenanceWindowAt(options.table.platform(platform)?.maintenanceWindows, Date.now());
    if (window?.mode === WindowMode.QUEUE) {
      return Outcome.retry(`maintenance window until ${window.end}`, Math.max(1, Math.min(Date.parse(window.end) - Date.now() + 50, RELEASE_RECHECK_MS)));
    }
    const h = natsHeaders();
    for (const [k, values] of msg.headers ?? []) {
      if (k === Headers.NATS_MSG_ID) continue;
      for (const v of values) h.append(k, v);
    }
    const claimId = msg.headers?.get(Headers.CLAIM_ID) ?? "";
    await options.js.publish(Subjects.delivery(platform), msg.data, { headers: h, ...(claimId === "" ? {} : { msgID: MsgIds.delivery(claimId) }) });
    options.log.debug({ claim_id: claimId, platform }, "released after maintenance window");
    if (msg.info.pending === 0) draining.delete(platform);
    return Outcome.done();
  }

  async function startPump(platform: string): Promise<MessagePump> {
    const durable = Consumers.release(platform);
    await ensureDurableConsumer(options.jsm, { stream: Streams.DELIVERY, durable, filterSubject: Subjects.deliveryQueued(platform), maxAckPending: 1, retry: RELEASE_RETRY });
    return startMessagePump({
      js: options.js,
      stream: Streams.DELIVERY,
      durable,
      concurrency: 1,
      handler: (msg) => release(platform, msg),
      onError: (err) => options.onError(err),
    });
  }

  async function watch(platform: string): Promise<void> {
    draining.add(platform);
    if (!pumps.has(platform)) {
      const started = startPump(platform);
      pumps.set(platform, started);
      started.catch((err: unknown) => {
        pumps.delete(platform);
        options.onError(err);
      });
    }
    await pumps.get(platform);
  }

  return {
    watch,
    queueFor(platform, nowMs) {
      const window = maintenanceWindowAt(options.table.platform(platform)?.maintenanceWindows, nowMs);
      if (window?.mode === WindowMode.QUEUE) return { until: window.end };
      return draining.has(platform) ? { until: "the earlier queued claims" } : undefined;
    },
    async resume() {
      const info = await options.jsm.streams.info(Streams.DELIVERY, { subjects_filter: Subjects.deliveryQueued("*") });
      for (const [subject, count] of Object.entries(info.state.subjects ?? {})) {
        const platform = subject.split(".")[2];
        if (platform !== undefined && count > 0) await watch(platform);
      }
    },
    async stop() {
      const all = [...pumps.values()];
      pumps.clear();
      for (const p of all) await p.then((pump) => pump.stop(), () => undefined);
    },
  };
}

import type { JetStreamManager } from "@nats-io/jetstream";
import { Streams, Subjects } from "@tongxing/nats";
import type { PlatformBacklog, RouterMetrics } from "./router-metrics.js";

/** Options for {@link startPlatformBacklogProbe}. */
export interface PlatformBacklogProbeOptions {
  readonly jsm: JetStreamManager;
  readonly metrics: RouterMetrics;
  /** Platforms always reported (0 when nothing waits): the routing table's ids. */
  readonly platforms: () => Iterable<string>;
  /** Time between readings. Default 5 s. */
  readonly intervalMs?: number;
  /** Told of a failed reading; the gauges keep their last values. */
  readonly onError?: (err: unknown) => void;
}

/** A running probe. */
export interface PlatformBacklogProbe {
  /** Reads the backlog once now (readings never overlap). */
  probe(): Promise<void>;
  /** Stops the timer and waits for a reading in flight. */
  stop(): Promise<void>;
}

const DELIVERY_PREFIX = Subjects.delivery("");

/**
 * Reads every platform's backlog and the age of its oldest waiting claim, every few seconds.
 * DELIVERY is a work queue: a message stays in the stream exactly until the platform's link
 * acks it, so the per-subject message count is the link consumer's num_pending plus
 * num_ack_pending — and it also covers platforms whose link never connected (no consumer yet).
 * The oldest waiting claim is the first message left on the platform's subject. Cost per reading:
 * one stream info, plus one message get per platform with a backlog (works on nats-server 2.9).
 */
export function startPlatformBacklogProbe(options: PlatformBacklogProbeOptions): PlatformBacklogProbe {
  const { jsm } = options;
  const reported = new Set<string>();
  let running: Promise<void> | undefined;

  async function read(): Promise<void> {
    const info = await jsm.streams.info(Streams.DELIVERY, { subjects_filter: Subjects.deliveryAll });
    const counts = new Map<string, number>();
    for (const [subject, count] of Object.entries(info.state.subjects ?? {})) {
      if (subject.startsWith(DELIVERY_PREFIX)) counts.set(subject.slice(DELIVERY_PREFIX.length), count);
    }
    for (const p of options.platforms()) reported.add(p);
    for (const p of counts.keys()) reported.add(p);
    const nowMs = Date.now();
    const readings: PlatformBacklog[] = [];
    for (const platform of reported) {
      const waiting = counts.get(platform) ?? 0;
      let oldestWaitingSeconds = 0;
      if (waiting > 0) {
        // "first message on this subject at or after the stream's first sequence"
        const query = { seq: info.state.first_seq, next_by_subj: Subjects.delivery(platform) };
        const oldest = await jsm.streams.getMessage(Streams.DELIVERY, query);
        if (oldest !== null) oldestWaitingSeconds = Math.max(0, (nowMs - oldest.time.getTime()) / 1_000);
      }
      readings.push({ platform, waiting, oldestWaitingSeconds });
    }
    options.metrics.backlogRead(readings);
  }

  function probe(): Promise<void> {
    running ??= read()
      .catch((err: unknown) => options.onError?.(err))
      .finally(() => (running = undefined));
    return running;
  }

  const timer = setInterval(() => void probe(), options.intervalMs ?? 5_000);
  timer.unref();
  void probe();
  return {
    probe,
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}

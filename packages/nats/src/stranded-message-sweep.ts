import type { ConsumerInfo, JetStreamClient, JetStreamManager } from "@nats-io/jetstream";
import { publishDeadLetter } from "./dead-letter.js";
import { DEAD_LETTER_WORK_QUEUES } from "./dead-letter-sweeper.js";
import { DeadLetterReasons } from "./topology.js";

/** Options for {@link startStrandedMessageSweep}. */
export interface StrandedMessageSweepOptions {
  readonly js: JetStreamClient;
  readonly jsm: JetStreamManager;
  /** How often the work queues are read. A stranded message is dead-lettered on its second sighting, so after one to two intervals. */
  readonly intervalMs: number;
  readonly onError: (err: unknown) => void;
  readonly onDeadLettered?: (stream: string, consumer: string, seq: number) => void;
  /** A consumer with stranded messages that cannot be told from its pending ones yet (it is never idle at a sweep). */
  readonly onUndetermined?: (stream: string, consumer: string, stranded: number) => void;
}

/** A running sweep. */
export interface StrandedMessageSweep {
  /** One sweep now: how many messages it dead-lettered. */
  sweep(): Promise<number>;
  /** Stops the timer and waits for a sweep in flight. */
  stop(): Promise<void>;
}

/**
 * Finds work-queue messages a consumer stopped delivering after `max_deliver` that no
 * max-deliveries advisory handled (the advisory sweeper is a core subscription: one sent while
 * no router ran is lost), copies each to `tongxing.deadletter.MAX_DELIVERIES` and removes it from
 * its work queue. Such a message is neither acked (it is still in the stream), nor waiting for a
 * first delivery (the consumer's `num_pending`), nor waiting for a redelivery (`num_ack_pending`):
 * their count is the matching messages less those two, exact but for messages acked between the
 * two reads. Which ones they are is known only while the consumer has nothing pending: then every
 * matching message at or below its delivered sequence is stranded. A message is dead-lettered
 * when two sweeps in a row find it so (an ack in flight at the first is gone by the second).
 * Idempotent with the advisory sweeper and other routers: the dead letter's Nats-Msg-Id is per
 * stream message, and removing a removed message is a no-op.
 */
export function startStrandedMessageSweep(options: StrandedMessageSweepOptions): StrandedMessageSweep {
  const { js, jsm } = options;
  let seen = new Set<string>();
  let running: Promise<number> | undefined;

  async function sweepOnce(): Promise<number> {
    const now = new Set<string>();
    let swept = 0;
    for (const stream of DEAD_LETTER_WORK_QUEUES) {
      const consumers: ConsumerInfo[] = [];
      for await (const ci of jsm.consumers.list(stream)) consumers.push(ci);
      for (const ci of consumers) {
        const maxDeliver = ci.config.max_deliver ?? -1;
        if (maxDeliver <= 0) continue;
        const filter = ci.config.filter_subject ?? "";
        const stranded = await strandedCount(stream, filter, ci.name);
        if (stranded <= 0) continue;
        const info = await jsm.consumers.info(stream, ci.name);
        if (info.num_ack_pending > 0) {
          options.onUndetermined?.(stream, ci.name, stranded);
          continue;
        }
        for (const seq of await strandedSeqs(stream, filter, info.delivered.stream_seq, stranded)) {
          const key = `${stream}/${ci.name}/${seq}`;
          now.add(key);
          if (!seen.has(key)) continue;
          if (await deadLetter(stream, ci.name, seq, maxDeliver)) swept++;
          now.delete(key);
        }
      }
    }
    seen = now;
    return swept;
  }

  /** Matching messages still in the stream, less those awaiting a first delivery or a redelivery. */
  async function strandedCount(stream: string, filter: string, consumer: string): Promise<number> {
    const s = await jsm.streams.info(stream, { subjects_filter: filter === "" ? ">" : filter });
    const inStream = Object.values(s.state.subjects ?? {}).reduce((a, n) => a + n, 0);
    const c = await jsm.consumers.info(stream, consumer);
    return inStream - c.num_pending - c.num_ack_pending;
  }

  /** The first `limit` messages of `filter` at or below `delivered`, oldest first. */
  async function strandedSeqs(stream: string, filter: string, delivered: number, limit: number): Promise<number[]> {
    const first = (await jsm.streams.info(stream)).state.first_seq;
    const seqs: number[] = [];
    for (let seq = first; seq <= delivered && seqs.length < limit; seq++) {
      const m = await jsm.streams.getMessage(stream, { seq }).catch(() => null);
      if (m !== null && subjectMatches(filter, m.subject)) seqs.push(seq);
    }
    return seqs;
  }

  async function deadLetter(stream: string, consumer: string, seq: number, maxDeliver: number): Promise<boolean> {
    const stored = await jsm.streams.getMessage(stream, { seq }).catch(() => null);
    if (stored === null) return false; // acked, terminated or swept meanwhile
    const detail = `consumer ${consumer} stopped delivering it after ${maxDeliver} deliveries without an ack (found by the periodic sweep: its advisory was not handled)`;
    await publishDeadLetter(js, { subject: stored.subject, stream, seq, data: stored.data, headers: stored.header, deliveries: maxDeliver }, DeadLetterReasons.MAX_DELIVERIES, detail);
    await jsm.streams.deleteMessage(stream, seq, false).catch(() => false);
    options.onDeadLettered?.(stream, consumer, seq);
    return true;
  }

  const sweep = (): Promise<number> => {
    running ??= sweepOnce().finally(() => {
      running = undefined;
    });
    return running;
  };
  const timer = setInterval(() => {
    sweep().catch(options.onError);
  }, options.intervalMs);
  timer.unref();
  return {
    sweep,
    async stop() {
      clearInterval(timer);
      await running?.catch(() => undefined);
    },
  };
}

/** Whether a NATS subject matches a filter (`*` one token, `>` the rest); an empty filter matches all. */
export function subjectMatches(filter: string, subject: string): boolean {
  if (filter === "" || filter === ">") return true;
  const f = filter.split(".");
  const s = subject.split(".");
  for (let i = 0; i < f.length; i++) {
    if (f[i] === ">") return s.length > i;
    if (i >= s.length || (f[i] !== "*" && f[i] !== s[i])) return false;
  }
  return f.length === s.length;
}

import { fromBinary } from "@bufbuild/protobuf";
import type { JetStreamClient, JetStreamManager } from "@nats-io/jetstream";
import { headers as natsHeaders, nanos } from "@nats-io/nats-core";
import { Headers, Streams, Subjects } from "@tongxing/nats";
import { ClaimEnvelopeSchema } from "@tongxing/proto";
import { BacklogRefusal, type RoutingTable } from "@tongxing/routing";
import type { Logger } from "@tongxing/telemetry";
import { answerRefused } from "../answer-refused.js";

const DAY_MS = 24 * 60 * 60_000;
/** Claims expired per platform per reading at most (the rest at the next reading). */
const MAX_EXPIRED_PER_READING = 500;
const DELIVERY_PREFIX = Subjects.delivery("");

/** Options for {@link createBacklogPolicy}. */
export interface BacklogPolicyOptions {
  readonly js: JetStreamClient;
  readonly jsm: JetStreamManager;
  readonly table: RoutingTable;
  readonly log: Logger;
  /** How often backlogs are read, expired and the result retention checked. */
  readonly intervalMs: number;
  /** Results are kept at least this long (SETTLEMENTS max age), and longer if a platform's maxAgeMinutes asks. */
  readonly resultRetentionMs: number;
  readonly onError: (err: unknown) => void;
  readonly onExpired?: (platform: string, claimId: string) => void;
}

/** A running backlog policy. */
export interface BacklogPolicy {
  /** Why a claim for `platform` must be refused now (its backlog is at its limit), or undefined. */
  fullFor(platform: string): string | undefined;
  /** Counts a claim routed to `platform` until the next reading. */
  noteRouted(platform: string): void;
  /** One reading now (tests; the timer does the same). */
  check(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Enforces each platform's `backlogLimits` (routing table): claims waiting in DELIVERY for it
 * (on its subject and its maintenance queue) are counted every `intervalMs`, plus those routed
 * since; past `maxClaims` new claims are refused (BACKLOG_FULL). Claims that waited longer than
 * `maxAgeMinutes` are expired oldest first: answered REJECTED (BACKLOG_EXPIRED) through the
 * auditor, copied to the dead letters, then removed from DELIVERY. And SETTLEMENTS keeps results
 * at least as long as the longest maxAgeMinutes plus a day, so a platform away that long still
 * finds its results (raised, never lowered).
 */
export function createBacklogPolicy(options: BacklogPolicyOptions): BacklogPolicy {
  let counts = new Map<string, number>();
  const routedSince = new Map<string, number>();
  let running: Promise<void> | undefined;
  let stopped = false;

  async function read(): Promise<void> {
    const info = await options.jsm.streams.info(Streams.DELIVERY, { subjects_filter: Subjects.deliveryAll });
    const next = new Map<string, number>();
    const subjectsOf = new Map<string, string[]>();
    for (const [subject, count] of Object.entries(info.state.subjects ?? {})) {
      if (!subject.startsWith(DELIVERY_PREFIX)) continue;
      const platform = subject.slice(DELIVERY_PREFIX.length).split(".")[0] ?? "";
      next.set(platform, (next.get(platform) ?? 0) + count);
      subjectsOf.set(platform, [...(subjectsOf.get(platform) ?? []), subject]);
    }
    counts = next;
    routedSince.clear();
    for (const [platform, subjects] of subjectsOf) {
      const maxAgeMinutes = options.table.platform(platform)?.backlogLimits?.maxAgeMinutes;
      if (maxAgeMinutes === undefined) continue;
      for (const subject of subjects) await expireOlder(platform, subject, maxAgeMinutes, info.state.first_seq);
    }
    await keepResults();
  }

  async function expireOlder(platform: string, subject: string, maxAgeMinutes: number, firstSeq: number): Promise<void> {
    const cutoffMs = Date.now() - maxAgeMinutes * 60_000;
    let seq = firstSeq;
    for (let n = 0; n < MAX_EXPIRED_PER_READING && !stopped; n++) {
      // "first message on this subject at or after seq" (works on nats-server 2.9)
      const query = { seq, next_by_subj: subject };
      const stored = await options.jsm.streams.getMessage(Streams.DELIVERY, query).catch(() => null);
      if (stored === null || stored.time.getTime() > cutoffMs) return;
      const envelope = fromBinary(ClaimEnvelopeSchema, stored.data);
      const claimId = envelope.claim?.claimId ?? "";
      const waitedMin = Math.round((Date.now() - stored.time.getTime()) / 60_000);
      const message = `waited ${waitedMin} min for platform ${platform}, past its limit of ${maxAgeMinutes} min; settle at the counter (cash) and submit the claim later`;
      const h = natsHeaders();
      h.set(Headers.CLAIM_ID, claimId);
      h.set(Headers.TRACE_ID, envelope.traceId);
      await answerRefused(options.js, envelope, BacklogRefusal.EXPIRED, message, h);
      await options.jsm.streams.deleteMessage(Streams.DELIVERY, stored.seq, false).catch(() => false);
      options.log.warn({ claim_id: claimId, platform, waited_min: waitedMin }, "claim expired in its platform's backlog; answered REJECTED");
      options.onExpired?.(platform, claimId);
      seq = stored.seq + 1;
    }
  }

  async function keepResults(): Promise<void> {
    const longestOutageMs = Math.max(0, ...options.table.platforms().map((p) => (p.backlogLimits?.maxAgeMinutes ?? 0) * 60_000));
    const wantedMs = Math.max(options.resultRetentionMs, longestOutageMs === 0 ? 0 : longestOutageMs + DAY_MS);
    const config = (await options.jsm.streams.info(Streams.SETTLEMENTS)).config;
    if (config.max_age !== 0 && config.max_age < nanos(wantedMs)) {
      await options.jsm.streams.update(Streams.SETTLEMENTS, { ...config, max_age: nanos(wantedMs) });
      options.log.info({ days: wantedMs / DAY_MS }, "raised result retention (SETTLEMENTS max age) to cover the longest configured outage");
    }
  }

  function check(): Promise<void> {
    running ??= read()
      .catch((err: unknown) => options.onError(err))
      .finally(() => (running = undefined));
    return running;
  }

  const timer = setInterval(() => void check(), options.intervalMs);
  timer.unref();

  return {
    fullFor(platform) {
      const max = options.table.platform(platform)?.backlogLimits?.maxClaims;
      if (max === undefined) return undefined;
      const waiting = (counts.get(platform) ?? 0) + (routedSince.get(platform) ?? 0);
      return waiting >= max ? `platform ${platform} has ${waiting} claims waiting, at its limit of ${max}; settle at the counter (cash) and submit the claim later` : undefined;
    },
    noteRouted(platform) {
      routedSince.set(platform, (routedSince.get(platform) ?? 0) + 1);
    },
    check,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await running;
    },
  };
}

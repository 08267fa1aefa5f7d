import { fromBinary } from "@bufbuild/protobuf";
import { timestampMs } from "@bufbuild/protobuf/wkt";
import type { NatsConnection, Subscription } from "@nats-io/nats-core";
import { Subjects } from "@tongxing/nats";
import { AuditBlockSchema, ClaimStatus, type AuditBlock } from "@tongxing/proto";

/** Final outcomes the overview counts. */
export const Outcome = { SETTLED: "SETTLED", REJECTED: "REJECTED", HELD: "HELD" } as const;
export type Outcome = (typeof Outcome)[keyof typeof Outcome];
const OUTCOMES: readonly Outcome[] = [Outcome.SETTLED, Outcome.REJECTED, Outcome.HELD];

const WINDOW_S = 3600;
/** Latency histogram bucket upper bounds, ms: 1, 1.25, 1.6 … about 26 minutes (log scale, 4 per doubling). */
const BOUNDS_MS = Array.from({ length: 84 }, (_, i) => 2 ** (i / 4));

function outcomeOf(status: ClaimStatus): Outcome | undefined {
  switch (status) {
    case ClaimStatus.SETTLED:
      return Outcome.SETTLED;
    case ClaimStatus.REJECTED:
      return Outcome.REJECTED;
    case ClaimStatus.HELD:
      return Outcome.HELD;
    default:
      return undefined;
  }
}

/** One second of answers: counts per outcome and a latency histogram per outcome. */
interface Second {
  epochS: number;
  counts: Record<Outcome, number>;
  hist: Record<Outcome, Uint32Array>;
}

export interface OverviewFigures {
  /** Seconds the figures cover (up to 3600; less right after start). */
  readonly windowS: number;
  /** Claims answered per second over the last 10 s, by outcome. */
  readonly ratePerS: Record<Outcome, number>;
  /** Answer latency over the window by outcome, ms (null without answers). */
  readonly p50Ms: Record<Outcome, number | null>;
  readonly p99Ms: Record<Outcome, number | null>;
  readonly counts: Record<Outcome, number>;
  /** Per minute, oldest first: answered claims/s and p50/p99 (all outcomes). */
  readonly series: { minute: string; perS: number; p50Ms: number | null; p99Ms: number | null }[];
}

function emptyCounts(): Record<Outcome, number> {
  return { SETTLED: 0, REJECTED: 0, HELD: 0 };
}

function quantile(hist: Uint32Array, total: number, q: number): number | null {
  if (total === 0) return null;
  let seen = 0;
  const rank = Math.max(1, Math.ceil(q * total));
  for (let i = 0; i < hist.length; i++) {
    seen += hist[i] ?? 0;
    if (seen >= rank) return Math.round((BOUNDS_MS[i] ?? 0) * 10) / 10;
  }
  return Math.round((BOUNDS_MS[BOUNDS_MS.length - 1] ?? 0) * 10) / 10;
}

/**
 * The overview's live figures, aggregated here so no browser sees per-claim traffic: the audit
 * chain's blocks (a core subscription to their subject, one message per group commit) carry each
 * new claim's events from RECEIVED to its outcome together, so outcome and answer latency
 * (outcome event − RECEIVED) come from one block. Kept per second for an hour, in a ring.
 */
export class LiveStats {
  readonly #ring: Second[] = [];
  readonly #startedS = Math.floor(Date.now() / 1000);

  /** Counts a block's new claims. */
  addBlock(block: AuditBlock): void {
    const received = new Map<string, number>();
    for (const e of block.events) if (e.status === ClaimStatus.RECEIVED && e.at !== undefined) received.set(e.claimId, timestampMs(e.at));
    for (const e of block.events) {
      const outcome = outcomeOf(e.status);
      const start = received.get(e.claimId);
      if (outcome === undefined || start === undefined || e.at === undefined || e.actor === "regulator") continue;
      const at = timestampMs(e.at);
      this.record(outcome, Math.max(0, at - start), at);
    }
  }

  record(outcome: Outcome, latencyMs: number, atMs = Date.now()): void {
    const s = this.#second(Math.floor(atMs / 1000));
    if (s === undefined) return;
    s.counts[outcome] += 1;
    let i = BOUNDS_MS.findIndex((b) => latencyMs <= b);
    if (i < 0) i = BOUNDS_MS.length - 1;
    const h = s.hist[outcome];
    h[i] = (h[i] ?? 0) + 1;
  }

  #second(epochS: number): Second | undefined {
    const now = Math.floor(Date.now() / 1000);
    if (epochS <= now - WINDOW_S || epochS > now + 5) return undefined;
    const slot = epochS % WINDOW_S;
    let s = this.#ring[slot];
    if (s === undefined || s.epochS !== epochS) {
      s = { epochS, counts: emptyCounts(), hist: { SETTLED: new Uint32Array(BOUNDS_MS.length), REJECTED: new Uint32Array(BOUNDS_MS.length), HELD: new Uint32Array(BOUNDS_MS.length) } };
      this.#ring[slot] = s;
    }
    return s;
  }

  figures(nowMs = Date.now()): OverviewFigures {
    const nowS = Math.floor(nowMs / 1000);
    const live = this.#ring.filter((s): s is Second => s !== undefined && s.epochS > nowS - WINDOW_S && s.epochS <= nowS);
    const counts = emptyCounts();
    const recent = emptyCounts();
    const hist = { SETTLED: new Uint32Array(BOUNDS_MS.length), REJECTED: new Uint32Array(BOUNDS_MS.length), HELD: new Uint32Array(BOUNDS_MS.length) };
    const minutes = new Map<number, { n: number; hist: Uint32Array }>();
    for (const s of live) {
      const m = minutes.get(Math.floor(s.epochS / 60)) ?? { n: 0, hist: new Uint32Array(BOUNDS_MS.length) };
      for (const o of OUTCOMES) {
        counts[o] += s.counts[o];
        if (s.epochS > nowS - 10) recent[o] += s.counts[o];
        m.n += s.counts[o];
        s.hist[o].forEach((v, i) => {
          hist[o][i] = (hist[o][i] ?? 0) + v;
          m.hist[i] = (m.hist[i] ?? 0) + v;
        });
      }
      minutes.set(Math.floor(s.epochS / 60), m);
    }
    const windowS = Math.min(WINDOW_S, nowS - this.#startedS + 1);
    const series = [];
    for (let m = Math.floor((nowS - Math.min(windowS, WINDOW_S) + 1) / 60); m <= Math.floor(nowS / 60); m++) {
      const b = minutes.get(m);
      series.push({ minute: new Date(m * 60_000).toISOString(), perS: b === undefined ? 0 : Math.round((b.n / 60) * 100) / 100, p50Ms: b === undefined ? null : quantile(b.hist, b.n, 0.5), p99Ms: b === undefined ? null : quantile(b.hist, b.n, 0.99) });
    }
    const per = (o: Outcome) => Math.round((recent[o] / Math.min(10, windowS)) * 100) / 100;
    return {
      windowS,
      ratePerS: { SETTLED: per("SETTLED"), REJECTED: per("REJECTED"), HELD: per("HELD") },
      p50Ms: { SETTLED: quantile(hist.SETTLED, counts.SETTLED, 0.5), REJECTED: quantile(hist.REJECTED, counts.REJECTED, 0.5), HELD: quantile(hist.HELD, counts.HELD, 0.5) },
      p99Ms: { SETTLED: quantile(hist.SETTLED, counts.SETTLED, 0.99), REJECTED: quantile(hist.REJECTED, counts.REJECTED, 0.99), HELD: quantile(hist.HELD, counts.HELD, 0.99) },
      counts,
      series,
    };
  }
}

/** Feeds a LiveStats from the audit chain's subject until stopped. */
export function followAuditChain(nc: NatsConnection, stats: LiveStats, onError: (err: unknown) => void): Subscription {
  return nc.subscribe(Subjects.auditChain, {
    callback: (err, msg) => {
      if (err !== null) return onError(err);
      try {
        stats.addBlock(fromBinary(AuditBlockSchema, msg.data));
      } catch (e) {
        onError(e);
      }
    },
  });
}

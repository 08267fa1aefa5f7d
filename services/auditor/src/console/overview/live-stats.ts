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

/** One minute of answers: counts and a latency histogram per outcome. */
interface Minute {
  epochM: number;
  counts: Record<Outcome, number>;
  hist: Record<Outcome, Uint32Array>;
}

/** One second's answer counts (for the rate over the last 10 s). */
interface Second {
  epochS: number;
  counts: Record<Outcome, number>;
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

function emptyHists(): Record<Outcome, Uint32Array> {
  return { SETTLED: new Uint32Array(BOUNDS_MS.length), REJECTED: new Uint32Array(BOUNDS_MS.length), HELD: new Uint32Array(BOUNDS_MS.length) };
}

/** The histogram bucket of a latency: the first bound at or above it (4 buckets per doubling). */
export function bucketOf(latencyMs: number): number {
  if (!(latencyMs > 1)) return 0;
  let i = Math.min(BOUNDS_MS.length - 1, Math.ceil(4 * Math.log2(latencyMs)));
  while (i < BOUNDS_MS.length - 1 && (BOUNDS_MS[i] ?? Infinity) < latencyMs) i++;
  while (i > 0 && (BOUNDS_MS[i - 1] ?? 0) >= latencyMs) i--;
  return i;
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

/** Minutes the window spans: the current one and the 59 before it. */
const WINDOW_MINUTES = WINDOW_S / 60;
const RATE_S = 10;

/**
 * The overview's live figures, aggregated here so no browser sees per-claim traffic: the audit
 * chain's blocks (a core subscription to their subject, one message per group commit) carry each
 * new claim's events from RECEIVED to its outcome together, so outcome and answer latency
 * (outcome event − RECEIVED) come from one block. Kept per minute for an hour (counts and latency
 * histograms) and per second for the last 10 s (the rate), so a request merges at most 60 minutes'
 * histograms however busy the hour was.
 */
export class LiveStats {
  readonly #minutes: (Minute | undefined)[] = new Array<Minute | undefined>(WINDOW_MINUTES + 2);
  readonly #seconds: (Second | undefined)[] = new Array<Second | undefined>(RATE_S + 6);
  readonly #startedS: number;

  /** `startedMs`: when the figures began (default now); the window never reaches before it. */
  constructor(startedMs = Date.now()) {
    this.#startedS = Math.floor(startedMs / 1000);
  }

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
    const epochS = Math.floor(atMs / 1000);
    const nowS = Math.floor(Date.now() / 1000);
    if (epochS <= nowS - WINDOW_S || epochS > nowS + 5) return;
    const m = this.#minute(Math.floor(epochS / 60));
    m.counts[outcome] += 1;
    const h = m.hist[outcome];
    const i = bucketOf(latencyMs);
    h[i] = (h[i] ?? 0) + 1;
    if (epochS > nowS - RATE_S - 5) this.#second(epochS).counts[outcome] += 1;
  }

  #minute(epochM: number): Minute {
    const slot = epochM % this.#minutes.length;
    let m = this.#minutes[slot];
    if (m === undefined || m.epochM !== epochM) {
      m = { epochM, counts: emptyCounts(), hist: emptyHists() };
      this.#minutes[slot] = m;
    }
    return m;
  }

  #second(epochS: number): Second {
    const slot = epochS % this.#seconds.length;
    let s = this.#seconds[slot];
    if (s === undefined || s.epochS !== epochS) {
      s = { epochS, counts: emptyCounts() };
      this.#seconds[slot] = s;
    }
    return s;
  }

  figures(nowMs = Date.now()): OverviewFigures {
    const nowS = Math.floor(nowMs / 1000);
    const nowM = Math.floor(nowS / 60);
    const windowS = Math.min(WINDOW_S, nowS - this.#startedS + 1);
    const firstM = Math.max(Math.floor(this.#startedS / 60), nowM - WINDOW_MINUTES + 1);
    const counts = emptyCounts();
    const hist = emptyHists();
    const series = [];
    for (let epochM = firstM; epochM <= nowM; epochM++) {
      const m = this.#minutes[epochM % this.#minutes.length];
      if (m === undefined || m.epochM !== epochM) {
        series.push({ minute: new Date(epochM * 60_000).toISOString(), perS: 0, p50Ms: null, p99Ms: null });
        continue;
      }
      const all = new Uint32Array(BOUNDS_MS.length);
      let n = 0;
      for (const o of OUTCOMES) {
        counts[o] += m.counts[o];
        n += m.counts[o];
        const src = m.hist[o];
        const dst = hist[o];
        for (let i = 0; i < src.length; i++) {
          const v = src[i] ?? 0;
          if (v === 0) continue;
          dst[i] = (dst[i] ?? 0) + v;
          all[i] = (all[i] ?? 0) + v;
        }
      }
      series.push({ minute: new Date(epochM * 60_000).toISOString(), perS: Math.round((n / 60) * 100) / 100, p50Ms: quantile(all, n, 0.5), p99Ms: quantile(all, n, 0.99) });
    }
    const recent = emptyCounts();
    for (const s of this.#seconds) {
      if (s === undefined || s.epochS <= nowS - RATE_S || s.epochS > nowS) continue;
      for (const o of OUTCOMES) recent[o] += s.counts[o];
    }
    const per = (o: Outcome) => Math.round((recent[o] / Math.min(RATE_S, windowS)) * 100) / 100;
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

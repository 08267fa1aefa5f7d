import { Kvm, type KV } from "@nats-io/kv";
import type { NatsConnection } from "@nats-io/nats-core";
import { Buckets, isSubjectToken } from "@tongxing/nats";

/** Which side of its claims a platform reconciled: those it treated, or those it insures. */
export type ReconciliationSide = "treatment" | "insured";

/** One reconciliation call's outcome (3201 totals or 3202 details), as the hub answered it. */
export interface ReconciliationOutcome {
  readonly platform: string;
  readonly side: ReconciliationSide;
  /** The reconciled day, "yyyy-MM-dd" in Beijing time. */
  readonly date: string;
  readonly call: "totals" | "details";
  readonly matched: boolean;
  /** Net count of the hub's claims that day for that side (reversals count −1). */
  readonly hubCount: number;
  /** Claims that differ (details), or the hub's claims sent back (unmatched totals); 0 when matched. */
  readonly differences: number;
  /** When the hub answered, ISO 8601. */
  readonly at: string;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const DAY = /^(\d{4})-(\d{2})-\d{2}$/;

/** The bucket where each reconciliation call's outcome is kept (created by ensureTopology). */
export function openReconciliationLog(nc: NatsConnection): Promise<KV> {
  return new Kvm(nc).open(Buckets.RECONCILIATIONS);
}

function periodOfDay(date: string): string {
  const m = DAY.exec(date);
  if (m === null) throw new RangeError(`date must be yyyy-MM-dd, got "${date}"`);
  return `${m[1]}${m[2]}`;
}

/**
 * Records a call's outcome under <yyyyMM>.<platform>.<side>.<day>: the latest call per platform,
 * side and day is that day's status (a platform that fixes its books and calls again replaces a
 * mismatch with a match).
 */
export async function recordReconciliation(kv: KV, outcome: ReconciliationOutcome): Promise<void> {
  if (!isSubjectToken(outcome.platform)) throw new RangeError(`platform id "${outcome.platform}" cannot be a key token`);
  await kv.put(`${periodOfDay(outcome.date)}.${outcome.platform}.${outcome.side}.${outcome.date}`, encoder.encode(JSON.stringify(outcome)));
}

/** The latest outcome of every platform, side and day of a clearing period "yyyyMM". */
export async function readReconciliations(kv: KV, period: string): Promise<ReconciliationOutcome[]> {
  if (!/^\d{6}$/.test(period)) throw new RangeError(`period must be yyyyMM, got "${period}"`);
  const keys: string[] = [];
  for await (const k of await kv.keys(`${period}.>`)) keys.push(k);
  const out: ReconciliationOutcome[] = [];
  for (const k of keys.sort()) {
    const e = await kv.get(k);
    if (e !== null && e.operation === "PUT") out.push(JSON.parse(decoder.decode(e.value)) as ReconciliationOutcome);
  }
  return out;
}

/** A platform's reconciliation over a period, one side. */
export interface ReconciliationSummary {
  readonly platform: string;
  readonly side: ReconciliationSide;
  /** mismatched when any day's latest call did not match; matched when every reconciled day did; not-yet when no call. */
  readonly status: "matched" | "mismatched" | "not-yet";
  readonly daysMatched: number;
  /** Days whose latest call did not match, sorted. */
  readonly daysMismatched: readonly string[];
  /** The latest call's time, or null. */
  readonly lastAt: string | null;
}

/** Summarises the outcomes per platform and side; every listed platform gets both sides, called or not. */
export function summariseReconciliations(platforms: readonly string[], outcomes: readonly ReconciliationOutcome[]): ReconciliationSummary[] {
  const out: ReconciliationSummary[] = [];
  for (const platform of platforms) {
    for (const side of ["treatment", "insured"] as const) {
      const mine = outcomes.filter((o) => o.platform === platform && o.side === side);
      const daysMismatched = mine.filter((o) => !o.matched).map((o) => o.date).sort();
      const lastAt = mine.reduce<string | null>((latest, o) => (latest === null || o.at > latest ? o.at : latest), null);
      const status = mine.length === 0 ? "not-yet" : daysMismatched.length > 0 ? "mismatched" : "matched";
      out.push({ platform, side, status, daysMatched: mine.length - daysMismatched.length, daysMismatched, lastAt });
    }
  }
  return out;
}

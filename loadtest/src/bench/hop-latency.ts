// Per-hop latency for the benchmark report, from the services' own Prometheus histograms: the
// cumulative buckets of each hop, scraped before and after a phase, give that phase's count and
// bucket-resolution quantiles (the upper bound of the bucket the quantile falls in).

/** The hops the services time, in the order a claim meets them. */
export const HOPS = [
  { hop: "intake (decode, store, publish CLAIMS)", service: "translator", metric: "tongxing_intake_duration_seconds" },
  { hop: "route (CLAIMS → DELIVERY)", service: "router", metric: "tongxing_route_duration_seconds" },
  { hop: "insured platform (delivered → reply)", service: "translator", metric: "tongxing_link_reply_duration_seconds" },
  { hop: "audit and settle (adjudication → result)", service: "auditor", metric: "tongxing_audit_decision_duration_seconds" },
  { hop: "SettleClaim end to end (at the gateway)", service: "translator", metric: "tongxing_settle_claim_duration_seconds" },
] as const;

export type HopService = (typeof HOPS)[number]["service"];

/** Cumulative bucket counts of one histogram, summed over its label sets: upper bound (s) → count. */
export type Buckets = Map<number, number>;

/** The `<metric>_bucket` lines of a Prometheus text exposition, summed over labels. */
export function histogramBuckets(text: string, metric: string): Buckets {
  const out: Buckets = new Map();
  const prefix = `${metric}_bucket{`;
  for (const line of text.split("\n")) {
    if (!line.startsWith(prefix)) continue;
    const le = /le="([^"]+)"/.exec(line)?.[1];
    const count = Number(line.slice(line.lastIndexOf(" ") + 1));
    if (le === undefined || !Number.isFinite(count)) continue;
    const bound = le === "+Inf" ? Number.POSITIVE_INFINITY : Number(le);
    out.set(bound, (out.get(bound) ?? 0) + count);
  }
  return out;
}

/** after − before, bucket by bucket. */
export function bucketDelta(before: Buckets, after: Buckets): Buckets {
  return new Map([...after].map(([le, n]) => [le, n - (before.get(le) ?? 0)]));
}

/** Count, and the bucket upper bound (ms) under which fraction q of the observations fell. */
export function bucketQuantileMs(buckets: Buckets, q: number): { count: number; ms: number } {
  const sorted = [...buckets].sort((a, b) => a[0] - b[0]);
  const count = sorted.at(-1)?.[1] ?? 0;
  for (const [le, n] of sorted) if (count > 0 && n >= q * count) return { count, ms: le * 1000 };
  return { count, ms: Number.NaN };
}

/** Every hop's buckets, scraped from the service that times it. */
export async function scrapeHops(metricsUrls: Readonly<Record<HopService, string>>): Promise<Buckets[]> {
  const texts = new Map<string, string>();
  for (const service of new Set(HOPS.map((h) => h.service))) {
    const res = await fetch(`${metricsUrls[service]}/metrics`, { signal: AbortSignal.timeout(5_000) });
    texts.set(service, await res.text());
  }
  return HOPS.map((h) => histogramBuckets(texts.get(h.service) ?? "", h.metric));
}

/** Table rows (markdown) and JSON of the hops between two scrapes. */
export function hopReport(before: Buckets[], after: Buckets[]): { rows: string[]; json: { hop: string; count: number; p50MsAtMost: number; p99MsAtMost: number }[] } {
  const json = HOPS.map((h, i) => {
    const d = bucketDelta(before[i] ?? new Map(), after[i] ?? new Map());
    return { hop: h.hop, count: bucketQuantileMs(d, 0.5).count, p50MsAtMost: bucketQuantileMs(d, 0.5).ms, p99MsAtMost: bucketQuantileMs(d, 0.99).ms };
  });
  const bound = (ms: number) => (Number.isNaN(ms) ? "—" : ms === Number.POSITIVE_INFINITY ? "> 30000" : `≤ ${ms}`);
  const rows = json.map((j) => `| ${j.hop} | ${j.count} | ${bound(j.p50MsAtMost)} | ${bound(j.p99MsAtMost)} |`);
  return { rows, json };
}

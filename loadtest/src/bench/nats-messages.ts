// Messages through nats-server per answered claim, from its monitoring endpoint (`/varz`):
// `in_msgs` counts every message clients sent it (publishes, KV writes, acks, pull requests, API
// requests), `out_msgs` every message it sent them (deliveries, PubAcks, KV and API replies).

/** nats-server's message counters at one moment. */
export interface NatsMessageCounts {
  readonly inMsgs: number;
  readonly outMsgs: number;
}

/** Messages per claim over a phase, one decimal. */
export interface MessagesPerClaim {
  readonly inPerClaim: number;
  readonly outPerClaim: number;
}

/** Reads `in_msgs` and `out_msgs` from `<monitorUrl>/varz`. */
export async function readNatsMessages(monitorUrl: string): Promise<NatsMessageCounts> {
  const res = await fetch(`${monitorUrl}/varz`, { signal: AbortSignal.timeout(5_000) });
  if (!res.ok) throw new Error(`${monitorUrl}/varz answered ${res.status}`);
  const varz = (await res.json()) as { in_msgs?: unknown; out_msgs?: unknown };
  if (typeof varz.in_msgs !== "number" || typeof varz.out_msgs !== "number") throw new Error(`${monitorUrl}/varz has no in_msgs / out_msgs`);
  return { inMsgs: varz.in_msgs, outMsgs: varz.out_msgs };
}

/** The counters' growth between two readings, per claim answered in between. */
export function messagesPerClaim(before: NatsMessageCounts, after: NatsMessageCounts, claims: number): MessagesPerClaim {
  const per = (n: number) => (claims > 0 ? Math.round((n / claims) * 10) / 10 : Number.NaN);
  return { inPerClaim: per(after.inMsgs - before.inMsgs), outPerClaim: per(after.outMsgs - before.outMsgs) };
}

// The benchmarks' client side: SettleClaim calls of prepared national-mix claims, spread over
// gRPC channels to one or more translator addresses, counted as done only when they end as the
// claim expects (SETTLED, or HELD for a planted anomaly); reversals follow their settlement.
import { create, toBinary } from "@bufbuild/protobuf";
import type { ChannelCredentials, Client } from "@grpc/grpc-js";
import type { Histogram } from "hdr-histogram-js";
import { CancelSettlementRequestSchema, ClaimGateway, ClaimStatus, SettleClaimRequestSchema, SettleClaimResponseSchema } from "@tongxing/proto";
import { callUnary, createGrpcClient } from "@tongxing/proto/grpc";
import { platformCredentials } from "@tongxing/testkit";
import type { PreparedClaim } from "../load/national-mix.js";

/** Options for {@link createSettleLoad}. */
export interface SettleLoadOptions {
  /** Translator addresses (host:port); request i goes to channel i mod (addresses × channels). */
  readonly addresses: readonly string[];
  /** gRPC channels per address. */
  readonly channelsPerAddress: number;
  /** Deadline of each call. Default 60 s. */
  readonly timeoutMs?: number;
  /**
   * Each treatment platform's credentials at an address. Default: its client certificate when the
   * address is a test hub speaking mTLS, else plaintext (a hub behind the development switch).
   * A channel carries one certificate, so under mTLS each channel is one per platform.
   */
  readonly credentialsFor?: (platform: string, address: string) => ChannelCredentials;
}

/** One settled claim: its id and the translator that answered it. */
export interface SettledCall {
  readonly claimId: string;
  readonly address: string;
}

/** gRPC clients to the translators and senders over them. */
export interface SettleLoad {
  /** Sender for runOpenLoop / runClosedLoop: request i settles claims[i mod length]. */
  sender(claims: readonly PreparedClaim[]): (i: number) => Promise<void>;
  /** Settles one claim through channel `i`; rejects unless the answer is SETTLED. */
  settle(claim: PreparedClaim, i: number): Promise<SettledCall>;
  /** SETTLED answers per translator address so far. */
  readonly answeredBy: ReadonlyMap<string, number>;
  /** Final statuses answered so far, by status name (SETTLED, HELD, …). */
  readonly outcomes: ReadonlyMap<string, number>;
  /** Reversals sent after their settlement (not awaited by the sender), and how they ended. */
  readonly cancels: { sent: number; cancelled: number; failed: number; firstError?: string };
  /** Encoded size of the first SETTLED answer (the pipeline skeleton's response size). */
  readonly firstSettledBytes: () => number | undefined;
  /** Resolves when every reversal sent so far has been answered. */
  cancelsSettled(): Promise<void>;
  close(): void;
}

export function createSettleLoad(options: SettleLoadOptions): SettleLoad {
  const credentialsFor = options.credentialsFor ?? ((platform: string, address: string) => platformCredentials(address, platform));
  const channels = options.addresses.flatMap((address) => Array.from({ length: options.channelsPerAddress }, (_, index) => ({ address, index })));
  const clients = new Map<string, Client>();
  /** Channel `channel` as `platform`: shared by all platforms over plaintext, one per platform under mTLS. */
  const clientOf = (channel: { address: string; index: number }, platform: string): Client => {
    const credentials = credentialsFor(platform, channel.address);
    const key = `${channel.address}#${channel.index}${credentials._isSecure() ? `#${platform}` : ""}`;
    let c = clients.get(key);
    if (c === undefined) {
      c = createGrpcClient(ClaimGateway, channel.address, { credentials });
      clients.set(key, c);
    }
    return c;
  };
  if (channels.length === 0) throw new Error("settle load needs at least one address and channel");
  const answeredBy = new Map<string, number>(options.addresses.map((a) => [a, 0]));
  const outcomes = new Map<string, number>();
  const cancels: SettleLoad["cancels"] = { sent: 0, cancelled: 0, failed: 0 };
  const pendingCancels = new Set<Promise<void>>();
  const timeoutMs = options.timeoutMs ?? 60_000;
  let firstSettledBytes: number | undefined;
  const channelOf = (i: number) => channels[i % channels.length] as (typeof channels)[number];

  function reverse(claim: PreparedClaim, setlId: string, i: number): void {
    const cancel = claim.cancel;
    if (cancel === undefined) return;
    cancels.sent += 1;
    const done: Promise<void> = callUnary(clientOf(channelOf(i), claim.platform), ClaimGateway.method.cancelSettlement, create(CancelSettlementRequestSchema, { dialect: "nhsa-json", payload: cancel.message(setlId) }), {
      metadata: { "x-tongxing-platform": claim.platform },
      timeoutMs,
    })
      .then((res) => {
        if (res.status === ClaimStatus.CANCELLED) cancels.cancelled += 1;
        else throw new Error(`reversal of ${res.claimId} ended ${ClaimStatus[res.status]}`);
      })
      .catch((err: unknown) => {
        cancels.failed += 1;
        cancels.firstError ??= err instanceof Error ? err.message : String(err);
      })
      .finally(() => pendingCancels.delete(done));
    pendingCancels.add(done);
  }

  async function settle(claim: PreparedClaim, i: number): Promise<SettledCall> {
    const channel = channelOf(i);
    const res = await callUnary(clientOf(channel, claim.platform), ClaimGateway.method.settleClaim, create(SettleClaimRequestSchema, { dialect: claim.dialect, payload: claim.payload }), {
      metadata: { "x-tongxing-platform": claim.platform },
      timeoutMs,
    });
    const status = ClaimStatus[res.status] ?? String(res.status);
    outcomes.set(status, (outcomes.get(status) ?? 0) + 1);
    // A reversed claim sent again (a run that wraps round its claims) answers CANCELLED.
    const replayedReversal = claim.cancel !== undefined && res.status === ClaimStatus.CANCELLED;
    if (res.status !== claim.expect && !replayedReversal) throw new Error(`claim ${res.claimId} (${claim.dialect}) ended ${status}, expected ${ClaimStatus[claim.expect]}`);
    if (res.status === ClaimStatus.SETTLED && firstSettledBytes === undefined) firstSettledBytes = toBinary(SettleClaimResponseSchema, res).byteLength;
    if (res.status === ClaimStatus.SETTLED) answeredBy.set(channel.address, (answeredBy.get(channel.address) ?? 0) + 1);
    if (res.status === ClaimStatus.SETTLED) reverse(claim, res.settlement?.adjudication?.setlId ?? "", i);
    return { claimId: res.claimId, address: channel.address };
  }
  return {
    sender: (claims) => async (i) => {
      await settle(claims[i % claims.length] as PreparedClaim, i);
    },
    settle,
    answeredBy,
    outcomes,
    cancels,
    firstSettledBytes: () => firstSettledBytes,
    async cancelsSettled() {
      while (pendingCancels.size > 0) await Promise.all([...pendingCancels]);
    },
    close() {
      for (const c of clients.values()) c.close();
    },
  };
}

/** Microseconds as milliseconds with two decimals (the reports' latency form). */
export function ms(us: number): string {
  return (us / 1000).toFixed(2);
}

/** p50 / p90 / p99 / p99.9 / max of a latency histogram in microseconds, as ms strings. */
export function latencySummaryMs(h: Histogram): { p50: string; p90: string; p99: string; p999: string; max: string } {
  return { p50: ms(h.getValueAtPercentile(50)), p90: ms(h.getValueAtPercentile(90)), p99: ms(h.getValueAtPercentile(99)), p999: ms(h.getValueAtPercentile(99.9)), max: ms(h.maxValue) };
}

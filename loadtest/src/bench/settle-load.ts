// The benchmarks' client side: SettleClaim calls of prepared national-mix claims, spread over
// gRPC channels to one or more translator addresses, counted as done only when SETTLED.
import { create } from "@bufbuild/protobuf";
import type { Histogram } from "hdr-histogram-js";
import { ClaimGateway, ClaimStatus, SettleClaimRequestSchema } from "@tongxing/proto";
import { callUnary, createGrpcClient } from "@tongxing/proto/grpc";
import type { PreparedClaim } from "../load/national-mix.js";

/** Options for {@link createSettleLoad}. */
export interface SettleLoadOptions {
  /** Translator addresses (host:port); request i goes to channel i mod (addresses × channels). */
  readonly addresses: readonly string[];
  /** gRPC channels per address. */
  readonly channelsPerAddress: number;
  /** Deadline of each call. Default 60 s. */
  readonly timeoutMs?: number;
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
  close(): void;
}

export function createSettleLoad(options: SettleLoadOptions): SettleLoad {
  const channels = options.addresses.flatMap((address) =>
    Array.from({ length: options.channelsPerAddress }, () => ({ address, client: createGrpcClient(ClaimGateway, address) })),
  );
  if (channels.length === 0) throw new Error("settle load needs at least one address and channel");
  const answeredBy = new Map<string, number>(options.addresses.map((a) => [a, 0]));
  const timeoutMs = options.timeoutMs ?? 60_000;
  async function settle(claim: PreparedClaim, i: number): Promise<SettledCall> {
    const channel = channels[i % channels.length] as (typeof channels)[number];
    const res = await callUnary(channel.client, ClaimGateway.method.settleClaim, create(SettleClaimRequestSchema, { dialect: "nhsa-json", payload: claim.payload }), {
      metadata: { "x-tongxing-platform": claim.platform },
      timeoutMs,
    });
    if (res.status !== ClaimStatus.SETTLED) throw new Error(`claim ${res.claimId} ended ${ClaimStatus[res.status]}`);
    answeredBy.set(channel.address, (answeredBy.get(channel.address) ?? 0) + 1);
    return { claimId: res.claimId, address: channel.address };
  }
  return {
    sender: (claims) => async (i) => {
      await settle(claims[i % claims.length] as PreparedClaim, i);
    },
    settle,
    answeredBy,
    close() {
      for (const c of channels) c.client.close();
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

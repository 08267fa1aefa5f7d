import { status as GrpcStatus, type ServiceError } from "@grpc/grpc-js";
import { PROVINCES } from "@tongxing/domain";
import { deriveClaimId } from "@tongxing/lifecycle";
import { buildNhsaSettleMessage } from "@tongxing/loadtest";
import type { SettleClaimResponse } from "@tongxing/proto";
import { createGatewayClient, type GatewayClient } from "@tongxing/testkit";

/** Options for {@link runClaimLoad}. */
export interface ClaimLoadOptions {
  readonly address: string;
  /** Province codes that submit and insure (each needs a simulated platform). */
  readonly provinces: readonly string[];
  readonly claims: number;
  readonly perSecond: number;
  /** Called before claim i is sent (faults are injected from here). */
  readonly beforeClaim?: (i: number) => Promise<void> | void;
  /** How long a counter keeps resending one claim. */
  readonly giveUpMs?: number;
}

/** What the counters saw. */
export interface ClaimLoadResult {
  /** Claim ids answered (any final status), by submission. */
  readonly answered: Map<number, SettleClaimResponse>;
  /** Every submitted claim's id (as the hub derives it from submitter and idempotency key). */
  readonly claimIds: readonly string[];
  /** Claims never answered within giveUpMs (the counter would then ask GetClaim). */
  readonly unanswered: number;
  /** Retries the counters made (a call that failed and was sent again). */
  readonly retries: number;
}

/** Calls a counter resends after, with the same message and idempotency key. */
const RETRYABLE = new Set<number>([GrpcStatus.UNAVAILABLE, GrpcStatus.DEADLINE_EXCEEDED, GrpcStatus.CANCELLED, GrpcStatus.INTERNAL, GrpcStatus.UNKNOWN]);

/**
 * An open-loop load of SettleClaim calls like hospital counters make: each claim is resent with
 * the same idempotency key until it gets a final answer (or `giveUpMs` passes).
 */
export async function runClaimLoad(options: ClaimLoadOptions): Promise<ClaimLoadResult> {
  const clients = new Map<string, GatewayClient>(options.provinces.map((p) => [p, createGatewayClient(options.address, p)]));
  const byCode = new Map(PROVINCES.map((p) => [p.code, p]));
  const answered = new Map<number, SettleClaimResponse>();
  const claimIds: string[] = [];
  let unanswered = 0;
  let retries = 0;
  const giveUpMs = options.giveUpMs ?? 120_000;
  const calls: Promise<void>[] = [];
  const startedMs = Date.now();
  try {
    for (let i = 0; i < options.claims; i++) {
      await options.beforeClaim?.(i);
      const dueMs = startedMs + (i * 1_000) / options.perSecond;
      if (dueMs > Date.now()) await new Promise((r) => setTimeout(r, dueMs - Date.now()));
      const treatment = options.provinces[i % options.provinces.length]!;
      const insured = options.provinces[(i + 1) % options.provinces.length]!;
      const message = buildNhsaSettleMessage({
        kind: "outpatient",
        treatmentAdmdvs: byCode.get(treatment)!.capitalAdmdvs,
        insuredAdmdvs: byCode.get(insured)!.capitalAdmdvs,
        seq: i,
        seed: 31_000 + i,
      });
      const client = clients.get(treatment)!;
      const key = `fault-${startedMs}-${i}`;
      claimIds.push(deriveClaimId(treatment, key));
      calls.push(
        (async () => {
          const until = Date.now() + giveUpMs;
          for (;;) {
            try {
              answered.set(i, await client.settle(message.payload, { idempotencyKey: key, timeoutMs: 15_000 }));
              return;
            } catch (err) {
              if (!RETRYABLE.has((err as ServiceError).code) || Date.now() > until) {
                unanswered++;
                return;
              }
              retries++;
              await new Promise((r) => setTimeout(r, 500));
            }
          }
        })(),
      );
    }
    await Promise.all(calls);
  } finally {
    for (const c of clients.values()) c.close();
  }
  return { answered, claimIds, unanswered, retries };
}

// A crash at any step loses nothing and settles nothing twice: the auditor and the translator
// are SIGKILLed mid-stream; the hospital side retries with the same message (same idempotency
// key), as a counter system would.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { status as GrpcStatus, type ServiceError } from "@grpc/grpc-js";
import { jetstreamManager } from "@nats-io/jetstream";
import { connect } from "@nats-io/transport-node";
import { PROVINCES } from "@tongxing/domain";
import { buildNhsaSettleMessage, startSimulatedPlatforms, type SimulatedPlatforms } from "@tongxing/loadtest";
import { Streams, Subjects } from "@tongxing/nats";
import { ClaimStatus, type SettleClaimResponse } from "@tongxing/proto";
import { createGatewayClient, startTestHub, type GatewayClient, type TestHub } from "@tongxing/testkit";

const provinces = PROVINCES.slice(0, 10);
let hub: TestHub;
let platforms: SimulatedPlatforms;
const clients = new Map<string, GatewayClient>();
let seq = 0;

before(async () => {
  hub = await startTestHub({ asProcess: ["auditor", "translator"] });
  platforms = startSimulatedPlatforms({ address: hub.address, provinces: provinces.map((p) => p.code) });
  for (const p of provinces) clients.set(p.code, createGatewayClient(hub.address, p.code));
});

after(async () => {
  for (const c of clients.values()) c.close();
  platforms.close();
  await hub.stop();
});

const RETRYABLE = new Set<number>([GrpcStatus.UNAVAILABLE, GrpcStatus.DEADLINE_EXCEEDED, GrpcStatus.CANCELLED, GrpcStatus.INTERNAL]);

/** What a counter system does: resend the same message until it gets a final answer. */
async function settleWithRetry(client: GatewayClient, payload: Uint8Array): Promise<SettleClaimResponse> {
  const until = Date.now() + 90_000;
  for (;;) {
    try {
      return await client.settle(payload, { timeoutMs: 15_000 });
    } catch (err) {
      if (!RETRYABLE.has((err as ServiceError).code) || Date.now() > until) throw err;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
}

function nextClaim(): { client: GatewayClient; payload: Uint8Array } {
  const i = seq++;
  const treatment = provinces[i % provinces.length]!;
  const insured = provinces[(i + 3) % provinces.length]!;
  const message = buildNhsaSettleMessage({ kind: "outpatient", treatmentAdmdvs: treatment.capitalAdmdvs, insuredAdmdvs: insured.capitalAdmdvs, seq: i, seed: 7000 + i });
  return { client: clients.get(treatment.code)!, payload: message.payload };
}

/** Settlement entries on the ledger (answers to waiting calls are core NATS messages, not stored). */
async function settlementMessages(): Promise<number> {
  const nc = await connect({ servers: hub.nats.url });
  try {
    return (await (await jetstreamManager(nc)).streams.info(Streams.LEDGER, { subjects_filter: Subjects.ledgerSettlementsAll })).state.messages;
  } finally {
    await nc.close();
  }
}

async function assertSettledOnce(results: SettleClaimResponse[], expectedTotal: number): Promise<void> {
  assert.ok(results.every((r) => r.status === ClaimStatus.SETTLED), "every claim settled");
  assert.equal(new Set(results.map((r) => r.claimId)).size, results.length, "distinct claims");
  assert.equal(await settlementMessages(), expectedTotal, "one ledger settlement entry per claim, no duplicates");
}

test("auditor SIGKILLed mid-stream: all claims settle once after it restarts", async () => {
  const calls: Promise<SettleClaimResponse>[] = [];
  for (let i = 0; i < 150; i++) {
    const { client, payload } = nextClaim();
    calls.push(settleWithRetry(client, payload));
    if (i === 60) await hub.kill("auditor");
    if (i % 30 === 0) await new Promise((r) => setTimeout(r, 20));
  }
  await new Promise((r) => setTimeout(r, 1_000));
  await hub.restart("auditor");
  await assertSettledOnce(await Promise.all(calls), 150);
});

test("translator SIGKILLed mid-stream: retried claims settle once, links reconnect", async () => {
  const calls: Promise<SettleClaimResponse>[] = [];
  for (let i = 0; i < 150; i++) {
    const { client, payload } = nextClaim();
    calls.push(settleWithRetry(client, payload));
    if (i === 60) {
      await hub.kill("translator");
      setTimeout(() => void hub.restart("translator"), 1_000);
    }
    if (i % 30 === 0) await new Promise((r) => setTimeout(r, 20));
  }
  await assertSettledOnce(await Promise.all(calls), 300);
});

// 500 claims across 20 provinces while the router process is SIGKILLed and restarted:
// every claim settles, none twice.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { jetstreamManager } from "@nats-io/jetstream";
import { connect } from "@nats-io/transport-node";
import { PROVINCES } from "@tongxing/domain";
import { buildNhsaSettleMessage, startSimulatedPlatforms, type SimulatedPlatforms } from "@tongxing/loadtest";
import { Streams, Subjects } from "@tongxing/nats";
import { ClaimStatus } from "@tongxing/proto";
import { createGatewayClient, startTestHub, type GatewayClient, type TestHub } from "@tongxing/testkit";

const CLAIMS = 500;
const provinces = PROVINCES.slice(0, 20);
let hub: TestHub;
let platforms: SimulatedPlatforms;
const clients = new Map<string, GatewayClient>();

before(async () => {
  hub = await startTestHub({ asProcess: ["router"] });
  platforms = startSimulatedPlatforms({ address: hub.address, provinces: provinces.map((p) => p.code) });
  for (const p of provinces) clients.set(p.code, createGatewayClient(hub.address, p.code));
});

after(async () => {
  for (const c of clients.values()) c.close();
  platforms.close();
  await hub.stop();
});

test("500 claims settle exactly once while the router is killed and restarted", async () => {
  const settled: Promise<{ claimId: string; status: number }>[] = [];
  for (let i = 0; i < CLAIMS; i++) {
    const treatment = provinces[i % 20]!;
    const insured = provinces[(i + 7) % 20]!;
    const message = buildNhsaSettleMessage({
      kind: i % 3 === 0 ? "inpatient" : i % 3 === 1 ? "outpatient" : "pharmacy",
      treatmentAdmdvs: treatment.capitalAdmdvs,
      insuredAdmdvs: insured.capitalAdmdvs,
      seq: i,
      seed: 1000 + i,
    });
    const client = clients.get(treatment.code)!;
    settled.push(client.settle(message.payload, { timeoutMs: 120_000 }).then((r) => ({ claimId: r.claimId, status: r.status })));
    if (i === 150) {
      await hub.kill("router");
    }
    if (i === 300) {
      await hub.restart("router");
    }
    if (i % 50 === 0) await new Promise((r) => setTimeout(r, 20));
  }
  const results = await Promise.all(settled);
  assert.equal(new Set(results.map((r) => r.claimId)).size, CLAIMS, "500 distinct claims");
  assert.equal(results.filter((r) => r.status === ClaimStatus.SETTLED).length, CLAIMS, "all settled");

  // None twice: one ledger settlement entry per claim (answers to the waiting calls are not
  // stored), and one SETTLED event per record.
  const nc = await connect({ servers: hub.nats.url });
  try {
    const jsm = await jetstreamManager(nc);
    const info = await jsm.streams.info(Streams.LEDGER, { subjects_filter: Subjects.ledgerSettlementsAll });
    assert.equal(info.state.messages, CLAIMS, "exactly one ledger settlement entry per claim");
  } finally {
    await nc.close();
  }
  const sample = results.filter((_, i) => i % 25 === 0);
  for (const r of sample) {
    const treatment = provinces[results.indexOf(r) % 20]!;
    const record = (await clients.get(treatment.code)!.get(r.claimId)).record;
    assert.equal(record?.events.filter((e) => e.status === ClaimStatus.SETTLED).length, 1, `${r.claimId} settled once`);
  }
});

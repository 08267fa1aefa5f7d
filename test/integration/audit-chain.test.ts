// The tamper-evident audit chain: every claim event lands in it; concurrent writers cannot fork
// it; an altered or removed block is caught by verify, naming the first broken link.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { create, fromBinary, toBinary } from "@bufbuild/protobuf";
import { jetstream, jetstreamManager, RetentionPolicy, StorageType } from "@nats-io/jetstream";
import { headers as natsHeaders, type NatsConnection } from "@nats-io/nats-core";
import { Actor, claimEvent } from "@tongxing/lifecycle";
import { buildNhsaSettleMessage, startSimulatedPlatforms, type SimulatedPlatforms } from "@tongxing/loadtest";
import { AdjudicationOutcomes, connectNats, Consumers, Headers, Streams, Subjects } from "@tongxing/nats";
import { AuditBlockSchema, ChainHash, ClaimEnvelopeSchema, ClaimStatus } from "@tongxing/proto";
import { createLogger } from "@tongxing/telemetry";
import { createGatewayClient, startTestHub, type GatewayClient, type TestHub } from "@tongxing/testkit";
import { ChainAppender } from "@tongxing/auditor";
import { verifyChain } from "@tongxing/auditor";

let hub: TestHub;
let platforms: SimulatedPlatforms;
let shandong: GatewayClient;
let nc: NatsConnection;

before(async () => {
  hub = await startTestHub();
  platforms = startSimulatedPlatforms({ address: hub.address, provinces: ["37", "32"] });
  shandong = createGatewayClient(hub.address, "37");
  nc = await connectNats({ servers: hub.nats.url, name: "chain-test" });
});

after(async () => {
  await nc.drain();
  shandong.close();
  platforms.close();
  await hub.stop();
});

async function chainBlocks(stream = Streams.AUDIT_CHAIN) {
  const jsm = await jetstreamManager(nc);
  const info = await jsm.streams.info(stream);
  const out = [];
  for (let seq = info.state.first_seq; seq <= info.state.last_seq; seq++) {
    const m = await jsm.streams.getMessage(stream, { seq });
    if (m !== null) out.push(fromBinary(AuditBlockSchema, m.data));
  }
  return out;
}

/** Copies the chain into a new stream through `edit`, as someone rewriting stored history would. */
async function tamperedCopy(name: string, edit: (blocks: Awaited<ReturnType<typeof chainBlocks>>) => void): Promise<string> {
  const blocks = await chainBlocks();
  edit(blocks);
  const jsm = await jetstreamManager(nc);
  const subject = `copy.${name}`;
  await jsm.streams.add({ name, subjects: [subject], storage: StorageType.Memory, retention: RetentionPolicy.Limits });
  const js = jetstream(nc);
  for (const b of blocks) await js.publish(subject, toBinary(AuditBlockSchema, b));
  return subject;
}

test("every event of settled claims is in the chain, and the chain verifies", async () => {
  const ids = [];
  for (let i = 0; i < 5; i++) {
    const res = await shandong.settle(buildNhsaSettleMessage({ kind: "outpatient", treatmentAdmdvs: "370102", insuredAdmdvs: "320100", seq: i, seed: 300 + i }).payload);
    assert.equal(res.status, ClaimStatus.SETTLED);
    ids.push(res.claimId);
  }
  const verified = await verifyChain(nc, Streams.AUDIT_CHAIN, Subjects.auditChain);
  assert.ok(verified.ok, JSON.stringify(verified));
  const chained = (await chainBlocks()).flatMap((b) => b.events);
  for (const id of ids) {
    const record = (await shandong.get(id)).record!;
    assert.equal(record.chainedEvents, record.events.length);
    const inChain = chained.filter((e) => e.claimId === id).map((e) => e.status);
    assert.deepEqual(inChain, record.events.map((e) => e.status), `${id}'s events, in order`);
  }
  assert.ok((await chainBlocks()).every((b) => b.hash === ChainHash.SM3), "SM3 by default");
});

test("an altered event is caught at its block; a removed block is caught as a gap", async () => {
  const blocks = await chainBlocks();
  assert.ok(blocks.length >= 2, "needs at least two blocks");
  const altered = await tamperedCopy("TAMPERED_EVENT", (bs) => {
    const target = bs[1]!;
    target.events[0]!.detail = "edited after the fact";
  });
  const r1 = await verifyChain(nc, "TAMPERED_EVENT", altered);
  assert.ok(!r1.ok);
  assert.equal(r1.brokenAtHeight, 2n);
  assert.match(r1.reason, /does not match/);

  const removed = await tamperedCopy("TAMPERED_GAP", (bs) => bs.splice(0, 1));
  const r2 = await verifyChain(nc, "TAMPERED_GAP", removed);
  assert.ok(!r2.ok);
  assert.equal(r2.brokenAtHeight, 1n);
  assert.match(r2.reason, /missing or repeated/);
});

test("concurrent writers cannot fork the chain", async () => {
  const js = jetstream(nc);
  const log = createLogger({ service: "test", level: "silent" });
  const writers = [0, 1, 2].map(() => new ChainAppender({ nc, js, log, maxDelayMs: 1 }));
  const appends = [];
  for (let i = 0; i < 60; i++) {
    const w = writers[i % 3]!;
    appends.push(w.append([claimEvent(`Cconcurrent${String(i).padStart(14, "0")}`, ClaimStatus.RECEIVED, "f".repeat(32), Actor.AUDITOR, `event ${i}`)]));
  }
  await Promise.all(appends);
  const verified = await verifyChain(nc, Streams.AUDIT_CHAIN, Subjects.auditChain);
  assert.ok(verified.ok, JSON.stringify(verified));
  const details = (await chainBlocks()).flatMap((b) => b.events).map((e) => e.detail).filter((d) => d.startsWith("event "));
  assert.equal(new Set(details).size, 60, "every event exactly once");
});

test("group commit: a lone event is written without lingering; events that arrive together share a block", async () => {
  const js = jetstream(nc);
  const log = createLogger({ service: "test", level: "silent" });
  const event = (n: string) => claimEvent(`Cgroupcommit${n.padStart(13, "0")}`, ClaimStatus.RECEIVED, "e".repeat(32), Actor.AUDITOR, `group ${n}`);
  const lingering = new ChainAppender({ nc, js, log, maxDelayMs: 400 });
  const eager = new ChainAppender({ nc, js, log });
  const t0 = performance.now();
  await lingering.append([event("1")]);
  const lingered = performance.now() - t0;
  const t1 = performance.now();
  await eager.append([event("2")]);
  const eagerMs = performance.now() - t1;
  assert.ok(lingered >= 390, `a 400 ms linger waits (${lingered.toFixed(0)} ms)`);
  assert.ok(eagerMs < 390, `the default does not linger (${eagerMs.toFixed(0)} ms)`);
  await Promise.all([eager.append([event("3")]), eager.append([event("4")]), eager.append([event("5")])]);
  const blocks = (await chainBlocks()).filter((b) => b.events.some((e) => e.detail.startsWith("group ")));
  assert.deepEqual(blocks.map((b) => b.events.map((e) => e.detail)), [["group 1"], ["group 2"], ["group 3", "group 4", "group 5"]]);
  assert.ok((await verifyChain(nc, Streams.AUDIT_CHAIN, Subjects.auditChain)).ok);
});

test("an adjudication sent again (a platform resending it minutes later) is recognised: no second decision, nothing more in the chain", async () => {
  const res = await shandong.settle(buildNhsaSettleMessage({ kind: "outpatient", treatmentAdmdvs: "370102", insuredAdmdvs: "320100", seq: 77, seed: 377 }).payload);
  assert.equal(res.status, ClaimStatus.SETTLED);
  const record = (await shandong.get(res.claimId)).record!;
  // The same adjudication again, as the link passes on a platform's resend of it on the claim's
  // first delivery: the envelope as the link built it, naming the record's intake revision (long
  // since overwritten by the decision).
  const early = new Set([ClaimStatus.RECEIVED, ClaimStatus.ROUTED, ClaimStatus.DELIVERED, ClaimStatus.ADJUDICATED]);
  const again = create(ClaimEnvelopeSchema, {
    claim: record.claim,
    traceId: record.events[0]!.traceId,
    events: record.events.filter((e) => early.has(e.status)),
    insuredPlatform: "32",
    idempotencyKey: record.idempotencyKey,
    adjudication: record.adjudication,
    recordRevision: 1n,
  });
  const h = natsHeaders();
  h.set(Headers.CLAIM_ID, res.claimId);
  h.set(Headers.TRACE_ID, again.traceId);
  h.set(Headers.DELIVERY_ATTEMPT, "1");
  const answer = await nc.request(Subjects.adjudicate("32"), toBinary(ClaimEnvelopeSchema, again), { timeout: 15_000, headers: h });
  assert.equal(answer.headers?.get(Headers.ADJUDICATION_OUTCOME), AdjudicationOutcomes.STORED, "answered as stored: the link may ack");
  const settledInChain = (await chainBlocks()).flatMap((b) => b.events).filter((e) => e.claimId === res.claimId && e.status === ClaimStatus.SETTLED);
  assert.equal(settledInChain.length, 1, "one SETTLED event in the chain");
  const after = (await shandong.get(res.claimId)).record!;
  assert.equal(after.status, ClaimStatus.SETTLED);
  assert.equal(after.events.length, record.events.length, "the record is as it was");
  assert.ok((await verifyChain(nc, Streams.AUDIT_CHAIN, Subjects.auditChain)).ok);
});

// Backlog limits as routing-table policy, through the public gRPC path, with the insured
// platform offline: past maxClaims a new claim is answered REJECTED (BACKLOG_FULL) at once;
// claims that waited past maxAgeMinutes are answered REJECTED (BACKLOG_EXPIRED), copied to the
// dead letters and gone from DELIVERY; nothing vanishes: every claim has an answer and an event.
// Result retention is raised to cover the longest configured outage.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { jetstreamManager, type JetStreamManager } from "@nats-io/jetstream";
import { Kvm, type KV } from "@nats-io/kv";
import { nanos, type NatsConnection } from "@nats-io/nats-core";
import { createAuditor } from "@tongxing/auditor";
import { buildNhsaSettleMessage, startSimulatedPlatforms, type SimulatedPlatforms } from "@tongxing/loadtest";
import { Buckets, connectNats, Streams, Subjects } from "@tongxing/nats";
import { ClaimStatus } from "@tongxing/proto";
import { createRouter } from "@tongxing/router";
import { putPlatform, watchRoutingTable, type PlatformEntry } from "@tongxing/routing";
import { createLogger } from "@tongxing/telemetry";
import { createTranslator } from "@tongxing/translator";
import { createGatewayClient, type GatewayClient, registerHubPki, startTestNats, type TestNats, testPki } from "@tongxing/testkit";

const log = createLogger({ service: "test", level: process.env.LOG_LEVEL ?? "silent" });
let nats: TestNats;
let nc: NatsConnection;
let jsm: JetStreamManager;
let routing: KV;
let jiangsu: PlatformEntry;
let stops: (() => Promise<void>)[] = [];
let platforms: SimulatedPlatforms;
let shandong: GatewayClient;

before(async () => {
  nats = await startTestNats();
  const router = createRouter({ natsUrl: nats.url, backlogIntervalMs: 200 }, log);
  await router.start();
  const auditor = createAuditor({ natsUrl: nats.url, regulatorApiAddress: "127.0.0.1:0" }, log);
  await auditor.start();
  // mTLS as in production; the test PKI gives each platform its client certificate.
  const pki = await testPki();
  const translator = createTranslator({ natsUrl: nats.url, grpcAddress: "127.0.0.1:0", tls: pki.serverTls }, log);
  const address = await translator.start();
  registerHubPki(address, pki);
  stops = [() => translator.stop(), () => auditor.stop(), () => router.stop()];
  platforms = startSimulatedPlatforms({ address, provinces: ["37"] }); // 32 (Jiangsu) is offline
  shandong = createGatewayClient(address, "37");
  nc = await connectNats({ servers: nats.url, name: "backlog-limits-test" });
  jsm = await jetstreamManager(nc);
  routing = await new Kvm(nc).open(Buckets.ROUTING);
  const watched = await watchRoutingTable(routing);
  jiangsu = watched.table.platform("32")!;
  watched.stop();
});

after(async () => {
  shandong.close();
  platforms.close();
  for (const stop of stops) await stop();
  await nc.drain();
  await nats.stop();
});

async function eventually<T>(probe: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error("condition not met in time");
    await new Promise((r) => setTimeout(r, 100));
  }
}

let seq = 0;
const claimFor32 = () => buildNhsaSettleMessage({ kind: "outpatient", treatmentAdmdvs: "370102", insuredAdmdvs: "320100", seq: ++seq, seed: 900 + seq });
const waitingFor32 = async () => (await jsm.streams.info(Streams.DELIVERY, { subjects_filter: Subjects.delivery("32") })).state.subjects?.[Subjects.delivery("32")] ?? 0;

test("past maxClaims a claim is refused BACKLOG_FULL; past maxAgeMinutes waiting claims are expired and answered", async () => {
  await putPlatform(routing, { ...jiangsu, backlogLimits: { maxClaims: 3 } });
  await new Promise((r) => setTimeout(r, 300));
  const waiting: string[] = [];
  for (let i = 0; i < 3; i++) waiting.push((await shandong.submit(claimFor32().payload)).claimId);
  await eventually(async () => ((await waitingFor32()) === 3 ? true : undefined));

  const startedMs = Date.now();
  const refused = await shandong.settle(claimFor32().payload, { timeoutMs: 10_000 });
  assert.equal(refused.status, ClaimStatus.REJECTED, "answered, not left waiting");
  assert.ok(Date.now() - startedMs < 5_000);
  const record = (await shandong.get(refused.claimId)).record!;
  assert.equal(record.refusal?.code, "BACKLOG_FULL");
  assert.match(record.refusal?.message ?? "", /platform 32 has 3 claims waiting, at its limit of 3; settle at the counter \(cash\)/);
  assert.ok(record.events.some((e) => e.status === ClaimStatus.REJECTED && /BACKLOG_FULL/.test(e.detail)), "the event is in the record");
  assert.equal(await waitingFor32(), 3, "the refused claim did not join the backlog");

  // The same three now wait past a 3-second limit: each is expired and answered, none vanishes.
  await putPlatform(routing, { ...jiangsu, backlogLimits: { maxClaims: 3, maxAgeMinutes: 0.05 } });
  const expired = await eventually(async () => {
    const rs = await Promise.all(waiting.map(async (id) => (await shandong.get(id)).record));
    return rs.every((r) => r?.status === ClaimStatus.REJECTED) ? rs : undefined;
  });
  for (const r of expired) {
    assert.equal(r?.refusal?.code, "BACKLOG_EXPIRED");
    assert.match(r?.refusal?.message ?? "", /past its limit of 0.05 min; settle at the counter/);
  }
  assert.equal(await waitingFor32(), 0, "gone from DELIVERY");
  const dead = await jsm.streams.info(Streams.DEADLETTER, { subjects_filter: Subjects.deadletterAll });
  assert.equal(dead.state.subjects?.[Subjects.deadletter("BACKLOG_EXPIRED")], 3, "each copied to the dead letters");
  assert.equal(dead.state.subjects?.[Subjects.deadletter("BACKLOG_FULL")], 1);
  assert.equal((await jsm.streams.info(Streams.LEDGER)).state.messages, 0, "nothing settled");
});

test("result retention is raised to cover the longest configured outage", async () => {
  await putPlatform(routing, { ...jiangsu, backlogLimits: { maxAgeMinutes: 10 * 24 * 60 } });
  const wanted = nanos(11 * 24 * 60 * 60_000);
  await eventually(async () => ((await jsm.streams.info(Streams.SETTLEMENTS)).config.max_age >= wanted ? true : undefined));
  await putPlatform(routing, jiangsu);
});

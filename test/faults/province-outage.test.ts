// A province offline for an hour, on a shortened clock (1 simulated minute = 200 ms, so the hour
// is 12 s), beginning with a queueing maintenance window of 20 simulated minutes: the counters keep
// submitting; the window's claims are held, the later ones wait in DELIVERY; when the platform
// comes back the whole backlog is delivered in submission order and each claim settles once.
// Meanwhile a second province stays offline past its backlog age limit (30 simulated minutes):
// its claims are answered REJECTED BACKLOG_EXPIRED, as its routing entry's policy says. Prints
// submitted / settled / expired / lost / settled twice.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { jetstreamManager } from "@nats-io/jetstream";
import { Kvm, type KV } from "@nats-io/kv";
import type { NatsConnection } from "@nats-io/nats-core";
import { createAuditor } from "@tongxing/auditor";
import { buildNhsaSettleMessage, startSimulatedPlatforms, type SimulatedPlatforms } from "@tongxing/loadtest";
import { Buckets, connectNats, Streams, Subjects } from "@tongxing/nats";
import { ClaimStatus, type ClaimRecord } from "@tongxing/proto";
import { createRouter } from "@tongxing/router";
import { putPlatform, watchRoutingTable, type PlatformEntry } from "@tongxing/routing";
import { createLogger } from "@tongxing/telemetry";
import { createTranslator } from "@tongxing/translator";
import { createGatewayClient, registerHubPki, startTestNats, testPki, type GatewayClient, type TestNats } from "@tongxing/testkit";
import { measureFaultFigures, formatFigures } from "./fault-figures.js";

/** Real milliseconds per simulated minute. */
const MINUTE_MS = 200;
const HOUR_MS = 60 * MINUTE_MS;
const WINDOW_MS = 20 * MINUTE_MS;
/** Hubei's backlog age limit, in (simulated) minutes: its platform stays away longer. */
const HUBEI_MAX_AGE_MINUTES = 30;

const log = createLogger({ service: "test", level: process.env.LOG_LEVEL ?? "silent" });
let nats: TestNats;
let nc: NatsConnection;
let routing: KV;
let stops: (() => Promise<void>)[] = [];
let shandongPlatform: SimulatedPlatforms;
let jiangsuPlatform: SimulatedPlatforms | undefined;
let shandong: GatewayClient;
let address: string;
const entries = new Map<string, PlatformEntry>();

before(async () => {
  nats = await startTestNats();
  const router = createRouter({ natsUrl: nats.url, backlogIntervalMs: 200 }, log);
  await router.start();
  const auditor = createAuditor({ natsUrl: nats.url, regulatorApiAddress: "127.0.0.1:0" }, log);
  await auditor.start();
  const pki = await testPki();
  const translator = createTranslator({ natsUrl: nats.url, grpcAddress: "127.0.0.1:0", tls: pki.serverTls }, log);
  address = await translator.start();
  registerHubPki(address, pki);
  stops = [() => translator.stop(), () => auditor.stop(), () => router.stop()];
  // Only Shandong (the treatment side) is up: Jiangsu (32) and Hubei (42) are offline.
  shandongPlatform = startSimulatedPlatforms({ address, provinces: ["37"] });
  shandong = createGatewayClient(address, "37");
  nc = await connectNats({ servers: nats.url, name: "province-outage-test" });
  routing = await new Kvm(nc).open(Buckets.ROUTING);
  const watched = await watchRoutingTable(routing);
  for (const id of ["32", "42"]) entries.set(id, watched.table.platform(id)!);
  watched.stop();
});

after(async () => {
  shandong.close();
  shandongPlatform.close();
  jiangsuPlatform?.close();
  for (const stop of stops) await stop();
  await nc.drain();
  await nats.stop();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const iso = (ms: number) => new Date(ms).toISOString();

async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 90_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}

function deliveredAtMs(record: ClaimRecord): number {
  const ev = record.events.filter((e) => e.status === ClaimStatus.DELIVERED);
  assert.equal(ev.length, 1, `${record.claimId} delivered once`);
  const at = ev[0]!.at!;
  return Number(at.seconds) * 1_000 + Math.floor(at.nanos / 1e6);
}

test("a province offline for an hour with a maintenance window: backlog delivered in order after, nothing lost, none twice; a longer outage expires as its policy says", async () => {
  const startedMs = Date.now();
  const windowEndMs = startedMs + WINDOW_MS;
  await putPlatform(routing, { ...entries.get("32")!, maintenanceWindows: [{ start: iso(startedMs - 1_000), end: iso(windowEndMs), mode: "queue", reason: "停机切换" }] });
  await putPlatform(routing, { ...entries.get("42")!, backlogLimits: { maxAgeMinutes: (HUBEI_MAX_AGE_MINUTES * MINUTE_MS) / 60_000 } });
  await sleep(500); // every service's routing watcher sees both

  // The hour: a Jiangsu claim every 5 simulated minutes (12), a Hubei claim every 10 (6).
  const jiangsuIds: string[] = [];
  const hubeiIds: string[] = [];
  let seq = 0;
  for (let minute = 0; minute < 60; minute += 5) {
    jiangsuIds.push((await shandong.submit(buildNhsaSettleMessage({ kind: "outpatient", treatmentAdmdvs: "370102", insuredAdmdvs: "320100", seq: ++seq, seed: 7_000 + seq }).payload)).claimId);
    if (minute % 10 === 0) hubeiIds.push((await shandong.submit(buildNhsaSettleMessage({ kind: "outpatient", treatmentAdmdvs: "370102", insuredAdmdvs: "420100", seq: ++seq, seed: 7_000 + seq }).payload)).claimId);
    await sleep(Math.max(0, startedMs + (minute + 5) * MINUTE_MS - Date.now()));
  }
  await sleep(Math.max(0, startedMs + HOUR_MS - Date.now()));
  for (const id of jiangsuIds) {
    const status = (await shandong.get(id)).record?.status;
    assert.ok(status === ClaimStatus.RECEIVED || status === ClaimStatus.ROUTED, `${id} still waits while Jiangsu is offline (${status})`);
  }

  // Jiangsu is back after the hour.
  const backMs = Date.now();
  jiangsuPlatform = startSimulatedPlatforms({ address, provinces: ["32"] });
  const jiangsuRecords = await eventually("every Jiangsu claim settled", async () => {
    const rs = await Promise.all(jiangsuIds.map(async (id) => (await shandong.get(id)).record));
    return rs.every((r) => r?.status === ClaimStatus.SETTLED) ? (rs as ClaimRecord[]) : undefined;
  });
  const delivered = jiangsuRecords.map(deliveredAtMs);
  for (const at of delivered) assert.ok(at >= backMs, `delivered only once the platform was back (${iso(at)} ≥ ${iso(backMs)})`);
  for (let i = 1; i < delivered.length; i++) assert.ok(delivered[i - 1]! <= delivered[i]!, `in submission order: claim ${i - 1} before claim ${i}`);
  assert.ok(jiangsuRecords.slice(0, 4).every((r) => /queued until .* \(maintenance window\)/.test(r.events.find((e) => e.status === ClaimStatus.ROUTED)?.detail ?? "")), "the window's claims were queued");

  // Hubei never came back: its claims expired past its limit, each answered and dead-lettered.
  const hubeiRecords = await eventually("every Hubei claim answered", async () => {
    const rs = await Promise.all(hubeiIds.map(async (id) => (await shandong.get(id)).record));
    return rs.every((r) => r?.status === ClaimStatus.REJECTED) ? (rs as ClaimRecord[]) : undefined;
  });
  for (const r of hubeiRecords) assert.equal(r.refusal?.code, "BACKLOG_EXPIRED", r.refusal?.message);
  const jsm = await jetstreamManager(nc);
  const dead = await jsm.streams.info(Streams.DEADLETTER, { subjects_filter: Subjects.deadletterAll });
  assert.equal(dead.state.subjects?.[Subjects.deadletter("BACKLOG_EXPIRED")], hubeiIds.length, "each expired claim copied to the dead letters");

  const figures = await measureFaultFigures(nats.url, `province 32 offline 1 h (simulated; ${HOUR_MS / 1_000} s) from a 20-min queueing window, province 42 offline past its ${HUBEI_MAX_AGE_MINUTES}-min backlog limit`, { answered: new Map(), claimIds: [...jiangsuIds, ...hubeiIds], retries: 0, unanswered: 0 }, startedMs, 10_000);
  console.log(`${formatFigures(figures)}; expired ${hubeiRecords.length} (BACKLOG_EXPIRED), delivered in order ${jiangsuIds.length}/${jiangsuIds.length}`);
  assert.equal(figures.submitted, jiangsuIds.length + hubeiIds.length);
  assert.equal(figures.settled, jiangsuIds.length);
  assert.equal(figures.lost, 0);
  assert.equal(figures.settledTwice, 0);
  assert.equal(figures.ledgerEntries, jiangsuIds.length, "one ledger entry per settlement, none for an expired claim");
});

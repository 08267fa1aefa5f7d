// The pipeline-skeleton reference against a real nats-server and real gRPC over loopback, its
// roles as processes: every call is answered with its own claim's response, and each hop's stream
// took exactly one message per claim (the hop count the skeleton stands for), with the KV writes
// the hub's auditor makes.
import { strict as assert } from "node:assert";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import type { NatsConnection } from "@nats-io/nats-core";
import { connectNats, startNatsServer } from "@tongxing/nats";
import { freePort, startTestNats, type TestNats } from "@tongxing/testkit";
import { measurePipelineSkeleton } from "./measure-skeleton.js";
import { frame, frameId, parseSkeletonVariant, SkeletonStreams } from "./skeleton-layout.js";

let nats: TestNats;
let nc: NatsConnection;
const logDir = mkdtempSync(join(tmpdir(), "tongxing-skeleton-"));

before(async () => {
  nats = await startTestNats();
  nc = await connectNats({ servers: nats.url, name: "skeleton-test" });
});

after(async () => {
  await nc.close();
  await nats.stop();
  rmSync(logDir, { recursive: true, force: true });
});

test("a frame carries its claim id at any size", () => {
  const f = frame("claim-42", 1_000);
  assert.equal(f.byteLength, 1_000);
  assert.equal(frameId(f), "claim-42");
  assert.equal(frameId(frame("x".repeat(40), 10)), "x".repeat(40), "a size below the id grows to hold it");
});

test("the skeleton answers every call and moves each claim through every hop once", { timeout: 120_000 }, async () => {
  const sizes = { request: 3_600, response: 1_100, claim: 1_200 };
  const openLoop = { ratePerSec: 40, durationSec: 1 };
  const run = await measurePipelineSkeleton({ nc, natsUrl: nats.url, sizes, platforms: 4, concurrency: 16, channels: 2, warmupSec: 1, durationSec: 2, openLoop, logDir, say: () => undefined });
  assert.equal(run.errors, 0);
  // The open loop sent its arrivals at the rate asked and had every one answered.
  const open = run.openLoop;
  assert.ok(open !== undefined, "the open-loop phase ran");
  assert.equal(open.sent, 40);
  assert.equal(open.completed, 40);
  assert.equal(open.errors + open.dropped, 0);
  assert.ok(Number(open.latencyMs.p50) > 0 && Number(open.latencyMs.p50) <= Number(open.latencyMs.max), "latencies recorded");
  assert.ok(run.completed > 0, "some calls were answered");
  assert.ok(run.perSec > 0);
  // One message per answered claim into each hop's stream and the ledger.
  for (const name of Object.values(SkeletonStreams)) assert.equal(run.streamMessages[name], run.completed, `${name} took one message per claim`);
  // Per claim: the record, two reservations, the history and the settlement index.
  assert.equal(run.kvKeys, run.completed * 5);
  assert.equal(run.firstRecordBytes, sizes.claim + 600, "the record was rewritten at the auditor's size");
  // CPU accounted for every process of the skeleton and this one.
  const names = run.cpu.rows.map((r) => r.name).sort();
  assert.deepEqual(names, ["load generator", "skeleton-auditor", "skeleton-edge", "skeleton-platform", "skeleton-router"]);
  assert.ok(run.cpu.total.usPerClaim > 0);
});

test("the other designs run on the same server after it, each from an empty layout", { timeout: 120_000 }, async () => {
  const sizes = { request: 2_000, response: 1_000, claim: 800 };
  const base = { nc, natsUrl: nats.url, sizes, platforms: 2, concurrency: 8, channels: 1, warmupSec: 0.5, durationSec: 1, logDir, say: () => undefined };
  const direct = await measurePipelineSkeleton({ ...base, variant: "direct" });
  assert.equal(direct.errors, 0);
  assert.equal(direct.openLoop, undefined, "no open loop unless asked");
  assert.ok(direct.completed > 0);
  assert.equal(direct.streamMessages[SkeletonStreams.CLAIMS], 0, "no router hop: nothing through CLAIMS");
  assert.equal(direct.streamMessages[SkeletonStreams.DELIVERY], direct.completed);
  assert.equal(direct.streamMessages[SkeletonStreams.SETTLEMENTS], direct.completed);
  assert.ok(!direct.cpu.rows.some((r) => r.name === "skeleton-router"));
  const edgeOnly = await measurePipelineSkeleton({ ...base, variant: "edge-only" });
  assert.equal(edgeOnly.errors, 0);
  assert.equal(edgeOnly.streamMessages[SkeletonStreams.CLAIMS], edgeOnly.completed, "a fresh CLAIMS stream, one message per accepted claim");
  assert.equal(edgeOnly.streamMessages[SkeletonStreams.ADJUDICATIONS], 0);
  assert.equal(edgeOnly.kvKeys, edgeOnly.completed, "only the records");
  assert.deepEqual(edgeOnly.cpu.rows.map((r) => r.name).sort(), ["load generator", "skeleton-edge"]);
  const linkOnly = await measurePipelineSkeleton({ ...base, variant: "link-only" });
  assert.equal(linkOnly.errors, 0);
  assert.ok(linkOnly.completed > 0, "every call answered by its platform's reply");
  for (const name of Object.values(SkeletonStreams)) assert.equal(linkOnly.streamMessages[name], 0, `link-only: nothing through ${name}`);
  assert.equal(linkOnly.kvKeys, 0, "link-only: nothing stored");
  assert.deepEqual(linkOnly.cpu.rows.map((r) => r.name).sort(), ["load generator", "skeleton-edge", "skeleton-platform"]);
  assert.throws(() => parseSkeletonVariant("batched"), /hub, direct, edge-only, link-only, lean/);
});

test("the lean design settles through DELIVERY and the ledger alone, with fewer nats-server messages per claim than today's hops", { timeout: 120_000 }, async () => {
  const monitorPort = await freePort();
  const store = mkdtempSync(join(tmpdir(), "tongxing-skeleton-lean-"));
  const server = await startNatsServer({ storeDir: store, monitorPort });
  const lnc = await connectNats({ servers: server.url, name: "skeleton-lean-test" });
  try {
    const sizes = { request: 2_000, response: 1_000, claim: 800 };
    const base = { nc: lnc, natsUrl: server.url, natsMonitorUrl: `http://127.0.0.1:${monitorPort}`, sizes, platforms: 2, concurrency: 16, channels: 1, warmupSec: 0.5, durationSec: 2, logDir, say: () => undefined };
    const lean = await measurePipelineSkeleton({ ...base, variant: "lean" });
    assert.equal(lean.errors, 0);
    assert.ok(lean.completed > 0);
    for (const name of [SkeletonStreams.CLAIMS, SkeletonStreams.ADJUDICATIONS, SkeletonStreams.SETTLEMENTS]) assert.equal(lean.streamMessages[name], 0, `lean: nothing through ${name}`);
    assert.equal(lean.streamMessages[SkeletonStreams.DELIVERY], lean.completed);
    assert.equal(lean.streamMessages[SkeletonStreams.LEDGER], lean.completed);
    // Per claim: the record, the encounter reservation and the history; no msgid or settlement index key.
    assert.equal(lean.kvKeys, lean.completed * 3);
    assert.deepEqual(lean.cpu.rows.map((r) => r.name).sort(), ["load generator", "skeleton-auditor", "skeleton-edge", "skeleton-platform"]);
    const hub = await measurePipelineSkeleton({ ...base, variant: "hub" });
    assert.ok(lean.natsMessages !== undefined && hub.natsMessages !== undefined, "messages counted from /varz");
    assert.ok(hub.natsMessages.inPerClaim >= 14, `today's hops: ${hub.natsMessages.inPerClaim} in per claim`);
    assert.ok(lean.natsMessages.inPerClaim < hub.natsMessages.inPerClaim - 3, `lean ${lean.natsMessages.inPerClaim} against hub ${hub.natsMessages.inPerClaim} in per claim`);
    assert.ok(lean.natsMessages.outPerClaim < hub.natsMessages.outPerClaim - 3, `lean ${lean.natsMessages.outPerClaim} against hub ${hub.natsMessages.outPerClaim} out per claim`);
  } finally {
    await lnc.close();
    await server.stop();
    rmSync(store, { recursive: true, force: true });
  }
});

// Per-platform limits: one province flooding the hub at ~10× its share is refused with
// RESOURCE_EXHAUSTED (google.rpc.RetryInfo attached) while another province's claims all settle
// without one error: each platform has its own bucket and its own in-flight count. The figures
// asserted are counts, not timings (the machine is shared).
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { status as GrpcStatus, type ServiceError } from "@grpc/grpc-js";
import { buildNhsaSettleMessage, startSimulatedPlatforms, type SimulatedPlatforms } from "@tongxing/loadtest";
import { ClaimStatus } from "@tongxing/proto";
import { retryDelayMsOf } from "@tongxing/proto/grpc";
import { createGatewayClient, startTestHub, type GatewayClient, type TestHub } from "@tongxing/testkit";
import { Kvm } from "@nats-io/kv";
import { Buckets, connectNats } from "@tongxing/nats";
import { putPlatform, watchRoutingTable } from "@tongxing/routing";

const BURST = 20;
let hub: TestHub;
let platforms: SimulatedPlatforms;
let jiangsu: GatewayClient;
let shandong: GatewayClient;

before(async () => {
  // A small share: 10 calls/s sustained, 20 at once, 8 in flight per platform.
  hub = await startTestHub({ limits: { ratePerSecond: 10, burst: BURST, maxConcurrentCalls: 8 } });
  platforms = startSimulatedPlatforms({ address: hub.address, provinces: ["37", "32"] });
  jiangsu = createGatewayClient(hub.address, "32");
  shandong = createGatewayClient(hub.address, "37");
});

after(async () => {
  jiangsu.close();
  shandong.close();
  platforms.close();
  await hub.stop();
});

test("a flood from one platform is refused with RESOURCE_EXHAUSTED while another platform's claims all settle", async () => {
  // Jiangsu (32) fires 200 claims at once: ten times its burst.
  const flood = Array.from({ length: 200 }, (_, i) =>
    jiangsu.submit(buildNhsaSettleMessage({ kind: "outpatient", treatmentAdmdvs: "320102", insuredAdmdvs: "370100", seq: 5000 + i, seed: 5000 + i }).payload).then(
      () => ({ ok: true as const }),
      (err: ServiceError) => ({ ok: false as const, err }),
    ),
  );
  // Shandong (37), within its share (fewer calls than its burst, one at a time), meanwhile.
  const shandongResults = [];
  for (let i = 0; i < BURST / 2; i++) {
    const m = buildNhsaSettleMessage({ kind: "outpatient", treatmentAdmdvs: "370102", insuredAdmdvs: "320100", seq: 6000 + i, seed: 6000 + i });
    shandongResults.push(await shandong.settle(m.payload, { timeoutMs: 120_000 }));
  }
  const outcomes = await Promise.all(flood);
  const refused = outcomes.flatMap((o) => (o.ok ? [] : [o.err]));
  assert.ok(refused.length >= 100, `most of the flood is refused (${refused.length} of 200)`);
  assert.ok(outcomes.some((o) => o.ok), "the flood's first calls, within the burst, are accepted");
  for (const err of refused) {
    assert.equal(err.code, GrpcStatus.RESOURCE_EXHAUSTED, err.message);
    assert.match(err.details, /^limits\.(rate|concurrency): platform 32 /);
    const delay = retryDelayMsOf(err);
    assert.ok(delay !== undefined && delay > 0, "a google.rpc.RetryInfo detail says when to retry");
  }
  assert.equal(shandongResults.length, BURST / 2);
  for (const r of shandongResults) assert.equal(r.status, ClaimStatus.SETTLED, "the other platform's claims all settle, none refused");
});

test("in-flight calls are released when they end: a platform within its limits is never refused", async () => {
  // 8 at once (the concurrency limit), twice, after the bucket refilled enough for them.
  await new Promise((r) => setTimeout(r, 2_000));
  for (const round of [0, 1]) {
    const calls = Array.from({ length: 8 }, (_, i) => shandong.get(`C${String(round * 8 + i).padStart(24, "0")}`).catch((err: ServiceError) => err));
    for (const r of await Promise.all(calls)) assert.notEqual((r as ServiceError).code, GrpcStatus.RESOURCE_EXHAUSTED, "never over the limit");
    await new Promise((r) => setTimeout(r, 1_000));
  }
});

test("a platform's routing entry sets its own limits, read on each call: a smaller share for one, the defaults for the rest", async () => {
  const nc = await connectNats({ servers: hub.nats.url, name: "platform-limits-test" });
  try {
    const routing = await new Kvm(nc).open(Buckets.ROUTING);
    const watched = await watchRoutingTable(routing);
    const guangdong = watched.table.platform("44")!;
    watched.stop();
    // Guangdong: 1 call/s, 3 at once (the defaults of this hub: 10/s, burst 20).
    await putPlatform(routing, { ...guangdong, limits: { ratePerSecond: 1, burst: 3 } });
    const gd = createGatewayClient(hub.address, "44");
    try {
      // The translator's routing view follows the bucket; wait until a burst of 6 is cut at 3.
      let refused: ServiceError[] = [];
      for (let attempt = 0; attempt < 10 && refused.length === 0; attempt++) {
        await new Promise((r) => setTimeout(r, attempt === 0 ? 0 : 4_000));
        const calls = Array.from({ length: 6 }, (_, i) => gd.get(`C${String(900 + i).padStart(24, "0")}`).then(() => undefined, (err: ServiceError) => err));
        refused = (await Promise.all(calls)).filter((e): e is ServiceError => e?.code === GrpcStatus.RESOURCE_EXHAUSTED);
      }
      assert.ok(refused.length >= 2, `over its own burst of 3, Guangdong is refused (${refused.length} of 6)`);
      for (const err of refused) assert.match(err.details, /^limits\.rate: platform 44 is over its 1 calls\/s \(burst 3\)/);
      // Shandong keeps the hub's defaults: 8 at once is within its burst of 20 and its 8 in flight.
      await new Promise((r) => setTimeout(r, 2_500));
      const sd = await Promise.all(Array.from({ length: 8 }, (_, i) => shandong.get(`C${String(950 + i).padStart(24, "0")}`).then(() => undefined, (err: ServiceError) => err)));
      for (const r of sd) assert.notEqual(r?.code, GrpcStatus.RESOURCE_EXHAUSTED, "another platform is not held to Guangdong's limits");
    } finally {
      gd.close();
      await putPlatform(routing, guangdong);
    }
  } finally {
    await nc.drain();
  }
});

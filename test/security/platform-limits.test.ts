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

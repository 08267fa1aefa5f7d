// An insured platform that is offline for 10 s loses nothing: its claims wait in JetStream and
// settle once it reconnects; other provinces are not slowed meanwhile.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { buildNhsaSettleMessage, startSimulatedPlatforms, type SimulatedPlatforms } from "@tongxing/loadtest";
import { ClaimStatus } from "@tongxing/proto";
import { createGatewayClient, startTestHub, type GatewayClient, type TestHub } from "@tongxing/testkit";

let hub: TestHub;
let platforms: SimulatedPlatforms;
let shandong: GatewayClient;

before(async () => {
  hub = await startTestHub();
  platforms = startSimulatedPlatforms({ address: hub.address, provinces: ["37", "32", "44"] });
  shandong = createGatewayClient(hub.address, "37");
});

after(async () => {
  shandong.close();
  platforms.close();
  await hub.stop();
});

test("claims for a platform disconnected 10 s settle after it reconnects; none lost", async () => {
  // Let the links come up, then take Jiangsu offline.
  await shandong.settle(buildNhsaSettleMessage({ kind: "outpatient", treatmentAdmdvs: "370102", insuredAdmdvs: "320100", seq: 900, seed: 900 }).payload);
  const jiangsu = platforms.clients.get("32")!;
  jiangsu.disconnect();
  const disconnectedAt = Date.now();

  const pending = [];
  for (let i = 0; i < 20; i++) {
    const m = buildNhsaSettleMessage({ kind: "outpatient", treatmentAdmdvs: "370102", insuredAdmdvs: "320100", seq: i, seed: 500 + i });
    pending.push(shandong.settle(m.payload, { timeoutMs: 60_000 }));
  }
  // Meanwhile Guangdong-insured claims settle at once.
  const other = await shandong.settle(
    buildNhsaSettleMessage({ kind: "pharmacy", treatmentAdmdvs: "370102", insuredAdmdvs: "440100", seq: 77, seed: 77 }).payload,
  );
  assert.equal(other.status, ClaimStatus.SETTLED);
  assert.ok(Date.now() - disconnectedAt < 5_000, "another province is not held up");

  const early = await Promise.race([Promise.all(pending).then(() => "settled"), new Promise((r) => setTimeout(() => r("waiting"), 3_000))]);
  assert.equal(early, "waiting", "Jiangsu's claims wait while it is offline");

  await new Promise((r) => setTimeout(r, 10_000 - (Date.now() - disconnectedAt)));
  jiangsu.connect();
  const results = await Promise.all(pending);
  assert.equal(results.length, 20);
  assert.ok(results.every((r) => r.status === ClaimStatus.SETTLED), "all 20 settled after reconnect");
  assert.equal(new Set(results.map((r) => r.claimId)).size, 20);
});

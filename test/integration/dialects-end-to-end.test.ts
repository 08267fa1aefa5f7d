// Every registered dialect settles a claim end to end through SettleClaim, and a platform's
// routing entry switches its dialect at a cutover instant without restarting anything.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { Kvm } from "@nats-io/kv";
import type { NatsConnection } from "@nats-io/nats-core";
import { buildNhsaSettleMessage, startSimulatedPlatforms, type SimulatedPlatforms } from "@tongxing/loadtest";
import { Buckets, connectNats } from "@tongxing/nats";
import { ClaimStatus } from "@tongxing/proto";
import { putPlatform, watchRoutingTable } from "@tongxing/routing";
import { createGatewayClient, startTestHub, type GatewayClient, type TestHub } from "@tongxing/testkit";
import { createDialectRegistry } from "@tongxing/dialects";

const registry = createDialectRegistry();
const nhsa = registry.get("nhsa-json");
let hub: TestHub;
let platforms: SimulatedPlatforms;
let shandong: GatewayClient;
let nc: NatsConnection;

before(async () => {
  hub = await startTestHub();
  platforms = startSimulatedPlatforms({ address: hub.address, provinces: ["37", "32", "44"] });
  shandong = createGatewayClient(hub.address, "37");
  nc = await connectNats({ servers: hub.nats.url, name: "dialects-test" });
});

after(async () => {
  await nc.drain();
  shandong.close();
  platforms.close();
  await hub.stop();
});

/** A national-format claim re-rendered in `dialect` (what that province would send). */
function claimIn(dialectName: string, seq: number): Uint8Array {
  const national = buildNhsaSettleMessage({ kind: "outpatient", treatmentAdmdvs: "370102", insuredAdmdvs: "440100", seq, seed: seq }).payload;
  if (dialectName === "nhsa-json") return national;
  const dialect = registry.get(dialectName);
  assert.ok(dialect.encodeClaim, `${dialectName} renders claims`);
  return dialect.encodeClaim(nhsa.decodeClaim(national).claim);
}

for (const name of registry.names()) {
  test(`${name}: a claim settles end to end through SettleClaim and the answer is in ${name}`, async () => {
    const res = await shandong.settle(claimIn(name, 4_000 + registry.names().indexOf(name)), { dialect: name });
    assert.equal(res.status, ClaimStatus.SETTLED);
    assert.equal(res.settlement?.dialect, name);
    assert.ok(res.payload.byteLength > 0, "a rendered answer");
    const decoded = registry.get(name).decodeClaim(claimIn(name, 4_000 + registry.names().indexOf(name))).claim;
    assert.equal(res.settlement?.adjudication?.medfeeSumamt, decoded.totals?.medfeeSumamt, "the amounts are the submitted ones, to the fen");
  });
}

test("a platform's dialect switches at its cutover instant: claims before and after use the right one", async () => {
  const others = registry.names().filter((n) => n !== "nhsa-json" && n !== "canonical");
  const legacy = others[0] ?? "canonical";
  const kv = await new Kvm(nc).open(Buckets.ROUTING);
  const watched = await watchRoutingTable(kv);
  const base = watched.table.platform("37")!;
  const cutoverAt = new Date(Date.now() + 2_000);
  await putPlatform(kv, { ...base, dialect: legacy, dialectCutovers: [{ dialect: "nhsa-json", from: cutoverAt.toISOString() }] });
  await new Promise((r) => setTimeout(r, 200));
  try {
    // Before the cutover: no dialect named → the legacy dialect is used.
    const before = await shandong.settle(claimIn(legacy, 5_001), { dialect: "" });
    assert.equal(before.status, ClaimStatus.SETTLED);
    assert.equal(before.settlement?.dialect, legacy);
    await new Promise((r) => setTimeout(r, Math.max(0, cutoverAt.getTime() - Date.now() + 100)));
    // After: the national format, with no restart in between.
    const afterCutover = await shandong.settle(claimIn("nhsa-json", 5_002), { dialect: "" });
    assert.equal(afterCutover.status, ClaimStatus.SETTLED);
    assert.equal(afterCutover.settlement?.dialect, "nhsa-json");
  } finally {
    await putPlatform(kv, base);
    watched.stop();
  }
});

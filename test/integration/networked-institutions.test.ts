// Networked institutions: once a treatment province's list is enforced, only listed institutions
// settle cross-province claims there (N1); other provinces are not affected.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { Kvm } from "@nats-io/kv";
import type { NatsConnection } from "@nats-io/nats-core";
import { buildNhsaSettleMessage, startSimulatedPlatforms, type SimulatedPlatforms } from "@tongxing/loadtest";
import { Buckets, connectNats } from "@tongxing/nats";
import { ClaimStatus } from "@tongxing/proto";
import { createGatewayClient, startTestHub, type TestHub } from "@tongxing/testkit";
import { institutionEnforcementKey as enforcementKey, institutionEntryKey as institutionKey } from "@tongxing/filings";

let hub: TestHub;
let platforms: SimulatedPlatforms;
let nc: NatsConnection;

before(async () => {
  hub = await startTestHub();
  platforms = startSimulatedPlatforms({ address: hub.address, provinces: ["44", "37", "32"] });
  nc = await connectNats({ servers: hub.nats.url, name: "institutions-test" });
});

after(async () => {
  await nc.drain();
  platforms.close();
  await hub.stop();
});

const message = (treatment: string, seq: number) => buildNhsaSettleMessage({ kind: "outpatient", treatmentAdmdvs: treatment, insuredAdmdvs: "320100", seq, seed: seq });

test("an unlisted institution in an enforcing province is rejected; listed ones and other provinces settle", async () => {
  const listed = message("440302", 1);
  const unlisted = message("440302", 2);
  const kv = await new Kvm(nc).open(Buckets.INSTITUTIONS);
  const code = (m: ReturnType<typeof message>) => (m.json as unknown as { fixmedins_code: string }).fixmedins_code;
  await kv.put(institutionKey("44", code(listed)), new TextEncoder().encode(JSON.stringify({ name: "深圳市人民医院" })));
  await kv.put(enforcementKey("44"), new TextEncoder().encode("complete"));
  await new Promise((r) => setTimeout(r, 300));

  const guangdong = createGatewayClient(hub.address, "44");
  const shandong = createGatewayClient(hub.address, "37");
  try {
    assert.equal((await guangdong.settle(listed.payload)).status, ClaimStatus.SETTLED);
    const refused = await guangdong.settle(unlisted.payload);
    assert.equal(refused.status, ClaimStatus.REJECTED);
    assert.equal(refused.settlement?.verdict?.findings[0]?.ruleId, "N1");
    assert.equal((await shandong.settle(message("370102", 3).payload)).status, ClaimStatus.SETTLED, "Shandong does not enforce a list");
  } finally {
    guangdong.close();
    shandong.close();
  }
});
